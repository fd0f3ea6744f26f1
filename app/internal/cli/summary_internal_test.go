package cli

import (
	"strings"
	"testing"

	"mpsim/app/internal/matrix"
)

// Two cells that meet in one place of the summary matrix (distinct IDs
// rule it out; a hand-written results file may not) show the worse of
// the two, never ✓ over a cell that failed, whatever their order.
func TestSummaryShowsTheWorseOfTwoCellsInOnePlace(t *testing.T) {
	cell := matrix.Cell{ID: "dup/esim/tr-TR", Scenario: matrix.Scenario{Name: "dup"}, SIM: "esim", Languages: "tr-TR", Lang: "tr-TR"}
	tests := []struct {
		statuses []matrix.Status
		want     string
	}{
		{[]matrix.Status{matrix.StatusMet, matrix.StatusUnmet}, "✗"},
		{[]matrix.Status{matrix.StatusUnmet, matrix.StatusMet}, "✗"},
		{[]matrix.Status{matrix.StatusError, matrix.StatusMet}, "!"},
		{[]matrix.Status{matrix.StatusMet, matrix.StatusSkipped}, "-"},
	}
	for _, tc := range tests {
		var res matrix.Results
		for _, st := range tc.statuses {
			res.Cells = append(res.Cells, matrix.CellResult{Cell: cell, Status: st})
		}
		var b strings.Builder
		printSummary(&b, res)
		if want := "\ndup       " + tc.want + "           \n"; !strings.Contains(b.String(), want) {
			t.Errorf("%v: summary\n%s\nwant the row %q", tc.statuses, b.String(), want)
		}
	}
}
