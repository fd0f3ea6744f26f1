package ui

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"time"

	"golang.org/x/image/draw"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	insp "mpsim/app/internal/inspect"
	"mpsim/app/internal/workspace"
)

// maxScreenshots is how many thumbnails the strip keeps; the window takes
// a few per navigation, so only a page that navigates in a loop reaches it.
const maxScreenshots = 200

// thumbSize is a thumbnail's size (the portal window is 800x600).
var thumbSize = fyne.NewSize(176, 132)

// thumbPixels bounds the pixels a thumbnail keeps: twice thumbSize, for a
// screen scaled 2×.
var thumbPixels = image.Pt(352, 264)

// screenshotStrip shows the portal window's screenshots as a row of
// thumbnails, each with its label; a click enlarges one, and Enter or
// Space on the one the keyboard is on. It is used from the UI goroutine
// only.
type screenshotStrip struct {
	shots []insp.Screenshot
	more  int
	// removed counts the screenshots of a loaded report whose files are
	// gone (the screenshot cache was pruned); they get no tile.
	removed int
	// problem says why the running session takes no screenshots ("" when
	// it can take them).
	problem string

	row    *fyne.Container
	scroll *container.Scroll // the row's
	room   *rowHeight        // the row's scroll's layout
	count  *widget.Label
	// enlarge shows one screenshot big (a dialog over the host window).
	enlarge func(insp.Screenshot)
	// do, when set, runs a function on the UI goroutine, and thumbnails
	// are read and scaled on goroutines of their own; nil reads them at
	// once (the tests: Fyne's test driver runs fyne.Do on the calling
	// goroutine).
	do func(func())
}

func newScreenshotStrip(enlarge func(insp.Screenshot)) *screenshotStrip {
	return &screenshotStrip{enlarge: enlarge}
}

func (p *screenshotStrip) buildUI() fyne.CanvasObject {
	p.row = container.NewHBox()
	p.count = widget.NewLabel("")
	p.count.Wrapping = fyne.TextWrapWord
	p.refresh()
	// The row scrolls both ways, and asks for its whole height only where
	// the window has room for it (thumbRoom): scrolled sideways only, it
	// always asked for it, and the window with it for more than a 1366x768
	// screen has at 150% (found by GUI QA: 505 units, 480 fit).
	p.room = &rowHeight{row: p.row, tile: newThumbnail(insp.Screenshot{}, nil, nil)}
	p.scroll = container.NewScroll(p.row)
	return container.NewBorder(p.count, nil, nil, nil, container.New(p.room, p.scroll))
}

// rowHeight is the layout of the thumbnails' scroll: it fills it, and its
// least height is the row's whole height while on, else the scroll's own.
// While on, an empty row asks for the height of a row of thumbnails too
// (tile's, a thumbnail never shown): asked for only once the first
// screenshot came, it moved the right column's divider 9 to 11 px up
// after the first session, the log tabs taking the room (found by GUI QA).
type rowHeight struct {
	row  *fyne.Container
	tile fyne.CanvasObject
	on   bool
}

var _ fyne.Layout = (*rowHeight)(nil)

// Layout implements fyne.Layout: its objects fill it, as in a stack.
func (l *rowHeight) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	layout.NewStackLayout().Layout(objects, size)
}

// MinSize implements fyne.Layout.
func (l *rowHeight) MinSize(objects []fyne.CanvasObject) fyne.Size {
	min := layout.NewStackLayout().MinSize(objects)
	if l.on {
		min.Height = max(min.Height, l.row.MinSize().Height)
		if l.tile != nil {
			min.Height = max(min.Height, l.tile.MinSize().Height)
		}
	}
	return min
}

// thumbRoom is the layout of the right column's split (the tabs over the
// log's): where the split is high enough for the Screenshots tab's whole
// row of thumbnails, the row asks for its height, as it did before (the
// default window at 100%); where it is not, the row scrolls. The split's
// least height, and the window's, is the one without the row's.
type thumbRoom struct{ room *rowHeight }

var _ fyne.Layout = thumbRoom{}

// Layout implements fyne.Layout; objects is the split.
func (l thumbRoom) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if len(objects) != 1 {
		return
	}
	if fits := size.Height >= l.minHeight(objects[0], true); fits != l.room.on {
		l.room.on = fits
		defer objects[0].Refresh() // the same size: a resize would not lay it out again
	}
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}

// MinSize implements fyne.Layout: the split's with the row scrolled (the
// row changes only its height; one question to the split, which holds most
// of the window).
func (l thumbRoom) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if len(objects) != 1 {
		return fyne.Size{}
	}
	return l.minSize(objects[0], false)
}

