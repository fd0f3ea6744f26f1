package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The keyboard's ways around the host window that are not a button's:
// Alt+1 … Alt+9 bring a tab to the front (tabKeys), Ctrl+PageDown and
// Ctrl+PageUp go to the next and previous tab of the tabs the keyboard is
// in, F6 (or Ctrl+F6) moves the keyboard between the host's controls and
// the page of the embedded portal. Before, the tab headers were no Tab
// stop and no key switched tabs, so the Launch form and the Device tab
// could not be reached by keyboard, and nothing took the keyboard out of
// an embedded page (found by GUI QA).

// tabKeys are the tabs Alt+1 … Alt+9 bring to the front, in order.
var tabKeys = []string{TabLaunch, TabDevice, TabPortal, TabResult, TabScenario, TabLifecycle, TabPolicies, TabHistory, TabLog}

// digitKeys are the keys 1 … 9.
var digitKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}

// hostKey is one row of the host window's keys: the keys, what they do,
// and for the keys the window handles, what it does with them. The one
// table of them (hostKeyTable) both registers them on the window and
// lists them in the keyboard help (F1), so the two cannot drift: before,
// only Ctrl+O, Ctrl+R and Ctrl+L were told anywhere, and F6 (the only way
// out of the embedded page) nowhere (found by keyboard QA).
type hostKey struct {
	// shortcuts are the combinations with a modifier the window's canvas
	// takes; plain the keys without one, which the window takes before
	// its focused control (windowKey).
	shortcuts []fyne.Shortcut
	plain     []fyne.KeyName
	// keys names the keys a row without shortcuts and plain keys is about
	// (Tab, Escape): they are a control's or a dialog's, not the window's.
	keys string
	// does says what they do, as the help shows it.
	does string
	// fromPage says the keys work too while the embedded portal's page
	// has the keyboard (the page forwards them, ipc.Shortcut*).
	fromPage bool
	// run does it; i is the index of the key pressed in shortcuts, then
	// in plain.
	run func(s *HostScreen, c fyne.Canvas, i int)
}

// hostKeyTable is every key of the host window, in the order the help
// lists them.
func hostKeyTable() []hostKey {
	alt := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
	}
	control := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierControl}
	}
	tabs := make([]fyne.Shortcut, len(digitKeys))
	for i, k := range digitKeys {
		tabs[i] = alt(k)
	}
	return []hostKey{
		{shortcuts: []fyne.Shortcut{ShortcutOpen()}, does: "Open the portal",
			run: func(s *HostScreen, _ fyne.Canvas, _ int) { s.Open() }},
		{shortcuts: []fyne.Shortcut{ShortcutRelaunch()}, does: "Relaunch: close the portal and open it again", fromPage: true,
			run: func(s *HostScreen, _ fyne.Canvas, _ int) { s.relaunchByUser() }},
		{shortcuts: []fyne.Shortcut{ctrl(fyne.KeyS)}, does: "Save the shown report",
			run: func(s *HostScreen, _ fyne.Canvas, _ int) { s.askSaveReport() }},
		{shortcuts: []fyne.Shortcut{ctrl(fyne.KeyL)}, does: "Search the log", fromPage: true,
			run: func(s *HostScreen, c fyne.Canvas, _ int) { s.FocusLogSearch(c) }},
		{shortcuts: []fyne.Shortcut{ShortcutPresenter()}, does: "Presenter mode on or off", fromPage: true,
			run: func(s *HostScreen, _ fyne.Canvas, _ int) { s.togglePresenter() }},
		{plain: []fyne.KeyName{fyne.KeyF12}, does: "DevTools on or off", fromPage: true,
			run: func(s *HostScreen, _ fyne.Canvas, _ int) { s.ToggleDevTools() }},
		{shortcuts: []fyne.Shortcut{control(fyne.KeyF6)}, plain: []fyne.KeyName{fyne.KeyF6},
			does: "Keyboard into the embedded portal's page; in the page, the same keys give it back to the host", fromPage: true,
			run: func(s *HostScreen, _ fyne.Canvas, _ int) { s.KeyboardToPortal() }},
		{shortcuts: tabs, does: "Tabs: " + strings.Join(tabKeys, ", "), fromPage: true,
			run: func(s *HostScreen, c fyne.Canvas, i int) { s.SwitchTab(c, tabKeys[i]) }},
		{shortcuts: []fyne.Shortcut{control(fyne.KeyPageDown), control(fyne.KeyPageUp)}, does: "Next or previous tab", fromPage: true,
			run: func(s *HostScreen, c fyne.Canvas, i int) { s.StepTab(c, 1-2*i) }},
		{shortcuts: []fyne.Shortcut{alt(fyne.KeyLeft)}, does: "The portal's back (at its first page: Leave?)", fromPage: true,
			run: func(s *HostScreen, _ fyne.Canvas, _ int) {
				if s.pane.state == paneRunning {
					s.PortalBack()
				}
			}},
		{shortcuts: []fyne.Shortcut{ctrl(fyne.KeySlash)}, plain: []fyne.KeyName{fyne.KeyF1}, does: "This list of keys", fromPage: true,
			run: func(s *HostScreen, c fyne.Canvas, _ int) { s.ShowKeys(c) }},
		{keys: "Tab, Shift+Tab", does: "Next or previous control"},
		{keys: "Space", does: "Press the focused button, tick the focused box"},
		{keys: "Enter", does: "Press the focused button, or select the list or table row the keyboard is on; in a dialog with none focused, its default (Leave, Yes, Close)"},
		{keys: "Escape", does: "Close a dialog with its safe answer (Leave? answers Stay, Delete? No)"},
	}
}

