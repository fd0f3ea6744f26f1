package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
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
	test.NewTempApp(t)
	p := newLogPanel(nil)
	w := test.NewWindow(p.buildUI())
	defer w.Close()
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
