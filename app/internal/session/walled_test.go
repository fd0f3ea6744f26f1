package session_test

import (
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator/walledgarden"
)

// A top-frame load the walled garden refused after the portal had loaded
// (QA 'pay' wg1, wg2: the IdP's sign-in, the portal's 302 to its payment
// provider) was portal-load-failed, "The portal did not load: network: The
// URL was blocked by a content blocker (the portal's own URL)", with no
// word of the walled garden. It is walled-garden-blocked now, naming the
// host and URL the window says were refused, how to allow the host and
// which hosts the garden let through; a refused first page is both.
func TestWalledGardenRefusedNavigation(t *testing.T) {
	const page = "https://portal.example/buy"
	const psp = "https://psp.example/checkout?order=1"
	refused := session.Event{Type: session.WindowLoadFailed, Fatal: true, Kind: session.LoadWalledGarden,
		Reason: "blocked: psp.example is outside the walled garden (The URL was blocked by a content blocker)", URL: psp}
	for _, tc := range []struct {
		name    string
		painted bool
		codes   []string
	}{
		{"after the portal loaded", true, []string{bridge.CodeWalledGardenBlock}},
		{"the portal's first page", false, []string{bridge.CodePortalLoadFailed, bridge.CodeWalledGardenBlock}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Inspect = true
			cfg.Timeout = 3 * time.Second
			cfg.WalledGarden = []string{"login.live.com", "portal.example", "idp.example"}
			op := &sessiontest.FakeOpener{Record: true, OnOpen: func(w *sessiontest.FakeWindow) {
				if tc.painted {
					w.Envelope(envelope(t, bridge.EventFirstPaint, page))
				}
				w.Emit(session.Event{Type: session.WindowRequest, Request: &inspect.Request{Method: "GET", URL: page, Main: true, Blocked: true, RedirectURL: psp}})
				w.Emit(refused)
			}}
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Ended != session.EndedLoadFailed {
				t.Errorf("ended %q, want %q", rep.Ended, session.EndedLoadFailed)
			}
			var codes []string
			for _, f := range rep.Findings {
				if f.Code == bridge.CodePortalLoadFailed || f.Code == bridge.CodeWalledGardenBlock {
					codes = append(codes, f.Code)
				}
				if f.Code == bridge.CodeWalledGardenBlock {
					for _, want := range []string{psp, "psp.example is outside it", "--allow-host psp.example", "allowed_hosts", "allow_hosts", "portal.example, idp.example"} {
						if !strings.Contains(f.Message, want) {
							t.Errorf("walled-garden-blocked does not say %q: %s", want, f.Message)
						}
					}
				}
			}
			if strings.Join(codes, " ") != strings.Join(tc.codes, " ") {
				t.Errorf("findings %v, want %v: %+v", codes, tc.codes, rep.Findings)
			}
		})
	}
}

// TestWalledGardenRefusedHopIsNoNavigation is QA 'pay' wg1: with
// --walled-garden, a link to the IdP the garden refused (the window records
// the top-frame navigation before the refusal) and a redirect it refused
// (recorded blocked) each got offsite-navigation, and capabilities-no-popups
// warned of them as if the portal had gone there; the page never left and
// walled-garden-blocked already says so. A hop to a host inside the garden
// is still a navigation (one the operator declared: the policy counts it
// as needed); --allow-host (Config.AllowHosts) does so without the garden
// too.
func TestWalledGardenRefusedHopIsNoNavigation(t *testing.T) {
	const page = "https://portal.example/buy"
	const idp = "https://idp.example/authorize?state=1"
	tests := []struct {
		name       string
		garden     []string
		allow      []string
		nav        inspect.Navigation
		offsite    bool
		status     audit.Status
		evidence   string
		notInEvids string
	}{
		{"a link outside the garden", walledgarden.For("portal.example"), nil,
			inspect.Navigation{Kind: inspect.NavTopFrame, URL: idp, From: page, Cause: "link"},
			false, audit.StatusPass, "a top-frame hop to a host outside the walled garden, refused and not counted", idp},
		{"a redirect the window marked refused", walledgarden.For("portal.example"), nil,
			inspect.Navigation{Kind: inspect.NavRedirect, URL: idp, From: page, Blocked: true},
			false, audit.StatusPass, "refused and not counted", idp},
		{"a host inside the garden", walledgarden.For("portal.example", "idp.example"), nil,
			inspect.Navigation{Kind: inspect.NavTopFrame, URL: idp, From: page, Cause: "link"},
			true, audit.StatusPass, "one of the operator's allowed hosts", ""},
		{"--allow-host without the garden", nil, []string{"idp.example"},
			inspect.Navigation{Kind: inspect.NavTopFrame, URL: idp, From: page, Cause: "link"},
			true, audit.StatusPass, "one of the operator's allowed hosts", ""},
		{"no garden, no allowed host", nil, nil,
			inspect.Navigation{Kind: inspect.NavTopFrame, URL: idp, From: page, Cause: "link"},
			true, audit.StatusWarn, "top-frame navigate to another site " + idp, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Inspect = true
			cfg.WalledGarden, cfg.AllowHosts = tc.garden, tc.allow
			rep := run(t, cfg, func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, bridge.EventFirstPaint, page))
				w.Emit(session.Event{Type: session.WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavTopFrame, URL: page}})
				w.Emit(session.Event{Type: session.WindowRequest, Request: &inspect.Request{Method: "GET", URL: page, Main: true, Status: 200, Type: inspect.TypeDocument}})
				n := tc.nav
				w.Emit(session.Event{Type: session.WindowNavigation, Navigation: &n})
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", false)))
			})
			if got := len(codes(rep, bridge.CodeOffsiteNavigation)) > 0; got != tc.offsite {
				t.Errorf("offsite-navigation %v, want %v: %+v", got, tc.offsite, rep.Findings)
			}
			var p *audit.Policy
			for i := range rep.Policies {
				if rep.Policies[i].ID == "capabilities-no-popups" {
					p = &rep.Policies[i]
				}
			}
			if p == nil {
				t.Fatal("no capabilities-no-popups policy")
			}
			ev := strings.Join(p.Evidence, " | ")
			if p.Status != tc.status || !strings.Contains(ev, tc.evidence) || (tc.notInEvids != "" && strings.Contains(ev, tc.notInEvids)) {
				t.Errorf("capabilities-no-popups %s: %s, want %s with %q", p.Status, ev, tc.status, tc.evidence)
			}
		})
	}
}
