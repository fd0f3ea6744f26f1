package ui

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator/demoportal"
)

// TabScenario is the Scenario tab: a scenario file opened in the window,
// one of its cells run and its steps watched as they run.
const TabScenario = "Scenario"

// stepState is where a scenario step is in the session.
type stepState int

// The step states, in the order a step goes through them.
const (
	stepPending stepState = iota // not reached yet
	stepRunning                  // the host performs it now
	stepPassed                   // done
	stepFailed                   // failed: the session ended there
	stepNotRun                   // the session ended before it
)

// stepText is a step's row: a mark, the step's number and what it does,
// then where it is or what came of it ("✓ 1. click "#buy" — clicked
// <button#buy>", "✗ 2. … — failed: no element …").
func stepText(st stepState, n int, step, detail string) string {
	mark, word := "○", ""
	switch st {
	case stepRunning:
		mark, word = "…", "running"
	case stepPassed:
		mark = "✓"
	case stepFailed:
		mark, word = "✗", "failed"
	case stepNotRun:
		mark, word = "–", "not run"
	}
	text := fmt.Sprintf("%s %d. %s", mark, n, step)
	switch {
	case word != "" && detail != "":
		text += " — " + word + ": " + detail
	case word != "":
		text += " — " + word
	case detail != "":
		text += " — " + detail
	}
	return text
}

// stepImportance colours a step's row; a step not run is dimmed
// (LowImportance, which setTone draws italic).
func stepImportance(st stepState) widget.Importance {
	switch st {
	case stepRunning:
		return widget.HighImportance
	case stepPassed:
		return widget.SuccessImportance
	case stepFailed:
		return widget.DangerImportance
	case stepNotRun:
		return widget.LowImportance
	}
	return widget.MediumImportance
}

// scenarioPanel is the Scenario tab: it opens a scenario file (the same
// TOML `mpsim test` runs), lets the user pick one cell (scenario × SIM
// kind × language), and shows that cell's steps live — pending, running,
// passed or failed — while the session runs in the portal.
type scenarioPanel struct {
	// presets checks the presets a scenario names (the workspace's).
	presets matrix.Presets
	// onOpen asks for a file; onRun runs the picked cell.
	onOpen, onRun func()

	openBtn *widget.Button
	runBtn  *widget.Button
	path    *widget.Label
	problem *widget.Label
	// reloaded says that Run scenario read the file again because it
	// changed on disk since it was read; hidden until it did.
	reloaded *widget.Label
	// leftOut counts the scenarios of the open file left out for problems.
	leftOut int
	cell    *widget.Select
	// warning is what the picked cell's scenario asks that makes its
	// result mean little (matrix.Warnings, as mpsim test warns); hidden
	// when there is nothing to say.
	warning *widget.Label
	slow    *widget.Check
	info    *widget.Label
	steps   *fyne.Container
	outcome *widget.Label
	root    *fyne.Container

	file  string
	cells []matrix.Cell
	// sum is the SHA-256 of file's content as it was read: Run scenario
	// reads the file again when it differs.
	sum [32]byte
	// read is when file was last read with no scenario lost.
	read time.Time
	// stale, once an edit broke the open file, is the SHA-256 of that
	// broken content (zero for a file that cannot be read): the last good
	// version stays loaded, and runs, until the file changes again;
	// hasStale says there is one.
	stale    [32]byte
	hasStale bool
	// rows and states are the picked cell's steps and where each is.
	rows   []*widget.Label
	states []stepState
	// active is the cell whose session runs or ran last (nil: none), and
	// started when it started.
	active  *matrix.Cell
	started time.Time
	// demo is how this window's built-in demo portal was started (the
	// MPSIM_DEMO_CHOICE, MPSIM_DEMO_API, MPSIM_DEMO_BREAK): what Open
	// portal gets; a cell's run gets the cell's demo_* fields instead
	// (cellDemo).
	demo DemoSettings
	// mask, when set, masks the secret values of the session the window
	// shows (liveMask) in a step's row: a fill whose field turned out to
	// be a password field, and another step typing the same value.
	mask func(string) string
}

