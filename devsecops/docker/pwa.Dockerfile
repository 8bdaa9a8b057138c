# syntax=docker/dockerfile:1
# Itercraft PWA: built with Vite, served as static files by an unprivileged nginx.
#   docker build -f devsecops/docker/pwa.Dockerfile \
#     --build-arg VITE_API_URL=https://api.example.org \
#     --build-arg VITE_OIDC_AUTHORITY=https://authent.example.org/realms/itercraft \
#     -t itercraft/pwa .
# VITE_* values are public (they ship in the JavaScript); never pass a secret here.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28-alpine

# ---- build
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
RUN npm install -g npm@11.19.1
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY sync-server/package.json sync-server/
COPY pwa/package.json pwa/
# The root holds the build tooling (vite, plugins) as devDependencies; the server's packages are not needed.
RUN npm ci --workspace pwa --workspace shared --include-workspace-root \
 && npm cache clean --force
COPY tsconfig.base.json vite.config.ts ./
COPY shared shared
COPY pwa pwa
ARG VITE_API_URL
ARG VITE_OIDC_AUTHORITY
ARG VITE_OIDC_CLIENT_ID=iterfront
# Optional Google Analytics 4 id (loaded only after consent); empty = no analytics. Setting it
# also needs ANALYTICS_ORIGINS at run time, or the CSP blocks the script.
ARG VITE_GA_MEASUREMENT_ID=
ENV VITE_API_URL=${VITE_API_URL} \
    VITE_OIDC_AUTHORITY=${VITE_OIDC_AUTHORITY} \
    VITE_OIDC_CLIENT_ID=${VITE_OIDC_CLIENT_ID} \
    VITE_GA_MEASUREMENT_ID=${VITE_GA_MEASUREMENT_ID}
COPY devsecops/docker/nginx/app-routes-map.mjs devsecops/docker/nginx/
# The nginx map of the app's routes comes from the build's own list (pwa/src/app/route-table.ts).
RUN test -n "$VITE_API_URL" && test -n "$VITE_OIDC_AUTHORITY" \
 && npm run build -w pwa \
 && test -f pwa/dist/index.html && test -f pwa/dist/sw.js \
 && node devsecops/docker/nginx/app-routes-map.mjs pwa/dist/app-routes.json > /app/app-routes.map

# ---- serve
FROM ${NGINX_IMAGE}
# The official entrypoint renders /etc/nginx/templates/*.template with envsubst at start-up,
# substituting only variables that are defined (API_ORIGIN, AUTH_ORIGIN, ANALYTICS_ORIGINS),
# so nginx's own $uri-style variables are left alone.
COPY devsecops/docker/nginx/default.conf.template /etc/nginx/templates/default.conf.template
COPY devsecops/docker/nginx/security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /app/app-routes.map /etc/nginx/snippets/app-routes.map
COPY --from=build /app/pwa/dist /usr/share/nginx/html
ENV API_ORIGIN=https://api.itercraft.com \
    AUTH_ORIGIN=https://authent.itercraft.com \
    ANALYTICS_ORIGINS=""
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
