package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
)

// ringedScreen is a host screen in a test window with its focus ring, as
// hostwin builds it, with a history, and the ring (the test places it).
func ringedScreen(t *testing.T, opener *sessiontest.FakeOpener) (testScreen, *focusRing) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	h := workspace.New(t.TempDir(), 7)
	t.Cleanup(func() { _ = h.Close() })
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	runner := workspace.Runner{Workspace: h, Opener: opener, Recorder: history.Recorder{Store: store, Source: history.SourceHost}}
	s := NewHostScreen(Deps{Workspace: runner, History: store, NewToken: func() string { return uiToken }, App: a})
	content := s.WithFocusRing(s.BuildUI(), 0).(*fyne.Container)
	w := test.NewWindow(content)
	w.Resize(fyne.NewSize(1240, 660))
	s.AddShortcuts(w.Canvas())
	t.Cleanup(w.Close)
	layer := content.Objects[1].(*fyne.Container)
	return testScreen{HostScreen: s, win: w, app: a, opener: opener}, &focusRing{layer: layer, rect: layer.Objects[0].(*canvas.Rectangle)}
}

// firstUnder is the first object under o, looking into widgets'
// renderers, that match accepts; nil for none.
func firstUnder(o fyne.CanvasObject, match func(fyne.CanvasObject) bool) fyne.CanvasObject {
	if o == nil {
		return nil
	}
	if match(o) {
		return o
	}
	for _, k := range objectsUnder(o) {
		if f := firstUnder(k, match); f != nil {
			return f
		}
	}
	return nil
}

// A switch that hides the control with the keyboard (presenter mode on
// or off, another tab, a reopened session) takes the keyboard from it:
// the keyboard goes to a control of the new view, or to none, and the
// ring is drawn round no control that is not on screen. Before, the
// hidden control kept the keyboard: typed text went into the hidden
// Portal URL entry, Space ticked the hidden "Show the identifiers", and
// the ring was drawn at the window's top left (found by GUI QA).
func TestFocusLeavesHiddenControls(t *testing.T) {
	for _, tc := range []struct {
		name string
		// focus puts the keyboard on a control and returns it; hide then
		// hides it.
		focus func(t *testing.T, s testScreen) fyne.Focusable
		hide  func(s testScreen)
		// typed is typed after the switch, to the control with the
		// keyboard; kept says the control focused before did not get it.
		typed string
		kept  func(s testScreen, f fyne.Focusable) bool
	}{
		{"the Portal URL entry, presenter mode on", func(t *testing.T, s testScreen) fyne.Focusable {
			return s.launch.fieldErrs[0]
		}, func(s testScreen) { s.SetPresenter(true) }, "xyz", func(s testScreen, f fyne.Focusable) bool {
			return !strings.Contains(f.(*shortcutEntry).Text, "xyz")
		}},
		{"Show the identifiers, presenter mode off", func(t *testing.T, s testScreen) fyne.Focusable {
			s.SetPresenter(true)
			test.Tap(s.presenter.tile)
			waitReport(t, s, 1)
			s.win.Content().Refresh() // Show the identifiers laid out, as the next frame does
			return s.presenter.showIDs
		}, func(s testScreen) { s.SetPresenter(false) }, " ", func(s testScreen, _ fyne.Focusable) bool {
			return !s.presenter.showIDs.Checked
		}},
		{"a History row's check, another row reopened", func(t *testing.T, s testScreen) fyne.Focusable {
			test.Tap(s.openBtn)
			waitReport(t, s, 1)
			test.Tap(s.openBtn)
			waitReport(t, s, 2)
			s.ShowTab(TabHistory)
			check := firstUnder(s.history.list, func(o fyne.CanvasObject) bool {
				c, ok := o.(*widget.Check)
				return ok && c.Visible()
			})
			if check == nil {
				t.Fatal("no check in the History tab's rows")
			}
			return check.(*widget.Check)
		}, func(s testScreen) { s.history.list.Select(1) }, " ", func(s testScreen, f fyne.Focusable) bool {
			return !f.(*widget.Check).Checked
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ring := ringedScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
			c := s.win.Canvas()
			f := tc.focus(t, s)
			c.Focus(f)
			ring.place(false)
			if !ring.rect.Visible() {
				t.Fatalf("no ring round the focused %T before the switch", f)
			}
			tc.hide(s)
			if now := c.Focused(); now == f {
				t.Errorf("the hidden %T keeps the keyboard", f)
			} else if o, ok := now.(fyne.CanvasObject); ok && !onScreen(o) {
				t.Errorf("the keyboard went to %T, not on screen", now)
			}
			ring.place(false)
			if o, ok := c.Focused().(fyne.CanvasObject); ring.rect.Visible() && (!ok || ringsRound(ring.layer, o) != 1) {
				t.Errorf("the ring is drawn at %v %v, round no control on screen", ring.rect.Position(), ring.rect.Size())
			}
			if now := c.Focused(); now != nil {
				test.Type(now, tc.typed)
			}
			if !tc.kept(s, f) {
				t.Errorf("%q typed after the switch reached the hidden %T", tc.typed, f)
			}
		})
	}
}

