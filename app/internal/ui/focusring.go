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
// drawn on; popUp is the ring last drawn in a pop-up (popUpRing), nil for
// none.
type focusRing struct {
	layer *fyne.Container
	rect  *canvas.Rectangle
	popUp *canvas.Rectangle
}

// WithFocusRing is content with a layer over it on which a ring marks the
// control that has the keyboard; the window looks where that is every
// interval (FocusFollowEvery), on its own goroutine, until Detach; never
// with an interval of 0 (tests, whose driver runs fyne.Do on the calling
// goroutine, place the ring themselves). While a dialog or another
// pop-up is up, the ring is drawn in it (popUpRing) round its control
// that has the keyboard, but for a dialog button, which draws its own
// (dialogButton); none is drawn while the embedded page has the keyboard.
// A control that has the keyboard but is no longer on screen loses it
// there too (unfocusHidden), should a switch have missed it.
func (s *HostScreen) WithFocusRing(content fyne.CanvasObject, every time.Duration) fyne.CanvasObject {
	r := newFocusRing()
	s.everyUntilDetached(every, func() {
		unfocusHidden(fyne.CurrentApp().Driver().CanvasForObject(r.layer)) // a control a switch hid
		r.place(s.dark())
	})
	return container.NewStack(content, r.layer)
}

// dark says whether the host shows its dark theme.
func (s *HostScreen) dark() bool { return s.darkCheck != nil && s.darkCheck.Checked }

// newFocusRing is a hidden ring on its layer.
func newFocusRing() *focusRing {
	rect := newRingRect()
	return &focusRing{layer: container.NewWithoutLayout(rect), rect: rect}
}

// newRingRect is a hidden ring.
func newRingRect() *canvas.Rectangle {
	rect := canvas.NewRectangle(color.Transparent)
	rect.StrokeWidth = focusRingWidth
	rect.CornerRadius = theme.InputRadiusSize() + focusRingGap
	rect.Hide()
	return rect
}

// focusRingColor is the ring's colour: the accent of the theme.
func focusRingColor(dark bool) color.Color {
	return newHostTheme(dark, 1).Color(theme.ColorNamePrimary, theme.VariantLight)
}

// place puts the ring around the control that has the keyboard of the
// layer's canvas, or hides it when none has it; while a pop-up is up, the
// ring goes in the pop-up instead (a Fyne dialog's content is drawn over
// the window's ring layer, which would hide a ring there), if it can have
// one (popUpRing).
func (r *focusRing) place(dark bool) {
	c := fyne.CurrentApp().Driver().CanvasForObject(r.layer)
	var o fyne.CanvasObject
	if c != nil {
		o, _ = c.Focused().(fyne.CanvasObject)
	}
	var top fyne.CanvasObject
	if c != nil {
		top = c.Overlays().Top()
	}
	if top == nil {
		hideRing(r.popUp, nil)
		r.popUp = nil
		drawRing(r.rect, r.layer, r.layer, o, dark)
		return
	}
	hideRing(r.rect, r.layer)
	rect, layer, area := popUpRing(top)
	if rect != r.popUp {
		hideRing(r.popUp, nil) // a pop-up's under this one
		r.popUp = rect
	}
	if rect == nil {
		return
	}
	if _, own := o.(*dialogButton); own {
		o = nil
	}
	drawRing(rect, layer, area, o, dark)
}

// hideRing hides rect, if shown, refreshing layer (rect's own refresh when
// nil).
func hideRing(rect *canvas.Rectangle, layer *fyne.Container) {
	if rect == nil || !rect.Visible() {
		return
	}
	rect.Hide()
	if layer != nil {
		layer.Refresh()
		return
	}
	rect.Refresh()
}

// drawRing puts rect, on layer, round o, inside area; it hides it for no
// o, or one not on screen (onScreen).
func drawRing(rect *canvas.Rectangle, layer *fyne.Container, area, o fyne.CanvasObject, dark bool) {
	at, shown := drawnAt(o)
	if !shown {
		hideRing(rect, layer)
		return
	}
	d := fyne.CurrentApp().Driver()
	origin := d.AbsolutePositionForObject(area)
	pos, size := ringBounds(at.Subtract(origin), o.Size(), area.Size())
	pos = pos.Add(origin.Subtract(d.AbsolutePositionForObject(layer)))
	col := focusRingColor(dark)
	if rect.Visible() && rect.Position() == pos && rect.Size() == size && rect.StrokeColor == col {
		return
	}
	rect.StrokeColor = col
	rect.Move(pos)
	rect.Resize(size)
	rect.Show()
	// The layer's refresh, not the ring's: Fyne finds no canvas for an
	// object never drawn, and the first ring was not painted.
	layer.Refresh()
}

// popUpRingLayout marks the layer of a pop-up's ring, so that popUpRing
// finds it again; it lays nothing out and needs no room.
type popUpRingLayout struct{}

// Layout implements fyne.Layout: the ring is placed by drawRing.
func (popUpRingLayout) Layout([]fyne.CanvasObject, fyne.Size) {}

// MinSize implements fyne.Layout: none.
func (popUpRingLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// popUpRing is the ring of the pop-up top, the layer it is drawn on and
// the pop-up's content, which it stays inside. The layer goes last into
// the content's own container the first time, so that it is drawn over
// the content: Fyne's dialogs lay out the container's first five objects
// only, and its file dialogs put it in the centre of their border layout.
// A pop-up whose content is no container, or whose container needs more
// room with the layer (a box would give it a row of its own), has no ring
// (nil).
func popUpRing(top fyne.CanvasObject) (*canvas.Rectangle, *fyne.Container, fyne.CanvasObject) {
	pop, ok := top.(*widget.PopUp)
	if !ok {
		return nil, nil, nil
	}
	body, ok := pop.Content.(*fyne.Container)
	if !ok {
		return nil, nil, nil
	}
	for _, o := range body.Objects {
		if l, ok := o.(*fyne.Container); ok && len(l.Objects) == 1 {
			if _, ours := l.Layout.(popUpRingLayout); ours {
				return l.Objects[0].(*canvas.Rectangle), l, body
			}
		}
	}
	rect := newRingRect()
	layer := container.New(popUpRingLayout{}, rect)
	need := body.MinSize()
	body.Objects = append(body.Objects, layer)
	if body.MinSize() != need {
		body.Objects = body.Objects[:len(body.Objects)-1]
		return nil, nil, nil
	}
	body.Refresh()
	return rect, layer, body
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

// onScreen says whether o is drawn on its canvas: visible, of some size,
// and in the canvas's tree of visible objects, every object above it
// visible too. A control in a tab not in front, or in the view presenter
// mode took off the window, is visible itself: its ring was drawn at the
// window's top left, and it kept the keyboard (found by GUI QA).
func onScreen(o fyne.CanvasObject) bool {
	_, shown := drawnAt(o)
	return shown
}

// drawnAt is where o is on its canvas, and whether it is drawn there
// (onScreen). Fyne has no word for an object's parent: the driver finds
// an object's position by walking the canvas's visible objects, and gives
// the position it gives an object never drawn (0,0, or the test canvas's
// inset) for one it does not find there. No control on screen is there:
// the host window is padded, and a pop-up's content is inside its
// padding.
func drawnAt(o fyne.CanvasObject) (fyne.Position, bool) {
	if o == nil || !o.Visible() || o.Size().IsZero() {
		return fyne.Position{}, false
	}
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(o)
	return at, at != d.AbsolutePositionForObject(&canvas.Rectangle{})
}
