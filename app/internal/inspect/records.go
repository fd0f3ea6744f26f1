// Package inspect holds what mpsim records of the portal itself, beside its
// hand-back: console messages and uncaught errors, every network request,
// top-frame navigations (pop-ups, downloads and custom schemes included) and
// screenshots of the portal window. The window process produces these
// records, the session keeps them in the report, the host shows them, and
// this package turns them into findings, a summary and a HAR 1.2 file.
//
// The types are plain data with JSON tags: the same values travel over the
// wire (package ipc), sit in the session's log and report, and are read by
// the UI, so no layer converts them.
package inspect

import (
	"fmt"
	"strings"
)

// Kinds of console records (ConsoleMessage.Kind).
const (
	ConsoleCall      = "console"   // a console.* call
	ConsoleError     = "error"     // an uncaught exception (window error event)
	ConsoleRejection = "rejection" // an unhandled promise rejection
)

// ConsoleMessage is one console call or uncaught error of a page.
type ConsoleMessage struct {
	// Kind is ConsoleCall, ConsoleError or ConsoleRejection.
	Kind string `json:"kind"`
	// Level is the console method (log, info, warn, error, debug, trace,
	// assert, …); "error" for uncaught errors and rejections.
	Level string `json:"level"`
	Text  string `json:"text"`
	// Source, Line and Column locate the call or the throw, when known.
	Source string `json:"source,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// Stack is the JavaScript stack of an error, when the page had one.
	Stack string `json:"stack,omitempty"`
	// Frame is the URL of the document that logged it; TopFrame says
	// whether that is the top-level document.
	Frame    string `json:"frame,omitempty"`
	TopFrame bool   `json:"topFrame"`
	// AtMs is the window process's clock, in ms since it started.
	AtMs float64 `json:"atMs"`
	// Declaration is, for an uncaught error WebKit gave no detail of
	// ("Script error.", no error object), a let, const, class or function
	// declaration in the page's inline scripts of a name like the app's
	// globals ("const DataMart", "async function DataMart"): the likely
	// cause.
	Declaration string `json:"declaration,omitempty"`
}

// Place is where the page logged or threw c, " at file:line:column", or ""
// when WebKit did not say. The file's query and fragment are left out: an
// inline script's file is the page itself, whose query holds the launch
// parameters (the device's identifiers among them); the record keeps the
// whole URL.
func (c ConsoleMessage) Place() string {
	if c.Source == "" {
		return ""
	}
	file, _, _ := strings.Cut(c.Source, "#")
	file, _, _ = strings.Cut(file, "?")
	return fmt.Sprintf(" at %s:%d:%d", file, c.Line, c.Column)
}

// lineBreaks are the characters that end a line of page text: JavaScript's
// line terminators (\n, \r, U+2028, U+2029) and NEL (U+0085).
const lineBreaks = "\n\r\u2028\u2029\u0085"

// TextLine is c's text (an error's message, often followed by its stack)
// for a finding's sentence, which the command line prints on one line: its
// lines trimmed and joined by spaces, blank ones left out, as the matrix's
// end notes show the page's last error. A newline the sentence kept would
// print as a literal \n there (the terminal-safe escape of a control
// character); the console record keeps the text as it came.
//
// Its lines end where JavaScript's do (lineBreaks): a message of
// "a\u2028b" is two lines to the page and to a terminal.
func (c ConsoleMessage) TextLine() string {
	s := c.Text
	if !strings.ContainsAny(s, lineBreaks) {
		return s
	}
	var kept []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(lineBreaks, r) }) {
		if l = strings.TrimSpace(l); l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, " ")
}

// CSPRefusal reports whether c is an enforced Content-Security-Policy
// violation: the inspection script records one as a page error (it stops
// what the page meant to run or load), though it is no exception.
func (c ConsoleMessage) CSPRefusal() bool {
	return c.Kind == ConsoleError && strings.HasPrefix(c.Text, "Content-Security-Policy refused ")
}

// EvalRefused reports whether c is the EvalError a page's
// Content-Security-Policy throws at its eval() (or new Function): the
// policy's violation, a record of its own (CSPRefusal), says the same.
func (c ConsoleMessage) EvalRefused() bool {
	return c.Kind == ConsoleError && strings.HasPrefix(c.Text, "EvalError: Refused to evaluate a string as JavaScript")
}

// Header is one HTTP header.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	// Note says where a header WebKit did not report comes from: mpsim
	// added it with the value WebKit sends (AcceptLanguageNote); empty for
	// the headers WebKit reported. The HAR has it as the header's comment.
	Note string `json:"note,omitempty"`
}

// AcceptLanguageNote is the Note of an Accept-Language request header mpsim
// adds to a request's record: WebKit's network process adds the header
// after WebKit reports the request, so WebKit never reports it.
const AcceptLanguageNote = "added by mpsim: WebKit's network process sends this header, built from the window's languages, without reporting it"

// Resource types of a Request (HAR's _resourceType, as Chrome names them).
const (
	TypeDocument   = "document"
	TypeStylesheet = "stylesheet"
	TypeScript     = "script"
	TypeImage      = "image"
	TypeFont       = "font"
	TypeMedia      = "media"
	TypeFetch      = "fetch" // XHR and fetch() (JSON, text and the like)
	// TypeWebSocket is a WebSocket (new WebSocket(url)): Status 101 once
	// it opened, CloseCode when it closed.
	TypeWebSocket = "websocket"
	// TypeEventSource is an EventSource's stream (new EventSource(url)).
	TypeEventSource = "eventsource"
	// TypePing is a navigator.sendBeacon (and an <a ping>): Chrome's
	// name, which HAR viewers and Chrome's own HAR export use for both.
	TypePing  = "ping"
	TypeOther = "other"
)

// Request is one network request of the portal window, as WebKit saw it.
type Request struct {
	// ID numbers the requests of one window in the order they started.
	ID     int    `json:"id"`
	Method string `json:"method"`
	URL    string `json:"url"`
	// Status is the HTTP status (0 when there was no response).
	Status     int    `json:"status"`
	StatusText string `json:"statusText,omitempty"`
	MimeType   string `json:"mimeType,omitempty"`
	// Type is one of the Type* constants, guessed from the MIME type and
	// whether the request is the main document of the view.
	Type string `json:"type"`
	// Main is true for a top-level document.
	Main bool `json:"main,omitempty"`
	// Bytes is the body size received (-1 when unknown).
	Bytes           int64    `json:"bytes"`
	RequestHeaders  []Header `json:"requestHeaders,omitempty"`
	ResponseHeaders []Header `json:"responseHeaders,omitempty"`
	// StartMs, ResponseMs and EndMs are the window process's clock (ms since
	// it started) when the request started, its response arrived and it
	// ended; ResponseMs and EndMs are 0 when that did not happen.
	StartMs    float64 `json:"startMs"`
	ResponseMs float64 `json:"responseMs,omitempty"`
	EndMs      float64 `json:"endMs,omitempty"`
	// Failed says why the request failed (network, TLS, cancelled); empty
	// when it completed. TLS marks a certificate failure; Cancelled a
	// request stopped by the page or a navigation (not the portal's fault).
	Failed    string `json:"failed,omitempty"`
	TLS       bool   `json:"tls,omitempty"`
	Cancelled bool   `json:"cancelled,omitempty"`
	// Blocked is true when the walled garden refused the request (its host
	// is outside it); Failed then says so.
	Blocked bool `json:"blocked,omitempty"`
	// MixedContent is true when WebKit refused the request before it
	// started because an https document asked for plain http (mixed
	// content; the inspection script saw the page ask for it); Failed
	// then says so.
	MixedContent bool `json:"mixedContent,omitempty"`
	// Download is true when the response was a download (WebKit's
	// download-started, or Content-Disposition: attachment), which the
	// window blocked: Type is then other, whatever the request was made
	// for (an iframe's or a link's document), and Failed says so.
	Download bool `json:"download,omitempty"`
	// Refused says what refused the request before it started, so that
	// WebKit's network signals never had it (the inspection script saw
	// the page ask for it): RefusedPort, a port browsers never connect
	// to, or RefusedCSP, the page's Content-Security-Policy. Failed then
	// says why. (Mixed content is MixedContent, the walled garden
	// Blocked.)
	Refused string `json:"refused,omitempty"`
	// CloseCode is, for a WebSocket (TypeWebSocket) that closed, the
	// code of its close event: 1000 a normal closure, 1006 a connection
	// lost or never made (the page is told no more), others the
	// server's or the page's. 0 when it did not close (it failed before
	// it opened, or was still open when the window closed: Pending).
	CloseCode int `json:"closeCode,omitempty"`
	// ClosedByPage is true for a WebSocket the page closed itself
	// (WebSocket.close, before any error): its close code, even one of
	// 3000–4999, is then the page's own, which the server echoed, and not
	// a failure (Failure).
	ClosedByPage bool `json:"closedByPage,omitempty"`
	// Pending is true when the window closed before the request ended.
	Pending bool `json:"pending,omitempty"`
	// RedirectURL is where a redirect response sent the request.
	RedirectURL string `json:"redirectUrl,omitempty"`
	// Frame is the URL of the document that made the request (its frame
	// when it ran: a request of an iframe has the iframe's document, the
	// request that loads an iframe has the document holding the iframe),
	// and TopFrame says whether that is the top-level document. Both are
	// empty for a top-level document (Main: the launch or a navigation
	// made it, not a document of this page) and when the page did not say
	// (a request that failed without an element, such as a failed fetch();
	// a request WebKit made for no document). Initiator says how the
	// document made it: the Resource Timing initiatorType (img, script,
	// link, css, fetch, xmlhttprequest, iframe, beacon, other, …), the tag
	// of an element whose load failed, or "navigation" for a top-level
	// document.
	Frame     string `json:"frame,omitempty"`
	TopFrame  bool   `json:"topFrame,omitempty"`
	Initiator string `json:"initiator,omitempty"`
	// WireBytes is what the response took on the wire, its headers and its
	// body as sent (compressed or not), and EncodedBytes that body alone:
	// the Resource Timing transferSize and encodedBodySize of the frame's
	// entry (Bytes is the body decoded: the entry's decodedBodySize, else
	// the length WebKit gave). Both are 0 when not known: no frame said (see
	// Frame), a cross-origin response without Timing-Allow-Origin (the
	// browser hides them from the page too), a response from the cache (0
	// bytes on the wire); WireBytes also when the entry's transferSize is
	// WebKit's body plus a fixed 300 bytes for any headers, which is always.
	WireBytes    int64 `json:"wireBytes,omitempty"`
	EncodedBytes int64 `json:"encodedBytes,omitempty"`
}

// What refused a request before it started (Request.Refused).
const (
	RefusedPort = "port"                    // the Fetch standard's bad ports
	RefusedCSP  = "content-security-policy" // the page's policy
)

// Kinds of navigation records (Navigation.Kind).
const (
	NavTopFrame  = "navigate" // a top-frame navigation started
	NavRedirect  = "redirect" // the top frame was redirected (server or script)
	NavPopup     = "popup"    // the page tried to open a new window (blocked)
	NavDownload  = "download" // a response would have been downloaded (blocked)
	NavScheme    = "scheme"   // a navigation to a scheme WebKit does not show (ms-windows-store:, market:, …)
	NavCommitted = "committed"
	// NavSameDocument: the page changed its URL without loading a page
	// (history.pushState, replaceState, a fragment, back or forward between
	// such entries), as a single-page app changes its route; no page load
	// and never another origin, so no finding or policy counts it as one.
	NavSameDocument = "same-document"
	// NavFullscreenEnter and NavFullscreenLeave: the page showed an
	// element in HTML fullscreen (element.requestFullscreen(), a video's
	// fullscreen button) and left it (document.exitFullscreen(), Escape);
	// URL is the page's. No navigation: the element fills the portal's
	// frame, which keeps its size, as in the app's WebView, and no finding
	// or policy counts one.
	NavFullscreenEnter = "fullscreen-enter"
	NavFullscreenLeave = "fullscreen-leave"
)

// Navigation is one navigation-related event of the portal window.
type Navigation struct {
	Kind string `json:"kind"`
	URL  string `json:"url"`
	// From is the top-level document's URL when it happened.
	From string `json:"from,omitempty"`
	// Cause is WebKit's navigation type: link, form, back-forward, reload,
	// form-resubmit or other (script, typed, redirect).
	Cause       string `json:"cause,omitempty"`
	UserGesture bool   `json:"userGesture,omitempty"`
	// Blocked says the window refused it (pop-ups, downloads, custom
	// schemes: the Mobile Plans app opens none of them in the portal).
	Blocked bool    `json:"blocked,omitempty"`
	AtMs    float64 `json:"atMs"`
}

// Screenshot is one PNG snapshot of the portal view (WebKit's own rendering,
// not a screen grab).
type Screenshot struct {
	// Label says when it was taken: first-paint, loaded, handback, …
	Label  string  `json:"label"`
	Path   string  `json:"path"`
	URL    string  `json:"url,omitempty"`
	Width  int     `json:"width"`
	Height int     `json:"height"`
	AtMs   float64 `json:"atMs"`
	// TakenMs is when the window asked WebKit for the picture (AtMs is when
	// it was written), on the same clock: the report lists screenshots in
	// this order, the order of the events they show.
	TakenMs float64 `json:"takenMs,omitempty"`
	// Skipped says why no picture was taken at this moment, such as a
	// first-load that came after the page had handed back
	// (SkippedHandBackBeforePaint); Path is then empty.
	Skipped string `json:"skipped,omitempty"`
}

// The reasons for a skipped first-load screenshot: the page handed back
// (a call of the hand-back APIs) before its first paint, or after it but
// before its first load finished. The real app has left the page by then,
// so a picture of it labelled first-load would show what no user saw
// first.
const (
	SkippedHandBackBeforePaint = "the page handed back before its first paint"
	SkippedHandBackBeforeLoad  = "the page handed back before its first load finished"
	// SkippedNotSaved starts the reason of a screenshot taken but not
	// saved ("not saved: writing the PNG: … no space left on device").
	SkippedNotSaved = "not saved"
)

// Summary sums up the network requests and console of one session.
type Summary struct {
	Requests int `json:"requests"`
	// Failed requests got no response (network, TLS), or are WebSockets
	// that failed or were closed with an error code (Request.Failure);
	// HTTPErrors got a 4xx or 5xx status, cancelled after it or not.
	// Other cancelled ones are in neither.
	Failed     int   `json:"failed"`
	HTTPErrors int   `json:"httpErrors"`
	Bytes      int64 `json:"bytes"`
	// ByType counts the requests of each resource type.
	ByType map[string]int `json:"byType"`
	// ConsoleErrors counts console.error calls, PageErrors uncaught errors
	// and unhandled rejections, ConsoleWarnings console.warn calls.
	ConsoleErrors   int `json:"consoleErrors"`
	ConsoleWarnings int `json:"consoleWarnings"`
	PageErrors      int `json:"pageErrors"`
	// DroppedConsole, DroppedRequests and DroppedNavigations were not kept
	// (over the caps).
	DroppedConsole     int `json:"droppedConsole,omitempty"`
	DroppedRequests    int `json:"droppedRequests,omitempty"`
	DroppedNavigations int `json:"droppedNavigations,omitempty"`
}
