# syntax=docker/dockerfile:1
# Keycloak 26 pre-built for PostgreSQL, so the container starts with `start --optimized`
# (production mode; the original ran `start-dev` on an embedded dev database).
#   docker build -f devsecops/docker/keycloak.Dockerfile -t itercraft/keycloak .
# The realm file is mounted by compose (devsecops/keycloak/itercraft-realm.json), not baked in.
ARG KEYCLOAK_IMAGE=quay.io/keycloak/keycloak:26.4

FROM ${KEYCLOAK_IMAGE} AS builder
# Build-time options: fixed in the optimized image; runtime options (URL, credentials,
# hostname) come from the environment.
ENV KC_DB=postgres \
    KC_HEALTH_ENABLED=true \
    KC_METRICS_ENABLED=true \
    KC_FEATURES_DISABLED=impersonation
RUN /opt/keycloak/bin/kc.sh build

FROM ${KEYCLOAK_IMAGE}
COPY --from=builder /opt/keycloak/ /opt/keycloak/
USER 1000
EXPOSE 8080 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized", "--import-realm"]
