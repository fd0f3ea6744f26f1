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
	// of is the control the ring was last placed round and scrolls the
	// scrolls it is in (scrollsAbove), found once for each control.
	of      fyne.CanvasObject
	scrolls []*container.Scroll
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
		drawRing(r.rect, r.layer, r.layer, o, r.scrollsOf(c.Content(), o), dark)
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
	drawRing(rect, layer, area, o, r.scrollsOf(area, o), dark)
}

// scrollsOf are the scrolls under root that o is in (scrollsAbove), found
// again only when o is another control than the last, or was not found.
func (r *focusRing) scrollsOf(root, o fyne.CanvasObject) []*container.Scroll {
	if o == nil {
		return nil
	}
	if o == r.of {
		return r.scrolls
	}
	scrolls, found := scrollsAbove(root, o)
	if found {
		r.of, r.scrolls = o, scrolls
	}
	return scrolls
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

// drawRing puts rect, on layer, round o, inside area and inside the
// visible part of each of scrolls (those o is in): a control half scrolled
// out of the Launch form had its ring drawn over the tab headers above
// the form, and a Result value below the fold its ring over the log's
// search box (found by GUI QA). It hides the ring for no o, one not on
// screen (onScreen), or one scrolled out of sight.
func drawRing(rect *canvas.Rectangle, layer *fyne.Container, area, o fyne.CanvasObject, scrolls []*container.Scroll, dark bool) {
	at, shown := drawnAt(o)
	if !shown {
		hideRing(rect, layer)
		return
	}
	d := fyne.CurrentApp().Driver()
	clip := rectOf(d.AbsolutePositionForObject(area), area.Size())
	for _, sc := range scrolls {
		clip = clip.intersect(rectOf(d.AbsolutePositionForObject(sc), sc.Size()))
	}
	pos, size, seen := ringBounds(at, o.Size(), clip)
	if !seen {
		hideRing(rect, layer)
		return
	}
	pos = pos.Subtract(d.AbsolutePositionForObject(layer))
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

// canvasRect is a rectangle on the canvas: from min to max.
type canvasRect struct{ min, max fyne.Position }

// rectOf is the rectangle at pos of size.
func rectOf(pos fyne.Position, size fyne.Size) canvasRect {
	return canvasRect{pos, pos.AddXY(size.Width, size.Height)}
}

// intersect is the part of a that is in b too; empty (max at or before
// min) where they do not meet.
func (a canvasRect) intersect(b canvasRect) canvasRect {
	return canvasRect{fyne.NewPos(max(a.min.X, b.min.X), max(a.min.Y, b.min.Y)), fyne.NewPos(min(a.max.X, b.max.X), min(a.max.Y, b.max.Y))}
}

// empty says whether a holds no point.
func (a canvasRect) empty() bool { return a.max.X <= a.min.X || a.max.Y <= a.min.Y }

// scrollsAbove are the scrolls under root, outermost first, that o is in,
// looking where children looks, and whether o is under root at all; the
// part of a selectable label that takes the keyboard, Fyne's own, is in
// the label it lies on (as holds finds it).
func scrollsAbove(root, o fyne.CanvasObject) ([]*container.Scroll, bool) {
	var path []*container.Scroll
	var find func(n fyne.CanvasObject) bool
	find = func(n fyne.CanvasObject) bool {
		if n == nil || !n.Visible() {
			return false
		}
		if n == o {
			return true
		}
		if l, ok := n.(*widget.Label); ok {
			// The size first: within asks the driver where both are.
			return l.Selectable && l.Size() == o.Size() && within(o, l)
		}
		sc, scroll := n.(*container.Scroll)
		if scroll {
			path = append(path, sc)
		}
		for _, k := range children(n) {
			if find(k) {
				return true
			}
		}
		if scroll {
			path = path[:len(path)-1]
		}
		return false
	}
	found := find(root)
	return path, found
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

// ringBounds is where the ring goes round a control at pos of size, all
// on the canvas, and whether it shows: with focusRingGap of background
// between them (a ring touching a primary button, in the same accent, was
// lost in it), but inside clip, the part of the window the control is
// seen in (a control at the window's edge, Open portal, keeps its ring in
// view; one half scrolled out of its form has it round the half shown).
// A control wholly outside clip has no ring.
func ringBounds(pos fyne.Position, size fyne.Size, clip canvasRect) (fyne.Position, fyne.Size, bool) {
	const out = focusRingGap + focusRingWidth // the stroke is drawn inside the rectangle
	if rectOf(pos, size).intersect(clip).empty() {
		return fyne.Position{}, fyne.Size{}, false
	}
	r := canvasRect{pos.SubtractXY(out, out), pos.AddXY(size.Width+out, size.Height+out)}.intersect(clip)
	return r.min, fyne.NewSize(r.max.X-r.min.X, r.max.Y-r.min.Y), true
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
