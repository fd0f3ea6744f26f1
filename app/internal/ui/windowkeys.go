package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
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

// takeWindowKeys has the host window give its plain keys to windowKey
// before its focused control, once (NativeReady, on the UI goroutine,
// the window shown). The canvas's typed-key handler keeps them where the
// window is no GLFW window (the test driver).
func (s *HostScreen) takeWindowKeys() {
	if s.windowKeysFirst {
		return
	}
	if w := s.hostWindow(); w != nil {
		s.windowKeysFirst = keysFirst(w, s.windowKey)
	}
}

// keysFirst puts take in front of the key callback of w's GLFW window:
// each press or repeat of a key without modifiers that take takes does
// not reach Fyne; releases and every other key do. It reports whether w
// is a shown GLFW window; call it on the UI goroutine.
func keysFirst(w fyne.Window, take func(name fyne.KeyName, repeat bool) bool) bool {
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
	fyneKeys = view.SetKeyCallback(keysFirstCallback(take, func(v *glfw.Window, key glfw.Key, scancode int, action glfw.Action, mods glfw.ModifierKey) {
		if fyneKeys != nil {
			fyneKeys(v, key, scancode, action, mods)
		}
	}))
	return true
}

// keysFirstCallback is a GLFW key callback that gives take each press or
// repeat of a function key without Shift, Ctrl, Alt or Super, and next
// every key event take does not take (releases always).
func keysFirstCallback(take func(name fyne.KeyName, repeat bool) bool, next glfw.KeyCallback) glfw.KeyCallback {
	const modifiers = glfw.ModShift | glfw.ModControl | glfw.ModAlt | glfw.ModSuper // not Caps Lock, Num Lock
	return func(v *glfw.Window, key glfw.Key, scancode int, action glfw.Action, mods glfw.ModifierKey) {
		if name := functionKeyName(key); name != "" && action != glfw.Release && mods&modifiers == 0 &&
			take(name, action == glfw.Repeat) {
			return
		}
		next(v, key, scancode, action, mods)
	}
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
