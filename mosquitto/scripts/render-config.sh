#!/usr/bin/env bash
# Prints mosquitto.conf with its container paths and port replaced, for tests and non-container runs.
#
#   MOSQUITTO_CONFIG_DIR=/srv/mqtt MOSQUITTO_DATA_DIR=/srv/mqtt/data MQTT_PORT=18883 \
#     ./render-config.sh > /srv/mqtt/mosquitto.conf
#
# Env: MOSQUITTO_CONFIG_DIR (holds acl.conf, passwd, certs/; required), MOSQUITTO_DATA_DIR
# (default $MOSQUITTO_CONFIG_DIR/data), MQTT_PORT (default 8883), MQTT_BIND (optional address),
# MOSQUITTO_CONF (source, default ../mosquitto.conf).
# Only those three things change, so a test of the output is a test of the committed config.
source "$(dirname "$0")/lib.sh"

: "${MOSQUITTO_CONFIG_DIR:?set MOSQUITTO_CONFIG_DIR}"
MOSQUITTO_DATA_DIR="${MOSQUITTO_DATA_DIR:-$MOSQUITTO_CONFIG_DIR/data}"
MQTT_PORT="${MQTT_PORT:-8883}"
MOSQUITTO_CONF="${MOSQUITTO_CONF:-$MOSQUITTO_DIR/mosquitto.conf}"
[[ "$MQTT_PORT" =~ ^[0-9]+$ ]] || die "MQTT_PORT must be a number"
for dir in "$MOSQUITTO_CONFIG_DIR" "$MOSQUITTO_DATA_DIR"; do
  [[ "$dir" == /* && "$dir" != *'|'* && "$dir" != *' '* ]] || die "'$dir' must be an absolute path without spaces or '|'"
done
grep -qx 'listener 8883' "$MOSQUITTO_CONF" || die "no 'listener 8883' line in $MOSQUITTO_CONF"

listener="listener $MQTT_PORT${MQTT_BIND:+ $MQTT_BIND}"
sed -e "s|/mosquitto/config/|${MOSQUITTO_CONFIG_DIR%/}/|g" \
    -e "s|/mosquitto/data/|${MOSQUITTO_DATA_DIR%/}/|g" \
    -e "s|^listener 8883\$|$listener|" \
    "$MOSQUITTO_CONF"
