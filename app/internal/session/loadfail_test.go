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

// TestEngineProcessEndedAfterThePortalLoaded is QA hostile's kill -9 of
// WebKitWebProcess or WebKitNetworkProcess 6 s after a static page had
// loaded: it read "A page of the portal's flow did not load after the
// portal had loaded: a page of the flow: webProcess: …", a
// portal-load-failed error, though no page was loading and the engine, not
// the portal, had stopped. It is now window-crashed (info), naming the
// process, why it ended and what was loading; the session ends crashed,
// with no hand-back (no-callback). Before the first paint it stays the
// portal's load failure.
func TestEngineProcessEndedAfterThePortalLoaded(t *testing.T) {
	const page = "https://portal.example/wait"
	const next = "https://portal.example/pay"
	const netReason = "the WebKit network process (pid 21488) ended — a failure of the browser engine mpsim runs the portal in, not of the portal"
	for _, tc := range []struct {
		name, kind, reason, url string
		painted                 bool
		navs                    []inspect.Navigation
		wantEnded, wantCode     string
		want, wantNot           []string
	}{
		{"web process, idle", session.LoadWebProcess, "the web content process ended: it crashed", "", true,
			[]inspect.Navigation{{Kind: inspect.NavTopFrame, URL: page}, {Kind: inspect.NavCommitted, URL: page}},
			session.EndedCrashed, bridge.CodeWindowCrashed,
			[]string{"WebKit's web content process ended after the portal had loaded, while no page was loading: it crashed.", "not of the portal"},
			[]string{"did not load", "a page of the flow"}},
		{"network process, idle", session.LoadNetworkProcess, netReason, "", true,
			[]inspect.Navigation{{Kind: inspect.NavTopFrame, URL: page}, {Kind: inspect.NavCommitted, URL: page}},
			session.EndedCrashed, bridge.CodeWindowCrashed,
			[]string{"WebKit's network process (pid 21488) ended after the portal had loaded, while no page was loading. That is a failure of the browser engine"},
			[]string{"did not load", "a page of the flow", "—"}},
		{"web process, a link loading", session.LoadWebProcess, "the web content process ended: it crashed", "", true,
			[]inspect.Navigation{{Kind: inspect.NavCommitted, URL: page}, {Kind: inspect.NavTopFrame, URL: next, From: page, Cause: "link"}},
			session.EndedCrashed, bridge.CodeWindowCrashed,
			[]string{"while loading " + next + " (a link on " + page + "): it crashed."},
			[]string{"no page was loading"}},
		{"network process, with the load it failed", session.LoadNetworkProcess, "the WebKit network process ended — a failure of the browser engine mpsim runs the portal in, not of the portal (the load failed with it: Connection reset)", next, true, nil,
			session.EndedCrashed, bridge.CodeWindowCrashed,
			[]string{"WebKit's network process ended after the portal had loaded, while loading " + next + ": the load failed with it: Connection reset."},
			[]string{"no page was loading"}},
		{"web process over its memory limit", session.LoadWebProcess, "the web content process ended: it exceeded the memory limit", "", true, nil,
			session.EndedCrashed, bridge.CodeWindowCrashed,
			[]string{": it exceeded the memory limit. WebKit ends a web content process whose memory use passes its limit"},
			[]string{"not of the portal"}},
		{"before the first paint", session.LoadWebProcess, "the web content process ended: it crashed", "", false, nil,
			session.EndedLoadFailed, bridge.CodePortalLoadFailed,
			[]string{"The portal did not load: webProcess: the web content process ended: it crashed"}, nil},
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
				w.Emit(session.Event{Type: session.WindowLoadFailed, Fatal: true, Kind: tc.kind, Reason: tc.reason, URL: tc.url})
				// A second report of the same end (the window's watch and
				// the failed load) makes no second finding.
				w.Emit(session.Event{Type: session.WindowLoadFailed, Fatal: true, Kind: tc.kind, Reason: tc.reason, URL: tc.url})
			}}
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Ended != tc.wantEnded || rep.Verdict != bridge.VerdictNoCallback {
				t.Errorf("ended %q verdict %q, want %q, no-callback", rep.Ended, rep.Verdict, tc.wantEnded)
			}
			other := map[string]string{bridge.CodeWindowCrashed: bridge.CodePortalLoadFailed, bridge.CodePortalLoadFailed: bridge.CodeWindowCrashed}[tc.wantCode]
			if n := len(codes(rep, other)); n != 0 {
				t.Errorf("%d %s findings: %+v", n, other, rep.Findings)
			}
			got := codes(rep, tc.wantCode)
			if len(got) != 1 {
				t.Fatalf("%s findings %+v, want one", tc.wantCode, got)
			}
			t.Log(got[0].Message)
			if tc.wantCode == bridge.CodeWindowCrashed && got[0].Severity != bridge.SeverityInfo {
				t.Errorf("severity %s, want info", got[0].Severity)
			}
			// The host's captions name the process that ended from it.
			wantProcess := map[string]string{session.LoadWebProcess: "WebKit's web content process", session.LoadNetworkProcess: "WebKit's network process"}[tc.kind]
			if p := rep.CrashedProcess(); tc.wantEnded == session.EndedCrashed && p != wantProcess {
				t.Errorf("CrashedProcess %q, want %q", p, wantProcess)
			}
			for _, w := range tc.want {
				if !strings.Contains(got[0].Message, w) {
					t.Errorf("the finding does not say %q: %s", w, got[0].Message)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(got[0].Message, w) {
					t.Errorf("the finding says %q: %s", w, got[0].Message)
				}
			}
		})
	}
}
