package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/history"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/app/internal/settings"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// TestLastDurationsTakeTheNewestRunOfTheCell: `mpsim test` orders its cells
// by their newest run in the history, matched by scenario, SIM kind,
// language and demo portal or not; other sources and entries without a
// duration lend nothing.
func TestLastDurationsTakeTheNewestRunOfTheCell(t *testing.T) {
	s := &history.Store{Dir: filepath.Join(t.TempDir(), "h")}
	if lastDurations(s) != nil {
		t.Fatal("an empty history knows durations")
	}
	save := func(source, scenario string, sim simulator.SIMKind, lang string, demo bool, took time.Duration) {
		t.Helper()
		opened := time.Now()
		plan := workspace.Plan{Scenario: scenario, Demo: demo}
		plan.Config.Device.Kind = sim
		plan.Config.Languages = []string{lang, "en"}
		rep := session.Report{Opened: opened, Log: []session.LogEntry{{At: opened.Add(took)}}}
		if _, err := s.Save(history.Record{Entry: history.EntryFor(source, plan, rep), Report: rep}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // entries are ordered by their time
	}
	save(history.SourceTest, "buy", simulator.KindESIM, "fr-FR", true, 9*time.Second)
	save(history.SourceTest, "buy", simulator.KindESIM, "fr-FR", true, 3*time.Second) // newer
	save(history.SourceRun, "buy", simulator.KindPSIM, "fr-FR", true, 7*time.Second)  // not a test cell
	save(history.SourceTest, "buy", simulator.KindESIM, "de-DE", false, 5*time.Second)
	expected := lastDurations(s)
	if expected == nil {
		t.Fatal("no durations from a history of test cells")
	}
	cell := func(name string, sim simulator.SIMKind, lang, portal string) matrix.Cell {
		return matrix.Cell{ID: name, Scenario: matrix.Scenario{Name: name, Portal: portal}, SIM: sim, Lang: lang}
	}
	tests := []struct {
		name string
		cell matrix.Cell
		want time.Duration
	}{
		{"the newest run", cell("buy", simulator.KindESIM, "fr-FR", ""), 3 * time.Second},
		{"only mpsim run's", cell("buy", simulator.KindPSIM, "fr-FR", ""), 0},
		{"another portal's", cell("buy", simulator.KindESIM, "de-DE", "https://portal.example/"), 5 * time.Second},
		{"the demo's is not another portal's", cell("buy", simulator.KindESIM, "de-DE", ""), 0},
		{"never run", cell("cancel", simulator.KindESIM, "fr-FR", ""), 0},
	}
	for _, tt := range tests {
		if got := expected(tt.cell); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A bad MPSIM_HISTORY_KEEP is said, not ignored, by the commands that save
// sessions (the default stays).
func TestBadHistoryKeepIsSaid(t *testing.T) {
	var errOut bytes.Buffer
	dir := t.TempDir()
	env := Env{Stderr: &errOut, Getenv: func(k string) string {
		return map[string]string{settings.HistoryKeep: "off", settings.HistoryDir: dir}[k]
	}}
	var err error
	env.Settings, err = settings.Read(env.Getenv)
	if err == nil {
		t.Fatal("settings.Read took MPSIM_HISTORY_KEEP=off")
	}
	_ = historyStore(env)
	if !strings.Contains(errOut.String(), `MPSIM_HISTORY_KEEP="off" is not a whole number of 0 or more (0 saves none): the history keeps the default 200 sessions`) {
		t.Errorf("stderr %q", errOut.String())
	}
}

// A session whose save a kill stopped after it was whole is finished when
// a command opens the history, and said with where its report is.
func TestHistoryStoreSaysWhatItRecovered(t *testing.T) {
	dir := t.TempDir()
	s := &history.Store{Dir: dir}
	e, err := s.Save(history.Record{Report: session.Report{Verdict: "pass"}})
	if err != nil {
		t.Fatal(err)
	}
	// What a kill between the entry's write and the rename leaves.
	staging := filepath.Join(dir, ".tmp-123")
	if err := os.Rename(filepath.Join(dir, e.ID), staging); err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	env := Env{Stderr: &errOut, Getenv: func(k string) string { return map[string]string{settings.HistoryDir: dir}[k] }}
	if historyStore(env) == nil {
		t.Fatalf("no history: %s", errOut.String())
	}
	want := "mpsim: the history in " + dir + " held session " + e.ID + " half saved (an mpsim was stopped while saving it); it is now saved whole" +
		" (its report: " + filepath.Join(dir, e.ID, history.ReportFile) + ")\n"
	if errOut.String() != want {
		t.Errorf("stderr %q\nwant   %q", errOut.String(), want)
	}
	if _, err := os.Stat(filepath.Join(dir, e.ID, history.ReportFile)); err != nil {
		t.Errorf("the session is not in place: %v", err)
	}
}

// TestCutShortCellsAreNotSaved: a cell of `mpsim test` that --bail or an
// interrupt (SIGINT, SIGTERM) cut short is skipped in the run's reports and
// is not saved in the history either (it was, as a no-callback session
// whose duration was the seconds it ran before the stop). Cells that end
// otherwise, and `mpsim run`'s sessions, are saved as ever.
func TestCutShortCellsAreNotSaved(t *testing.T) {
	tests := []struct {
		name, source, ended string
		display             matrix.Display
		saved               bool
	}{
		{"cell cut short", history.SourceTest, session.EndedCancelled, nil, false},
		{"cell timed out", history.SourceTest, session.EndedTimeout, nil, true},
		{"cell handed back", history.SourceTest, session.EndedHandBack, nil, true},
		{"cell whose step failed", history.SourceTest, session.EndedStepFailed, nil, true},
		{"mpsim run cut short", history.SourceRun, session.EndedCancelled, nil, true},
		{"cell whose display ended", history.SourceTest, session.EndedCrashed, endedDisplay{errors.New("the X display :99 ended")}, false},
		{"cell on a display still up", history.SourceTest, session.EndedCrashed, endedDisplay{}, true},
	}
	for _, tc := range tests {
		// Saved alone (Record) or with the cell's outcome (RecordCell, as
		// matrix.RunCell saves a cell's session).
		for _, withOutcome := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, with its outcome %t", tc.name, withOutcome), func(t *testing.T) {
				s := &history.Store{Dir: t.TempDir()}
				opened := time.Now()
				rep := session.Report{Ended: tc.ended, Verdict: "no-callback", Opened: opened,
					Log: []session.LogEntry{{At: opened.Add(3536 * time.Millisecond)}}}
				rec := recorderOn(s, tc.source, tc.display)
				plan := workspace.Plan{Scenario: "soak-buy"}
				var id string
				var err error
				if withOutcome {
					id, err = rec.(matrix.CellRecorder).RecordCell(plan, rep, matrix.CellOutcome{Status: matrix.StatusUnmet})
				} else {
					id, err = rec.Record(plan, rep)
				}
				if err != nil {
					t.Fatal(err)
				}
				list, _, err := s.List()
				if err != nil {
					t.Fatal(err)
				}
				want := 0
				if tc.saved {
					want = 1
				}
				if len(list) != want || (id != "") != tc.saved || (tc.saved && list[0].ID != id) {
					t.Errorf("saved %d sessions, ID %q; want %d", len(list), id, want)
				}
				if tc.saved && withOutcome && (list[0].Cell == nil || list[0].Cell.Status != matrix.StatusUnmet) {
					t.Errorf("the entry keeps the cell's outcome as %+v", list[0].Cell)
				}
			})
		}
	}
}

