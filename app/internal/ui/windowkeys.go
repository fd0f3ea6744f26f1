package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// The host window's keys without a modifier (F1 keys help, F6 keyboard to
// the page, F12 DevTools) did nothing while a control had the keyboard,
// which for a keyboard user is nearly always (found by keyboard QA): Fyne
// 2.7 gives a key without Ctrl, Alt or Super to the focused control's
// TypedKey alone, and to the canvas's typed-key handler only while no
// control is focused; it makes no shortcut of it (a CustomShortcut needs a
// modifier) and has no hook before the focused control. Wrapping each
// control could not reach them all: the focusable part of a selectable
// label, the stop of 52 of the window's Tab stops, is Fyne's own. So the
// window takes them where they arrive: Fyne's GLFW window gets its keys
// from GLFW's key callback, and takeWindowKeys puts windowKey in front of
// Fyne's callback, which gets every other key, and these when windowKey
// leaves them, as before.

// A Ctrl or Alt combination of the window's (Ctrl+P, Alt+4, Ctrl+L,
// Ctrl+PageDown …) did nothing either while a selectable text had the
// keyboard (a Result value, the launch URL, a device identifier; found
// by GUI QA): Fyne gives a shortcut to the focused control alone when it
// takes shortcuts (fyne.Shortcutable), and the part of a selectable label
// that has the keyboard, Fyne's own, copies and drops the rest. The
// fields pass the window's shortcuts on themselves (shortcutEntry,
// detailsBox); for selectable text the same key callback takes the
// window's combinations first (windowShortcut), and leaves it every
// other one, Ctrl+C and Ctrl+A among them.

// keyTaker takes a key press or repeat before Fyne gives it to the
// focused control, and says whether it took it: name is Fyne's name of
// the key, mods the Shift, Ctrl, Alt and Super held with it.
type keyTaker func(name fyne.KeyName, mods fyne.KeyModifier, repeat bool) bool

// takeWindowKeys has the host window give its plain keys to windowKey,
// and its shortcuts to windowShortcut, before its focused control, once
// (NativeReady, on the UI goroutine, the window shown). The canvas's
// typed-key handler keeps the plain keys where the window is no GLFW
// window (the test driver).
func (s *HostScreen) takeWindowKeys() {
	if s.windowKeysFirst {
		return
	}
	if w := s.hostWindow(); w != nil {
		s.windowKeysFirst = keysFirst(w, s.takeKey)
	}
}

// takeKey is the window's keyTaker: a key without modifiers for
// windowKey, a combination for windowShortcut.
func (s *HostScreen) takeKey(name fyne.KeyName, mods fyne.KeyModifier, repeat bool) bool {
	if mods == 0 {
		return s.windowKey(name, repeat)
	}
	return s.windowShortcut(name, mods)
}

// keysFirst puts take in front of the key callback of w's GLFW window:
// each press or repeat of a key that take takes does not reach Fyne;
// releases and every other key do. It reports whether w is a shown GLFW
// window; call it on the UI goroutine.
func keysFirst(w fyne.Window, take keyTaker) bool {
	gl, ok := w.(interface{ RunWithContext(func()) }) // Fyne's GLFW window
	if !ok || !shown(w) {
		return false
	}
	var view *glfw.Window
	gl.RunWithContext(func() { view = glfw.GetCurrentContext() })
	if view == nil {
		return false
	}
	var fyneKeys glfw.KeyCallback
	fyneKeys = view.SetKeyCallback(keysFirstCallback(take, glfw.GetKeyName, func(v *glfw.Window, key glfw.Key, scancode int, action glfw.Action, mods glfw.ModifierKey) {
		if fyneKeys != nil {
			fyneKeys(v, key, scancode, action, mods)
		}
	}))
	return true
}

