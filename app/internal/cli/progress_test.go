package cli

import (
	"bytes"
	"strings"
	"testing"

	"mpsim/app/internal/matrix"
)

// TestMatrixLinesEscapeWhatThePageSent: the progress lines and the summary
// of `mpsim test` print what a cell got, and a page decides that (a
// moDirectStatus outside the enum is kept as sent); its escape sequences
// are shown as \x1b…, never sent raw to the terminal (issue 12 item 7).
func TestMatrixLinesEscapeWhatThePageSent(t *testing.T) {
	const hostile = "\x1b]0;pwned\x07\x1b[2J"
	unmet := matrix.CellResult{
		Cell:   matrix.Cell{ID: "buy/esim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "esim", Lang: "en-US"},
		Status: matrix.StatusUnmet,
		Checks: []matrix.Check{{Name: "moDirectStatus", Want: "Complete", Got: hostile}},
	}
	broken := matrix.CellResult{
		Cell:   matrix.Cell{ID: "buy/psim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "psim", Lang: "en-US"},
		Status: matrix.StatusError,
		Error:  "step 2: " + hostile,
	}
	var out bytes.Buffer
	printProgress(&out, 1, 1, 2, unmet)
	printProgress(&out, 1, 2, 2, broken)
	printSummary(&out, matrix.Results{Cells: []matrix.CellResult{unmet, broken}})
	for _, bad := range []string{"\x1b", "\x07"} {
		if strings.Contains(out.String(), bad) {
			t.Errorf("printed %q raw:\n%q", bad, out.String())
		}
	}
	if n := strings.Count(out.String(), `\x1b]0;pwned\x07`); n != 4 {
		t.Errorf("the escaped value appears %d times, want 4 (two progress lines, two summary lines):\n%s", n, out.String())
	}
}