// The ring is drawn for no control with a hidden ancestor (a tab not in
// front, a box hidden), though the control itself is visible: it was
// drawn at the window's top left (found by GUI QA).
func TestFocusRingSkipsControlsUnderHiddenAncestors(t *testing.T) {
	for _, tc := range []struct {
		name string
		hide func(tabs *container.AppTabs, box *fyne.Container)
		want bool
	}{
		{"nothing hidden", func(*container.AppTabs, *fyne.Container) {}, true},
		{"its tab behind another", func(tabs *container.AppTabs, _ *fyne.Container) { tabs.SelectIndex(1) }, false},
		{"its box hidden", func(_ *container.AppTabs, box *fyne.Container) { box.Hide() }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestScreen(t, &sessiontest.FakeOpener{})
			b := widget.NewButton("Focused", nil)
			box := container.NewVBox(b)
			tabs := container.NewAppTabs(container.NewTabItem("In front", box), container.NewTabItem("Other", widget.NewLabel("other")))
			content := s.WithFocusRing(tabs, 0).(*fyne.Container)
			w := test.NewWindow(content)
			defer w.Close()
			w.Resize(fyne.NewSize(600, 400))
			layer := content.Objects[1].(*fyne.Container)
			r := &focusRing{layer: layer, rect: layer.Objects[0].(*canvas.Rectangle)}
			w.Canvas().Focus(b)
			tc.hide(tabs, box)
			if !b.Visible() || w.Canvas().Focused() != b {
				t.Fatal("the button is hidden itself, or has not the keyboard")
			}
			r.place(false)
			if r.rect.Visible() != tc.want || tc.want && ringsRound(layer, b) != 1 {
				t.Errorf("ring shown=%v at %v %v, want shown=%v round the button", r.rect.Visible(), r.rect.Position(), r.rect.Size(), tc.want)
			}
		})
	}
}

// Presenter mode's Start again, when the launch cannot start (a Portal
// URL that is no URL), says why in the presenter view; before, only the
// developer view's status line, hidden, said it, and Start again seemed
// to do nothing (found by GUI QA).
func TestPresenterStartAgainSaysWhyItCannotStart(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	s.SetPresenter(true)
	test.Tap(s.presenter.tile)
	waitReport(t, s, 1)
	s.launch.fieldErrs[0].SetText("ftp://portal.example/xyz")
	if _, err := s.plan(); err == nil {
		t.Fatal("the form's launch plans with a Portal URL that is no URL")
	}
	test.Tap(s.presenter.restart)
	if s.isRunning() {
		t.Fatal("a session started with a Portal URL that is no URL")
	}
	if !strings.Contains(s.presenter.outcome.Text, "could not") || !strings.Contains(s.presenter.detail.Text, "URL") {
		t.Errorf("the presenter says %q / %q, want why the portal could not be opened", s.presenter.outcome.Text, s.presenter.detail.Text)
	}
	if !s.presenter.restart.Visible() || s.presenter.showIDs.Visible() {
		t.Errorf("Start again shown=%v, the last session's identifiers check shown=%v; want Start again only", s.presenter.restart.Visible(), s.presenter.showIDs.Visible())
	}
}

// Back from presenter mode, the developer view's control that had the
// keyboard has it again, as it would after Alt+Tab.
func TestFocusComesBackWithTheDeveloperView(t *testing.T) {
	s, _ := ringedScreen(t, &sessiontest.FakeOpener{})
	c := s.win.Canvas()
	url := s.launch.fieldErrs[0]
	c.Focus(url)
	s.SetPresenter(true)
	s.SetPresenter(false)
	if c.Focused() != url {
		t.Errorf("back in the developer view, %T has the keyboard, want the Portal URL entry", c.Focused())
	}
}
