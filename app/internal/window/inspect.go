package window

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	iofs "io/fs"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
	"mpsim/assets"
	"mpsim/simulator/walledgarden"
)

// inspectHandler is the page message handler the inspection script posts to.
const inspectHandler = "mpsimInspect"

// recorder turns WebKit's signals and the inspection script's messages into
// inspect records for the parent. Its WebKit handlers run on the GTK thread;
// counts and the snapshot bookkeeping are shared with other goroutines
// under mu.
type recorder struct {
	p       *portal
	shooter *shotWriter // writes the session's screenshots, on the GTK thread
	token   []byte
	dir     string
	garden  []string // the walled garden's hosts; empty: no walled garden
	noAxe   bool     // the probes leave axe-core out (StartSpec.NoAxe)
	// acceptLanguage is the Accept-Language the window's languages make
	// WebKit send (see withAcceptLanguage); "" when not known.
	acceptLanguage string

	// GTK thread only.
	reqs     map[uint]*inspect.Request
	nextID   int
	topURI   string
	lastNav  navDecision
	loads    int
	shotSeq  int
	shotMeta map[uint]inspect.Screenshot
	probeSeq int
	probes   map[uint]string // probe id → label
	// jars are the cookie jar read just before each probe's DOM script
	// ran, by probe id, until the probe is sent.
	jars     map[uint]cookieJar
	netEnd   time.Time // when the last request ended
	handback bool      // the hand-back's probe was asked for
	probeJS  [2]string // axe-core, the probe body
	stalls   stallLog
	resize   *resizeRun // the hand-back probe's resize check in progress
	resizeID uint       // the probe id of the last resize measure
	closed   bool       // the window is closing: no resize check starts
	frames   frameLog   // ended requests waiting for their frame
	// topURI (above) is the URL of the page the view shows: set when a
	// top-frame load commits and kept current through its same-document
	// navigations (onURI), so that screenshots, probes, pop-ups and the
	// next navigation name the page's URL at the time, not the one it
	// loaded with. provisional says a top-frame load started and has not
	// committed (or failed) yet: the view's URI is then that load's.
	// sameDocs counts the same-document navigations recorded
	// (maxSameDocument).
	provisional bool
	sameDocs    int
	// fullscreens counts the fullscreen records sent
	// (maxFullscreenRecords).
	fullscreens int
	// provURIs are the URIs the current top-frame load went through
	// (provisionalURI); errorPage is the URL of a top-frame load that
	// failed, under which WebKit then shows its error page.
	provURIs  []string
	errorPage string
	// errorShown says the view is loading or showing that error page
	// (from its load's start to the next top-frame load's): WebKit loads
	// it as a document of about:blank, which is no request, navigation,
	// probe or screenshot of the portal's (the real app shows its own
	// error page). QA 'pay' (a payment provider down mid-flow): the HAR
	// had an about:blank page and the first paint's probe, still waiting
	// for a quiet network, audited it ("<html> has no lang").
	errorShown bool
	// chains maps each hop of a redirected request, until it is sent, to
	// the WebKit resource they all belong to.
	chains map[*inspect.Request]uint
	// startPages is the top page's URL (topURI) when each request that
	// is not a top-level document started, until it is sent
	// (pageAtStart).
	startPages map[*inspect.Request]string
	// mainRedirect is the top frame's last redirect: from, to.
	mainRedirect [2]string
	mixed        []mixedLoad // loads of plain http an https page asked for
	// sockets are the page's WebSockets not yet closed, by the inspection
	// script's id; channelCalls the EventSources and beacons waiting for
	// their request (channels.go).
	sockets      map[string]*inspect.Request
	channelCalls []channelCall
	started      map[string]time.Time // when a request of each URL last started
	// cssAnswers are the URLs answered as text/css (at most
	// maxCSSAnswers): a sheet of another origin whose <link> fired an
	// error though its answer was a style sheet's was not refused, one of
	// its @imports failed (onRefused).
	cssAnswers map[string]bool
	// chainStarts are the URLs the open redirected requests started from,
	// by WebKit resource (onRedirect), until they end (onDone, flush): a
	// hop answered as text/css counts for that URL in cssAnswers too,
	// since the page names the URL it asked for. At most maxCSSAnswers.
	chainStarts map[uint]string
	hintTick    bool // a timer will release the held requests that are due
	// afterMain is the session's end waiting for the main document's
	// request to end (whenMainEnds).
	afterMain func()
	// notShown are the open requests whose documents WebKit did not show,
	// with why (markNotShown), until they end.
	notShown map[*inspect.Request]string
	// resizing mirrors resize != nil for the goroutine that closes.
	resizing atomic.Bool
	// handedBack is set once the page called a hand-back API (with the
	// session token), painted once the shim reported its first paint; on
	// the GTK thread. A first load that finishes after a hand-back gets no
	// first-load screenshot (skipShot).
	handedBack, painted bool
	// handbackShot is set once the parent asked for the hand-back's
	// screenshot (the session has its hand-back): no load gets a
	// screenshot after it (loadShot). On the GTK thread.
	handbackShot bool
	// closeAsked is set once the parent asked the window to close: a
	// probe waiting for a quiet network starts at once.
	closeAsked atomic.Bool

	mu          sync.Mutex
	console     int
	consoleSec  int
	secStart    time.Time
	repeats     map[string]int // this second's console records by repeat key
	requests    int
	navigations int
	shots       int
	pending     int
	idle        *sync.Cond
}

// navDecision is the last navigation WebKit asked about, to explain the
// top-frame load that follows it.
type navDecision struct {
	uri     string
	cause   string
	gesture bool
}

func newRecorder(p *portal, dir string) *recorder {
	r := &recorder{p: p, token: []byte(randomHex()), dir: dir, reqs: map[uint]*inspect.Request{}, shotMeta: map[uint]inspect.Screenshot{}, probes: map[uint]string{}, jars: map[uint]cookieJar{}, shooter: newShotWriter()}
	r.idle = sync.NewCond(&r.mu)
	return r
}

// script is the inspection script with this window's handler and token.
func (r *recorder) script() (string, error) {
	b, err := iofs.ReadFile(assets.FS(), "inspect/inspect.js")
	if err != nil {
		return "", fmt.Errorf("inspection script: %w", err)
	}
	s := strings.ReplaceAll(string(b), "__INSPECT_TOKEN__", string(r.token))
	s = strings.ReplaceAll(s, "__INSPECT_GARDEN__", strconv.FormatBool(len(r.garden) > 0))
	s = strings.ReplaceAll(s, "__INSPECT_GARDEN_HOSTS__", scriptGardenHosts(r.garden))
	return strings.ReplaceAll(s, "__INSPECT_HANDLER__", inspectHandler), nil
}

func (r *recorder) now() float64 { return float64(time.Since(r.p.started).Microseconds()) / 1000 }

// handlers are the WebKit inspection handlers.
func (r *recorder) handlers() webkit.Inspector {
	return webkit.Inspector{
		ResourceStarted:  r.onStarted,
		ResourceResponse: r.onResponse,
		ResourceRedirect: r.onRedirect,
		ResourceData:     r.onData,
		ResourceDone:     r.onDone,
		TopLoad:          r.onTopLoad,
		URIChanged:       r.onURI,
		Popup:            r.onPopup,
		Download:         r.onDownload,
		Message:          r.onMessage,
		SnapshotDone:     r.onSnapshot,
		ProbeDone:        r.onProbe,
	}
}

