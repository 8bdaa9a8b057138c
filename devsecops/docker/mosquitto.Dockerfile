# syntax=docker/dockerfile:1
# Mosquitto 2 with what the project's scripts need (bash, openssl) and the init step that
# prepares the config volume. The broker configuration itself is not baked in: compose mounts
# the committed mosquitto/ folder, and the init step copies it (see docker-compose.yml).
#   docker build -f devsecops/docker/mosquitto.Dockerfile -t itercraft/mosquitto .
# Pinned: the tests run Debian's Mosquitto 2.0.11 (TLS 1.3, ACL, queueing, and the measurement that
# shared subscriptions do not survive a broker restart, see sync-server/src/features/sensors/README.md).
# When bumping, re-run `npx vitest run --project server relay-scaling` against the new version.
FROM eclipse-mosquitto:2.0.20
RUN apk add --no-cache bash openssl
COPY devsecops/docker/mosquitto-init.sh /usr/local/bin/itercraft-mosquitto-init
RUN chmod 0755 /usr/local/bin/itercraft-mosquitto-init
EXPOSE 8883
