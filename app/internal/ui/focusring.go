package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Fyne marks the control that has the keyboard by a tint of its
// background (theme.ColorNameFocus) and nothing else. No tint can show
// focus at 3:1 (WCAG 1.4.11, 2.4.13) on every control and keep its text
// readable: a primary button (Open portal) would have to turn near-black
// while a plain one stayed mid-grey under the same tint, and a plain
// button's text would have to stay at 4.5:1 on it; the 25% black tint was
// 1.57:1 on Open portal and 1.82:1 on a plain button (found by keyboard
// QA on a projector). So the host window draws a focus ring: an outline
// in the accent colour around the control, focusRingGap outside it, which
// turns the window's background under it into the accent (4.5:1 or more
// in both themes, TestFocusRingContrast), on every kind of control.

// focusRingWidth is the ring's stroke and focusRingGap the room between
// the control and the ring, in Fyne units.
const (
	focusRingWidth = 2
	focusRingGap   = 2
)

// focusRing is the ring and the layer over the window's content it is
// drawn on.
type focusRing struct {
	layer *fyne.Container
	rect  *canvas.Rectangle
}

// WithFocusRing is content with a layer over it on which a ring marks the
// control that has the keyboard; the window looks where that is every
// interval (FocusFollowEvery), on its own goroutine, until Detach; never
// with an interval of 0 (tests, whose driver runs fyne.Do on the calling
// goroutine, place the ring themselves). The ring is not
// drawn while a dialog or another overlay is up (a dialog's buttons draw
// their own, dialogButton) nor while the embedded page has the keyboard.
func (s *HostScreen) WithFocusRing(content fyne.CanvasObject, every time.Duration) fyne.CanvasObject {
	r := newFocusRing()
	s.everyUntilDetached(every, func() { r.place(s.dark()) })
	return container.NewStack(content, r.layer)
}

// dark says whether the host shows its dark theme.
func (s *HostScreen) dark() bool { return s.darkCheck != nil && s.darkCheck.Checked }

// newFocusRing is a hidden ring on its layer.
func newFocusRing() *focusRing {
	rect := canvas.NewRectangle(color.Transparent)
	rect.StrokeWidth = focusRingWidth
	rect.CornerRadius = theme.InputRadiusSize() + focusRingGap
	rect.Hide()
	return &focusRing{layer: container.NewWithoutLayout(rect), rect: rect}
}

// focusRingColor is the ring's colour: the accent of the theme.
func focusRingColor(dark bool) color.Color {
	return newHostTheme(dark, 1).Color(theme.ColorNamePrimary, theme.VariantLight)
}

// place puts the ring around the control that has the keyboard of the
// layer's canvas, or hides it when none has it, or an overlay is up.
func (r *focusRing) place(dark bool) {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(r.layer)
	var o fyne.CanvasObject
	if c != nil && c.Overlays().Top() == nil {
		o, _ = c.Focused().(fyne.CanvasObject)
	}
	if o == nil || !o.Visible() || o.Size().IsZero() {
		if r.rect.Visible() {
			r.rect.Hide()
			r.layer.Refresh()
		}
		return
	}
	pos, size := ringBounds(d.AbsolutePositionForObject(o).Subtract(d.AbsolutePositionForObject(r.layer)), o.Size(), r.layer.Size())
	col := focusRingColor(dark)
	if r.rect.Visible() && r.rect.Position() == pos && r.rect.Size() == size && r.rect.StrokeColor == col {
		return
	}
	r.rect.StrokeColor = col
	r.rect.Move(pos)
	r.rect.Resize(size)
	r.rect.Show()
	// The layer's refresh, not the ring's: Fyne finds no canvas for an
	// object never drawn, and the first ring was not painted.
	r.layer.Refresh()
}

// ringBounds is where the ring goes round a control at pos of size on a
// layer of size in: with focusRingGap of background between them (a ring
// touching a primary button, in the same accent, was lost in it), but
// inside the layer (a control at the window's edge, Open portal, keeps
// its ring in view).
func ringBounds(pos fyne.Position, size, in fyne.Size) (fyne.Position, fyne.Size) {
	const out = focusRingGap + focusRingWidth // the stroke is drawn inside the rectangle
	x0, y0 := max(pos.X-out, 0), max(pos.Y-out, 0)
	x1, y1 := min(pos.X+size.Width+out, in.Width), min(pos.Y+size.Height+out, in.Height)
	return fyne.NewPos(x0, y0), fyne.NewSize(max(x1-x0, 0), max(y1-y0, 0))
}
