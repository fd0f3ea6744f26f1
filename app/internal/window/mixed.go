package window

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"mpsim/app/internal/inspect"
)

// Mixed content: WebKit refuses the loads of plain http an https document
// asks for (scripts, stylesheets, fetch, XHR, frames; images and media it
// upgrades to https instead, and those are left to their https records)
// before they start,
// so no network signal has them, and the page sees only "TypeError: Load
// failed" or an element's error event. The inspection script tells the
// window of each load of http: an https document asks for; the window
// records it as a failed request unless a request of that URL started
// within hintWait of it (WebKit let it through: an image it shows with a
// warning, or an element load that failed otherwise).

// maxMixed caps the mixed loads waiting for their verdict; maxStarted the
// URLs whose start the window remembers for them.
const (
	maxMixed   = 200
	maxStarted = 2000
)

// mixedLoad is a load of plain http an https document asked for at at,
// recorded as blocked at until unless a request of its URL started.
type mixedLoad struct {
	rq        *inspect.Request
	at, until time.Time
	// guessed marks a frame's mixed load told by WebKit's navigation
	// decision, which names no frame: its Frame is the top page until the
	// inspection script of the document holding the iframe tells the same
	// load (told: the two are one load, and the record takes that
	// document as its frame).
	guessed, told bool
}

// noteStarted remembers when a request of uri started; on the GTK thread.
func (r *recorder) noteStarted(uri string) {
	if r.started == nil || len(r.started) >= maxStarted {
		r.started = map[string]time.Time{}
	}
	r.started[withoutFragment(uri)] = time.Now()
}

func withoutFragment(uri string) string {
	uri, _, _ = strings.Cut(uri, "#")
	return uri
}

// onMixed notes that the https document frame asked for uri, a load of
// plain http (initiator: fetch, xmlhttprequest or the element's tag; as:
// a <link>'s destination, see elementType).
func (r *recorder) onMixed(initiator, as, uri, frame string, top bool) {
	if !hasScheme(frame, "https") || !hasScheme(uri, "http") {
		r.p.lim.malformed()
		return
	}
	typ := elementType(initiator, as)
	if typ == inspect.TypeImage || typ == inspect.TypeMedia {
		// Passive content: WebKit upgrades it to https rather than refusing
		// it, so its request (or the page's CSP refusing the https URL) is
		// on record under that URL; the http reference is the
		// security-https-resources policy's.
		return
	}
	what := "plain http"
	if typ == inspect.TypeDocument {
		what = "plain http in a frame"
	}
	rq := r.refusedRequest(initiator, as, uri, frame, top,
		"blocked as mixed content: an https page ("+withoutQuery(frame)+") cannot load "+what+"; serve it over https")
	rq.MixedContent = true
	if typ == inspect.TypeDocument {
		r.holdFrame(rq, false)
		return
	}
	r.holdRefused(rq)
}

// mixedFrame notes a navigation WebKit asked about, to plain http while
// the top page is https: a frame's load of plain http, which WebKit then
// refuses as mixed content, with no request, no load event and no error
// event in the page; or a top-level navigation to http, which it lets
// through (its request starts, and releaseMixed drops this record). The
// decision does not say which frame navigates, so the frame holding it is
// taken to be the top page until the inspection script of the document
// holding the iframe tells the same load (holdFrame).
func (r *recorder) mixedFrame(uri string) {
	if !r.p.committed || !hasScheme(r.topURI, "https") || !hasScheme(uri, "http") {
		return
	}
	rq := r.refusedRequest("iframe", "", uri, r.topURI, true,
		"blocked as mixed content: an https page ("+withoutQuery(r.topURI)+") cannot load plain http in a frame; serve it over https")
	rq.MixedContent = true
	r.holdFrame(rq, true)
}

// holdFrame holds rq, a frame's mixed load, told by WebKit's navigation
// decision (guessed: its frame is the top page's) or by the inspection
// script of the document holding the iframe. One load is told by both, in
// either order: the two make one record, with the script's frame (until
// 2026-12-06 an iframe of plain http inside an iframe was filed under the
// top page).
func (r *recorder) holdFrame(rq *inspect.Request, guessed bool) {
	for i := range r.mixed {
		m := &r.mixed[i]
		if m.told || m.guessed == guessed || !m.rq.MixedContent || m.rq.Type != inspect.TypeDocument || m.rq.URL != rq.URL {
			continue
		}
		m.told = true
		if m.guessed {
			m.rq.Frame, m.rq.TopFrame, m.rq.Failed = rq.Frame, rq.TopFrame, rq.Failed
		}
		return
	}
	r.holdRefused(rq)
	if guessed && len(r.mixed) > 0 && r.mixed[len(r.mixed)-1].rq == rq {
		r.mixed[len(r.mixed)-1].guessed = true
	}
}

