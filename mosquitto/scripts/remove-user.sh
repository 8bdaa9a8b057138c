#!/usr/bin/env bash
# Decommissions a broker account: removes it from the password file, then reloads the broker.
#
#   MOSQUITTO_CONTAINER=itercraft-mosquitto ./remove-user.sh <username>
#   MOSQUITTO_PID=1234 ./remove-user.sh <username>
#   ./remove-user.sh --no-reload <username>     (the caller reloads or restarts the broker)
#
# After the reload Mosquitto 2.0 refuses new connections of that account and re-checks the
# clients already connected against the new password file (mosquitto/test covers both).
# The reload target is checked before anything changes, so a half-done decommission can't
# pass silently. Env: PASSWD_FILE, MOSQUITTO_DIR, MOSQUITTO_CONTAINER / MOSQUITTO_PID / MOSQUITTO_PID_FILE.
source "$(dirname "$0")/lib.sh"
require_cmd mosquitto_passwd "install the mosquitto package"

reload=1
if [[ "${1:-}" == "--no-reload" ]]; then reload=0; shift; fi
[[ $# -eq 1 ]] || die "usage: $0 [--no-reload] <username>"
user="$1"
check_username "$user"
[[ -f "$PASSWD_FILE" ]] || die "no password file at $PASSWD_FILE"
grep -q "^${user}:" "$PASSWD_FILE" || die "unknown account '$user' in $PASSWD_FILE"
if [[ $reload == 1 ]] && ! has_reload_target; then
  die "set MOSQUITTO_CONTAINER, MOSQUITTO_PID or MOSQUITTO_PID_FILE (or pass --no-reload and reload yourself)"
fi

run_preserving_owner "$PASSWD_FILE" mosquitto_passwd -D "$PASSWD_FILE" "$user"
! grep -q "^${user}:" "$PASSWD_FILE" || die "'$user' is still in $PASSWD_FILE"
note "account '$user' removed from $PASSWD_FILE"

if [[ $reload == 1 ]]; then reload_broker; else note "reload the broker (SIGHUP) for the removal to apply"; fi
