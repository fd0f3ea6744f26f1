package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
)

// historyActions wires the History tab's buttons to the host screen.
func (s *HostScreen) historyActions() historyActions {
	return historyActions{
		reopen:  s.onReopen,
		rerun:   s.Rerun,
		compare: s.showCompare,
		export: func(e history.Entry, rep session.Report) {
			s.askSavePath(history.ExportName(e, rep), "HTML report written to", func(path string) error {
				return exportReportHTML(path, e, rep)
			})
		},
		delete: s.askDelete,
	}
}

// shownEntry describes the session the result card shows.
func (s *HostScreen) shownEntry() history.Entry { return s.shown }

// Rerun opens the launch of a past session again: the same launch fields
// and transactionId, certificates, notification hosts and lifecycle
// outcomes (the window options are today's: DevTools, placement, Slow
// motion), and a scenario's session its scenario again: its name and its
// steps. Before, the re-run of a scenario cell was a bare launch, without
// its steps, and its History row said "custom launch" (loop QA).
func (s *HostScreen) Rerun(e history.Entry) {
	if s.deps.Workspace == nil {
		s.status.SetText("No host to open the portal with.")
		return
	}
	if s.isRunning() {
		s.status.SetText("A session is running; re-run when it has ended.")
		return
	}
	if missing := e.MissingEnv(); len(missing) > 0 {
		s.cannotStart("Cannot re-run that session: its steps fill values from $" + strings.Join(missing, ", $") + ", not set in the environment mpsim runs in (their values are never written anywhere).")
		return
	}
	if masked := e.MaskedSteps(); len(masked) > 0 {
		s.cannotStart(fmt.Sprintf("Cannot re-run that session: its steps fill %s with a secret written in the scenario, which the history does not keep. Give it with value_env (read from the environment at each run), or run the scenario file again.", quotedList(masked)))
		return
	}
	req := e.Request()
	if len(req.Steps) > 0 {
		req.StepPause = s.scen.stepPause()
	}
	plan, err := s.planRequest(req)
	if err != nil {
		s.cannotStart("Cannot re-run that session: " + err.Error())
		return
	}
	plan.Scenario = e.Scenario
	// Not the Scenario tab's cell (its expectations are not this entry's).
	s.scen.active = nil
	s.rerunOf = &e
	what := "with the same launch"
	if e.Scenario != "" {
		what = fmt.Sprintf("of scenario %s with the same launch and %s", e.Scenario, plural(len(req.Steps), "step"))
	}
	s.start(plan, fmt.Sprintf("Re-running the session of %s %s.", e.Time.Local().Format("2006-01-02 15:04:05"), what))
}

// showCompare shows two sessions side by side in a dialog.
func (s *HostScreen) showCompare(a, b history.Entry, ra, rb session.Report) {
	c := compareReports(a, b, ra, rb)
	s.history.lastCompare = &c
	win := s.hostWindow()
	if win == nil {
		return
	}
	d := dialog.NewCustom("Compare two sessions", "Close", compareView(c), win)
	d.Resize(fyne.NewSize(1100, 600))
	showInfo(win, d)
}

// askDelete deletes a session from the history after asking.
func (s *HostScreen) askDelete(e history.Entry) {
	win := s.hostWindow()
	if win == nil {
		s.deleteEntry(e)
		return
	}
	showConfirm(win, dialog.NewConfirm("Delete this session?", historyLine(e)+"\n\nIts report and files are removed from the history.", func(ok bool) {
		if ok {
			s.deleteEntry(e)
		}
	}, win))
}

// deleteEntry deletes a session from the history; when the Result tab
// shows it, the Result, Log and portal tabs show it no more.
func (s *HostScreen) deleteEntry(e history.Entry) {
	if err := s.history.remove(e); err != nil {
		s.status.SetText(err.Error())
		return
	}
	when := e.Time.Local().Format("2006-01-02 15:04:05")
	if s.result.rep != nil && s.shown.ID != "" && s.shown.ID == e.ID && !s.isRunning() {
		s.result.cleared("The session of " + when + " was deleted from the history.")
		s.log.reset()
		s.portal.reset("")
		s.life.reset()
		s.policies.Set(nil)
		s.shown = history.Entry{}
	}
	s.status.SetText("Deleted the session of " + when + " from the history.")
}

// window is the host's window, for dialogs; nil in tests without one.
func (s *HostScreen) window() fyne.Window {
	a := s.app()
	if a == nil || len(a.Driver().AllWindows()) == 0 {
		return nil
	}
	return a.Driver().AllWindows()[0]
}

// quotedList is names quoted and joined: "a", "a" and "b", "a", "b" and "c".
func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