// minHeight is o's least height with the row's whole height (on) or not.
func (l thumbRoom) minHeight(o fyne.CanvasObject, on bool) float32 {
	return l.minSize(o, on).Height
}

// minSize is o's least size with the row's whole height (on) or not.
func (l thumbRoom) minSize(o fyne.CanvasObject, on bool) fyne.Size {
	was := l.room.on
	l.room.on = on
	min := o.MinSize()
	l.room.on = was
	return min
}

// reset empties the strip for a new session.
func (p *screenshotStrip) reset() { p.load(nil) }

// load shows a whole session's screenshots (a finished report's). Those
// whose files are gone get no tile, which would be blank, and the strip
// says they were removed: a session reopened once the screenshot cache
// had pruned its folder showed "3 screenshots" over three empty tiles
// (found by exploratory QA with the history off).
func (p *screenshotStrip) load(shots []insp.Screenshot) {
	p.shots, p.more, p.removed = nil, 0, 0
	p.row.RemoveAll()
	var kept []insp.Screenshot
	for _, sh := range shots {
		if _, err := os.Stat(sh.Path); sh.Path == "" || err != nil {
			p.removed++
			continue
		}
		kept = append(kept, sh)
	}
	p.add(kept)
	p.refresh()
}

// setProblem says why the running session takes no screenshots ("" when
// it takes them).
func (p *screenshotStrip) setProblem(problem string) {
	p.problem = problem
	p.refresh()
}

// add appends live screenshots, up to the cap.
func (p *screenshotStrip) add(shots []insp.Screenshot) {
	for _, sh := range shots {
		if len(p.shots) >= maxScreenshots {
			p.more++
			continue
		}
		p.shots = append(p.shots, sh)
		t := newThumbnail(sh, p.enlarge, p.do)
		t.onFocus = p.reveal
		p.row.Add(t)
	}
	p.refresh()
}

func (p *screenshotStrip) refresh() {
	switch {
	case len(p.shots) == 0 && p.removed > 0:
		p.count.SetText(removedScreenshots(p.removed) + ".")
	case len(p.shots) == 0 && p.problem != "":
		p.count.SetText(p.problem)
	case len(p.shots) == 0:
		p.count.SetText("No screenshots yet: the portal window takes one at first paint, after each top-frame navigation and just before the hand-back.")
	case p.removed > 0:
		p.count.SetText(fmt.Sprintf("%s; %s. %s", plural(len(p.shots), "screenshot"), removedScreenshots(p.removed), enlargeHint))
	case p.more > 0:
		p.count.SetText(fmt.Sprintf("%s (%d more not shown). %s", plural(len(p.shots), "screenshot"), p.more, enlargeHint))
	default:
		p.count.SetText(plural(len(p.shots), "screenshot") + ". " + enlargeHint)
	}
}

// enlargeHint tells how to see a screenshot big, by mouse and by keyboard:
// "Click one to enlarge it" left a keyboard user no way (found by GUI QA).
const enlargeHint = "Click one, or Tab to it and press Enter, to enlarge it."

// reveal scrolls the row the least that shows all of t, the thumbnail
// the keyboard came to: Tab went on to thumbnails out of sight.
func (p *screenshotStrip) reveal(t *thumbnail) {
	if p.scroll == nil {
		return
	}
	x, view := t.Position().X, p.scroll.Size().Width
	switch {
	case x < p.scroll.Offset.X:
		p.scroll.ScrollToOffset(fyne.NewPos(x, p.scroll.Offset.Y))
	case x+t.Size().Width > p.scroll.Offset.X+view:
		p.scroll.ScrollToOffset(fyne.NewPos(x+t.Size().Width-view, p.scroll.Offset.Y))
	}
}

// removedScreenshots says that n screenshots of a session were removed,
// and why they can be.
func removedScreenshots(n int) string {
	verb := "were"
	if n == 1 {
		verb = "was"
	}
	return fmt.Sprintf("%s of this session %s removed (the screenshot cache keeps the newest %d sessions'; the history keeps copies of its own while it is on, MPSIM_HISTORY_KEEP)",
		plural(n, "screenshot"), verb, workspace.KeepScreenshotSessions)
}

// thumbnail is one screenshot in the strip: the image, scaled to fit, over
// its label; tapping it enlarges it, and so do Enter and Space while it
// has the keyboard, which Tab gives it (the window's focus ring marks
// it). Before, only a click did (found by GUI QA).
type thumbnail struct {
	widget.BaseWidget
	shot    insp.Screenshot
	img     *canvas.Image
	label   *widget.Label
	onTap   func(insp.Screenshot)
	content fyne.CanvasObject
	// onFocus, when set, is told that the thumbnail got the keyboard.
	onFocus func(*thumbnail)
}

