#!/usr/bin/env bash
# Issues a TLS client certificate for one device, signed by the broker CA, into
# $CERTS_DIR/devices/<device_id>/ (client.key, client.crt, ca.crt).
#
#   ./generate-device-cert.sh esp32-salon
#
# For mutual TLS, which the broker does NOT require today (require_certificate false):
# devices authenticate with username + password. Kept so mTLS can be switched on later
# without a new enrolment tool. CN is the device id, as Mosquitto's use_identity_as_username
# would then take it for the username. Env: CERTS_DIR, DEVICE_DAYS (default 365).
source "$(dirname "$0")/lib.sh"
require_cmd openssl

[[ $# -eq 1 ]] || die "usage: $0 <device_id>"
device="$1"
check_username "$device"
[[ -f "$CERTS_DIR/ca.crt" && -f "$CERTS_DIR/ca.key" ]] || die "no CA in $CERTS_DIR: run generate-certs.sh first"

out="$CERTS_DIR/devices/$device"
mkdir -p "$out"
ext="$(mktemp)"; csr="$(mktemp)"
trap 'rm -f "$ext" "$csr"' EXIT
printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
  "extendedKeyUsage=clientAuth" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid,issuer" >"$ext"

(umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/client.key" 2>/dev/null)
openssl req -new -sha256 -key "$out/client.key" -subj "/O=Itercraft/OU=IoT/CN=$device" -out "$csr"
openssl x509 -req -sha256 -in "$csr" -CA "$CERTS_DIR/ca.crt" -CAkey "$CERTS_DIR/ca.key" \
  -set_serial "0x$(openssl rand -hex 16)" -days "${DEVICE_DAYS:-365}" -extfile "$ext" -out "$out/client.crt" 2>/dev/null
cp "$CERTS_DIR/ca.crt" "$out/ca.crt"
openssl verify -CAfile "$out/ca.crt" -purpose sslclient "$out/client.crt" >/dev/null
echo "$out"
