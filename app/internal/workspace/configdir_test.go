package workspace

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
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

// The advice for a configuration directory mpsim cannot write in fits why:
// "chmod u+w" was given for a read-only mount too, where it cannot help,
// and to users who do not own the directory.
func TestNotWritableAdviceFitsTheCause(t *testing.T) {
	dir := t.TempDir()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	me := os.Geteuid()
	tests := []struct {
		name      string
		err       error
		euid      int
		want      []string
		wantNoCmd bool // no chmod advice
	}{
		{"read-only file system", unix.EROFS, me, []string{"read-only file system", "remount", ConfigDirEnv}, true},
		{"read-only file system, not the owner", unix.EROFS, me + 1, []string{"read-only file system", ConfigDirEnv}, true},
		{"no write permission, owner", unix.EACCES, me, []string{"its owner", "chmod u+w " + dir, ConfigDirEnv}, false},
		{"another user's", unix.EACCES, me + 1, []string{fmt.Sprintf("belongs to user %d, not you (user %d)", me, me+1), ConfigDirEnv}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := notWritable(dir, fi, tc.err, tc.euid)
			msg := e.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q\nlacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "chmod") == tc.wantNoCmd {
				t.Errorf("%q: chmod advised: %t, want %t", msg, !tc.wantNoCmd, !tc.wantNoCmd)
			}
			if !errors.Is(e, tc.err) {
				t.Errorf("the error does not wrap %v", tc.err)
			}
		})
	}
}

// A configuration directory that cannot be written still opens read-only
// for its saved device; with none saved, Open says so and writes nothing.
func TestOpenReadOnly(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, Options{ReadOnly: true}); !errors.Is(err, ErrNoSavedDevice) {
		t.Fatalf("Open read-only on an empty directory: %v, want ErrNoSavedDevice", err)
	}
	if des, _ := os.ReadDir(dir); len(des) != 0 {
		t.Errorf("Open read-only wrote %d files", len(des))
	}
	made := openT(t, dir, Options{Seed: seed(5)})
	h, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if h.SavedDevice().IMEI != made.SavedDevice().IMEI {
		t.Errorf("read-only Open read another device")
	}
}

// A relative MPSIM_CONFIG_DIR is refused: from another current directory
// it named another configuration directory, with another device.
func TestConfigDirRefusesARelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv(ConfigDirEnv, "cfg")
	dir, err := ConfigDir()
	if err == nil || !strings.Contains(err.Error(), `MPSIM_CONFIG_DIR="cfg" is a relative path`) {
		t.Fatalf("ConfigDir = %q, %v; want a relative-path error", dir, err)
	}
	if _, err := os.Stat("cfg"); !os.IsNotExist(err) {
		t.Errorf("ConfigDir made the relative directory: %v", err)
	}
}