func (r *recorder) onStarted(id uint, method, uri string, headers []string, main bool) {
	if main && uri == "about:blank" && (r.errorPage != "" || r.errorShown) {
		return // WebKit's error page (errorShown)
	}
	rq := r.newRequest(method, uri, parseHeaders(headers), main)
	r.reqs[id] = rq
	r.channelStarted(rq)
	switch {
	case main:
		r.p.pending.clear()
	case frameDocument(rq.RequestHeaders):
		r.p.onFrameDocument(uri)
	}
}

// frameDocument reports whether a request with headers may be a frame's
// document load: its Sec-Fetch-Dest says iframe or frame, or it has none.
func frameDocument(headers []inspect.Header) bool {
	for _, h := range headers {
		if strings.EqualFold(h.Name, "Sec-Fetch-Dest") {
			v := strings.ToLower(strings.TrimSpace(h.Value))
			return v == "iframe" || v == "frame"
		}
	}
	return true
}

// newRequest numbers a request that starts now. Its type is what the
// request was made for (its Sec-Fetch-Dest header), so that a fetch()
// answered by an HTML error page is still a fetch; when it does not say,
// the response's MIME type decides later.
func (r *recorder) newRequest(method, uri string, headers []inspect.Header, main bool) *inspect.Request {
	r.nextID++
	r.noteStarted(uri)
	rq := &inspect.Request{ID: r.nextID, Method: method, URL: uri, Main: main, Bytes: -1, StartMs: r.now(),
		RequestHeaders: withAcceptLanguage(headers, uri, r.acceptLanguage), Type: destType(headers)}
	if main {
		rq.Type, rq.Initiator = inspect.TypeDocument, initiatorNavigation
	} else if r.topURI != "" {
		if r.startPages == nil {
			r.startPages = map[*inspect.Request]string{}
		}
		r.startPages[rq] = r.topURI
	}
	return rq
}

// pageAtStart makes the frame of rq, which took the hint h, the top page's
// URL when rq started, when h names the top frame and that URL is of its
// origin: the script says which frame made a load only once the load has
// ended, with the frame's URL then, and a single-page portal may have
// changed its URL since (history.pushState, a fragment), so that a
// request made on /app/step1 was filed under /app/step2 (QA). The
// recorder follows the top page's URL (onURI), so it knows the page's
// state that made the request.
func (r *recorder) pageAtStart(rq *inspect.Request, h frameHint) {
	if at := r.startPages[rq]; h.Top && at != "" && at != rq.Frame && sameDocumentOrigin(at, rq.Frame) {
		rq.Frame = at
	}
}

// withAcceptLanguage returns the headers WebKit reported for a request of
// uri with the Accept-Language WebKit sends with it: the network process
// adds that header (from the languages the window set, value) after WebKit
// reports the request, unless the page set its own, which WebKit reports
// and sends instead. Only http(s) requests go to the network process.
func withAcceptLanguage(headers []inspect.Header, uri, value string) []inspect.Header {
	if value == "" {
		return headers
	}
	if scheme, _, _ := strings.Cut(uri, ":"); !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "http") {
		return headers
	}
	for _, h := range headers {
		if strings.EqualFold(h.Name, "Accept-Language") {
			return headers
		}
	}
	return append(headers, inspect.Header{Name: "Accept-Language", Value: value, Note: inspect.AcceptLanguageNote})
}

// destTypes map the Sec-Fetch-Dest values WebKit sends to resource types;
// never modified.
var destTypes = map[string]string{
	"empty": inspect.TypeFetch, "script": inspect.TypeScript, "worker": inspect.TypeScript, "sharedworker": inspect.TypeScript,
	"serviceworker": inspect.TypeScript, "style": inspect.TypeStylesheet, "image": inspect.TypeImage, "font": inspect.TypeFont,
	"document": inspect.TypeDocument, "iframe": inspect.TypeDocument, "frame": inspect.TypeDocument,
	"audio": inspect.TypeMedia, "video": inspect.TypeMedia, "track": inspect.TypeMedia,
}

// destType is the resource type a request's Sec-Fetch-Dest header names,
// or "" when it has none that says.
func destType(headers []inspect.Header) string {
	for _, h := range headers {
		if strings.EqualFold(h.Name, "Sec-Fetch-Dest") {
			return destTypes[strings.ToLower(strings.TrimSpace(h.Value))]
		}
	}
	return ""
}

func (r *recorder) onResponse(id uint, status int, mimeType string, length int64, headers []string, uri string) {
	rq := r.reqs[id]
	if rq == nil {
		return
	}
	rq.Status, rq.StatusText, rq.MimeType = status, statusText(status), mimeType
	rq.ResponseHeaders = parseHeaders(headers)
	rq.ResponseMs = r.now()
	if length > 0 && rq.Bytes < 0 {
		rq.Bytes = length
	}
	if uri != "" && !inspect.SameDocumentURL(uri, rq.URL) && rq.RedirectURL == "" {
		// A redirect WebKit did not report as one (each reported one
		// is a record of its own, see onRedirect).
		rq.RedirectURL = uri
	}
	if rq.Type == "" {
		rq.Type = resourceType(mimeType, uri)
	}
	if isCSS(mimeType) {
		r.cssAnswered(rq.URL)
		if from := r.chainStarts[id]; from != "" {
			r.cssAnswered(from)
		}
	}
}

// cssAnswered notes that uri was answered as text/css (cssAnswers), within
// maxCSSAnswers.
func (r *recorder) cssAnswered(uri string) {
	if len(r.cssAnswers) >= maxCSSAnswers {
		return
	}
	if r.cssAnswers == nil {
		r.cssAnswers = map[string]bool{}
	}
	r.cssAnswers[uri] = true
}

// maxCSSAnswers bounds recorder.cssAnswers and recorder.chainStarts: a
// portal has a few style sheets, a page that loads thousands gets the
// error it got before.
const maxCSSAnswers = 500

// isCSS reports whether mimeType (a response's, without parameters) is a
// style sheet's, the one type WebKit never refuses a sheet for.
func isCSS(mimeType string) bool {
	return strings.EqualFold(strings.TrimSpace(mimeType), "text/css")
}

// onRefused judges the inspection script's "refused" record: the <link>
// of a sheet of another origin fired an error event though its load has a
// Resource Timing entry, and the page cannot read its rules to tell a
// refused sheet from one whose @import failed. Its answer's type can: a
// sheet answered as text/css was not refused, so no console error; any
// other answer, or none recorded, keeps the error. A redirected sheet's
// last hop answers for the URL the page asked for too (chainStarts).
// Until 2026-12-07 the error was always logged, so a CDN's sheet with a
// broken @import made a false "refused" console error; and then, for a
// while, a redirected one still did, its answer counting only under its
// last hop's URL.
func (r *recorder) onRefused(m *consoleWire) bool {
	if r.cssAnswers[m.Source] {
		return false
	}
	m.Kind, m.Source = inspect.ConsoleCall, ""
	return true
}

