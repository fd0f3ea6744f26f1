package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// The host screen fits a 1280x720 screen by default and stays usable down
// to 1024x640 (issue 16): its minimum size, with a session's result and the
// presenter view too, is within 1024x640 (the window manager's frame
// aside), so nothing is cut off at that size.
func TestHostScreenFitsSmallScreens(t *testing.T) {
	s, w := goldenScreen(t)
	check := func(what string) {
		t.Helper()
		min := w.Content().MinSize()
		if min.Width > 1024 || min.Height > 640 {
			t.Errorf("%s: the host needs at least %.0fx%.0f, more than 1024x640", what, min.Width, min.Height)
		}
		w.Resize(fyne.NewSize(1024, 640))
		if got := w.Canvas().Size(); got.Width > 1024 || got.Height > 640 {
			t.Errorf("%s: a 1024x640 window became %.0fx%.0f", what, got.Width, got.Height)
		}
	}
	check("initial")
	s.result.show(failReport())
	check("with a result")
	s.SetPresenter(true)
	check("presenter mode")
}
