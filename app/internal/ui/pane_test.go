package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
)

// fakeNative is a host window with a fixed X11 id (0: none, Wayland).
type fakeNative struct{ xid uint64 }

func (n fakeNative) X11Window() uint64 { return n.xid }

// fakeEmbedded records what the pane asks of the embedded portal and
// answers Back from backs, in order (false once they run out).
type fakeEmbedded struct {
	mu     sync.Mutex
	rects  []session.Rect
	focus  []bool
	backs  []bool
	nBacks int
}

func (f *fakeEmbedded) SetRect(r session.Rect) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rects = append(f.rects, r)
	return nil
}

func (f *fakeEmbedded) Focus(portal bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.focus = append(f.focus, portal)
	return nil
}

func (f *fakeEmbedded) Back(context.Context) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nBacks++
	if len(f.backs) == 0 {
		return false, nil
	}
	went := f.backs[0]
	f.backs = f.backs[1:]
	return went, nil
}

func (f *fakeEmbedded) lastRect() session.Rect {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.rects) == 0 {
		return session.Rect{}
	}
	return f.rects[len(f.rects)-1]
}

// attachTo is an OnOpen that gives the pane fe as the embedded portal, then
// plays then (if set).
func attachTo(fe *fakeEmbedded, then func(*sessiontest.FakeWindow)) func(*sessiontest.FakeWindow) {
	return func(w *sessiontest.FakeWindow) {
		if e := w.Spec.Embed; e != nil && e.Attach != nil {
			e.Attach(fe)
		}
		if then != nil {
			then(w)
		}
	}
}

// newPaneScreen is a host screen whose window has the X11 id xid; the pane
// sends rectangles only when the test calls tick.
func newPaneScreen(t *testing.T, xid uint64, opener *sessiontest.FakeOpener) testScreen {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	h := workspace.New(t.TempDir(), 7)
	t.Cleanup(func() { _ = h.Close() })
	s := NewHostScreen(Deps{Workspace: workspace.Runner{Workspace: h, Opener: opener}, NewToken: func() string { return uiToken }, App: a,
		Native: fakeNative{xid: xid}})
	w := test.NewWindow(s.BuildUI())
	w.Resize(fyne.NewSize(1240, 660))
	t.Cleanup(w.Close)
	s.pane.every = 0
	s.NativeReady()
	return testScreen{HostScreen: s, win: w, app: a, opener: opener}
}

// openEmbedded opens the portal and waits until the pane holds it.
func openEmbedded(t *testing.T, s testScreen) {
	t.Helper()
	test.Tap(s.openBtn)
	waitFor(t, "the embedded portal", func() bool { return s.pane.control() != nil })
}

// findButton returns the button labelled text under o.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		if v.Text == text {
			return v
		}
	case *dialogButton: // a dialog's button (showConfirm, showInfo)
		return findButton(&v.Button, text)
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

