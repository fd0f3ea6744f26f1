package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// stepsRun are the steps a session's log says it performed in the page.
func stepsRun(rep *session.Report) []string {
	var out []string
	for _, e := range rep.Log {
		if e.Kind == session.KindStep && e.Step != nil {
			out = append(out, e.Step.Step.String())
		}
	}
	return out
}

// A History Re-run of a session run from the Scenario tab runs the
// scenario again: its steps and its name. Before, it re-ran the launch
// fields alone: the steps were lost (the demo portal, waiting for its
// user, was never bought from), and the new History row said "custom
// launch" (loop QA).
func TestRerunOfAScenarioSessionRunsItsStepsAgain(t *testing.T) {
	const cell = `
[[scenario]]
name = "buy-by-steps"
sims = ["esim"]
timeout = "6s"
[[scenario.steps]]
click_text = "Buy now"
[scenario.expect]
status = ["Complete"]
ended = "handBack"
`
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	opener := demoPageOpener(t) // the window's demo portal waits for its user
	s, _ := historyScreen(t, t.TempDir(), store, opener)
	if err := s.OpenScenario(writeScenario(t, "cell.toml", cell)); err != nil {
		t.Fatal(err)
	}
	s.RunScenario()
	rep := waitReport(t, s, 1)
	if calls := callNames(rep); !slices.Contains(calls, bridge.APIDataMartNotifyPurchaseResult) {
		t.Fatalf("the cell's own run called %q, want the hand-back its step leads to", calls)
	}
	want := stepsRun(rep)
	if len(want) != 1 {
		t.Fatalf("the cell's own run performed steps %q, want its one step", want)
	}

	s.ShowTab(TabHistory)
	s.history.reload()
	s.history.list.Select(0)
	e, ok := s.history.selectedEntry()
	if !ok || e.Scenario != "buy-by-steps" || len(e.Launch.Steps) != 1 {
		t.Fatalf("selected %+v, want the cell's session with its step", e)
	}
	test.Tap(s.history.rerunBtn)
	again := waitReport(t, s, 2)
	if got := stepsRun(again); !slices.Equal(got, want) {
		t.Errorf("the re-run performed steps %q, want the scenario's %q", got, want)
	}
	if calls := callNames(again); !slices.Contains(calls, bridge.APIDataMartNotifyPurchaseResult) || again.Ended != session.EndedHandBack {
		t.Errorf("the re-run called %q and ended %s, want the hand-back its step leads to", calls, again.Ended)
	}
	s.history.reload()
	if len(s.history.entries) != 2 {
		t.Fatalf("the history lists %d sessions, want 2", len(s.history.entries))
	}
	newest := s.history.entries[0]
	if newest.Scenario != "buy-by-steps" || len(newest.Launch.Steps) != 1 {
		t.Errorf("the re-run's entry: scenario %q, steps %+v; want the scenario and its step", newest.Scenario, newest.Launch.Steps)
	}
	if line := historyLine(newest); !strings.Contains(line, "scenario buy-by-steps") || strings.Contains(line, "custom launch") {
		t.Errorf("the re-run's History row says %q, want the scenario's name", line)
	}
}

// The Re-run of a session whose secret literal fill the history kept as
// "••••" refuses, saying why and what to do, and starts nothing: before,
// the entry held the value in clear and re-ran it (hostile-QA).
func TestRerunRefusesAMaskedSecretLiteral(t *testing.T) {
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	opener := demoPageOpener(t)
	s, _ := historyScreen(t, t.TempDir(), store, opener)
	e := history.Entry{ID: "x", Scenario: "sign-in", Launch: history.Launch{Steps: []session.Step{
		{Action: session.StepFill, Target: "#password", Value: session.Masked, Secret: true},
		{Action: session.StepFill, Target: "#pin", ValueEnv: "HOME", Secret: true},
		{Action: session.StepClick, Target: "#go"},
	}}}
	s.Rerun(e)
	got := s.status.Text
	for _, want := range []string{"Cannot re-run", `"#password"`, "value_env", "run the scenario file again"} {
		if !strings.Contains(got, want) {
			t.Errorf("the status says %q, want %q in it", got, want)
		}
	}
	if s.isRunning() || len(opener.Windows()) != 0 {
		t.Error("the re-run started a session")
	}
}
