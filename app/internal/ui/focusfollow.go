package ui

import (
	"time"

	"fyne.io/fyne/v2"
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
			s.do(func() { s.revealFocused(c) })
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
// looks into.
func children(root fyne.CanvasObject) []fyne.CanvasObject {
	switch v := root.(type) {
	case *fyne.Container:
		return v.Objects
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
