#!/usr/bin/env bash
# Runs a command as the tests run: in a throwaway HOME, under Xvfb, in a
# private D-Bus session with an unlocked gnome-keyring, so that the real app
# finds a Secret Service and no keyring prompt covers its window.
#   scripts/desktop-session.sh go test -run TestSmokeRealWindow ./cmd/advocate
set -euo pipefail
export GOCACHE="$(go env GOCACHE)" GOMODCACHE="$(go env GOMODCACHE)"
export LANG=en_US.UTF-8 LC_ALL=
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- sh -c '
    printf "advocate-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
  ' sh "$@"