// onRedirect ends the request id with its redirect response and opens a
// record for the request it led to, as HAR 1.2 has an entry per hop: each
// hop has its own URL, method, status and Location (RedirectURL), so that
// a finding about a status names the URL that answered it. The new hop
// keeps the request's type and initiator.
func (r *recorder) onRedirect(id uint, rd webkit.Redirect) {
	hop := r.reqs[id]
	if hop == nil {
		return
	}
	next := r.newRequest(rd.Method, rd.To, parseHeaders(rd.RequestHeaders), hop.Main)
	if next.Type == "" {
		next.Type = hop.Type
	}
	if !hop.Main {
		next.Initiator = hop.Initiator
	}
	r.reqs[id] = next
	hop.Status, hop.StatusText, hop.RedirectURL = rd.Status, statusText(rd.Status), rd.To
	hop.ResponseHeaders = parseHeaders(rd.ResponseHeaders)
	hop.ResponseMs, hop.EndMs = next.StartMs, next.StartMs
	if hop.Type == "" {
		hop.Type = resourceType("", hop.URL)
	}
	if hop.Main {
		r.mainRedirect = [2]string{hop.URL, rd.To}
	}
	if r.chains == nil {
		r.chains = map[*inspect.Request]uint{}
	}
	r.chains[hop], r.chains[next] = id, id
	if _, ok := r.chainStarts[id]; !ok && len(r.chainStarts) < maxCSSAnswers {
		if r.chainStarts == nil {
			r.chainStarts = map[uint]string{}
		}
		r.chainStarts[id] = hop.URL
	}
	r.netEnd = time.Now()
	r.endRequest(hop)
}

// redirectedFrom is the URL that sent the top frame's redirect to uri: the
// main document's last redirected hop, or the open main request when
// WebKit reported the load's redirect before the resource's.
func (r *recorder) redirectedFrom(uri string) string {
	if r.mainRedirect[0] != "" && inspect.SameDocumentURL(r.mainRedirect[1], uri) {
		return r.mainRedirect[0]
	}
	for _, rq := range r.reqs {
		if rq.Main && !inspect.SameDocumentURL(rq.URL, uri) {
			return rq.URL
		}
	}
	return r.topURI
}

func (r *recorder) onData(id uint, n uint64) {
	if rq := r.reqs[id]; rq != nil {
		if rq.Bytes < 0 {
			rq.Bytes = 0
		}
		rq.Bytes += int64(n)
	}
}

func (r *recorder) onDone(id uint, err string, tls, cancelled bool) {
	rq := r.reqs[id]
	if rq == nil {
		return
	}
	delete(r.reqs, id)
	delete(r.chainStarts, id)
	rq.EndMs = r.now()
	rq.Failed, rq.TLS, rq.Cancelled = err, tls, cancelled
	if cancelled && rq.Status >= 400 {
		// WebKit stops reading the body of a script or stylesheet that
		// answered an HTTP error: the load ended with that status; the
		// page did not cancel it.
		rq.Failed, rq.Cancelled = "", false
	}
	if err != "" && len(r.garden) > 0 {
		r.gardenDone(rq, err)
	}
	if cancelled && (rq.Download || isAttachment(rq.ResponseHeaders)) {
		downloaded(rq)
	}
	r.notShownDone(rq, cancelled)
	if rq.Type == "" {
		rq.Type = resourceType(rq.MimeType, rq.URL)
	}
	r.netEnd = time.Now()
	r.endRequest(rq)
	if rq.Main {
		r.runAfterMain()
	}
}

// mainEndWait bounds how long the end of a session for the main
// document's HTTP error waits for that document's body (whenMainEnds).
const mainEndWait = time.Second

// whenMainEnds runs end (the session's end for an HTTP error of the main
// document, which WebKit reports when the load commits) once the main
// document's request has ended, at most mainEndWait from now; at once when
// none is open. The window closes at the session's end, and a request
// still open then is recorded as pending: QA saw a 404 or 500 error page
// of 38 KB, or one that took 400 ms to send, recorded as pending with no
// end time instead of with its status, size and timing. On the GTK
// thread.
func (r *recorder) whenMainEnds(end func()) {
	open := false
	for _, rq := range r.reqs {
		open = open || rq.Main
	}
	if !open {
		end()
		return
	}
	r.afterMain = end
	time.AfterFunc(mainEndWait, func() { r.p.dispatch(r.runAfterMain) })
}

// runAfterMain runs the end whenMainEnds holds, once; on the GTK thread.
func (r *recorder) runAfterMain() {
	if end := r.afterMain; end != nil {
		r.afterMain = nil
		end()
	}
}

// endRequest sends an ended request, or holds it while it may still get
// the hint of its frame.
func (r *recorder) endRequest(rq *inspect.Request) {
	if awaitsHint(rq) {
		r.frames.hold(rq, time.Now())
		r.tickHints(hintWait)
		return
	}
	r.sendRequest(rq)
}

// onHint gives a frame hint of the inspection script to its request; a
// held request that takes it goes to the parent at once. The other hops
// of a redirected request take it too: the script names only the URL
// the page asked for.
func (r *recorder) onHint(h frameHint) {
	rq, at := r.frames.match(r.reqs, h)
	if rq == nil {
		return
	}
	if r.ownLoad(rq, h) {
		// WebKit lists a frame's own document load in the timeline of
		// the document it loaded: the page that made it is the one it
		// came from. With no Referer that names it, the request is left
		// for the hint of the page holding the iframe (its first load),
		// or goes without a frame.
		h.Frame = referrerPage(rq)
		if rq.Frame = h.Frame; h.Frame == "" {
			return
		}
	}
	if at >= 0 {
		r.frames.release(at)
	}
	r.pageAtStart(rq, h)
	r.hintChain(rq, h)
	if at >= 0 {
		r.sendRequest(rq)
	}
}

// ownLoad says whether h, which rq took, is the entry of an iframe's
// document for the load that brought it there (rq, or a redirect of rq's
// chain, is that document's URL): after a frame's first document, WebKit
// lists each of its document loads (a form it posted, a link it followed)
// in the new document's timeline, which names itself. QA 'pay' fa: the
// payment provider's form POST in an iframe and its 303 were filed under
// the page they led to, not the page that posted the form.
func (r *recorder) ownLoad(rq *inspect.Request, h frameHint) bool {
	if h.Initiator != "iframe" || h.Top {
		return false
	}
	if inspect.SameDocumentURL(rq.URL, h.Frame) {
		return true
	}
	res, ok := r.chains[rq]
	if !ok {
		return false
	}
	if o := r.reqs[res]; o != nil && inspect.SameDocumentURL(o.URL, h.Frame) {
		return true
	}
	for _, hr := range r.frames.held {
		if r.chains[hr.rq] == res && hr.rq != rq && inspect.SameDocumentURL(hr.rq.URL, h.Frame) {
			return true
		}
	}
	return false
}

// hintChain gives the frame of rq, which took hint h, to the other hops of
// its redirects, and the hint's sizes to the last hop (the sizes are the
// final response's); the held ones go to the parent.
func (r *recorder) hintChain(rq *inspect.Request, h frameHint) {
	res, ok := r.chains[rq]
	if !ok {
		return
	}
	wire, encoded, decoded := rq.WireBytes, rq.EncodedBytes, h.Decoded
	if rq.RedirectURL != "" {
		rq.WireBytes, rq.EncodedBytes = 0, 0
	}
	h.Wire, h.Encoded, h.Decoded = 0, 0, 0
	give := func(o *inspect.Request) {
		h.apply(o)
		r.pageAtStart(o, h)
		if o.RedirectURL == "" {
			o.WireBytes, o.EncodedBytes = wire, encoded
			if decoded > 0 && decoded < maxWireBytes {
				o.Bytes = decoded
			}
		}
	}
	if o := r.reqs[res]; o != nil && o != rq && o.Frame == "" {
		give(o)
	}
	for _, o := range r.frames.take(func(o *inspect.Request) bool { return o != rq && o.Frame == "" && r.chains[o] == res }) {
		give(o)
		r.sendRequest(o)
	}
}