func TestPaneRect(t *testing.T) {
	tests := []struct {
		name   string
		pos    fyne.Position
		size   fyne.Size
		scale  float32
		parked bool
		want   session.Rect
	}{
		{"scale 1", fyne.NewPos(4, 134), fyne.NewSize(795, 522), 1, false, session.Rect{X: 4, Y: 134, Width: 795, Height: 522}},
		{"scale 1.5 rounds", fyne.NewPos(4.2, 133.5), fyne.NewSize(533.3, 348), 1.5, false, session.Rect{X: 6, Y: 200, Width: 800, Height: 522}},
		{"scale 2", fyne.NewPos(4, 134), fyne.NewSize(400, 300), 2, false, session.Rect{X: 8, Y: 268, Width: 800, Height: 600}},
		{"no scale yet counts as 1", fyne.NewPos(10, 20), fyne.NewSize(30, 40), 0, false, session.Rect{X: 10, Y: 20, Width: 30, Height: 40}},
		{"parked keeps the size", fyne.NewPos(4, 134), fyne.NewSize(795, 522), 1, true, session.Rect{X: parkOffset, Y: parkOffset, Width: 795, Height: 522}},
		{"never empty", fyne.NewPos(0, 0), fyne.NewSize(0, 0), 1, false, session.Rect{Width: 1, Height: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := paneRect(tt.pos, tt.size, tt.scale, tt.parked); got != tt.want {
				t.Errorf("paneRect = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// The portal opens inside the pane, follows it, is parked while a dialog
// or another tab shows, and gives the keyboard back when a host widget
// takes the focus.
func TestEmbeddedPortalFollowsThePane(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	openEmbedded(t, s)
	spec := s.opener.Windows()[0].Spec
	if spec.Embed == nil || spec.Embed.Parent != 0x2a00003 {
		t.Fatalf("window spec Embed = %+v, want parent 0x2a00003", spec.Embed)
	}
	here := s.PortalRect()
	if spec.Embed.Rect != here || here.X < 0 || here.Width < 320 || here.Height < 240 {
		t.Errorf("the portal starts at %+v; the pane is at %+v", spec.Embed.Rect, here)
	}
	if s.leftTabs.Selected().Text != TabPortal || s.PortalPaneState() != paneRunning {
		t.Errorf("tab %q, pane %q: want the portal pane running", s.leftTabs.Selected().Text, s.PortalPaneState())
	}

	steps := []struct {
		name   string
		do     func()
		parked bool
	}{
		{"over the pane", func() {}, false},
		{"a dialog shows", func() { dialog.ShowInformation("Host dialog", "drawn where the portal is", s.win) }, true},
		{"the dialog is gone", func() {
			for s.win.Canvas().Overlays().Top() != nil {
				s.win.Canvas().Overlays().Remove(s.win.Canvas().Overlays().Top())
			}
		}, false},
		{"another tab", func() { s.ShowTab(TabLaunch) }, true},
		{"back on the portal tab", func() { s.ShowTab(TabPortal) }, false},
		{"presenter mode: on the stage", func() { s.SetPresenter(true) }, false},
		{"developer view again", func() { s.SetPresenter(false) }, false},
	}
	for _, st := range steps {
		st.do()
		s.pane.tick(fe)
		r := fe.lastRect()
		if parked := r.X == parkOffset; parked != st.parked {
			t.Errorf("%s: the portal is at %+v, parked %v, want parked %v", st.name, r, parked, st.parked)
		}
		if r.Width < 320 {
			t.Errorf("%s: the portal is %dx%d", st.name, r.Width, r.Height)
		}
	}

	s.win.Canvas().Focus(s.log.search)
	s.pane.tick(fe)
	fe.mu.Lock()
	focus := append([]bool(nil), fe.focus...)
	fe.mu.Unlock()
	// The page got the keyboard at open, the host under the dialog, the
	// page again once it went, and the host for its search field.
	if !slices.Equal(focus, []bool{true, false, true, false}) {
		t.Errorf("focus requests %v after a host widget took the focus, want [true false true false]", focus)
	}

	s.Stop()
	if rep := waitReport(t, s, 1); rep.Ended != session.EndedCancelled {
		t.Errorf("ended %q, want %q", rep.Ended, session.EndedCancelled)
	}
	if s.pane.control() != nil {
		t.Error("the pane still holds the ended session's portal")
	}
}

// The back arrow walks the portal's history; at the first page the app
// asks to leave, and leaving ends the session as the user's cancel.
func TestPortalBackThenLeave(t *testing.T) {
	fe := &fakeEmbedded{backs: []bool{true, false}}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	openEmbedded(t, s)

	s.pane.backWith(fe, s.AskLeave)
	if top := s.win.Canvas().Overlays().Top(); top != nil {
		t.Fatal("the host asked to leave although the portal went back a page")
	}
	s.pane.backWith(fe, s.AskLeave)
	top := s.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no question at the portal's first page")
	}
	if !strings.Contains(textOf(top), leaveQuestion) {
		t.Errorf("the dialog says %q, want %q", textOf(top), leaveQuestion)
	}
	s.pane.tick(fe)
	if r := fe.lastRect(); r.X != parkOffset {
		t.Errorf("the portal is at %+v under the question; want it parked", r)
	}
	leave := findButton(top, "Leave")
	if leave == nil {
		t.Fatal("no Leave button")
	}
	test.Tap(leave)
	rep := waitReport(t, s, 1)
	if rep.Ended != session.EndedUserCancelled {
		t.Errorf("ended %q, want %q", rep.Ended, session.EndedUserCancelled)
	}
	if fe.nBacks != 2 {
		t.Errorf("%d back requests, want 2", fe.nBacks)
	}
	if s.PortalPaneState() != paneIdle {
		t.Errorf("pane %q after leaving, want idle", s.PortalPaneState())
	}
}

// textOf joins the label texts under o.
func textOf(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// A portal that cannot load leaves the app's error page in the pane; Retry
// opens the same launch again.
func TestPortalLoadFailureShowsErrorPage(t *testing.T) {
	tests := []struct {
		name  string
		play  func(*sessiontest.FakeWindow)
		ended string
		says  string
	}{
		{"connection refused", func(w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowLoadFailed, URL: w.Spec.URL, Reason: "Could not connect: Connection refused", Fatal: true, Kind: session.LoadNetwork})
		}, session.EndedLoadFailed, "could not be loaded — network: Could not connect: Connection refused."},
		{"the portal process died", func(w *sessiontest.FakeWindow) { w.Crash() }, session.EndedCrashed, "stopped unexpectedly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := &fakeEmbedded{}
			s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, tt.play)})
			test.Tap(s.openBtn)
			rep := waitReport(t, s, 1)
			if rep.Ended != tt.ended {
				t.Fatalf("ended %q, want %q", rep.Ended, tt.ended)
			}
			if s.PortalPaneState() != paneFailed || !strings.Contains(s.pane.errText.Text, tt.says) {
				t.Errorf("pane %q says %q; want the error page saying %q", s.PortalPaneState(), s.pane.errText.Text, tt.says)
			}
			if s.split.Offset != splitOffsetForm {
				t.Errorf("split offset %v after the failure, want %v (the error page needs little room; the result gets it back)", s.split.Offset, splitOffsetForm)
			}
			test.Tap(s.pane.retryBtn)
			waitReport(t, s, 2)
			ws := s.opener.Windows()
			if len(ws) != 2 || ws[1].Spec.Embed == nil || ws[1].Spec.URL != ws[0].Spec.URL {
				t.Errorf("Retry opened %d windows; want the same launch again, embedded", len(ws))
			}
		})
	}
}

