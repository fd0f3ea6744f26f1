package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/go-gl/glfw/v3.3/glfw"

	"mpsim/app/internal/sessiontest"
)

// glfwNames are Fyne's names of the GLFW keys the tests press.
var glfwNames = map[glfw.Key]fyne.KeyName{
	glfw.KeyF1: fyne.KeyF1, glfw.KeyF6: fyne.KeyF6, glfw.KeyF12: fyne.KeyF12,
	glfw.KeyEscape: fyne.KeyEscape, glfw.KeyBackspace: fyne.KeyBackspace, glfw.KeyDown: fyne.KeyDown,
}

// usLayout is GLFW's name of a printable key on a US keyboard: its
// letter in lower case, its sign.
func usLayout(k glfw.Key, _ int) string {
	switch {
	case k >= glfw.KeyA && k <= glfw.KeyZ:
		return string(rune('a' + k - glfw.KeyA))
	case k == glfw.KeySlash:
		return "/"
	}
	return ""
}

// windowKeys is the key callback of the host window's GLFW window as
// takeWindowKeys leaves it (keysFirstCallback before Fyne's), with Fyne's
// own played by pressKey: the focused control's TypedKey, else the
// canvas's typed-key handler; and for a key with Ctrl or Alt by
// fyneShortcut. Fyne's gets the releases, which it gives no control's
// TypedKey, in released.
func windowKeys(s testScreen, released *[]glfw.Key) func(key glfw.Key, action glfw.Action, mods glfw.ModifierKey) {
	c := s.win.Canvas()
	fyneKeys := func(_ *glfw.Window, key glfw.Key, scancode int, action glfw.Action, mods glfw.ModifierKey) {
		if action == glfw.Release {
			*released = append(*released, key)
			return
		}
		if mods&^glfw.ModShift != 0 {
			name, m := pressedKey(key, scancode, mods, usLayout)
			fyneShortcut(c, name, m)
			return
		}
		pressKey(c, glfwNames[key])
	}
	cb := keysFirstCallback(s.takeKey, usLayout, fyneKeys)
	return func(key glfw.Key, action glfw.Action, mods glfw.ModifierKey) { cb(nil, key, 0, action, mods) }
}