// tickHints arms the timer that releases the held requests once their
// wait is over, unless one is armed; on the GTK thread. Once the window
// closes, flush sends what is held.
func (r *recorder) tickHints(after time.Duration) {
	if r.hintTick {
		return
	}
	r.hintTick = true
	time.AfterFunc(after, func() {
		if !r.p.isClosing() {
			r.p.dispatch(r.releaseHints)
		}
	})
}

// releaseHints sends the held requests whose wait is over; on the GTK
// thread.
func (r *recorder) releaseHints() {
	r.hintTick = false
	out, next := r.frames.due(time.Now())
	for _, rq := range out {
		r.sendRequest(rq)
	}
	if n := r.releaseMixed(time.Now()); !n.IsZero() && (next.IsZero() || n.Before(next)) {
		next = n
	}
	if !next.IsZero() {
		r.tickHints(max(time.Until(next), time.Millisecond))
	}
}

func (r *recorder) sendRequest(rq *inspect.Request) {
	delete(r.chains, rq)
	delete(r.startPages, rq)
	r.mu.Lock()
	over := r.requests >= ipc.MaxRequests
	if over {
		r.p.lim.inspectDropped(0, 1, 0)
	} else {
		r.requests++
	}
	r.mu.Unlock()
	if !over {
		r.p.send(ipc.Message{Type: ipc.TypeRequest, Request: rq})
	}
}

// flush reports the requests still open when the window closes.
func (r *recorder) flush() {
	held, _ := r.frames.due(time.Time{})
	for _, rq := range held {
		r.sendRequest(rq)
	}
	r.releaseMixed(time.Time{})
	r.flushSockets()
	for id, rq := range r.reqs {
		rq.Pending = true
		r.sendRequest(rq)
		delete(r.reqs, id)
	}
	r.chainStarts, r.notShown = nil, nil
}

// onDecide notes a navigation WebKit asks about; it reports (and blocks)
// a custom-scheme navigation of a loaded portal.
func (r *recorder) onDecide(kind webkit.PolicyKind, uri string, cause int, gesture bool) bool {
	if kind != webkit.PolicyNavigation {
		return false
	}
	r.lastNav = navDecision{uri: uri, cause: webkit.NavigationTypeName(cause), gesture: gesture}
	r.mixedFrame(uri)
	if r.p.committed && isCustomScheme(uri) {
		r.navigation(inspect.Navigation{Kind: inspect.NavScheme, URL: uri, From: r.topURI, Cause: r.lastNav.cause, UserGesture: gesture, Blocked: true})
		return true
	}
	return false
}

// onTopLoad records the top frame's loads. When the page itself navigates
// (location.href = …), WebKit's view still has the shown page's URI when
// the load starts (the one it committed, or the last pushState or
// fragment after that: topURI follows both), and changes it only after
// load-changed: the navigation's URL is then the one WebKit last asked
// about (topLoadURL).
func (r *recorder) onTopLoad(event int, uri string) {
	switch event {
	case webkit.LoadStarted:
		r.p.pending.clear()
		r.provisional, r.provURIs = true, nil
		r.errorShown = r.errorPage != "" && uri == r.errorPage
		if r.errorShown {
			// WebKit's error page of the load that failed: no
			// navigation of the page.
			return
		}
		n := inspect.Navigation{Kind: inspect.NavTopFrame, URL: topLoadURL(uri, r.topURI, r.lastNav.uri), From: r.topURI}
		if r.lastNav.uri == n.URL {
			n.Cause, n.UserGesture = r.lastNav.cause, r.lastNav.gesture
		}
		r.lastNav = navDecision{}
		r.navigation(n)
	case webkit.LoadRedirected:
		r.navigation(inspect.Navigation{Kind: inspect.NavRedirect, URL: uri, From: r.redirectedFrom(uri)})
	case webkit.LoadCommitted:
		r.topURI, r.provisional = uri, false
		r.leaveSockets()
	case webkit.LoadFinished:
		r.onTopFinished(uri)
	}
}

// onTopFinished takes the screenshot of a top-frame load that finished
// (loadShot); WebKit's error page gets none.
func (r *recorder) onTopFinished(uri string) {
	if r.errorPage != "" && uri == r.errorPage && !r.provisional {
		r.errorPage = ""
	}
	// A load that failed before it committed ends here too; the view
	// goes on showing the page it had.
	r.provisional = false
	if r.errorShown {
		return // WebKit's error page: no load of the portal's
	}
	r.loads++
	switch shot := r.loadShot(); shot {
	case shotSkipFirst:
		r.skipShot(firstLoadLabel)
	case shotFirst:
		r.snapshot(firstLoadLabel)
	case shotLoaded:
		r.snapshot(loadedLabel)
	case shotHold:
		r.holdLoaded()
	case shotNone:
	}
}

// Labels of the screenshots of the top frame's loads.
const (
	firstLoadLabel = "first-load"
	loadedLabel    = "loaded"
)

// loadShotKind is what a finished top-frame load gets (loadShot).
type loadShotKind int

const (
	shotNone      loadShotKind = iota // after the session's hand-back
	shotFirst                         // first-load
	shotSkipFirst                     // first-load, skipped: the page handed back first
	shotLoaded                        // loaded
	shotHold                          // loaded, once the parent did not take the hand-back (holdLoaded)
)

// loadShot says which screenshot the top-frame load that just finished
// (r.loads counts it) gets. A later load that finishes after the page
// handed back (an inline hand-back on the return page, which then goes on
// loading) gets none once the parent asked for the hand-back's screenshot:
// the app has left the portal, and the hand-back's picture is its last
// (QA 'pay' ra: 07-loaded after 06-handback). When the parent has not
// asked yet, it is held (holdLoaded): a hand-back the parent refused (from
// a host it does not allow) leaves the session going.
func (r *recorder) loadShot() loadShotKind {
	switch {
	case r.loads == 1 && r.handedBack:
		return shotSkipFirst
	case r.loads == 1:
		return shotFirst
	case r.handbackShot:
		return shotNone
	case r.handedBack:
		return shotHold
	}
	return shotLoaded
}

// handbackWait is how long a load's screenshot after a hand-back call is
// held for the parent's hand-back screenshot (holdLoaded): the parent asks
// within milliseconds of an accepted one.
const handbackWait = 500 * time.Millisecond

// holdLoaded takes the "loaded" screenshot of a load that finished after a
// hand-back call unless, within handbackWait, the parent asked for the
// hand-back's screenshot or the window began to close; on the GTK thread.
func (r *recorder) holdLoaded() {
	time.AfterFunc(handbackWait, func() {
		r.p.dispatch(func() {
			if !r.handbackShot && !r.closeAsked.Load() && !r.p.isClosing() {
				r.snapshot(loadedLabel)
			}
		})
	})
}

// onCall notes a bridge call the window forwarded; on the GTK thread, like
// the load events, so a hand-back the page made while it parsed is seen
// before its load finishes.
func (r *recorder) onCall(kind callKind) {
	switch kind {
	case callHandBack:
		r.handedBack = true
	case callFirstPaint:
		r.painted = true
	case callOther:
	}
}

// skipShot reports a screenshot not taken: the page handed back before its
// first load finished, so a picture now shows a page the app had left, not
// what the user saw first.
func (r *recorder) skipShot(label string) {
	reason := inspect.SkippedHandBackBeforeLoad
	if !r.painted {
		reason = inspect.SkippedHandBackBeforePaint
	}
	now := r.now()
	r.p.send(ipc.Message{Type: ipc.TypeScreenshot, Screenshot: &inspect.Screenshot{Label: label, URL: r.topURI, AtMs: now, TakenMs: now, Skipped: reason}})
}

