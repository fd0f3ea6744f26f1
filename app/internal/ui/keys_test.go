package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/sessiontest"
)

// focusRequests is what the pane asked of fe's keyboard focus so far.
func (f *fakeEmbedded) focusRequests() []bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bool(nil), f.focus...)
}

// backs is how many back requests fe had.
func (f *fakeEmbedded) backCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.nBacks
}

// An embedded portal gets the keyboard when it opens, from a host widget
// that had it too: before, only a click in the page gave it the X focus,
// so Tab went to the page only while the pointer was over it and WebKit
// drew no focus ring (found by GUI QA: 1366x768 under openbox, Ctrl+O,
// Tab).
func TestEmbeddedPortalGetsTheKeyboardWhenItOpens(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	c := s.win.Canvas()
	c.Focus(s.openBtn) // Tab to Open portal, then Space
	openEmbedded(t, s)
	waitFor(t, "the keyboard given to the page", func() bool { return len(fe.focusRequests()) > 0 })
	if got := fe.focusRequests(); !slices.Equal(got, []bool{true}) {
		t.Errorf("focus requests %v at open, want [true]", got)
	}
	if f := c.Focused(); f != nil {
		t.Errorf("%T keeps the host's focus while the page has the keyboard", f)
	}
	s.pane.tick(fe)
	if got := fe.focusRequests(); !slices.Equal(got, []bool{true}) {
		t.Errorf("focus requests %v after a look at the pane, want [true] (nothing took it back)", got)
	}
	s.Stop()
	waitReport(t, s, 1)
}

// The keys the page forwards reach the host (an embedded portal): Ctrl+L
// puts the keyboard in the log's search, Alt+Left is the app's back, F6
// takes the keyboard out of the page to the pane's Back arrow. Before,
// Ctrl+L and Alt+Left did nothing while the page had the keyboard, and no
// key left it (15 Tabs stayed in the page; found by GUI QA).
func TestKeysFromTheEmbeddedPage(t *testing.T) {
	fe := &fakeEmbedded{backs: []bool{true, true}}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	c := s.win.Canvas()
	openEmbedded(t, s)
	waitFor(t, "the keyboard given to the page", func() bool { return len(fe.focusRequests()) == 1 })
	for _, st := range []struct {
		name, key string
		focused   fyne.Focusable
		backs     int
		focus     []bool
	}{
		{"Ctrl+L", ipc.ShortcutLogSearch, s.log.search, 0, []bool{true}},
		{"Ctrl+F6 from the host's search gives the page the keyboard", "", nil, 0, []bool{true, true}},
		{"Alt+Left", ipc.ShortcutBack, nil, 1, []bool{true, true}},
		{"F6", ipc.ShortcutHostFocus, s.pane.backBtn, 1, []bool{true, true, false}},
	} {
		if st.key != "" {
			s.onWindowNotice(ipc.TypeShortcut, st.key)
		} else {
			s.KeyboardToPortal()
		}
		if got := c.Focused(); got != st.focused {
			t.Errorf("%s: %T has the host's focus, want %T", st.name, got, st.focused)
		}
		waitFor(t, st.name, func() bool {
			return fe.backCount() == st.backs && slices.Equal(fe.focusRequests(), st.focus)
		})
	}
	s.Stop()
	waitReport(t, s, 1)
}

