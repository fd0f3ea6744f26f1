package cli_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
)

// A scenario file that cannot be parsed is one cell named after it, which
// carries the line of its problem, not line 1: in the JUnit testcase's
// line (where CI annotations point), the HTML report's file:line, the
// --json results and --list. (Before: a TOML syntax error at typo.toml:7:25
// was line="1".)
func TestTestFileThatCannotBeParsedCarriesItsLine(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		says      string
	}{
		{"a TOML syntax error", "[[scenario]]\nname = \"typo\"\nportal = \"https://127.0.0.1:18602/\"\n\n[[scenario.steps]]\nfill = \"#user\"\nvalue = \"ann@example.com\n[[scenario.steps]]\nclick = \"#signin\"\n",
			7, ":7:25: basic strings cannot have new lines"},
		{"a table header not closed", "[[scenario]]\nname = \"t\"\ndemo_choice = \"buy\"\n\n[[scenario.steps]\nclick = \"#buy\"\n", 5, ":5:"},
		{"a key outside every scenario", "# shared\n\ntitle = \"x\"\n[[scenario]]\nname = \"a\"\ndemo_choice = \"buy\"\n", 3, ":3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "typo.toml")
			if err := os.WriteFile(file, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s:%d", file, tt.line)
			junit, html := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.html")
			// --bail: a good scenario's cells are skipped, so no session starts.
			r := mpsim(t, dir, "test", file, "--bail", "--junit", junit, "--html", html, "--json")
			if r.code == cli.ExitOK {
				t.Errorf("exit 0 with a file that cannot be parsed")
			}
			if !strings.Contains(r.stderr, file+tt.says) {
				t.Errorf("exit %d; stderr lacks %q:\n%s", r.code, file+tt.says, r.stderr)
			}
			var results struct {
				Cells []struct {
					ID       string `json:"id"`
					Scenario struct {
						File string `json:"file"`
						Line int    `json:"line"`
					} `json:"scenario"`
				} `json:"cells"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &results); err != nil {
				t.Fatalf("--json: %v\n%s", err, r.stdout)
			}
			found := false
			for _, c := range results.Cells {
				if c.ID == file {
					found = true
					if c.Scenario.File != file || c.Scenario.Line != tt.line {
						t.Errorf("--json: the file's cell is at %s:%d, want %s", c.Scenario.File, c.Scenario.Line, where)
					}
				}
			}
			if !found {
				t.Errorf("--json has no cell %s:\n%s", file, r.stdout)
			}
			data, err := os.ReadFile(junit)
			if err != nil {
				t.Fatal(err)
			}
			var suites struct {
				Suites []struct {
					Cases []struct {
						Name string `xml:"name,attr"`
						File string `xml:"file,attr"`
						Line int    `xml:"line,attr"`
					} `xml:"testcase"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal(data, &suites); err != nil {
				t.Fatal(err)
			}
			found = false
			for _, s := range suites.Suites {
				for _, c := range s.Cases {
					if c.Name == file {
						found = true
						if c.File != file || c.Line != tt.line {
							t.Errorf("JUnit: the file's testcase has file=%q line=%d, want %s", c.File, c.Line, where)
						}
					}
				}
			}
			if !found {
				t.Errorf("JUnit has no testcase %s:\n%s", file, data)
			}
			page, err := os.ReadFile(html)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(page), "<bdi>"+where+"</bdi>") {
				t.Errorf("the HTML report does not place the file's cell at %s", where)
			}
			l := mpsim(t, dir, "test", file, "--list")
			if !strings.Contains(l.stdout, file+"\t"+where+"\tcannot run") {
				t.Errorf("--list does not place the file's cell at %s:\n%s", where, l.stdout)
			}
		})
	}
}
