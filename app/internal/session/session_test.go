package session_test

import (
	"context"
	"encoding/json"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"strings"
	"testing"
	"time"

	"mpsim/bridge"
	"mpsim/simulator"
)

const testToken = "t0k3n"

func envelope(t *testing.T, api, pageURL string, args ...any) string {
	t.Helper()
	raw := make([]json.RawMessage, len(args))
	for i, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		raw[i] = b
	}
	b, err := json.Marshal(map[string]any{"token": testToken, "api": api, "args": raw, "pageUrl": pageURL})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func legacyPayload(tx string, success bool) string {
	pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`
	iccid, ac := "8988247000101997790", "1$smdp.contoso.example$ABCD-1234"
	if !success {
		pr = `{"userAccount":"Bailed","purchaseInstrument":"None","line":"None","moDirectStatus":"None","planName":""}`
		iccid, ac = "", ""
	}
	b, _ := json.Marshal(map[string]any{"ver": "1", "success": success, "iccid": iccid, "activationCode": ac, "transactionId": tx, "purchaseResult": pr})
	return string(b)
}

func testConfig() session.Config {
	return session.Config{
		Launch:  simulator.Launch{URL: "https://portal.example/?transactionId=tx1", Params: []simulator.Param{{Name: "transactionId", Value: "tx1"}}},
		Expect:  bridge.Expectation{TransactionID: "tx1", SIMKind: "esim"},
		Token:   testToken,
		Timeout: 5 * time.Second,
	}
}

func TestSessionScenarios(t *testing.T) {
	const page = "https://portal.example/buy"
	tests := []struct {
		name        string
		play        func(t *testing.T, w *sessiontest.FakeWindow)
		timeout     time.Duration
		wantVerdict bridge.Verdict
		wantEnded   string
		wantClose   string
		wantCalls   int
	}{
		{
			name: "legacy success hands back and closes the window",
			play: func(t *testing.T, w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
				w.Envelope(envelope(t, "mpsim:firstPaint", page))
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)))
			},
			wantVerdict: bridge.VerdictPass, wantEnded: session.EndedHandBack, wantClose: string(session.CloseHandBack), wantCalls: 1,
		},
		{
			name: "cancellation is a conforming hand-back",
			play: func(t *testing.T, w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
			},
			wantVerdict: bridge.VerdictPass, wantEnded: session.EndedHandBack, wantClose: string(session.CloseHandBack), wantCalls: 1,
		},
		{
			name: "wrong transactionId fails",
			play: func(t *testing.T, w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("other", true)))
			},
			wantVerdict: bridge.VerdictFail, wantEnded: session.EndedHandBack, wantClose: string(session.CloseHandBack), wantCalls: 1,
		},
		{
			name:        "user closes the window without a hand-back",
			play:        func(t *testing.T, w *sessiontest.FakeWindow) { w.UserClose() },
			wantVerdict: bridge.VerdictNoCallback, wantEnded: session.EndedClosed, wantClose: string(session.CloseUser),
		},
		{
			name:        "timeout",
			play:        func(t *testing.T, w *sessiontest.FakeWindow) {},
			timeout:     50 * time.Millisecond,
			wantVerdict: bridge.VerdictNoCallback, wantEnded: session.EndedTimeout, wantClose: string(session.CloseRequested),
		},
		{
			name: "a call without the token is refused and never acted on",
			play: func(t *testing.T, w *sessiontest.FakeWindow) {
				forged := strings.Replace(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)), testToken, "guessed", 1)
				w.Envelope(forged)
				w.UserClose()
			},
			wantVerdict: bridge.VerdictRejected, wantEnded: session.EndedClosed, wantClose: string(session.CloseUser), wantCalls: 1,
		},
		{
			// docs/security.md: refused, and the verdict is fail, not
			// rejected, once the top page hands back validly.
			name: "a forged call from a frame, then a valid hand-back",
			play: func(t *testing.T, w *sessiontest.FakeWindow) {
				forged := strings.Replace(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)), testToken, "guessed", 1)
				w.Envelopes(forged, envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
			},
			wantVerdict: bridge.VerdictFail, wantEnded: session.EndedHandBack, wantClose: string(session.CloseHandBack), wantCalls: 2,
		},
		{
			name: "a hand-back from another host is refused",
			play: func(t *testing.T, w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", "https://evil.example/", legacyPayload("tx1", true)))
				w.UserClose()
			},
			wantVerdict: bridge.VerdictRejected, wantEnded: session.EndedClosed, wantClose: string(session.CloseUser), wantCalls: 1,
		},
		{
			name: "malformed envelope is a finding, not a crash",
			play: func(t *testing.T, w *sessiontest.FakeWindow) {
				w.Envelope("{not json")
				w.UserClose()
			},
			wantVerdict: bridge.VerdictRejected, wantEnded: session.EndedClosed, wantClose: string(session.CloseUser), wantCalls: 1,
		},
		{
			name: "window process dies",
			play: func(t *testing.T, w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
				w.Crash()
			},
			wantVerdict: bridge.VerdictNoCallback, wantEnded: session.EndedCrashed, wantClose: "crashed",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			if tc.timeout > 0 {
				cfg.Timeout = tc.timeout
			}
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { tc.play(t, w) }}
			var logged int
			rep, err := session.Run(context.Background(), opener, cfg, func(session.LogEntry) { logged++ })
			if err != nil {
				t.Fatal(err)
			}
			if rep.Verdict != tc.wantVerdict || rep.Ended != tc.wantEnded {
				t.Errorf("verdict %q ended %q, want %q %q; findings %+v", rep.Verdict, rep.Ended, tc.wantVerdict, tc.wantEnded, rep.Findings)
			}
			if len(rep.Calls) != tc.wantCalls {
				t.Errorf("calls = %d, want %d: %+v", len(rep.Calls), tc.wantCalls, rep.Calls)
			}
			ws := opener.Windows()
			if len(ws) != 1 {
				t.Fatalf("windows opened = %d", len(ws))
			}
			if got := ws[0].CloseReason(); got != tc.wantClose {
				t.Errorf("close reason = %q, want %q", got, tc.wantClose)
			}
			if !strings.Contains(ws[0].Spec.InitScript, testToken) {
				t.Errorf("the shim does not carry the session token")
			}
			if logged == 0 {
				t.Errorf("observer saw nothing")
			}
			assertKnownCodes(t, rep.Findings)
		})
	}
}

func TestSessionStartSpec(t *testing.T) {
	cfg := testConfig()
	cfg.Languages = []string{"fr-FR", "fr"}
	cfg.Certs = []session.TrustedCert{{PEM: "x", Hosts: []string{"127.0.0.1"}}}
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }}
	if _, err := session.Run(context.Background(), opener, cfg, nil); err != nil {
		t.Fatal(err)
	}
	spec := opener.Windows()[0].Spec
	if spec.URL != cfg.Launch.URL || spec.Width != 800 || spec.Height != 600 {
		t.Errorf("spec = %+v", spec)
	}
	if len(spec.Languages) != 2 || spec.Languages[0] != "fr-FR" || len(spec.Certs) != 1 || spec.BindingName == "" {
		t.Errorf("spec = %+v", spec)
	}
}

func TestSessionOpenError(t *testing.T) {
	_, err := session.Run(context.Background(), &sessiontest.FakeOpener{Err: context.DeadlineExceeded}, testConfig(), nil)
	if err == nil {
		t.Fatal("want an error when the window cannot open")
	}
}

// assertKnownCodes fails for any finding whose code is not in the published
// table (docs/findings.md is generated from the same table), or whose
// severity or section is not the table's.
func assertKnownCodes(t *testing.T, fs []bridge.Finding) {
	t.Helper()
	known := map[string]bridge.CodeInfo{}
	for _, c := range bridge.Codes() {
		known[c.Code] = c
	}
	for _, f := range fs {
		ci, ok := known[f.Code]
		switch {
		case !ok:
			t.Errorf("finding code %q is not in bridge.Codes()", f.Code)
		case ci.Severity != f.Severity:
			t.Errorf("finding %q has severity %s, the table says %s", f.Code, f.Severity, ci.Severity)
		case ci.Section != f.Section:
			t.Errorf("finding %q cites section %q, the table says %q", f.Code, f.Section, ci.Section)
		}
	}
}
