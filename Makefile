# Advocate: `make run` opens the app, `make test` runs every check.
# Both install the Debian packages they need first (as root, or with sudo).

SHELL := /bin/bash
export LANG := en_US.UTF-8

.PHONY: run test deps deps-test screenshot screenshots package advocatectl

run: deps
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "No display: run 'make run' in a desktop session (or try: xvfb-run make run)." >&2; exit 1; fi
	go run ./cmd/advocate $(ARGS)

test: deps-test
	scripts/test.sh

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

# Refresh docs/screenshot.png and docs/screenshots/<screen>.png from the smoke
# test's pictures of the real window on the demo bundle.
screenshots: deps-test
	mkdir -p docs/screenshots
	ADVOCATE_SCREENSHOT=$(CURDIR)/docs/screenshot.png ADVOCATE_SCREENSHOTS=$(CURDIR)/docs/screenshots \
	  xvfb-run -a -s "-screen 0 1280x800x24" go test -count=1 -run TestSmokeRealWindow ./cmd/advocate
screenshot: screenshots

advocatectl:
	go build -o bin/advocatectl ./cmd/advocatectl

# Desktop package (tarball with .desktop file and icon) in dist/; slow, not part of CI.
package: deps
	scripts/package.sh linux
