#!/bin/sh
# Installs Advocate from this folder.
#   ./install.sh            into /usr/local (as root)
#   ./install.sh --user     into ~/.local, for you only
#   ./install.sh --uninstall [--user]
set -eu
cd "$(dirname "$0")"
prefix=/usr/local
remove=
for arg in "$@"; do
  case "$arg" in
    --user) prefix="${XDG_DATA_HOME:-$HOME/.local/share}"; prefix="${prefix%/share}" ;;
    --uninstall) remove=1 ;;
    *) echo "usage: ./install.sh [--user] [--uninstall]" >&2; exit 2 ;;
  esac
done
files="bin/advocate bin/advocatectl share/applications/app.advocate.desktop.desktop"
for icon in share/icons/hicolor/*/apps/app.advocate.desktop.png; do files="$files $icon"; done
for f in $files; do
  if [ -n "$remove" ]; then
    rm -f "$prefix/$f"
  else
    mkdir -p "$prefix/$(dirname "$f")"
    cp "$f" "$prefix/$f"
  fi
done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$prefix/share/applications" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" 2>/dev/null || true
if [ -n "$remove" ]; then echo "Advocate removed from $prefix"; else echo "Advocate installed in $prefix (run: advocate)"; fi