// A dialog over the pane takes the keyboard from the page, which is parked
// under it; when it goes and no host widget has the focus, the page gets
// the keyboard back. Before, after Alt+Left in the page asked "Leave?",
// Escape and Tab went to the parked page and the dialog could not be
// answered by keyboard.
func TestDialogOverThePaneTakesTheKeyboard(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	c := s.win.Canvas()
	openEmbedded(t, s)
	waitFor(t, "the keyboard given to the page", func() bool { return len(fe.focusRequests()) == 1 })
	s.pane.tick(fe)
	s.AskLeave()
	s.pane.tick(fe)
	s.pane.tick(fe) // the same dialog: nothing more
	if got := fe.focusRequests(); !slices.Equal(got, []bool{true, false}) {
		t.Errorf("focus requests %v with the dialog up, want [true false]", got)
	}
	for c.Overlays().Top() != nil {
		c.Overlays().Remove(c.Overlays().Top())
	}
	c.Unfocus()
	s.pane.tick(fe)
	if got := fe.focusRequests(); !slices.Equal(got, []bool{true, false, true}) {
		t.Errorf("focus requests %v once the dialog went, want [true false true]", got)
	}
	dialog.ShowInformation("Host dialog", "over the pane", s.win)
	s.pane.tick(fe)
	for c.Overlays().Top() != nil {
		c.Overlays().Remove(c.Overlays().Top())
	}
	c.Focus(s.log.search) // a host widget has the focus after it
	s.pane.tick(fe)
	// To the host under the dialog, and again for the search field: never
	// back to the page.
	if got := fe.focusRequests(); !slices.Equal(got, []bool{true, false, true, false, false}) {
		t.Errorf("focus requests %v after a dialog that left a host widget focused, want [true false true false false]", got)
	}
	s.Stop()
	waitReport(t, s, 1)
}

// Ctrl+F6 in the host window gives the embedded page the keyboard, the
// Portal tab coming to the front if another one was; with no portal open
// it does nothing.
func TestCtrlF6GivesThePageTheKeyboard(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	c := s.win.Canvas()
	s.AddShortcuts(c)
	sc := c.(fyne.Shortcutable)
	ctrlF6 := &desktop.CustomShortcut{KeyName: fyne.KeyF6, Modifier: fyne.KeyModifierControl}
	sc.TypedShortcut(ctrlF6)
	if s.pane.control() != nil || len(fe.focusRequests()) != 0 {
		t.Fatal("Ctrl+F6 did something with no portal open")
	}
	openEmbedded(t, s)
	waitFor(t, "the keyboard given to the page", func() bool { return len(fe.focusRequests()) == 1 })
	s.ShowTab(TabLaunch)
	c.Focus(s.launch.preset)
	sc.TypedShortcut(ctrlF6)
	if sel := s.leftTabs.Selected().Text; sel != TabPortal {
		t.Errorf("tab %q after Ctrl+F6, want %q", sel, TabPortal)
	}
	if f := c.Focused(); f != nil {
		t.Errorf("%T keeps the focus after Ctrl+F6", f)
	}
	waitFor(t, "the keyboard given to the page again", func() bool { return slices.Equal(fe.focusRequests(), []bool{true, true}) })
	s.Stop()
	waitReport(t, s, 1)
}

// Alt+1 … Alt+9 bring each tab to the front and put the keyboard on its
// first control; Ctrl+PageDown and Ctrl+PageUp go round the tabs the
// keyboard is in. Before, the tab headers were no Tab stop and no key
// switched tabs: the Launch form and the Device tab could not be reached
// by keyboard (found by GUI QA).
func TestKeysSwitchTabs(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	c := s.win.Canvas()
	sc := c.(fyne.Shortcutable)
	alt := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
	}
	selected := func() []string {
		var out []string
		for _, tabs := range s.allTabs() {
			out = append(out, tabs.Selected().Text)
		}
		return out
	}
	for i, name := range tabKeys {
		sc.TypedShortcut(alt(digitKeys[i]))
		if got := selected(); !slices.Contains(got, name) {
			t.Errorf("Alt+%d: tabs %v in front, want %q among them", i+1, got, name)
		}
	}
	sc.TypedShortcut(alt(fyne.Key1))
	if f := c.Focused(); f == nil || !holds(s.leftTabs.Selected().Content, f.(fyne.CanvasObject)) {
		t.Errorf("Alt+1: the keyboard is on %T, not in the Launch form", f)
	}
	sc.TypedShortcut(alt(fyne.Key2))
	if f := c.Focused(); f == nil || !holds(s.leftTabs.Selected().Content, f.(fyne.CanvasObject)) {
		t.Errorf("Alt+2: the keyboard is on %T, not in the Device tab", f)
	}
	pgDn := &desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierControl}
	pgUp := &desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierControl}
	for _, st := range []struct {
		key  fyne.Shortcut
		want string
	}{{pgDn, TabPortal}, {pgDn, TabLaunch}, {pgUp, TabPortal}, {pgUp, TabDevice}} {
		sc.TypedShortcut(st.key)
		if got := s.leftTabs.Selected().Text; got != st.want {
			t.Errorf("%s: %q in front, want %q", st.key.ShortcutName(), got, st.want)
		}
	}
	// In the right tabs (the log's search has the keyboard) they go round
	// the log's tabs.
	s.FocusLogSearch(c)
	sc.TypedShortcut(pgDn)
	if got := s.portal.tabs.Selected().Text; got != TabConsole {
		t.Errorf("Ctrl+PageDown from the log's search: %q in front, want %q", got, TabConsole)
	}
	if got := s.leftTabs.Selected().Text; got != TabDevice {
		t.Errorf("Ctrl+PageDown from the log's search moved the left tabs to %q", got)
	}
}

