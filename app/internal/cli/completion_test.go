package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// The shell completion of the flags whose values are names in the user's
// files (QA: --preset completed only the built-ins; --operator, device
// lpa-error --code and device remove-profile --iccid completed nothing):
// the presets file's presets (the default one, or --config before or after
// the command), the operator profiles of operators.toml and the built-in
// Contoso Mobile, the ESimOperationStatus names but Success, the saved
// eSIM's profile ICCIDs.
func TestCompletionOfNamesInTheUsersFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		workspace.PresetsFileName:   "[[preset]]\nname = \"teampreset\"\nsim = \"esim\"\n",
		workspace.OperatorsFileName: "[[operator]]\nname = \"Fabrikam\"\niccid_prefix = \"894412\"\nsmdp_address = \"smdp.fabrikam.example\"\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mine := filepath.Join(t.TempDir(), "mine.toml")
	if err := os.WriteFile(mine, []byte("[[preset]]\nname = \"minepreset\"\nsim = \"psim\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := mpsim(t, dir, "device", "generate", "--seed", "4"); r.code != cli.ExitOK {
		t.Fatalf("device generate: exit %d\n%s", r.code, r.stderr)
	}
	iccids := savedICCIDs(t, dir)
	tests := []struct {
		name          string
		args          []string
		want, wantNot []string
	}{
		{"--preset: the built-ins and the presets file's", []string{"run", "--preset", ""},
			[]string{"esim-new-customer\n", "teampreset\n"}, []string{"minepreset"}},
		{"--preset of url", []string{"url", "--preset", ""}, []string{"teampreset\n"}, nil},
		{"--preset with --config before the command", []string{"--config", mine, "run", "--preset", ""},
			[]string{"esim-new-customer\n", "minepreset\n"}, []string{"teampreset"}},
		{"--preset with --config after the command", []string{"run", "--config", mine, "--preset", ""},
			[]string{"minepreset\n"}, []string{"teampreset"}},
		{"--operator of run", []string{"run", "--operator", ""}, []string{"Contoso Mobile\n", "Fabrikam\n"}, nil},
		{"--operator of test", []string{"test", "--operator", ""}, []string{"Contoso Mobile\n", "Fabrikam\n"}, nil},
		{"--operator of device generate", []string{"device", "generate", "--operator", ""}, []string{"Fabrikam\n"}, nil},
		{"device lpa-error --code", []string{"device", "lpa-error", "--code", ""},
			[]string{"ServerFailure\n", "ProfileDownloadMaxRetriesExceeded\n"}, []string{"Success\n"}},
		{"device remove-profile --iccid", []string{"device", "remove-profile", "--iccid", ""}, iccids, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mpsim(t, dir, append([]string{"__complete"}, tc.args...)...)
			if r.code != cli.ExitOK {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("completes no %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(r.stdout, w) {
					t.Errorf("completes %q:\n%s", w, r.stdout)
				}
			}
			if !strings.Contains(r.stdout, "\n:4\n") { // ShellCompDirectiveNoFileComp
				t.Errorf("completes file names too:\n%s", r.stdout)
			}
		})
	}
}

// savedICCIDs are the ICCIDs of the profiles of the device saved in dir,
// each as a completion line starts.
func savedICCIDs(t *testing.T, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, workspace.DeviceFileName))
	if err != nil {
		t.Fatal(err)
	}
	var d simulator.Device
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Profiles) == 0 {
		t.Fatal("the generated eSIM holds no profile")
	}
	var out []string
	for _, p := range d.Profiles {
		out = append(out, p.ICCID+"\t")
	}
	return out
}

// A Tab writes nothing: completing in a configuration directory that does
// not exist neither creates it nor the presets file (the commands do on
// first use), and a corrupt device file is left where it is (reading it
// as the commands do would move it aside).
func TestCompletionWritesNothing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "config")
	for _, args := range [][]string{
		{"__complete", "run", "--preset", ""},
		{"__complete", "run", "--operator", ""},
		{"__complete", "device", "remove-profile", "--iccid", ""},
	} {
		if r := mpsim(t, missing, args...); r.code != cli.ExitOK || !strings.Contains(r.stdout, ":4\n") {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatalf("%v made the configuration directory", args)
		}
	}
	dir := t.TempDir()
	device := filepath.Join(dir, workspace.DeviceFileName)
	if err := os.WriteFile(device, []byte(`{"kind": "esim"`), 0o600); err != nil {
		t.Fatal(err)
	}
	mpsim(t, dir, "__complete", "device", "remove-profile", "--iccid", "")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != workspace.DeviceFileName {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the configuration directory holds %q after a Tab, want only the device file", names)
	}
}
