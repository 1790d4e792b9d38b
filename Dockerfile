# syntax=docker/dockerfile:1
# letterbot as a container: `docker build -t letterbot .`, then run it with the Slack or Discord
# settings (see README.md) and a volume on /data for the daily-quote database.

# Build stage: every dependency, then the bundle.
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles SQLite from source when no prebuilt binary can be downloaded.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build.js scripts/
COPY src src
RUN npm run build

# Runtime stage: node, the bundle, the article and the lexicon, and the one package the bundle
# leaves out, better-sqlite3, as its compiled binding and the JavaScript that loads it (its lib/,
# and `bindings` with `file-uri-to-path`, which find the binding); no SQLite sources, no build
# objects, no compiler, not root. `.ci/run` assembles these same files and starts them.
FROM node:20-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HEALTH_PORT=8080
WORKDIR /app
COPY --from=build /app/dist dist
COPY --from=build /app/node_modules/better-sqlite3/package.json /app/node_modules/better-sqlite3/LICENSE \
  node_modules/better-sqlite3/
COPY --from=build /app/node_modules/better-sqlite3/lib node_modules/better-sqlite3/lib
COPY --from=build /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node \
  node_modules/better-sqlite3/build/Release/
COPY --from=build /app/node_modules/bindings/package.json /app/node_modules/bindings/bindings.js \
  /app/node_modules/bindings/LICENSE.md node_modules/bindings/
COPY --from=build /app/node_modules/file-uri-to-path/package.json /app/node_modules/file-uri-to-path/index.js \
  /app/node_modules/file-uri-to-path/LICENSE node_modules/file-uri-to-path/
COPY content content
COPY lexicon lexicon
# The SQLite database's folder; mount a volume on it to keep the database (the image declares
# none, so a replica on PostgreSQL leaves no anonymous volume behind).
RUN mkdir -p /data && chown node:node /data
USER node
# 3000: Slack's HTTP mode (PORT); 8080: /healthz and /readyz in every mode (HEALTH_PORT).
EXPOSE 3000 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# docker stop sends SIGTERM and waits 10 s: work in flight gets SHUTDOWN_GRACE_SECONDS (8) of them.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