// keysHint tells where the list of keys is, for the Launch form's line of
// keys.
const keysHint = "Ctrl+/ lists all keys"

// addKeyboardShortcuts registers every key of hostKeyTable on c: the
// combinations as shortcuts, the plain keys (F1, F6, F12) for windowKey,
// which the window gives them to before its focused control once
// NativeReady took them (takeWindowKeys), and c's typed-key handler, which
// it sets, until then.
func (s *HostScreen) addKeyboardShortcuts(c fyne.Canvas) {
	plain := map[fyne.KeyName]func(){}
	for _, k := range hostKeyTable() {
		if k.run == nil {
			continue
		}
		for i, sc := range k.shortcuts {
			c.AddShortcut(sc, func(fyne.Shortcut) { k.run(s, c, i) })
		}
		for i, name := range k.plain {
			plain[name] = func() { k.run(s, c, len(k.shortcuts)+i) }
		}
	}
	s.plainKeys = plain
	c.SetOnTypedKey(func(e *fyne.KeyEvent) { s.windowKey(e.Name, false) })
}

// windowKey runs the window's plain key name (F1, F6 or F12 of
// hostKeyTable) whatever control of the window has the keyboard, a
// dialog's too, and says whether it took the key; a repeat of a held key
// it takes without running it again (a held F12 turned DevTools on and
// off). Under a dialog F1 and F6 do nothing (ShowKeys,
// KeyboardToPortal), F12 works.
func (s *HostScreen) windowKey(name fyne.KeyName, repeat bool) bool {
	run := s.plainKeys[name]
	if run == nil {
		return false
	}
	if !repeat {
		run()
	}
	return true
}

// keysLabel is how the help writes the keys of k: "Ctrl+O", "Ctrl+F6 or
// F6", "Alt+1 … Alt+9".
func (k hostKey) keysLabel() string {
	if k.keys != "" {
		return k.keys
	}
	var names []string
	for _, sc := range k.shortcuts {
		names = append(names, shortcutLabel(sc))
	}
	for _, p := range k.plain {
		names = append(names, keyLabel(p))
	}
	switch {
	case len(names) > 3:
		return names[0] + " … " + names[len(names)-1]
	case len(names) > 1:
		return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	}
	return strings.Join(names, "")
}

// shortcutLabel is how the help writes sc: "Ctrl+PageDown", "Alt+Left".
func shortcutLabel(sc fyne.Shortcut) string {
	cs, ok := sc.(*desktop.CustomShortcut)
	if !ok {
		return sc.ShortcutName()
	}
	var b strings.Builder
	for _, m := range []struct {
		mod  fyne.KeyModifier
		name string
	}{{fyne.KeyModifierControl, "Ctrl"}, {fyne.KeyModifierSuper, "Cmd"}, {fyne.KeyModifierAlt, "Alt"}, {fyne.KeyModifierShift, "Shift"}} {
		if cs.Modifier&m.mod != 0 {
			b.WriteString(m.name + "+")
		}
	}
	return b.String() + keyLabel(cs.KeyName)
}

