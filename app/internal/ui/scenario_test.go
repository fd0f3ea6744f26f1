package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// stepsScenario is a scenario for an operator's portal: it fills a form,
// chooses a plan and clicks Buy, which makes the portal hand back.
const stepsScenario = `
[[scenario]]
name = "form"
description = "The sample portal's form."
portal = "https://portal.example/buy"
sims = ["psim"]

[[scenario.steps]]
wait_for = "#form"

[[scenario.steps]]
fill = "#email"
value = "ann@example.com"

[[scenario.steps]]
click_text = "Buy now"

[scenario.expect]
status = ["%STATUS%"]
success = true
`

// writeScenario writes a scenario file in a temporary directory.
func writeScenario(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// stepPortal is a portal window that paints, then answers the steps:
// step answers the ones before the click (nil: ok), and the click hands
// back.
func stepPortal(t *testing.T, step func(body string) (string, error)) *sessiontest.FakeOpener {
	return &sessiontest.FakeOpener{
		OnOpen: func(w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowNavigated, URL: w.Spec.URL})
			w.Envelope(envelope("mpsim:firstPaint", w.Spec.URL))
		},
		Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
			if strings.Contains(body, `"action":"click_text"`) {
				portalPlays(t, true)(w)
				return `{"ok":true,"detail":"clicked <button> \"Buy now\""}`, nil
			}
			if step != nil {
				return step(body)
			}
			return `{"ok":true,"detail":"found it"}`, nil
		},
	}
}

// rowTexts are the texts of the Scenario tab's step rows.
func rowTexts(s testScreen) []string {
	var out []string
	for _, r := range s.scen.rows {
		out = append(out, r.Text)
	}
	return out
}

// checkTexts are the expectation lines of the result card.
func checkTexts(s testScreen) []string {
	var out []string
	for _, o := range s.result.checks.Objects {
		out = append(out, o.(*widget.Label).Text)
	}
	return out
}

// A file with a good and a broken scenario: the good one's cells can be
// picked and run, the broken one is left out with its file:line, as mpsim
// test fails its cells and runs the others.
func TestScenarioFileKeepsItsGoodScenarios(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	src := "[[scenario]]\nname = \"good\"\nsims = [\"esim\", \"psim\"]\n\n[[scenario]]\nname = \"typo\"\npreset = \"no-such-preset\"\n"
	if err := s.OpenScenario(writeScenario(t, "mixed.toml", src)); err != nil {
		t.Fatalf("a file with a good scenario was refused: %v", err)
	}
	if got := s.scen.cell.Options; !slices.Equal(got, []string{"good/esim/en-US", "good/psim/en-US"}) {
		t.Errorf("cells = %v", got)
	}
	if !s.scen.problem.Visible() || !strings.Contains(s.scen.problem.Text, "Left out, 1 scenario with problems") ||
		!strings.Contains(s.scen.problem.Text, `mixed.toml:7: scenario "typo": no preset "no-such-preset"`) {
		t.Errorf("problem shown %v: %q", s.scen.problem.Visible(), s.scen.problem.Text)
	}
	if s.scen.runBtn.Disabled() || !strings.Contains(s.status.Text, "2 cells; 1 scenario left out with problems") {
		t.Errorf("run disabled %v, status %q", s.scen.runBtn.Disabled(), s.status.Text)
	}
	// A good file opened next shows no problem.
	if err := s.OpenScenario(writeScenario(t, "good.toml", "[[scenario]]\nname = \"g\"\n")); err != nil || s.scen.problem.Visible() {
		t.Errorf("good file: %v, problem shown %v", err, s.scen.problem.Visible())
	}
}

func TestScenarioFileProblemsShowWithTheirLine(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"bad TOML", "[[scenario]]\nname = \"x\nportal = 1\n", []string{"bad.toml:2:"}},
		{"unknown key", "[[scenario]]\nname = \"x\"\ncolour = \"red\"\n", []string{"bad.toml:3:", `unknown key "scenario.colour"`}},
		{"unknown preset", "[[scenario]]\nname = \"x\"\npreset = \"no-such-preset\"\n", []string{"bad.toml:3:", "no-such-preset"}},
		{"step without action", "[[scenario]]\nname = \"x\"\n[[scenario.steps]]\ntimeout = \"1s\"\n", []string{"bad.toml:", "no action"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestScreen(t, &sessiontest.FakeOpener{})
			err := s.OpenScenario(writeScenario(t, "bad.toml", tc.text))
			if err == nil {
				t.Fatal("the file was accepted")
			}
			if !s.scen.problem.Visible() {
				t.Error("the problem is not shown")
			}
			for _, w := range tc.want {
				if !strings.Contains(s.scen.problem.Text, w) {
					t.Errorf("problem %q lacks %q", s.scen.problem.Text, w)
				}
			}
			if !s.scen.runBtn.Disabled() || !s.scen.cell.Disabled() {
				t.Error("a file with problems can be run")
			}
			s.RunScenario() // nothing to run: no crash, a sentence
			if !strings.Contains(s.status.Text, "Open a scenario file") || len(s.opener.Windows()) != 0 {
				t.Errorf("status %q, %d windows", s.status.Text, len(s.opener.Windows()))
			}
		})
	}
}

