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
	  $(GO) test -tags $(TAGS) -race ./...
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
