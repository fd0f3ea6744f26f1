package inspect

import "testing"

func TestCloseCodeMeaning(t *testing.T) {
	for _, tc := range []struct {
		code       int
		want, text string
	}{
		{1000, "normal closure", "closed with code 1000 (normal closure)"},
		{1001, "going away: the page was left or the server went down", "closed with code 1001 (going away: the page was left or the server went down)"},
		{1002, "protocol error", "closed with code 1002 (protocol error)"},
		{1003, "unsupported data: a kind of message the endpoint does not take", ""},
		{1005, "no status received: the close frame had no code", ""},
		{1006, "abnormal closure: the connection was lost or never made, with no closing handshake", ""},
		{1007, "invalid frame payload data: a message that does not match its type", ""},
		{1008, "policy violation", ""},
		{1009, "message too big", ""},
		{1010, "mandatory extension: the server did not agree to an extension the client needs", ""},
		{1011, "internal error: the server met a condition it could not handle", "closed with code 1011 (internal error: the server met a condition it could not handle)"},
		{1012, "service restart", ""},
		{1013, "try again later", ""},
		{1014, "bad gateway", ""},
		{1015, "TLS handshake failure", ""},
		{3000, "unauthorized", ""},
		{3003, "forbidden", ""},
		{3008, "timeout", ""},
		{3500, "a code a library or framework registers with IANA", ""},
		{4000, "private use: the application's own code", "closed with code 4000 (private use: the application's own code)"},
		{4999, "private use: the application's own code", ""},
		// Reserved or undefined: the code alone.
		{1004, "", "closed with code 1004"},
		{999, "", "closed with code 999"},
		{2000, "", "closed with code 2000"},
		{5000, "", ""},
		{0, "", "closed with no close code"},
	} {
		if got := CloseCodeMeaning(tc.code); got != tc.want {
			t.Errorf("CloseCodeMeaning(%d) = %q, want %q", tc.code, got, tc.want)
		}
		if tc.text == "" {
			continue
		}
		if got := WebSocketClose(tc.code); got != tc.text {
			t.Errorf("WebSocketClose(%d) = %q, want %q", tc.code, got, tc.text)
		}
	}
}

func TestWebSocketState(t *testing.T) {
	const (
		before = "the WebSocket connection failed before it opened (refused, unreachable, or its handshake was not answered with 101); WebKit tells the page no reason"
		after  = "the WebSocket connection failed after it opened, or closed without its closing handshake; WebKit tells the page no reason"
	)
	ws := func(r Request) Request {
		r.Type, r.Method, r.URL = TypeWebSocket, "GET", "wss://portal.example/live"
		return r
	}
	for _, tc := range []struct {
		name           string
		req            Request
		state, failure string
	}{
		{"opened and closed normally", ws(Request{Status: 101, EndMs: 900, CloseCode: 1000}),
			"opened (101 Switching Protocols), then closed with code 1000 (normal closure)", ""},
		{"closed by the server with an error code", ws(Request{Status: 101, EndMs: 900, CloseCode: 1011}),
			"opened (101 Switching Protocols), then closed with code 1011 (internal error: the server met a condition it could not handle)",
			"the server closed it with code 1011 (internal error: the server met a condition it could not handle)"},
		{"open when the page was left", ws(Request{Status: 101, EndMs: 900, CloseCode: 1001}),
			"opened (101 Switching Protocols), then closed with code 1001 (going away: the page was left or the server went down)", ""},
		{"an application's code", ws(Request{Status: 101, EndMs: 900, CloseCode: 4001}),
			"opened (101 Switching Protocols), then closed with code 4001 (private use: the application's own code)",
			"the server closed it with code 4001 (private use: the application's own code); a clean close is 1000 (normal closure)"},
		{"closed with no code", ws(Request{Status: 101, EndMs: 900}),
			"opened (101 Switching Protocols), then closed with no close code", ""},
		{"still open when the window closed", ws(Request{Status: 101, Pending: true}),
			"open (101 Switching Protocols): still open when the window closed", ""},
		{"open", ws(Request{Status: 101}), "open (101 Switching Protocols)", ""},
		{"handshake failed", ws(Request{EndMs: 50, CloseCode: 1006, Failed: before + " (close code 1006)"}),
			"failed before it opened; closed with code 1006 (abnormal closure: the connection was lost or never made, with no closing handshake)",
			before + "; it closed with code 1006 (abnormal closure: the connection was lost or never made, with no closing handshake)"},
		{"lost after it opened", ws(Request{Status: 101, EndMs: 50, CloseCode: 1006, Failed: after + " (close code 1006)"}),
			"opened (101 Switching Protocols), then failed; closed with code 1006 (abnormal closure: the connection was lost or never made, with no closing handshake)",
			after + "; it closed with code 1006 (abnormal closure: the connection was lost or never made, with no closing handshake)"},
		{"failed, then the window closed", ws(Request{Failed: before, Pending: true}),
			"failed before it opened; still not closed when the window closed", before},
		{"failed with no close event", ws(Request{Failed: before, EndMs: 20}), "failed before it opened", before},
		{"still connecting when the window closed", ws(Request{Pending: true}),
			"never opened: still connecting when the window closed", ""},
		{"closed before it opened", ws(Request{EndMs: 20, CloseCode: 1001}),
			"never opened: closed with code 1001 (going away: the page was left or the server went down)", ""},
		{"ended before it opened", ws(Request{EndMs: 20}), "never opened: closed with no close code", ""},
		{"connecting", ws(Request{}), "connecting: not open yet", ""},
		{"outside the walled garden", ws(Request{Blocked: true, EndMs: 1, Failed: "blocked: chat.example is outside the walled garden (refused before the request started)"}),
			"never opened: refused before it started", "blocked: chat.example is outside the walled garden (refused before the request started)"},
		{"refused by the page's policy", ws(Request{Refused: RefusedCSP, Failed: "blocked by the page's Content-Security-Policy"}),
			"never opened: refused before it started", "blocked by the page's Content-Security-Policy"},
		{"not a WebSocket", Request{Type: TypeFetch, Status: 500, CloseCode: 1000, Failed: "x (close code 1000)"}, "", "x (close code 1000)"},
		{"an EventSource", Request{Type: TypeEventSource, Status: 200, Pending: true}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := WebSocketState(&tc.req); got != tc.state {
				t.Errorf("WebSocketState = %q\nwant %q", got, tc.state)
			}
			if got := tc.req.Failure(); got != tc.failure {
				t.Errorf("Failure = %q\nwant %q", got, tc.failure)
			}
		})
	}
}