func TestScenarioCellsAreListed(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	path := writeScenario(t, "two.toml", `
[[scenario]]
name = "buy"
sims = ["esim", "psim"]
languages = ["en-US", "fr-FR,fr,en"]
`)
	if err := s.OpenScenario(path); err != nil {
		t.Fatal(err)
	}
	want := []string{"buy/esim/en-US", "buy/esim/fr-FR", "buy/psim/en-US", "buy/psim/fr-FR"}
	if !slices.Equal(s.scen.cell.Options, want) {
		t.Errorf("cells = %v, want %v", s.scen.cell.Options, want)
	}
	if s.scen.cell.Selected != want[0] || s.scen.runBtn.Disabled() {
		t.Errorf("picked %q, run disabled %v", s.scen.cell.Selected, s.scen.runBtn.Disabled())
	}
	if s.tabs.Selected().Text != TabScenario {
		t.Errorf("tab %q is shown", s.tabs.Selected().Text)
	}
	if !strings.Contains(s.scen.info.Text, "two.toml:2") || !strings.Contains(s.scen.info.Text, "Expects: verdict pass") {
		t.Errorf("info = %q", s.scen.info.Text)
	}
}

// The picked cell is the one that runs: its SIM kind and languages.
func TestScenarioRunsThePickedCell(t *testing.T) {
	s := newTestScreen(t, stepPortal(t, nil))
	path := writeScenario(t, "cells.toml", `
[[scenario]]
name = "buy"
portal = "https://portal.example/buy"
sims = ["esim", "psim"]
languages = ["en-US", "fr-FR,fr,en"]
[[scenario.steps]]
click_text = "Buy now"
[scenario.expect]
status = ["Complete"]
`)
	if err := s.OpenScenario(path); err != nil {
		t.Fatal(err)
	}
	s.SelectScenarioCell("buy/psim/fr-FR")
	test.Tap(s.scen.runBtn)
	rep := waitReport(t, s, 1)
	w := s.opener.Windows()[0]
	if !slices.Equal(w.Spec.Languages, []string{"fr-FR", "fr", "en"}) {
		t.Errorf("languages = %v", w.Spec.Languages)
	}
	if strings.Contains(w.Spec.URL, "eid=") {
		t.Errorf("a psim cell launched with an eid: %s", w.Spec.URL)
	}
	if rep.Verdict != "pass" {
		t.Errorf("verdict %s, findings %+v", rep.Verdict, rep.Findings)
	}
}

