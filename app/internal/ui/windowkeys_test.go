package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"

	"mpsim/app/internal/sessiontest"
)

// glfwNames are Fyne's names of the GLFW keys the tests press.
var glfwNames = map[glfw.Key]fyne.KeyName{
	glfw.KeyF1: fyne.KeyF1, glfw.KeyF6: fyne.KeyF6, glfw.KeyF12: fyne.KeyF12,
	glfw.KeyEscape: fyne.KeyEscape, glfw.KeyBackspace: fyne.KeyBackspace, glfw.KeyDown: fyne.KeyDown,
}

// windowKeys is the key callback of the host window's GLFW window as
// takeWindowKeys leaves it (keysFirstCallback before Fyne's), with Fyne's
// own played by pressKey: the focused control's TypedKey, else the
// canvas's typed-key handler. Fyne's gets the releases, which it gives no
// control's TypedKey, in released.
func windowKeys(s testScreen, released *[]glfw.Key) func(key glfw.Key, action glfw.Action, mods glfw.ModifierKey) {
	c := s.win.Canvas()
	fyneKeys := func(_ *glfw.Window, key glfw.Key, _ int, action glfw.Action, mods glfw.ModifierKey) {
		if action == glfw.Release {
			*released = append(*released, key)
			return
		}
		if mods != 0 {
			return // a shortcut to Fyne: none of these tests'
		}
		pressKey(c, glfwNames[key])
	}
	cb := keysFirstCallback(s.windowKey, fyneKeys)
	return func(key glfw.Key, action glfw.Action, mods glfw.ModifierKey) { cb(nil, key, 0, action, mods) }
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
