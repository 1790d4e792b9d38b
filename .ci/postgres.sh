# A throwaway PostgreSQL server for the tests that need one; sourced by .ci/run.
#
#   start_postgres DIR   install PostgreSQL from Debian's packages if missing, create a cluster in
#                        DIR listening on a free loopback port, a database and a user with a random
#                        password, and export DATABASE_URL
#   stop_postgres DIR    stop that server (safe to call when it never started)
#
# The server refuses to run as root, so as root it runs as the postgres user that Debian's package
# creates; otherwise as the current user.

# The newest installed server's bin folder, or nothing (never a failure: callers test for empty).
pg_bin_dir() {
  { find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null || true; } | sort -V | tail -n 1
}

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local dir="$1"
  if [ -z "$(pg_bin_dir)" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "PostgreSQL is not installed and installing it needs root: run .ci/run as root, or apt-get install -y postgresql first." >&2
      return 1
    fi
    echo "--- installing PostgreSQL from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local bin
  bin="$(pg_bin_dir)"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  local port password
  port="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
  password="$(node -e 'console.log(require("node:crypto").randomBytes(18).toString("hex"))')"
  pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  # A test server: durability traded for speed; room for several test workers' connection pools.
  if ! pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
    cat "$dir/server.log" >&2
    return 1
  fi
  # The password goes through standard input, never onto a command line.
  pg_as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q >/dev/null <<SQL
CREATE ROLE letterbot LOGIN PASSWORD '$password';
CREATE DATABASE letterbot OWNER letterbot;
SQL
  export DATABASE_URL="postgres://letterbot:$password@127.0.0.1:$port/letterbot"
  echo "--- PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, database letterbot"
}

stop_postgres() {
  local dir="$1"
  local bin
  bin="$(pg_bin_dir)"
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}