// Alt+1 … Alt+9 and Ctrl+PageUp/PageDown pressed while the embedded page
// has the keyboard switch the host's tabs as in the host (GUI QA: they
// did nothing until F6 took the keyboard out of the page).
func TestTabKeysFromTheEmbeddedPage(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	openEmbedded(t, s)
	waitFor(t, "the keyboard given to the page", func() bool { return len(fe.focusRequests()) == 1 })
	s.onWindowNotice(ipc.TypeShortcut, ipc.ShortcutTab+"8")
	if got := s.tabs.Selected().Text; !strings.HasPrefix(got, TabHistory) {
		t.Errorf("Alt+8 from the page: %q in front, want %s", got, TabHistory)
	}
	s.onWindowNotice(ipc.TypeShortcut, ipc.ShortcutTab+"2")
	if got := s.leftTabs.Selected().Text; got != TabDevice {
		t.Errorf("Alt+2 from the page: %q in front, want %s", got, TabDevice)
	}
	if f := s.win.Canvas().Focused(); f == nil || !holds(s.leftTabs.Selected().Content, f.(fyne.CanvasObject)) {
		t.Errorf("Alt+2 from the page: the keyboard is on %T, not in the Device tab", f)
	}
	s.onWindowNotice(ipc.TypeShortcut, ipc.ShortcutTabNext)
	if got := s.leftTabs.Selected().Text; got != TabPortal {
		t.Errorf("Ctrl+PageDown from the page: %q in front, want %s", got, TabPortal)
	}
	s.onWindowNotice(ipc.TypeShortcut, ipc.ShortcutTab+"0") // no such key: nothing
	s.Stop()
	waitReport(t, s, 1)
}

// recordingCanvas is a canvas that remembers the shortcuts registered on
// it.
type recordingCanvas struct {
	fyne.Canvas
	names []string
}

// AddShortcut implements fyne.Canvas.
func (r *recordingCanvas) AddShortcut(sc fyne.Shortcut, h func(fyne.Shortcut)) {
	r.names = append(r.names, sc.ShortcutName())
	r.Canvas.AddShortcut(sc, h)
}

