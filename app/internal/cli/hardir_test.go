package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
)

// mpsim test takes --har-dir, and refuses it with --no-inspect before any
// session (nothing would be recorded to write).
func TestHARDirFlag(t *testing.T) {
	dir := t.TempDir()
	r := mpsim(t, dir, "test", filepath.Join(dir, "none.toml"), "--har-dir", filepath.Join(dir, "hars"), "--no-inspect")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "--har-dir needs the recording of the portals; drop --no-inspect") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	r = mpsim(t, dir, "help", "test")
	if !strings.Contains(r.stdout+r.stderr, "--har-dir DIR") {
		t.Errorf("help test does not name --har-dir:\n%s", r.stdout)
	}
}
