# Advocate: `make run` opens the app, `make test` runs every check.
# Both install the Debian packages they need first (as root, or with sudo).

SHELL := /bin/bash
export LANG := en_US.UTF-8

.PHONY: run test test-linux test-windows deps deps-test screenshot screenshots package advocatectl \
        windows linux macos-cli macos-app dist

run: deps
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "No display: run 'make run' in a desktop session (or try: xvfb-run make run)." >&2; exit 1; fi
	go run ./cmd/advocate $(ARGS)

# Every check: the Linux suite, then the Windows build tested under Wine
# (cold, the Windows cross-build of the app alone takes 7-12 minutes).
test: deps-test
	scripts/test.sh
	scripts/windows/test.sh

# Only the Linux suite (vet, staticcheck, go test -race under Xvfb and D-Bus).
test-linux: deps-test
	scripts/test.sh

# Only the Windows checks under Wine and Xvfb (scripts/windows/test.sh says what they are).
test-windows:
	@scripts/deps.sh windows-test
	scripts/windows/test.sh

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

# Refresh docs/screenshot.png and docs/screenshots/<screen>.png from the smoke
# test's pictures of the real window on the demo bundle,
# docs/screenshots/<screen>_<theme>_<size>.png in the light and dark theme at
# 1280×800 and 800×600, and
# docs/screenshots/windows.png from Advocate.exe under Wine.
screenshots: deps-test
	mkdir -p docs/screenshots
	ADVOCATE_SCREENSHOT=$(CURDIR)/docs/screenshot.png ADVOCATE_SCREENSHOTS=$(CURDIR)/docs/screenshots \
	  scripts/desktop-session.sh go test -count=1 -run TestSmokeRealWindow ./cmd/advocate
	ADVOCATE_SCREENSHOTS_ALL=$(CURDIR)/docs/screenshots \
	  scripts/desktop-session.sh go test -count=1 -run TestScreenshotsInEveryThemeAndSize ./cmd/advocate
	ADVOCATE_WINDOWS_SCREENSHOT=$(CURDIR)/docs/screenshots/windows.png scripts/windows/test.sh
screenshot: screenshots

advocatectl:
	go build -o bin/advocatectl ./cmd/advocatectl

# The embedded demo bundle (assets/demo), built and signed from assets/demo/src.
.PHONY: demo
demo:
	scripts/build-demo.sh

# Release artefacts in dist/ (scripts/package.sh says what each holds).
windows:
	@scripts/deps.sh windows
	scripts/package.sh windows

linux:
	@scripts/deps.sh linux
	scripts/package.sh linux

macos-cli:
	scripts/package.sh macos-cli

dist: windows linux macos-cli

# The macOS app: only on a Mac, with Xcode's command-line tools (Fyne's packager).
macos-app:
	scripts/package.sh fyne darwin

# Fyne's own packager for this system; slow, not part of CI.
package: deps
	scripts/package.sh fyne $(if $(OS),$(OS),linux)