func TestScenarioStepsShowLive(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	s := newTestScreen(t, stepPortal(t, func(body string) (string, error) {
		if strings.Contains(body, `"action":"fill"`) {
			close(entered)
			<-release // the test looks at the rows while the fill runs
		}
		return `{"ok":true,"detail":"found it"}`, nil
	}))
	if err := s.OpenScenario(writeScenario(t, "form.toml", strings.ReplaceAll(stepsScenario, "%STATUS%", "Complete"))); err != nil {
		t.Fatal(err)
	}
	for i, r := range rowTexts(s) {
		if !strings.HasPrefix(r, "○ ") || strings.Contains(r, " — ") {
			t.Errorf("row %d before the run = %q", i+1, r)
		}
	}
	test.Tap(s.scen.runBtn)
	<-entered
	// The rows were written before the fill's script was asked for (the
	// step goroutine logs step 1, then runs step 2), so reading them now
	// is ordered after those writes by the channel.
	if r := s.scen.rows[1]; r.Text != `… 2. fill "#email" with "ann@example.com" — running` || r.Importance != widget.HighImportance {
		t.Errorf("row 2 while it runs = %q", r.Text)
	}
	if r := s.scen.rows[0]; r.Text != `✓ 1. wait_for "#form" — found it` || r.Importance != widget.SuccessImportance {
		t.Errorf("row 1 while step 2 runs = %q", r.Text)
	}
	if s.scen.rows[2].Text != `○ 3. click_text "Buy now"` {
		t.Errorf("row 3 while step 2 runs = %q", s.scen.rows[2].Text)
	}
	if !s.scen.runBtn.Disabled() || !s.scen.openBtn.Disabled() || !s.scen.cell.Disabled() {
		t.Error("the scenario can be changed while it runs")
	}
	close(release)
	waitReport(t, s, 1)
	for i, r := range rowTexts(s) {
		if !strings.HasPrefix(r, "✓ ") {
			t.Errorf("row %d at the end = %q", i+1, r)
		}
	}
	if got := checkTexts(s); len(got) != 2 || got[0] != "met ✓ — moDirectStatus: Complete" || got[1] != "met ✓ — success: true" {
		t.Errorf("checks = %q", got)
	}
	if !s.result.checksBox.Visible() || !strings.Contains(s.result.checksTitle.Text, "form/psim/en-US: 2 of 2 expectations met") {
		t.Errorf("checks title %q", s.result.checksTitle.Text)
	}
	if s.tabs.Selected().Text != TabResult {
		t.Errorf("tab %q is shown at the end", s.tabs.Selected().Text)
	}
	if s.scen.outcome.Importance != widget.SuccessImportance || s.scen.runBtn.Disabled() {
		t.Errorf("outcome %q (%v), run disabled %v", s.scen.outcome.Text, s.scen.outcome.Importance, s.scen.runBtn.Disabled())
	}
}

func TestScenarioOutcomes(t *testing.T) {
	tests := []struct {
		name   string
		status string
		step   func(body string) (string, error)
		rows   []string
		checks []string
	}{
		{"unmet expectation", "Cancelled", nil,
			[]string{"✓ 1.", "✓ 2.", "✓ 3. click_text \"Buy now\" — clicked"},
			[]string{`not met ✗ — moDirectStatus: expected Cancelled, got Complete`, "met ✓ — success: true"}},
		{"failed step", "Complete", func(body string) (string, error) {
			if strings.Contains(body, `"action":"fill"`) {
				return `{"ok":false,"error":"no element matches the selector \"#email\" within 0.1 s"}`, nil
			}
			return `{"ok":true}`, nil
		},
			[]string{"✓ 1.", "✗ 2. fill \"#email\" with \"ann@example.com\" — failed: no element matches", "– 3. click_text \"Buy now\" — not run"},
			[]string{`not met ✗ — moDirectStatus: expected Complete, got no hand-back`, "not met ✗ — success: expected true, got no hand-back",
				`not met ✗ — steps: expected every step done, got step 2 (fill "#email" with "ann@example.com", at %FILE%:11) failed: no element matches the selector "#email" within 0.1 s. The session ended there. The screenshot step-2-failed shows the page then.`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestScreen(t, stepPortal(t, tc.step))
			file := writeScenario(t, "form.toml", strings.ReplaceAll(stepsScenario, "%STATUS%", tc.status))
			if err := s.OpenScenario(file); err != nil {
				t.Fatal(err)
			}
			s.RunScenario()
			waitReport(t, s, 1)
			rows := rowTexts(s)
			for i, want := range tc.rows {
				if i >= len(rows) || !strings.HasPrefix(rows[i], want) {
					t.Errorf("row %d = %q, want %q…", i+1, rows, want)
				}
			}
			got := checkTexts(s)
			want := slices.Clone(tc.checks)
			for i := range want {
				want[i] = strings.ReplaceAll(want[i], "%FILE%", file) // the step's file:line
			}
			if !slices.Equal(got, want) {
				t.Errorf("checks = %q\nwant %q", got, want)
			}
			for i, o := range s.result.checks.Objects {
				if l := o.(*widget.Label); strings.HasPrefix(l.Text, "not met") != (l.Importance == widget.DangerImportance) {
					t.Errorf("check %d %q has importance %v", i+1, l.Text, l.Importance)
				}
			}
			if s.scen.outcome.Importance != widget.DangerImportance {
				t.Errorf("outcome %q is not shown as failed", s.scen.outcome.Text)
			}
		})
	}
}

