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

// A payment provider that was down when the portal, loaded and signed in,
// redirected to it (QA 'pay' down, t2's psp-down) was "The portal did not
// load: network: Could not connect to psp.localhost: Connection refused".
// The finding now says which page of the flow failed, how the portal got
// there, the error, and that the portal had loaded; a portal whose own
// first page fails is still "The portal did not load".
func TestLaterPageLoadFailureNamesThePage(t *testing.T) {
	const page = "https://portal.example/down/"
	const pay = "https://portal.example/down/pay"
	const psp = "https://psp.example:9446/checkout?order=O1"
	const why = "Could not connect to psp.example: Connection refused"
	for _, tc := range []struct {
		name     string
		painted  bool
		navs     []inspect.Navigation
		want     []string
		wantNot  []string
		failedAt string
	}{
		{"a redirect after the portal loaded", true,
			[]inspect.Navigation{{Kind: inspect.NavTopFrame, URL: pay, From: page, Cause: "form"}, {Kind: inspect.NavRedirect, URL: psp, From: pay}},
			[]string{"A page of the portal's flow did not load after the portal had loaded: " + psp + " (redirected from " + pay + "): network: " + why, "the session ended"},
			[]string{"The portal did not load"}, psp},
		{"a link after the portal loaded", true,
			[]inspect.Navigation{{Kind: inspect.NavTopFrame, URL: psp, From: page, Cause: "link"}},
			[]string{psp + " (a link on " + page + "): network: " + why},
			[]string{"The portal did not load"}, psp},
		{"no navigation recorded", true, nil,
			[]string{"after the portal had loaded: " + psp + ": network: " + why},
			[]string{"The portal did not load", "redirected"}, psp},
		{"the portal's first page", false, nil,
			[]string{"The portal did not load: network: " + why + " (" + page + ")"},
			[]string{"after the portal had loaded"}, page},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Inspect = true
			cfg.Timeout = 3 * time.Second
			op := &sessiontest.FakeOpener{Record: true, OnOpen: func(w *sessiontest.FakeWindow) {
				if tc.painted {
					w.Envelope(envelope(t, bridge.EventFirstPaint, page))
				}
				for _, n := range tc.navs {
					w.Emit(session.Event{Type: session.WindowNavigation, Navigation: &n})
				}
				w.Emit(session.Event{Type: session.WindowLoadFailed, Fatal: true, Kind: session.LoadNetwork, Reason: why, URL: tc.failedAt})
			}}
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Ended != session.EndedLoadFailed {
				t.Errorf("ended %q, want %q", rep.Ended, session.EndedLoadFailed)
			}
			var got []string
			for _, f := range rep.Findings {
				if f.Code == bridge.CodePortalLoadFailed {
					got = append(got, f.Message)
				}
			}
			if len(got) != 1 {
				t.Fatalf("portal-load-failed findings %q, want one", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got[0], w) {
					t.Errorf("the finding does not say %q: %s", w, got[0])
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(got[0], w) {
					t.Errorf("the finding says %q: %s", w, got[0])
				}
			}
		})
	}
}
