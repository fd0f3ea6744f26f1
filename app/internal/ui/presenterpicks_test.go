package ui

import (
	"net/url"
	"testing"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/sessiontest"
	"mpsim/simulator"
)

// Presenter mode has a language and a SIM picker in its bar: they show the
// form's launch when presenter mode comes on, their picks are the form's
// (its languages, the Device tab's SIM) and so the next session's, and
// they are off while a session runs. Before, the audience saw only the
// form's values, changed in the developer view.
func TestPresenterPicksChangeTheLaunch(t *testing.T) {
	opener := &sessiontest.FakeOpener{} // the portal stays open until left
	s := newTestScreen(t, opener)
	s.SetPresenter(true)
	waitFor(t, "presenter mode", func() bool { return s.presenter.picks.lang.Selected != "" })
	p := s.presenter.picks
	if p.lang.Selected != "en-US" || p.sim.Selected != simLabel(simulator.KindESIM) {
		t.Fatalf("pickers show %q and %q, want the form's en-US and eSIM", p.lang.Selected, p.sim.Selected)
	}
	p.lang.SetSelected("fr-FR")
	p.sim.SetSelected(simLabel(simulator.KindPSIM))
	if langs, _ := s.launch.langs.Get(); langs != "fr-FR" || s.device.kind() != simulator.KindPSIM {
		t.Fatalf("the form has languages %q and SIM %s, want the picks", langs, s.device.kind())
	}
	test.Tap(s.presenter.tile)
	waitFor(t, "the portal window", func() bool { return len(opener.Windows()) == 1 && s.isRunning() })
	w := opener.Windows()[0]
	u, err := url.Parse(w.Spec.URL)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Spec.Languages) == 0 || w.Spec.Languages[0] != "fr-FR" || u.Query().Get("eid") != "" || u.Query().Get("iccid") == "" {
		t.Errorf("the session opened %s with languages %v, want fr-FR and a physical SIM's iccid", w.Spec.URL, w.Spec.Languages)
	}
	waitFor(t, "the pickers off", func() bool { return p.lang.Disabled() && p.sim.Disabled() })
	s.Stop()
	waitFor(t, "the pickers on again", func() bool { return !s.isRunning() && !p.lang.Disabled() && !p.sim.Disabled() })
	// A language the list lacks comes first in it.
	_ = s.launch.langs.Set("nb-NO,nb")
	s.SetPresenter(false)
	s.SetPresenter(true)
	waitFor(t, "the form's language", func() bool { return p.lang.Selected == "nb-NO" && p.lang.Options[0] == "nb-NO" })
}