// DemoSettings is how the host's built-in demo portal was started:
// MPSIM_DEMO_CHOICE, MPSIM_DEMO_API ("" is legacy) and MPSIM_DEMO_BREAK.
type DemoSettings = workspace.DemoSettings

// cellDemo is what the built-in demo portal does in a run of the cell:
// its scenario's demo_choice, demo_api and demo_break_policies as written
// (none: it waits for its user and hands back with the legacy API), as
// mpsim test runs it, whatever this window's demo portal was started with.
func cellDemo(c matrix.Cell) DemoSettings {
	sc := c.Scenario
	return DemoSettings{Choice: sc.DemoChoice, API: sc.DemoAPI, Break: sc.DemoBreakPolicies}
}

// slowStepPause is the wait before each step in slow motion: long enough
// to see what the last step did in the portal.
const slowStepPause = 1500 * time.Millisecond

// stepPause is the wait before each step the panel asks for.
func (p *scenarioPanel) stepPause() time.Duration {
	if p.slow != nil && p.slow.Checked {
		return slowStepPause
	}
	return 0
}

func newScenarioPanel(presets matrix.Presets, onOpen, onRun func()) *scenarioPanel {
	return &scenarioPanel{presets: presets, onOpen: onOpen, onRun: onRun}
}

func (p *scenarioPanel) buildUI() fyne.CanvasObject {
	p.openBtn = widget.NewButtonWithIcon("Open scenario…", theme.FolderOpenIcon(), func() {
		if p.onOpen != nil {
			p.onOpen()
		}
	})
	p.runBtn = widget.NewButtonWithIcon("Run scenario", theme.MediaPlayIcon(), func() {
		if p.onRun != nil {
			p.onRun()
		}
	})
	p.runBtn.Importance = widget.HighImportance
	p.runBtn.Disable()
	p.path = widget.NewLabel("No scenario file open.")
	p.path.Truncation = fyne.TextTruncateEllipsis
	p.problem = widget.NewLabel("")
	p.problem.Wrapping = fyne.TextWrapWord
	p.problem.Selectable = true
	p.problem.Importance = widget.DangerImportance
	p.problem.Hide()
	p.reloaded = widget.NewLabel("")
	p.reloaded.Wrapping = fyne.TextWrapWord
	p.reloaded.Hide()
	p.cell = widget.NewSelect(nil, func(string) { p.onCell() })
	p.cell.PlaceHolder = "(no file)" // a short one: the picker is as wide as it
	p.cell.Disable()
	p.warning = widget.NewLabel("")
	p.warning.Wrapping = fyne.TextWrapWord
	p.warning.Selectable = true
	p.warning.Importance = widget.WarningImportance
	p.warning.Hide()
	// A short label: a check box does not wrap, and its width would take
	// room from the portal pane beside it.
	p.slow = widget.NewCheck(fmt.Sprintf("Slow motion: %s per step", slowStepPause), nil)
	p.info = widget.NewLabel("A scenario file (the TOML file “mpsim test” runs) names a launch, the steps the host performs in the page and what the session must show. Open one, pick a cell and run it: its steps show here as they run, its expectations in the Result. Slow motion waits before each step, so you can follow it in the portal.")
	p.info.Wrapping = fyne.TextWrapWord
	p.info.TextStyle.Italic = true
	p.steps = container.NewVBox()
	p.outcome = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.outcome.Wrapping = fyne.TextWrapWord
	p.outcome.Hide()
	bold := fyne.TextStyle{Bold: true}
	p.root = container.NewVBox(
		container.NewBorder(nil, nil, p.openBtn, nil, p.path),
		p.reloaded,
		p.problem,
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("Cell", fyne.TextAlignLeading, bold), p.runBtn, p.cell),
		p.warning,
		p.slow,
		// How the run went, above its steps: under them, 12 steps pushed
		// it out of sight (found by GUI QA).
		p.outcome,
		widget.NewLabelWithStyle("Steps", fyne.TextAlignLeading, bold),
		p.steps,
		widget.NewSeparator(),
		p.info, // below the steps, which are what one watches
	)
	return p.root
}

// relayout lays the tab out again after rows changed, were shown or hidden.
func (p *scenarioPanel) relayout() {
	p.steps.Refresh()
	p.root.Refresh()
}