func (r *recorder) onPopup(uri string, gesture bool, navType int) {
	r.navigation(inspect.Navigation{Kind: inspect.NavPopup, URL: uri, From: r.topURI, Cause: webkit.NavigationTypeName(navType), UserGesture: gesture, Blocked: true})
}

func (r *recorder) onDownload(uri, mimeType string) {
	r.markDownload(uri)
	r.navigation(inspect.Navigation{Kind: inspect.NavDownload, URL: uri, From: r.topURI, Cause: mimeType, Blocked: true})
}

// markDownload marks the open request of uri (the last one, when several
// are) as the one a download came from: WebKit ends it as a load its
// policy interrupted, and onDone records it as a download (downloaded).
func (r *recorder) markDownload(uri string) {
	var last *inspect.Request
	for _, rq := range r.reqs {
		if rq.URL == uri && (last == nil || rq.ID > last.ID) {
			last = rq
		}
	}
	if last != nil {
		last.Download = true
	}
}

// downloadBlocked is the Failed of a request that became a download.
const downloadBlocked = "download blocked: the response is a download, which the Mobile Plans app's WebView does not start (see the download navigation)"

// downloaded records rq as a download the window blocked: its type is
// what it was made for no more (an iframe's or a link's document), but
// other, as it is no document of the page; WebKit's "Frame load
// interrupted" becomes why. It stays cancelled: the download-blocked
// finding is its finding, not request-failed.
func downloaded(rq *inspect.Request) {
	rq.Download, rq.Type = true, inspect.TypeOther
	rq.Failed, rq.Cancelled = downloadBlocked, true
}

// isAttachment says whether a response's headers make it a download
// (Content-Disposition: attachment).
func isAttachment(headers []inspect.Header) bool {
	for _, h := range headers {
		if strings.EqualFold(h.Name, "Content-Disposition") {
			v := strings.ToLower(strings.TrimSpace(h.Value))
			return v == "attachment" || strings.HasPrefix(v, "attachment;")
		}
	}
	return false
}

func (r *recorder) navigation(n inspect.Navigation) {
	n.AtMs = r.now()
	r.mu.Lock()
	over := r.navigations >= ipc.MaxNavigations
	if over {
		r.p.lim.inspectDropped(0, 0, 1)
	} else {
		r.navigations++
	}
	r.mu.Unlock()
	if !over {
		r.p.send(ipc.Message{Type: ipc.TypeNavigation, Navigation: &n})
	}
}

// consoleWire is a message of the inspection script.
type consoleWire struct {
	Token  string `json:"t"`
	Kind   string `json:"k"`
	Level  string `json:"l"`
	Text   string `json:"x"`
	Source string `json:"s"`
	Line   int    `json:"n"`
	Column int    `json:"c"`
	Stack  string `json:"st"`
	Frame  string `json:"f"`
	Top    bool   `json:"top"`
	// Declaration is an inline script's let, const, class or function
	// declaration of a name like the app's globals, sent with an error
	// WebKit gave no detail of.
	Declaration string `json:"d"`
	// Loads are a frame's loads (kind "loads").
	Loads []loadWire `json:"r"`
}

// loadWire is one load of a "loads" message: [URL, initiator type,
// transferSize, encodedBodySize] (the sizes 0 when the entry hides them).
type loadWire struct {
	URL, Initiator         string
	Wire, Encoded, Decoded int64
}

// UnmarshalJSON reads a load from its array.
func (l *loadWire) UnmarshalJSON(data []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("a load: %w", err)
	}
	if len(raw) < 2 || len(raw) > 5 {
		return fmt.Errorf("a load has %d fields, want 2 to 5", len(raw))
	}
	if err := json.Unmarshal(raw[0], &l.URL); err != nil {
		return fmt.Errorf("a load's URL: %w", err)
	}
	if err := json.Unmarshal(raw[1], &l.Initiator); err != nil {
		return fmt.Errorf("a load's initiator: %w", err)
	}
	sizes := []*int64{&l.Wire, &l.Encoded, &l.Decoded}
	for i, r := range raw[2:] {
		var f float64
		if err := json.Unmarshal(r, &f); err != nil {
			return fmt.Errorf("a load's size: %w", err)
		}
		if f > 0 && f < maxWireBytes {
			*sizes[i] = int64(f)
		}
	}
	return nil
}

// maxLoadsPerMessage caps the loads one message of the script may name
// (the script sends 50 at most).
const maxLoadsPerMessage = 100

// onMessage forwards a console record of the inspection script; messages
// without the window's token (the page posting to the handler itself) and
// those over the caps are dropped (counted).
func (r *recorder) onMessage(data string) {
	var m consoleWire
	if json.Unmarshal([]byte(data), &m) != nil || subtle.ConstantTimeCompare([]byte(m.Token), r.token) != 1 {
		r.p.lim.malformed()
		return
	}
	switch m.Kind {
	case inspect.ConsoleCall, inspect.ConsoleError, inspect.ConsoleRejection:
	case "refused":
		if !r.onRefused(&m) {
			return
		}
	default:
		if !r.onRecord(m) {
			r.p.lim.malformed()
		}
		return
	}
	if !r.admitConsole(m.Kind + "\x00" + m.Level + "\x00" + repeatKey(m.Text)) {
		r.p.lim.inspectDropped(1, 0, 0)
		return
	}
	c := inspect.ConsoleMessage{Kind: m.Kind, Level: cut(m.Level, 16), Text: cut(m.Text, 4000), Source: cut(m.Source, 2000),
		Line: m.Line, Column: m.Column, Stack: cut(m.Stack, 4000), Frame: cut(m.Frame, 2000), TopFrame: m.Top, AtMs: r.now(), Declaration: cut(m.Declaration, 200)}
	r.p.send(ipc.Message{Type: ipc.TypeConsole, Console: &c})
}

// onRecord takes an inspection script's record that is not a console
// message (a blocked element's load, a frame's loads, mixed content, a bad
// port, a WebSocket, a channel, a CSP refusal, a stall) and reports
// whether it knew its kind.
func (r *recorder) onRecord(m consoleWire) bool {
	switch m.Kind {
	case "resource":
		r.blockedElement(cut(m.Level, 32), cut(m.Source, 32), m.Text, cut(m.Frame, 2000), m.Top)
		r.onHint(frameHint{URL: m.Text, Initiator: cut(m.Level, 32), Frame: cut(m.Frame, 2000), Top: m.Top, FailedOnly: true})
	case "loads":
		r.onLoads(m)
	case "mixed":
		r.onMixed(cut(m.Level, 32), cut(m.Source, 32), cut(m.Text, 2000), cut(m.Frame, 2000), m.Top)
	case "port":
		r.onBadPort(cut(m.Level, 32), cut(m.Source, 32), cut(m.Text, 2000), cut(m.Frame, 2000), m.Top)
	case "socket":
		r.onSocket(cut(m.Level, 16), cut(m.Source, 64), cut(m.Text, 2000), cut(m.Frame, 2000), m.Top, m.Line)
	case "channel":
		r.onChannel(cut(m.Level, 32), cut(m.Text, 2000), cut(m.Frame, 2000), m.Top)
	case "csp":
		r.onCSPLoad(cut(m.Level, 32), cut(m.Text, 2000), cut(m.Source, 2000), cut(m.Frame, 2000), m.Top)
	case "stall":
		if !m.Top || !r.stalls.add(inspect.Stall{URL: cut(m.Frame, 2000), AtMs: r.now(), DurationMs: float64(m.Line)}) {
			r.p.lim.malformed()
		}
	default:
		return false
	}
	return true
}

