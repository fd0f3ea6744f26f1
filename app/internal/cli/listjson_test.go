package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// listed is a cell as mpsim test --list --json prints it.
type listed struct {
	ID, Scenario, SIM, Language, Languages, File, CannotRun string
	Line                                                    int
}

// CI QA: `mpsim test FILE --list --json` ignored --json and printed the
// tab-separated list. It prints a JSON array of the cells, with why one
// cannot run, and exits as --list does (2 when a scenario has an error).
func TestListJSON(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	bad := filepath.Join(dir, "bad.toml")
	syntax := filepath.Join(dir, "syntax.toml")
	for path, text := range map[string]string{
		good:   "[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\", \"psim\"]\nlanguages = [\"en-US\", \"fr-FR,fr\"]\n",
		bad:    "[[scenario]]\nname = \"x\"\ndemo_choise = \"buy\"\n",
		syntax: "[[scenario]]\nname = \"y\"\ntimeout = 20s\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		files []string
		code  int
		want  []string // id file:line sim language [cannot run: its start]
	}{
		{"cells that run", []string{good}, 0, []string{
			"buy/esim/en-US " + good + ":1 esim en-US",
			"buy/esim/fr-FR " + good + ":1 esim fr-FR",
			"buy/psim/en-US " + good + ":1 psim en-US",
			"buy/psim/fr-FR " + good + ":1 psim fr-FR",
		}},
		{"a broken scenario and a file that does not parse", []string{bad, syntax}, 2, []string{
			syntax + " " + syntax + ":3 cannot run: the scenario file has errors: " + syntax + ":3:",
			"x/esim/en-US " + bad + ":1 esim en-US cannot run: the scenario file has errors: " + bad + ":3:1: unknown key",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mpsim(t, dir, append(append([]string{"test"}, tc.files...), "--list", "--json")...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\n%s", r.code, tc.code, r.stderr)
			}
			var cells []listed
			if err := json.Unmarshal([]byte(r.stdout), &cells); err != nil {
				t.Fatalf("--list --json printed no JSON array: %v\n%s", err, r.stdout)
			}
			if len(cells) != len(tc.want) {
				t.Fatalf("%d cells, want %d:\n%s", len(cells), len(tc.want), r.stdout)
			}
			for i, c := range cells {
				got := strings.TrimSpace(strings.Join([]string{c.ID, c.File + ":" + strconv.Itoa(c.Line), c.SIM, c.Language}, " "))
				if c.CannotRun != "" {
					got += " cannot run: " + c.CannotRun
				}
				if !strings.HasPrefix(got, tc.want[i]) {
					t.Errorf("cell %d: %q\n want it to start with %q", i+1, got, tc.want[i])
				}
			}
		})
	}
}
