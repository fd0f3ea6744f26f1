package session_test

import (
	"context"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator"
)

// TestSessionRefusesLoopbackHTTPDetour is issue 12 item 4 end to end in a
// session: with --notify-host 127.0.0.2 the portal on https://127.0.0.2
// navigates to http://127.0.0.1:<other port> and hands back from there. The
// hand-back is refused (verdict rejected; before: pass with a warning). A
// portal launched on loopback http hands back from that same origin with a
// warning.
func TestSessionRefusesLoopbackHTTPDetour(t *testing.T) {
	tests := []struct {
		name, launch, page string
		hosts              []string
		want               bridge.Verdict
	}{
		{"detour from https to loopback http", "https://127.0.0.2/?transactionId=tx1", "http://127.0.0.1:38123/", []string{"127.0.0.2"}, bridge.VerdictRejected},
		{"loopback http launch origin", "http://127.0.0.1:38123/?transactionId=tx1", "http://127.0.0.1:38123/done", nil, bridge.VerdictPass},
		{"loopback http, another port", "http://127.0.0.1:38123/?transactionId=tx1", "http://127.0.0.1:38124/", nil, bridge.VerdictRejected},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Launch = simulator.Launch{URL: tc.launch, Params: []simulator.Param{{Name: "transactionId", Value: "tx1"}}}
			cfg.AllowedHosts = tc.hosts
			cfg.Timeout = 2 * time.Second
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowNavigated, URL: tc.page})
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", tc.page, legacyPayload("tx1", true)))
				w.UserClose()
			}}
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Verdict != tc.want {
				t.Errorf("verdict %s, want %s; findings %+v", rep.Verdict, tc.want, rep.Findings)
			}
		})
	}
}

// TestSessionWarnsOfHandBackFromAnotherPort is QA 'pay' ip1: with portal,
// IdP and PSP on 127.0.0.1 on three ports, the PSP's return page (:9545)
// handed back and counted as the portal's (:9543) with only an info
// origin-port. The verdict stays the app's (it compares hosts), with a
// warning that in production the page is most likely on another host.
func TestSessionWarnsOfHandBackFromAnotherPort(t *testing.T) {
	tests := []struct {
		name, launch, page string
		warn               bool
	}{
		{"PSP page on another port", "https://127.0.0.1:9543/ph/?transactionId=tx1", "https://127.0.0.1:9545/done?tid=tx1", true},
		{"the portal's own port", "https://127.0.0.1:9543/ph/?transactionId=tx1", "https://127.0.0.1:9543/ph/return", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Launch = simulator.Launch{URL: tc.launch, Params: []simulator.Param{{Name: "transactionId", Value: "tx1"}}}
			cfg.Timeout = 2 * time.Second
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowNavigated, URL: tc.page})
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", tc.page, legacyPayload("tx1", true)))
				w.UserClose()
			}}
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Verdict != bridge.VerdictPass {
				t.Errorf("verdict %s, want pass; findings %+v", rep.Verdict, rep.Findings)
			}
			n := 0
			for _, f := range rep.Findings {
				if f.Code == bridge.CodeOriginOtherPort {
					n++
				}
			}
			if (n == 1) != tc.warn || n > 1 {
				t.Errorf("%d %s findings, want warning %v: %+v", n, bridge.CodeOriginOtherPort, tc.warn, rep.Findings)
			}
		})
	}
}
