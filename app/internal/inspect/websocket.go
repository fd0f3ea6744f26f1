package inspect

import (
	"fmt"
	"strings"
)

// CloseCodeMeaning is what a WebSocket close code means, as RFC 6455
// (section 7.4.1) and the IANA registry of close codes name it: "normal
// closure" for 1000, "going away: …" for 1001, "abnormal closure: …" for
// 1006 and so on; for a code of the ranges left to others, what the range
// is for (3000–3999 codes libraries and frameworks register, 4000–4999 the
// application's own); "" for a code no one defines (1004, reserved, among
// them).
func CloseCodeMeaning(code int) string {
	if m := rfcCloseCode(code); m != "" {
		return m
	}
	switch {
	case code == 3000:
		return "unauthorized"
	case code == 3003:
		return "forbidden"
	case code == 3008:
		return "timeout"
	case code >= 3000 && code <= 3999:
		return "a code a library or framework registers with IANA"
	case code >= 4000 && code <= 4999:
		return "private use: the application's own code"
	}
	return ""
}

// rfcCloseCode is the meaning of one of the close codes 1000–1015 that
// RFC 6455 and the IANA registry define; "" for any other (1004 is
// reserved).
func rfcCloseCode(code int) string {
	const first = 1000
	meanings := [...]string{
		1000 - first: "normal closure",
		1001 - first: "going away: the page was left or the server went down",
		1002 - first: "protocol error",
		1003 - first: "unsupported data: a kind of message the endpoint does not take",
		1005 - first: "no status received: the close frame had no code",
		1006 - first: "abnormal closure: the connection was lost or never made, with no closing handshake",
		1007 - first: "invalid frame payload data: a message that does not match its type",
		1008 - first: "policy violation",
		1009 - first: "message too big",
		1010 - first: "mandatory extension: the server did not agree to an extension the client needs",
		1011 - first: "internal error: the server met a condition it could not handle",
		1012 - first: "service restart",
		1013 - first: "try again later",
		1014 - first: "bad gateway",
		1015 - first: "TLS handshake failure",
	}
	if code < first || code-first >= len(meanings) {
		return ""
	}
	return meanings[code-first]
}

// WebSocketClose says how a WebSocket closed with code: "closed with code
// 1000 (normal closure)", the code's meaning in brackets when it has one
// (CloseCodeMeaning); "closed with no close code" for 0.
func WebSocketClose(code int) string {
	if code == 0 {
		return "closed with no close code"
	}
	return "closed with " + closeCode(code)
}

// closeCode is "code 1011 (internal error: …)": the code, and its meaning
// in brackets when it has one (CloseCodeMeaning).
func closeCode(code int) string {
	if m := CloseCodeMeaning(code); m != "" {
		return fmt.Sprintf("code %d (%s)", code, m)
	}
	return fmt.Sprintf("code %d", code)
}

// WebSocketState says in words what became of the WebSocket r: whether it
// opened (status 101 Switching Protocols), failed, or was refused before
// it started, and whether it closed and with what code (WebSocketClose),
// or was still open, or still connecting, when the window closed. It is ""
// for a request of any other type.
func WebSocketState(r *Request) string {
	if r.Type != TypeWebSocket {
		return ""
	}
	switch {
	case r.Blocked || r.MixedContent || r.Refused != "":
		return "never opened: refused before it started"
	case r.Failed != "":
		return failedSocket(r)
	case r.Status == 101:
		return openedSocket(r)
	case r.Pending:
		return "never opened: still connecting when the window closed"
	case r.CloseCode > 0 || r.EndMs > 0:
		return "never opened: " + WebSocketClose(r.CloseCode)
	}
	return "connecting: not open yet"
}

// opened is the start of the state of a WebSocket that opened.
const opened = "opened (101 Switching Protocols)"

// openedSocket is the state of a WebSocket that opened and did not fail.
func openedSocket(r *Request) string {
	switch {
	case r.Pending:
		return "open (101 Switching Protocols): still open when the window closed"
	case r.ClosedByPage:
		return opened + ", then closed by the page: " + WebSocketClose(r.CloseCode)
	case r.CloseCode > 0 || r.EndMs > 0:
		return opened + ", then " + WebSocketClose(r.CloseCode)
	}
	return "open (101 Switching Protocols)"
}

// failedSocket is the state of a WebSocket that failed (an error event).
func failedSocket(r *Request) string {
	s := "failed before it opened"
	if r.Status == 101 {
		s = opened + ", then failed"
	}
	switch {
	case r.Pending:
		return s + "; still not closed when the window closed"
	case r.CloseCode > 0:
		return s + "; " + WebSocketClose(r.CloseCode)
	}
	return s
}

// Failure says whether the request r failed, and why: "" when it did not.
// For any request but a WebSocket it is Failed (a cancelled request's
// too, which the counts leave out as they always did). For a WebSocket it
// is Failed with what its close code means ("… (close code 1006)" becomes
// "…; it closed with code 1006 (abnormal closure: …)"), or, with no error
// event, why its close code is no clean close (closeFailure): "the server
// closed it with code 1011 (internal error: …)". A socket the page closed
// itself (ClosedByPage) with 1000, 3000–4999 or no code did not fail: the
// server only echoed it. Every count and list of failed requests asks this
// rather than Failed.
func (r *Request) Failure() string {
	if r.Type != TypeWebSocket {
		return r.Failed
	}
	if r.Failed != "" {
		return socketFailure(r)
	}
	if r.ClosedByPage && (r.CloseCode == 0 || r.CloseCode == 1000 || r.CloseCode == 1005 || r.CloseCode >= 3000 && r.CloseCode <= 4999) {
		return "" // the page's own close(code), echoed
	}
	return closeFailure(r.CloseCode)
}

// socketFailure is why the WebSocket r failed, its Failed, with the
// meaning of the close code the window adds to it: "… (close code 1006)"
// becomes "…; it closed with code 1006 (abnormal closure: …)". With no
// close code it is Failed as it is.
func socketFailure(r *Request) string {
	if r.CloseCode <= 0 {
		return r.Failed
	}
	why := strings.TrimSuffix(r.Failed, fmt.Sprintf(" (close code %d)", r.CloseCode))
	return why + "; it " + WebSocketClose(r.CloseCode)
}

// closeFailure is why a WebSocket that closed with code, and had no error
// event, failed; "" when code is a clean close: 1000 (normal closure),
// 1001 (going away: the page was left, or the server went down), 1005 (a
// close frame with no code) or 0 (no close code). Any other code is a
// failure. 1002–1014 are the server's (a page may close only with 1000 or
// 3000–4999). 1006 and 1015 no endpoint sends; WebKit gives them with an
// error event (Failed), so alone they are named as they are. 3000–4999, a
// library's or the application's own code, are the server's here (the
// page's own close(code), which the server echoes, is ClosedByPage and
// no failure: Failure): only 1000 says the connection did what it was for
// (RFC 6455 section 7.4.1), and the report cannot know what an
// application's code means (graphql-ws closes with 4400–4500 on errors).
func closeFailure(code int) string {
	switch {
	case code == 0 || code == 1000 || code == 1001 || code == 1005:
		return ""
	case code == 1006 || code == 1015:
		return "it " + WebSocketClose(code) + ", with no error event"
	case code >= 3000 && code <= 4999:
		return fmt.Sprintf("the server closed it with %s; a clean close is 1000 (normal closure)", closeCode(code))
	}
	return "the server closed it with " + closeCode(code)
}
