package ui

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// checkMark is the image of a field's validation mark (✓), if it has one.
func checkMark(e fyne.Widget) *canvas.Image {
	for _, o := range test.WidgetRenderer(e).Objects() {
		if reflect.TypeOf(o).String() == "*widget.validationStatus" {
			for _, c := range test.WidgetRenderer(o.(fyne.Widget)).Objects() {
				if img, ok := c.(*canvas.Image); ok {
					return img
				}
			}
		}
	}
	return nil
}

// The ✓ of Languages and transactionId shows again after a session:
// Fyne drops the drawing of a widget hidden for a minute (the Launch tab
// behind the Portal tab during a session) and makes it again without the
// mark (found by exploratory QA: gone after the first session). Here the
// marks are hidden during the session, as a drawing made again has them.
func TestLaunchMarksShowAgain(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{}) // the portal stays open until left
	test.Tap(s.openBtn)
	fields := []*shortcutEntry{s.launch.txEntry, s.launch.fieldErrs[1]}
	for _, e := range fields {
		mark := checkMark(e)
		if mark == nil || !mark.Visible() {
			t.Fatalf("no ✓ in the field showing %q", e.Text)
		}
		mark.Hide()
	}
	s.Leave()
	waitReport(t, s, 1)
	for _, e := range fields {
		if mark := checkMark(e); mark == nil || !mark.Visible() {
			t.Errorf("after the session the field showing %q has no ✓", e.Text)
		}
	}
}

// A new session shows the Result tab from its top, where "Session
// running…" is, whatever the last report was scrolled to (found by
// exploratory QA).
func TestNewSessionScrollsTheResultToTheTop(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{}) // the portal stays open until left
	s.result.show(session.Report{Verdict: "pass", Ended: session.EndedHandBack})
	s.resultScroll.Offset = fyne.NewPos(0, 300)
	test.Tap(s.openBtn)
	if y := s.resultScroll.Offset.Y; y != 0 {
		t.Errorf("while the new session runs the Result tab is scrolled by %.0f", y)
	}
	s.Leave()
	waitReport(t, s, 1)
}

// shortcutEntries returns the text fields under o.
func shortcutEntries(o fyne.CanvasObject) []*shortcutEntry {
	var out []*shortcutEntry
	switch v := o.(type) {
	case *shortcutEntry:
		return []*shortcutEntry{v}
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, shortcutEntries(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, shortcutEntries(c)...)
		}
	}
	return out
}

// Every Launch form field's placeholder fits its field in the default
// window (1240x660): "PEM file of your portal's certifica" was cut (found
// by exploratory QA on a 1280x800 screen); in the smallest, 800x600, too:
// the Trust cert, Walled garden and Watch placeholders were cut, each
// empty field with a scroll bar (found by GUI QA).
func TestLaunchPlaceholdersFit(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1240, Height: 660}, {Width: 1024, Height: 600}, {Width: 800, Height: 600}} {
		s := newTestScreen(t, &sessiontest.FakeOpener{})
		s.win.Resize(size)
		s.ShowTab(TabLaunch)
		inset := 2 * (theme.InnerPadding() + theme.InputBorderSize())
		for _, e := range shortcutEntries(s.leftTabs.Items[0].Content) {
			if e.PlaceHolder == "" || e.MultiLine {
				continue
			}
			need := fyne.MeasureText(e.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width + inset
			if e.Size().Width < need {
				t.Errorf("%.0fx%.0f: placeholder %q needs %.0f px, its field is %.0f", size.Width, size.Height, e.PlaceHolder, need, e.Size().Width)
			}
		}
	}
}