// keysFirstCallback is a GLFW key callback that gives take each press or
// repeat of a function key without Shift, Ctrl, Alt or Super, and of any
// key with Ctrl, Alt or Super (named as Fyne names it for a shortcut,
// printable being GLFW's name of a printable key on the keyboard's
// layout), and next every key event take does not take (releases
// always).
func keysFirstCallback(take keyTaker, printable func(glfw.Key, int) string, next glfw.KeyCallback) glfw.KeyCallback {
	return func(v *glfw.Window, key glfw.Key, scancode int, action glfw.Action, mods glfw.ModifierKey) {
		if action != glfw.Release {
			if name, m := pressedKey(key, scancode, mods, printable); name != "" && take(name, m, action == glfw.Repeat) {
				return
			}
		}
		next(v, key, scancode, action, mods)
	}
}

// pressedKey is what keysFirstCallback offers its taker of a key pressed
// with mods: a function key alone, or any key with Ctrl, Alt or Super,
// with Fyne's modifiers; "" for another key (a letter typed, Shift+F1).
func pressedKey(key glfw.Key, scancode int, mods glfw.ModifierKey, printable func(glfw.Key, int) string) (fyne.KeyName, fyne.KeyModifier) {
	var m fyne.KeyModifier
	for _, b := range []struct {
		glfw glfw.ModifierKey
		fyne fyne.KeyModifier
	}{{glfw.ModShift, fyne.KeyModifierShift}, {glfw.ModControl, fyne.KeyModifierControl},
		{glfw.ModAlt, fyne.KeyModifierAlt}, {glfw.ModSuper, fyne.KeyModifierSuper}} { // not Caps Lock, Num Lock
		if mods&b.glfw != 0 {
			m |= b.fyne
		}
	}
	switch {
	case m == 0:
		return functionKeyName(key), 0
	case m&^fyne.KeyModifierShift == 0:
		return "", 0
	}
	return shortcutKeyName(key, scancode, m, printable), m
}

// shortcutKeyName is the name Fyne gives key in a shortcut with the
// modifiers m (its GLFW window's keyToName and triggersShortcut): a digit
// by its code, whatever the layout puts on it; a key that prints by what
// it prints on the keyboard's layout, or with Ctrl or Super, a letter by
// its code where that is no name Fyne knows (Ctrl+V on a Russian layout
// is still Paste); "" for a key the window has no shortcut with.
func shortcutKeyName(key glfw.Key, scancode int, m fyne.KeyModifier, printable func(glfw.Key, int) string) fyne.KeyName {
	if name := namedKeys[key]; name != "" {
		return name
	}
	if f := functionKeyName(key); f != "" {
		return f
	}
	if key >= glfw.KeyKP0 && key <= glfw.KeyKP9 {
		key = glfw.Key0 + key - glfw.KeyKP0
	}
	if key >= glfw.Key0 && key <= glfw.Key9 {
		return fyne.KeyName(rune('0' + key - glfw.Key0))
	}
	name := printedKeyName(printable(key, scancode))
	if name == "" && m&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 && key >= glfw.KeyA && key <= glfw.KeyZ {
		name = fyne.KeyName(rune(key))
	}
	return name
}

// namedKeys are Fyne's names of the keys that print nothing which the
// window, or a control, has a shortcut with.
var namedKeys = map[glfw.Key]fyne.KeyName{
	glfw.KeyPageUp: fyne.KeyPageUp, glfw.KeyPageDown: fyne.KeyPageDown,
	glfw.KeyLeft: fyne.KeyLeft, glfw.KeyRight: fyne.KeyRight, glfw.KeyUp: fyne.KeyUp, glfw.KeyDown: fyne.KeyDown,
	glfw.KeyHome: fyne.KeyHome, glfw.KeyEnd: fyne.KeyEnd, glfw.KeyInsert: fyne.KeyInsert, glfw.KeyDelete: fyne.KeyDelete,
	glfw.KeyEscape: fyne.KeyEscape, glfw.KeyEnter: fyne.KeyReturn, glfw.KeyKPEnter: fyne.KeyEnter,
	glfw.KeyTab: fyne.KeyTab, glfw.KeyBackspace: fyne.KeyBackspace, glfw.KeySpace: fyne.KeySpace,
}

