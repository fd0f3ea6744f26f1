package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/workspace"
)

// walkShown calls f on each object of o's tree that Fyne's frame visits
// (the visible ones), children before their parent, as the frame's
// minimum-size pass does.
func walkShown(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if !o.Visible() {
		return
	}
	for _, c := range objectsUnder(o) {
		walkShown(c, f)
	}
	f(o)
}

// BenchmarkFramesMinimumSizes is the share of each frame of the host
// window that asks for minimum sizes (issue 15: the GUI's hand-back result
// is drawn in a frame). Fyne asks every visible object of the window for
// its minimum size before it draws a frame (Canvas.EnsureMinSize), and a
// container's asks its objects in turn: "window" is one question to the
// window's content, "frame" the whole pass, after a hand-back in a window
// of the bench's size.
func BenchmarkFramesMinimumSizes(b *testing.B) {
	a := test.NewApp()
	defer a.Quit()
	h := workspace.New(b.TempDir(), 7)
	defer func() { _ = h.Close() }()
	s := NewHostScreen(Deps{Workspace: workspace.Runner{Workspace: h}, NewToken: func() string { return uiToken }, App: a,
		LiveLogRedraw: time.Hour})
	w := test.NewWindow(s.BuildUI())
	defer w.Close()
	w.Resize(fyne.NewSize(1240, 660))
	s.ShowTab("Result")
	s.result.running("https://127.0.0.1:47443/?market=US&location=US&transactionId=izdy2ODvz28P4DzU.1")
	s.onLogBatch(handBackBatch(1))
	b.Run("window", func(b *testing.B) {
		for range b.N {
			_ = w.Content().MinSize()
		}
	})
	b.Run("frame", func(b *testing.B) {
		for range b.N {
			walkShown(w.Content(), func(o fyne.CanvasObject) { _ = o.MinSize() })
		}
	})
}
