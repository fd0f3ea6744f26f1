# mpsim — see README.md. `make demo` opens the host on the demo portal;
# `make test` passes every test. Both install what is missing first.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
# The Go toolchain of every go command here, and so of the tests and of the
# processes they start: go1.27.3 (scripts/go-env.sh, the one place that names
# it, says why), which the installed Go 1.26 fetches from the Go module proxy
# the first time. GOTOOLCHAIN in the environment wins (GOTOOLCHAIN=local: the
# installed Go itself).
ifeq ($(origin GOTOOLCHAIN),undefined)
GOTOOLCHAIN := $(shell sed -n 's/^PROJECT_GOTOOLCHAIN=//p' scripts/go-env.sh)
endif
export GOTOOLCHAIN
BIN := bin/mpsim
# The first build of Fyne's GL bindings takes minutes; keep the cache.
# -buildvcs=auto stamps the commit and its date into the binary when building
# from a git checkout ('mpsim --version'); a copy without .git builds without
# them. (go test never stamps.)
GOFLAGS ?= -buildvcs=auto
export GOFLAGS

# WebKitGTK API the portal window is built against (docs/portability.md): 4.1
# when its pkg-config module is installed (preferred), else 4.0; `make
# WEBKIT=4.0 …` or `make WEBKIT=4.1 …` forces one. For 4.1 the build adds the
# webkit2_41 tag, puts build/pkgconfig-webkit2_41 first on PKG_CONFIG_PATH
# (webview_go's cgo line names webkit2gtk-4.0; the shim there resolves that
# name to the 4.1 modules) and adds a define to CGO_CXXFLAGS: Go's build cache
# does not key on pkg-config output, and webview_go (the only C++ package)
# must not be reused across APIs, or a binary would link both.
WEBKIT ?= $(shell pkg-config --exists webkit2gtk-4.1 2>/dev/null && echo 4.1 || echo 4.0)
WEBKIT_OTHER := $(if $(filter 4.1,$(WEBKIT)),4.0,4.1)
WEBKIT_OTHER_INSTALLED := $(shell pkg-config --exists webkit2gtk-$(WEBKIT_OTHER) 2>/dev/null && echo yes)
# The environment without this Makefile's 4.1 settings, for the other API's
# sub-make: a sub-make inherits the exported 4.1 settings, so they are
# filtered out rather than remembered.
PKG_CONFIG_PATH_BASE := $(patsubst :%,%,$(subst $(CURDIR)/build/pkgconfig-webkit2_41,,$(PKG_CONFIG_PATH)))
CGO_CXXFLAGS_BASE := $(filter-out -DBUILD_FOR_WEBKIT2_41,$(CGO_CXXFLAGS))
GOFLAGS_BASE := $(filter-out -tags=webkit2_41,$(GOFLAGS))
WEBKIT_ENV_SAVED := PKG_CONFIG_PATH='$(PKG_CONFIG_PATH_BASE)' CGO_CXXFLAGS='$(CGO_CXXFLAGS_BASE)' GOFLAGS='$(GOFLAGS_BASE)'
ifeq ($(WEBKIT),4.1)
export PKG_CONFIG_PATH := $(CURDIR)/build/pkgconfig-webkit2_41$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))
export CGO_CXXFLAGS := $(or $(CGO_CXXFLAGS),-O2 -g) -DBUILD_FOR_WEBKIT2_41
GOFLAGS += -tags=webkit2_41
else ifneq ($(WEBKIT),4.0)
$(error WEBKIT must be 4.0 or 4.1, not "$(WEBKIT)")
endif
# The packages that load WebKit; `make test` runs them against the other API too.
WEBKIT_PKGS := ./app ./app/cmd/mpsim-portal ./app/internal/window/... ./app/internal/portalproc ./app/internal/buildinfo

.PHONY: all deps build demo test test-short vet bench bench-warm bench-matrix screenshots package clean
.PHONY: test-webkit test-webkit-other deb test-deb

all: build

deps:
	@bash scripts/install-deps.sh
	@$(GO) mod download

# Three programs (issue 15): bin/mpsim, the command line, links neither
# WebKitGTK nor Fyne; bin/mpsim-portal is the portal window (WebKitGTK) and
# bin/mpsim-host the host window (Fyne). mpsim finds them next to itself
# (app/internal/sibling); `make deb` installs them in /usr/libexec/mpsim.
HELPERS := bin/mpsim-portal bin/mpsim-host

build: deps
	$(GO) build -o bin/ ./app/cmd/mpsim-portal ./app/cmd/mpsim-host
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./app

# Opens the host window on the built-in demo portal (needs a desktop; with no
# DISPLAY it runs inside a private Xvfb and saves a screenshot instead).
demo: build
	@if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; then ./$(BIN); \
	else echo "no DISPLAY: running the demo under Xvfb, screenshot in out/demo.png"; \
	mkdir -p out; bash scripts/screenshot.sh out/demo.png; fi

vet: deps
	$(GO) vet ./...
	@gofmt="$$($(GO) env GOROOT)/bin/gofmt"; test -z "$$($$gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt would change:"; $$gofmt -l $$(git ls-files '*.go'); exit 1; }

# The lint gate (scripts/lint.sh): gofmt, go vet, staticcheck, gocyclo, shellcheck, go mod
# tidy, govulncheck and go test -race on the packages without WebKit. It says
# which check failed and how to fix it; `bash scripts/lint.sh CHECK` reruns one.
.PHONY: lint
lint: deps
	@bash scripts/lint.sh

