package ui

import (
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/history"
	"mpsim/app/internal/sessiontest"
)

// The presenter's Start again repeats the launch of the session just
// shown: after a History Re-run, the re-run's (its languages and
// transactionId), not the form's; after a launch of the form, the form's.
// Before, it always opened the form's launch.
func TestStartAgainRepeatsTheSessionJustShown(t *testing.T) {
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	opener := &sessiontest.FakeOpener{OnOpen: portalPlays(t, false)}
	s, _ := historyScreen(t, t.TempDir(), store, opener)
	s.SelectPreset("french-user")
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	french := opener.Windows()[0].Spec
	s.SelectPreset("physical-sim") // the form shows another launch
	s.SetPresenter(true)
	for i, step := range []struct {
		name string
		do   func()
		want func() string // the launch URL the step's window must open
	}{
		{"Re-run of the French session", func() {
			s.ShowTab(TabHistory)
			s.history.list.Select(0)
			test.Tap(s.history.rerunBtn)
		}, func() string { return french.URL }},
		{"Start again after the re-run", func() { test.Tap(s.presenter.restart) }, func() string { return french.URL }},
		{"Start again once more", func() { test.Tap(s.presenter.restart) }, func() string { return french.URL }},
		{"the form's launch", func() { test.Tap(s.openBtn) }, nil},
		{"Start again after the form's launch", func() { test.Tap(s.presenter.restart) }, nil},
	} {
		step.do()
		waitReport(t, s, i+2)
		w := opener.Windows()[i+1]
		if step.want == nil {
			if sameLaunch(t, w.Spec.URL, french.URL) || w.Spec.URL == opener.Windows()[i].Spec.URL {
				t.Errorf("step %d (%s): opened %s again, want the form's launch", i+1, step.name, w.Spec.URL)
			}
			continue
		}
		if !sameLaunch(t, w.Spec.URL, step.want()) || !slices.Equal(w.Spec.Languages, french.Languages) {
			t.Errorf("step %d (%s): opened\n %s %v\nwant the re-run's launch\n %s %v", i+1, step.name, w.Spec.URL, w.Spec.Languages, french.URL, french.Languages)
		}
	}
}
