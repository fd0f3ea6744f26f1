package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// box is an object of minimum size w×h.
func box(w, h float32) *canvas.Rectangle {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

// A flow's objects wrap into the rows its width needs, each as high as
// its row; with alignEnd the last goes to the right edge of a single row;
// its minimum is its widest object and the rows of its last width; a
// column gives a wrapping flow the height of its rows at the column's width.
func TestFlowLayout(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	pad := theme.Padding()
	tests := []struct {
		width    float32
		alignEnd bool
		want     []fyne.Position // of the three objects
		height   float32
	}{
		{400, false, []fyne.Position{{X: 0}, {X: 100 + pad}, {X: 200 + 2*pad}}, 36},
		{400, true, []fyne.Position{{X: 0}, {X: 100 + pad}, {X: 400 - 150}}, 36},
		{300, true, []fyne.Position{{X: 0}, {X: 100 + pad}, {Y: 36 + pad}}, 72 + pad},
		{120, false, []fyne.Position{{X: 0}, {Y: 36 + pad}, {Y: 66 + 2*pad}}, 102 + 2*pad}, // a row each: 36, 30, 36
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%.0f %v", tc.width, tc.alignEnd), func(t *testing.T) {
			objs := []fyne.CanvasObject{box(100, 36), box(100, 30), box(150, 36)}
			l := &flowLayout{alignEnd: tc.alignEnd}
			c := container.New(l, objs...)
			if got := c.MinSize(); got != fyne.NewSize(150, 36) {
				t.Errorf("before a layout the minimum is %v, want one row of the widest", got)
			}
			c.Resize(fyne.NewSize(tc.width, tc.height))
			for i, o := range objs {
				if o.Position() != tc.want[i] {
					t.Errorf("object %d at %v, want %v", i, o.Position(), tc.want[i])
				}
			}
			if h := objs[1].Size().Height; tc.width >= 300 && h != 36 {
				t.Errorf("the lower object of a row is %.0f high, want the row's 36", h)
			}
			if got := c.MinSize().Height; got != tc.height {
				t.Errorf("at %.0f the minimum height is %.0f, want %.0f", tc.width, got, tc.height)
			}
			col := container.New(&columnLayout{}, box(10, 20), container.New(&flowLayout{alignEnd: tc.alignEnd}, objs...))
			col.Resize(fyne.NewSize(tc.width, 1))
			if got, want := col.Objects[1].Size().Height, tc.height; got != want {
				t.Errorf("in a column %.0f wide the flow is %.0f high, want %.0f", tc.width, got, want)
			}
		})
	}
}

// A page of the portal pane is as wide as the pane up to its width, its
// wrapped text the lines it needs at that width and at least its floor,
// and at least minWidth wide.
func TestPageLayout(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	text := widget.NewLabel("Contoso Mobile handed back: you bought Contoso 5 GB — 30 days. Mobile Plans takes you to the plan's page.")
	text.Wrapping = fyne.TextWrapWord
	btn := widget.NewButton("Done", nil)
	l := &pageLayout{width: 460, minWidth: 300, textFloor: 90}
	page := container.New(l, text, btn)
	w := test.NewWindow(page)
	t.Cleanup(w.Close)
	if got := page.MinSize().Width; got != 300+2*theme.Padding() {
		t.Errorf("the page's minimum width is %.0f", got)
	}
	for _, tc := range []struct{ pane, text float32 }{{1000, 460}, {400, 400 - 2*theme.Padding()}, {200, 300}} {
		page.Resize(fyne.NewSize(tc.pane, 600))
		if got := text.Size().Width; got != tc.text {
			t.Errorf("in a pane %.0f wide the text is %.0f wide, want %.0f", tc.pane, got, tc.text)
		}
		if got := text.Size().Height; got < 90 || got < text.MinSize().Height {
			t.Errorf("in a pane %.0f wide the text is %.0f high (its lines %.0f)", tc.pane, got, text.MinSize().Height)
		}
		if top(btn) < bottom(text) {
			t.Errorf("in a pane %.0f wide Done is over the text", tc.pane)
		}
		// Asking the page's minimum leaves the text as wide as it is (the
		// window asks it at every frame; the text wrapped at 300 px in a
		// 460 px box).
		_ = page.MinSize()
		if got := text.Size().Width; got != tc.text {
			t.Errorf("in a pane %.0f wide the text is %.0f wide once the page's minimum was asked, want %.0f", tc.pane, got, tc.text)
		}
	}
}

// Where the window has room for both, the launch form gets its
// comfortable width whatever the split's offset, and the window's minimum
// stays what the columns need (found while making the window fit 800x600:
// the form's own minimum gave it 500 px at 1024 before).
func TestComfortSplit(t *testing.T) {
	for _, tc := range []struct {
		width float32
		left  float32 // the left column's width, at least
	}{{800, 417}, {1024, formComfort}, {1240, formComfort}} {
		t.Run(fmt.Sprintf("%.0f", tc.width), func(t *testing.T) {
			s, w := goldenScreen(t)
			w.Resize(fyne.NewSize(tc.width, 600))
			layOutAgain(w.Content())
			if got := s.split.Leading.Size().Width; got < tc.left-0.5 {
				t.Errorf("the left column is %.0f px wide, want %.0f or more", got, tc.left)
			}
			if s.split.Offset != splitOffsetForm {
				t.Errorf("the split's offset is %v, want %v", s.split.Offset, splitOffsetForm)
			}
			if min := w.Content().MinSize().Width; min > 800 {
				t.Errorf("the window's minimum width is %.0f, more than 800", min)
			}
		})
	}
}

// askedBox is a box that counts the questions for its minimum size.
type askedBox struct {
	*canvas.Rectangle
	asked int
}

// MinSize implements fyne.CanvasObject.
func (b *askedBox) MinSize() fyne.Size {
	b.asked++
	return b.Rectangle.MinSize()
}

// The host's own layouts ask each of their objects for its minimum size
// once per question to them: Fyne asks every object of the window at each
// frame, and the window's content is in all three (the root column, the
// comfortable split, the right column's thumbRoom), so that asking twice
// at each made a frame ask the whole window eight times.
func TestLayoutsAskOnceForMinimumSize(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(a, b *askedBox) fyne.CanvasObject
	}{
		{"column", func(a, b *askedBox) fyne.CanvasObject {
			return container.New(&columnLayout{fillLast: true}, a, b)
		}},
		{"comfortable split", func(a, b *askedBox) fyne.CanvasObject {
			left, right := &softMin{width: formComfort, on: true}, &softMin{width: besideComfort, on: true}
			split := container.NewHSplit(container.New(left, a), container.New(right, b))
			return container.New(comfortSplit{left: left, right: right}, split)
		}},
		{"thumbnails' room", func(a, b *askedBox) fyne.CanvasObject {
			room := &rowHeight{row: container.NewHBox(), on: true}
			return container.New(thumbRoom{room}, container.NewVSplit(a, container.New(room, b)))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := &askedBox{Rectangle: box(300, 40)}, &askedBox{Rectangle: box(200, 60)}
			o := tc.make(a, b)
			if min := o.MinSize(); min.Width < 200 || min.Height < 40 {
				t.Fatalf("the minimum size is %v, smaller than its objects'", min)
			}
			if a.asked != 1 || b.asked != 1 {
				t.Errorf("one question for the minimum size asked its objects %d and %d times, want once each", a.asked, b.asked)
			}
		})
	}
}