// A launch from the form after a scenario shows no scenario checks.
func TestFormLaunchAfterScenarioHasNoChecks(t *testing.T) {
	s := newTestScreen(t, stepPortal(t, nil))
	if err := s.OpenScenario(writeScenario(t, "form.toml", strings.ReplaceAll(stepsScenario, "%STATUS%", "Complete"))); err != nil {
		t.Fatal(err)
	}
	s.RunScenario()
	waitReport(t, s, 1)
	if !s.result.checksBox.Visible() {
		t.Fatal("no checks after the scenario")
	}
	s.opener.OnOpen = portalPlays(t, true)
	test.Tap(s.openBtn)
	waitReport(t, s, 2)
	if s.result.checksBox.Visible() || s.scen.active != nil {
		t.Error("the form's launch shows the scenario's checks")
	}
	if n := len(s.opener.Windows()[1].Steps()); n != 0 {
		t.Errorf("the form's launch ran %d steps", n)
	}
}

// The Scenario tab while a cell runs: step 1 passed, step 2 running, the
// rest pending.
func TestGoldenScenarioRunning(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	p := newScenarioPanel(matrix.BuiltinPresets, nil, nil)
	w := test.NewWindow(p.buildUI())
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(640, 560))
	if err := p.load("testdata/scenario_steps.toml"); err != nil {
		t.Fatal(err)
	}
	c, _ := p.selected()
	p.active = &c
	p.begin(c.Scenario.Name)
	p.setRunning(true)
	p.observe(session.LogEntry{At: goldenAt, Kind: session.KindHostEvent, Text: bridge.EventFirstPaint})
	p.observe(session.LogEntry{At: goldenAt, Kind: session.KindStep, Step: &session.StepResult{Index: 1, OK: true, Detail: "<form#form>"}})
	test.AssertRendersToMarkup(t, "scenario_running.xml", w.Canvas())
}

// The result card with a scenario's expectations, one met and one not.
func TestGoldenResultCardScenario(t *testing.T) {
	c, w := goldenResultCard(t)
	rep := failReport()
	rep.Expectation = ""
	c.show(rep)
	c.showChecks("form/psim/en-US", []matrix.Check{
		{Name: "moDirectStatus", Want: "Complete", Got: "Complete", Met: true},
		{Name: "verdict", Want: "pass", Got: "fail", Met: false},
	})
	test.AssertRendersToMarkup(t, "result_scenario.xml", w.Canvas())
}

func TestStepText(t *testing.T) {
	tests := []struct {
		st     stepState
		detail string
		want   string
	}{
		{stepPending, "", `○ 2. click "#buy"`},
		{stepRunning, "", `… 2. click "#buy" — running`},
		{stepPassed, "", `✓ 2. click "#buy"`},
		{stepPassed, "clicked <button#buy>", `✓ 2. click "#buy" — clicked <button#buy>`},
		{stepFailed, "it is disabled", `✗ 2. click "#buy" — failed: it is disabled`},
		{stepNotRun, "", `– 2. click "#buy" — not run`},
	}
	for _, tc := range tests {
		if got := stepText(tc.st, 2, `click "#buy"`, tc.detail); got != tc.want {
			t.Errorf("stepText(%d, %q) = %q, want %q", tc.st, tc.detail, got, tc.want)
		}
	}
}

// Open scenario… asks for the file with a dialog over the window the
// host's dialogs use (the app's first).
func TestOpenScenarioAsksForAFile(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	win := s.window()
	if win == nil || win.Canvas().Overlays().Top() != nil {
		t.Fatal("no window, or an overlay before the tap")
	}
	test.Tap(s.scen.openBtn)
	if win.Canvas().Overlays().Top() == nil {
		t.Error("no file dialog")
	}
}

func TestSlowMotionPausesBeforeEachStep(t *testing.T) {
	s := newTestScreen(t, stepPortal(t, nil))
	if got := s.scen.stepPause(); got != 0 {
		t.Errorf("step pause %s before Slow motion is ticked, want 0", got)
	}
	test.Tap(s.scen.slow)
	if got := s.scen.stepPause(); got != slowStepPause {
		t.Errorf("step pause %s with Slow motion, want %s", got, slowStepPause)
	}
}

// The right-hand panels share the 1240-unit default window with the portal
// pane, which needs about 795 units (800x600 is the portal's frame): no
// panel may ask for more than the rest (a check box does not wrap).
func TestRightPanelsLeaveThePortalItsWidth(t *testing.T) {
	s := newTestScreen(t, stepPortal(t, nil))
	const budget = 436 // 1240 − 795 − the split's handle and padding
	if w := s.tabs.MinSize().Width; w > budget {
		t.Errorf("the Result/Scenario/… tabs need %.0f units, over the %d the portal pane leaves", w, budget)
		for _, it := range s.tabs.Items {
			t.Logf("%s: %v", it.Text, it.Content.MinSize())
		}
	}
	if w := s.portal.tabs.MinSize().Width; w > budget {
		t.Errorf("the Log/Console/… tabs need %.0f units, over the %d the portal pane leaves", w, budget)
	}
}

