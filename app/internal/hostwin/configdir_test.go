package hostwin

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"golang.org/x/sys/unix"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
)

// readOnly makes dir read-only for this process until the test ends: a
// read-only bind mount for root (whom modes do not stop), mode 0555 for
// anyone else. It skips the test where neither can be had.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
		return
	}
	if err := unix.Mount(dir, dir, "", unix.MS_BIND, ""); err != nil {
		t.Skipf("no read-only mount for root: %v", err)
	}
	t.Cleanup(func() { _ = unix.Unmount(dir, unix.MNT_DETACH) })
	if err := unix.Mount("", dir, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		t.Skipf("no read-only mount for root: %v", err)
	}
}

// listDir is what dir holds, names and sizes, to tell that nothing was
// written there.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d %s", e.Name(), info.Size(), info.ModTime()))
	}
	return out
}

// The host window opens on a configuration directory it cannot write in
// (a read-only mount as root, mode 0555 otherwise; one that cannot be
// created under such a directory), as `mpsim run` does: it reads what is
// there, or uses a device generated for the window, and says once on
// standard error, in the words the window shows (ui.Deps.ConfigNotice),
// that changes will not be saved, naming the directory and why. Its
// choices (host-prefs.json, Fyne's preferences) still apply until it
// closes, the demo portal starts, and nothing is written in the
// directory. Before, the window refused such a directory and exited 2
// ("configuration directory … is not writable"). A relative
// MPSIM_CONFIG_DIR, or a file where the directory should be, still stops
// it.
func TestHostOpensOnAReadOnlyConfigDir(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("TMPDIR", t.TempDir())
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		device   bool   // a device is saved before the directory is made read-only
		readOnly bool   // the directory is made read-only
		sub      string // the configuration directory is this one under it
		env      string // MPSIM_CONFIG_DIR instead of the directory
		err      string // openConfigDir's error
		notice   []string
		seed     bool // the notice names a generated device's seed
	}{
		{name: "writable"},
		{name: "read-only, a saved device", device: true, readOnly: true,
			notice: []string{"changes will not be saved: configuration directory ", " is not writable: ", "Dark, Portal inside the host", workspace.ConfigDirEnv}},
		{name: "read-only, no device", readOnly: true,
			notice: []string{"changes will not be saved", " is not writable: "}, seed: true},
		{name: "cannot be created", readOnly: true, sub: "config",
			notice: []string{"changes will not be saved", " does not exist and cannot be created"}, seed: true},
		{name: "relative", env: "relative/config", err: "absolute"},
		{name: "a file", env: file, err: "create configuration directory: mkdir " + file + ": not a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := filepath.Join(t.TempDir(), "config")
			if err := os.Mkdir(base, 0o700); err != nil {
				t.Fatal(err)
			}
			if tc.device {
				h, err := workspace.Open(base, workspace.Options{})
				if err != nil {
					t.Fatal(err)
				}
				_ = h.Close()
			}
			if tc.readOnly {
				readOnly(t, base)
			}
			dir := filepath.Join(base, tc.sub)
			if tc.env != "" {
				dir = tc.env
			}
			t.Setenv(workspace.ConfigDirEnv, dir)

			cfg, err := openConfigDir()
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("openConfigDir: %v, want an error with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("the host refuses its configuration directory: %v", err)
			}
			if cfg.dir != dir || (cfg.unwritable != nil) != tc.readOnly {
				t.Fatalf("openConfigDir = %s, unwritable %v; want %s, unwritable %v", cfg.dir, cfg.unwritable, dir, tc.readOnly)
			}
			if !tc.readOnly {
				if n := cfg.notice(nil) + cfg.windowNotice(nil); n != "" {
					t.Errorf("a writable directory has the notice %q", n)
				}
				return
			}
			before := listDir(t, dir)
			var stderr bytes.Buffer
			h := openWorkspace(cli.Env{Stderr: &stderr, Getenv: os.Getenv}, cfg)
			t.Cleanup(func() { _ = h.Close() })
			notice := cfg.notice(h)
			for _, w := range append(tc.notice, dir) {
				if !strings.Contains(notice, w) {
					t.Errorf("the notice lacks %q: %s", w, notice)
				}
			}
			if got := strings.Contains(notice, "it holds no device: this window uses one generated from seed"); got != tc.seed {
				t.Errorf("the notice names a generated device: %v, want %v: %s", got, tc.seed, notice)
			}
			if n := strings.Count(stderr.String(), "changes will not be saved"); n != 1 || !strings.Contains(stderr.String(), "mpsim: warning: "+notice+"\n") {
				t.Errorf("standard error says it %d times, want once, in the window's words:\n%s", n, stderr.String())
			}
			if got := cfg.windowNotice(h); got != "C"+notice[1:]+"." {
				t.Errorf("the window says %q, want %q as a sentence", got, notice)
			}
			if h.DemoURL() == "" {
				t.Errorf("the demo portal did not start:\n%s", stderr.String())
			}

			// The host's choices and Fyne's apply until the window closes.
			prefs := cfg.hostPrefs()
			prefs.SetBool("dark", true)
			if !prefs.BoolWithFallback("dark", false) {
				t.Error("Dark, ticked, is not the host's choice until the window closes")
			}
			a := test.NewApp()
			t.Cleanup(a.Quit)
			fp := withConfigPrefs(a, dir, cfg.unwritable == nil).Preferences()
			fp.SetString("fyne:fileDialogLastFolder", "file:///srv")
			if got := fp.String("fyne:fileDialogLastFolder"); got != "file:///srv" {
				t.Errorf("Fyne's last folder is %q until the window closes", got)
			}
			if after := listDir(t, dir); !slices.Equal(before, after) {
				t.Errorf("the configuration directory changed:\nbefore %q\nafter  %q", before, after)
			}
		})
	}
}
