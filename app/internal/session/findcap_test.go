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

// TestCallArgumentsAreBudgeted: a page that makes 100 calls of 200 KB
// each, every one under the envelope limit, gets a report within the
// documented size: the arguments past MaxCallArgBytes are replaced by a
// note of their size, counted in log-capped, and the hand-back's are kept
// in full (QA: 1,500 such calls made a 601 MB report and a 5 GB host).
func TestCallArgumentsAreBudgeted(t *testing.T) {
	const page = "https://portal.example/buy"
	big := strings.Repeat("a", 200<<10)
	handBack := legacyPayload("tx1", true) + strings.Repeat(" ", 100<<10)
	cfg := testConfig()
	cfg.Timeout = time.Minute
	rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
		for i := 0; i < 100; i++ {
			w.Envelope(envelope(t, "MobilePlans.createPurchaseMetaData", page, big))
		}
		w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, handBack))
	})
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	limit := 2*(session.MaxCallArgBytes+bridge.DefaultMaxEnvelopeBytes) + 1<<20
	if len(b) > limit {
		t.Errorf("report is %d bytes, over the documented %d", len(b), limit)
	}
	last := rep.Calls[len(rep.Calls)-1]
	if last.API != "DataMart.notifyPurchaseResult" || last.ArgsCut != 0 || len(last.Args) != 1 || len(last.Args[0]) < len(handBack) {
		t.Errorf("hand-back %s kept %d argument(s) (cut %d bytes), want all of it", last.API, len(last.Args), last.ArgsCut)
	}
	cut := 0
	for _, c := range rep.Calls {
		if c.ArgsCut > 0 {
			cut++
			if len(c.Args) != 1 || !strings.Contains(string(c.Args[0]), "not kept") {
				t.Errorf("a cut call's arguments are %.80s, want a note of their size", c.Args)
			}
		}
	}
	if cut == 0 {
		t.Error("no call's arguments were cut")
	}
	if f := codes(rep, bridge.CodeLogCapped); len(f) != 1 || !strings.Contains(f[0].Message, fmt.Sprintf("the arguments of %d calls", cut)) {
		t.Errorf("log-capped %+v, want one counting %d calls' arguments", f, cut)
	}
}
