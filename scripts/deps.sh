#!/usr/bin/env bash
# Installs the Debian packages Advocate needs, when they are missing.
#   scripts/deps.sh build         what `make run` needs: a C compiler and the X11/GL headers
#   scripts/deps.sh test          what `make test` needs: also Xvfb, D-Bus, gnome-keyring,
#                                 xdotool, ImageMagick, Chromium, and all of windows-test
#   scripts/deps.sh windows       `make windows`: mingw-w64 (cross C compiler and windres),
#                                 wixl (MSI), ImageMagick (the .ico), zip
#   scripts/deps.sh windows-test  also Wine (64-bit), Xvfb and xdotool
#   scripts/deps.sh linux         `make linux`: build, plus dpkg-dev, ImageMagick, xz
# As root it installs with apt-get; otherwise it uses sudo when sudo works
# without a password prompt, and else says what to install.
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev libgl1-mesa-dri libx11-dev libxcursor-dev libxrandr-dev
       libxinerama-dev libxi-dev libxxf86vm-dev)
# g++, make and python3 compile better-sqlite3 for the Bluesky reference
# server (scripts/pds); npm comes with Node.js (added below when missing);
# chromium renders advocatectl report's page in a test (headless).
test=(xvfb xauth dbus dbus-x11 gnome-keyring xdotool imagemagick minisign g++ make python3 chromium)
windows=(gcc-mingw-w64-x86-64 wixl imagemagick zip)
windows_test=("${windows[@]}" wine wine64 xvfb xauth xdotool)
linux=("${build[@]}" dpkg-dev imagemagick xz-utils)

case "${1:-build}" in
  build) want=("${build[@]}") ;;
  test) want=("${build[@]}" "${test[@]}" "${windows_test[@]}") ;;
  windows) want=("${windows[@]}") ;;
  windows-test) want=("${windows_test[@]}") ;;
  linux) want=("${linux[@]}") ;;
  *) echo "usage: scripts/deps.sh build|test|windows|windows-test|linux" >&2; exit 2 ;;
esac

# Node.js's own package carries npm on some systems, so ask for npm by the
# command, not the package name.
if [ "${1:-build}" = test ] && ! command -v npm >/dev/null 2>&1; then
  want+=(nodejs npm)
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Advocate needs Go 1.26 or newer: install it from the Go website (Debian 12's golang package is too old), then run this again." >&2
  exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "This is not a Debian-like system; install the equivalents of: ${want[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "Cannot install them without root. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
