package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The host window fits an 800x600 screen (found by exploratory QA: at
// 800x600 it was 947 px wide, the Result pane, Dark and Presenter mode cut
// off at the right; presenter mode 960 px, Start again cut off). Rows that
// were too wide for such a window wrap instead (flowLayout): the toolbar's
// checks go under its buttons, the presenter's steps and its Start again
// under the operator's tile. A wrapped row is taller, and Fyne's layouts
// ask a child's height before they know its width: the rows that wrap sit
// in a columnLayout, which gives each the height its width needs.

// wrapped is l wrapping its words: a label that takes no more width than
// its longest word.
func wrapped(l *widget.Label) *widget.Label {
	l.Wrapping = fyne.TextWrapWord
	return l
}

// heightForWidth is a layout whose height depends on the width it is given.
type heightForWidth interface {
	heightAt(objects []fyne.CanvasObject, width float32) float32
}

// heightFor is the height o needs at width: what its layout says when it
// is a container of a heightForWidth layout, its minimum height otherwise.
func heightFor(o fyne.CanvasObject, width float32) float32 {
	if h, ok := wrappedHeight(o, width); ok {
		return h
	}
	return o.MinSize().Height
}

// wrappedHeight is the height o needs at width when o is a container of a
// heightForWidth layout (ok), else nothing.
func wrappedHeight(o fyne.CanvasObject, width float32) (h float32, ok bool) {
	if c, ok := o.(*fyne.Container); ok {
		if l, ok := c.Layout.(heightForWidth); ok {
			return l.heightAt(c.Objects, width), true
		}
	}
	return 0, false
}

// flowLayout places its objects left to right at their minimum widths,
// each as high as its row (as an HBox does), and starts a new row when the
// next does not fit. Its minimum width is that of its widest object; its
// minimum height is that of the rows the width of its last layout needed
// (one row before the first).
type flowLayout struct {
	// alignEnd puts the last object at the right edge while all fit in
	// one row (the toolbar's checks, across from its buttons).
	alignEnd bool
	// width is the width of the last layout, 0 before the first.
	width float32
}

var (
	_ fyne.Layout    = (*flowLayout)(nil)
	_ heightForWidth = (*flowLayout)(nil)
)

// flowPlace is where arrange puts an object, in which row.
type flowPlace struct {
	pos fyne.Position
	row int
}

// arrange places the visible objects at width (0: no limit) and returns
// their places (nil for a hidden object), the height of each row and the
// height of all.
func (l *flowLayout) arrange(objects []fyne.CanvasObject, width float32) (places []*flowPlace, rows []float32, height float32) {
	pad := theme.Padding()
	var x, y float32
	places = make([]*flowPlace, len(objects))
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		size := o.MinSize()
		if len(rows) == 0 {
			rows = append(rows, 0)
		} else if width > 0 && x > 0 && x+size.Width > width {
			y += rows[len(rows)-1] + pad
			x = 0
			rows = append(rows, 0)
		}
		places[i] = &flowPlace{pos: fyne.NewPos(x, y), row: len(rows) - 1}
		rows[len(rows)-1] = max(rows[len(rows)-1], size.Height)
		x += size.Width + pad
	}
	if len(rows) > 0 {
		height = y + rows[len(rows)-1]
	}
	return places, rows, height
}

// heightAt implements heightForWidth.
func (l *flowLayout) heightAt(objects []fyne.CanvasObject, width float32) float32 {
	_, _, h := l.arrange(objects, width)
	return h
}

// Layout implements fyne.Layout.
func (l *flowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	places, rows, _ := l.arrange(objects, size.Width)
	last := -1
	for i, p := range places {
		if p != nil {
			last = i
		}
	}
	for i, p := range places {
		if p == nil {
			continue
		}
		o := objects[i]
		min := o.MinSize()
		pos := p.pos
		if l.alignEnd && i == last && len(rows) == 1 {
			pos.X = max(pos.X, size.Width-min.Width)
		}
		o.Move(pos)
		o.Resize(fyne.NewSize(min.Width, rows[p.row]))
	}
}

// MinSize implements fyne.Layout.
func (l *flowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	return fyne.NewSize(w, l.heightAt(objects, l.width))
}

