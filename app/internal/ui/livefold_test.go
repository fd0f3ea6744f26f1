package ui

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator"
)

// TestLiveFindingsAgreeWithTheReport: the result card's findings so far,
// which it follows in the session's live log, are the report's findings
// when the hand-back's result shows. A page that sets moDirectStatus from
// a misspelt enum member (MobilePlansMoDirectStatus.Completed) gets one
// finding in the report, the metadata's, which takes the place of the
// enum-member-unknown its read gave earlier; the live log has both
// entries (the log keeps the read), and before, the card kept both until
// the report came (advice QA). The session's entry of the merged finding
// now names the one it replaces (LogEntry.Replaces), and the card drops
// it. A read of another enum's member stays a finding of its own, live as
// in the report.
func TestLiveFindingsAgreeWithTheReport(t *testing.T) {
	const token = "live-fold-token"
	const page = "https://portal.example/buy"
	envelope := func(api string, args ...any) string {
		raw := make([]json.RawMessage, len(args))
		for i, a := range args {
			if m, ok := a.(json.RawMessage); ok {
				raw[i] = m
				continue
			}
			raw[i], _ = json.Marshal(a)
		}
		b, _ := json.Marshal(map[string]any{"token": token, "api": api, "args": raw, "pageUrl": page})
		return string(b)
	}
	for _, tc := range []struct {
		name, read string
		wantCodes  []string
	}{
		{"misspelt status member", "MobilePlansMoDirectStatus.Completed", []string{bridge.CodeMetadataStatusMissing}},
		{"another enum's member", "MobilePlansLineType.New", []string{bridge.CodeEnumMemberUnknown, bridge.CodeMetadataStatusMissing}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md, _ := json.Marshal(map[string]any{"userAccount": "Bailed", "purchaseInstrument": "None", "line": "None",
				"moDirectStatus": map[string]bool{"$undefined": true}, "planName": ""})
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope("mpsim:firstPaint"))
				w.Envelope(envelope(bridge.EventEnumLookup, map[string]string{"name": tc.read}))
				w.Envelope(envelope("MobilePlans.notifyCancelledPurchase", json.RawMessage(md)))
			}}
			cfg := session.Config{
				Launch:  simulator.Launch{URL: "https://portal.example/"},
				Expect:  bridge.Expectation{SIMKind: bridge.SIMKindESIM},
				Token:   token,
				Timeout: 5 * time.Second,
			}
			var mu sync.Mutex
			var live []session.LogEntry
			rep, err := session.Run(context.Background(), opener, cfg, func(e session.LogEntry) {
				mu.Lock()
				live = append(live, e)
				mu.Unlock()
			})
			if err != nil {
				t.Fatal(err)
			}
			var reportCodes []string
			for _, f := range rep.Findings {
				if f.Code == bridge.CodeEnumMemberUnknown || f.Code == bridge.CodeMetadataStatusMissing {
					reportCodes = append(reportCodes, f.Code)
				}
			}
			if !slices.Equal(reportCodes, tc.wantCodes) {
				t.Fatalf("the report's findings %v, want %v", reportCodes, tc.wantCodes)
			}

			c, _ := goldenResultCard(t)
			c.running(cfg.Launch.URL)
			mu.Lock()
			entries := slices.Clone(live)
			mu.Unlock()
			var soFarAtResult []bridge.Finding
			for _, e := range entries {
				c.observe(e)
				if e.Kind == session.KindResult {
					soFarAtResult = slices.Clone(c.soFar)
				}
			}
			if soFarAtResult == nil {
				t.Fatal("no result in the live log")
			}
			// Every finding the hand-back's result came with is the
			// report's; the report adds those of the session's end.
			for _, f := range soFarAtResult {
				if !slices.Contains(rep.Findings, f) {
					t.Errorf("the live findings so far hold %s (%s), which the report does not", f.Code, f.Message)
				}
			}
			var liveCodes []string
			for _, f := range soFarAtResult {
				if f.Code == bridge.CodeEnumMemberUnknown || f.Code == bridge.CodeMetadataStatusMissing {
					liveCodes = append(liveCodes, f.Code)
				}
			}
			if !slices.Equal(liveCodes, tc.wantCodes) {
				t.Errorf("the live findings so far %v, want the report's %v", liveCodes, tc.wantCodes)
			}
			if c.verdict.Text != "FAIL — the hand-back has 1 error" {
				t.Errorf("live verdict %q, want one error (metadata-status-missing)", c.verdict.Text)
			}
		})
	}
}
