package ui

import (
	"fmt"
	"path/filepath"
	"time"

	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// scenarioPresets looks the presets a scenario names up among the
// workspace's (the built-ins and the presets file), re-read each time.
func (s *HostScreen) scenarioPresets() matrix.Presets {
	return func(name string) (simulator.Preset, error) {
		if s.deps.Workspace == nil {
			return matrix.BuiltinPresets(name)
		}
		ps, err := s.deps.Workspace.Presets()
		if err != nil {
			return simulator.Preset{}, fmt.Errorf("presets: %w", err)
		}
		var names []string
		for _, p := range ps {
			if p.Name == name {
				return p, nil
			}
			names = append(names, p.Name)
		}
		return simulator.Preset{}, simulator.UnknownPresetError(name, "among the built-ins and "+filepath.Base(s.deps.Workspace.PresetsFile()), names)
	}
}

// OpenScenario reads a scenario file into the Scenario tab and shows the
// tab; the first of its cells is picked. Scenarios with problems are left
// out (the tab lists the problems); a file with no good scenario is not
// kept: the tab lists them with their file:line, and so does the error.
func (s *HostScreen) OpenScenario(path string) error {
	s.ShowTab(TabScenario)
	if err := s.scen.load(path); err != nil {
		s.status.SetText("The scenario file has problems: see the Scenario tab.")
		return fmt.Errorf("open scenario: %w", err)
	}
	left := ""
	if n := s.scen.leftOut; n > 0 {
		left = fmt.Sprintf("; %s left out with problems (see the Scenario tab)", plural(n, "scenario"))
	}
	s.status.SetText(fmt.Sprintf("Scenario file %s: %s%s.", filepath.Base(path), plural(len(s.scen.cells), "cell"), left))
	return nil
}

// SelectScenarioCell picks the cell with ID id (scenario/sim/language) of
// the open scenario file, as the Cell picker does.
func (s *HostScreen) SelectScenarioCell(id string) { s.scen.cell.SetSelected(id) }

// askScenario picks a scenario file (TOML) with a file dialog.
func (s *HostScreen) askScenario() {
	dir := ""
	if s.scen.file != "" {
		dir = filepath.Dir(s.scen.file)
	}
	s.askOpenPath([]string{".toml"}, dir, func(path string) { _ = s.OpenScenario(path) })
}

// RunScenario runs the picked cell of the open scenario file in the
// normal session path (the portal shows in its pane or window as usual),
// with its steps; the Scenario tab follows them and, at the end, the
// Result shows its expectations met or not. A file edited since it was
// read is read again first (the tab says so); one that now has problems
// shows them and runs nothing this time, its last good version staying
// loaded (the next Run scenario runs it, until the file is fixed).
func (s *HostScreen) RunScenario() {
	if s.isRunning() {
		s.status.SetText("A session is running; run the scenario when it has ended.")
		return
	}
	// The file as it is now: it may have been edited since it was opened.
	if reloaded, err := s.scen.reloadIfChanged(); err != nil {
		s.status.SetText("The scenario file changed and has problems now (see the Scenario tab); its last good version stays loaded: Run scenario runs it.")
		return
	} else if reloaded {
		s.status.SetText(s.scen.reloaded.Text)
	}
	c, ok := s.scen.selected()
	if !ok {
		s.status.SetText("Open a scenario file and pick a cell first.")
		return
	}
	s.runCell(c)
}

// runCell runs cell c of the open scenario file (see RunScenario).
func (s *HostScreen) runCell(c matrix.Cell) {
	switch {
	case s.deps.Workspace == nil:
		s.status.SetText("No host to open the portal with.")
		return
	case s.isRunning():
		s.status.SetText("A session is running; run the scenario when it has ended.")
		return
	}
	req, err := c.Request(time.Now().UnixNano())
	if err != nil {
		s.status.SetText("Cannot run " + c.ID + ": " + err.Error())
		return
	}
	req.StepPause = s.scen.stepPause()
	if c.Scenario.Portal == "" {
		// The cell as written, for this run only: the window's demo
		// portal serves this session (by its transactionId) with the
		// cell's demo_* fields; Open portal keeps the window's.
		demo := cellDemo(c)
		req.Demo = &demo
	}
	plan, err := s.planRequest(req)
	if err != nil {
		s.status.SetText("Cannot run " + c.ID + ": " + err.Error())
		return
	}
	plan.Scenario = c.Scenario.Name
	s.scen.active = &c
	s.ShowTab(TabScenario)
	s.rerunOf = nil
	s.start(plan, fmt.Sprintf("Running scenario %s: %s.", c.ID, plural(len(c.Scenario.Steps), "step")))
}

// scenarioEnded checks the expectations of the scenario cell whose
// session just ended, if it was one, and shows them in the Result.
func (s *HostScreen) scenarioEnded(rep session.Report) {
	c := s.scen.active
	if c == nil {
		return
	}
	checks := matrix.Evaluate(c.Scenario.Expect, rep, time.Since(s.scen.started))
	s.scen.finish(checks, rep.Ended, nil)
	s.result.showChecks(c.ID, checks)
}
