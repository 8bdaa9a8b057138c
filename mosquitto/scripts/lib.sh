# Shared helpers for the mosquitto/ scripts. Sourced, never executed.
# Paths default to this repository's mosquitto/ folder (the container's /mosquitto/config);
# every one can be overridden from the environment so tests and operators can work elsewhere.

set -euo pipefail

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOSQUITTO_DIR="${MOSQUITTO_DIR:-$(dirname "$SCRIPTS_DIR")}"
CERTS_DIR="${CERTS_DIR:-$MOSQUITTO_DIR/certs}"
PASSWD_FILE="${PASSWD_FILE:-$MOSQUITTO_DIR/passwd}"

# Same rule as MQTT_USERNAME_PATTERN in shared/src/mqtt/topics.ts and the sensorDevices schema:
# lower-case, no '/', '+', '#' (Mosquitto denies pattern ACLs to such usernames anyway).
USERNAME_RE='^[a-z0-9][a-z0-9_-]{2,63}$'
# Accounts that are not devices; a device must never be enrolled under one of these names.
RESERVED_USERNAMES=(itercraft-backend admin)

die() { echo "error: $*" >&2; exit 1; }
note() { echo "$*" >&2; }

check_username() {
  [[ "$1" =~ $USERNAME_RE ]] || die "invalid username '$1' (expected $USERNAME_RE)"
}

is_reserved_username() {
  local name
  for name in "${RESERVED_USERNAMES[@]}"; do [[ "$1" == "$name" ]] && return 0; done
  return 1
}

require_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found${2:+: $2}"
}

# Where the running broker is, for a reload (SIGHUP re-reads passwd and ACL without a restart):
#   MOSQUITTO_CONTAINER  docker container name or id  -> docker kill --signal=HUP
#   MOSQUITTO_PID        process id                   -> kill -HUP
#   MOSQUITTO_PID_FILE   file holding the process id  -> kill -HUP
has_reload_target() {
  [[ -n "${MOSQUITTO_CONTAINER:-}" || -n "${MOSQUITTO_PID:-}" || -n "${MOSQUITTO_PID_FILE:-}" ]]
}

reload_broker() {
  if [[ -n "${MOSQUITTO_CONTAINER:-}" ]]; then
    docker kill --signal=HUP "$MOSQUITTO_CONTAINER" >/dev/null
  elif [[ -n "${MOSQUITTO_PID:-}" ]]; then
    kill -HUP "$MOSQUITTO_PID"
  elif [[ -n "${MOSQUITTO_PID_FILE:-}" ]]; then
    [[ -r "$MOSQUITTO_PID_FILE" ]] || die "cannot read MOSQUITTO_PID_FILE=$MOSQUITTO_PID_FILE"
    kill -HUP "$(cat "$MOSQUITTO_PID_FILE")"
  else
    return 2
  fi
  note "broker reloaded (SIGHUP)"
}

# Keeps the owner and mode the broker needs to read the file (started as root, Mosquitto drops
# to user 'mosquitto', so a root-owned 0600 file would lock everyone out at the next reload).
# mosquitto_passwd 2.0.11 rewrites in place and keeps them; this guards against a tool that doesn't.
run_preserving_owner() {
  local file="$1"; shift
  local owner mode
  owner="$(stat -c '%u:%g' "$file")"
  mode="$(stat -c '%a' "$file")"
  "$@"
  chown "$owner" "$file" 2>/dev/null || true
  chmod "$mode" "$file"
}
