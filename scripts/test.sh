#!/usr/bin/env bash
# Runs every check the way CI does: vet, staticcheck, then the whole test
# suite with the race detector, under Xvfb (for the real-window smoke test)
# and a private D-Bus session with an unlocked gnome-keyring (for the real
# keyring test), in a throwaway HOME.
set -euo pipefail
cd "$(dirname "$0")/.."

# Keep the build caches when HOME changes, or every run rebuilds Fyne cold.
export GOCACHE="$(go env GOCACHE)" GOMODCACHE="$(go env GOMODCACHE)"
export LANG=en_US.UTF-8 LC_ALL=
export ADVOCATE_REQUIRE_KEYRING=1 ADVOCATE_REQUIRE_DISPLAY=1
unset ADVOCATE_DATA_DIR DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY

echo "== go vet"
go vet ./...
echo "== staticcheck"
go tool staticcheck ./...
echo "== the demo policy's evaluation set (advocatectl policy eval assets/demo/eval.tsv)"
go run ./cmd/advocatectl policy eval assets/demo/eval.tsv | tail -2

# The Bluesky client's tests run against the atproto reference PDS: Node 22
# and the PDS are installed into ~/.cache/advocate-pds once per pinned
# version (a few minutes), before HOME changes, and are then required.
if [ "${ADVOCATE_SKIP_PDS:-}" != 1 ]; then
  echo "== reference PDS (scripts/pds/install.sh)"
  ADVOCATE_PDS_HOME="$(scripts/pds/install.sh)"
  export ADVOCATE_PDS_HOME ADVOCATE_REQUIRE_PDS=1
fi

home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

echo "== go test -race (Xvfb, D-Bus, gnome-keyring)"
xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- sh -c '
    printf "advocate-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec go test -race -count=1 -timeout 20m "$@" ./...
  ' sh "$@"
