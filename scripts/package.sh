#!/usr/bin/env bash
# Builds a desktop package with Fyne's packaging tool. FyneApp.toml lives at
# the top of the repository; the tool reads it from the main package's
# folder, so a copy (icon path adjusted) stands there while it runs.
# Usage: scripts/package.sh [linux|windows|darwin]   (slow: a full rebuild)
set -euo pipefail
cd "$(dirname "$0")/.."
os="${1:-linux}"
meta=cmd/advocate/FyneApp.toml
trap 'rm -f "$meta"' EXIT
sed 's#^\(  *Icon *= *\)"assets/#\1"../../assets/#' FyneApp.toml > "$meta"
(cd cmd/advocate && go run fyne.io/tools/cmd/fyne@v1.7.4 package -os "$os" -release)
mkdir -p dist
mv cmd/advocate/*.tar.xz cmd/advocate/*.exe cmd/advocate/*.app dist/ 2>/dev/null || true
ls -l dist