// A portal in a window of its own that cannot load: that window closes with
// the session, and the host's error page shows in the Portal tab, brought
// to the front, with a Retry that opens the same launch in a window of its
// own again (contract §1.6: the app shows its own error page).
func TestSeparateWindowLoadFailureShowsErrorPage(t *testing.T) {
	s := newPaneScreen(t, 0, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowLoadFailed, URL: w.Spec.URL, Reason: "Error resolving “portal.invalid”: Name or service not known", Fatal: true, Kind: session.LoadNetwork})
	}})
	s.ShowTab(TabLaunch)
	test.Tap(s.openBtn)
	rep := waitReport(t, s, 1)
	if rep.Ended != session.EndedLoadFailed || s.opener.Windows()[0].Spec.Embed != nil {
		t.Fatalf("ended %q, embedded %v; want loadFailed in a window of its own", rep.Ended, s.opener.Windows()[0].Spec.Embed != nil)
	}
	waitFor(t, "the error page", func() bool { return s.PortalPaneState() == paneFailed })
	if !strings.Contains(s.pane.errText.Text, "could not be loaded — network: Error resolving") {
		t.Errorf("the error page says %q", s.pane.errText.Text)
	}
	if got := s.leftTabs.Selected().Text; got != TabPortal {
		t.Errorf("tab in front %q, want %q", got, TabPortal)
	}
	test.Tap(s.pane.retryBtn)
	waitReport(t, s, 2)
	if ws := s.opener.Windows(); len(ws) != 2 || ws[1].Spec.Embed != nil || ws[1].Spec.URL != ws[0].Spec.URL {
		t.Errorf("Retry opened %d windows; want the same launch again in a window of its own", len(ws))
	}
}

// A separate window the user closes is no failure: no error page.
func TestSeparateWindowClosedShowsNoErrorPage(t *testing.T) {
	s := newPaneScreen(t, 0, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }})
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	if s.PortalPaneState() == paneFailed {
		t.Errorf("the pane shows the error page after the user closed the portal: %q", s.pane.errText.Text)
	}
}