// onLoads takes the frame hints of a "loads" message.
func (r *recorder) onLoads(m consoleWire) {
	if len(m.Loads) > maxLoadsPerMessage {
		r.p.lim.malformed()
		return
	}
	frame := cut(m.Frame, 2000)
	for _, l := range m.Loads {
		r.onHint(frameHint{URL: l.URL, Initiator: cut(l.Initiator, 32), Frame: frame, Top: m.Top, Wire: l.Wire, Encoded: l.Encoded, Decoded: l.Decoded})
	}
}

// repeatsPerSecond is how many console records of one repeat key (see
// repeatKey) a second admits: a flood of one message leaves the rest of
// the second's budget to the others, so the one error that matters after
// 300 identical ones is kept.
const repeatsPerSecond = 10

// repeatKey is text with its digits left out: "beacon 17 failed" and
// "beacon 18 failed" repeat one message.
func repeatKey(text string) string {
	if len(text) > 200 {
		text = text[:200]
	}
	return strings.Map(func(c rune) rune {
		if c >= '0' && c <= '9' {
			return -1
		}
		return c
	}, text)
}

// admitConsole says whether a console record of repeat key key is sent:
// within the window's caps (ipc.MaxConsole, ipc.MaxConsolePerSecond) and
// repeatsPerSecond of its key.
func (r *recorder) admitConsole(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if now := time.Now(); now.Sub(r.secStart) >= time.Second || r.repeats == nil {
		r.secStart, r.consoleSec, r.repeats = now, 0, map[string]int{}
	}
	if r.console >= ipc.MaxConsole || r.consoleSec >= ipc.MaxConsolePerSecond || r.repeats[key] >= repeatsPerSecond {
		return false
	}
	r.console++
	r.consoleSec++
	r.repeats[key]++ // at most MaxConsolePerSecond keys a second
	return true
}

// snapshot takes a screenshot labelled label; on the GTK thread.
func (r *recorder) snapshot(label string) {
	r.mu.Lock()
	r.pending++
	r.mu.Unlock()
	r.take(label)
}

// requestSnapshot asks for a screenshot from any goroutine: it counts as
// pending at once, so a close read right after waits for it.
func (r *recorder) requestSnapshot(label string) {
	r.mu.Lock()
	r.pending++
	r.mu.Unlock()
	r.p.dispatch(func() { r.take(label) })
}

// take starts a counted snapshot (pending already includes it); on the GTK
// thread.
func (r *recorder) take(label string) {
	r.handbackShot = r.handbackShot || label == handbackLabel
	r.mu.Lock()
	if r.dir == "" || r.shots >= ipc.MaxScreenshots {
		r.pending--
		r.idle.Broadcast()
		r.mu.Unlock()
		return
	}
	r.shots++
	r.mu.Unlock()
	r.shotSeq++
	id := uint(r.shotSeq)
	path := filepath.Join(r.dir, fmt.Sprintf("%02d-%s.png", r.shotSeq, safeLabel(label)))
	r.shotMeta[id] = inspect.Screenshot{Label: label, Path: path, URL: r.topURI, TakenMs: r.now()}
	r.stalls.busy(r.now())
	r.p.view.Snapshot(id)
}

// onSnapshot writes a snapshot's pixels to its file and tells the parent;
// on the GTK thread. (Encoding on a goroutine of its own freed the GTK
// thread sooner but delayed the host's result by 50 ms in make bench: the
// screenshot then reached the host, whose thumbnail is decoded and shown,
// just as the result was to be drawn.)
func (r *recorder) onSnapshot(id uint, px webkit.Pixels, err string) {
	s, ok := r.shotMeta[id]
	delete(r.shotMeta, id)
	if ok {
		r.stalls.idle(r.now())
		r.p.send(r.shotMessage(s, px, err))
	}
	r.mu.Lock()
	r.pending--
	r.idle.Broadcast()
	r.mu.Unlock()
	if r.resize != nil && len(r.shotMeta) == 0 {
		r.resumeResize(r.resize) // it waited for this screenshot
	}
}

// shotMessage writes the snapshot's pixels to s.Path and says how it went:
// the screenshot; one not saved (a full disk), which the report lists as
// skipped with why and the command line warns of (crowd QA: it was only a
// line of the log, and the file was left cut short); or, when WebKit took
// no snapshot (err), the error.
func (r *recorder) shotMessage(s inspect.Screenshot, px webkit.Pixels, err string) ipc.Message {
	if err != "" {
		return ipc.Message{Type: ipc.TypeError, Message: fmt.Sprintf("screenshot %q: %s", s.Label, err)}
	}
	werr := r.shooter.write(px, s.Path)
	if s.Label != handbackLabel {
		r.shooter.release()
	}
	if werr != nil {
		s.Path, s.Skipped = "", inspect.SkippedNotSaved+": "+werr.Error()
		return ipc.Message{Type: ipc.TypeScreenshot, Screenshot: &s}
	}
	s.Width, s.Height, s.AtMs = px.Width, px.Height, r.now()
	m := ipc.Message{Type: ipc.TypeScreenshot, Screenshot: &s}
	if !utf8.ValidString(s.Path) {
		m.ShotPath = ipc.Path(s.Path) // Screenshot.Path cannot carry it
	}
	return m
}

// waitSnapshots waits up to d for the snapshots in progress; not on the
// GTK thread (which must run for them to finish).
func (r *recorder) waitSnapshots(d time.Duration) {
	deadline := time.Now().Add(d)
	stop := time.AfterFunc(d, func() {
		r.mu.Lock()
		r.idle.Broadcast()
		r.mu.Unlock()
	})
	defer stop.Stop()
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.pending > 0 && time.Now().Before(deadline) {
		r.idle.Wait()
	}
}

// resourceTypes map MIME types to resource types: exact types first, then
// prefixes, then substrings, in this order. They are never modified.
var (
	exactTypes = map[string]string{
		"text/html": inspect.TypeDocument, "application/xhtml+xml": inspect.TypeDocument,
		"text/css": inspect.TypeStylesheet, "text/ecmascript": inspect.TypeScript,
	}
	prefixTypes = [][2]string{{"image/", inspect.TypeImage}, {"font/", inspect.TypeFont}, {"audio/", inspect.TypeMedia}, {"video/", inspect.TypeMedia}}
	partTypes   = [][2]string{{"javascript", inspect.TypeScript}, {"font", inspect.TypeFont}, {"json", inspect.TypeFetch}, {"xml", inspect.TypeFetch}, {"text/", inspect.TypeFetch}}
)

// resourceType guesses a request's type from its MIME type and URL.
func resourceType(mimeType, uri string) string {
	mt := strings.ToLower(mimeType)
	if mt == "" {
		if u, err := url.Parse(uri); err == nil {
			mt = typeByExtension[strings.ToLower(filepath.Ext(u.Path))]
		}
	}
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = strings.TrimSpace(mt[:i])
	}
	if t, ok := exactTypes[mt]; ok {
		return t
	}
	for _, p := range prefixTypes {
		if strings.HasPrefix(mt, p[0]) {
			return p[1]
		}
	}
	for _, p := range partTypes {
		if strings.Contains(mt, p[0]) {
			return p[1]
		}
	}
	return inspect.TypeOther
}

