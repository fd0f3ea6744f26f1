package session_test

import (
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// findingsOfCode are the messages of rep's findings of code.
func findingsOfCode(rep session.Report, code string) []bridge.Finding {
	var out []bridge.Finding
	for _, f := range rep.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// A later top-frame navigation WebKit did not show (a receipt served as
// application/octet-stream, a link to a 204, a download) leaves the portal
// on its page and is a navigation-not-shown warning naming the URL, why,
// the page the portal stayed on and what the app does; the session goes
// on. Before, it was only logged ("navigation stopped: not shown: …"), so
// a portal whose "Download your receipt" link did nothing passed with no
// word of it. A load the page replaced (no kind) is still no finding.
func TestLaterNavigationNotShownIsAFinding(t *testing.T) {
	const (
		page    = "https://portal.example/done?order=O1"
		receipt = "https://portal.example/receipt?order=O1"
	)
	tests := []struct {
		name, kind, why string
		want            []string // in the finding; none when empty
	}{
		{"octet-stream", session.LoadNotShown,
			"the response has the Content-Type application/octet-stream, which the WebView cannot show as a page (serve the page as text/html)",
			[]string{"went to " + receipt + ", and the WebView did not show it: the response has the Content-Type application/octet-stream",
				"The portal stayed on its page, https://portal.example/done, so the user saw nothing happen",
				"links open in the same WebView (contract §1.6)", "starts no download"}},
		{"204", session.LoadNotShown, "the response is HTTP 204 No Content, which has no page to show",
			[]string{receipt + ", and the WebView did not show it: the response is HTTP 204 No Content, which has no page to show. The portal stayed"}},
		{"attachment", session.LoadNotShown,
			"the response is a download (Content-Disposition: attachment; filename=receipt.pdf), which the WebView does not show as a page; mpsim blocked the download (serve the page without Content-Disposition: attachment)",
			[]string{"is a download (Content-Disposition: attachment; filename=receipt.pdf)"}},
		{"a load the page replaced", "", "Frame load interrupted", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := &sessiontest.FakeOpener{Record: true, OnOpen: func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowNavigated, URL: page, MIME: "text/html"})
				w.Envelope(envelope(t, bridge.EventFirstPaint, page))
				w.Emit(session.Event{Type: session.WindowLoadFailed, URL: receipt, Reason: tc.why, Kind: tc.kind})
				w.UserClose()
			}}
			cfg := testConfig()
			cfg.Inspect = true // the window's request records, as by default
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Ended != session.EndedClosed {
				t.Errorf("ended %q, want closed: the navigation not shown does not end the session", rep.Ended)
			}
			got := findingsOfCode(rep, bridge.CodeNavigationNotShown)
			if len(tc.want) == 0 {
				if len(got) != 0 {
					t.Errorf("navigation-not-shown %+v for a load the page replaced", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("navigation-not-shown findings %+v, want one", got)
			}
			f := got[0]
			if f.Severity != bridge.SeverityWarning || f.Field != "navigation" {
				t.Errorf("finding %+v, want a warning about the navigation", f)
			}
			for _, w := range tc.want {
				if !strings.Contains(f.Message, w) {
					t.Errorf("the finding does not say %q:\n%s", w, f.Message)
				}
			}
			logged := false
			for _, e := range rep.Log {
				if e.Kind == session.KindLoadFailed && e.URL == receipt && e.Text == "navigation stopped: not shown: "+tc.why+"; the portal stayed on its page" {
					logged = true
				}
			}
			if !logged {
				t.Errorf("no log entry \"navigation stopped: not shown: …\" for %s: %+v", receipt, rep.Log)
			}
		})
	}
}

// A long URL is named cut, as bridge names a page's URL: no message grows
// with the page's URLs.
func TestNavigationNotShownCutsALongURL(t *testing.T) {
	long := "https://portal.example/receipt?token=" + strings.Repeat("a", 5000)
	op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowNavigated, URL: "https://portal.example/done", MIME: "text/html"})
		w.Emit(session.Event{Type: session.WindowLoadFailed, URL: long, Reason: "the response is HTTP 204 No Content, which has no page to show", Kind: session.LoadNotShown})
		w.UserClose()
	}}
	rep, err := session.Run(t.Context(), op, testConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := findingsOfCode(rep, bridge.CodeNavigationNotShown)
	if len(got) != 1 || len(got[0].Message) > 1500 || !strings.Contains(got[0].Message, "aaa…, and the WebView did not show it") {
		t.Errorf("navigation-not-shown %+v, want one naming the URL cut", got)
	}
}