// labelsUnder are the texts of the labels under o.
func labelsUnder(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.PopUp:
			walk(v.Content)
		default:
			for _, c := range children(o) {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// F1 and Ctrl+/ show the keyboard help, which lists every shortcut the
// window registers (all of them from hostKeyTable, which the help is
// made from) and every plain key it takes; Escape closes it. Before, only
// Ctrl+O, Ctrl+R and Ctrl+L were told anywhere, and F6, the only way out
// of the embedded page, nowhere (found by keyboard QA).
func TestKeysHelpListsEveryShortcut(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	rec := &recordingCanvas{Canvas: s.win.Canvas()}
	s.AddShortcuts(rec) // as the host window does
	c := s.win.Canvas()

	inTable := map[string]string{}
	var plain []fyne.KeyName
	for _, k := range hostKeyTable() {
		for _, sc := range k.shortcuts {
			inTable[sc.ShortcutName()] = k.keysLabel()
		}
		plain = append(plain, k.plain...)
	}
	for _, name := range rec.names {
		if _, ok := inTable[name]; !ok {
			t.Errorf("the window registers %s, which the keyboard help does not list", name)
		}
	}
	for _, want := range []string{"F1", "F6", "F12"} {
		if !slices.Contains(plain, fyne.KeyName(want)) {
			t.Errorf("the keyboard help does not list %s", want)
		}
	}

	for _, open := range []struct {
		name string
		do   func()
	}{
		{"F1", func() { typeKey(c, fyne.KeyF1, 0) }},
		{"Ctrl+/", func() {
			c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeySlash, Modifier: fyne.KeyModifierShortcutDefault})
		}},
	} {
		open.do()
		top := c.Overlays().Top()
		if top == nil {
			t.Fatalf("%s showed no keyboard help", open.name)
		}
		text := strings.Join(labelsUnder(top), "\n")
		for _, k := range hostKeyTable() {
			if !strings.Contains(text, k.keysLabel()+"\n"+k.does) {
				t.Errorf("%s: the help lacks %q: %q", open.name, k.keysLabel(), k.does)
			}
		}
		for _, want := range []string{"Ctrl+O", "Ctrl+R", "Ctrl+P", "Ctrl+S", "Ctrl+L", "F12", "Ctrl+F6 or F6", "Alt+1 … Alt+9", "Ctrl+PageDown or Ctrl+PageUp", "Alt+Left", "Escape"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the help does not name %s", open.name, want)
			}
		}
		typeKey(c, fyne.KeyF1, 0) // no second help over the first
		if n := len(c.Overlays().List()); n != 1 {
			t.Errorf("F1 in the help: %d overlays, want 1", n)
		}
		typeKey(c, fyne.KeyEscape, 0)
		if c.Overlays().Top() != nil {
			t.Fatalf("Escape left the keyboard help open")
		}
	}
	// The keys the help lists still do what they did.
	typeKey(c, fyne.KeyF12, 0)
	if on, _ := s.devTools.Get(); !on {
		t.Error("F12 no longer turns DevTools on")
	}
	c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault})
	if c.Focused() != s.log.search {
		t.Errorf("Ctrl+L put the keyboard on %T, not the log's search", c.Focused())
	}
}

// The Launch form's line of keys says where the others are.
func TestLaunchFormTellsTheKeyboardHelp(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.ShowTab(TabLaunch)
	if text := strings.Join(labelsUnder(s.leftTabs.Selected().Content), "\n"); !strings.Contains(text, "Ctrl+/ lists all keys") {
		t.Error("the Launch form does not say Ctrl+/ lists the keys")
	}
}

// Ctrl+/ pressed while the embedded page has the keyboard (the window
// forwards it, ipc.ShortcutKeysHelp) shows the host's list of keys, as it
// does in the host: the keys that leave the page (F6) are in it.
func TestKeysHelpFromTheEmbeddedPage(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	c := s.win.Canvas()
	openEmbedded(t, s)
	waitFor(t, "the keyboard given to the page", func() bool { return len(fe.focusRequests()) == 1 })
	s.onWindowNotice(ipc.TypeShortcut, ipc.ShortcutKeysHelp)
	top := c.Overlays().Top()
	if top == nil {
		t.Fatal("Ctrl+/ in the page showed no keyboard help")
	}
	if text := strings.Join(labelsUnder(top), "\n"); !strings.Contains(text, "Ctrl+F6 or F6") {
		t.Errorf("the help from the page does not name the keys that leave it: %q", text)
	}
	for c.Overlays().Top() != nil {
		c.Overlays().Remove(c.Overlays().Top())
	}
	s.Stop()
	waitReport(t, s, 1)
}