// Beside the portal the live log is ~420 px wide: its rows get the whole
// width until one is selected, when the Tree and JSON views show beside
// them (found by exploratory QA: the empty views cut the rows to "mps…").
func TestLogRowsGetTheWidthUntilOneIsSelected(t *testing.T) {
	test.NewApp()
	p := newLogPanel(nil)
	w := test.NewWindow(p.buildUI())
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(420, 320))
	p.load([]session.LogEntry{{Kind: session.KindHostEvent, Text: "mpsim host: the portal window opened"}, {Kind: session.KindEnded, Text: "handBack: verdict pass"}})
	if p.views.Visible() || p.list.Size().Width < 380 {
		t.Errorf("with no row selected the rows get %.0f px of 420, views shown %v", p.list.Size().Width, p.views.Visible())
	}
	p.list.Select(0)
	if !p.views.Visible() || p.inspector.Text == "" {
		t.Error("selecting a row does not show its views")
	}
	p.reset()
	if p.views.Visible() {
		t.Error("a new session keeps the views of the last selected row")
	}
}

// In the default window (1240x660) the Policies tab lists at least 8 of
// the 32 policies, and the log gets its height back on the Result tab
// (found by exploratory QA: 4 of 32).
func TestPoliciesTabListsEnoughPolicies(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.win.Resize(fyne.NewSize(1240, 660))
	ps := make([]audit.Policy, 32)
	for i := range ps {
		ps[i] = audit.Policy{Status: audit.StatusPass, Area: "Business", Text: "A policy"}
	}
	s.policies.Set(ps)
	before := s.right.Offset
	s.ShowTab(TabPolicies)
	layOutAgain(s.win.Content())
	row := newPolicyRow().MinSize().Height + theme.Padding()
	if n := s.policies.list.Size().Height / row; n < 8 {
		t.Errorf("the Policies tab lists %.1f policies (%.0f px; tabs %.0f px, split %.2f), want 8 or more", n, s.policies.list.Size().Height, s.tabs.Size().Height, s.right.Offset)
	}
	s.ShowTab(TabResult)
	if !s.right.Trailing.Visible() {
		t.Error("back on the Result tab the log is not shown")
	}
	if s.right.Offset != before {
		t.Errorf("back on the Result tab the split is at %.2f, want %.2f", s.right.Offset, before)
	}
}

// Run scenario and Save report… keep clear of the scroll bar at the right
// edge (found by exploratory QA at 1920x1080, where they touched it).
func TestRightTabButtonsClearTheEdge(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1920, Height: 1080}, {Width: 1240, Height: 660}} {
		s := newTestScreen(t, &sessiontest.FakeOpener{})
		s.win.Resize(size)
		for _, c := range []struct {
			tab string
			btn fyne.CanvasObject
		}{{TabScenario, s.scen.runBtn}, {TabResult, findButton(s.resultScroll.Content, "Save report…")}} {
			s.ShowTab(c.tab)
			if c.btn == nil {
				t.Fatalf("no button on the %s tab", c.tab)
			}
			d := fyne.CurrentApp().Driver()
			edge := d.AbsolutePositionForObject(s.tabs).X + s.tabs.Size().Width
			if right := d.AbsolutePositionForObject(c.btn).X + c.btn.Size().Width; edge-right < theme.ScrollBarSize() {
				t.Errorf("%.0fx%.0f: the %s tab's button ends %.0f px from the edge, under the scroll bar", size.Width, size.Height, c.tab, edge-right)
			}
		}
	}
}

// In presenter mode the portal on the stage gets the window's height but
// for the bar and the pane's header: its caption shares the bar, where on
// a row of its own it took the 45 px that cut the demo portal's footer in
// the default window (found by exploratory QA).
func TestPresenterStageGivesThePortalItsHeight(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	s.SetPresenter(true)
	openEmbedded(t, s)
	layOutAgain(s.win.Content())
	if !s.presenter.stageCaption.Visible() || !strings.Contains(s.presenter.stageCaption.Text, "Buy a plan") {
		t.Errorf("the stage's caption %q is not shown", s.presenter.stageCaption.Text)
	}
	if h := s.pane.area.Size().Height; h < 530 {
		t.Errorf("the portal on the stage gets %.0f px of the 660 px window, want 530 or more", h)
	}
	s.Leave()
	waitReport(t, s, 1)
}
