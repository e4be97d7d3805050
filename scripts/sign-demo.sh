#!/usr/bin/env bash
# Signs every file of the embedded demo bundle with the demo key. Run it
# after changing anything under assets/demo/. The demo key signs the demo
# organisation only: it is public on purpose, and no real organisation may
# use it.
set -euo pipefail
cd "$(dirname "$0")/.."
find assets/demo -type f ! -name '*.minisig' -print0 | sort -z |
  xargs -0 go run ./cmd/advocatectl bundle sign --key scripts/demo-signing.key
