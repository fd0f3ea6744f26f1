package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// detailsBox is the read-only text box of a panel's details (the Network
// tab's request and navigation, the Console's message, the log's JSON):
// its text can be selected and copied, by mouse or by keyboard (arrows
// with Shift, Ctrl+A, Ctrl+C), and nothing typed changes it. Tab and
// Shift+Tab leave it, and the window's shortcuts (Alt+1 … Alt+9,
// Ctrl+PageDown, Ctrl+L, Ctrl+O, F6, F12…) work while it has the
// keyboard.
//
// Before, these boxes were Fyne's multi-line fields: Tab typed a tab
// character into them, the window's shortcuts went to the field, which
// dropped them, and typing edited the details: once the keyboard was in
// one, no key took it out (a keyboard trap, found by keyboard-only QA).
type detailsBox struct {
	widget.Entry
	// text is what the panel set; an edit that got through anyway is
	// undone to it.
	text string
}

// newDetailsBox is an empty details box that shows placeholder.
func newDetailsBox(placeholder string) *detailsBox {
	d := &detailsBox{}
	d.MultiLine = true
	d.Wrapping = fyne.TextWrapWord
	d.ExtendBaseWidget(d)
	d.SetPlaceHolder(placeholder)
	d.OnChanged = d.restore
	return d
}

// SetText shows text (the panel's, never the keyboard's).
func (d *detailsBox) SetText(text string) {
	d.text = text
	d.Entry.SetText(text)
}

// restore undoes an edit of the text that did not come from SetText (a
// paste from the field's menu, say).
func (d *detailsBox) restore(text string) {
	if text != d.text {
		d.Entry.SetText(d.text)
	}
}

// AcceptsTab is false: the window moves the keyboard on at Tab and back
// at Shift+Tab, as from any other control.
func (d *detailsBox) AcceptsTab() bool { return false }

// TypedRune ignores typing.
func (d *detailsBox) TypedRune(rune) {}

// TypedKey moves the cursor (and with Shift the selection) at the keys
// that move it, gives Tab to the window's focus order, and every other
// key (F6, F12, Escape) to the window, as if nothing had the keyboard.
func (d *detailsBox) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd, fyne.KeyPageUp, fyne.KeyPageDown:
		d.Entry.TypedKey(k)
		return
	}
	c := canvasOf(d)
	switch {
	case c == nil:
	case k.Name == fyne.KeyTab:
		tabFrom(c)
	case c.OnTypedKey() != nil:
		c.OnTypedKey()(k)
	}
}

// TypedShortcut copies and selects all as a field does, moves by words
// (a Ctrl with an arrow), and gives the window its custom shortcuts;
// cut, paste, undo and redo do nothing.
func (d *detailsBox) TypedShortcut(s fyne.Shortcut) {
	switch s.(type) {
	case *fyne.ShortcutCopy, *fyne.ShortcutSelectAll:
		d.Entry.TypedShortcut(s)
	case *desktop.CustomShortcut:
		d.Entry.TypedShortcut(s)
		if c, ok := canvasOf(d).(fyne.Shortcutable); ok {
			c.TypedShortcut(s)
		}
	}
}

// TappedSecondary shows the menu of what the box can do: Copy and Select
// all (a field's menu has Cut and Paste too).
func (d *detailsBox) TappedSecondary(pe *fyne.PointEvent) {
	c := canvasOf(d)
	if c == nil {
		return
	}
	c.Focus(d)
	clip := fyne.CurrentApp().Clipboard()
	menu := fyne.NewMenu("",
		fyne.NewMenuItem("Copy", func() { d.TypedShortcut(&fyne.ShortcutCopy{Clipboard: clip}) }),
		fyne.NewMenuItem("Select all", func() { d.TypedShortcut(&fyne.ShortcutSelectAll{}) }))
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(d).Add(pe.Position)
	widget.ShowPopUpMenuAtPosition(menu, c, at)
}

// canvasOf is the canvas o is on, nil when none.
func canvasOf(o fyne.CanvasObject) fyne.Canvas {
	if a := fyne.CurrentApp(); a != nil {
		return a.Driver().CanvasForObject(o)
	}
	return nil
}

// tabFrom moves the keyboard as Tab does: on, or back when Shift is held.
// The window moves it itself for a control that does not take Tab; this
// is for a Tab that reached a control anyway.
func tabFrom(c fyne.Canvas) {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok && d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0 {
		c.FocusPrevious()
		return
	}
	c.FocusNext()
}

// visualBorder is container.NewBorder with its objects in the order they
// are seen (top, left, center, right, bottom), which is the order Tab
// visits them in: NewBorder puts the center first, so Tab went through a
// panel's list before the search and buttons over it (found by
// keyboard-only QA in the Network and History tabs).
func visualBorder(top, bottom, left, right fyne.CanvasObject, center ...fyne.CanvasObject) *fyne.Container {
	objects := make([]fyne.CanvasObject, 0, len(center)+4)
	for _, o := range []fyne.CanvasObject{top, left} {
		if o != nil {
			objects = append(objects, o)
		}
	}
	objects = append(objects, center...)
	for _, o := range []fyne.CanvasObject{right, bottom} {
		if o != nil {
			objects = append(objects, o)
		}
	}
	return container.New(layout.NewBorderLayout(top, bottom, left, right), objects...)
}
