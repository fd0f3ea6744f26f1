package session_test

import (
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
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
