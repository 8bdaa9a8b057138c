# syntax=docker/dockerfile:1
# Mosquitto 2 with what the project's scripts need (bash, openssl) and the init step that
# prepares the config volume. The broker configuration itself is not baked in: compose mounts
# the committed mosquitto/ folder, and the init step copies it (see docker-compose.yml).
#   docker build -f devsecops/docker/mosquitto.Dockerfile -t itercraft/mosquitto .
FROM eclipse-mosquitto:2
RUN apk add --no-cache bash openssl
COPY devsecops/docker/mosquitto-init.sh /usr/local/bin/itercraft-mosquitto-init
RUN chmod 0755 /usr/local/bin/itercraft-mosquitto-init
EXPOSE 8883