var _ fyne.Focusable = (*thumbnail)(nil)

// newThumbnail shows sh, read and scaled down once: a canvas.Image of the
// file decoded the whole PNG on the UI goroutine at each refresh of the
// strip (10–40 ms a batch on 2 cores, in the middle of a hand-back). With
// do set, the file is read on a goroutine of its own and the image set
// through do.
func newThumbnail(sh insp.Screenshot, onTap func(insp.Screenshot), do func(func())) *thumbnail {
	t := &thumbnail{shot: sh, onTap: onTap}
	t.img = canvas.NewImageFromImage(nil)
	t.img.FillMode = canvas.ImageFillContain
	t.img.ScaleMode = canvas.ImageScaleSmooth
	t.img.SetMinSize(thumbSize)
	if do == nil {
		t.img.Image = thumbnailImage(sh.Path)
	} else {
		go func() {
			time.Sleep(thumbnailDelay)
			img := thumbnailImage(sh.Path)
			do(func() {
				t.img.Image = img
				t.img.Refresh()
			})
		}()
	}
	t.label = widget.NewLabelWithStyle(screenshotLabel(sh), fyne.TextAlignCenter, fyne.TextStyle{})
	t.label.Truncation = fyne.TextTruncateEllipsis
	frame := canvas.NewRectangle(color.Transparent)
	frame.StrokeColor = theme.Color(theme.ColorNameSeparator)
	frame.StrokeWidth = 1
	t.content = container.NewBorder(nil, t.label, nil, nil, container.NewStack(frame, t.img))
	t.ExtendBaseWidget(t)
	return t
}

// thumbnailDelay is how long a thumbnail read off the UI goroutine waits
// first: the hand-back's screenshot reaches the host just as it draws the
// result, and reading and scaling it (10–20 ms of a CPU) then competed with
// that frame on a 2-core machine.
const thumbnailDelay = 150 * time.Millisecond

// thumbnailImage reads the PNG at path and scales it to fit thumbPixels;
// nil when it cannot be read (the frame then stays empty).
func thumbnailImage(path string) image.Image {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		return nil
	}
	b := src.Bounds()
	if b.Dx() <= thumbPixels.X && b.Dy() <= thumbPixels.Y {
		return src
	}
	scale := min(float64(thumbPixels.X)/float64(b.Dx()), float64(thumbPixels.Y)/float64(b.Dy()))
	dst := image.NewRGBA(image.Rect(0, 0, max(1, int(float64(b.Dx())*scale)), max(1, int(float64(b.Dy())*scale))))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// screenshotLabel is the caption of a screenshot: its label and when it
// was taken.
func screenshotLabel(sh insp.Screenshot) string {
	return fmt.Sprintf("%s · %s", orDash(sh.Label), formatMs(sh.AtMs))
}

// CreateRenderer implements fyne.Widget.
func (t *thumbnail) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(t.content)
}

// Tapped enlarges the screenshot.
func (t *thumbnail) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap(t.shot)
	}
}

// FocusGained implements fyne.Focusable: the strip shows the thumbnail.
func (t *thumbnail) FocusGained() {
	if t.onFocus != nil {
		t.onFocus(t)
	}
}

// FocusLost implements fyne.Focusable.
func (t *thumbnail) FocusLost() {}

// TypedRune implements fyne.Focusable.
func (t *thumbnail) TypedRune(rune) {}

// TypedKey implements fyne.Focusable: Space, as on a button, and Enter
// enlarge the screenshot.
func (t *thumbnail) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		t.Tapped(nil)
	}
}

// enlargedScreenshot is the content of the dialog that shows one
// screenshot big: the image at up to its own size, and where it was taken.
func enlargedScreenshot(sh insp.Screenshot) fyne.CanvasObject {
	img := canvas.NewImageFromFile(sh.Path)
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScaleSmooth
	w, h := float32(sh.Width), float32(sh.Height)
	if w <= 0 || h <= 0 {
		w, h = 800, 600
	}
	// At most 960x600, keeping the aspect ratio, so it fits the 1280x720
	// window with the dialog's frame.
	scale := min(1, 960/w, 600/h)
	img.SetMinSize(fyne.NewSize(w*scale, h*scale))
	caption := widget.NewLabel(fmt.Sprintf("%s at %s · %dx%d · %s", orDash(sh.Label), formatMs(sh.AtMs), sh.Width, sh.Height, orDash(sh.URL)))
	caption.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, caption, nil, nil, img)
}
