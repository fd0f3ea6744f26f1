package session_test

import (
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// TestOversizeCalls: a call the shim did not forward for its size is taken
// into account. An oversize hand-back ends the session at once, recorded as
// refused with its size and the limit (verdict rejected), instead of
// waiting out the timeout; an oversize call that is not a hand-back is named
// by handback-missing, which no longer says the page made no call (QA:
// huge.html waited its whole timeout, then said "The page made no Mobile
// Plans call" next to an envelope-oversize naming the hand-back). The
// session's timeout (testConfig's) only bounds the old behaviour.
func TestOversizeCalls(t *testing.T) {
	const page = "https://portal.example/buy"
	tests := []struct {
		name        string
		api         string
		wantEnded   string
		wantVerdict bridge.Verdict
		wantCalls   int
		want        []string // in handback-missing, or the call's rejection
	}{
		{"hand-back", "DataMart.notifyPurchaseResult", session.EndedHandBack, bridge.VerdictRejected, 1,
			[]string{"307805 bytes", "envelope limit of 262144 bytes", "session ended"}},
		{"inline call", "MobilePlans.createPurchaseMetaData", session.EndedClosed, bridge.VerdictNoCallback, 0,
			[]string{"MobilePlans.createPurchaseMetaData (307805 bytes of arguments)", "envelope limit of 262144 bytes", "envelope-oversize"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, bridge.EventOversize, page, map[string]any{"api": tc.api, "size": 307805}))
				if tc.wantEnded == session.EndedClosed {
					w.UserClose()
				}
			})
			if rep.Ended != tc.wantEnded || rep.Verdict != tc.wantVerdict || len(rep.Calls) != tc.wantCalls {
				t.Fatalf("ended %s, verdict %s, %d calls; want %s, %s, %d", rep.Ended, rep.Verdict, len(rep.Calls), tc.wantEnded, tc.wantVerdict, tc.wantCalls)
			}
			var text string
			if tc.wantCalls > 0 {
				c := rep.Calls[0]
				if c.API != tc.api || c.Accepted {
					t.Errorf("call %s accepted=%v, want %s refused", c.API, c.Accepted, tc.api)
				}
				text = c.Rejected
				if f := codes(rep, bridge.CodeHandbackMissing); len(f) != 0 {
					t.Errorf("handback-missing %+v after an attempted hand-back", f)
				}
			} else {
				f := codes(rep, bridge.CodeHandbackMissing)
				if len(f) != 1 {
					t.Fatalf("handback-missing %+v, want one", f)
				}
				text = f[0].Message
				if strings.Contains(text, "made no Mobile Plans call") {
					t.Errorf("handback-missing says the page made no call: %s", text)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q does not say %q", text, w)
				}
			}
			if f := codes(rep, bridge.CodeEnvelopeOversize); len(f) != 1 || !strings.Contains(f[0].Message, "the limit is 262144 bytes") {
				t.Errorf("envelope-oversize %+v, want one giving the limit", f)
			}
		})
	}
}