// handback-missing names, as the likely cause, a last page WebKit showed
// as text (served as text/plain: none of its scripts ran, so nothing could
// hand back) or a last navigation it did not show (the portal stayed on
// its page). Before, it said only which calls the page made and the page
// it was on, for a portal whose page was served as text/plain (QA). A
// page shown as HTML afterwards, or as XML, is no such cause.
func TestHandbackMissingNamesTheLikelyCause(t *testing.T) {
	const (
		page    = "https://portal.example/plans?market=US"
		receipt = "https://portal.example/receipt.bin"
	)
	notShown := session.Event{Type: session.WindowLoadFailed, URL: receipt, Kind: session.LoadNotShown,
		Reason: "the response has the Content-Type application/octet-stream, which the WebView cannot show as a page (serve the page as text/html)"}
	tests := []struct {
		name    string
		events  []session.Event
		want    []string
		wantNot []string
	}{
		{"text/plain", []session.Event{{Type: session.WindowNavigated, URL: page, MIME: "text/plain"}},
			[]string{"The likely cause: the page it was on, https://portal.example/plans, was served as text/plain, not as HTML, so the WebView showed it as it is (as text) and ran none of its scripts"},
			[]string{"last navigation"}},
		{"JSON with a charset", []session.Event{{Type: session.WindowNavigated, URL: page, MIME: "Application/JSON; charset=utf-8"}},
			[]string{"was served as application/json, not as HTML"}, nil},
		{"text/html", []session.Event{{Type: session.WindowNavigated, URL: page, MIME: "text/html"}},
			nil, []string{"likely cause"}},
		{"XHTML", []session.Event{{Type: session.WindowNavigated, URL: page, MIME: "application/xhtml+xml"}},
			nil, []string{"likely cause"}},
		{"type unknown", []session.Event{{Type: session.WindowNavigated, URL: page}},
			nil, []string{"likely cause"}},
		{"a later navigation not shown", []session.Event{{Type: session.WindowNavigated, URL: page, MIME: "text/html"}, notShown},
			[]string{"The likely cause: the portal's last navigation, to " + receipt + ", was not shown (the response has the Content-Type application/octet-stream, which the WebView cannot show as a page (serve the page as text/html)), so the portal stayed on its page (navigation-not-shown)."},
			[]string{"served as"}},
		{"both", []session.Event{{Type: session.WindowNavigated, URL: page, MIME: "text/plain"}, notShown},
			[]string{"The likely causes: the page it was on, https://portal.example/plans, was served as text/plain", "; and the portal's last navigation, to " + receipt + ", was not shown"},
			nil},
		{"a later navigation not shown, its request recorded", []session.Event{{Type: session.WindowNavigated, URL: page, MIME: "text/html"},
			{Type: session.WindowRequest, Request: &inspect.Request{Method: "GET", URL: receipt, Main: true, Status: 200, Failed: "not shown: " + notShown.Reason}}, notShown},
			[]string{"The likely cause: the portal's last navigation, to " + receipt + ", was not shown"},
			[]string{"the main document", "likely causes"}},
		{"a page shown after it", []session.Event{{Type: session.WindowNavigated, URL: page, MIME: "text/html"}, notShown,
			{Type: session.WindowNavigated, URL: page + "&step=2", MIME: "text/html"}},
			nil, []string{"likely cause"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				for _, ev := range tc.events {
					w.Emit(ev)
				}
				w.UserClose()
			}}
			rep, err := session.Run(t.Context(), op, testConfig(), nil)
			if err != nil {
				t.Fatal(err)
			}
			got := findingsOfCode(rep, bridge.CodeHandbackMissing)
			if len(got) != 1 {
				t.Fatalf("handback-missing findings %+v, want one", got)
			}
			msg := got[0].Message
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("handback-missing does not say %q:\n%s", w, msg)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(msg, w) {
					t.Errorf("handback-missing says %q:\n%s", w, msg)
				}
			}
		})
	}
}
