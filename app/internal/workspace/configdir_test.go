package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/simulator"

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

// A configuration directory that cannot be written still opens read-only:
// its saved device is read; with none saved, a device is generated for
// the process and nothing is written (before, Open failed); saving says
// why it cannot, and a session's changes stay in memory.
func TestOpenReadOnly(t *testing.T) {
	dir := t.TempDir()
	ro := &NotWritableError{Dir: dir, Err: unix.EROFS, advice: "remount"}
	h, err := Open(dir, Options{Unwritable: ro, Seed: seed(5)})
	if err != nil {
		t.Fatalf("Open read-only on an empty directory: %v", err)
	}
	if got, ok := h.Created(); !ok || got != 5 {
		t.Errorf("Created = %d, %t; want the device generated from seed 5", got, ok)
	}
	if want := GenerateDevice(simulator.KindESIM, h.Operator, 5); h.SavedDevice().IMEI != want.IMEI {
		t.Errorf("read-only Open generated another device than seed 5's")
	}
	if ps, err := h.Presets(); err != nil || len(ps) != len(simulator.BuiltinPresets()) {
		t.Errorf("Presets = %d presets, %v; want the built-ins", len(ps), err)
	}
	if _, err := h.StartDemo(); err != nil {
		t.Errorf("StartDemo: %v", err)
	}
	cert := h.CertPath()
	if err := h.SaveDevice(h.SavedDevice()); err == nil || !strings.Contains(err.Error(), "read-only file system") {
		t.Errorf("SaveDevice = %v, want an error saying why", err)
	}
	h.Close()
	if des, _ := os.ReadDir(dir); len(des) != 0 {
		t.Errorf("Open read-only wrote %d files", len(des))
	}
	if _, err := os.Stat(cert); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the temporary certificate %s outlived Close: %v", cert, err)
	}

	made := openT(t, dir, Options{Seed: seed(6)})
	h, err = Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if h.SavedDevice().IMEI != made.SavedDevice().IMEI {
		t.Errorf("read-only Open read another device")
	}
	if _, ok := h.Created(); ok {
		t.Errorf("read-only Open generated a device where one is saved")
	}
}

// ConfigDirToRead gives a directory it cannot write in, or create, to read
// with the reason, and fails only where there is nothing to read.
func TestConfigDirToRead(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	writable := filepath.Join(base, "cfg")
	tests := []struct {
		name    string
		dir     string
		wantRO  bool
		wantErr string
	}{
		{"a writable directory, made", writable, false, ""},
		{"a file", file, false, "not a directory"},
		{"under a file", filepath.Join(file, "mpsim"), false, "create configuration directory"},
		{"relative", "cfg", false, "relative path"},
	}
	if os.Geteuid() != 0 {
		locked := filepath.Join(base, "locked")
		if err := os.Mkdir(locked, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(locked, 0o700) })
		tests = append(tests,
			struct {
				name    string
				dir     string
				wantRO  bool
				wantErr string
			}{"0555", locked, true, ""},
			struct {
				name    string
				dir     string
				wantRO  bool
				wantErr string
			}{"not creatable under 0555", filepath.Join(locked, "mpsim"), true, ""})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(ConfigDirEnv, tc.dir)
			dir, ro, err := ConfigDirToRead()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ConfigDirToRead = %q, %v, %v; want an error with %q", dir, ro, err, tc.wantErr)
				}
				return
			}
			if err != nil || dir != tc.dir || (ro != nil) != tc.wantRO {
				t.Fatalf("ConfigDirToRead = %q, %v, %v; want %q, read-only %t", dir, ro, err, tc.dir, tc.wantRO)
			}
			if ro != nil && (!strings.Contains(ro.Warning(), tc.dir) || !strings.Contains(ro.Warning(), "changes will not be saved")) {
				t.Errorf("warning %q does not name the directory and say nothing is saved", ro.Warning())
			}
		})
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

// A session in a read-only workspace runs, and its changes to the device
// are not saved: FinishSession says so and why, and keeps them for the
// next session of the process; a session that changed nothing says
// nothing.
func TestFinishSessionReadOnly(t *testing.T) {
	dir := t.TempDir()
	openT(t, dir, Options{Seed: seed(8)})
	file := filepath.Join(dir, DeviceFileName)
	saved, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ro := &NotWritableError{Dir: dir, Err: unix.EROFS, advice: "remount"}
	h, err := Open(dir, Options{Unwritable: ro})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	cfg, err := h.SessionConfig(LaunchRequest{PortalURL: "https://127.0.0.1:9/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	unchanged := cloneDevice(cfg.Device)
	if ok, err := h.FinishSession(cfg, session.Report{Device: &unchanged}); ok || err != nil {
		t.Errorf("FinishSession of a session that changed nothing = %t, %v; want false, nil", ok, err)
	}
	after := cloneDevice(cfg.Device)
	p := simulator.Profile{ICCID: simulator.NewGenerator(99).ICCID(h.Operator), Operator: h.Operator.Name}
	if err := after.InstallProfile(p); err != nil {
		t.Fatal(err)
	}
	ok, err := h.FinishSession(cfg, session.Report{Device: &after})
	if ok || err == nil || !strings.Contains(err.Error(), dir+" is not writable") || !strings.Contains(err.Error(), "read-only file system") {
		t.Fatalf("FinishSession = %t, %v; want false and why the device was not saved", ok, err)
	}
	if !slices.ContainsFunc(h.SavedDevice().Profiles, func(q simulator.Profile) bool { return q.ICCID == p.ICCID }) {
		t.Errorf("the session's profile is not kept for the next session")
	}
	if now, _ := os.ReadFile(file); string(now) != string(saved) {
		t.Errorf("the device file changed")
	}
}