// Ctrl+R while a scenario cell runs runs that cell again (its launch and
// its steps), not the form's launch; and so does Ctrl+R after it ended.
func TestRelaunchRunsTheScenarioCellAgain(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{ // the steps pass, the portal never hands back
		OnOpen: func(w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowNavigated, URL: w.Spec.URL})
			w.Envelope(envelope("mpsim:firstPaint", w.Spec.URL))
		},
		Step: func(*sessiontest.FakeWindow, string) (string, error) { return `{"ok":true,"detail":"found it"}`, nil },
	})
	path := writeScenario(t, "again.toml", strings.ReplaceAll(strings.ReplaceAll(stepsScenario, "%STATUS%", "Complete"), `sims = ["psim"]`, `sims = ["psim"]
languages = ["de-DE,de"]`))
	if err := s.OpenScenario(path); err != nil {
		t.Fatal(err)
	}
	s.RunScenario()
	waitFor(t, "the scenario's steps", func() bool {
		ws := s.opener.Windows()
		return len(ws) == 1 && len(ws[0].Steps()) == 3
	})
	sc := s.win.Canvas().(fyne.Shortcutable)
	sc.TypedShortcut(ShortcutRelaunch())
	waitFor(t, "the cell's steps again", func() bool {
		ws := s.opener.Windows()
		return len(ws) == 2 && len(ws[1].Steps()) == 3
	})
	if got := s.opener.Windows()[1].Spec.Languages; !slices.Equal(got, []string{"de-DE", "de"}) {
		t.Errorf("relaunched with languages %v, want the cell's", got)
	}
	s.Stop()
	waitFor(t, "the end of the second run", func() bool { return !s.isRunning() })
	sc.TypedShortcut(ShortcutRelaunch())
	waitFor(t, "a third run of the cell", func() bool {
		ws := s.opener.Windows()
		return len(ws) == 3 && len(ws[2].Steps()) == 3
	})
	s.Stop()
	waitFor(t, "the end of the third run", func() bool { return !s.isRunning() })
}