// load reads the scenario file at path and lists its cells. Its scenarios
// with problems are left out, each problem shown with its file:line (as
// mpsim test fails their cells and runs the others); a file with no good
// scenario (or one that cannot be read, or a TOML syntax error) keeps
// nothing.
func (p *scenarioPanel) load(path string) error {
	p.active = nil // a new file: the last run's cell is no longer shown
	p.reloaded.Hide()
	p.hasStale = false
	sum, _ := fileSum(path) // an unreadable file fails LoadEach below
	scenarios, broken := matrix.LoadEach([]string{path}, p.presets)
	var err error
	if len(broken) > 0 {
		err = matrix.JoinBroken(broken)
	}
	p.leftOut = 0
	if len(scenarios) == 0 && err != nil {
		p.file, p.cells = "", nil
		p.path.SetText(filepath.Base(path))
		p.problem.SetText(err.Error())
		p.problem.Show()
		p.cell.Options = nil
		p.cell.ClearSelected()
		p.cell.Disable()
		p.runBtn.Disable()
		p.showWarnings(nil)
		p.showSteps(nil)
		p.info.SetText("The file was not loaded; fix it and open it again.")
		return err
	}
	p.show(path, sum, scenarios, broken)
	return nil
}

// show lists the cells of scenarios, read from the file at path whose
// content has the SHA-256 sum, and the broken scenarios left out of it;
// the first cell is picked.
func (p *scenarioPanel) show(path string, sum [32]byte, scenarios []matrix.Scenario, broken []matrix.Broken) {
	p.file, p.sum, p.read, p.hasStale = path, sum, time.Now(), false
	p.cells = matrix.Expand(scenarios, p.presets)
	p.path.SetText(path)
	p.problem.Hide()
	p.leftOut = len(broken)
	if len(broken) > 0 {
		p.problem.SetText(fmt.Sprintf("Left out, %s with problems (their cells cannot run; the others can):\n%s", plural(len(broken), "scenario"), matrix.JoinBroken(broken)))
		p.problem.Show()
	}
	opts := make([]string, len(p.cells))
	for i, c := range p.cells {
		opts[i] = c.ID
	}
	p.cell.Enable()
	p.cell.SetOptions(opts)
	p.cell.ClearSelected()
	if len(opts) == 0 {
		p.info.SetText("The file holds no [[scenario]].")
		p.runBtn.Disable()
		p.showWarnings(nil)
		return
	}
	p.cell.SetSelected(opts[0]) // calls onCell
}

// StaleScenarioError is why Run scenario did not run at once: the open
// scenario file was edited and has problems now, so the tab keeps the
// last good version loaded (Run scenario again runs it) and shows them.
type StaleScenarioError struct {
	// Err lists the problems, each with its file:line.
	Err error
}

func (e *StaleScenarioError) Error() string {
	return "the scenario file has problems since it was edited; the last good version stays loaded: " + e.Err.Error()
}

func (e *StaleScenarioError) Unwrap() error { return e.Err }

// fileSum is the SHA-256 of the content of the file at path.
func fileSum(path string) ([32]byte, error) {
	b, err := os.ReadFile(path) // #nosec G304 -- the scenario file the user opened
	if err != nil {
		return [32]byte{}, fmt.Errorf("read %s: %w", path, err)
	}
	return sha256.Sum256(b), nil
}

