package window

import (
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
// plain http (initiator: fetch, xmlhttprequest or the element's tag).
func (r *recorder) onMixed(initiator, uri, frame string, top bool) {
	if !hasScheme(frame, "https") || !hasScheme(uri, "http") {
		r.p.lim.malformed()
		return
	}
	if len(r.mixed) >= maxMixed {
		r.p.lim.inspectDropped(0, 1, 0)
		return
	}
	typ := elementType(initiator)
	if initiator == "fetch" || initiator == "xmlhttprequest" {
		typ = inspect.TypeFetch
	}
	if typ == inspect.TypeImage || typ == inspect.TypeMedia {
		// Passive content: WebKit upgrades it to https rather than refusing
		// it, so its request (or the page's CSP refusing the https URL) is
		// on record under that URL; the http reference is the
		// security-https-resources policy's.
		return
	}
	now, ms := time.Now(), r.now()
	r.nextID++
	r.mixed = append(r.mixed, mixedLoad{at: now, until: now.Add(hintWait), rq: &inspect.Request{
		ID: r.nextID, Method: "GET", URL: uri, Type: typ, Bytes: -1, StartMs: ms, EndMs: ms,
		Frame: frame, TopFrame: top, Initiator: initiator, MixedContent: true,
		Failed: "blocked as mixed content: an https page (" + withoutQuery(frame) + ") cannot load plain http; serve it over https",
	}})
	r.tickHints(hintWait)
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
