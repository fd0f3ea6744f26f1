package hostwin

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	_ "mpsim/app/internal/localefix" // before Fyne initialises, as in mpsim-host
	"mpsim/app/internal/workspace"
)

// The host warns on standard error, as `mpsim run` does, when the
// sessions cannot take screenshots because the screenshot cache's folder
// cannot be made (found by exploratory QA with HOME read-only: the window
// warned nothing), and not when it can.
func TestStartWorkspaceWarnsOfNoScreenshots(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		cache string // XDG_CACHE_HOME
		warns bool
	}{
		{"a cache that cannot be made", filepath.Join(file, "cache"), true},
		{"a cache that can", t.TempDir(), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("XDG_CACHE_HOME", tc.cache)
			var stderr bytes.Buffer
			h := startWorkspace(cli.Env{Stderr: &stderr, Getenv: os.Getenv}, hostConfig{}, workspace.New(t.TempDir(), 7))
			t.Cleanup(func() { _ = h.Close() })
			got := stderr.String()
			warned := strings.Contains(got, "mpsim: warning: no screenshots: mkdir "+file+": not a directory") &&
				strings.Contains(got, "; set XDG_CACHE_HOME to a directory you can write")
			if warned != tc.warns || (!tc.warns && strings.Contains(got, "screenshots")) {
				t.Errorf("XDG_CACHE_HOME=%s: standard error %q, want a warning: %v", tc.cache, got, tc.warns)
			}
			if err := screenshotProblem(); (err != nil) != tc.warns {
				t.Errorf("screenshotProblem() = %v", err)
			}
		})
	}
}