// Without an X11 host window (a Wayland-native build) the portal opens in a
// window of its own, and the status line says why.
func TestNoX11WindowOpensTheSeparateWindow(t *testing.T) {
	s := newPaneScreen(t, 0, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }})
	if !strings.Contains(s.status.Text, "window of its own") {
		t.Errorf("status %q does not say the portal opens in a window of its own", s.status.Text)
	}
	if s.pane.embedCheck.Checked || !s.pane.embedCheck.Disabled() {
		t.Error("the Portal inside the host setting is on or enabled without an X11 window")
	}
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	if spec := s.opener.Windows()[0].Spec; spec.Embed != nil {
		t.Errorf("window spec Embed = %+v, want nil", spec.Embed)
	}
}

// The setting is remembered in the app's preferences; off opens the
// separate window.
func TestPortalInsideSettingIsRemembered(t *testing.T) {
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }})
	if !s.pane.embedCheck.Checked {
		t.Fatal("Portal inside the host is off by default on X11")
	}
	test.Tap(s.pane.embedCheck)
	if s.app.Preferences().BoolWithFallback(prefPortalInside, true) {
		t.Error("turning the setting off was not saved")
	}
	again := NewHostScreen(Deps{App: s.app, Native: fakeNative{xid: 0x2a00003}})
	test.NewWindow(again.BuildUI())
	again.NativeReady()
	if again.pane.embedCheck.Checked {
		t.Error("a new host window forgot the setting")
	}
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	if spec := s.opener.Windows()[0].Spec; spec.Embed != nil {
		t.Errorf("setting off: window spec Embed = %+v, want nil", spec.Embed)
	}
}

// With the host's own Prefs (the configuration directory's file), the
// setting is kept there, not in the app's preferences, and a host on
// another configuration directory does not see it.
func TestPortalInsideSettingIsKeptInTheConfigDir(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	dir := t.TempDir()
	first := NewHostScreen(Deps{App: a, Native: fakeNative{xid: 0x2a00003}, Prefs: workspace.NewHostPrefs(dir)})
	test.NewWindow(first.BuildUI())
	first.NativeReady()
	test.Tap(first.pane.embedCheck)
	if first.pane.embedCheck.Checked {
		t.Fatal("the tap did not turn the setting off")
	}
	if !a.Preferences().BoolWithFallback(prefPortalInside, true) {
		t.Error("the setting went to the app's preferences, shared by every configuration directory")
	}
	// An older mpsim's choice, in the app's preferences, holds until one is
	// made in the configuration directory.
	fresh := t.TempDir()
	a.Preferences().SetBool(prefPortalInside, false)
	older := NewHostScreen(Deps{App: a, Native: fakeNative{xid: 0x2a00003}, Prefs: workspace.NewHostPrefs(fresh)})
	test.NewWindow(older.BuildUI())
	older.NativeReady()
	if older.pane.embedCheck.Checked {
		t.Error("an older mpsim's choice (off) was not carried over")
	}
	a.Preferences().RemoveValue(prefPortalInside)
	for _, c := range []struct {
		dir  string
		want bool
	}{{dir, false}, {t.TempDir(), true}} {
		again := NewHostScreen(Deps{App: a, Native: fakeNative{xid: 0x2a00003}, Prefs: workspace.NewHostPrefs(c.dir)})
		test.NewWindow(again.BuildUI())
		again.NativeReady()
		if again.pane.embedCheck.Checked != c.want {
			t.Errorf("a new host on %s: Portal inside the host %v, want %v", c.dir, again.pane.embedCheck.Checked, c.want)
		}
	}
}

// After a legacy hand-back the pane shows the app's next step, not a hole.
func TestPortalHandBackShowsBackInWindows(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, portalPlays(t, true))})
	test.Tap(s.openBtn)
	rep := waitReport(t, s, 1)
	if rep.Ended != session.EndedHandBack {
		t.Fatalf("ended %q, want %q", rep.Ended, session.EndedHandBack)
	}
	if s.PortalPaneState() != paneDone || !strings.Contains(s.pane.doneText.Text, "MyPlan") {
		t.Errorf("pane %q says %q; want Back in Windows with the plan", s.PortalPaneState(), s.pane.doneText.Text)
	}
	if s.pane.control() != nil {
		t.Error("the pane still holds the ended session's portal")
	}
}