// endedDisplay is a matrix.Display that ended with err (nil: up).
type endedDisplay struct{ err error }

func (d endedDisplay) Done() <-chan struct{} { return nil }
func (d endedDisplay) Ended() error          { return d.err }

// TestLastDurationsPassOverCutShortCells: a history saved before cut-short
// cells were left out holds them (3.5 s of a cell that takes 12 s); the
// next --parallel run orders its cells by the last run that ended, not by
// them.
func TestLastDurationsPassOverCutShortCells(t *testing.T) {
	s := &history.Store{Dir: t.TempDir()}
	save := func(ended string, took time.Duration) {
		t.Helper()
		opened := time.Now()
		plan := workspace.Plan{Scenario: "soak-buy", Demo: true}
		plan.Config.Device.Kind = simulator.KindESIM
		plan.Config.Languages = []string{"ja-JP", "ja", "en"}
		rep := session.Report{Ended: ended, Opened: opened, Log: []session.LogEntry{{At: opened.Add(took)}}}
		if _, err := s.Save(history.Record{Entry: history.EntryFor(history.SourceTest, plan, rep), Report: rep}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // entries are ordered by their time
	}
	save(session.EndedHandBack, 12*time.Second)
	save(session.EndedCancelled, 3536*time.Millisecond) // newer, cut short
	expected := lastDurations(s)
	if expected == nil {
		t.Fatal("no durations")
	}
	cell := matrix.Cell{Scenario: matrix.Scenario{Name: "soak-buy"}, SIM: simulator.KindESIM, Lang: "ja-JP"}
	if got := expected(cell); got != 12*time.Second {
		t.Errorf("the cell is expected to take %v, want 12s (its last run that ended)", got)
	}
}
