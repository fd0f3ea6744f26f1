package cli

import (
	"slices"
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

// TestSummaryAlignsWideNames: the summary matrix pads scenario and column
// names to their display width (textWidth), so every row's marks start at
// the terminal column of their column's name, whether the names are ASCII,
// CJK (two columns a character) or carry combining marks (none). Before,
// it padded by characters: a CJK name pushed its row's marks right.
func TestSummaryAlignsWideNames(t *testing.T) {
	cellOf := func(scenario, lang string, st matrix.Status) matrix.CellResult {
		return matrix.CellResult{Cell: matrix.Cell{ID: scenario + "/esim/" + lang, Scenario: matrix.Scenario{Name: scenario}, SIM: "esim", Languages: lang, Lang: lang}, Status: st}
	}
	tests := []struct {
		name  string
		cells []matrix.CellResult
	}{
		{"a CJK scenario and an ASCII one", []matrix.CellResult{
			cellOf("購入フロー", "en-US", matrix.StatusMet), cellOf("buy", "en-US", matrix.StatusUnmet), cellOf("buy", "fr-FR", matrix.StatusMet)}},
		{"a combining mark", []matrix.CellResult{
			cellOf("cafe\u0301-checkout-flow", "en-US", matrix.StatusMet), cellOf("buy", "en-US", matrix.StatusMet)}},
		{"a CJK column", []matrix.CellResult{
			cellOf("buy", "日本語", matrix.StatusMet), cellOf("buy", "en-US", matrix.StatusUnmet), cellOf("購入", "日本語", matrix.StatusError)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			printSummary(&b, matrix.Results{Cells: tc.cells})
			lines := strings.Split(strings.TrimPrefix(b.String(), "\n"), "\n")
			header := lines[0]
			var cols []string
			for _, c := range tc.cells {
				if col := c.Column(); !slices.Contains(cols, col) {
					cols = append(cols, col)
				}
			}
			slices.Sort(cols)
			// Where each column starts on the screen, from the header.
			var starts []int
			for _, col := range cols {
				i := strings.Index(header, "  "+col)
				if i < 0 {
					t.Fatalf("header %q has no column %q", header, col)
				}
				starts = append(starts, textWidth(header[:i])+2)
			}
			rows := 0
			for _, line := range lines[1:] {
				if line == "" {
					break
				}
				rows++
				// The marks' screen columns: the non-space characters after
				// the scenario name, which ends at the first double space.
				end := strings.Index(line, "  ")
				var marks []int
				for i, r := range line {
					if i > end && r != ' ' {
						marks = append(marks, textWidth(line[:i]))
					}
				}
				if !slices.Equal(marks, starts) {
					t.Errorf("row %q has its marks at columns %v, the header's columns start at %v\n%s", line, marks, starts, b.String())
				}
			}
			if rows == 0 {
				t.Fatalf("no rows in\n%s", b.String())
			}
		})
	}
}
