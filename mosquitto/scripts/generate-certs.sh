#!/usr/bin/env bash
# Creates the broker's CA and TLS server certificate in $CERTS_DIR (default mosquitto/certs/, git-ignored).
#
#   DOMAIN=mqtt.example.org ./generate-certs.sh
#
# - The CA (ca.crt / ca.key, 10 years) is created once and reused: devices embed ca.crt, so
#   replacing it means re-provisioning every device. Keep ca.key off the broker host if you can;
#   the broker only needs ca.crt, server.crt and server.key.
# - The server certificate is (re)issued when missing, when FORCE=1, or when it expires within
#   30 days (run this from a timer to renew; then reload the broker, which re-reads its key pair).
# - Keys are ECDSA P-256: mbedTLS on the ESP32 does the TLS 1.3 handshake with them in a fraction
#   of the time an RSA-4096 chain (the original's choice) takes, and every client here supports them.
#
# Env: DOMAIN (CN, default mqtt.itercraft.com), EXTRA_SANS (e.g. "DNS:broker,IP:10.0.0.5"),
#      SERVER_DAYS (default 365), CA_DAYS (default 3650), CERTS_DIR, FORCE.
# SANs always include localhost, 127.0.0.1 and mqtt.itercraft.com besides DOMAIN.
source "$(dirname "$0")/lib.sh"
require_cmd openssl

DOMAIN="${DOMAIN:-mqtt.itercraft.com}"
SERVER_DAYS="${SERVER_DAYS:-365}"
CA_DAYS="${CA_DAYS:-3650}"
CA_SUBJECT="/C=FR/ST=IDF/L=Paris/O=Itercraft/OU=IoT/CN=Itercraft MQTT CA"

sans() {
  local list=("DNS:localhost" "IP:127.0.0.1" "DNS:mqtt.itercraft.com")
  if [[ "$DOMAIN" =~ ^[0-9.]+$ || "$DOMAIN" == *:* ]]; then list+=("IP:$DOMAIN"); else list+=("DNS:$DOMAIN"); fi
  if [[ -n "${EXTRA_SANS:-}" ]]; then IFS=',' read -ra extra <<<"$EXTRA_SANS"; list+=("${extra[@]}"); fi
  # de-duplicate while keeping the order
  printf '%s\n' "${list[@]}" | awk '!seen[$0]++' | paste -sd, -
}

new_key() { (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null); }

make_ca() {
  note "creating CA in $CERTS_DIR"
  new_key "$CERTS_DIR/ca.key"
  openssl req -x509 -new -sha256 -key "$CERTS_DIR/ca.key" -days "$CA_DAYS" -subj "$CA_SUBJECT" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$CERTS_DIR/ca.crt"
}

server_needs_issue() {
  [[ "${FORCE:-0}" == "1" ]] && return 0
  [[ -f "$CERTS_DIR/server.crt" && -f "$CERTS_DIR/server.key" ]] || return 0
  ! openssl x509 -checkend $((30 * 86400)) -noout -in "$CERTS_DIR/server.crt" >/dev/null
}

make_server() {
  local ext csr
  ext="$(mktemp)"; csr="$(mktemp)"
  trap 'rm -f "$ext" "$csr"' RETURN
  cat >"$ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
subjectAltName=$(sans)
EXT
  note "issuing server certificate for $DOMAIN ($(sans)), $SERVER_DAYS days"
  new_key "$CERTS_DIR/server.key.new"
  openssl req -new -sha256 -key "$CERTS_DIR/server.key.new" -subj "/O=Itercraft/CN=$DOMAIN" -out "$csr"
  openssl x509 -req -sha256 -in "$csr" -CA "$CERTS_DIR/ca.crt" -CAkey "$CERTS_DIR/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$SERVER_DAYS" -extfile "$ext" \
    -out "$CERTS_DIR/server.crt.new" 2>/dev/null
  # swap both files only once both exist, so a failure never leaves a mismatched pair
  mv "$CERTS_DIR/server.key.new" "$CERTS_DIR/server.key"
  mv "$CERTS_DIR/server.crt.new" "$CERTS_DIR/server.crt"
}

mkdir -p "$CERTS_DIR"
if [[ -f "$CERTS_DIR/ca.crt" && -f "$CERTS_DIR/ca.key" ]]; then
  note "reusing CA $CERTS_DIR/ca.crt"
elif [[ -f "$CERTS_DIR/ca.crt" || -f "$CERTS_DIR/ca.key" ]]; then
  die "half a CA in $CERTS_DIR (ca.crt or ca.key missing); restore it or remove both"
else
  make_ca
fi

if server_needs_issue; then make_server; else note "server certificate still valid for 30+ days (FORCE=1 to reissue)"; fi
openssl verify -CAfile "$CERTS_DIR/ca.crt" "$CERTS_DIR/server.crt" >/dev/null
chmod 600 "$CERTS_DIR/ca.key" "$CERTS_DIR/server.key"
chmod 644 "$CERTS_DIR/ca.crt" "$CERTS_DIR/server.crt"
echo "$CERTS_DIR"
