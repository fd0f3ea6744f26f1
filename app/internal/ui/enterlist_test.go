package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
)

// Enter selects the row the keyboard is on, as Space does, on every list
// of the host (History, Log, Console, Navigations, Policies): Fyne's list
// took Space only.
func TestEnterSelectsTheListRow(t *testing.T) {
	test.NewTempApp(t)
	var got []widget.ListItemID
	l := newEnterList(func() int { return 3 }, func() fyne.CanvasObject { return widget.NewLabel("row") },
		func(widget.ListItemID, fyne.CanvasObject) {})
	l.OnSelected = func(i widget.ListItemID) { got = append(got, i) }
	w := test.NewWindow(l)
	defer w.Close()
	w.Resize(fyne.NewSize(200, 200))
	w.Canvas().Focus(l)
	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyReturn, fyne.KeyDown, fyne.KeyEnter, fyne.KeyUp, fyne.KeySpace} {
		l.TypedKey(&fyne.KeyEvent{Name: k})
	}
	if want := []widget.ListItemID{1, 2, 1}; len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("selected %v, want %v (Return, Enter, Space)", got, want)
	}
}

// The host's lists are enterLists.
func TestHostListsTakeEnter(t *testing.T) {
	s := newTestScreen(t, nil)
	for name, l := range map[string]fyne.CanvasObject{
		"history": s.history.list, "log": s.log.list, "console": s.portal.console.list,
		"navigations": s.portal.network.navList, "policies": s.policies.list,
	} {
		if _, ok := l.(*enterList); !ok {
			t.Errorf("the %s list is a %T, which takes Space only", name, l)
		}
	}
}

// A live log at its tail keeps its last row in view when it is laid out
// taller for a moment and then short again (the Network tab shown and
// Log again); with a row selected, it stays where the user put it.
func TestLogKeepsItsTailThroughAResize(t *testing.T) {
	p, tail := logAtItsTail(t)
	short := p.list.Size()
	p.list.Resize(fyne.NewSize(short.Width, short.Height+200))
	p.list.Resize(short)
	if got := p.list.GetScrollOffset(); got != tail {
		t.Errorf("after a taller layout and back, the scroll offset is %v, want the tail's %v", got, tail)
	}

	p.list.Select(5)
	p.list.ScrollTo(5)
	at := p.list.GetScrollOffset()
	p.list.Resize(fyne.NewSize(short.Width, short.Height+40))
	p.list.Resize(short)
	if got := p.list.GetScrollOffset(); got != at {
		t.Errorf("with a row selected, a resize moved the log from %v to %v", at, got)
	}
}

// A list whose renderer Fyne dropped (not drawn for a minute: a tab not
// shown) and made anew comes back where it was: the live log at its
// last row, another list at its scroll offset. Until 2026-12-07 the new
// renderer's scroller started at the top.
func TestListComesBackWhereItWasWithANewRenderer(t *testing.T) {
	p, tail := logAtItsTail(t)
	if got := remade(p.list); got != tail {
		t.Errorf("the live log made anew is at %v, want its tail at %v", got, tail)
	}

	// A list without keepTail keeps its offset.
	l := newEnterList(func() int { return 60 }, func() fyne.CanvasObject { return widget.NewLabel("row") },
		func(widget.ListItemID, fyne.CanvasObject) {})
	w2 := test.NewWindow(l)
	defer w2.Close()
	w2.Resize(fyne.NewSize(200, 200))
	l.ScrollTo(30)
	at := l.GetScrollOffset()
	if at <= 0 {
		t.Fatalf("the list did not scroll (offset %v)", at)
	}
	if got := remade(l); got != at {
		t.Errorf("a list made anew is at %v, want %v", got, at)
	}
}

// remade makes l's renderer anew, as Fyne does for a widget shown again
// after a minute, lays it out at l's size, and returns its scroller's
// offset.
func remade(l *enterList) float32 {
	r := l.CreateRenderer()
	r.Layout(l.Size())
	for _, o := range r.Objects() {
		if sc, ok := o.(*container.Scroll); ok {
			return sc.Offset.Y
		}
	}
	return -1
}

// logAtItsTail is a live log of 60 entries in a test window, following
// its tail, and its scroll offset there.
func logAtItsTail(t *testing.T) (*logPanel, float32) {
	t.Helper()
	test.NewTempApp(t)
	p := newLogPanel(nil)
	w := test.NewWindow(p.buildUI())
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(700, 320))
	var batch []session.LogEntry
	for i := range 60 {
		batch = append(batch, session.LogEntry{Kind: session.KindHostEvent, Text: fmt.Sprintf("event %d", i)})
	}
	p.appendAll(batch)
	tail := p.list.GetScrollOffset()
	if tail <= 0 {
		t.Fatalf("the log is not scrolled to its tail (offset %v)", tail)
	}
	return p, tail
}
