package cli_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
)

// childEnv makes the test binary run as mpsim (TestMain): asUser runs it
// so as another user.
const childEnv = "MPSIM_TEST_RUN_AS_MPSIM"

// nobody is the user asUser runs mpsim as.
const nobody = 65534

// asUser runs mpsim with args as the user nobody, with the configuration
// directory dir: the test binary, copied where nobody may run it, run
// again with credentials of its own. Root only (the caller skips
// otherwise).
func asUser(t *testing.T, dir string, args ...string) result {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	for d := base; d != filepath.Dir(d) && d != os.TempDir(); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil { // t.TempDir's directories are 0700
			t.Fatal(err)
		}
	}
	bin := filepath.Join(base, "mpsim.test")
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(base, "home")
	hist := filepath.Join(base, "history")
	for _, d := range []string{home, hist} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o777); err != nil { // past the umask
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = base
	cmd.Env = []string{childEnv + "=1", "HOME=" + home, "PATH=" + os.Getenv("PATH"), "LC_ALL=C.UTF-8",
		workspace.ConfigDirEnv + "=" + dir, "MPSIM_HISTORY_DIR=" + hist}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	var out, errOut bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(""), &out, &errOut
	err = cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run the test binary as user %d: %v", nobody, err)
	}
	return result{code, out.String(), errOut.String()}
}

// A configuration directory another user shares read-only (mode 0555,
// with the files mpsim writes, mode 0600): the commands say which file
// cannot be read, whose it is, its mode and how to share a configuration,
// in one message, and each needs only what it uses: url and device show go
// on with a device generated for them, test --list of scenarios naming no
// preset does not read the presets file, presets (which is all about it)
// fails. Before, url, device show, presets and test --list all failed,
// the first two blaming the directory's writability.
func TestSharedConfigDirWithUnreadableFiles(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, to run mpsim as another user")
	}
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if r := mpsim(t, dir, "device", "generate", "--seed", "7"); r.code != cli.ExitOK {
		t.Fatalf("device generate: %d %s", r.code, r.stderr)
	}
	if r := mpsim(t, dir, "presets"); r.code != cli.ExitOK {
		t.Fatalf("presets: %d %s", r.code, r.stderr)
	}
	scenarios := t.TempDir()
	plain := filepath.Join(scenarios, "buy.toml")
	preset := filepath.Join(scenarios, "preset.toml")
	files := map[string]string{
		plain:  "[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\n[scenario.expect]\nstatus = [\"Complete\"]\n",
		preset: "[[scenario]]\nname = \"bad\"\npreset = \"bad-iccid-check-digit\"\ndemo_choice = \"buy\"\n[scenario.expect]\nstatus = [\"Complete\"]\n",
	}
	for path, body := range files {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{scenarios, filepath.Dir(scenarios), filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	device := filepath.Join(dir, workspace.DeviceFileName)
	presets := filepath.Join(dir, workspace.PresetsFileName)
	whose := "it belongs to user 0, not you (user 65534), and its mode is 0600"
	share := "chmod a+r " + dir + "/*"
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string
		stderr   []string
		unwanted []string
		warnings int // that changes will not be saved
	}{
		{"url", []string{"url"}, cli.ExitOK, []string{"https://"},
			[]string{"cannot read " + device + ": " + whose, share, "its device cannot be read", "--seed"}, []string{"holds no device"}, 1},
		{"device show", []string{"device", "show"}, cli.ExitOK, []string{"IMEI:"},
			[]string{"cannot read " + device + ": " + whose, share}, nil, 1},
		{"presets", []string{"presets"}, cli.ExitUsage, nil,
			[]string{"cannot read " + presets + ": " + whose, share}, []string{"not writable", "permission denied"}, 0},
		{"test --list, no preset", []string{"test", "--list", plain}, cli.ExitOK, []string{"buy/"}, nil, []string{"presets"}, 0},
		{"test --list, a preset", []string{"test", "--list", preset}, cli.ExitUsage, nil,
			[]string{"cannot read " + presets + ": " + whose, share}, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := asUser(t, dir, tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tc.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			for _, w := range tc.unwanted {
				if strings.Contains(r.stderr, w) {
					t.Errorf("stderr has %q:\n%s", w, r.stderr)
				}
			}
			if n := strings.Count(r.stderr, "changes will not be saved"); n != tc.warnings {
				t.Errorf("%d warnings that changes will not be saved, want %d:\n%s", n, tc.warnings, r.stderr)
			}
		})
	}
}