// columnLayout stacks its visible objects as a VBox does, with the height
// each needs at the column's width (heightFor): a flowLayout row gets the
// rows it wraps into. With fillLast the last object takes the height
// left. Its minimum height is its objects' at the width of its last
// layout.
type columnLayout struct {
	fillLast bool
	// grown, when set, is called after a layout whose objects needed
	// another height than the column's minimum said before it (a narrower
	// width wrapped a row): a scroll holding the column must be laid out
	// again to make room.
	grown func()
	// width is the width of the last layout, 0 before the first; said is
	// the height MinSize last answered.
	width, said float32
}

var (
	_ fyne.Layout    = (*columnLayout)(nil)
	_ heightForWidth = (*columnLayout)(nil)
)

// heightAt implements heightForWidth.
func (l *columnLayout) heightAt(objects []fyne.CanvasObject, width float32) float32 {
	return stackHeight(objects, func(o fyne.CanvasObject) float32 { return heightFor(o, width) })
}

// stackHeight is the height of objects' visible ones stacked with a
// padding between them, each as high as height says.
func stackHeight(objects []fyne.CanvasObject, height func(fyne.CanvasObject) float32) float32 {
	var h float32
	n := 0
	for _, o := range objects {
		if o.Visible() {
			h += height(o)
			n++
		}
	}
	if n > 1 {
		h += float32(n-1) * theme.Padding()
	}
	return h
}

// Layout implements fyne.Layout.
func (l *columnLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	last := -1
	for i, o := range objects {
		if o.Visible() {
			last = i
		}
	}
	var y float32
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		h := heightFor(o, size.Width)
		if l.fillLast && i == last {
			h = max(h, size.Height-y)
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + theme.Padding()
	}
	if need := l.heightAt(objects, size.Width); l.grown != nil && need != l.said {
		l.said = need
		l.grown()
	}
}

// MinSize implements fyne.Layout. It asks each object for its minimum size
// once: the host's whole window is one of its objects, and Fyne asks each
// object of the window's tree for its minimum size at each frame, which
// asks all its objects in turn.
func (l *columnLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w float32
	l.said = stackHeight(objects, func(o fyne.CanvasObject) float32 {
		min := o.MinSize()
		w = max(w, min.Width)
		if wrapped, ok := wrappedHeight(o, l.width); ok {
			return wrapped
		}
		return min.Height
	})
	return fyne.NewSize(w, l.said)
}

// pageLayout is a page of the portal pane (its idle text, the error page,
// Back in Windows): its objects in a column centred in the pane, the
// column as wide as the pane up to width and no narrower than minWidth.
// Labels that wrap take that width and the lines it needs, at least
// textFloor high (a steady place for what follows a text that changes);
// other objects keep their minimum size, centred. A page of fixed 460 px
// boxes made the pane 460 px wide and the window too wide for 800x600.
type pageLayout struct {
	width, minWidth, textFloor float32
}

var _ fyne.Layout = (*pageLayout)(nil)

// columnWidth is the page's column width in a pane width wide.
func (l *pageLayout) columnWidth(width float32) float32 {
	return max(l.minWidth, min(l.width, width-2*theme.Padding()))
}

// sizeAt is the size of o in a column width wide. A wrapping label is
// given that width first when fit is set (Layout), so that it says the
// height of its lines at it; MinSize must not move it.
func (l *pageLayout) sizeAt(o fyne.CanvasObject, width float32, fit bool) fyne.Size {
	if lbl, ok := o.(*widget.Label); ok && lbl.Wrapping != fyne.TextWrapOff {
		if fit && lbl.Size().Width != width {
			lbl.Resize(fyne.NewSize(width, lbl.Size().Height))
		}
		return fyne.NewSize(width, max(l.textFloor, lbl.MinSize().Height))
	}
	if lbl, ok := o.(*widget.Label); ok {
		return fyne.NewSize(width, lbl.MinSize().Height)
	}
	return o.MinSize()
}

// gapBefore is the room over o, after the page's visible object before
// it: a padding, and more over a button (Retry, Done), which stood a
// padding under the last line of a text that filled its box, and seemed
// to touch it (found by GUI QA).
func gapBefore(o fyne.CanvasObject) float32 {
	if _, ok := o.(*widget.Button); ok {
		return pageButtonGap
	}
	return theme.Padding()
}

// pageButtonGap is the room over a page's button: a line's height, about.
const pageButtonGap = 16

