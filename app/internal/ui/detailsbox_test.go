package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	insp "mpsim/app/internal/inspect"
	"mpsim/app/internal/sessiontest"
)

// The test driver does not route keys as the window does; these do, as
// Fyne's GLFW window (internal/driver/glfw/window.go) does for a key
// pressed in the host window.

// pressTab is Tab (Shift+Tab when back) as the window gives it: to the
// focused control when that takes Tab (fyne.Tabbable; the key event does
// not say Shift), else the keyboard moves on or back (capturesTab).
func pressTab(c fyne.Canvas, back bool) {
	if t, ok := c.Focused().(fyne.Tabbable); ok && t.AcceptsTab() {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
		return
	}
	if back {
		c.FocusPrevious()
	} else {
		c.FocusNext()
	}
}

// pressShortcut is a shortcut as the window gives it: to the focused
// control when it takes shortcuts, else to the canvas (triggersShortcut).
func pressShortcut(c fyne.Canvas, s fyne.Shortcut) {
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(s)
}

// pressKey is a key without a modifier as the window gives it: to the
// focused control, else to the canvas's OnTypedKey.
func pressKey(c fyne.Canvas, k fyne.KeyName) {
	if f := c.Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: k})
		return
	}
	if f := c.OnTypedKey(); f != nil {
		f(&fyne.KeyEvent{Name: k})
	}
}

// The details boxes of the Network (request and navigation), Console and
// Log tabs are no keyboard trap (found by keyboard-only QA: Shift+Tab
// from Export HAR… into the request's details, and no key took the
// keyboard out again): typing, Enter, Backspace, paste and cut leave
// their text as it was, Tab and Shift+Tab move the keyboard out, the
// window's shortcuts (Alt+1) and keys (F6) work in them, and the text can
// still be selected and copied.
func TestDetailsBoxesAreNoKeyboardTrap(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	c := s.win.Canvas()
	show := map[string]func(){
		"request": func() { s.ShowTab(TabNetwork); s.portal.network.tabs.SelectIndex(0) },
		"navigation": func() {
			s.ShowTab(TabNetwork)
			s.portal.network.tabs.SelectIndex(1)
		},
		"console message": func() { s.ShowTab(TabConsole) },
		"log JSON": func() {
			s.ShowTab(TabLog)
			s.log.showViews(true)
			s.log.views.SelectIndex(1)
		},
	}
	for _, tc := range []struct {
		name string
		box  interface {
			fyne.Focusable
			SetText(string)
		}
		text func() string
	}{
		{"request", s.portal.network.detail, func() string { return s.portal.network.detail.Text }},
		{"navigation", s.portal.network.navDetail, func() string { return s.portal.network.navDetail.Text }},
		{"console message", s.portal.console.detail, func() string { return s.portal.console.detail.Text }},
		{"log JSON", s.log.inspector, func() string { return s.log.inspector.Text }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const text = "GET https://portal.example/plans\n\nStatus: 200 OK\n"
			show[tc.name]()
			tc.box.SetText(text)
			c.Focus(tc.box)
			if c.Focused() != tc.box {
				t.Fatalf("the box takes no keyboard (%T has it)", c.Focused())
			}

			test.Type(tc.box, "typed")
			for _, k := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyBackspace, fyne.KeyDelete, fyne.KeyRight, fyne.KeyDown} {
				pressKey(c, k)
			}
			clip := s.app.Clipboard()
			clip.SetContent("pasted")
			pressShortcut(c, &fyne.ShortcutPaste{Clipboard: clip})
			pressShortcut(c, &fyne.ShortcutSelectAll{})
			pressShortcut(c, &fyne.ShortcutCut{Clipboard: clip})
			if tc.text() != text {
				t.Errorf("the keyboard changed the details to %q", tc.text())
			}
			clip.SetContent("")
			pressShortcut(c, &fyne.ShortcutSelectAll{})
			pressShortcut(c, &fyne.ShortcutCopy{Clipboard: clip})
			if got := clip.Content(); got != text {
				t.Errorf("Ctrl+A, Ctrl+C copied %q, want the details", got)
			}

			for _, back := range []bool{false, true} {
				c.Focus(tc.box)
				pressTab(c, back)
				if f := c.Focused(); f == tc.box || f == nil {
					t.Errorf("Tab (back %v) left the keyboard on %T", back, f)
				}
				if tc.text() != text {
					t.Errorf("Tab (back %v) changed the details to %q", back, tc.text())
				}
			}

			c.Focus(tc.box)
			var got fyne.KeyName
			before := c.OnTypedKey()
			c.SetOnTypedKey(func(k *fyne.KeyEvent) { got = k.Name })
			pressKey(c, fyne.KeyF6)
			c.SetOnTypedKey(before)
			if got != fyne.KeyF6 {
				t.Error("F6 in the box did not reach the window")
			}

			pressShortcut(c, &desktop.CustomShortcut{KeyName: fyne.Key1, Modifier: fyne.KeyModifierAlt})
			if sel := s.leftTabs.Selected().Text; sel != TabLaunch {
				t.Errorf("Alt+1 in the box: %q in front, want %q", sel, TabLaunch)
			}
			if c.Focused() == tc.box {
				t.Error("Alt+1 in the box left the keyboard in it")
			}
		})
	}
}

