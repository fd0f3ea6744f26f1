package matrix

import "testing"

func TestChanges(t *testing.T) {
	run := func(cells ...CellResult) Results { return Results{Cells: cells} }
	cell := func(id string, s Status) CellResult { return CellResult{Cell: Cell{ID: id}, Status: s} }
	tests := []struct {
		name          string
		before, after Results
		want          string
	}{
		{"the same", run(cell("a", StatusMet), cell("b", StatusUnmet)), run(cell("a", StatusMet), cell("b", StatusUnmet)),
			"nothing changed in the outcomes of the 2 cells"},
		{"fixed and broken", run(cell("a", StatusMet), cell("b", StatusUnmet), cell("c", StatusMet)),
			run(cell("a", StatusUnmet), cell("b", StatusMet), cell("c", StatusMet)),
			"2 of 3 cells changed: a met → not met; b not met → met"},
		{"new and gone", run(cell("a", StatusMet), cell("old", StatusMet)), run(cell("a", StatusMet), cell("new", StatusError)),
			"2 of 2 cells changed: new new, could not run; old gone"},
		{"interrupted", run(cell("a", StatusMet)), run(cell("a", StatusSkipped)), "1 of 1 cells changed: a met → skipped"},
	}
	for _, tt := range tests {
		if got := ChangesText(Changes(tt.before, tt.after), len(tt.after.Cells)); got != tt.want {
			t.Errorf("%s: %q\n want %q", tt.name, got, tt.want)
		}
	}
}