// Turning "Portal inside the host" on or off tells the host (which then
// readies its idle portal process for the other place), and OpensInside
// follows the setting; without an X11 window the portal never opens inside.
func TestPortalPlaceChangeIsReported(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	var places []bool
	var s *HostScreen
	s = NewHostScreen(Deps{App: a, Native: fakeNative{xid: 0x2a00003}, PortalPlaceChanged: func() { places = append(places, s.OpensInside()) }})
	w := test.NewWindow(s.BuildUI())
	t.Cleanup(w.Close)
	s.NativeReady()
	if !s.OpensInside() {
		t.Fatal("OpensInside is false with the setting on and an X11 window")
	}
	test.Tap(s.pane.embedCheck)
	test.Tap(s.pane.embedCheck)
	if want := []bool{false, true}; !slices.Equal(places, want) {
		t.Errorf("the host heard of the place changes %v, want %v", places, want)
	}
	noX11 := NewHostScreen(Deps{App: a, Native: fakeNative{}})
	test.NewWindow(noX11.BuildUI())
	noX11.NativeReady()
	if noX11.OpensInside() {
		t.Error("OpensInside is true without an X11 window")
	}
}

// Once the host window has gone, the pane looks at no widget: finding its
// place then made Fyne rebuild the closed window's renderers, which laid
// the pane out, which looked again, and the host spun and never exited.
func TestDetachedPaneLooksAtNoWidget(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	openEmbedded(t, s)
	s.Stop()
	waitReport(t, s, 1)
	push := watchOffers(s.pane)
	s.Detach()
	s.pane.areaResized()
	s.pane.pollAndOffer()
	if len(push) != 0 {
		t.Errorf("the pane offered the portal %+v after the window had gone; want nothing", <-push)
	}
}

// The pane measures its place once at a time: a layout Fyne runs while it
// finds the place does not measure again.
func TestPaneMeasuresOnceAtATime(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	openEmbedded(t, s)
	push := watchOffers(s.pane)
	s.pane.measuring = true
	s.pane.areaResized()
	s.pane.measuring = false
	if len(push) != 0 {
		t.Errorf("the pane measured and offered %+v while a measure was under way; want nothing", <-push)
	}
	s.pane.areaResized()
	if len(push) != 1 {
		t.Error("the pane offered nothing once the measure was over")
	}
	s.Stop()
	waitReport(t, s, 1)
}

// watchOffers gives the pane a channel of its own for the rectangles it
// offers the portal, with the last one forgotten so that any look offers.
func watchOffers(p *portalPane) chan session.Rect {
	push := make(chan session.Rect, 1)
	p.mu.Lock()
	p.push, p.last = push, session.Rect{}
	p.mu.Unlock()
	return push
}

// drawnTexts are the texts drawn under o that are on show.
func drawnTexts(o fyne.CanvasObject) []string {
	if !o.Visible() {
		return nil
	}
	var out []string
	switch v := o.(type) {
	case *canvas.Text:
		out = append(out, v.Text)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, drawnTexts(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, drawnTexts(c)...)
		}
	}
	return out
}

// The placeholder under the portal says the portal is loading only until
// the portal is there: under the leave question, which parks the portal
// off the window, it said "Loading the operator's portal…" long after the
// portal had loaded (found by exploratory QA, in presenter mode).
func TestPaneSaysLoadingOnlyWhileItLoads(t *testing.T) {
	for _, presenter := range []bool{false, true} {
		t.Run(fmt.Sprintf("presenter=%v", presenter), func(t *testing.T) {
			fe := &fakeEmbedded{}
			opened := make(chan struct{})
			s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				<-opened // the portal process is starting
				attachTo(fe, nil)(w)
			}})
			s.SetPresenter(presenter)
			test.Tap(s.openBtn)
			loading := func() bool { return slices.Contains(drawnTexts(s.pane.area), paneLoadingText) }
			if !loading() {
				t.Errorf("the pane says %q while the portal starts, want %q", drawnTexts(s.pane.area), paneLoadingText)
			}
			close(opened)
			waitFor(t, "the embedded portal", func() bool { return s.pane.control() != nil })
			s.AskLeave()
			if s.win.Canvas().Overlays().Top() == nil {
				t.Fatal("no leave question")
			}
			s.pane.tick(fe)
			if r := fe.lastRect(); r.X != parkOffset {
				t.Errorf("the portal is at %+v under the question; want it parked", r)
			}
			if loading() {
				t.Errorf("under the leave question the pane says %q; the portal has loaded", drawnTexts(s.pane.area))
			}
			test.Tap(findButton(s.win.Canvas().Overlays().Top(), "Leave"))
			waitReport(t, s, 1)
		})
	}
}

