package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// Step 2's caption fits above the operator's tile when it wraps: with the
// portal in a window of its own the caption took two lines at 1240x660 and
// its second was drawn under the Contoso Mobile tile; and it said "inside
// Mobile Plans" of a portal in its own window (found by exploratory QA).
// The top bar's caption over an embedded portal wraps instead of being cut
// with an ellipsis (a physical SIM's was, at the default window).
func TestPresenterCaptionsFit(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1240, Height: 660}, {Width: 1024, Height: 600}, {Width: 800, Height: 600}} {
		for _, kind := range []simulator.SIMKind{simulator.KindESIM, simulator.KindPSIM, simulator.KindNone} {
			t.Run(fmt.Sprintf("%.0fx%.0f/%s", size.Width, size.Height, kind), func(t *testing.T) {
				p := newPresenterView("Contoso Mobile", nil, func() {}, func() {})
				w := test.NewWindow(p.buildUI())
				defer w.Close()
				w.Resize(size)
				p.running(kind, false)
				layOutAgain(w.Content())
				layOutAgain(w.Content())
				if strings.Contains(p.caption.Text, "inside Mobile Plans") || !strings.Contains(p.caption.Text, "its own window") {
					t.Errorf("caption of a portal in its own window: %q", p.caption.Text)
				}
				if got, want := p.caption.Size().Height, p.caption.MinSize().Height; got < want {
					t.Errorf("the caption gets %.0f px, its lines need %.0f", got, want)
				}
				if bottom(p.caption) > top(p.tile)+1 {
					t.Errorf("the caption ends at %.0f, under the tile, which starts at %.0f", bottom(p.caption), top(p.tile))
				}
				// Back to one line (a cancel), as the window does it: the label's
				// own container is laid out again, as its minimum size changed.
				p.done(session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
					Result: &bridge.Result{PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "Cancelled"}}}, kind)
				path := shownPath(w.Content(), p.caption)
				box := path[len(path)-2].(*fyne.Container)
				box.Layout.Layout(box.Objects, box.Size())
				if got, want := p.caption.Size().Height, p.caption.MinSize().Height; size.Width >= 1024 && got > want+1 {
					t.Errorf("the one-line caption is %.0f px high, its line needs %.0f", got, want)
				}
				if gap := top(p.tile) - bottom(p.caption); size.Width >= 1024 && gap > 2*theme.Padding()+1 {
					t.Errorf("%.0f px between the one-line caption and the tile", gap)
				}
				p.running(kind, true)
				p.showPortal(widget.NewLabel("the portal"))
				layOutAgain(w.Content())
				layOutAgain(w.Content())
				if !strings.Contains(p.stageCaption.Text, "inside Mobile Plans") {
					t.Errorf("caption over an embedded portal: %q", p.stageCaption.Text)
				}
				if p.stageCaption.Truncation != fyne.TextTruncateOff {
					t.Error("the stage caption is cut")
				}
				if got, want := p.stageCaption.Size().Height, p.stageCaption.MinSize().Height; got < want || want == 0 {
					t.Errorf("the stage caption gets %.0f px, its lines need %.0f", got, want)
				}
				if bottom(p.stageCaption) > top(p.stage)+1 {
					t.Errorf("the stage caption ends at %.0f, under the stage, which starts at %.0f", bottom(p.stageCaption), top(p.stage))
				}
			})
		}
	}
}
