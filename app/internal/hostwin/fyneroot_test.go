package hostwin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/theme"
)

// fyneRootChild makes the test binary the child of
// TestFyneLogsNothingWithoutItsDirectory.
const fyneRootChild = "HOSTWIN_TEST_FYNE_ROOT_CHILD"

// Where Fyne's per-user directory cannot be made (HOME read-only, or
// neither HOME nor XDG_CONFIG_HOME set), the host window's Fyne app is
// made and started without a "Fyne error" and without making a "fyne"
// directory in the current one (found by exploratory QA: some seven
// blocks, "Unable to create settings storage" first, on every start, and
// ./fyne/io.github.mpsim with HOME unset); XDG_CONFIG_HOME is as it was
// once the app is made, and a usable directory is left as Fyne's.
func TestFyneLogsNothingWithoutItsDirectory(t *testing.T) {
	if os.Getenv(fyneRootChild) != "" {
		dir := os.Getenv("MPSIM_CONFIG_DIR")
		before, had := os.LookupEnv("XDG_CONFIG_HOME")
		a := newFyneApp(func() fyne.App { return fyneapp.NewWithID("io.github.mpsim") }, dir, true)
		if after, has := os.LookupEnv("XDG_CONFIG_HOME"); after != before || has != had {
			fmt.Printf("XDG_CONFIG_HOME is %q (%v) after the app is made, was %q (%v)\n", after, has, before, had)
		}
		a.Settings().SetTheme(theme.DefaultTheme()) // as Run does before Fyne starts
		a.Preferences().SetString("k", "v")
		return
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	usable := t.TempDir()
	tmp := t.TempDir()
	tests := []struct {
		name string
		env  []string
		made string // a directory Fyne's is made in, "" for none
	}{
		{"HOME that cannot hold .config", []string{"HOME=" + filepath.Join(file, "home")}, ""},
		{"neither HOME nor XDG_CONFIG_HOME", nil, ""},
		{"XDG_CONFIG_HOME that cannot be made", []string{"HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + filepath.Join(file, "config")}, ""},
		{"a usable HOME", []string{"HOME=" + usable}, filepath.Join(usable, ".config", "fyne")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cwd := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestFyneLogsNothingWithoutItsDirectory$", "-test.count=1")
			cmd.Dir = cwd
			cmd.Env = append(without(os.Environ(), "HOME", "XDG_CONFIG_HOME", "MPSIM_CONFIG_DIR", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "TMPDIR"),
				fyneRootChild+"=1", "MPSIM_CONFIG_DIR="+t.TempDir(), "LANG=en_US.UTF-8", "TMPDIR="+tmp)
			cmd.Env = append(cmd.Env, tc.env...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if strings.Contains(string(out), "Fyne error") || strings.Contains(string(out), "XDG_CONFIG_HOME is") {
				t.Errorf("the app was made with:\n%s", out)
			}
			if _, err := os.Stat(filepath.Join(cwd, "fyne")); err == nil {
				t.Error("Fyne's directory was made in the current directory")
			}
			if tc.made != "" {
				if _, err := os.Stat(tc.made); err != nil {
					t.Errorf("Fyne's own directory was not used: %v", err)
				}
			}
		})
	}
}

// without is env without the variables names.
func without(env []string, names ...string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if !strings.Contains(" "+strings.Join(names, " ")+" ", " "+k+" ") {
			out = append(out, kv)
		}
	}
	return out
}

// The stand-in for Fyne's directory is the user's own: one that another
// user made, a link, or one others can write is refused.
func TestFyneStandIn(t *testing.T) {
	uid := os.Getuid()
	tmp := t.TempDir()
	dir, err := fyneStandIn(tmp, uid)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := fyneStandIn(tmp, uid); err != nil || again != dir {
		t.Errorf("the second start: %q, %v; want %q", again, err, dir)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := fyneStandIn(tmp, uid); err == nil {
		t.Error("a stand-in others can write is used")
	}
	if _, err := fyneStandIn(tmp, uid+1); err == nil {
		t.Error("another user's stand-in is used")
	}
	linked := t.TempDir()
	if err := os.Symlink(t.TempDir(), filepath.Join(linked, fmt.Sprintf("mpsim-fyne-%d", uid))); err != nil {
		t.Fatal(err)
	}
	if _, err := fyneStandIn(linked, uid); err == nil {
		t.Error("a link is used as the stand-in")
	}
}