// refusedRequest is the record of a load WebKit refused before it
// started, as the inspection script saw the page (frame, top) ask for it
// (initiator and as: see elementType).
func (r *recorder) refusedRequest(initiator, as, uri, frame string, top bool, failed string) *inspect.Request {
	typ := elementType(initiator, as)
	ms := r.now()
	r.nextID++
	return &inspect.Request{ID: r.nextID, Method: "GET", URL: uri, Type: typ, Bytes: -1, StartMs: ms, EndMs: ms,
		Frame: frame, TopFrame: top, Initiator: initiator, Failed: failed}
}

// holdRefused keeps rq, a load WebKit refused before it started, until
// hintWait has passed: it is sent then unless a request of its URL started
// around it (WebKit let it through, and the network record has it). One
// load that two things refused (a bad port the page's policy refuses too)
// is one record: the first told.
func (r *recorder) holdRefused(rq *inspect.Request) {
	for _, m := range r.mixed {
		if m.rq.URL == rq.URL && m.rq.Frame == rq.Frame && m.rq.Failed != rq.Failed {
			return
		}
	}
	if len(r.mixed) >= maxMixed {
		r.p.lim.inspectDropped(0, 1, 0)
		return
	}
	now := time.Now()
	r.mixed = append(r.mixed, mixedLoad{at: now, until: now.Add(hintWait), rq: rq})
	r.tickHints(hintWait)
}

// badPorts are the Fetch standard's bad ports, as simulator.BlockedPort and
// the inspection script's BAD_PORTS have them (TestBadPortsAreTheSimulators
// holds the three together): the window process links none of the
// simulator.
var badPorts = []int{
	1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
	109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
	526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
	3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
}

// onBadPort notes that the document frame asked for uri, on a port
// browsers never connect to: WebKit refuses it before it starts
// (initiator and as: see elementType).
func (r *recorder) onBadPort(initiator, as, uri, frame string, top bool) {
	u, err := url.Parse(uri)
	port := 0
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		port, err = strconv.Atoi(u.Port())
	}
	if err != nil || !slices.Contains(badPorts, port) {
		r.p.lim.malformed()
		return
	}
	rq := r.refusedRequest(initiator, as, uri, frame, top, "blocked: "+u.Host+": port "+strconv.Itoa(port)+
		" is one browsers refuse to connect to (the Fetch standard's bad ports; WebKit and the app's WebView among them)")
	rq.Refused = inspect.RefusedPort
	r.holdRefused(rq)
}

// cspInitiators are the initiators of the loads a Content-Security-Policy
// directive governs; never modified.
var cspInitiators = map[string]string{
	"img-src": "img", "script-src": "script", "script-src-elem": "script", "style-src": "link", "style-src-elem": "link",
	"connect-src": "fetch", "frame-src": "iframe", "child-src": "iframe", "font-src": "css", "media-src": "video",
	"object-src": "object", "manifest-src": "link", "worker-src": "script",
}

// onCSPLoad notes that the page's Content-Security-Policy refused the
// document frame's load of uri (directive: which of the policy's, and
// the policy): WebKit starts no request for it.
func (r *recorder) onCSPLoad(directive, uri, policy, frame string, top bool) {
	if !hasScheme(uri, "http") && !hasScheme(uri, "https") && !hasScheme(uri, "ws") && !hasScheme(uri, "wss") {
		r.p.lim.malformed()
		return
	}
	initiator, ok := cspInitiators[strings.ToLower(directive)]
	if !ok {
		initiator = "other"
	}
	rq := r.refusedRequest(initiator, "", uri, frame, top, "blocked by the page's Content-Security-Policy (directive "+policy+")")
	if initiator == "css" {
		rq.Type = inspect.TypeFont
	}
	rq.Refused = inspect.RefusedCSP
	r.holdRefused(rq)
}

// releaseMixed sends the mixed loads whose wait is over at now (all of
// them when now is zero) and no request of whose URL started around them,
// and returns when the next one is due (zero when none is left); on the
// GTK thread.
func (r *recorder) releaseMixed(now time.Time) time.Time {
	keep := r.mixed[:0]
	var next time.Time
	for _, m := range r.mixed {
		if !now.IsZero() && m.until.After(now) {
			keep = append(keep, m)
			if next.IsZero() {
				next = m.until
			}
			continue
		}
		if at, ok := r.started[withoutFragment(m.rq.URL)]; ok && at.After(m.at.Add(-hintWait)) {
			continue // WebKit started it: the network record has it
		}
		r.sendRequest(m.rq)
	}
	clear(r.mixed[len(keep):])
	r.mixed = keep
	return next
}

// hasScheme says whether uri has the scheme scheme (lower case).
func hasScheme(uri, scheme string) bool {
	s, _, ok := strings.Cut(uri, ":")
	return ok && strings.EqualFold(s, scheme)
}

// withoutQuery is uri without its query and fragment: a page's URL as a
// message quotes it (the portal's query holds the launch parameters, the
// device's identifiers among them).
func withoutQuery(uri string) string {
	uri, _, _ = strings.Cut(uri, "#")
	uri, _, _ = strings.Cut(uri, "?")
	return uri
}
