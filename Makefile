# Backprop Lab. `make run` opens the app; `make test` runs the tests.
# Both first install the Debian packages that building Fyne needs.

GO      ?= go
BIN     ?= backproplab
DEB_PKGS = gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
           libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev fonts-noto-cjk
# no_emoji leaves Fyne's 4 MB colour-emoji font out: the app shows no emoji,
# and Fyne parses that font once per text style, about 15 MB of heap.
TAGS    ?= no_emoji
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps fetch mnist bench lint

run: deps build
	./$(BIN)

build:
	$(GO) build -tags $(TAGS) -o $(BIN) .

# test first fetches MNIST with the app's own fetch command (into
# $BACKPROPLAB_DATA or the user cache; nothing is downloaded when it is there),
# so that the real-data tests run, and fail rather than skip without the data.
# `make test NO_MNIST=1` skips them, and says so.
test: deps mnist
	$(GO) vet -tags $(TAGS) ./...
	BACKPROPLAB_REQUIRE_MNIST=$(if $(NO_MNIST),,1) BACKPROPLAB_TEST_FETCH=$(if $(NO_MNIST),,1) \
	  $(GO) test -tags $(TAGS) -race -timeout 60m ./...
	@if [ -n "$(NO_MNIST)" ]; then echo "*** NO_MNIST is set: the real-MNIST tests were SKIPPED ***"; fi

mnist:
	@if [ -n "$(NO_MNIST)" ]; then \
	  echo "*** NO_MNIST is set: the real-MNIST tests (TestMNISTTutorial, TestLoadReal, TestFetchReal, TestPredictMNISTPNGs) will SKIP ***"; \
	else \
	  $(GO) run -tags $(TAGS) . fetch; \
	fi

bench:
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./nn/...

fetch: build
	./$(BIN) fetch

# deps installs the missing Debian build packages (skipped when all are present
# or when apt-get is not available, e.g. on macOS).
deps:
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	  fi; \
	fi

# ---- Release artifacts: make dist builds them into dist/ -------------------
# The fyne tool is pinned and run from source (never a prebuilt binary).
FYNE      ?= $(GO) run fyne.io/tools/cmd/fyne@v1.7.4
DIST      ?= dist
WEB       ?= $(DIST)/web
# Heavy builds yield to interactive work on small machines.
NICE      ?= nice -n 15
WIN_CC    ?= x86_64-w64-mingw32-gcc
DIST_PKGS  = xz-utils gcc-mingw-w64-x86-64
WEB_PKGS   = fonts-noto-cjk python3-fonttools
BROWSER_PKGS = chromium python3-websocket

.PHONY: dist dist-deps linux-package windows web install uninstall cjk-font serve browser-test

## dist: the Linux .tar.xz, the Windows .exe and the browser bundle, in dist/.
dist: linux-package windows web
	@ls -l $(DIST)

dist-deps:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) $(DIST_PKGS)"

## linux-package: dist/backproplab-linux-amd64.tar.xz, with the desktop
## file and icon (fyne package; unpack it and run its make user-install).
linux-package: dist-deps build
	$(NICE) $(FYNE) package --os linux --release --tags $(TAGS) --executable $(BIN) --name "Backprop Lab"
	mkdir -p $(DIST)
	mv "Backprop Lab.tar.xz" $(DIST)/backproplab-linux-amd64.tar.xz

## install: puts the app in the user's menu (~/.local: program, desktop
## file, icon) with the Linux package's own Makefile; uninstall removes it.
install: linux-package
	rm -rf $(DIST)/linux && mkdir -p $(DIST)/linux
	tar -xJf $(DIST)/backproplab-linux-amd64.tar.xz -C $(DIST)/linux
	$(MAKE) -C $(DIST)/linux/$(BIN) user-install
	-update-desktop-database $(HOME)/.local/share/applications 2>/dev/null
	@echo "Installed $(HOME)/.local/bin/$(BIN) and its menu entry."

uninstall:
	$(MAKE) -C $(DIST)/linux/$(BIN) user-uninstall

## windows: dist/backproplab-windows-amd64.exe, cross-compiled with
## Debian's mingw-w64 (a GUI program: no console window).
windows: dist-deps
	mkdir -p $(DIST)
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=$(WIN_CC) $(NICE) $(GO) build -tags $(TAGS) \
	  -ldflags "-H=windowsgui" -o $(DIST)/backproplab-windows-amd64.exe .

## web: the browser bundle in dist/web (serve it with backproplab serve).
web:
	mkdir -p $(WEB)
	GOOS=js GOARCH=wasm $(NICE) $(GO) build -tags $(TAGS) -ldflags "-s -w" -o $(WEB)/backproplab.wasm .
	gzip -9 -n -k -f $(WEB)/backproplab.wasm
	cp web/index.html assets/icon.png $(WEB)/
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(WEB)/
	@echo "$(WEB): $$(du -k $(WEB)/backproplab.wasm | cut -f1) KB, $$(du -k $(WEB)/backproplab.wasm.gz | cut -f1) KB gzip-compressed"

## cjk-font: cuts the embedded Chinese font and the symbol fonts to the
## characters of the catalogues and app strings again (a test in assets says when).
cjk-font:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(WEB_PKGS)"
	scripts/cjk-subset assets/fonts/NotoSansSC-subset.otf

## serve: builds the app and the bundle and serves them on port 8080.
serve: build web
	./$(BIN) serve

## browser-test: trains, draws, steps and runs a lesson in the browser
## build in Debian's Chromium (headless unless $DISPLAY is set); CI runs it.
browser-test: build web
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(BROWSER_PKGS)"
	scripts/browser-test