# Every test, the real-WebKit end-to-end tests included (they start their own
# Xvfb when there is no display).
# Every fuzz target also runs for a short budget (issue 12); `make fuzz`
# runs them longer (FUZZTIME).
TEST_FUZZTIME ?= 10s
test: lint
	$(GO) test -count=1 -timeout 20m ./...
	@$(MAKE) --no-print-directory test-webkit-other test-deb
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(TEST_FUZZTIME)

# The WebKit packages (end-to-end tests included) against $(WEBKIT), a portal
# window that must link that WebKitGTK and no other, and a command line that
# links no WebKitGTK, GTK or GL at all.
test-webkit:
	$(GO) test -count=1 -timeout 20m $(WEBKIT_PKGS)
	$(GO) build -o out/mpsim-portal-webkit$(WEBKIT) ./app/cmd/mpsim-portal
	bash scripts/check-webkit-link.sh out/mpsim-portal-webkit$(WEBKIT) $(WEBKIT)
	$(GO) build -o out/mpsim-cli-webkit$(WEBKIT) ./app
	bash scripts/check-webkit-link.sh out/mpsim-cli-webkit$(WEBKIT) none

# `make test` tests the other API too where it is installed (Debian 12 has
# both); the environment is reset so that the sub-make chooses afresh.
test-webkit-other:
ifeq ($(WEBKIT_OTHER_INSTALLED),yes)
	@echo "== WebKitGTK $(WEBKIT_OTHER): the WebKit packages again (the suite above ran against $(WEBKIT))"
	env $(WEBKIT_ENV_SAVED) $(MAKE) --no-print-directory WEBKIT=$(WEBKIT_OTHER) test-webkit
else
	@echo "== WebKitGTK $(WEBKIT_OTHER) is not installed: tested against $(WEBKIT) only"
endif

test-short: deps
	$(GO) test -count=1 -short ./...

bench: build
	bash scripts/bench.sh

# The host window's Open portal → first paint with and without a warm portal
# process (MPSIM_WARM=1 and 0 interleaved): medians and ratio.
bench-warm: build
	MPSIM_BIN=$(BIN) bash scripts/bench-warm.sh

# mpsim test on 24 demo-portal cells with --parallel 1 and 2: wall times and ratio.
bench-matrix: build
	bash scripts/bench-matrix.sh $(BIN)

screenshots: build
	mkdir -p docs/img
	bash scripts/screenshot.sh docs/img/host-after-handback.png

# A desktop package (mpsim.tar.xz: bin/mpsim as `mpsim` with mpsim-portal and
# mpsim-host next to it, a .desktop file with Exec=mpsim from FyneApp.toml,
# the icon) with the fyne tool from the Go module proxy; `make install` of the
# tarball's Makefile installs it. The fyne tool packs one executable, so
# scripts/package-tar.sh adds the window programs. The fyne tool rewrites
# FyneApp.toml (it bumps the build number); the file is put back.
package: build
	mkdir -p out && cp FyneApp.toml out/FyneApp.toml.keep
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package --os linux --release \
		--executable $(BIN) --name mpsim --app-id io.github.mpsim; \
		rc=$$?; mv out/FyneApp.toml.keep FyneApp.toml; exit $$rc
	bash scripts/package-tar.sh mpsim.tar.xz $(HELPERS)

# A Debian package, dist/mpsim_VERSION_ARCH.deb, built by nfpm from
# packaging/nfpm.yaml: /usr/bin/mpsim, its desktop entry and icon, depending on
# the WebKitGTK it was built against. `apt install ./dist/mpsim_*.deb` installs it.
deb: build
	bash scripts/package-deb.sh $(BIN) $(WEBKIT)

# Builds the .deb, checks its dependencies, unpacks it into a scratch root
# and runs a headless demo session with the mpsim found there.
test-deb: deb
	bash scripts/test-deb.sh $(WEBKIT)

# Builds the Containerfile with podman and runs the image as a CI job would,
# as root and as uid 1000 (needs root: sudo make check-container); LOCAL_GO=1
# serves the host's Go to the build where go.dev cannot be reached. docs/ci.md.
.PHONY: check-container check-arm64
check-container:
	bash scripts/containerfile-podman.sh $(if $(LOCAL_GO),--local-go)

# Cross-builds mpsim for arm64 and runs its unit tests, a demo session and the
# host window under QEMU's emulation (needs root: sudo make check-arm64).
check-arm64:
	bash scripts/arm64-check.sh

clean:
	rm -rf bin out dist mpsim.tar.xz

# Runs every fuzz target (each `func FuzzX` in a _test.go file) on its own
# for FUZZTIME each: a duration (default 10s) or a count of executions
# (FUZZTIME=1000000x). New targets are found by name; a failure stops the run
# and leaves the crasher in the package's testdata/fuzz. scripts/fuzz.sh
# retries a run only on Go 1.26's own -fuzztime deadline race (golang/go#75804),
# when nothing was found (kept for GOTOOLCHAIN=local builds on the installed Go).
FUZZTIME ?= 10s
.PHONY: fuzz
fuzz:
	@bash scripts/fuzz.sh $(FUZZTIME) $(GO)

# The burst stress test at full size (issue 12 item 2): a page makes 200,000
# bridge calls then hands back, STRESS_RUNS times (default 50); every run
# must record the hand-back. The suite runs it with 5,000 calls, twice.
STRESS_RUNS ?= 50
STRESS_CALLS ?= 200000
.PHONY: stress
stress: deps
	E2E_STRESS_CALLS=$(STRESS_CALLS) E2E_STRESS_RUNS=$(STRESS_RUNS) $(GO) test -count=1 -timeout 0 -v -run 'TestE2EWindowBurstThenHandBack' ./app/
