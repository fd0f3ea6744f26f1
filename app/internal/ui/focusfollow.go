package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// FocusFollowEvery is how often the host window looks whether the focus
// moved (HostScreen.FollowFocus): a tenth of a second, well before the
// next key.
const FocusFollowEvery = 100 * time.Millisecond

// FollowFocus keeps the focused widget in view: Tab moved the focus to a
// field below the fold of the Launch form (or of the Result, Scenario and
// eSIM lifecycle tabs), which Fyne does not scroll to, and the focus
// disappeared (found by exploratory QA). Fyne tells no focus change, so
// the window looks every interval, on its own goroutine; it stops at
// Detach. Tests call revealFocused instead.
func (s *HostScreen) FollowFocus(c fyne.Canvas, every time.Duration) {
	s.everyUntilDetached(every, func() { s.revealFocused(c) })
}

// everyUntilDetached runs f on Fyne's goroutine every interval, from a
// goroutine of its own, until Detach; never with an interval of 0.
func (s *HostScreen) everyUntilDetached(every time.Duration, f func()) {
	if every <= 0 {
		return
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for range t.C {
			if s.detached.Load() {
				return
			}
			s.do(f)
		}
	}()
}

// revealFocused scrolls the focused widget into view in the scroll that
// holds it, once each time the focus moves.
func (s *HostScreen) revealFocused(c fyne.Canvas) {
	f := c.Focused()
	if f == s.lastFocused {
		return
	}
	s.lastFocused = f
	o, ok := f.(fyne.CanvasObject)
	s.markFocused(o)
	if !ok {
		return
	}
	for _, sc := range s.followed {
		if sc.Visible() && holds(sc.Content, o) {
			reveal(sc, o)
			return
		}
	}
}

// reveal scrolls sc the least that shows all of o, with a padding's room.
func reveal(sc *container.Scroll, o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(sc.Content).Y
	top, view, pad := sc.Offset.Y, sc.Size().Height, theme.Padding()
	switch {
	case y < top:
		sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, max(0, y-pad)))
	case y+o.Size().Height > top+view:
		sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, y+o.Size().Height-view+pad))
	}
}

// holds says whether o is in the tree under root as the host builds it:
// containers, forms, cards, scrolls and theme overrides are looked into,
// and a selectable label holds the part of it that takes the focus.
func holds(root, o fyne.CanvasObject) bool {
	if root == nil {
		return false
	}
	if root == o {
		return true
	}
	for _, c := range children(root) {
		if holds(c, o) {
			return true
		}
	}
	if l, ok := root.(*widget.Label); ok && l.Selectable {
		return within(o, l)
	}
	return false
}

// children are the objects the host puts in root, for the kinds holds
// looks into: containers, forms, cards, scrolls, splits, theme overrides,
// the tab in front of tabs, and the host's own widgets that hold others
// (holder).
func children(root fyne.CanvasObject) []fyne.CanvasObject {
	switch v := root.(type) {
	case *fyne.Container:
		return v.Objects
	case *container.Split:
		return []fyne.CanvasObject{v.Leading, v.Trailing}
	case *namedTabs:
		return tabInFront(&v.AppTabs)
	case *container.AppTabs:
		return tabInFront(v)
	case holder:
		return v.parts()
	case *widget.Form:
		var out []fyne.CanvasObject
		for _, it := range v.Items {
			out = append(out, it.Widget)
		}
		return out
	case *widget.Card:
		return []fyne.CanvasObject{v.Content}
	case *container.Scroll:
		return []fyne.CanvasObject{v.Content}
	case *container.ThemeOverride:
		return []fyne.CanvasObject{v.Content}
	}
	return nil
}

// holder is a widget of the host's own that holds controls (the Policies
// panel): parts are the objects its renderer draws. Fyne tells no
// widget's objects but to its own code and tests, and firstFocusable
// found no control in the Policies tab: Alt+7 left the keyboard nowhere
// (found by GUI QA).
type holder interface {
	fyne.Widget
	parts() []fyne.CanvasObject
}

// tabInFront is the content of the tab in front of t, none for none.
func tabInFront(t *container.AppTabs) []fyne.CanvasObject {
	if it := t.Selected(); it != nil && it.Content != nil {
		return []fyne.CanvasObject{it.Content}
	}
	return nil
}

// within says whether o lies inside outer on the canvas, give or take
// withinSlack: sums of float32 positions differ in their last bits (a
// label at the very end of the result card, scrolled as far as it goes,
// ended at 369.400025 in a view ending at 369.4).
func within(o, outer fyne.CanvasObject) bool {
	d := fyne.CurrentApp().Driver()
	a, b := d.AbsolutePositionForObject(o), d.AbsolutePositionForObject(outer)
	return a.X+withinSlack >= b.X && a.Y+withinSlack >= b.Y &&
		a.X+o.Size().Width <= b.X+outer.Size().Width+withinSlack && a.Y+o.Size().Height <= b.Y+outer.Size().Height+withinSlack
}