// keyLabel is how the help writes a key: as on the keyboard, where Fyne's
// name differs (X11's Prior and Next are PageUp and PageDown).
func keyLabel(k fyne.KeyName) string {
	switch k {
	case fyne.KeyPageUp:
		return "PageUp"
	case fyne.KeyPageDown:
		return "PageDown"
	}
	return string(k)
}

// SwitchTab brings the tab name to the front (Alt+1 … Alt+9) and puts the
// keyboard on its first control, so that Tab goes on from there; in
// presenter mode the developer view's tabs are not on screen, and nothing
// happens.
func (s *HostScreen) SwitchTab(c fyne.Canvas, name string) {
	if s.inPresenter() {
		return
	}
	s.ShowTab(name)
	for _, tabs := range s.allTabs() {
		if it := tabs.Selected(); it != nil && (it.Text == name || strings.HasPrefix(it.Text, name+" (")) {
			s.focusFirstIn(c, it.Content)
		}
	}
}

// StepTab brings the next (step 1) or previous (step -1) tab to the front
// among the tabs that hold the keyboard's widget, or the left tabs when
// no widget has it (Ctrl+PageDown, Ctrl+PageUp), wrapping around.
func (s *HostScreen) StepTab(c fyne.Canvas, step int) {
	if s.inPresenter() {
		return
	}
	tabs := s.leftTabs
	if f, ok := c.Focused().(fyne.CanvasObject); ok {
		for _, t := range s.allTabs() {
			if t.Visible() && within(f, t) {
				tabs = t
			}
		}
	}
	n := len(tabs.Items)
	if n == 0 {
		return
	}
	i := (tabs.SelectedIndex() + step + n) % n
	tabs.SelectIndex(i)
	s.focusFirstIn(c, tabs.Items[i].Content)
}

// allTabs are the host's tab groups: left, right, and under the right.
func (s *HostScreen) allTabs() []*namedTabs {
	var out []*namedTabs
	for _, t := range []*namedTabs{s.leftTabs, s.tabs} {
		if t != nil {
			out = append(out, t)
		}
	}
	if s.portal != nil && s.portal.tabs != nil {
		out = append(out, s.portal.tabs)
	}
	return out
}

// focusFirstIn puts the keyboard on the first control under o that takes
// it, or on none (the next Tab then starts at the toolbar, and goes
// through the tab in front).
func (s *HostScreen) focusFirstIn(c fyne.Canvas, o fyne.CanvasObject) {
	if f := firstFocusable(o); f != nil {
		c.Focus(f)
		return
	}
	c.Unfocus()
}

// firstFocusable is the first visible, enabled control under o, looking
// into what children looks into; nil for none.
func firstFocusable(o fyne.CanvasObject) fyne.Focusable {
	if o == nil || !o.Visible() {
		return nil
	}
	if f, ok := o.(fyne.Focusable); ok {
		if d, ok := o.(fyne.Disableable); !ok || !d.Disabled() {
			return f
		}
	}
	for _, c := range children(o) {
		if f := firstFocusable(c); f != nil {
			return f
		}
	}
	return nil
}

// KeyboardToPortal gives the keyboard to the page of the embedded portal
// (F6 or Ctrl+F6 in the host window): the Portal tab comes to the front if
// it was not, and the host's widget loses the focus. It reports whether
// there was a running embedded portal to give it to.
func (s *HostScreen) KeyboardToPortal() bool {
	ctrl := s.pane.control()
	if ctrl == nil || s.pane.state != paneRunning {
		return false
	}
	if !s.pane.shown && !s.inPresenter() {
		s.ShowTab(TabPortal)
	}
	return s.pane.givePortalKeyboard(ctrl)
}

// KeyboardToHost takes the keyboard back from the page of the embedded
// portal (F6 or Ctrl+F6 pressed in the page): the pane's Back arrow gets
// it, with its focus ring, and Tab goes on through the host's controls.
func (s *HostScreen) KeyboardToHost() {
	ctrl := s.pane.control()
	if ctrl == nil {
		return
	}
	go func() { _ = ctrl.Focus(false) }()
	c := s.pane.canvas()
	if c == nil {
		return
	}
	if b := s.pane.backBtn; b != nil && b.Visible() && !b.Disabled() {
		c.Focus(b)
		return
	}
	c.FocusNext()
}
