package session_test

import (
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// TestHandBackBeforePaint: a portal that hands back before its first
// paint (an inline script at the top of the body) gets
// handback-before-paint, a warning with the table's section, and the
// start-up policy does not count the first paint that came after the
// hand-back; no first-paint screenshot or probe is taken of a page the app
// had left. A portal that painted first gets none of this.
func TestHandBackBeforePaint(t *testing.T) {
	const page = "https://portal.example/buy"
	handBack := func(t *testing.T) string {
		return envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true))
	}
	paint := func(t *testing.T) string { return envelope(t, bridge.EventFirstPaint, page, "t", 140) }
	tests := []struct {
		name       string
		play       func(t *testing.T, w *sessiontest.FakeWindow)
		wantEarly  bool
		wantStatus audit.Status
	}{
		{"hand-back while the page parses, paint after it", func(t *testing.T, w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
			w.Envelopes(handBack(t), paint(t))
		}, true, audit.StatusManual},
		{"hand-back and no paint at all", func(t *testing.T, w *sessiontest.FakeWindow) {
			w.Envelope(handBack(t))
		}, true, audit.StatusManual},
		{"paint, then the hand-back", func(t *testing.T, w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
			w.Envelopes(paint(t), handBack(t))
		}, false, audit.StatusPass},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { tc.play(t, w) }}
			cfg := testConfig()
			cfg.Inspect = true
			cfg.ScreenshotDir = t.TempDir()
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			assertKnownCodes(t, rep.Findings)
			if rep.Verdict != bridge.VerdictPass || rep.Ended != session.EndedHandBack {
				t.Errorf("verdict %s, ended %s: a valid hand-back passes (the finding is a warning); findings %+v", rep.Verdict, rep.Ended, rep.Findings)
			}
			var early []bridge.Finding
			for _, f := range rep.Findings {
				if f.Code == bridge.CodeHandbackBeforePaint {
					early = append(early, f)
				}
			}
			if !tc.wantEarly {
				if len(early) != 0 {
					t.Errorf("findings %+v after a paint", early)
				}
			} else {
				if len(early) != 1 {
					t.Fatalf("handback-before-paint findings = %+v, want one; all: %+v", early, rep.Findings)
				}
				f := early[0]
				for _, want := range []string{"DataMart.notifyPurchaseResult", "before its first paint", "the user never saw the portal"} {
					if !strings.Contains(f.Message, want) {
						t.Errorf("message %q lacks %q", f.Message, want)
					}
				}
				if f.Severity != bridge.SeverityWarning || f.Section != "§3, §4" {
					t.Errorf("finding %+v, want a warning citing §3, §4", f)
				}
				if shots := op.Windows()[0].Snapshots(); slices.Contains(shots, "first-paint") || slices.Contains(shots, "probe:first-paint") {
					t.Errorf("snapshots %v: a first paint after the hand-back is no page the user saw", shots)
				}
			}
			var startup *audit.Policy
			for i := range rep.Policies {
				if rep.Policies[i].ID == "capabilities-startup-responsive" {
					startup = &rep.Policies[i]
				}
			}
			if startup == nil || startup.Status != tc.wantStatus {
				t.Fatalf("start-up policy %+v, want %s", startup, tc.wantStatus)
			}
			if tc.wantEarly && rep.Timings.LaunchToFirstPaintMs != nil && !strings.Contains(strings.Join(startup.Evidence, "; "), "not counted") {
				t.Errorf("start-up evidence %q counts a paint after the hand-back", startup.Evidence)
			}
		})
	}
}