// reloadIfChanged reads the open file again when its content changed on
// disk since it was read (Run scenario runs what the file says now, not
// what it said), keeping the picked cell when it is still there, and says
// so in the tab. It reports whether it read the file again.
//
// An edit that broke the file (a TOML syntax error, an unknown key: a
// scenario of the loaded version that no longer loads) does not unload
// it: the last good version stays loaded and runnable, and the tab shows
// the problems with their file:line and says the last good version is
// shown, until the file is fixed. The first Run scenario that finds the
// problems returns a *StaleScenarioError and runs nothing; the next ones,
// while the file stays as it is, run the last good version.
func (p *scenarioPanel) reloadIfChanged() (bool, error) {
	if p.file == "" {
		return false, nil
	}
	sum, _ := fileSum(p.file) // zero when it cannot be read: LoadEach says why
	// Back to the last good content after a broken edit, it is read
	// again: the problems shown go.
	if sum == p.sum && !p.hasStale || p.hasStale && sum == p.stale {
		return false, nil
	}
	path, picked := p.file, p.cell.Selected
	scenarios, broken := matrix.LoadEach([]string{path}, p.presets)
	if lost := p.lost(scenarios, broken); len(lost) > 0 {
		p.keepLastGood(sum, lost)
		return true, &StaleScenarioError{Err: matrix.JoinBroken(lost)}
	}
	p.show(path, sum, scenarios, broken)
	for _, o := range p.cell.Options {
		if o == picked {
			p.cell.SetSelected(picked)
		}
	}
	note := fmt.Sprintf("Reloaded %s (it changed on disk): %s", filepath.Base(path), plural(len(p.cells), "cell"))
	if c, ok := p.selected(); ok {
		note += fmt.Sprintf("; %s: %s", c.ID, plural(len(c.Scenario.Steps), "step"))
	}
	p.reloaded.Importance = widget.MediumImportance
	p.reloaded.SetText(note + ".")
	p.reloaded.Show()
	p.relayout()
	return true, nil
}

// lost returns the problems of a new reading of the open file (scenarios
// good, broken not) that would lose what is loaded now: the whole file's
// (a syntax error, a file that cannot be read or holds no good scenario)
// or a loaded scenario's. Problems of scenarios that were left out
// already do not count: the new reading is no worse for them.
func (p *scenarioPanel) lost(scenarios []matrix.Scenario, broken []matrix.Broken) []matrix.Broken {
	if len(broken) == 0 {
		return nil
	}
	if len(scenarios) == 0 {
		return broken
	}
	loaded := map[string]bool{}
	for _, c := range p.cells {
		loaded[c.Scenario.Name] = true
	}
	var out []matrix.Broken
	for _, b := range broken {
		if b.Index < 0 || loaded[b.Scenario.Name] {
			out = append(out, b)
		}
	}
	return out
}

// keepLastGood shows the problems of the edited file (content sum) over
// the last good version, which stays loaded and runnable.
func (p *scenarioPanel) keepLastGood(sum [32]byte, problems []matrix.Broken) {
	p.stale, p.hasStale = sum, true
	base := filepath.Base(p.file)
	p.problem.SetText(fmt.Sprintf("%s has problems since it was edited (fix them and Run scenario reads it again):\n%s", base, matrix.JoinBroken(problems)))
	p.problem.Show()
	p.reloaded.Importance = widget.WarningImportance
	p.reloaded.SetText(fmt.Sprintf("Showing the last good version of %s, read at %s (%s): Run scenario runs it until the file is fixed.", base, p.read.Format("15:04:05"), plural(len(p.cells), "cell")))
	p.reloaded.Show()
	p.relayout()
}

// selected returns the picked cell.
func (p *scenarioPanel) selected() (matrix.Cell, bool) {
	for _, c := range p.cells {
		if c.ID == p.cell.Selected {
			return c, true
		}
	}
	return matrix.Cell{}, false
}

// onCell shows the picked cell: what it launches, its steps (pending) and
// what it expects.
func (p *scenarioPanel) onCell() {
	c, ok := p.selected()
	if !ok {
		p.runBtn.Disable()
		p.showWarnings(nil)
		return
	}
	p.runBtn.Enable()
	p.showWarnings(matrix.Warnings([]matrix.Cell{c}))
	p.info.SetText(cellInfo(c, p.demo))
	p.showSteps(c.Scenario.Steps)
	p.outcome.Hide()
	p.relayout()
}

// showWarnings shows the picked cell's warnings (matrix.Warnings: the
// lines mpsim test prints as "warning:" before it runs the cell), or hides
// the line when there are none.
func (p *scenarioPanel) showWarnings(ws []string) {
	if len(ws) == 0 {
		p.warning.SetText("")
		p.warning.Hide()
		return
	}
	lines := make([]string, len(ws))
	for i, w := range ws {
		lines[i] = "Warning: " + w
	}
	p.warning.SetText(strings.Join(lines, "\n"))
	p.warning.Show()
}

