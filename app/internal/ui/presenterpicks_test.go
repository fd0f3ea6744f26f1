package ui

import (
	"net/url"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
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

// After a History Re-run the presenter's pickers show the re-run's launch,
// which Start again and Relaunch both open again; a pick then ends the
// re-run: Start again opens the form's launch with what the bar shows.
// Before, the bar showed the form's en-US and eSIM while the re-run was in
// Japanese on a physical SIM, a French pick still re-ran the Japanese
// launch, and Relaunch opened the form's launch (found by GUI QA).
func TestPresenterPicksFollowTheRerun(t *testing.T) {
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	opener := &sessiontest.FakeOpener{OnOpen: portalPlays(t, false)}
	s, _ := historyScreen(t, t.TempDir(), store, opener)
	_ = s.launch.langs.Set("ja-JP,ja;q=0.9")
	s.device.sim.SetSelected(simLabel(simulator.KindPSIM))
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	japanese := opener.Windows()[0].Spec
	_ = s.launch.langs.Set("en-US") // the form shows another launch
	s.device.sim.SetSelected(simLabel(simulator.KindESIM))
	s.SetPresenter(true)
	p := s.presenter.picks
	psim := simLabel(simulator.KindPSIM)
	for i, step := range []struct {
		name     string
		do       func()
		lang     string // the language the bar shows after the session
		rerun    bool   // the window opens the Japanese launch again
		wantLang string // else: its first language
	}{
		{"Re-run of the Japanese session", func() {
			s.ShowTab(TabHistory)
			s.history.list.Select(0)
			test.Tap(s.history.rerunBtn)
		}, "ja-JP", true, ""},
		{"Relaunch after the re-run", func() { test.Tap(s.relaunchBtn) }, "ja-JP", true, ""},
		{"Start again after the re-run", func() { test.Tap(s.presenter.restart) }, "ja-JP", true, ""},
		{"French picked, Start again", func() {
			p.lang.SetSelected("fr-FR")
			test.Tap(s.presenter.restart)
		}, "fr-FR", false, "fr-FR"},
		{"Relaunch after the pick", func() { test.Tap(s.relaunchBtn) }, "fr-FR", false, "fr-FR"},
	} {
		step.do()
		waitReport(t, s, i+2)
		w := opener.Windows()[i+1]
		if p.lang.Selected != step.lang || p.sim.Selected != psim {
			t.Errorf("step %d (%s): the bar shows %q and %q, want %q and %q", i+1, step.name, p.lang.Selected, p.sim.Selected, step.lang, psim)
		}
		if step.rerun {
			if !sameLaunch(t, w.Spec.URL, japanese.URL) || !slices.Equal(w.Spec.Languages, japanese.Languages) {
				t.Errorf("step %d (%s): opened\n %s %v\nwant the re-run's launch\n %s %v", i+1, step.name, w.Spec.URL, w.Spec.Languages, japanese.URL, japanese.Languages)
			}
			continue
		}
		u, err := url.Parse(w.Spec.URL)
		if err != nil {
			t.Fatalf("step %d (%s): the launch URL: %v", i+1, step.name, err)
		}
		if len(w.Spec.Languages) == 0 || w.Spec.Languages[0] != step.wantLang || u.Query().Get("eid") != "" || u.Query().Get("iccid") == "" {
			t.Errorf("step %d (%s): opened %s with languages %v, want %s on the physical SIM the bar shows", i+1, step.name, w.Spec.URL, w.Spec.Languages, step.wantLang)
		}
	}
}

// A pick of what the presenter's bar already shows changes nothing: a
// language list whose first tag is picked again stays whole. Picking
// another language replaces the list with it. Before, picking the
// language shown cut the list to its first tag (found by GUI QA).
func TestPresenterPickOfTheShownLanguageKeepsTheList(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	const list = "de-CH-1996,de;q=0.9,gsw-Latn-CH,en-GB;q=0.8,en;q=0.7"
	_ = s.launch.langs.Set(list)
	s.SetPresenter(true)
	p := s.presenter.picks
	waitFor(t, "the form's language", func() bool { return p.lang.Selected == "de-CH-1996" })
	for i, step := range []struct {
		name string
		do   func()
		want string
	}{
		{"the shown language picked", func() { p.lang.SetSelected("de-CH-1996") }, list},
		{"the shown SIM picked", func() { p.sim.SetSelected(simLabel(simulator.KindESIM)) }, list},
		{"another language picked", func() { p.lang.SetSelected("en-GB") }, "en-GB"},
		{"it again", func() { p.lang.SetSelected("en-GB") }, "en-GB"},
	} {
		step.do()
		if got, _ := s.launch.langs.Get(); got != step.want {
			t.Errorf("step %d (%s): the form's languages are %q, want %q", i+1, step.name, got, step.want)
		}
	}
}

// Each picker is wide enough for its longest option: the SIM picker, as
// wide as its placeholder "SIM", showed "Phy…" for Physical SIM (found in
// a stakeholder demo).
func TestPresenterPicksShowTheirOptionsWhole(t *testing.T) {
	p := newPresenterView("Contoso Mobile", nil, func() {}, func() {})
	w := test.NewWindow(p.buildUI())
	defer w.Close()
	w.Resize(fyne.NewSize(1240, 660))
	pp := &p.picks
	for _, tt := range []struct {
		langs string
		kind  simulator.SIMKind
	}{
		{"en-US", simulator.KindPSIM}, {"de-CH-1996,de;q=0.9", simulator.KindNone}, {"en-US", simulator.KindESIM},
	} {
		pp.set(tt.langs, tt.kind)
		layOutAgain(w.Content())
		for _, sel := range []*widget.Select{pp.lang, pp.sim} {
			if got := shownText(test.WidgetRenderer(sel).Objects()); got != sel.Selected {
				t.Errorf("the picker shows %q for %q", got, sel.Selected)
			}
		}
	}
}

// shownText is the text of the canvas texts under objects, joined.
func shownText(objects []fyne.CanvasObject) string {
	var s string
	for _, o := range objects {
		switch v := o.(type) {
		case *canvas.Text:
			s += v.Text
		case fyne.Widget:
			s += shownText(test.WidgetRenderer(v).Objects())
		case *fyne.Container:
			s += shownText(v.Objects)
		}
	}
	return s
}