// printedKeyName is Fyne's name of the key that prints code (GLFW's name
// of a printable key): its capital for a letter; "" for none Fyne knows.
func printedKeyName(code string) fyne.KeyName {
	if len(code) != 1 {
		return ""
	}
	ch := code[0]
	if ch >= 'a' && ch <= 'z' {
		return fyne.KeyName(rune(ch - 'a' + 'A'))
	}
	return printedKeys[ch]
}

// printedKeys are Fyne's names of the keys that print a sign.
var printedKeys = map[byte]fyne.KeyName{
	'[': fyne.KeyLeftBracket, '\\': fyne.KeyBackslash, ']': fyne.KeyRightBracket, '\'': fyne.KeyApostrophe,
	',': fyne.KeyComma, '-': fyne.KeyMinus, '.': fyne.KeyPeriod, '/': fyne.KeySlash, '*': fyne.KeyAsterisk,
	'`': fyne.KeyBackTick, ';': fyne.KeySemicolon, '+': fyne.KeyPlus, '=': fyne.KeyEqual,
}

// windowShortcut runs the window's shortcut of the key name with mods
// (Ctrl+P, Alt+4, Ctrl+PageDown of hostKeyTable) while a selectable text
// has the keyboard, which would drop it (selectableText), and says
// whether it did; the text keeps every other combination, its copy
// among them. The shortcut runs as the window's canvas runs it when no
// control has the keyboard.
func (s *HostScreen) windowShortcut(name fyne.KeyName, mods fyne.KeyModifier) bool {
	w := s.hostWindow()
	if w == nil {
		return false
	}
	c := w.Canvas()
	h, ok := c.(interface{ TypedShortcut(fyne.Shortcut) })
	if !ok || !selectableText(c.Focused()) || !isWindowShortcut(name, mods) {
		return false
	}
	h.TypedShortcut(&desktop.CustomShortcut{KeyName: name, Modifier: mods})
	return true
}

// selectableText says whether f is read-only text that takes shortcuts:
// the part of a selectable label that has the keyboard, which copies and
// does nothing else. Fyne tells it from a field (which can be disabled)
// the same way.
func selectableText(f fyne.Focusable) bool {
	if _, ok := f.(fyne.Shortcutable); !ok {
		return false
	}
	if _, ok := f.(interface{ SelectedText() string }); !ok {
		return false
	}
	_, field := f.(fyne.Disableable)
	return !field
}

// isWindowShortcut says whether the key name with mods is one of the
// window's shortcuts (hostKeyTable).
func isWindowShortcut(name fyne.KeyName, mods fyne.KeyModifier) bool {
	for _, k := range hostKeyTable() {
		for _, sc := range k.shortcuts {
			if cs, ok := sc.(*desktop.CustomShortcut); ok && cs.KeyName == name && cs.Modifier == mods {
				return true
			}
		}
	}
	return false
}

// shown says whether w has its native window, which Fyne creates when it
// is first shown: RunWithContext before that would crash.
func shown(w fyne.Window) bool {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return false
	}
	var handle uintptr
	nw.RunNative(func(ctx any) {
		switch c := ctx.(type) {
		case driver.X11WindowContext:
			handle = c.WindowHandle
		case driver.WaylandWindowContext:
			handle = c.WaylandSurface
		case driver.WindowsWindowContext:
			handle = c.HWND
		case driver.MacWindowContext:
			handle = c.NSWindow
		}
	})
	return handle != 0
}

// functionKeyName is Fyne's name of the function key k, "" for another
// key.
func functionKeyName(k glfw.Key) fyne.KeyName {
	if k < glfw.KeyF1 || k > glfw.KeyF12 {
		return ""
	}
	return []fyne.KeyName{fyne.KeyF1, fyne.KeyF2, fyne.KeyF3, fyne.KeyF4, fyne.KeyF5, fyne.KeyF6,
		fyne.KeyF7, fyne.KeyF8, fyne.KeyF9, fyne.KeyF10, fyne.KeyF11, fyne.KeyF12}[k-glfw.KeyF1]
}