// isCustomScheme says whether uri has a scheme a browser does not show
// itself (ms-windows-store:, market:, tel:, mailto:, …).
func isCustomScheme(uri string) bool {
	i := strings.IndexByte(uri, ':')
	if i <= 0 {
		return false
	}
	switch strings.ToLower(uri[:i]) {
	case "http", "https", "about", "data", "blob", "file", "javascript":
		return false
	}
	return true
}

func parseHeaders(lines []string) []inspect.Header {
	var out []inspect.Header
	for _, l := range lines {
		if name, value, ok := strings.Cut(l, ": "); ok {
			out = append(out, inspect.Header{Name: name, Value: cut(value, 2000)})
		}
	}
	return out
}

func safeLabel(s string) string {
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			return c
		}
		return '-'
	}, strings.ToLower(s))
}

// requestProbe asks for a DOM probe from any goroutine; like a snapshot it
// counts as pending at once. The first paint's waits for a quiet network.
func (r *recorder) requestProbe(label string) {
	r.mu.Lock()
	r.pending++
	r.mu.Unlock()
	if label != firstPaintLabel {
		r.p.dispatch(func() {
			r.handback = r.handback || label == handbackLabel
			r.probe(label)
		})
		return
	}
	deadline := time.Now().Add(quietMax)
	r.p.dispatch(func() { r.probeWhenQuiet(label, deadline) })
}

// Probe labels the window treats apart (the parent's, see session).
const (
	firstPaintLabel = "first-paint"
	handbackLabel   = "handback"
)

// The first paint's probe (axe-core above all, some 100 ms of the page's
// main thread on a small machine) waits until no request of the page has
// been in flight for quietFor, at most quietMax, so that it does not
// compete with the page loading its data: it then sees the page with its
// data, and the page shows it as soon as it would without mpsim.
const (
	quietFor  = 150 * time.Millisecond
	quietMax  = 2 * time.Second
	quietPoll = 50 * time.Millisecond
	// streamAfter: a request whose response has been coming for longer
	// than this is a stream (an EventSource, a long-poll answer, a long
	// download), which a page shows its data without waiting for: it does
	// not keep the network busy for the first paint's probe.
	streamAfter = 500 * time.Millisecond
)

// probeWhenQuiet starts the probe labelled label once the network is quiet,
// at deadline, or at once when the window closes or the hand-back's probe
// was asked for; on the GTK thread.
func (r *recorder) probeWhenQuiet(label string, deadline time.Time) {
	now := time.Now()
	busy := r.loading() || now.Sub(r.netEnd) < quietFor
	if busy && now.Before(deadline) && !r.handback && !r.closeAsked.Load() && !r.p.isClosing() {
		time.AfterFunc(quietPoll, func() { r.p.dispatch(func() { r.probeWhenQuiet(label, deadline) }) })
		return
	}
	r.probe(label)
}

// loading reports whether a request of the page is in flight that is not
// a stream (streamAfter): one with no response yet, or whose response
// began less than streamAfter ago. QA: an SPA's EventSource kept the first
// paint's probe waiting its whole quietMax, by when the page had moved to
// another route, which the "first-paint" probe then audited.
func (r *recorder) loading() bool {
	now := r.now()
	for _, q := range r.reqs {
		if q.ResponseMs == 0 || now-q.ResponseMs < float64(streamAfter.Milliseconds()) {
			return true
		}
	}
	return false
}

// probe starts a counted probe; on the GTK thread. WebKit's error page of
// a failed load gets none (errorShown).
func (r *recorder) probe(label string) {
	if r.errorShown {
		r.probeDone()
		return
	}
	if r.probeJS[1] == "" {
		axe, err1 := axeScript()
		body, err2 := domScript("inspect/probe.js")
		if err2 != nil {
			r.probeDone()
			r.p.send(ipc.Message{Type: ipc.TypeError, Message: "DOM probe: " + err2.Error()})
			return
		}
		if err1 == nil && !r.noAxe {
			r.probeJS[0] = axe
		}
		r.probeJS[1] = body
	}
	r.probeSeq++
	id := uint(r.probeSeq)
	r.probes[id] = label
	// The cookie jar first (a round trip to WebKit's network process, a
	// few ms), then the DOM: WebKit does not report Set-Cookie among a
	// response's headers, so the jar is where the portal's cookies show.
	r.p.view.Cookies(func(cookies []webkit.Cookie, total int, err string) {
		if _, ok := r.probes[id]; !ok {
			r.probeDone() // the window closed first, and said so (closing)
			return
		}
		if r.errorShown {
			// The page left for WebKit's error page while the jar was
			// read (a probe asked for as the session ended).
			delete(r.probes, id)
			r.probeDone()
			return
		}
		r.jars[id] = newCookieJar(cookies, total, err)
		r.stalls.busy(r.now())
		quoted, _ := json.Marshal(label) // a JSON string is a JavaScript string literal
		r.p.view.Probe(id, r.probeJS[0], "const PROBE_LABEL = "+string(quoted)+";\n"+r.probeJS[1])
	})
}

func (r *recorder) onProbe(id uint, data, errText string) {
	if r.onResized(id, data, errText) {
		return
	}
	label, ok := r.probes[id]
	jar := r.jars[id]
	delete(r.probes, id)
	delete(r.jars, id)
	defer r.probeDone()
	defer func() { r.stalls.idle(r.now()) }()
	if !ok {
		return
	}
	pr := inspect.Probe{Label: label, URL: r.topURI}
	if errText == "" {
		if err := json.Unmarshal([]byte(data), &pr); err != nil {
			errText = "the probe's JSON: " + err.Error()
		}
		pr.Label = label
		if r.errorShown && pr.URL == "about:blank" {
			return // it ran on WebKit's error page (errorShown)
		}
	}
	pr.Cookies, pr.CookiesError, pr.CookiesRead = jar.cookies, jar.err, jar.read
	if r.probeJS[0] == "" && !r.noAxe {
		errText = strings.TrimPrefix(errText+"; axe-core is not in this build (run make deps, which runs scripts/fetch-axe.sh)", "; ")
	}
	if errText != "" {
		pr.Error = cut(errText, 500)
	}
	pr.Text = capText(pr.Text)
	pr.Stalls, pr.StallCount = r.stalls.list(), r.stalls.count
	if label == handbackLabel && r.resizable() {
		r.startResize(pr) // sends the probe once the other sizes are measured
		return
	}
	r.p.send(ipc.Message{Type: ipc.TypeProbe, Probe: &pr})
}

// axeLoadCount ends the axe-core script: it counts its loads into the
// document (inspect.AxeResult.Loads).
const axeLoadCount = "\n;globalThis.mpsimAxeLoads = (globalThis.mpsimAxeLoads || 0) + 1;\n"

// axeScript is axe-core with axeLoadCount after it, read from the assets
// once a process and never changed: some 900 KB that each session of a
// reused window process read and copied twice.
var axeScript = sync.OnceValues(func() (string, error) {
	f, err := assets.FS().Open("inspect/axe/axe.min.js")
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if st, err := f.Stat(); err == nil {
		b.Grow(int(st.Size()) + len(axeLoadCount))
	}
	if _, err := io.Copy(&b, f); err != nil {
		return "", fmt.Errorf("axe-core: %w", err)
	}
	b.WriteString(axeLoadCount)
	return b.String(), nil
})

