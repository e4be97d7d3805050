#!/usr/bin/env bash
# Launches Advocate.exe under Wine and Xvfb again and again, each time as a
# first start (a fresh data folder; Fyne's preferences and the font cache
# removed), and counts the launches whose window does not appear: the
# start-up hang hunt of issue 15. A hanging launch gets its goroutine
# stacks written by the app (ADVOCATE_DEBUG_HANG_DUMP, test scaffolding).
#
#   scripts/windows/launch-loop.sh [-n N] [-t SECONDS] EXE [OUTDIR]
#
# Prints one line per launch (seconds to the window, or HANG) and a count.
# Needs what scripts/windows/test.sh needs (scripts/deps.sh windows-test).
set -euo pipefail
n=30 limit=90
while getopts n:t: o; do
  case $o in n) n=$OPTARG ;; t) limit=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
exe="$(realpath "${1:?usage: launch-loop.sh [-n N] [-t SECONDS] EXE [OUTDIR]}")"
out="$(realpath -m "${2:-$(mktemp -d)}")"
mkdir -p "$out"
cd "$(dirname "$0")/../.."

if [ -z "${ADVOCATE_WINE_INNER:-}" ]; then
  export ADVOCATE_WINE_INNER=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" -n "$n" -t "$limit" "$exe" "$out"
fi

export WINEPREFIX="$out/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if locale -a 2>/dev/null | grep -qix 'en_US.utf-\?8'; then export LANG=en_US.UTF-8; else export LANG=C.UTF-8; fi
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; wineserver -k 2>/dev/null || true' EXIT
if [ ! -d "$WINEPREFIX" ]; then
  wineboot -i >"$out/wineboot.log" 2>&1
  wineserver -w
  if [ "$(wine --version | sed -n 's/^wine-\([0-9]*\).*/\1/p')" -lt 9 ]; then
    x86_64-w64-mingw32-gcc -shared -O2 -s -o "$out/bcryptprimitives.dll" scripts/windows/processprng.c -ladvapi32
    cp "$out/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
  fi
fi
users="$WINEPREFIX/drive_c/users"
hangs=0 exited=0
for i in $(seq "$n"); do
  rm -rf "$users"/*/AppData/Local/fontscan "$users"/*/AppData/Roaming/fyne "$out/data"
  dump="$out/hang-$i.txt"
  start=$SECONDS
  ADVOCATE_DEBUG_HANG_DUMP="$(winepath -w "$dump")" ADVOCATE_DEBUG_HANG_AFTER=$((limit - 10)) \
    wine "$exe" --data-dir "$(winepath -w "$out/data")" >"$out/launch-$i.log" 2>&1 &
  pid=$!
  # Polled rather than xdotool --sync, which gives up when a window it
  # looks at goes away (Wine's short-lived helper windows).
  win=""
  while [ $((SECONDS - start)) -lt "$limit" ] && kill -0 "$pid" 2>/dev/null; do
    win="$(xdotool search --name '^Advocate' 2>/dev/null | head -1 || true)"
    [ -z "$win" ] || break
    sleep 0.2
  done
  if [ -n "$win" ]; then
    echo "launch $i: window after $((SECONDS - start)) s"
  elif ! kill -0 "$pid" 2>/dev/null; then
    exited=$((exited + 1))
    wait "$pid"; echo "launch $i: EXITED with status $? after $((SECONDS - start)) s, no window: $(tr -d '\r' <"$out/launch-$i.log" | tail -3)"
  else
    hangs=$((hangs + 1))
    for _ in $(seq 20); do [ -s "$dump" ] && break; sleep 1; done
    echo "launch $i: HANG, no window within $limit s$( [ -s "$dump" ] && echo "; goroutine stacks in $dump")"
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  wineserver -k 2>/dev/null || true
  wineserver -w 2>/dev/null || true
done
echo "launches: $n, hangs: $hangs, exits without a window: $exited ($(basename "$exe"); files in $out)"
