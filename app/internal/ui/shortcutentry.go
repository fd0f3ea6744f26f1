package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// shortcutEntry is a text field that leaves the host window's shortcuts
// working while it has the keyboard: Fyne gives a shortcut to the focused
// field alone, so Ctrl+O, Ctrl+R, Ctrl+L, Ctrl+S and Ctrl+P did nothing
// right after typing a portal's address. The field's own shortcuts (copy,
// paste, word moves) are its as before. Tab leaves a multi-line field
// instead of typing a tab into it: a launch parameter never holds one.
//
// The mouse wheel over the field scrolls the form it is in (scrollsIn):
// Fyne gives the wheel to the innermost scroller under the pointer, the
// field's own, so a presenter scrolling the Launch form got stuck each
// time the pointer crossed a field (found by exploratory QA). The field
// keeps the wheel while it has more lines than it shows, and a sideways
// wheel moves its own text.
type shortcutEntry struct {
	widget.Entry
	// form is the scroll the field is in; nil leaves the wheel to the
	// field.
	form *container.Scroll
	// own is the field's renderer, whose objects hold its own scroller.
	own fyne.WidgetRenderer
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

// scrollsIn makes the mouse wheel over the field scroll form.
func (e *shortcutEntry) scrollsIn(form *container.Scroll) { e.form = form }

// CreateRenderer is the field's renderer with a pane over it that takes
// the wheel (wheelPane) and nothing else: taps, drags and the pointer's
// shape still reach the field under it.
func (e *shortcutEntry) CreateRenderer() fyne.WidgetRenderer {
	e.ExtendBaseWidget(e)
	e.own = e.Entry.CreateRenderer()
	pane := &wheelPane{scrolled: e.scrolled}
	pane.ExtendBaseWidget(pane)
	return &wheelRenderer{WidgetRenderer: e.own, pane: pane}
}

// scrolled gives a wheel event over the field to the form it is in,
// unless the field keeps it (keepsWheel).
func (e *shortcutEntry) scrolled(ev *fyne.ScrollEvent) {
	if e.form != nil && !e.keepsWheel(ev) {
		e.form.Scrolled(ev)
		return
	}
	if s := e.ownScroller(); s != nil {
		s.Scrolled(ev)
	}
}

// keepsWheel says whether the field scrolls itself for ev: a sideways
// wheel moves its text, and a multi-line field keeps the wheel while it
// has more lines than it shows.
func (e *shortcutEntry) keepsWheel(ev *fyne.ScrollEvent) bool {
	if ev.Scrolled.DY == 0 && ev.Scrolled.DX != 0 {
		return true
	}
	if !e.MultiLine {
		return false
	}
	lines := float32(strings.Count(e.Text, "\n") + 1)
	line := fyne.MeasureText("M", theme.TextSize(), e.TextStyle).Height
	return lines*line > e.Size().Height-2*theme.InnerPadding()
}

// ownScroller is the field's own scroller, nil when it has none.
func (e *shortcutEntry) ownScroller() fyne.Scrollable {
	if e.own == nil {
		return nil
	}
	for _, o := range e.own.Objects() {
		if s, ok := o.(fyne.Scrollable); ok && o.Visible() {
			return s
		}
	}
	return nil
}

// wheelRenderer is a field's renderer with the wheel pane over it.
type wheelRenderer struct {
	fyne.WidgetRenderer
	pane *wheelPane
}

// Layout lays the field out and spreads the wheel pane over it.
func (r *wheelRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.pane.Move(fyne.NewPos(0, 0))
	r.pane.Resize(size)
}

// Objects are the field's, then the wheel pane: the last object under the
// pointer that takes the wheel gets it.
func (r *wheelRenderer) Objects() []fyne.CanvasObject {
	own := r.WidgetRenderer.Objects()
	objects := make([]fyne.CanvasObject, 0, len(own)+1)
	return append(append(objects, own...), r.pane)
}

// wheelPane is an invisible pane that takes the mouse wheel only
// (fyne.Scrollable) and gives it to scrolled.
type wheelPane struct {
	widget.BaseWidget
	scrolled func(*fyne.ScrollEvent)
}

// CreateRenderer implements fyne.Widget: the pane draws nothing.
func (p *wheelPane) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

// Scrolled implements fyne.Scrollable.
func (p *wheelPane) Scrolled(ev *fyne.ScrollEvent) { p.scrolled(ev) }

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

// AcceptsTab is false: Tab and Shift+Tab leave even a multi-line field
// (the window moves the keyboard on or back), as a launch parameter never
// holds a tab. Fyne's multi-line field takes Tab, and the TypedKey below
// moved the keyboard on at Shift+Tab too: Shift+Tab in Extra params went
// forward (found by reading the code after keyboard-only QA).
func (e *shortcutEntry) AcceptsTab() bool { return false }

// TypedKey moves the focus on at Tab (back at Shift+Tab) in a multi-line
// field, should a Tab reach it.
func (e *shortcutEntry) TypedKey(k *fyne.KeyEvent) {
	if e.MultiLine && k.Name == fyne.KeyTab {
		if c := e.canvas(); c != nil {
			tabFrom(c)
			return
		}
	}
	e.Entry.TypedKey(k)
}

func (e *shortcutEntry) canvas() fyne.Canvas { return canvasOf(e) }
