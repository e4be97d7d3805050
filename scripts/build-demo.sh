#!/usr/bin/env bash
# Builds the embedded demo bundle (assets/demo) from its sources
# (assets/demo/src) and signs every file with the demo key: run it (or
# `make demo`) after changing anything under assets/demo/src. The demo key
# signs the demo organisation only: it is public on purpose, and no real
# organisation may use it.
#
# If assets/demo/policy.yaml was edited in place since the last build (its
# SHA-256 is no longer the one the manifest records) and
# assets/demo/src/policy.yaml was not, the edit is first carried into the
# sources, so changing the demo's policy either way takes this one step.
# If both changed, the script stops and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
demo=assets/demo
src=$demo/src

sum() { sha256sum "$1" | cut -d' ' -f1; }
recorded=$(sed -n 's/^ *"policy.yaml": "\([0-9a-f]*\)".*/\1/p' "$demo/manifest.json" 2>/dev/null || true)
if [ -n "$recorded" ] && [ -f "$demo/policy.yaml" ] && [ "$(sum "$demo/policy.yaml")" != "$recorded" ]; then
  if [ "$(sum "$src/policy.yaml")" = "$recorded" ]; then
    cp "$demo/policy.yaml" "$src/policy.yaml"
    echo "build-demo: carried the edit of $demo/policy.yaml into $src/policy.yaml"
  elif ! cmp -s "$demo/policy.yaml" "$src/policy.yaml"; then
    echo "build-demo: both $demo/policy.yaml and $src/policy.yaml changed since the last build;" >&2
    echo "build-demo: merge the edit into $src/policy.yaml and run this again" >&2
    exit 1
  fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./cmd/advocatectl bundle build --key scripts/demo-signing.key "$src" "$tmp/out"

# Replace the built files, keeping the sources and the files that are not
# the bundle's (eval.tsv).
find "$demo" -mindepth 1 -maxdepth 1 ! -name src ! -name eval.tsv -exec rm -rf {} +
cp -R "$tmp/out/." "$demo/"
