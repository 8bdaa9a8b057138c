#!/usr/bin/env bash
# Prepares the broker's config volume; run by the one-shot `mosquitto-init` service before the
# broker starts (docker-compose.yml). Idempotent: safe on every `docker-compose up`.
#
# Mounts:  /opt/itercraft/mosquitto  the repository's mosquitto/ folder (read-only)
#          /mosquitto/config         broker config volume: conf, acl.conf, passwd, certs/
#          /mosquitto/pki            CA and server keys made by generate-certs.sh (CA key lives only here)
#          /mosquitto/ca-public      ca.crt alone, mounted read-only by the sync server
# Env:     MQTT_PUBLIC_HOST (certificate CN, the name devices use), MQTT_BACKEND_USERNAME,
#          MQTT_BACKEND_PASSWORD
set -euo pipefail

# The path variables exist for devsecops/test, which runs this script outside a container.
SRC="${ITERCRAFT_MOSQUITTO_SRC:-/opt/itercraft/mosquitto}"
CONFIG="${ITERCRAFT_MOSQUITTO_CONFIG:-/mosquitto/config}"
PKI="${ITERCRAFT_MOSQUITTO_PKI:-/mosquitto/pki}"
PUBLIC="${ITERCRAFT_MOSQUITTO_PUBLIC:-/mosquitto/ca-public}"
: "${MQTT_PUBLIC_HOST:?MQTT_PUBLIC_HOST is required}"
: "${MQTT_BACKEND_USERNAME:?MQTT_BACKEND_USERNAME is required}"
: "${MQTT_BACKEND_PASSWORD:?MQTT_BACKEND_PASSWORD is required}"

# 1. The committed configuration, as is (the conf already uses the container paths).
install -m 0644 "$SRC/mosquitto.conf" "$CONFIG/mosquitto.conf"
install -m 0644 "$SRC/acl.conf" "$CONFIG/acl.conf"

# 2. TLS chain. `mosquitto` is the name the sync server dials on the Docker network, so it is a
#    SAN besides the public name; generate-certs.sh renews a certificate close to expiry.
CERTS_DIR="$PKI" DOMAIN="$MQTT_PUBLIC_HOST" EXTRA_SANS="DNS:mosquitto" bash "$SRC/scripts/generate-certs.sh" >/dev/null
install -d -m 0750 -o mosquitto -g mosquitto "$CONFIG/certs"
install -m 0644 -o mosquitto -g mosquitto "$PKI/ca.crt" "$CONFIG/certs/ca.crt"
install -m 0644 -o mosquitto -g mosquitto "$PKI/server.crt" "$CONFIG/certs/server.crt"
install -m 0600 -o mosquitto -g mosquitto "$PKI/server.key" "$CONFIG/certs/server.key"
install -m 0644 "$PKI/ca.crt" "$PUBLIC/ca.crt"

# 3. Password file: keep every enrolled device, (re)set the backend account from the environment.
PASSWD="$CONFIG/passwd"
if [[ ! -f "$PASSWD" ]]; then
  install -m 0600 -o mosquitto -g mosquitto /dev/null "$PASSWD"
fi
mosquitto_passwd -b "$PASSWD" "$MQTT_BACKEND_USERNAME" "$MQTT_BACKEND_PASSWORD"
chown mosquitto:mosquitto "$PASSWD"
chmod 0600 "$PASSWD"

echo "mosquitto config ready: $(openssl x509 -noout -subject -enddate -in "$CONFIG/certs/server.crt")"