// An inline flow keeps the portal open after its call: the scenario waits
// for the lifecycle step it expects and closes the portal as its user
// would, in the host window as headless; the rows and the ended check say so.
func TestScenarioInlineFlowEndsWithClose(t *testing.T) {
	const inline = `
[[scenario]]
name = "inline"
portal = "https://portal.example/buy"
sims = ["esim"]
timeout = "20s"
[scenario.lifecycle]
download_time = "50ms"
[[scenario.steps]]
wait_lifecycle = "networkRegistered"
timeout = "5s"
[[scenario.steps]]
close = true
[scenario.expect]
ended = "closed"
status = ["Complete"]
`
	md := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"Contoso 5 GB"}`
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowNavigated, URL: w.Spec.URL})
		w.Envelope(envelope("mpsim:firstPaint", w.Spec.URL))
		w.Envelope(envelope("MobilePlansInlineOperations.notifyProfileDownload", w.Spec.URL, json.RawMessage(md), "1$smdp.contoso.example$ABCD-1234"))
		// The page answers the app's two listener calls (activation
		// complete, registration changed), as the shim does: the close
		// step waits for those answers.
		go func() {
			for deadline := time.Now().Add(10 * time.Second); len(w.Evals()) < 2 && time.Now().Before(deadline); {
				time.Sleep(10 * time.Millisecond)
			}
			w.Envelope(envelope(bridge.EventListenerInvoked, w.Spec.URL, map[string]string{"listener": "profileActivationComplete", "name": "onDone"}))
			w.Envelope(envelope(bridge.EventListenerInvoked, w.Spec.URL, map[string]string{"listener": "registrationChanged", "name": "onReg"}))
		}()
	}})
	if err := s.OpenScenario(writeScenario(t, "inline.toml", inline)); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.scen.runBtn)
	rep := waitReport(t, s, 1)
	if rep.Ended != session.EndedClosed {
		t.Errorf("ended %s; log %+v", rep.Ended, rep.Log)
	}
	want := []string{`✓ 1. wait_lifecycle "networkRegistered" — the lifecycle reached networkRegistered`, "✓ 2. close the portal — the user closed the portal"}
	if got := rowTexts(s); !slices.Equal(got, want) {
		t.Errorf("rows = %q\nwant %q", got, want)
	}
	if got := checkTexts(s); !slices.Contains(got, "met ✓ — ended: closed") {
		t.Errorf("checks = %q", got)
	}
}

// shownLabels are the texts of the labels on show under o, each whole
// (a wrapped label is one text).
func shownLabels(o fyne.CanvasObject) []*widget.Label {
	if o == nil || !o.Visible() {
		return nil
	}
	var out []*widget.Label
	switch v := o.(type) {
	case *widget.Label:
		out = append(out, v)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, shownLabels(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, shownLabels(c)...)
		}
	}
	return out
}

// The Scenario tab warns, as mpsim test does (matrix.Warnings), when the
// picked cell asks first for compare_language's language, and says nothing
// for a cell that does not; a file that does not load takes the warning
// away with its cells.
func TestScenarioShowsCompareLanguageWarning(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	path := writeScenario(t, "compare.toml", `
[[scenario]]
name = "localized"
sims = ["esim"]
languages = ["en-US", "fr-FR,fr,en", "fr-FR,en"]
compare_language = "fr-FR,fr,en"
`)
	bad := writeScenario(t, "bad.toml", "[[scenario]\n")
	// warnings are the Scenario tab's labels on show that warn.
	warnings := func() []*widget.Label {
		var out []*widget.Label
		for _, l := range shownLabels(s.scen.root) {
			if strings.Contains(l.Text, "compare_language") {
				out = append(out, l)
			}
		}
		return out
	}
	for _, tc := range []struct {
		file, cell string
		want       string // "" for no warning
	}{
		{path, "localized/esim/en-US", ""},
		{path, "localized/esim/fr-FR,fr,en", `Warning: ` + path + `:6: cell localized/esim/fr-FR,fr,en runs in the languages of compare_language ("fr-FR,fr,en")`},
		{path, "localized/esim/en-US", ""},
		{path, "localized/esim/fr-FR,en", `Warning: ` + path + `:6: cell localized/esim/fr-FR,en asks first for fr-FR, as compare_language ("fr-FR,fr,en") does`},
		{bad, "", ""},
	} {
		if tc.file != s.scen.file {
			_ = s.OpenScenario(tc.file) // bad.toml does not load
		}
		if tc.cell != "" {
			s.SelectScenarioCell(tc.cell)
		}
		ws := warnings()
		if tc.want == "" {
			if len(ws) != 0 {
				t.Errorf("%s %s: warning %q shown", filepath.Base(tc.file), tc.cell, ws[0].Text)
			}
			continue
		}
		if len(ws) != 1 || !strings.HasPrefix(ws[0].Text, tc.want) {
			var texts []string
			for _, l := range ws {
				texts = append(texts, l.Text)
			}
			t.Errorf("%s: warnings shown %q, want one starting %q", tc.cell, texts, tc.want)
			continue
		}
		if ws[0].Importance != widget.WarningImportance {
			t.Errorf("%s: the warning's importance is %v", tc.cell, ws[0].Importance)
		}
	}
}

// buyClickScenario is a scenario file of one cell whose one step clicks
// "Buy", which the tests of edits to a scenario file change.
const buyClickScenario = `
[[scenario]]
name = "buy"
portal = "https://portal.example/buy"
sims = ["psim"]
[[scenario.steps]]
click_text = "Buy"
`

// Run scenario runs the file as it is on disk now: an edit since it was
// opened is read again (the tab says "Reloaded …"), and a file that now has
// problems shows them and runs nothing that time, its last good version
// kept (TestScenarioEditWithProblemsKeepsTheLastGoodVersion). Before, the
// steps first read ran, with no sign that the file had changed.
func TestRunScenarioReadsAnEditedFileAgain(t *testing.T) {
	const before = buyClickScenario
	for _, tc := range []struct {
		name, edit string
		runs       bool
		note       string
		problem    string
	}{
		{name: "unchanged", edit: before, runs: true},
		{name: "a step added", edit: before + "[[scenario.steps]]\nwait_for = \"#done\"\n", runs: true,
			note: "Reloaded edited.toml (it changed on disk): 1 cell; buy/psim/en-US: 2 steps."},
		{name: "a syntax error", edit: before + "[[scenario.steps]]\nwait_for = \n", problem: "edited.toml:9",
			note: "Showing the last good version of edited.toml, read at "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestScreen(t, stepPortal(t, nil))
			path := writeScenario(t, "edited.toml", before)
			if err := s.OpenScenario(path); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(tc.edit), 0o644); err != nil {
				t.Fatal(err)
			}
			test.Tap(s.scen.runBtn)
			if got := s.scen.reloaded.Visible(); got != (tc.note != "") {
				t.Errorf("reload note shown = %v (%q), want %v", got, s.scen.reloaded.Text, tc.note != "")
			}
			if tc.note != "" && !strings.HasPrefix(s.scen.reloaded.Text, tc.note) {
				t.Errorf("reload note %q, want %q", s.scen.reloaded.Text, tc.note)
			}
			if tc.problem != "" && (!s.scen.problem.Visible() || !strings.Contains(s.scen.problem.Text, tc.problem)) {
				t.Errorf("problem shown = %v, %q; want it with %q", s.scen.problem.Visible(), s.scen.problem.Text, tc.problem)
			}
			if !tc.runs {
				if n := len(s.opener.Windows()); n != 0 {
					t.Fatalf("%d portal windows opened for a file with problems, want none", n)
				}
				return
			}
			waitReport(t, s, 1)
			if want := strings.Count(tc.edit, "[[scenario.steps]]"); len(rowTexts(s)) != want {
				t.Errorf("step rows %q, want %d", rowTexts(s), want)
			}
		})
	}
}

// An edit that breaks the open scenario file (a TOML syntax error, an
// unknown key) does not unload it: the last good version stays loaded and
// runnable, the tab shows the problems with their file:line and says the
// last good version is shown, until the file is fixed. Before, the tab
// dropped the file: no cell to pick, Run scenario disabled. The first Run
// that finds the problems runs nothing; the next one runs the last good
// version; once fixed, the file is read again and the problems go.
func TestScenarioEditWithProblemsKeepsTheLastGoodVersion(t *testing.T) {
	const good = buyClickScenario
	fixed := good + "[[scenario.steps]]\nwait_for = \"#done\"\n"
	for _, tc := range []struct {
		name, broken string
		problem      string // in the problems shown, with the file's line
	}{
		{"a syntax error", good + "[[scenario.steps]]\nwait_for = \n", "edited.toml:9"},
		{"an unknown key", strings.Replace(good, `sims = ["psim"]`, "sims = [\"psim\"]\nlanguage = \"fr-FR\"", 1), "edited.toml:6:1: unknown key"},
		{"the file removed", "", "edited.toml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestScreen(t, stepPortal(t, nil))
			path := writeScenario(t, "edited.toml", good)
			if err := s.OpenScenario(path); err != nil {
				t.Fatal(err)
			}
			if tc.broken == "" {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, []byte(tc.broken), 0o644); err != nil {
				t.Fatal(err)
			}
			test.Tap(s.scen.runBtn)
			if n := len(s.opener.Windows()); n != 0 {
				t.Fatalf("the Run that found the problems opened %d portal windows, want none", n)
			}
			if !s.scen.problem.Visible() || !strings.Contains(s.scen.problem.Text, tc.problem) || !strings.Contains(s.scen.problem.Text, "has problems since it was edited") {
				t.Errorf("problems shown = %v, %q; want them with %q", s.scen.problem.Visible(), s.scen.problem.Text, tc.problem)
			}
			if !s.scen.reloaded.Visible() || !strings.HasPrefix(s.scen.reloaded.Text, "Showing the last good version of edited.toml, read at ") {
				t.Errorf("note shown = %v, %q; want it to say the last good version is shown", s.scen.reloaded.Visible(), s.scen.reloaded.Text)
			}
			if s.scen.file != path || s.scen.cell.Selected != "buy/psim/en-US" || s.scen.runBtn.Disabled() || s.scen.cell.Disabled() {
				t.Fatalf("the last good version was not kept: file %q, cell %q, run disabled %v, picker disabled %v",
					s.scen.file, s.scen.cell.Selected, s.scen.runBtn.Disabled(), s.scen.cell.Disabled())
			}
			if !strings.Contains(s.status.Text, "last good version stays loaded") {
				t.Errorf("status %q", s.status.Text)
			}
			// Run again, the file unchanged: the last good version runs.
			test.Tap(s.scen.runBtn)
			waitReport(t, s, 1)
			if got := rowTexts(s); len(got) != 1 {
				t.Errorf("the last good version ran steps %q, want its 1 step", got)
			}
			if !s.scen.problem.Visible() {
				t.Error("the problems went while the file still has them")
			}
			// Fixed (and a step added): read again, the problems go.
			if err := os.WriteFile(path, []byte(fixed), 0o644); err != nil {
				t.Fatal(err)
			}
			test.Tap(s.scen.runBtn)
			waitReport(t, s, 2)
			if s.scen.problem.Visible() {
				t.Errorf("problems still shown after the fix: %q", s.scen.problem.Text)
			}
			if want := "Reloaded edited.toml (it changed on disk): 1 cell; buy/psim/en-US: 2 steps."; s.scen.reloaded.Text != want {
				t.Errorf("note %q, want %q", s.scen.reloaded.Text, want)
			}
			if got := rowTexts(s); len(got) != 2 {
				t.Errorf("the fixed file ran steps %q, want 2", got)
			}
		})
	}
}

// The Scenario tab's "Expects" line names every expectation a scenario
// file can give; before, a scenario expecting only a plan name, an html
// lang or policy statuses read "verdict pass (no [scenario.expect])".
func TestExpectSummaryNamesEveryExpectation(t *testing.T) {
	tests := []struct {
		name   string
		expect matrix.Expect
		want   string
	}{
		{"nothing", matrix.Expect{}, "verdict pass (no [scenario.expect])"},
		{"a plan name", matrix.Expect{PlanName: matrix.Plain("nothing")}, `planName "nothing"`},
		{"plan names by language", matrix.Expect{PlanName: matrix.ByLanguage(map[string]string{"de": "Tarif", "en": "Plan"})}, `planName { de = "Tarif", en = "Plan" }`},
		{"html lang", matrix.Expect{HTMLLang: matrix.Plain("cell")}, "html lang cell"},
		{"policies", matrix.Expect{Policies: map[string]string{"trust-https": "pass", "capabilities-startup-responsive": "warn"}},
			"policy capabilities-startup-responsive warn · policy trust-https pass"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := expectSummary(tc.expect); got != tc.want {
				t.Errorf("expectSummary = %q, want %q", got, tc.want)
			}
		})
	}
}

// The Scenario tab's words are plain text: its help said "(the TOML
// `mpsim test` runs)" with the Markdown backticks shown as they are
// (found by GUI QA).
func TestScenarioTabShowsNoMarkdown(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.ShowTab(TabScenario)
	if text := textOf(s.tabs.Selected().Content); strings.Contains(text, "`") {
		t.Errorf("the Scenario tab shows backticks: %q", text)
	}
}

