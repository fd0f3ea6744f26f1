package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// shortcutEntry is a text field that leaves the host window's shortcuts
// working while it has the keyboard: Fyne gives a shortcut to the focused
// field alone, so Ctrl+O, Ctrl+R, Ctrl+L, Ctrl+S and Ctrl+P did nothing
// right after typing a portal's address. The field's own shortcuts (copy,
// paste, word moves) are its as before. Tab leaves a multi-line field
// instead of typing a tab into it: a launch parameter never holds one.
type shortcutEntry struct {
	widget.Entry
}

// newShortcutEntry is widget.NewEntry's field, bound to data when data is
// not nil.
func newShortcutEntry(data binding.String) *shortcutEntry {
	e := &shortcutEntry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	if data != nil {
		e.Bind(data)
	}
	return e
}

// TypedShortcut gives the field its own shortcuts, then the window's
// custom ones (a Ctrl with a letter, F12) to the window.
func (e *shortcutEntry) TypedShortcut(s fyne.Shortcut) {
	e.Entry.TypedShortcut(s)
	if _, custom := s.(*desktop.CustomShortcut); !custom {
		return
	}
	if c, ok := e.canvas().(interface{ TypedShortcut(fyne.Shortcut) }); ok {
		c.TypedShortcut(s)
	}
}

// TypedKey moves the focus on at Tab in a multi-line field.
func (e *shortcutEntry) TypedKey(k *fyne.KeyEvent) {
	if e.MultiLine && k.Name == fyne.KeyTab {
		if c := e.canvas(); c != nil {
			c.FocusNext()
			return
		}
	}
	e.Entry.TypedKey(k)
}

func (e *shortcutEntry) canvas() fyne.Canvas {
	if a := fyne.CurrentApp(); a != nil {
		return a.Driver().CanvasForObject(e)
	}
	return nil
}