// column is the height of the page's visible objects in a column width
// wide, with the room between them (gapBefore).
func (l *pageLayout) column(objects []fyne.CanvasObject, width float32, fit bool) float32 {
	var h float32
	first := true
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		if !first {
			h += gapBefore(o)
		}
		first = false
		h += l.sizeAt(o, width, fit).Height
	}
	return h
}

// Layout implements fyne.Layout.
func (l *pageLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	w := l.columnWidth(size.Width)
	y := max(0, (size.Height-l.column(objects, w, true))/2)
	first := true
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		if !first {
			y += gapBefore(o)
		}
		first = false
		s := l.sizeAt(o, w, true)
		o.Resize(s)
		o.Move(fyne.NewPos((size.Width-s.Width)/2, y))
		y += s.Height
	}
}

// MinSize implements fyne.Layout: the column at its least width, its
// texts as high as at their present width.
func (l *pageLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(l.minWidth+2*theme.Padding(), l.column(objects, l.minWidth, false))
}

// The widths the developer view's columns are comfortable at, which
// they had before the window fitted 800x600 (their own minimums made
// them so): the launch form shows its fields' placeholders whole from
// formComfort (TestLaunchPlaceholdersFit), the result column beside the
// live portal is besideComfort wide (and the portal 795 units wide in the
// default window, TestE2EEmbeddedPortalScale), and the result keeps its
// verdict on a line of its own beside its buttons from resultComfort
// (TestResultReadableBesideThePortal).
const formComfort, besideComfort, resultComfort = 500, 429, 480

// comfortSplit holds the developer view's split, whose columns are each
// in a softMin: where the split has room for the form's and the result's
// comfortable widths, the columns' minimum widths are formComfort and
// besideComfort, whatever the split's offset (0.42 of a 1024 px window is
// 427 px); where it has not (800x600), the columns' own minimums share
// what there is. The window's minimum is the columns' own.
type comfortSplit struct{ left, right *softMin }

var _ fyne.Layout = comfortSplit{}

// Layout implements fyne.Layout; objects is the split.
func (l comfortSplit) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if len(objects) != 1 {
		return
	}
	room := size.Width - 2*theme.Padding() // the split's divider
	if on := room >= formComfort+resultComfort; on != l.left.on {
		l.left.on, l.right.on = on, on
		defer objects[0].Refresh() // the same size: a resize would not lay it out again
	}
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}

// MinSize implements fyne.Layout: the split's, without what the columns'
// comfortable widths add, which is no minimum of the window's (else, at
// 1024 px, the window could not be made narrower than 938).
func (l comfortSplit) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if len(objects) != 1 {
		return fyne.Size{}
	}
	l.left.ownKnown, l.right.ownKnown = false, false
	min := objects[0].MinSize() // the columns' softMins note their own
	if split, ok := objects[0].(*container.Split); ok {
		min.Width -= l.left.extra(split.Leading) + l.right.extra(split.Trailing)
	}
	return min
}

// softMin is the layout of a column of the developer view: its object
// fills it, and its minimum width is width while on (comfortSplit).
type softMin struct {
	width float32
	on    bool
	// own is its objects' minimum size as MinSize last found it, known
	// since comfortSplit's MinSize asked the split for its own: so the
	// split's minimum width less the comfortable widths does not ask the
	// whole window's objects twice.
	own      fyne.Size
	ownKnown bool
}

var _ fyne.Layout = (*softMin)(nil)

// extra is what the comfortable width adds to the minimum width of c, a
// container of this layout.
func (l *softMin) extra(c fyne.CanvasObject) float32 {
	box, ok := c.(*fyne.Container)
	if !ok || !l.on {
		return 0
	}
	own := l.own
	if !l.ownKnown {
		own = minOfAll(box.Objects)
	}
	return max(0, l.width-own.Width)
}

// Layout implements fyne.Layout.
func (l *softMin) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (l *softMin) MinSize(objects []fyne.CanvasObject) fyne.Size {
	min := minOfAll(objects)
	l.own, l.ownKnown = min, true
	if l.on {
		min.Width = max(min.Width, l.width)
	}
	return min
}

// minOfAll is the largest of objects' minimum sizes, each way.
func minOfAll(objects []fyne.CanvasObject) fyne.Size {
	var min fyne.Size
	for _, o := range objects {
		min = min.Max(o.MinSize())
	}
	return min
}
