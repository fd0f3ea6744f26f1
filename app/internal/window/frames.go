package window

import (
	"strings"
	"time"

	"mpsim/app/internal/inspect"
)

// Which frame made a request: WebKit's resource-load-started names no
// frame, so the inspection script, which runs in every frame (cross-origin
// iframes included), tells the window about its frame's loads. It observes
// the frame's Resource Timing entries (PerformanceObserver, type resource,
// buffered), which WebKit adds when a load ends, and the error events of
// elements whose load failed, which have no entry; it sends their URLs and
// initiator types in batches with the frame's URL. The recorder gives each
// such hint to the first request with that URL that has no frame yet.
//
// A hint comes after the load ended, usually after WebKit's own signal that
// it did: an ended request that may still get one is held back for at most
// hintWait before it goes to the parent without a frame.

// hintWait is how long an ended request waits for the hint of its frame.
const hintWait = 1500 * time.Millisecond

// Initiator of a top-level document (inspect.Request.Initiator).
const initiatorNavigation = "navigation"

// frameHint is what the inspection script reports of one load of a frame.
type frameHint struct {
	URL       string
	Initiator string
	Frame     string
	Top       bool
	// FailedOnly marks the hint of an element's error event: it names a
	// request that got no response (one with a response has its entry).
	FailedOnly bool
	// Wire, Encoded and Decoded are the entry's transferSize,
	// encodedBodySize and decodedBodySize (0: not known).
	Wire, Encoded, Decoded int64
}

// webkitHeaderBytes is what WebKit's Resource Timing counts for a
// response's headers whatever they were: its transferSize is the body as
// sent plus this (a privacy measure), so a transferSize of exactly that
// says nothing of the headers on the wire, and the record keeps none.
const webkitHeaderBytes = 300

// maxWireBytes bounds the sizes a hint may give (a page cannot forge a
// hint, but a wrong one must not make a nonsense report).
const maxWireBytes = 1 << 40

// heldRequest is an ended request waiting for its hint until until.
type heldRequest struct {
	rq    *inspect.Request
	until time.Time
}

// frameLog keeps the ended requests waiting for their hints, oldest first.
// GTK thread only (not safe for concurrent use).
type frameLog struct {
	held []heldRequest
}

// awaitsHint says whether an ended request can still get a hint: a
// request of http(s) that is not a top-level document, has none yet, and
// was not cancelled (a cancelled load has neither an entry nor an error).
func awaitsHint(rq *inspect.Request) bool {
	if rq.Main || rq.Frame != "" || rq.Cancelled || rq.Pending {
		return false
	}
	u := strings.ToLower(rq.URL)
	return strings.HasPrefix(u, "https:") || strings.HasPrefix(u, "http:")
}

// takes says whether h can be rq's hint.
func (h frameHint) takes(rq *inspect.Request) bool {
	if rq.Main || rq.Frame != "" || !inspect.SameDocumentURL(rq.URL, h.URL) {
		return false
	}
	// An element's error event: a request with no response, one that
	// answered an HTTP error (which has no entry either), or a redirect
	// on the way to one of these.
	return !h.FailedOnly || rq.Status <= 0 || rq.Status >= 300
}

// apply sets rq's frame from h.
func (h frameHint) apply(rq *inspect.Request) {
	rq.Frame, rq.TopFrame, rq.Initiator = h.Frame, h.Top, h.Initiator
	if h.Wire > 0 && h.Wire < maxWireBytes && h.Encoded >= 0 && h.Encoded <= h.Wire {
		rq.EncodedBytes = h.Encoded
		if h.Wire != h.Encoded+webkitHeaderBytes {
			rq.WireBytes = h.Wire
		}
		// The body decoded (a gzip or chunked response's: WebKit's own
		// length is its Content-Length, the compressed size, or none),
		// for the response that ended the chain (a redirect hop's sizes
		// are its final response's: hintChain).
		if h.Decoded > 0 && h.Decoded < maxWireBytes && rq.RedirectURL == "" {
			rq.Bytes = h.Decoded
		}
	}
}

// match gives h to the first request (lowest ID) it can be the hint of,
// among the open requests and the held ones. It returns the request and,
// when it was held, its index in l.held (else -1); nil when none takes it.
func (l *frameLog) match(open map[uint]*inspect.Request, h frameHint) (*inspect.Request, int) {
	if h.Frame == "" || h.URL == "" {
		return nil, -1
	}
	var best *inspect.Request
	at := -1
	for _, rq := range open {
		if h.takes(rq) && (best == nil || rq.ID < best.ID) {
			best = rq
		}
	}
	for i, hr := range l.held {
		if h.takes(hr.rq) && (best == nil || hr.rq.ID < best.ID) {
			best, at = hr.rq, i
		}
	}
	if best != nil {
		h.apply(best)
	}
	return best, at
}

// referrerPage is the page that made rq, a frame's document load, as its
// Referer header names it when that can be the whole URL: one of rq's
// origin (browsers cut a cross-origin referrer to its origin by default,
// which names no page); "" otherwise.
func referrerPage(rq *inspect.Request) string {
	for _, hd := range rq.RequestHeaders {
		if strings.EqualFold(hd.Name, "Referer") {
			if sameOrigin(hd.Value, rq.URL) {
				return hd.Value
			}
			return ""
		}
	}
	return ""
}

// hold keeps rq until now+hintWait.
func (l *frameLog) hold(rq *inspect.Request, now time.Time) {
	l.held = append(l.held, heldRequest{rq: rq, until: now.Add(hintWait)})
}

// take removes and returns the held requests for which match says true,
// oldest first.
func (l *frameLog) take(match func(*inspect.Request) bool) []*inspect.Request {
	var out []*inspect.Request
	rest := l.held[:0]
	for _, hr := range l.held {
		if match(hr.rq) {
			out = append(out, hr.rq)
		} else {
			rest = append(rest, hr)
		}
	}
	clear(l.held[len(rest):])
	l.held = rest
	return out
}

// release removes the held request at i and returns it.
func (l *frameLog) release(i int) *inspect.Request {
	rq := l.held[i].rq
	l.held = append(l.held[:i], l.held[i+1:]...)
	return rq
}

// due removes and returns the held requests whose wait is over at now (all
// of them when now is zero), oldest first, and when the next one is due
// (zero when none is left).
func (l *frameLog) due(now time.Time) ([]*inspect.Request, time.Time) {
	var out []*inspect.Request
	keep := l.held[:0]
	for _, hr := range l.held {
		if now.IsZero() || !hr.until.After(now) {
			out = append(out, hr.rq)
		} else {
			keep = append(keep, hr)
		}
	}
	clear(l.held[len(keep):])
	l.held = keep
	var next time.Time
	if len(keep) > 0 {
		next = keep[0].until
	}
	return out, next
}
