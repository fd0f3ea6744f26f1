package hostwin

import (
	"testing"

	"fyne.io/fyne/v2"
)

// The host window opens at 1240x660 where the screen has room, and cut to
// the screen less a window frame's room where it has not (found by
// exploratory QA: on a 1024x600 Xvfb, with no window manager, it hung off
// the right and bottom edges; at FYNE_SCALE=1.5 on 1280x800, with one, its
// status line was under the screen's bottom edge).
func TestFitWindow(t *testing.T) {
	tests := []struct {
		name   string
		screen screenPixels
		scale  float32
		want   fyne.Size
	}{
		{"not known", screenPixels{}, 1, fyne.NewSize(1240, 660)},
		{"a 1280x720 projector", screenPixels{1280, 720}, 1, fyne.NewSize(1240, 660)},
		{"1280x800", screenPixels{1280, 800}, 1, fyne.NewSize(1240, 660)},
		{"exactly 1240x660", screenPixels{1240, 660}, 1, fyne.NewSize(1240, 612)},
		{"a 1024x600 netbook", screenPixels{1024, 600}, 1, fyne.NewSize(1008, 552)},
		{"1024x768", screenPixels{1024, 768}, 1, fyne.NewSize(1008, 660)},
		{"1366x600", screenPixels{1366, 600}, 1, fyne.NewSize(1240, 552)},
		{"1280x800 at scale 1.5", screenPixels{1280, 800}, 1.5, fyne.NewSize(1264.0/1.5, 752.0/1.5)},
		{"a HiDPI 1920x1080 at scale 2", screenPixels{1920, 1080}, 2, fyne.NewSize(952, 516)},
		{"3840x2160 at scale 2", screenPixels{3840, 2160}, 2, fyne.NewSize(1240, 660)},
		{"no scale", screenPixels{1024, 600}, 0, fyne.NewSize(1008, 552)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fitWindow(tc.screen, tc.scale); got != tc.want {
				t.Errorf("fitWindow(%v, %v) = %v, want %v", tc.screen, tc.scale, got, tc.want)
			}
		})
	}
}
