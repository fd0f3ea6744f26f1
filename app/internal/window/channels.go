package window

import (
	"net/url"
	"strconv"
	"time"

	"mpsim/app/internal/inspect"
)

// Channels: a WebSocket, an EventSource and a navigator.sendBeacon. WebKit
// reports no resource for a WebSocket at all, and the walled garden's
// content filter refuses all three outside it before any request starts,
// with no event the window sees (QA garden4: the report had no trace of
// them). The inspection script tells the window of each call (watchChannel
// in inspect.js): a socket's record is made from its messages (its URL,
// then its open, error and close events); an EventSource's or a beacon's
// request, which WebKit reports as a fetch, takes its type (eventsource,
// ping) and its frame from the call; with the garden on, a call to a host
// outside it is a blocked request at once.

// maxSockets caps the WebSockets open at once that the recorder follows;
// maxChannelCalls the calls waiting for the request WebKit starts for them.
const (
	maxSockets      = 200
	maxChannelCalls = 50
)

// Initiators of the channels' records (inspect.Request.Initiator).
const (
	initiatorWebSocket   = "websocket"
	initiatorEventSource = "eventsource"
	initiatorBeacon      = "beacon"
)

// channelCall is an EventSource or a beacon the page made (told by the
// inspection script at the call), waiting for WebKit's request of its URL.
type channelCall struct {
	url, typ, initiator, frame string
	top                        bool
	at                         time.Time
}

// channelRequest is the record of a channel's load of uri that the
// document frame (top: the top page) asked for now.
func (r *recorder) channelRequest(typ, method, initiator, uri, frame string, top bool) *inspect.Request {
	r.nextID++
	return &inspect.Request{ID: r.nextID, Method: method, URL: uri, Type: typ, Bytes: -1, StartMs: r.now(),
		Frame: frame, TopFrame: top, Initiator: initiator}
}

// blockedChannel sends rq as blocked when its host is outside the walled
// garden, whose filter refuses it before its request starts, and says
// whether it did: the same record and failure text as a blocked element's.
func (r *recorder) blockedChannel(rq *inspect.Request) bool {
	if !outsideGarden(rq.URL, r.garden) {
		return false
	}
	u, err := url.Parse(rq.URL)
	if err != nil {
		return false
	}
	rq.EndMs, rq.Blocked = rq.StartMs, true
	rq.Failed = "blocked: " + u.Hostname() + " is outside the walled garden (refused before the request started)"
	r.sendRequest(rq)
	return true
}

// onSocket takes a WebSocket's message of the inspection script: event is
// new (uri its URL, as the engine resolved it), open, error or close (code
// its close code); id names the socket among the window's; frame and top
// the document that made it. A socket's record is sent when it closes, or
// as pending when the window closes first.
func (r *recorder) onSocket(event, id, uri, frame string, top bool, code int) {
	if id == "" {
		r.p.lim.malformed()
		return
	}
	if event == "new" {
		r.newSocket(id, uri, frame, top)
		return
	}
	rq := r.sockets[id]
	if rq == nil {
		return // blocked, or over the cap
	}
	switch event {
	case "open":
		rq.Status, rq.StatusText, rq.ResponseMs = 101, statusText(101), r.now()
	case "error":
		rq.Failed = "the WebSocket connection failed after it opened, or closed without its closing handshake; WebKit tells the page no reason"
		if rq.Status == 0 {
			rq.Failed = "the WebSocket connection failed before it opened (refused, unreachable, or its handshake was not answered with 101); WebKit tells the page no reason"
		}
	case "closing":
		// The page's own close(code): told before any error, it ends the
		// socket as the page wanted; after one, the socket had failed.
		if rq.Failed == "" && rq.EndMs == 0 {
			rq.ClosedByPage = true
		}
	case "close":
		delete(r.sockets, id)
		rq.EndMs = r.now()
		if code > 0 && code < 5000 {
			rq.CloseCode = code
			if rq.Failed != "" {
				rq.Failed += " (close code " + strconv.Itoa(code) + ")"
			}
		}
		r.sendRequest(rq)
	default:
		r.p.lim.malformed()
	}
}