// withinSlack is within's tolerance, far under a pixel.
const withinSlack = 0.01

// A selectable label (a decoded value of the Result tab, the launch URL, a
// device identifier) takes the focus on Tab but shows nothing until text
// is selected: ten Tab stops of the Result tab showed no focus (found by
// GUI QA). framed puts such a label in a frame that revealFocused shows
// while the label has the focus.

// focusFrameLayout lays a label and its frame over each other, as large
// as the label needs; it also tells the frame's container apart.
type focusFrameLayout struct{}

// Layout implements fyne.Layout.
func (focusFrameLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout: the label's.
func (focusFrameLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if len(objects) == 0 {
		return fyne.Size{}
	}
	return objects[0].MinSize()
}

// focusFrameWidth is the frame's stroke, in Fyne units.
const focusFrameWidth = 2

// framed is l with a focus frame, hidden until l has the focus.
func framed(l *widget.Label) *fyne.Container {
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeWidth = focusFrameWidth
	frame.CornerRadius = theme.InputRadiusSize()
	frame.Hide()
	return container.New(focusFrameLayout{}, l, frame)
}

// frameOf is the frame of the framed label under the followed scrolls
// that holds o, nil for none.
func (s *HostScreen) frameOf(o fyne.CanvasObject) *canvas.Rectangle {
	if o == nil {
		return nil
	}
	var find func(root fyne.CanvasObject) *canvas.Rectangle
	find = func(root fyne.CanvasObject) *canvas.Rectangle {
		if c, ok := root.(*fyne.Container); ok && len(c.Objects) == 2 {
			if _, ok := c.Layout.(focusFrameLayout); ok {
				if l, ok := c.Objects[0].(*widget.Label); ok && l.Visible() && holds(l, o) {
					frame, _ := c.Objects[1].(*canvas.Rectangle)
					return frame
				}
				return nil
			}
		}
		for _, ch := range children(root) {
			if f := find(ch); f != nil {
				return f
			}
		}
		return nil
	}
	for _, sc := range s.followed {
		if sc.Visible() {
			if f := find(sc.Content); f != nil {
				return f
			}
		}
	}
	return nil
}

// markFocused shows the frame of the framed label that holds o (the
// focused object), in the accent colour, and hides the one shown before.
func (s *HostScreen) markFocused(o fyne.CanvasObject) {
	frame := s.frameOf(o)
	if frame == s.focusFrame {
		return
	}
	if s.focusFrame != nil {
		s.focusFrame.Hide()
	}
	s.focusFrame = frame
	if frame == nil {
		return
	}
	frame.StrokeColor = newHostTheme(s.darkCheck != nil && s.darkCheck.Checked, 1).Color(theme.ColorNamePrimary, theme.VariantLight)
	frame.Show()
	frame.Refresh()
}

// A control keeps the keyboard in Fyne when it leaves the screen: after
// Ctrl+P, typed text went into the developer view's hidden Portal URL
// entry, Space ticked the presenter's hidden "Show the identifiers", and
// a History row's check kept the keyboard behind the Result tab (found
// by GUI QA). Each switch of views or tabs moves the keyboard off a
// control it hid (keepFocusShown), and the window looks for one the
// switches missed (unfocusHidden, with the focus ring).

// unfocusHidden takes the keyboard from the control of c that has it, if
// that control is not on screen (onScreen); Tab then starts again at the
// window's first control.
func unfocusHidden(c fyne.Canvas) {
	if c == nil {
		return
	}
	if o, ok := c.Focused().(fyne.CanvasObject); ok && !onScreen(o) {
		c.Unfocus()
	}
}

// keepFocusShown is unfocusHidden for the window that shows the screen,
// after a switch of tabs.
func (s *HostScreen) keepFocusShown() {
	if w := s.hostWindow(); w != nil {
		unfocusHidden(w.Canvas())
	}
}

// viewIndex is the index in HostScreen.viewFocus of the presenter view
// (presenting) or the developer view.
func viewIndex(presenting bool) int {
	if presenting {
		return 1
	}
	return 0
}

// leaveViewFocus keeps, as presenter mode is turned on (presenting) or
// off, the control that has the keyboard in the view being left.
func (s *HostScreen) leaveViewFocus(c fyne.Canvas, presenting bool) {
	s.viewFocus[viewIndex(!presenting)] = c.Focused()
}

// enterViewFocus follows a switch to the presenter view (presenting) or
// the developer view, on c (nil: no switch): the view shown gets back
// the control that had the keyboard in it, if that is still on screen;
// else no control has it.
func (s *HostScreen) enterViewFocus(c fyne.Canvas, presenting bool) {
	if c == nil {
		return
	}
	back := s.viewFocus[viewIndex(presenting)]
	s.viewFocus[viewIndex(presenting)] = nil
	if o, ok := back.(fyne.CanvasObject); ok && onScreen(o) {
		if d, ok := back.(fyne.Disableable); !ok || !d.Disabled() {
			c.Focus(back)
			return
		}
	}
	unfocusHidden(c)
}