// The Portal pane follows a session reopened from the History tab: after
// a purchase it said "Back in Windows — you bought MyPlan" beside a
// reopened session that ended with no hand-back (found by exploratory
// QA). It says which session it is and how it ended, and the next
// session shows the live portal and its own end again.
func TestPaneFollowsAReopenedSession(t *testing.T) {
	fe := &fakeEmbedded{}
	n := 0
	third := make(chan struct{}) // the third session hands back when the test has looked
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		n++
		switch n {
		case 1:
			attachTo(fe, func(w *sessiontest.FakeWindow) { w.UserClose() })(w)
		case 2:
			attachTo(fe, portalPlays(t, true))(w)
		default:
			attachTo(fe, func(w *sessiontest.FakeWindow) { <-third; portalPlays(t, true)(w) })(w)
		}
	}})
	test.Tap(s.openBtn) // closed at once: the pane may never be seen holding it
	waitReport(t, s, 1)
	test.Tap(s.openBtn)
	waitReport(t, s, 2)
	if s.PortalPaneState() != paneDone || !strings.Contains(s.pane.doneText.Text, "you bought MyPlan") {
		t.Fatalf("after the purchase the pane is %q: %q", s.PortalPaneState(), s.pane.doneText.Text)
	}

	// Reopen the first session: the window was closed, nothing handed back.
	s.ShowTab(TabHistory)
	s.history.list.Select(1)
	if s.shown.Ended != session.EndedClosed {
		t.Fatalf("reopened %q, want the closed session", s.shown.Ended)
	}
	if s.PortalPaneState() == paneDone {
		t.Errorf("the pane still says %q beside the reopened session", s.pane.doneText.Text)
	}
	if got := s.pane.idleText.Text; !strings.Contains(got, "Reopened from history") || !strings.Contains(got, "no hand-back") {
		t.Errorf("the pane says %q; want that it shows a reopened session and how it ended", got)
	}

	// The next session is live again.
	openEmbedded(t, s)
	if s.PortalPaneState() != paneRunning {
		t.Errorf("the next session's pane is %q, want %q", s.PortalPaneState(), paneRunning)
	}
	close(third)
	waitReport(t, s, 3)
	if s.PortalPaneState() != paneDone {
		t.Errorf("after the next session the pane is %q, want %q", s.PortalPaneState(), paneDone)
	}
}

// After a hand-back in the embedded pane the keyboard is on Done: the page
// that had it is gone, and nothing had it (found by keyboard-only QA: the
// first Tab went to Open portal). A field the user is typing in keeps it.
func TestHandBackGivesDoneTheKeyboard(t *testing.T) {
	for _, tc := range []struct {
		name   string
		typing bool // the log's search has the keyboard when the portal hands back
	}{{"from the page", false}, {"not from a field", true}} {
		t.Run(tc.name, func(t *testing.T) {
			fe := &fakeEmbedded{}
			handBack := make(chan struct{})
			s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, func(w *sessiontest.FakeWindow) {
				<-handBack
				portalPlays(t, true)(w)
			})})
			c := s.win.Canvas()
			openEmbedded(t, s)
			waitFor(t, "the keyboard given to the page", func() bool { return len(fe.focusRequests()) == 1 })
			if tc.typing {
				c.Focus(s.log.search)
			}
			close(handBack)
			waitReport(t, s, 1)
			if s.PortalPaneState() != paneDone {
				t.Fatalf("pane %q after the hand-back, want %q", s.PortalPaneState(), paneDone)
			}
			want := fyne.Focusable(findButton(s.pane.root, "Done"))
			if tc.typing {
				want = s.log.search
			}
			if got := c.Focused(); got != want {
				t.Errorf("%T has the keyboard after the hand-back, want %T", got, want)
			}
		})
	}
}