// A WebSocket the server closed cleanly (a closing handshake, no error
// event) with an error code failed; one closed with 1000, 1001 or 1005,
// or with no code, did not. Until 2026-12-08 only an error event made a
// socket failed, so a 1011 was in no count of failed requests.
func TestFailureOfCloseCodes(t *testing.T) {
	const internal = "internal error: the server met a condition it could not handle"
	for _, tc := range []struct {
		code int
		want string
	}{
		{0, ""},
		{1000, ""},
		{1001, ""},
		{1005, ""},
		{1002, "the server closed it with code 1002 (protocol error)"},
		{1003, "the server closed it with code 1003 (unsupported data: a kind of message the endpoint does not take)"},
		{1004, "the server closed it with code 1004"},
		{1007, "the server closed it with code 1007 (invalid frame payload data: a message that does not match its type)"},
		{1008, "the server closed it with code 1008 (policy violation)"},
		{1009, "the server closed it with code 1009 (message too big)"},
		{1010, "the server closed it with code 1010 (mandatory extension: the server did not agree to an extension the client needs)"},
		{1011, "the server closed it with code 1011 (" + internal + ")"},
		{1012, "the server closed it with code 1012 (service restart)"},
		{1013, "the server closed it with code 1013 (try again later)"},
		{1014, "the server closed it with code 1014 (bad gateway)"},
		{1016, "the server closed it with code 1016"},
		{2000, "the server closed it with code 2000"},
		// Never sent by an endpoint: WebKit's own, with an error event,
		// but named if one comes alone.
		{1006, "it closed with code 1006 (abnormal closure: the connection was lost or never made, with no closing handshake), with no error event"},
		{1015, "it closed with code 1015 (TLS handshake failure), with no error event"},
		{3000, "the server closed it with code 3000 (unauthorized); a clean close is 1000 (normal closure)"},
		{4000, "the server closed it with code 4000 (private use: the application's own code); a clean close is 1000 (normal closure)"},
		{4999, "the server closed it with code 4999 (private use: the application's own code); a clean close is 1000 (normal closure)"},
	} {
		for _, opened := range []int{101, 0} {
			r := Request{Type: TypeWebSocket, Method: "GET", URL: "wss://portal.example/live", Status: opened, EndMs: 900, CloseCode: tc.code}
			if got := r.Failure(); got != tc.want {
				t.Errorf("code %d, status %d: Failure = %q\nwant %q", tc.code, opened, got, tc.want)
			}
		}
	}
	// A socket the page closed itself: a code a page may give (1000,
	// 3000–4999) or none, which the server echoed, is no failure; a code
	// only a server sends still is, and an error before it too.
	for _, tc := range []struct {
		code   int
		failed string
		want   string
	}{
		{4001, "", ""},
		{3000, "", ""},
		{1000, "", ""},
		{0, "", ""},
		{1005, "", ""},
		{1011, "", "the server closed it with code 1011 (" + internal + ")"},
		{4001, "the WebSocket connection failed after it opened", "the WebSocket connection failed after it opened; it closed with code 4001 (private use: the application's own code)"},
	} {
		r := Request{Type: TypeWebSocket, Method: "GET", URL: "wss://portal.example/live", Status: 101, EndMs: 900,
			CloseCode: tc.code, ClosedByPage: true, Failed: tc.failed}
		if got := r.Failure(); got != tc.want {
			t.Errorf("closed by the page with %d (failed %q): Failure = %q\nwant %q", tc.code, tc.failed, got, tc.want)
		}
	}
	// The close code is a WebSocket's only: any other request with one is
	// failed only by its Failed.
	for _, r := range []Request{
		{Type: TypeFetch, Status: 200, CloseCode: 1011},
		{Type: TypeEventSource, Status: 200, CloseCode: 1011},
	} {
		if got := r.Failure(); got != "" {
			t.Errorf("%s with close code 1011: Failure = %q, want none", r.Type, got)
		}
	}
}