// The Network tab's requests can be reached and chosen by keyboard: Tab
// from Export HAR… goes to the requests table (before, it left the panel
// for Open portal, and the table was behind the details box: found by
// keyboard-only QA), the arrows move through the rows (from the newest,
// where a loaded report puts the current cell) and Enter (or Space)
// selects the row it is on, its details showing under the table.
func TestNetworkTableIsInTheTabOrder(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	c := s.win.Canvas()
	n := s.portal.network
	reqs := []insp.Request{
		{Method: "GET", URL: "https://portal.example/", Status: 200, Type: "document"},
		{Method: "POST", URL: "https://portal.example/api/buy", Status: 500, Type: "fetch"},
		{Method: "GET", URL: "https://portal.example/logo.png", Status: 200, Type: "image"},
	}
	n.load(reqs, nil, nil)
	s.ShowTab(TabNetwork)
	n.tabs.SelectIndex(0)
	c.Focus(n.exportBtn)
	pressTab(c, false)
	if f := c.Focused(); f != n.table {
		t.Fatalf("Tab from Export HAR… went to %T, want the requests table", f)
	}
	for _, st := range []struct {
		key  fyne.KeyName
		want int
	}{{fyne.KeyUp, -1}, {fyne.KeyReturn, 1}, {fyne.KeyDown, 1}, {fyne.KeySpace, 2}, {fyne.KeyUp, 2}, {fyne.KeyEnter, 1}} { // from the newest row
		pressKey(c, st.key)
		if n.selected != st.want {
			t.Errorf("after %s the selected request is %d, want %d", st.key, n.selected, st.want)
		}
	}
	if want := requestDetail(&reqs[1]); n.detail.Text != want {
		t.Errorf("the details say %q, want the selected request's", n.detail.Text)
	}
	pressTab(c, true)
	if f := c.Focused(); f != n.exportBtn {
		t.Errorf("Shift+Tab from the table went to %T, want Export HAR…", f)
	}
}

// Shift+Tab in the Launch form's Extra params (a multi-line field) moves
// the keyboard back: it moved it on, as Tab does (found by reading the
// code after keyboard-only QA).
func TestShiftTabLeavesExtraParamsBackwards(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	c := s.win.Canvas()
	s.ShowTab(TabLaunch)
	extra := s.launch.fieldErrs[2]
	if !extra.MultiLine || extra.PlaceHolder != "name=value, one per line" {
		t.Fatalf("fieldErrs[2] is %q, not Extra params", extra.PlaceHolder)
	}
	for _, back := range []bool{false, true} {
		c.Focus(extra)
		if back {
			c.FocusPrevious()
		} else {
			c.FocusNext()
		}
		want := c.Focused()
		c.Focus(extra)
		extra.SetText("a=1")
		pressTab(c, back)
		if got := c.Focused(); got != want {
			t.Errorf("Tab (back %v) from Extra params went to %T, want %T", back, got, want)
		}
		if extra.Text != "a=1" {
			t.Errorf("Tab (back %v) typed into Extra params: %q", back, extra.Text)
		}
	}
}

// Tab goes through the History tab as it reads: the verdict filter, the
// search, the buttons, then the rows. It went rows, check boxes, search,
// filter, buttons (found by keyboard-only QA).
func TestHistoryTabOrderFollowsTheLayout(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	c := s.win.Canvas()
	s.ShowTab(TabHistory)
	h := s.history
	c.Focus(h.verdict)
	pressTab(c, false)
	if f := c.Focused(); f != h.search {
		t.Errorf("Tab from the verdict filter went to %T, want the search", f)
	}
	pressTab(c, false)
	if f := c.Focused(); f != h.refreshBtn { // the other buttons wait for a selected row
		t.Errorf("Tab from the search went to %T, want Refresh", f)
	}
	pressTab(c, false)
	if f := c.Focused(); f != h.list {
		t.Errorf("Tab from Refresh went to %T, want the list", f)
	}
}
