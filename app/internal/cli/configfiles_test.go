package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
)

// A presets or operators file in the configuration directory that cannot
// be parsed stops only what uses it, as one that cannot be read does: the
// scenarios that name a preset (an operator) cannot run, with the file's
// error and its file:line, the others do, and a warning names the file
// once; url without --preset goes on. Before, every scenario stopped with
// "load presets: …".
func TestCorruptPresetsOrOperatorsFileStopsOnlyWhatUsesIt(t *testing.T) {
	scenarios := filepath.Join(t.TempDir(), "mix.toml")
	body := "[[scenario]]\nname = \"plain\"\ndemo_choice = \"buy\"\n[scenario.expect]\nstatus = [\"Complete\"]\n\n" +
		"[[scenario]]\nname = \"preset\"\npreset = \"bad-iccid-check-digit\"\ndemo_choice = \"buy\"\n[scenario.expect]\nstatus = [\"Complete\"]\n\n" +
		"[[scenario]]\nname = \"operator\"\noperator = \"Contoso Mobile\"\ndemo_choice = \"buy\"\n[scenario.expect]\nstatus = [\"Complete\"]\n"
	if err := os.WriteFile(scenarios, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file      string // the corrupt one
		uses      string // the scenario whose cell cannot run
		fine      string // a scenario that needs the other file
		use       string // what the warning says cannot run
		otherArgs []string
	}{
		{workspace.PresetsFileName, "preset", "operator", "name a preset", []string{"url", "--preset", "bad-iccid-check-digit"}},
		{workspace.OperatorsFileName, "operator", "preset", "name an operator", []string{"test", "--list", "--operator", "Contoso Mobile", scenarios}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.file)
			if err := os.WriteFile(path, []byte("\x00\x01garbage"), 0o644); err != nil {
				t.Fatal(err)
			}
			r := mpsim(t, dir, "test", "--list", scenarios)
			if r.code != cli.ExitUsage { // a scenario's cells cannot run
				t.Fatalf("test --list: exit %d, want %d\nstdout: %s\nstderr: %s", r.code, cli.ExitUsage, r.stdout, r.stderr)
			}
			lines := map[string]string{}
			for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				id, rest, _ := strings.Cut(l, "\t")
				scenario, _, _ := strings.Cut(id, "/") // the SIM of a preset that cannot be read is unknown
				lines[scenario] = rest
			}
			for id, cannot := range map[string]bool{"plain": false, tc.fine: false, tc.uses: true} {
				rest, ok := lines[id]
				if !ok {
					t.Errorf("no cell %s listed:\n%s", id, r.stdout)
				} else if strings.Contains(rest, "cannot run") != cannot {
					t.Errorf("cell %s: %q, want cannot run: %v", id, rest, cannot)
				}
			}
			warning := "warning: the " + strings.TrimSuffix(tc.file, ".toml") + " file " + path + " cannot be used, so the scenarios that " + tc.use + " cannot run"
			if n := strings.Count(r.stderr, warning); n != 1 {
				t.Errorf("the warning %q appears %d times, want once:\n%s", warning, n, r.stderr)
			}
			if !strings.Contains(r.stderr, path+":1:1: invalid character") {
				t.Errorf("stderr does not say where the file is broken (%s:1:1):\n%s", path, r.stderr)
			}
			if r := mpsim(t, dir, "url"); r.code != cli.ExitOK {
				t.Errorf("url without a preset: exit %d, want 0\n%s", r.code, r.stderr)
			}
			// What names the file's contents on the command line still stops.
			if r := mpsim(t, dir, tc.otherArgs...); r.code != cli.ExitUsage || !strings.Contains(r.stderr, path+":1:1") {
				t.Errorf("%v: exit %d, want %d naming %s:1:1\n%s", tc.otherArgs, r.code, cli.ExitUsage, path, r.stderr)
			}
		})
	}
}
