package session

import (
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
	"mpsim/simulator"
)

// TestNetworkFindingsCountAnsweredErrors: a stylesheet whose 404 page came
// as text/html is answered, then cancelled by WebKit; the portal lacks the
// file all the same (until 2026-12-05 it gave no finding at all).
func TestNetworkFindingsCountAnsweredErrors(t *testing.T) {
	tests := []struct {
		name string
		req  inspect.Request
		want string // the finding's code, or "" for none
	}{
		{"a 404 WebKit then cancelled", inspect.Request{Method: "GET", URL: "https://p.example/style.css", Status: 404, Cancelled: true, Failed: "Load request cancelled"}, bridge.CodeRequestHTTPError},
		{"a plain 404", inspect.Request{Method: "GET", URL: "https://p.example/logo.png", Status: 404}, bridge.CodeRequestHTTPError},
		{"cancelled before any answer", inspect.Request{Method: "GET", URL: "https://p.example/a.js", Cancelled: true, Failed: "Load request cancelled"}, ""},
		{"refused connection", inspect.Request{Method: "GET", URL: "https://p.example/b.js", Failed: "Connection refused"}, bridge.CodeRequestFailed},
		{"the main document", inspect.Request{Method: "GET", URL: "https://p.example/", Status: 500, Main: true}, ""},
		// One cause, one finding: its page-csp-violation (QA saw both).
		{"refused by the page's policy", inspect.Request{Method: "GET", URL: "https://cdn.example/x.png", Refused: inspect.RefusedCSP,
			Failed: "blocked by the page's Content-Security-Policy (directive img-src of the policy \"img-src 'self'\")"}, ""},
		{"refused for its port", inspect.Request{Method: "GET", URL: "https://p.example:6000/x", Refused: inspect.RefusedPort,
			Failed: "blocked: p.example:6000: port 6000 is one browsers refuse to connect to"}, bridge.CodeRequestFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := networkFindings([]inspect.Request{tc.req}, "with --trust-cert")
			got := ""
			if len(fs) > 0 {
				got = fs[0].Code
			}
			if got != tc.want || (got != "" && !strings.Contains(fs[0].Message, tc.req.URL)) {
				t.Errorf("findings %+v, want code %q", fs, tc.want)
			}
		})
	}
}

// TestNetworkFindingsOfWebSockets: a WebSocket the server closed cleanly
// with an error code (1011, with no error event) is a request-failed
// finding that says the code and what it means; until 2026-12-07 only an
// error event made one, so it gave none. A normal closure, the page left
// (1001) and a close frame with no code (1005) give none.
func TestNetworkFindingsOfWebSockets(t *testing.T) {
	const url = "wss://p.example/live"
	ws := func(code int, failed string) inspect.Request {
		return inspect.Request{Method: "GET", URL: url, Type: inspect.TypeWebSocket, Status: 101, EndMs: 900, CloseCode: code, Failed: failed}
	}
	tests := []struct {
		name string
		req  inspect.Request
		want string // the finding's message, or "" for none
	}{
		{"internal error", ws(1011, ""),
			"GET " + url + " failed: the server closed it with code 1011 (internal error: the server met a condition it could not handle)."},
		{"policy violation", ws(1008, ""), "GET " + url + " failed: the server closed it with code 1008 (policy violation)."},
		{"the application's own code", ws(4003, ""), "GET " + url + " failed: the server closed it with code 4003 (private use: the application's own code); a clean close is 1000 (normal closure)."},
		{"lost, with an error event", ws(1006, "the WebSocket connection failed after it opened (close code 1006)"),
			"GET " + url + " failed: the WebSocket connection failed after it opened; it closed with code 1006 (abnormal closure: the connection was lost or never made, with no closing handshake)."},
		{"normal closure", ws(1000, ""), ""},
		{"going away", ws(1001, ""), ""},
		{"no status", ws(1005, ""), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := networkFindings([]inspect.Request{tc.req}, "with --trust-cert")
			switch {
			case tc.want == "" && len(fs) != 0:
				t.Errorf("findings %+v, want none", fs)
			case tc.want != "" && (len(fs) != 1 || fs[0].Code != bridge.CodeRequestFailed || fs[0].Message != tc.want):
				t.Errorf("findings %+v\nwant one request-failed: %s", fs, tc.want)
			}
		})
	}
}

// TestPopupFindingSaysHow: popup-blocked says how the page asked for the
// new window, from WebKit's navigation type: a target=_blank link read
// "through window.open()" (network/console QA).
func TestPopupFindingSaysHow(t *testing.T) {
	tests := []struct {
		nav  inspect.Navigation
		want string
	}{
		{inspect.Navigation{Kind: inspect.NavPopup, URL: "https://p.example/terms", Cause: "link", UserGesture: true}, "through a link with a target (target=_blank)"},
		{inspect.Navigation{Kind: inspect.NavPopup, URL: "https://p.example/terms", Cause: "form"}, "through a form with a target (target=_blank)"},
		{inspect.Navigation{Kind: inspect.NavPopup, URL: "https://p.example/terms", Cause: "other", UserGesture: true}, "through window.open() on a click"},
		{inspect.Navigation{Kind: inspect.NavPopup, URL: "https://p.example/terms", Cause: "other"}, "through window.open();"},
	}
	for _, tt := range tests {
		var r runner
		f, ok := r.navigationFinding(tt.nav)
		if !ok || f.Code != bridge.CodePopupBlocked || !strings.Contains(f.Message, tt.want) {
			t.Errorf("%+v: %v %+v; want popup-blocked saying %q", tt.nav, ok, f, tt.want)
		}
	}
}

// TestOffsiteNavigationOncePerHost: a payment provider's round trip, a
// top-frame navigation to it and its redirect hops there, is one
// offsite-navigation finding; another site gets its own (network/console
// QA: three findings for one round trip).
func TestOffsiteNavigationOncePerHost(t *testing.T) {
	r := runner{cfg: Config{Launch: simulator.Launch{URL: "https://portal.example/?market=US"}}}
	var named []string
	for _, n := range []inspect.Navigation{
		{Kind: inspect.NavTopFrame, URL: "https://pay.example/checkout"},
		{Kind: inspect.NavRedirect, URL: "https://pay.example/3ds"},
		{Kind: inspect.NavRedirect, URL: "https://pay.example/done"},
		{Kind: inspect.NavTopFrame, URL: "https://portal.example/done"},
		{Kind: inspect.NavTopFrame, URL: "https://bank.example/login"},
	} {
		if f, ok := r.navigationFinding(n); ok && f.Code == bridge.CodeOffsiteNavigation {
			named = append(named, n.URL)
		}
	}
	if want := []string{"https://pay.example/checkout", "https://bank.example/login"}; strings.Join(named, " ") != strings.Join(want, " ") {
		t.Errorf("offsite-navigation findings for %q, want %q", named, want)
	}
}
