# mpsim — see README.md. `make demo` opens the host on the demo portal;
# `make test` passes every test. Both install what is missing first.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
BIN := bin/mpsim
# The first build of Fyne's GL bindings takes minutes; keep the cache.
GOFLAGS ?= -buildvcs=false
export GOFLAGS

.PHONY: all deps build demo test test-short vet bench screenshots package clean

all: build

deps:
	@bash scripts/install-deps.sh
	@$(GO) mod download

build: deps
	$(GO) build -o $(BIN) ./app

# Opens the host window on the built-in demo portal (needs a desktop; with no
# DISPLAY it runs inside a private Xvfb and saves a screenshot instead).
demo: build
	@if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; then ./$(BIN); \
	else echo "no DISPLAY: running the demo under Xvfb, screenshot in out/demo.png"; \
	mkdir -p out; bash scripts/screenshot.sh out/demo.png; fi

vet: deps
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

# The lint gate (scripts/lint.sh): gofmt, go vet, staticcheck, gocyclo, go mod
# tidy, govulncheck and go test -race on the packages without WebKit. It says
# which check failed and how to fix it; `bash scripts/lint.sh CHECK` reruns one.
.PHONY: lint
lint: deps
	@bash scripts/lint.sh

# Every test, the real-WebKit end-to-end tests included (they start their own
# Xvfb when there is no display).
test: lint
	$(GO) test -count=1 -timeout 20m ./...

test-short: deps
	$(GO) test -count=1 -short ./...

bench: build
	bash scripts/bench.sh

screenshots: build
	mkdir -p docs/img
	bash scripts/screenshot.sh docs/img/host-after-handback.png

# A desktop package (mpsim.tar.xz: binary, .desktop file, icon) with the fyne
# tool from the Go module proxy; `make install` of the tarball's Makefile installs it.
package: deps
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package --os linux --release --src app \
		--icon ../assets/icons/mpsim.png --name mpsim --app-id io.github.mpsim

clean:
	rm -rf bin out mpsim.tar.xz
