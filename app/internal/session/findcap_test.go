package session_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// badLegacyHandBack is the QA's nonsense hand-back: success with a short
// ICCID, an activation code with the LPA: prefix, another transaction id
// and a purchaseResult that is not JSON.
func badLegacyHandBack() string {
	b, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": "123", "activationCode": "LPA:1$x$y",
		"transactionId": "WRONG", "purchaseResult": "{not json"})
	return string(b)
}

// TestPageNoiseCannotHideTheHandBack: a page that opens 400 pop-ups or 250
// script dialogs and then hands back nonsense fails, and every code of the
// hand-back is in the report; the noise is kept up to MaxFindingsPerCode
// and counted in one summary finding of its code (the old cap of 200
// findings kept the noise, cut the hand-back's errors and passed it).
func TestPageNoiseCannotHideTheHandBack(t *testing.T) {
	const page = "https://portal.example/buy"
	tests := []struct {
		name  string
		code  string
		n     int
		noise func(w *sessiontest.FakeWindow, i int)
	}{
		{"pop-ups", bridge.CodePopupBlocked, 400, func(w *sessiontest.FakeWindow, i int) {
			w.Emit(session.Event{Type: session.WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavPopup, URL: fmt.Sprintf("https://portal.example/p%d", i)}})
		}},
		{"dialogs", bridge.CodeScriptDialog, 250, func(w *sessiontest.FakeWindow, i int) {
			w.Emit(session.Event{Type: session.WindowDialog, Dialog: &session.Dialog{Kind: "alert", Text: fmt.Sprintf("alert %d", i), URL: page}})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Timeout = time.Minute
			rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
				for i := 0; i < tc.n; i++ {
					tc.noise(w, i)
				}
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, badLegacyHandBack()))
			})
			if rep.Verdict != bridge.VerdictFail {
				t.Errorf("verdict %s, want fail", rep.Verdict)
			}
			for _, want := range []string{bridge.CodeTransactionIDMismatch, bridge.CodeICCIDFormat, bridge.CodeJSONMalformed} {
				if len(codes(rep, want)) == 0 {
					t.Errorf("no %s finding in the report", want)
				}
			}
			noise := codes(rep, tc.code)
			if len(noise) != session.MaxFindingsPerCode+1 {
				t.Fatalf("%d %s findings kept, want %d and one summary", len(noise), tc.code, session.MaxFindingsPerCode)
			}
			want := fmt.Sprintf("%d more %s finding(s)", tc.n-session.MaxFindingsPerCode, tc.code)
			if sum := noise[len(noise)-1]; !strings.Contains(sum.Message, want) || sum.Severity != bridge.SeverityWarning {
				t.Errorf("summary %+v, want a warning saying %q", sum, want)
			}
		})
	}
}

// TestCollapsedErrorsStillFail: errors cut by the per-code cap (calls
// refused for their origin) are counted in a summary finding that is an
// error too, so the verdict is the one all findings give.
func TestCollapsedErrorsStillFail(t *testing.T) {
	const page = "https://portal.example/buy"
	cfg := testConfig()
	cfg.Timeout = time.Minute
	n := 3 * session.MaxFindingsPerCode
	rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
		for i := 0; i < n; i++ {
			w.Envelope(envelope(t, "MobilePlans.createPurchaseMetaData", fmt.Sprintf("https://evil%d.example/", i)))
		}
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)))
	})
	if rep.Verdict != bridge.VerdictFail {
		t.Errorf("verdict %s, want fail", rep.Verdict)
	}
	refused := codes(rep, bridge.CodeOriginNotAllowed)
	if len(refused) != session.MaxFindingsPerCode+1 {
		t.Fatalf("%d %s findings kept, want %d and one summary: %+v", len(refused), bridge.CodeOriginNotAllowed, session.MaxFindingsPerCode, rep.Findings)
	}
	if sum := refused[len(refused)-1]; sum.Severity != bridge.SeverityError || !strings.Contains(sum.Message, fmt.Sprintf("%d more", n-session.MaxFindingsPerCode)) {
		t.Errorf("summary %+v, want an error counting the rest", sum)
	}
}
