package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mpsim/app/internal/matrix"
	"mpsim/bridge"
)

// Every printer of mpsim that puts page text (or text from a file anyone
// may have written: a shard's results, a scenario file) on a terminal
// shows its control characters in one notation, Go's quoted-string one
// that %q writes (\x1b, \a, \u202e), never raw and never as JSON's \u001b.
func TestPrintersEscapePageTextOneWay(t *testing.T) {
	const hostile = "\x1b]0;pwned\x07\u202e"
	quoted := strconv.Quote(hostile)
	want := quoted[1 : len(quoted)-1] // \x1b]0;pwned\a\u202e

	cell := func(id, name, lang string, st matrix.Status) matrix.CellResult {
		return matrix.CellResult{Cell: matrix.Cell{ID: id, Scenario: matrix.Scenario{Name: name, File: "s.toml", Line: 1}, SIM: "esim", Lang: lang}, Status: st, Checks: []matrix.Check{}}
	}
	unmet := cell("buy/esim/"+hostile, "buy", hostile, matrix.StatusUnmet)
	unmet.Checks = []matrix.Check{{Name: "moDirectStatus", Want: "Complete", Got: hostile}}
	broken := cell("x"+hostile+"/esim/en-US", "x"+hostile, "en-US", matrix.StatusError)
	broken.Error = "step 2: " + hostile
	finding := bridge.Finding{Code: "enum-unknown", Severity: bridge.SeverityError, Message: "got " + hostile}
	payload, err := json.Marshal(map[string]any{"success": false, "purchaseResult": map[string]any{"moDirectStatus": hostile, "planName": hostile, "line": hostile}})
	if err != nil {
		t.Fatal(err)
	}
	arg, err := json.Marshal(string(payload))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		print func(w *bytes.Buffer)
	}{
		{"live progress (printProgress)", func(w *bytes.Buffer) {
			printProgress(w, 1, 1, 2, unmet, nil)
			printProgress(w, 1, 2, 2, broken, nil)
		}},
		{"summary table (printSummary)", func(w *bytes.Buffer) {
			printSummary(w, matrix.Results{Cells: []matrix.CellResult{unmet, broken}})
		}},
		{"--list (listCells)", func(w *bytes.Buffer) {
			listCells(w, []matrix.Cell{broken.Cell}, nil, false)
		}},
		{"scenario file errors (printScenarioErrors)", func(w *bytes.Buffer) {
			printScenarioErrors(w, []matrix.Broken{{File: "s.toml", Errors: []error{errors.New("s.toml:3: " + hostile)}}}, false, matrix.Mask)
		}},
		{"files not read (printSkippedFiles)", func(w *bytes.Buffer) {
			printSkippedFiles(w, "", []matrix.SkippedFile{{File: hostile + ".toml", Reason: "no [[scenario]] table"}})
		}},
		{"mpsim run's worst findings (printWorst)", func(w *bytes.Buffer) {
			printWorst(w, []bridge.Finding{finding})
		}},
		{"mpsim validate (printResult, findings from the bridge)", func(w *bytes.Buffer) {
			res, findings := bridge.DecodeLegacy(arg, bridge.Expectation{})
			printResult(w, &res, findings)
		}},
		{"report merge's refusal", func(w *bytes.Buffer) {
			dir := t.TempDir()
			for i, shard := range []string{"1/2", "2/2"} {
				data, err := json.Marshal(matrix.Results{Tool: "mpsim", Shard: shard, Cells: []matrix.CellResult{unmet}})
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i)+".json"), data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			cmdReportMerge(&reportOptions{}, []string{dir}, Env{Stdout: w, Stderr: w})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			tt.print(&out)
			got := out.String()
			if strings.ContainsAny(got, "\x1b\x07\u202e") {
				t.Errorf("printed a control character raw:\n%q", got)
			}
			if !strings.Contains(got, want) {
				t.Errorf("output lacks %s, the value as %%q writes it:\n%s", want, got)
			}
			if strings.Contains(got, `\u001b`) || strings.Contains(got, `\x07`) {
				t.Errorf("output writes an escape in another notation (\\u001b or \\x07):\n%s", got)
			}
		})
	}
}