// Alt+7 puts the keyboard on the Policies tab's first control, its
// filter, and Tab goes on to its list; Alt+9 shows the log, with the
// keyboard in it, from whichever right tab is in front. Before, Alt+7
// left no control with the keyboard (the tab's panel is a widget of the
// host's own, which firstFocusable did not look into), and Alt+9 with
// Policies or History in front selected the log out of sight (found by
// GUI QA).
func TestTabKeysReachEveryTab(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	c := s.win.Canvas()
	sc := c.(fyne.Shortcutable)
	alt := func(i int) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: digitKeys[i-1], Modifier: fyne.KeyModifierAlt}
	}
	for _, tc := range []struct {
		name   string
		before string
		key    int
		// want is the control that gets the keyboard, nil for any
		// control of the tab's content.
		want fyne.Focusable
	}{
		{"Alt+7", TabResult, 7, s.policies.filter},
		{"Alt+8", TabResult, 8, s.history.verdict},
		{"Alt+9 from Policies", TabPolicies, 9, nil},
		{"Alt+9 from History", TabHistory, 9, nil},
		{"Alt+9 from Scenario", TabScenario, 9, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.ShowTab(tc.before)
			c.Unfocus()
			sc.TypedShortcut(alt(tc.key))
			f := c.Focused()
			o, _ := f.(fyne.CanvasObject)
			if o == nil || !onScreen(o) {
				t.Fatalf("%s: the keyboard is on %T, on screen: %v", tc.name, f, o != nil && onScreen(o))
			}
			if tc.want != nil && f != tc.want {
				t.Errorf("%s: the keyboard is on %T, want %T", tc.name, f, tc.want)
			}
			if tc.key == 9 {
				if got := s.portal.tabs.Selected().Text; got != TabLog {
					t.Errorf("%s: %q in front under the right tabs, want %q", tc.name, got, TabLog)
				}
				if !holds(s.portal.tabs.Selected().Content, o) {
					t.Errorf("%s: the keyboard is on %T, not in the log", tc.name, f)
				}
				if tc.before == TabScenario && s.tabs.Selected().Text != TabScenario {
					t.Errorf("%s: %q in front on the right, want Scenario kept", tc.name, s.tabs.Selected().Text)
				}
			}
		})
	}
	sc.TypedShortcut(alt(7))
	c.FocusNext()
	if f := c.Focused(); f != s.policies.list {
		t.Errorf("Tab from the policies' filter went to %T, want the list", f)
	}
}

// The keys help's list, cut in the default window, scrolls by keyboard:
// it has the keyboard when the help opens, Down and Up go a line,
// PageDown and PageUp a view, End and Home to either end; Escape still
// closes the help. Before, Tab reached only the Close button, and no key
// scrolled (found by GUI QA at 1240x660).
func TestKeysHelpScrollsByKeyboard(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.win.Resize(fyne.NewSize(1240, 660))
	c := s.win.Canvas()
	s.ShowKeys(c)
	list := keysScrollIn(c.Overlays().Top())
	if list == nil || c.Focused() != list {
		t.Fatalf("the keys help opened with the keyboard on %T, not its list", c.Focused())
	}
	sc := list.scroll
	end := sc.Content.Size().Height - sc.Size().Height
	if end <= 0 {
		t.Fatalf("the list fits (%v in %v): nothing to scroll", sc.Content.Size().Height, sc.Size().Height)
	}
	for _, st := range []struct {
		key  fyne.KeyName
		want func(before float32) bool
	}{
		{fyne.KeyDown, func(b float32) bool { return sc.Offset.Y > b && sc.Offset.Y < b+sc.Size().Height/2 }},
		{fyne.KeyUp, func(float32) bool { return sc.Offset.Y == 0 }},
		{fyne.KeyUp, func(float32) bool { return sc.Offset.Y == 0 }}, // not above the top
		{fyne.KeyPageDown, func(b float32) bool { return sc.Offset.Y >= min(end, b+sc.Size().Height/2) }},
		{fyne.KeyEnd, func(float32) bool { return sc.Offset.Y == end }},
		{fyne.KeyDown, func(float32) bool { return sc.Offset.Y == end }}, // not below the end
		{fyne.KeyPageUp, func(b float32) bool { return sc.Offset.Y < b }},
		{fyne.KeyHome, func(float32) bool { return sc.Offset.Y == 0 }},
	} {
		before := sc.Offset.Y
		typeKey(c, st.key, 0)
		if !st.want(before) {
			t.Errorf("%s at %v scrolled the list to %v (its end %v)", st.key, before, sc.Offset.Y, end)
		}
	}
	c.FocusNext()
	if _, ok := c.Focused().(*dialogButton); !ok {
		t.Errorf("Tab from the list went to %T, not Close", c.Focused())
	}
	c.FocusPrevious()
	typeKey(c, fyne.KeyEscape, 0)
	if c.Overlays().Top() != nil {
		t.Error("Escape on the list left the keys help open")
	}
}
