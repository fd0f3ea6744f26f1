package ui

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	insp "mpsim/app/internal/inspect"
)

// writePNG writes a w×h PNG into dir and returns its path.
func writePNG(t *testing.T, dir, name string, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, h/2, color.RGBA{R: 200, A: 255})
	}
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestScreenshotStrip(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	var enlarged []string
	p := newScreenshotStrip(func(sh insp.Screenshot) { enlarged = append(enlarged, sh.Label) })
	w := test.NewWindow(p.buildUI())
	w.Resize(fyne.NewSize(900, 260))
	t.Cleanup(w.Close)
	if !strings.HasPrefix(p.count.Text, "No screenshots yet") {
		t.Errorf("empty strip says %q", p.count.Text)
	}
	dir := t.TempDir()
	p.add([]insp.Screenshot{
		{Label: "first-paint", Path: writePNG(t, dir, "1.png", 80, 60), Width: 80, Height: 60, AtMs: 250},
		{Label: "handback", Path: writePNG(t, dir, "2.png", 80, 60), Width: 80, Height: 60, AtMs: 1500},
	})
	if len(p.row.Objects) != 2 || p.count.Text != "2 screenshots. Click one to enlarge it." {
		t.Fatalf("%d thumbnails, count %q", len(p.row.Objects), p.count.Text)
	}
	th := p.row.Objects[1].(*thumbnail)
	if th.label.Text != "handback · 1.50 s" {
		t.Errorf("label %q", th.label.Text)
	}
	test.Tap(th)
	if len(enlarged) != 1 || enlarged[0] != "handback" {
		t.Errorf("tapping the second thumbnail enlarged %q", enlarged)
	}
	p.reset()
	if len(p.row.Objects) != 0 || len(p.shots) != 0 {
		t.Errorf("after reset: %d thumbnails", len(p.row.Objects))
	}
}

func TestScreenshotStripCap(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	p := newScreenshotStrip(nil)
	w := test.NewWindow(p.buildUI())
	t.Cleanup(w.Close)
	shots := make([]insp.Screenshot, maxScreenshots+5)
	for i := range shots {
		shots[i] = insp.Screenshot{Label: "navigated", Path: "/nonexistent.png"}
	}
	p.load(shots)
	if len(p.row.Objects) != maxScreenshots || !strings.Contains(p.count.Text, "(5 more not shown)") {
		t.Errorf("%d thumbnails, count %q", len(p.row.Objects), p.count.Text)
	}
}

func TestEnlargedScreenshotFits(t *testing.T) {
	tests := []struct {
		w, h  int
		wantW float32
		wantH float32
	}{
		{800, 600, 800, 600},
		{1920, 1080, 960, 540},
		{400, 1200, 200, 600},
		{0, 0, 800, 600}, // size unknown: the portal window's
	}
	for _, tt := range tests {
		c := enlargedScreenshot(insp.Screenshot{Label: "loaded", Path: "/nonexistent.png", Width: tt.w, Height: tt.h})
		img := c.(*fyne.Container).Objects[0].(*canvas.Image)
		if got := img.MinSize(); got.Width != tt.wantW || got.Height != tt.wantH {
			t.Errorf("%dx%d shown at %v, want %vx%v", tt.w, tt.h, got, tt.wantW, tt.wantH)
		}
	}
}
