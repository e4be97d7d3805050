#!/usr/bin/env bash
# Builds Advocate's release artefacts into dist/.
#
#   scripts/package.sh windows     dist/Advocate-V-windows-amd64.msi and .zip (both .exe
#                                  with icon and version resources), dist/admx/
#   scripts/package.sh linux       dist/advocate_V_amd64.deb and Advocate-V-linux-amd64.tar.xz
#   scripts/package.sh macos-cli   dist/advocatectl-V-darwin-{arm64,amd64}.tar.gz
#   scripts/package.sh fyne OS     Fyne's own `fyne package -os OS` (darwin on a Mac makes
#                                  Advocate.app); slow, never part of CI
#   scripts/package.sh windows-exe only build/windows/{Advocate,advocatectl}.exe (for tests)
#
# The version is FyneApp.toml's Details.Version (and Build). Intermediate files go
# to build/, which like dist/ is ignored by git. The Windows .exe resources are
# compiled with mingw's windres into a .syso beside each main package for the
# length of the build only (Go links any *_windows_amd64.syso it finds there),
# and removed again whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

what="${1:-}"
version="$(sed -n 's/^ *Version *= *"\([^"]*\)".*/\1/p' FyneApp.toml | head -1)"
build_no="$(sed -n 's/^ *Build *= *\([0-9]*\).*/\1/p' FyneApp.toml | head -1)"
: "${version:?FyneApp.toml has no Version}"
build_no="${build_no:-0}"
dist="$root/dist"
mkdir -p "$dist" build

# Release binaries: no local paths in them, no symbol tables.
goflags=(-trimpath)
ldflags="-s -w"

need() {
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "package.sh: missing ${missing[*]}; run: scripts/deps.sh $what" >&2
    exit 1
  fi
}

size() { du -h "$1" | cut -f1; }

# --- Windows --------------------------------------------------------------

syso_files=()
cleanup_syso() { [ ${#syso_files[@]} -eq 0 ] || rm -f "${syso_files[@]}"; }
trap cleanup_syso EXIT

# resource NAME_OF_EXE DESCRIPTION PACKAGE_DIR: the icon, version and manifest
# of one .exe, as a .syso in its package folder until this script exits.
resource() {
  local exe="$1" description="$2" pkg="$3" w="$root/build/windows"
  local rc="$w/${exe%.exe}.rc" syso="$root/$pkg/zz_version_windows_amd64.syso"
  local v4
  v4="$(echo "$version" | awk -F. -v b="$build_no" '{printf "%d,%d,%d,%d", $1, $2, $3, b}')"
  sed -e "s|@ICON@|$w/Advocate.ico|" \
      -e "s|@MANIFEST@|$root/packaging/windows/advocate.exe.manifest|" \
      -e "s|@VERSION_COMMAS@|$v4|" -e "s|@VERSION@|$version|" \
      -e "s|@FILE@|$exe|" -e "s|@DESCRIPTION@|$description|" \
      packaging/windows/version.rc.in > "$rc"
  syso_files+=("$syso")
  x86_64-w64-mingw32-windres -O coff -i "$rc" -o "$syso"
}

windows_exe() {
  need x86_64-w64-mingw32-gcc x86_64-w64-mingw32-windres convert
  local w="$root/build/windows"
  mkdir -p "$w"
  convert assets/icon.png -define icon:auto-resize=256,128,64,48,32,16 "$w/Advocate.ico"
  resource Advocate.exe "Advocate" cmd/advocate
  resource advocatectl.exe "Advocate command-line tool" cmd/advocatectl
  echo "== building Advocate.exe (cgo with mingw; minutes when cold)"
  GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
    go build "${goflags[@]}" -ldflags "$ldflags -H windowsgui" -o "$w/Advocate.exe" ./cmd/advocate
  echo "== building advocatectl.exe"
  GOOS=windows GOARCH=amd64 CGO_ENABLED=0 \
    go build "${goflags[@]}" -ldflags "$ldflags" -o "$w/advocatectl.exe" ./cmd/advocatectl
  cleanup_syso
  syso_files=()
}

windows() {
  need wixl zip
  windows_exe
  local w="$root/build/windows" name="Advocate-$version-windows-amd64"
  rm -rf "$dist/admx" && mkdir -p "$dist/admx"
  cp -r packaging/windows/admx/. "$dist/admx/"

  echo "== $name.msi (wixl)"
  (cd "$w" && wixl -a x64 -D Version="$version" -o "$dist/$name.msi" "$root/packaging/windows/Advocate.wxs")

  echo "== $name.zip"
  local stage="$w/zip/$name"
  rm -rf "$w/zip" && mkdir -p "$stage"
  cp "$w/Advocate.exe" "$w/advocatectl.exe" "$stage/"
  cp -r packaging/windows/admx "$stage/admx"
  cp packaging/README.md "$stage/README.md"
  rm -f "$dist/$name.zip"
  (cd "$w/zip" && zip -qr -X "$dist/$name.zip" "$name")
  echo "dist/$name.msi $(size "$dist/$name.msi")   dist/$name.zip $(size "$dist/$name.zip")   dist/admx/"
}

# --- Linux ----------------------------------------------------------------

linux() {
  need gcc dpkg-deb dpkg-shlibdeps convert xz
  local l="$root/build/linux"
  rm -rf "$l" && mkdir -p "$l/bin"
  echo "== building advocate"
  CGO_ENABLED=1 go build "${goflags[@]}" -ldflags "$ldflags" -o "$l/bin/advocate" ./cmd/advocate
  echo "== building advocatectl"
  CGO_ENABLED=0 go build "${goflags[@]}" -ldflags "$ldflags" -o "$l/bin/advocatectl" ./cmd/advocatectl

  # share/: the desktop file, the icon at the sizes desktops look for, examples.
  local share="$l/share"
  mkdir -p "$share/applications" "$share/doc/advocate/examples"
  cp packaging/linux/app.advocate.desktop.desktop "$share/applications/"
  for px in 512 256 128 64 48 32; do
    mkdir -p "$share/icons/hicolor/${px}x${px}/apps"
    convert assets/icon.png -resize "${px}x${px}" -depth 8 "$share/icons/hicolor/${px}x${px}/apps/app.advocate.desktop.png"
  done
  cp packaging/managed/managed.json packaging/managed/recommended.json "$share/doc/advocate/examples/"

  echo "== advocate_${version}_amd64.deb"
  local deb="$l/deb"
  mkdir -p "$deb/DEBIAN" "$deb/usr/bin"
  cp "$l/bin/advocate" "$l/bin/advocatectl" "$deb/usr/bin/"
  cp -r "$share" "$deb/usr/share"
  # dpkg-shlibdeps reads the libraries advocate links (libGL, libX11, libc …)
  # and names the Debian packages, with versions, that provide them.
  local depends
  mkdir -p "$l/shlib/debian"
  printf 'Source: advocate\n\nPackage: advocate\nArchitecture: amd64\n' > "$l/shlib/debian/control"
  depends="$(cd "$l/shlib" && dpkg-shlibdeps -O "$deb/usr/bin/advocate" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
  # GLFW opens these X11 extension libraries at run time (dlopen), so no
  # linker record names them.
  depends="${depends:-libc6, libgl1, libx11-6}, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1"
  sed -e "s|@VERSION@|$version|" -e "s|@DEPENDS@|$depends|" \
      -e "s|@SIZE@|$(du -sk "$deb/usr" | cut -f1)|" packaging/linux/control.in > "$deb/DEBIAN/control"
  find "$deb" -type d -exec chmod 0755 {} +
  find "$deb/usr/share" -type f -exec chmod 0644 {} +
  chmod 0755 "$deb/usr/bin/"*
  dpkg-deb --root-owner-group -Zxz --build "$deb" "$dist/advocate_${version}_amd64.deb" >/dev/null

  local name="Advocate-$version-linux-amd64"
  echo "== $name.tar.xz"
  local stage="$l/tar/$name"
  mkdir -p "$stage"
  cp -r "$l/bin" "$share" "$stage/"
  cp packaging/linux/install.sh "$stage/install.sh"
  cp packaging/README.md "$stage/README.md"
  chmod 0755 "$stage/install.sh" "$stage/bin/"*
  tar -C "$l/tar" --owner=0 --group=0 --sort=name -cJf "$dist/$name.tar.xz" "$name"
  echo "dist/advocate_${version}_amd64.deb $(size "$dist/advocate_${version}_amd64.deb")   dist/$name.tar.xz $(size "$dist/$name.tar.xz")"
}

# --- macOS ----------------------------------------------------------------

macos_cli() {
  local m="$root/build/macos"
  for arch in arm64 amd64; do
    local name="advocatectl-$version-darwin-$arch"
    rm -rf "${m:?}/$name" && mkdir -p "$m/$name"
    echo "== $name"
    GOOS=darwin GOARCH="$arch" CGO_ENABLED=0 \
      go build "${goflags[@]}" -ldflags "$ldflags" -o "$m/$name/advocatectl" ./cmd/advocatectl
    tar -C "$m" --owner=0 --group=0 -czf "$dist/$name.tar.gz" "$name"
    echo "dist/$name.tar.gz $(size "$dist/$name.tar.gz")"
  done
}

# Fyne's packager: the only way to make the macOS Advocate.app (on a Mac,
# with Xcode's command-line tools). FyneApp.toml lives at the top of the
# repository; the tool reads it from the main package's folder, so a copy
# (icon path adjusted) stands there while it runs.
fyne_package() {
  local os="${1:?usage: scripts/package.sh fyne linux|windows|darwin}"
  if [ "$os" = darwin ] && [ "$(uname -s)" != Darwin ]; then
    echo "package.sh: the macOS app needs a Mac (Apple's SDK is not available elsewhere): run 'make macos-app' there" >&2
    exit 2
  fi
  local meta=cmd/advocate/FyneApp.toml
  trap 'rm -f "$meta"' EXIT
  sed 's#^\(  *Icon *= *\)"assets/#\1"../../assets/#' FyneApp.toml > "$meta"
  (cd cmd/advocate && go run fyne.io/tools/cmd/fyne@v1.7.4 package -os "$os" -release)
  mv cmd/advocate/*.tar.xz cmd/advocate/*.exe cmd/advocate/*.app "$dist/" 2>/dev/null || true
  ls -l "$dist"
}

case "$what" in
  windows) windows ;;
  windows-exe) windows_exe ;;
  linux) linux ;;
  macos-cli) macos_cli ;;
  fyne) fyne_package "${2:-}" ;;
  *) echo "usage: scripts/package.sh windows|linux|macos-cli|windows-exe|fyne OS" >&2; exit 2 ;;
esac
