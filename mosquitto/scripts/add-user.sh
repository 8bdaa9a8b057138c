#!/usr/bin/env bash
# Adds (or re-keys) a broker account in the password file (default mosquitto/passwd, git-ignored).
#
#   ./add-user.sh <username> [password]     batch mode when a password is given
#   MQTT_PASSWORD=... ./add-user.sh <username>
#   ./add-user.sh <username>                 interactive prompt otherwise
#
# Passwords are stored hashed (sha512-pbkdf2). A running broker only sees the change after a
# reload: set MOSQUITTO_CONTAINER, MOSQUITTO_PID or MOSQUITTO_PID_FILE to have it done here.
# Env: PASSWD_FILE, MOSQUITTO_DIR.
source "$(dirname "$0")/lib.sh"
require_cmd mosquitto_passwd "install the mosquitto package"

[[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 <username> [password]"
user="$1"
password="${2:-${MQTT_PASSWORD:-}}"
check_username "$user"

mkdir -p "$(dirname "$PASSWD_FILE")"
if [[ ! -e "$PASSWD_FILE" ]]; then
  (umask 077 && : >"$PASSWD_FILE")
fi

if [[ -n "$password" ]]; then
  [[ ${#password} -ge 12 ]] || die "password too short (12 characters minimum)"
  run_preserving_owner "$PASSWD_FILE" mosquitto_passwd -b "$PASSWD_FILE" "$user" "$password"
else
  [[ -t 0 ]] || die "no password given and no terminal to ask for one"
  run_preserving_owner "$PASSWD_FILE" mosquitto_passwd "$PASSWD_FILE" "$user"
fi
note "account '$user' written to $PASSWD_FILE"

if has_reload_target; then reload_broker; else note "reload the broker (SIGHUP) for the change to apply"; fi
