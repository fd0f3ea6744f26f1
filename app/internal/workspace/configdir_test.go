package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A configuration directory of mode 0555 keeps its mode: `mpsim run` (config
// dir, device, demo portal certificate) used to chmod it to 0700 silently.
// Without write permission (not root) ConfigDir fails and says what to do.
func TestConfigDirKeepsAnExistingDirsMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cfg")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// A first run fills it while it is writable; then the user locks it.
	if h, err := Open(dir, Options{Seed: seed(3)}); err != nil {
		t.Fatal(err)
	} else {
		h.Close()
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	t.Setenv(ConfigDirEnv, dir)
	got, err := ConfigDir()
	if os.Geteuid() != 0 {
		if err == nil || !strings.Contains(err.Error(), "not writable") || !strings.Contains(err.Error(), ConfigDirEnv) {
			t.Fatalf("ConfigDir on a 0555 directory = %q, %v; want a 'not writable' error naming %s", got, err, ConfigDirEnv)
		}
	} else {
		// root may write anyway: the run goes on, and must leave the mode alone.
		if err != nil {
			t.Fatalf("ConfigDir = %v", err)
		}
		h := openT(t, got, Options{})
		if _, err := h.StartDemo(); err != nil {
			t.Fatalf("StartDemo: %v", err)
		}
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o555 {
		t.Errorf("configuration directory mode became %v, want 0555 kept", fi.Mode().Perm())
	}
}

func TestConfigDirNotADirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(ConfigDirEnv, file)
	if _, err := ConfigDir(); err == nil {
		t.Fatal("ConfigDir accepted a regular file")
	}
}
