package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The window process links what a portal window needs and nothing of the
// contract's judging, the simulator, the host's toolkit or the CLI: each
// package it links is code every session's process maps and initialises
// (the bridge and the simulator with the JSON Schema, TOML and x/text
// packages behind them came to 4–8 MB of the window process's PSS and a
// third of its package initialisation; issue 15). The parent gives the
// window what it needs of them in the start message (ipc.StartSpec).
func TestWindowProcessLinksNoJudgingNorToolkit(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the window's packages:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "mpsim/app/cmd/mpsim-portal").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	forbidden := []string{
		"mpsim/bridge", "mpsim/simulator", "mpsim/app/internal/session", "mpsim/app/internal/cli",
		"fyne.io", "github.com/santhosh-tekuri/jsonschema", "github.com/pelletier/go-toml", "golang.org/x/text",
		"github.com/spf13/cobra",
		// net/http for one function (StatusText) linked crypto/tls and
		// crypto/x509 too: about 0.9 MB more for every window to map.
		"net/http", "crypto/tls", "crypto/x509",
		// crypto/rand and crypto/sha256 for two secrets and a cache key
		// (the FIPS module, math/big: 0.17 MB).
		"crypto/rand", "crypto/sha256", "crypto/internal/fips140/drbg", "math/big",
	}
	// net for one loopback listener (0.46 MB with its resolver and
	// poller), mime for one guess of a type (0.04 MB); net/url and
	// net/netip are small and stay.
	exact := map[string]bool{"net": true, "mime": true}
	allowed := map[string]bool{ // the standard library only
		"mpsim/simulator/walledgarden": true, "mpsim/simulator/acceptlanguage": true,
	}
	for _, pkg := range strings.Fields(string(out)) {
		if exact[pkg] {
			t.Errorf("the window process links %s", pkg)
		}
		for _, f := range forbidden {
			if !allowed[pkg] && (pkg == f || strings.HasPrefix(pkg, f+"/")) {
				t.Errorf("the window process links %s", pkg)
			}
		}
	}
}