// capText keeps the lines of a probe's text sample up to
// inspect.MaxProbeText characters in all.
func capText(lines []string) []string {
	room := inspect.MaxProbeText
	for i, l := range lines {
		if len(l) > room {
			return lines[:i]
		}
		room -= len(l)
	}
	return lines
}

// stallLog keeps the main-thread stalls the inspection script reports: the
// first inspect.MaxStalls, with the longest one always among them, and
// the count of all. The part of a stall that mpsim's own work in the page
// (a probe running axe-core, the resize check, a screenshot) may have
// taken is not the portal's and is cut off (pagePart). GTK thread only.
type stallLog struct {
	kept  []inspect.Stall
	count int
	own   []span // mpsim's own work in the page, the last maxSpans
	depth int    // own work in progress
}

// span is a time interval on the window's clock; to is 0 while open.
type span struct{ from, to float64 }

// maxSpans caps the spans of own work a stallLog keeps; ownSlackMs widens
// them for the delay of the script's message; ownWorkMs bounds the time
// mpsim's own work holds the page's thread in one stall: a screenshot or a
// probe's step takes tens of milliseconds, and axe-core yields between its
// steps. A span of own work can be much longer than that work: a probe or
// screenshot asked for while the page blocks its thread waits for it.
const (
	maxSpans   = 16
	ownSlackMs = 150
	ownWorkMs  = 500
)

// busy notes own work starting at now: the first opens a span.
func (l *stallLog) busy(now float64) {
	l.depth++
	if l.depth > 1 {
		return
	}
	if len(l.own) == maxSpans {
		l.own = l.own[1:]
	}
	l.own = append(l.own, span{from: now})
}

// idle notes own work ending at now: the last closes the span.
func (l *stallLog) idle(now float64) {
	if l.depth == 0 {
		return
	}
	l.depth--
	if n := len(l.own); l.depth == 0 && n > 0 && l.own[n-1].to == 0 {
		l.own[n-1].to = now
	}
}

// pagePart returns how much of a stall that ended at end and lasted d was
// the page's: all of it when no own work overlaps it; else the larger of
// the part before the own work began (a page blocked before the work
// began blocked it that long at least) and the stall less what the own
// work could have taken (its overlap with the stall and ownSlackMs, at
// most ownWorkMs). So a stall that mpsim's probe or screenshot waited on
// is the page's beyond ownWorkMs (QA: a 2 s freeze just after load, which
// the first-paint screenshot waited on, was dropped as mpsim's), while a
// stall no longer than the own work is mpsim's.
func (l *stallLog) pagePart(end, d float64) float64 {
	start := end - d
	before, overlap, hit := d, 0.0, false
	for _, s := range l.own {
		to := s.to
		if to == 0 {
			to = end
		}
		if s.from-ownSlackMs < end && to+ownSlackMs > start {
			hit = true
			before = min(before, max(0, s.from-ownSlackMs-start))
			overlap += max(0, min(to, end)-max(s.from, start))
		}
	}
	if !hit {
		return d
	}
	return max(before, d-min(overlap+ownSlackMs, ownWorkMs))
}

// longestStallMs bounds a believable stall: a longer gap is a message the
// page forged or a suspended machine, and is refused.
const longestStallMs = 10 * 60 * 1000

// add records s; it reports false when s is not a stall.
func (l *stallLog) add(s inspect.Stall) bool {
	switch {
	case s.DurationMs < inspect.StallMs || s.DurationMs > longestStallMs:
		return false
	case s.DurationMs == inspect.StallMs:
		// Not a stall: the script's gap was just over the threshold and
		// its whole milliseconds are not (200.4 ms is sent as 200).
		return true
	}
	gap := s.DurationMs
	if s.DurationMs = l.pagePart(s.AtMs, gap); s.DurationMs <= inspect.StallMs {
		return true // mpsim's own
	}
	s.OwnMs = gap - s.DurationMs
	l.count++
	if len(l.kept) < inspect.MaxStalls {
		l.kept = append(l.kept, s)
		return true
	}
	// Full: the shortest kept one gives way to a longer one.
	short := 0
	for i, k := range l.kept {
		if k.DurationMs < l.kept[short].DurationMs {
			short = i
		}
	}
	if s.DurationMs > l.kept[short].DurationMs {
		l.kept[short] = s
	}
	return true
}

// list returns a copy of the kept stalls.
func (l *stallLog) list() []inspect.Stall { return append([]inspect.Stall(nil), l.kept...) }

func (r *recorder) probeDone() {
	r.mu.Lock()
	r.pending--
	r.idle.Broadcast()
	r.mu.Unlock()
}

// blockedElement records an element's load (tag, uri; as is a <link>'s
// destination, see elementType) that the walled garden's content filter
// refused: WebKit starts no resource for it, so the element's error event
// (or, for a style sheet's own loads, tag "css", the inspection script's
// reading of the sheet) is the only trace. Other failed element loads
// have their network record already and are ignored. The record has the
// frame the message came from (frame, top) and the tag as its initiator:
// until 2026-12-07 it had no frame, since it was sent before the frame
// hint that follows the message could reach it.
func (r *recorder) blockedElement(tag, as, uri, frame string, top bool) {
	if len(r.garden) == 0 {
		return
	}
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || walledgarden.Contains(u.Hostname(), r.garden) {
		return
	}
	r.nextID++
	now := r.now()
	r.sendRequest(&inspect.Request{ID: r.nextID, Method: "GET", URL: cut(uri, 2000), Type: elementType(tag, as), Bytes: -1, StartMs: now, EndMs: now,
		Frame: frame, TopFrame: top && frame != "", Initiator: tag,
		Blocked: true, Failed: "blocked: " + u.Hostname() + " is outside the walled garden (refused before the request started)"})
}

// elementType is the resource type of a load an element (tag) or a call
// (fetch, xmlhttprequest) made. as is, for a <link>, the destination of
// its load as the inspection script read it (linkDest in inspect.js):
// "style" for a style sheet, a preload's as attribute, a modulepreload's
// ("script" unless it says), "other" for another kind of link; "" when
// the message named none. A style sheet's own load (tag "css": an
// @import, a url() image, an @font-face source) has its destination the
// same way: "style", "image" or "font".
func elementType(tag, as string) string {
	switch tag {
	case "script":
		return inspect.TypeScript
	case "img", "picture", "image":
		return inspect.TypeImage
	case "link", "css":
		return linkType(as)
	case "video", "audio", "source", "track":
		return inspect.TypeMedia
	case "iframe", "frame":
		return inspect.TypeDocument
	case "fetch", "xmlhttprequest":
		return inspect.TypeFetch
	}
	return inspect.TypeOther
}

// linkType is the resource type of a <link>'s load for the destination as
// (see elementType): a preload's as attribute names the request's
// destination, which is what Sec-Fetch-Dest says of a request that
// started (destTypes), except as=fetch, whose destination is the empty
// one. QA garden3: every blocked <link rel=preload> (as=script, font,
// image, fetch) and <link rel=modulepreload> was a "stylesheet". A link
// whose message named no destination (a style-src refusal of the page's
// Content-Security-Policy) is a style sheet.
func linkType(as string) string {
	switch as {
	case "":
		return inspect.TypeStylesheet
	case "fetch":
		return inspect.TypeFetch
	case "empty":
		return inspect.TypeOther // no as value: Sec-Fetch-Dest's name for fetch's
	}
	if t, ok := destTypes[as]; ok {
		return t
	}
	return inspect.TypeOther
}