// fyneShortcut gives the combination name with mods to c as Fyne's GLFW
// window does (triggersShortcut): Ctrl+C is a copy, Ctrl+A a select all,
// another a desktop.CustomShortcut; to the focused control alone when it
// takes shortcuts, else to the canvas.
func fyneShortcut(c fyne.Canvas, name fyne.KeyName, mods fyne.KeyModifier) {
	var sc fyne.Shortcut = &desktop.CustomShortcut{KeyName: name, Modifier: mods}
	if mods == fyne.KeyModifierShortcutDefault {
		switch name {
		case fyne.KeyC:
			sc = &fyne.ShortcutCopy{Clipboard: fyne.CurrentApp().Clipboard()}
		case fyne.KeyA:
			sc = &fyne.ShortcutSelectAll{}
		}
	}
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	c.(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(sc)
}

// focusableUnder is the first object under o, looking into widgets'
// renderers, that takes the keyboard: the part of a selectable label that
// does is Fyne's own.
func focusableUnder(o fyne.CanvasObject) fyne.Focusable {
	if f, ok := o.(fyne.Focusable); ok {
		return f
	}
	for _, k := range objectsUnder(o) {
		if f := focusableUnder(k); f != nil {
			return f
		}
	}
	return nil
}

// F1 (the keys help), F6 (the keyboard to the embedded page) and F12
// (DevTools) work whichever control has the keyboard: a field, a list, a
// table, a button, a selectable label, a details box. Before, Fyne gave
// them to the focused control, which did nothing with them, and to the
// window only while no control had the keyboard, which for a keyboard
// user is hardly ever (found by keyboard QA). Held, F12 toggles once; the
// focused control still gets its other keys, and with Shift the function
// keys too; releases all reach Fyne.
func TestFunctionKeysWhateverHasTheKeyboard(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	c := s.win.Canvas()
	s.AddShortcuts(c)
	openEmbedded(t, s)
	waitFor(t, "the keyboard given to the page", func() bool { return len(fe.focusRequests()) == 1 })
	var released []glfw.Key
	press := windowKeys(s, &released)
	urlLabel := focusableUnder(s.launch.url)
	if urlLabel == nil {
		t.Fatal("the launch URL's label takes no keyboard")
	}
	for _, st := range []struct {
		name    string
		tab     string
		control fyne.Focusable
	}{
		{"a field", TabLaunch, s.launch.txEntry},
		{"the preset's search field", TabLaunch, s.launch.presetFind},
		{"a button", TabLaunch, s.relaunchBtn},
		{"a selectable label", TabLaunch, urlLabel},
		{"the log's list", TabLog, s.log.list},
		{"the requests table", TabNetwork, s.portal.network.table},
		{"a details box", TabNetwork, s.portal.network.detail},
		{"the policies list", TabPolicies, s.policies.list},
	} {
		t.Run(st.name, func(t *testing.T) {
			focus := func() {
				s.ShowTab(st.tab)
				c.Focus(st.control)
				if c.Focused() != st.control {
					t.Fatalf("%T takes no focus", st.control)
				}
			}

			focus()
			press(glfw.KeyF1, glfw.Press, 0)
			if c.Overlays().Top() == nil {
				t.Error("F1 showed no keys help")
			} else {
				press(glfw.KeyF1, glfw.Press, 0) // once only
				press(glfw.KeyEscape, glfw.Press, 0)
				if c.Overlays().Top() != nil {
					t.Error("Escape left the keys help up")
					for c.Overlays().Top() != nil {
						c.Overlays().Remove(c.Overlays().Top())
					}
				}
			}

			focus()
			was, _ := s.devTools.Get()
			press(glfw.KeyF12, glfw.Press, 0)
			press(glfw.KeyF12, glfw.Repeat, 0) // held: no second toggle
			if on, _ := s.devTools.Get(); on == was {
				t.Errorf("F12 left DevTools %v", on)
			}
			press(glfw.KeyF12, glfw.Press, 0)
			if on, _ := s.devTools.Get(); on != was {
				t.Errorf("a second F12 left DevTools %v", on)
			}
			if c.Focused() != st.control {
				t.Errorf("F12 moved the keyboard to %T", c.Focused())
			}

			asked := len(fe.focusRequests())
			press(glfw.KeyF6, glfw.Press, 0)
			if f := c.Focused(); f != nil {
				t.Fatalf("F6 left the keyboard on %T", f)
			}
			if sel := s.leftTabs.Selected().Text; sel != TabPortal {
				t.Errorf("tab %q after F6, want %q", sel, TabPortal)
			}
			waitFor(t, "the keyboard given to the page by F6", func() bool { return len(fe.focusRequests()) == asked+1 })
		})
	}

	// The focused control keeps its other keys, Shift with a function key
	// among them, and Fyne gets every release.
	s.ShowTab(TabLaunch)
	c.Focus(s.launch.txEntry)
	s.launch.txEntry.SetText("abc")
	s.launch.txEntry.CursorColumn = 3
	released = nil
	press(glfw.KeyBackspace, glfw.Press, 0)
	press(glfw.KeyBackspace, glfw.Release, 0)
	press(glfw.KeyF1, glfw.Press, glfw.ModShift)
	press(glfw.KeyF1, glfw.Release, 0)
	if got := s.launch.txEntry.Text; got != "ab" {
		t.Errorf("Backspace in the field left %q, want %q", got, "ab")
	}
	if c.Overlays().Top() != nil {
		t.Error("Shift+F1 showed the keys help")
	}
	if want := []glfw.Key{glfw.KeyBackspace, glfw.KeyF1}; !slices.Equal(released, want) {
		t.Errorf("Fyne got the releases of %v, want %v", released, want)
	}
	s.Stop()
	waitReport(t, s, 1)
}

// The window's Ctrl and Alt combinations work while a selectable text has
// the keyboard (a Result value, the launch URL, a device identifier): Fyne
// gave them to the text alone, which copies and drops the rest, so after
// a Tab onto "success" Ctrl+P, Ctrl+/, Ctrl+L, Ctrl+S, Alt+8 and
// Ctrl+PageDown did nothing (found by GUI QA). The text keeps Ctrl+C and
// Ctrl+A.
func TestWindowShortcutsFromSelectableText(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	c := s.win.Canvas()
	var released []glfw.Key
	press := windowKeys(s, &released)
	for _, st := range []struct {
		name  string
		tab   string
		tabs  *namedTabs
		label *widget.Label
	}{
		{"the launch URL", TabLaunch, s.leftTabs, s.launch.url},
		{"the launch headers", TabLaunch, s.leftTabs, s.launch.headers},
		{"a Result value", TabResult, s.tabs, s.result.values[resultFields[0]]},
		{"a device identifier", TabDevice, s.leftTabs, s.device.eid.value},
	} {
		text := focusableUnder(st.label)
		if text == nil {
			t.Fatalf("%s takes no keyboard", st.name)
		}
		focus := func(t *testing.T) {
			t.Helper()
			s.SetPresenter(false)
			for c.Overlays().Top() != nil {
				c.Overlays().Remove(c.Overlays().Top())
			}
			s.ShowTab(st.tab)
			c.Focus(text)
			if c.Focused() != text {
				t.Fatalf("the text of %s takes no focus", st.name)
			}
		}
		for _, k := range []struct {
			keys string
			key  glfw.Key
			mods glfw.ModifierKey
			// did says whether the key did what it does.
			did func(before int) bool
		}{
			{"Ctrl+P", glfw.KeyP, glfw.ModControl, func(int) bool { return s.inPresenter() }},
			{"Ctrl+/", glfw.KeySlash, glfw.ModControl, func(int) bool { return c.Overlays().Top() != nil }},
			{"Ctrl+L", glfw.KeyL, glfw.ModControl, func(int) bool { return c.Focused() == s.log.search }},
			{"Ctrl+S", glfw.KeyS, glfw.ModControl, func(int) bool { return strings.HasPrefix(s.status.Text, "No report to save yet") }},
			{"Alt+8", glfw.Key8, glfw.ModAlt, func(int) bool { return s.tabs.Selected().Text == TabHistory }},
			{"Ctrl+PageDown", glfw.KeyPageDown, glfw.ModControl, func(before int) bool { return st.tabs.SelectedIndex() == before+1 }},
		} {
			t.Run(st.name+"/"+k.keys, func(t *testing.T) {
				focus(t)
				s.status.SetText("")
				before := st.tabs.SelectedIndex()
				press(k.key, glfw.Press, k.mods)
				if !k.did(before) {
					t.Errorf("%s did nothing with the keyboard on %s", k.keys, st.name)
				}
			})
		}
		t.Run(st.name+"/Ctrl+C", func(t *testing.T) {
			focus(t)
			fyne.CurrentApp().Clipboard().SetContent("before")
			press(glfw.KeyC, glfw.Press, glfw.ModControl)
			if got := fyne.CurrentApp().Clipboard().Content(); got != "" { // the text's selection, none
				t.Errorf("Ctrl+C left the clipboard %q: the text did not copy", got)
			}
			if c.Focused() != text {
				t.Errorf("Ctrl+C moved the keyboard to %T", c.Focused())
			}
		})
		t.Run(st.name+"/Ctrl+A", func(t *testing.T) {
			focus(t)
			if s.takeKey(fyne.KeyA, fyne.KeyModifierControl, false) {
				t.Error("the window took Ctrl+A from the text")
			}
		})
	}
}

// pressedKey names a key as Fyne does for a shortcut: a digit by its
// code, a letter or sign by what the layout prints, a letter with Ctrl
// by its code where the layout prints none Fyne knows; a function key
// alone; nothing for a key typed alone or with Shift.
func TestPressedKey(t *testing.T) {
	russian := func(k glfw.Key, _ int) string {
		if k >= glfw.KeyA && k <= glfw.KeyZ {
			return "м"
		}
		return ""
	}
	for _, tc := range []struct {
		name      string
		key       glfw.Key
		mods      glfw.ModifierKey
		printable func(glfw.Key, int) string
		want      fyne.KeyName
		wantMods  fyne.KeyModifier
	}{
		{"Ctrl+P", glfw.KeyP, glfw.ModControl, usLayout, fyne.KeyP, fyne.KeyModifierControl},
		{"Ctrl+/", glfw.KeySlash, glfw.ModControl, usLayout, fyne.KeySlash, fyne.KeyModifierControl},
		{"Alt+4", glfw.Key4, glfw.ModAlt, usLayout, fyne.Key4, fyne.KeyModifierAlt},
		{"Alt+keypad 4", glfw.KeyKP4, glfw.ModAlt, usLayout, fyne.Key4, fyne.KeyModifierAlt},
		{"Ctrl+PageDown", glfw.KeyPageDown, glfw.ModControl, usLayout, fyne.KeyPageDown, fyne.KeyModifierControl},
		{"Alt+Left", glfw.KeyLeft, glfw.ModAlt, usLayout, fyne.KeyLeft, fyne.KeyModifierAlt},
		{"Ctrl+F6", glfw.KeyF6, glfw.ModControl, usLayout, fyne.KeyF6, fyne.KeyModifierControl},
		{"Ctrl+Shift+P", glfw.KeyP, glfw.ModControl | glfw.ModShift, usLayout, fyne.KeyP, fyne.KeyModifierControl | fyne.KeyModifierShift},
		{"Ctrl+V on a Russian layout", glfw.KeyV, glfw.ModControl, russian, fyne.KeyV, fyne.KeyModifierControl},
		{"Alt+V on a Russian layout", glfw.KeyV, glfw.ModAlt, russian, "", fyne.KeyModifierAlt},
		{"F12", glfw.KeyF12, 0, usLayout, fyne.KeyF12, 0},
		{"F12 with Caps Lock", glfw.KeyF12, glfw.ModCapsLock, usLayout, fyne.KeyF12, 0},
		{"Shift+F1", glfw.KeyF1, glfw.ModShift, usLayout, "", 0},
		{"a letter", glfw.KeyP, 0, usLayout, "", 0},
		{"Shift+P", glfw.KeyP, glfw.ModShift, usLayout, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name, mods := pressedKey(tc.key, 0, tc.mods, tc.printable)
			if name != tc.want || (name != "" && mods != tc.wantMods) {
				t.Errorf("pressedKey = %q %v, want %q %v", name, mods, tc.want, tc.wantMods)
			}
		})
	}
}
