package cli

import (
	"strings"
	"testing"

	"mpsim/app/internal/matrix"
)

// CI QA: merging a shard cut by its job's timeout exited 1 with nothing on
// standard error.
func TestStoppedShardsAreNamed(t *testing.T) {
	parts := []matrix.Results{
		{From: "results/shard-1.json", Shard: "1/3"},
		{From: "results/shard-2.json", Shard: "2/3", Stopped: matrix.StoppedInterrupted},
		{From: "results/shard-3.json", Shard: "3/3", Stopped: matrix.StoppedDisplay, DisplayEnded: "the X display :99 (the private Xvfb, PID 4242) ended: signal: killed"},
		{From: "results/bail.json", Stopped: matrix.StoppedBail},
	}
	got := stoppedShards(parts)
	want := []string{
		"results/shard-2.json (shard 2/3) is of a run that was interrupted",
		"results/shard-3.json (shard 3/3) is of a run that could not go on: the X display :99 (the private Xvfb, PID 4242) ended: signal: killed",
		"results/bail.json is of a run --bail stopped",
	}
	if len(got) != len(want) {
		t.Fatalf("stoppedShards = %q, want %d lines", got, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("line %d = %q, want it to start %q", i+1, got[i], w)
		}
	}
}

// CI QA: --bail after a file that could not run left every other cell
// skipped and exited 1, which says others ran.
func TestExitWhenNoCellRan(t *testing.T) {
	cell := func(s matrix.Status) matrix.CellResult { return matrix.CellResult{Status: s} }
	tests := []struct {
		name  string
		cells []matrix.CellResult
		want  int
	}{
		{"all met", []matrix.CellResult{cell(matrix.StatusMet)}, ExitOK},
		{"one could not run, the rest skipped", []matrix.CellResult{cell(matrix.StatusError), cell(matrix.StatusSkipped), cell(matrix.StatusSkipped)}, ExitUsage},
		{"none could run", []matrix.CellResult{cell(matrix.StatusError), cell(matrix.StatusError)}, ExitUsage},
		{"one could not run, one met", []matrix.CellResult{cell(matrix.StatusError), cell(matrix.StatusMet)}, ExitFindings},
		{"one not met, the rest skipped", []matrix.CellResult{cell(matrix.StatusUnmet), cell(matrix.StatusSkipped)}, ExitFindings},
		{"all skipped (interrupted)", []matrix.CellResult{cell(matrix.StatusSkipped)}, ExitFindings},
	}
	for _, tc := range tests {
		if got := exitFor(matrix.Results{Cells: tc.cells}); got != tc.want {
			t.Errorf("%s: exit %d, want %d", tc.name, got, tc.want)
		}
	}
}
