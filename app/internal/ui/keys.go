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

// addKeyboardShortcuts registers the tab keys and Ctrl+F6 on c.
func (s *HostScreen) addKeyboardShortcuts(c fyne.Canvas) {
	for i, name := range tabKeys {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: digitKeys[i], Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) {
			s.SwitchTab(c, name)
		})
	}
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierControl}, func(fyne.Shortcut) {
		s.StepTab(c, 1)
	})
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageUp, Modifier: fyne.KeyModifierControl}, func(fyne.Shortcut) {
		s.StepTab(c, -1)
	})
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF6, Modifier: fyne.KeyModifierControl}, func(fyne.Shortcut) {
		s.KeyboardToPortal()
	})
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