// A cell for the demo portal's inline API whose page hands back with the
// legacy one at Buy now (this fake portal always does; the demo portal
// itself follows the cell's demo_api, TestScenarioCellRunsWithItsOwnDemoSettings):
// the session ends at the hand-back. The Scenario tab says so above the
// steps, and which expectation was not met; the steps not run say the
// session had ended. Before,
// the tab said only "2 of 3 expectations met", under all the steps, the
// steps "not run" with no reason, and its one hint, "complete the demo
// portal yourself", could not help (found by GUI QA with
// examples/demo-steps.toml's buy-inline-by-steps).
func TestScenarioSaysWhyItsStepsDidNotRun(t *testing.T) {
	s := newTestScreen(t, stepPortal(t, nil))
	path := writeScenario(t, "inline.toml", `
[[scenario]]
name = "inline"
sims = ["esim"]
demo_api = "inline"
[[scenario.steps]]
click_text = "Buy now"
[[scenario.steps]]
wait_lifecycle = "networkRegistered"
[[scenario.steps]]
close = true
[scenario.expect]
status = ["Complete"]
ended = "closed"
`)
	if err := s.OpenScenario(path); err != nil {
		t.Fatal(err)
	}
	if info := s.scen.info.Text; !strings.Contains(info, "inline hand-back") || strings.Contains(info, "yourself") || strings.Contains(info, "start mpsim with") {
		t.Errorf("the cell's description says %q", info)
	}
	test.Tap(s.scen.runBtn)
	rep := waitReport(t, s, 1)
	waitFor(t, "the scenario's outcome", func() bool { return strings.Contains(s.scen.outcome.Text, "expectations met") })
	out := s.scen.outcome.Text
	for _, want := range []string{"not met ✗ — ended: expected closed, got " + rep.Ended} {
		if !strings.Contains(out, want) {
			t.Errorf("the outcome says %q, want %q in it", out, want)
		}
	}
	rows := rowTexts(s)
	for _, r := range rows[1:] {
		if !strings.Contains(r, "not run: the session ended ("+rep.Ended+") before it") {
			t.Errorf("a step not run says %q", r)
		}
	}
	at := func(o fyne.CanvasObject) int { return slices.Index(s.scen.root.Objects, o) }
	if at(s.scen.outcome) < 0 || at(s.scen.outcome) > at(s.scen.steps) {
		t.Errorf("the outcome is at %d in the tab, the steps at %d: want it above them", at(s.scen.outcome), at(s.scen.steps))
	}
}
