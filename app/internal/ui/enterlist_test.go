package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
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
