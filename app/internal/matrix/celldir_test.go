package matrix

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The cell directories a killed mpsim test left (each with the demo
// portal's TLS key) are removed by the next run; a running process's, an
// older mpsim's and fresh ones stay (found by a soak test: kill -9 left
// them for good).
func TestStaleCellDirsAreRemoved(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("cannot run true: ", err)
	}
	dead := strconv.Itoa(gone.Process.Pid)
	tmp := t.TempDir()
	old := time.Now().Add(-time.Hour)
	dirs := map[string]bool{ // name → kept
		cellDirPrefix + dead + "-1234":                      false,
		cellDirPrefix + dead + "-fresh":                     true,
		cellDirPrefix + strconv.Itoa(os.Getpid()) + "-5678": true,
		cellDirPrefix + "98765432":                          true, // an older mpsim's name: no process ID
		"someone-else":                                      true,
	}
	for name := range dirs {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Join(p, "sub"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "demo-portal-key.pem"), []byte("key"), 0o600); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(name, "fresh") {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	removeStaleCellDirs(tmp)
	for name, kept := range dirs {
		_, err := os.Stat(filepath.Join(tmp, name))
		if got := err == nil; got != kept {
			t.Errorf("%s: kept %v, want %v", name, got, kept)
		}
	}
}

// A temporary directory that cannot be made names where and TMPDIR: it
// said only "configuration directory: stat /gone".
func TestCellDirErrorNamesTMPDIR(t *testing.T) {
	t.Setenv("TMPDIR", "/nonexistent-mpsim-tmp")
	_, err := makeCellDir("")
	if err == nil || !strings.Contains(err.Error(), "/nonexistent-mpsim-tmp (TMPDIR)") {
		t.Fatalf("error %v does not name TMPDIR", err)
	}
}