// cellInfo describes a cell: where it is written, what it launches, how
// many steps it has and what it expects.
func cellInfo(c matrix.Cell, demo DemoSettings) string {
	s := c.Scenario
	var lines []string
	if s.Description != "" {
		lines = append(lines, s.Description)
	}
	lines = append(lines, s.Where()+" · SIM "+string(c.SIM)+" · languages "+c.Languages)
	var launch []string
	if s.Preset != "" {
		launch = append(launch, "preset "+s.Preset)
	}
	if s.Operator != "" {
		launch = append(launch, "operator "+s.Operator)
	}
	if s.Portal != "" {
		launch = append(launch, "portal "+s.Portal)
	} else {
		launch = append(launch, "the built-in demo portal")
	}
	lines = append(lines, "Launch: "+strings.Join(launch, ", "))
	if want := expectSummary(s.Expect); want != "" {
		lines = append(lines, "Expects: "+want)
	}
	if s.Portal == "" {
		lines = append(lines, demoLine(cellDemo(c), demo))
	}
	return strings.Join(lines, "\n")
}

// demoLine says what the demo portal does in a run of a cell (cell, its
// demo_* fields) and, when this window's demo portal (window) does
// otherwise, that Open portal keeps doing that. Before, the cell's demo_*
// fields applied to mpsim test only and this line told the user to start
// mpsim again with MPSIM_DEMO_API and the others (found by GUI QA).
func demoLine(cell, window DemoSettings) string {
	line := "Demo portal in this run, as the scenario says: " + demoText(cell)
	if demoText(window) != demoText(cell) {
		line += "; Open portal keeps this window's: " + demoText(window)
	}
	return line + "."
}

// demoText says what the demo portal does with d.
func demoText(d DemoSettings) string {
	what := "waits for its user"
	if d.Choice != "" {
		what = "completes by itself (" + d.Choice + ")"
	}
	api := orDefault(d.API, demoportal.APILegacy)
	if demoportal.InlineChoice(d.Choice) {
		api = demoportal.APIInline
	}
	what += ", " + api + " hand-back"
	if d.Break {
		what += ", breaks the design policies"
	}
	return what
}

// expectSummary lists what a scenario expects, in short.
func expectSummary(e matrix.Expect) string {
	var out []string
	if e.Verdict != "" {
		out = append(out, "verdict "+e.Verdict)
	}
	if len(e.Status) > 0 {
		out = append(out, "moDirectStatus "+strings.Join(e.Status, " or "))
	}
	if e.Success != nil {
		out = append(out, fmt.Sprintf("success %v", *e.Success))
	}
	if e.Ended != "" {
		out = append(out, "ended "+e.Ended)
	}
	for _, f := range e.Findings {
		out = append(out, "finding "+f)
	}
	for _, f := range e.NoFindings {
		out = append(out, "no "+f)
	}
	if e.MaxDuration > 0 {
		out = append(out, "within "+time.Duration(e.MaxDuration).String())
	}
	if e.PlanName.Given() {
		if e.PlanName.Table() {
			out = append(out, "planName "+e.PlanName.String())
		} else {
			out = append(out, fmt.Sprintf("planName %q", e.PlanName.String()))
		}
	}
	if e.HTMLLang.Given() {
		out = append(out, "html lang "+e.HTMLLang.String())
	}
	for _, id := range slices.Sorted(maps.Keys(e.Policies)) {
		out = append(out, "policy "+id+" "+e.Policies[id])
	}
	if len(out) == 0 {
		return "verdict pass (no [scenario.expect])"
	}
	return strings.Join(out, " · ")
}

// showSteps lists steps, all pending.
func (p *scenarioPanel) showSteps(steps []matrix.Step) {
	p.steps.RemoveAll()
	p.rows, p.states = nil, nil
	if len(steps) == 0 {
		p.steps.Add(widget.NewLabel("No steps: the portal is left to you (or completes by itself)."))
		return
	}
	for range steps {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		p.rows = append(p.rows, l)
		p.states = append(p.states, stepPending)
		p.steps.Add(l)
	}
	for i := range steps {
		p.setStep(i, stepPending, "")
	}
}

