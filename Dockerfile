# syntax=docker/dockerfile:1
# letterbot as a container: `docker build -t letterbot .`, then run it with the Slack or Discord
# settings (see README.md) and a volume on /data for the daily-quote database.

# Build stage: every dependency, the bundle, then only the production dependencies kept.
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
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: node, the bundle, the article, the lexicon and the production dependencies; no compiler, no
# sources, not root.
FROM node:20-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HEALTH_PORT=8080
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY content content
COPY lexicon lexicon
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# 3000: Slack's HTTP mode (PORT); 8080: /healthz and /readyz in every mode (HEALTH_PORT).
EXPOSE 3000 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# docker stop sends SIGTERM and waits 10 s: work in flight gets SHUTDOWN_GRACE_SECONDS (8) of them.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