// newSocket opens the record of the WebSocket id, to uri.
func (r *recorder) newSocket(id, uri, frame string, top bool) {
	if (!hasScheme(uri, "ws") && !hasScheme(uri, "wss")) || r.sockets[id] != nil {
		r.p.lim.malformed()
		return
	}
	rq := r.channelRequest(inspect.TypeWebSocket, "GET", initiatorWebSocket, uri, frame, top)
	if r.blockedChannel(rq) {
		return
	}
	if len(r.sockets) >= maxSockets {
		r.p.lim.inspectDropped(0, 1, 0)
		return
	}
	if r.sockets == nil {
		r.sockets = map[string]*inspect.Request{}
	}
	r.sockets[id] = rq
}

// onChannel takes the inspection script's message of an EventSource or a
// beacon (kind) the document frame made, to uri. Outside the walled garden
// it is a blocked request; else WebKit's request of uri (open, or the next
// to start) takes the call's type, initiator and frame.
func (r *recorder) onChannel(kind, uri, frame string, top bool) {
	typ, method, initiator := inspect.TypeEventSource, "GET", initiatorEventSource
	switch kind {
	case initiatorEventSource:
	case initiatorBeacon:
		typ, method, initiator = inspect.TypePing, "POST", initiatorBeacon
	default:
		r.p.lim.malformed()
		return
	}
	if !hasScheme(uri, "http") && !hasScheme(uri, "https") {
		r.p.lim.malformed()
		return
	}
	if r.blockedChannel(r.channelRequest(typ, method, initiator, uri, frame, top)) {
		return
	}
	c := channelCall{url: uri, typ: typ, initiator: initiator, frame: frame, top: top, at: time.Now()}
	var found *inspect.Request
	for _, rq := range r.reqs {
		if !rq.Main && rq.URL == uri && !isChannelType(rq.Type) && rq.StartMs >= r.now()-float64(hintWait.Milliseconds()) &&
			(found == nil || rq.ID > found.ID) {
			found = rq
		}
	}
	if found != nil {
		c.give(found)
		return
	}
	if len(r.channelCalls) >= maxChannelCalls {
		r.channelCalls = r.channelCalls[1:]
	}
	r.channelCalls = append(r.channelCalls, c)
}

// channelStarted gives rq, a request that just started, the type of the
// channel call of its URL that waits for it, if one does (the oldest).
func (r *recorder) channelStarted(rq *inspect.Request) {
	if len(r.channelCalls) == 0 || rq.Main {
		return
	}
	now := time.Now()
	keep := r.channelCalls[:0]
	given := false
	for _, c := range r.channelCalls {
		switch {
		case now.Sub(c.at) > hintWait:
			// Its request never came (the page's call failed at once).
		case !given && c.url == rq.URL:
			c.give(rq)
			given = true
		default:
			keep = append(keep, c)
		}
	}
	clear(r.channelCalls[len(keep):])
	r.channelCalls = keep
}

// give makes rq the request of the call c.
func (c channelCall) give(rq *inspect.Request) {
	rq.Type, rq.Initiator = c.typ, c.initiator
	if rq.Frame == "" {
		rq.Frame, rq.TopFrame = c.frame, c.top
	}
}

// isChannelType says whether typ is the type of a channel's record.
func isChannelType(typ string) bool {
	return typ == inspect.TypeEventSource || typ == inspect.TypePing || typ == inspect.TypeWebSocket
}

// goingAway is the close code a browser sends for a WebSocket whose page
// is left (RFC 6455's 1001, "going away").
const goingAway = 1001

// leaveSockets ends the WebSockets still open when a new top-level
// document commits: the page that opened them (or its frames) is gone,
// and WebKit closes them with no close event the page could see, so no
// script tells the window. Each is sent as closed then with 1001, rather
// than as open until the window closes.
func (r *recorder) leaveSockets() {
	now := r.now()
	for id, rq := range r.sockets {
		rq.EndMs = now
		if rq.Failed == "" && rq.Status == 101 {
			rq.CloseCode = goingAway
		}
		r.sendRequest(rq)
		delete(r.sockets, id)
	}
}

// flushSockets sends the WebSockets still open when the window closes,
// as pending.
func (r *recorder) flushSockets() {
	for id, rq := range r.sockets {
		rq.Pending = true
		r.sendRequest(rq)
		delete(r.sockets, id)
	}
}
