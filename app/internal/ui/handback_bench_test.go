package ui

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// handBackBatch is what the live log brings at the n-th hand-back: the
// call's findings and its result, in one batch (logFeed). Each session has
// a transactionId, ICCID and plan of its own, so their labels measure text
// the measuring cache has not seen, as in the window.
func handBackBatch(n int) []session.LogEntry {
	var batch []session.LogEntry
	for i := range 12 {
		f := &bridge.Finding{Code: fmt.Sprintf("code-%d", i), Severity: bridge.SeverityInfo, Message: "a finding of the hand-back's call, as long as they come"}
		batch = append(batch, session.LogEntry{Kind: session.KindFinding, Text: f.Message, Finding: f})
	}
	r := &bridge.Result{Success: true, ICCID: fmt.Sprintf("898824700010%07d", n), TransactionID: fmt.Sprintf("izdy2ODvz28P4DzU.%d", n),
		PurchaseResult: bridge.PurchaseResult{PlanName: fmt.Sprintf("Contoso %d GB — 30 days", n), MoDirectStatus: "Complete", UserAccount: "demo@example.com"}}
	return append(batch, session.LogEntry{Kind: session.KindResult, Text: "handed back", Result: r})
}

// BenchmarkHandBackReachesTheCard is the host's own share of issue 15's
// "hand-back call → result visible in the host": the UI goroutine's work
// on the hand-back's batch (the live log, the result card, the status),
// in a window of the bench's size. Fyne's test driver lays out and
// measures text as the real one does; it paints nothing. The texts that are
// the same in every session are measured once, in the first iteration.
func BenchmarkHandBackReachesTheCard(b *testing.B) {
	a := test.NewApp()
	defer a.Quit()
	h := workspace.New(b.TempDir(), 7)
	defer func() { _ = h.Close() }()
	s := NewHostScreen(Deps{Workspace: workspace.Runner{Workspace: h}, NewToken: func() string { return uiToken }, App: a,
		LiveLogRedraw: time.Hour}) // the list's redraw comes after the result's frame (logPanel.appendAll)
	w := test.NewWindow(s.BuildUI())
	defer w.Close()
	w.Resize(fyne.NewSize(1240, 660))
	s.ShowTab("Result")
	const launch = "https://127.0.0.1:47443/?market=US&location=US&transactionId=izdy2ODvz28P4DzU.1"
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		batch := handBackBatch(i + 1)
		s.log.reset()
		s.result.running(launch)
		s.status.SetText("Portal open — waiting for the hand-back.")
		b.StartTimer()
		s.onLogBatch(batch)
	}
}