// setStep shows step i (from 0) in state st, with what it found or why it
// failed.
func (p *scenarioPanel) setStep(i int, st stepState, detail string) {
	if i < 0 || i >= len(p.rows) || p.active == nil && st != stepPending {
		return
	}
	c, _ := p.selected()
	if p.active != nil {
		c = *p.active
	}
	text := stepText(st, i+1, c.StepString(i), detail)
	if p.mask != nil {
		text = p.mask(text)
	}
	p.states[i] = st
	p.rows[i].Text = text
	setTone(p.rows[i], stepImportance(st))
	p.relayout()
}

// begin follows a session about to start: a session of the active cell
// (run, or retried) shows its steps pending again; any other session
// leaves the scenario.
func (p *scenarioPanel) begin(scenario string) {
	if p.active == nil || scenario == "" || scenario != p.active.Scenario.Name {
		p.active = nil
		return
	}
	p.started = time.Now()
	p.showSteps(p.active.Scenario.Steps)
	p.outcome.Importance = widget.HighImportance
	p.outcome.SetText("Running " + p.active.ID + "…")
	p.outcome.Show()
	p.relayout()
}

// setRunning disables the panel's buttons while a session runs.
func (p *scenarioPanel) setRunning(running bool) {
	if running {
		p.openBtn.Disable()
		p.runBtn.Disable()
		p.cell.Disable() // the steps shown are the running cell's
		return
	}
	p.openBtn.Enable()
	if len(p.cells) > 0 {
		p.cell.Enable()
	}
	if _, ok := p.selected(); ok {
		p.runBtn.Enable()
	}
}

// observe follows the session's log: the steps start at the page's first
// paint, and each step entry says how one went.
func (p *scenarioPanel) observe(e session.LogEntry) {
	if p.active == nil || len(p.rows) == 0 {
		return
	}
	switch {
	case e.Kind == session.KindHostEvent && e.Text == bridge.EventFirstPaint && p.states[0] == stepPending:
		p.setStep(0, stepRunning, "")
	case e.Kind == session.KindStep && e.Step != nil:
		i := e.Step.Index - 1
		if e.Step.OK {
			p.setStep(i, stepPassed, e.Step.Detail)
			p.setStep(i+1, stepRunning, "")
		} else {
			p.setStep(i, stepFailed, e.Step.Error)
		}
	}
}

// finish marks the steps the session did not reach, with why (the
// session ended as ended said, before them), and says how many of the
// cell's expectations were met, which were not, and what may be the
// cause.
func (p *scenarioPanel) finish(checks []matrix.Check, ended string, err error) {
	why := ""
	if ended != "" {
		why = "the session ended (" + ended + ") before it"
	}
	for i, st := range p.states {
		if st == stepPending || st == stepRunning {
			p.setStep(i, stepNotRun, why)
		}
	}
	if err != nil {
		p.outcome.Importance = widget.DangerImportance
		p.outcome.SetText("Could not run " + p.active.ID + ": " + err.Error())
		p.relayout()
		return
	}
	met := 0
	for _, c := range checks {
		if c.Met {
			met++
		}
	}
	p.outcome.Importance = widget.SuccessImportance
	if met < len(checks) {
		p.outcome.Importance = widget.DangerImportance
	}
	lines := []string{fmt.Sprintf("%s: %d of %s met (see the Result).", p.active.ID, met, plural(len(checks), "expectation"))}
	for _, c := range checks {
		if !c.Met {
			lines = append(lines, checkText(c))
		}
	}
	p.outcome.SetText(strings.Join(lines, "\n"))
	p.relayout()
}

// checkText is one expectation as the result card shows it.
func checkText(c matrix.Check) string {
	if c.Met {
		return fmt.Sprintf("met ✓ — %s: %s", c.Name, c.Got)
	}
	return fmt.Sprintf("not met ✗ — %s: expected %s, got %s", c.Name, c.Want, c.Got)
}

// failed follows a session of the active cell that could not run.
func (p *scenarioPanel) failed(err error) {
	if p.active != nil {
		p.finish(nil, "", err)
	}
}
