package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A cache directory that cannot be made (a file in its place, a read-only
// home in a container) is said before the sessions run without screenshots;
// before, they vanished silently.
func TestWarnScreenshots(t *testing.T) {
	blocked := filepath.Join(t.TempDir(), "cache")
	if err := os.WriteFile(blocked, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, cache, cmd, want string
	}{
		{"run", blocked, "run", "mpsim run: warning: no screenshots: "},
		{"run names its flag", blocked, "run", "give --screenshots DIR or set XDG_CACHE_HOME"},
		{"test has no such flag", blocked, "test", "; set XDG_CACHE_HOME to a directory you can write"},
		{"a writable cache", t.TempDir(), "run", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("XDG_CACHE_HOME", tc.cache)
			var stderr bytes.Buffer
			warnScreenshots(Env{Stderr: &stderr}, tc.cmd)
			got := stderr.String()
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("warning %q, want one with %q", got, tc.want)
			}
		})
	}
}
