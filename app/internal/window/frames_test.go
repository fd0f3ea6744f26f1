package window

import (
	"encoding/json"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
)

const (
	topURL   = "https://portal.example/?iccid=1"
	frameURL = "https://pay.example/frame.html"
)

// TestFrameHintMatch gives one hint to a window's open and held requests:
// it goes to the first request (lowest ID) with its URL that has no frame,
// never to a top-level document, and an element's error only to a request
// that got no response.
func TestFrameHintMatch(t *testing.T) {
	tests := []struct {
		name string
		open []inspect.Request
		held []inspect.Request
		hint frameHint
		// wantID is the request that takes the hint (0: none); wantHeld
		// says it was a held one.
		wantID   int
		wantHeld bool
	}{
		{
			name:   "held request of the top frame",
			held:   []inspect.Request{{ID: 2, URL: "https://portal.example/api", Status: 200}},
			hint:   frameHint{URL: "https://portal.example/api", Initiator: "fetch", Frame: topURL, Top: true},
			wantID: 2, wantHeld: true,
		},
		{
			name:   "open request (the hint came before WebKit's end signal)",
			open:   []inspect.Request{{ID: 3, URL: "https://pay.example/logo.png"}},
			hint:   frameHint{URL: "https://pay.example/logo.png", Initiator: "img", Frame: frameURL},
			wantID: 3,
		},
		{
			name: "first unmatched of the same URL, open or held",
			open: []inspect.Request{{ID: 9, URL: "https://portal.example/a.js"}},
			held: []inspect.Request{
				{ID: 4, URL: "https://portal.example/a.js", Frame: topURL},
				{ID: 7, URL: "https://portal.example/a.js"},
				{ID: 5, URL: "https://portal.example/b.js"},
			},
			hint:   frameHint{URL: "https://portal.example/a.js", Initiator: "script", Frame: frameURL},
			wantID: 7, wantHeld: true,
		},
		{
			name:   "open one started first",
			open:   []inspect.Request{{ID: 1, URL: "https://portal.example/a.js"}},
			held:   []inspect.Request{{ID: 6, URL: "https://portal.example/a.js"}},
			hint:   frameHint{URL: "https://portal.example/a.js", Initiator: "script", Frame: topURL, Top: true},
			wantID: 1,
		},
		{
			name:   "fragments do not count",
			held:   []inspect.Request{{ID: 2, URL: "https://portal.example/icons.svg"}},
			hint:   frameHint{URL: "https://portal.example/icons.svg#cart", Initiator: "img", Frame: topURL, Top: true},
			wantID: 2, wantHeld: true,
		},
		{
			name: "never a top-level document",
			open: []inspect.Request{{ID: 1, URL: topURL, Main: true}},
			hint: frameHint{URL: topURL, Initiator: "navigation", Frame: topURL, Top: true},
		},
		{
			name: "another URL",
			held: []inspect.Request{{ID: 2, URL: "https://portal.example/a"}},
			hint: frameHint{URL: "https://portal.example/b", Initiator: "fetch", Frame: topURL, Top: true},
		},
		{
			name: "a hint without a frame is no hint",
			held: []inspect.Request{{ID: 2, URL: "https://portal.example/a"}},
			hint: frameHint{URL: "https://portal.example/a", Initiator: "fetch"},
		},
		{
			name: "an element's error skips a request that got a response",
			held: []inspect.Request{
				{ID: 2, URL: "https://cdn.example/x.png", Status: 200},
				{ID: 3, URL: "https://cdn.example/x.png", Failed: "Error resolving"},
			},
			hint:   frameHint{URL: "https://cdn.example/x.png", Initiator: "img", Frame: frameURL, FailedOnly: true},
			wantID: 3, wantHeld: true,
		},
		{
			name: "an element's error and no failed request",
			held: []inspect.Request{{ID: 2, URL: "https://cdn.example/x.png", Status: 200}},
			hint: frameHint{URL: "https://cdn.example/x.png", Initiator: "img", Frame: frameURL, FailedOnly: true},
		},
		{
			// A script whose 404 WebKit stopped reading has no entry:
			// its element's error event is its only hint.
			name:   "an element's error and a request that answered an HTTP error",
			held:   []inspect.Request{{ID: 2, URL: "https://portal.example/missing.js", Status: 404}},
			hint:   frameHint{URL: "https://portal.example/missing.js", Initiator: "script", Frame: topURL, Top: true, FailedOnly: true},
			wantID: 2, wantHeld: true,
		},
		{
			name:   "an element's error and the redirect that led to the failure",
			held:   []inspect.Request{{ID: 2, URL: "https://portal.example/old.png", Status: 302, RedirectURL: "https://cdn.example/gone.png"}},
			hint:   frameHint{URL: "https://portal.example/old.png", Initiator: "img", Frame: topURL, Top: true, FailedOnly: true},
			wantID: 2, wantHeld: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open := map[uint]*inspect.Request{}
			for i := range tt.open {
				open[uint(100+i)] = &tt.open[i]
			}
			var l frameLog
			for i := range tt.held {
				l.hold(&tt.held[i], time.Unix(0, 0))
			}
			rq, at := l.match(open, tt.hint)
			switch {
			case tt.wantID == 0 && rq != nil:
				t.Fatalf("request %d took the hint, want none", rq.ID)
			case tt.wantID == 0:
				return
			case rq == nil:
				t.Fatalf("no request took the hint, want %d", tt.wantID)
			case rq.ID != tt.wantID || (at >= 0) != tt.wantHeld:
				t.Fatalf("request %d (held at %d) took the hint, want %d (held %v)", rq.ID, at, tt.wantID, tt.wantHeld)
			}
			if at >= 0 && l.held[at].rq != rq {
				t.Errorf("held[%d] is request %d, not the one that took the hint", at, l.held[at].rq.ID)
			}
			if rq.Frame != tt.hint.Frame || rq.TopFrame != tt.hint.Top || rq.Initiator != tt.hint.Initiator {
				t.Errorf("request %d: frame %q top %v initiator %q, want the hint's %+v", rq.ID, rq.Frame, rq.TopFrame, rq.Initiator, tt.hint)
			}
		})
	}
}

// TestFrameHintOnce: two hints of the same URL go to two requests, in the
// order they started; a third finds none.
func TestFrameHintOnce(t *testing.T) {
	reqs := []inspect.Request{{ID: 1, URL: "https://p.example/a"}, {ID: 2, URL: "https://p.example/a"}}
	var l frameLog
	for i := range reqs {
		l.hold(&reqs[i], time.Unix(0, 0))
	}
	for i, want := range []int{1, 2, 0} {
		h := frameHint{URL: "https://p.example/a", Initiator: "fetch", Frame: []string{topURL, frameURL, topURL}[i]}
		rq, at := l.match(nil, h)
		got := 0
		if rq != nil {
			got = rq.ID
			l.release(at)
		}
		if got != want {
			t.Fatalf("hint %d went to request %d, want %d", i+1, got, want)
		}
	}
	if reqs[0].Frame != topURL || reqs[1].Frame != frameURL {
		t.Errorf("frames %q, %q; want %q, %q", reqs[0].Frame, reqs[1].Frame, topURL, frameURL)
	}
}

// TestAwaitsHint: which ended requests wait for a hint.
func TestAwaitsHint(t *testing.T) {
	tests := []struct {
		name string
		req  inspect.Request
		want bool
	}{
		{"https sub-resource", inspect.Request{URL: "https://p.example/a.js", Status: 200}, true},
		{"failed http sub-resource", inspect.Request{URL: "HTTP://p.example/a.js", Failed: "Error resolving"}, true},
		{"top-level document", inspect.Request{URL: "https://p.example/", Main: true}, false},
		{"already has its frame", inspect.Request{URL: "https://p.example/a.js", Frame: topURL}, false},
		{"cancelled", inspect.Request{URL: "https://p.example/a.js", Cancelled: true}, false},
		{"pending at close", inspect.Request{URL: "https://p.example/a.js", Pending: true}, false},
		{"data: URL", inspect.Request{URL: "data:image/png;base64,AAAA"}, false},
		{"blob: URL", inspect.Request{URL: "blob:https://p.example/1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := awaitsHint(&tt.req); got != tt.want {
				t.Errorf("awaitsHint(%+v) = %v, want %v", tt.req, got, tt.want)
			}
		})
	}
}

// TestFrameLogDue: held requests leave once their wait is over, oldest
// first, and all of them when the window closes (zero time).
func TestFrameLogDue(t *testing.T) {
	t0 := time.Unix(1000, 0)
	reqs := []inspect.Request{{ID: 1}, {ID: 2}, {ID: 3}}
	var l frameLog
	l.hold(&reqs[0], t0)
	l.hold(&reqs[1], t0.Add(time.Second))
	l.hold(&reqs[2], t0.Add(time.Second))
	tests := []struct {
		name     string
		now      time.Time
		wantIDs  []int
		wantNext time.Time
	}{
		{"before any is due", t0.Add(hintWait - time.Millisecond), nil, t0.Add(hintWait)},
		{"the first is due", t0.Add(hintWait), []int{1}, t0.Add(time.Second + hintWait)},
		{"the window closes", time.Time{}, []int{2, 3}, time.Time{}},
		{"nothing left", t0.Add(time.Hour), nil, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, next := l.due(tt.now)
			var ids []int
			for _, rq := range out {
				ids = append(ids, rq.ID)
			}
			if len(ids) != len(tt.wantIDs) || !next.Equal(tt.wantNext) {
				t.Fatalf("due = %v next %v, want %v next %v", ids, next, tt.wantIDs, tt.wantNext)
			}
			for i := range ids {
				if ids[i] != tt.wantIDs[i] {
					t.Fatalf("due = %v, want %v", ids, tt.wantIDs)
				}
			}
		})
	}
}

// TestLoadWireSizes reads the loads of the inspection script: URL and
// initiator, then transferSize, encodedBodySize and decodedBodySize when
// the entry gives them; a size that is not a positive number is 0 (not known), and a load
// of another shape makes the message malformed.
func TestLoadWireSizes(t *testing.T) {
	tests := []struct {
		json    string
		want    loadWire
		wantErr bool
	}{
		{json: `["https://a/x.js","script"]`, want: loadWire{URL: "https://a/x.js", Initiator: "script"}},
		{json: `["https://a/x.js","script",1200,1000]`, want: loadWire{URL: "https://a/x.js", Initiator: "script", Wire: 1200, Encoded: 1000}},
		{json: `["https://a/x.js","script",0,0]`, want: loadWire{URL: "https://a/x.js", Initiator: "script"}},
		{json: `["https://a/x.js","script",-5,1e300]`, want: loadWire{URL: "https://a/x.js", Initiator: "script"}},
		{json: `["https://a/x.js","script","1200"]`, wantErr: true},
		{json: `["https://a/x.js"]`, wantErr: true},
		{json: `["https://a/x.js","script",1,2,3]`, want: loadWire{URL: "https://a/x.js", Initiator: "script", Wire: 1, Encoded: 2, Decoded: 3}},
		{json: `["https://a/x.js","script",1,2,3,4]`, wantErr: true},
		{json: `{"url":"https://a/x.js"}`, wantErr: true},
	}
	for _, tt := range tests {
		var got loadWire
		err := json.Unmarshal([]byte(tt.json), &got)
		if (err != nil) != tt.wantErr || (err == nil && got != tt.want) {
			t.Errorf("%s: got %+v, %v; want %+v, error %v", tt.json, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestFrameHintSizes: a hint's sizes go to its request only when they make
// sense (on the wire at least the body as sent); WebKit's transferSize of
// the body plus its fixed 300 bytes of headers is no size on the wire; and
// the body decoded replaces WebKit's length, which for a gzip response is
// its Content-Length (101 for 26,000 bytes) and for a chunked one none
// (network/console QA: the report had bytes 101 and -1, and headersSize
// 300 for every HAR entry).
func TestFrameHintSizes(t *testing.T) {
	tests := []struct {
		wire, encoded, decoded           int64
		bytes                            int64 // WebKit's length before the hint
		wantWire, wantEncoded, wantBytes int64
	}{
		{1200, 1000, 0, 1000, 1200, 1000, 1000},
		{1200, 0, 0, -1, 1200, 0, -1},
		{0, 0, 0, -1, 0, 0, -1},
		{100, 1000, 0, -1, 0, 0, -1},
		{maxWireBytes, 1, 0, -1, 0, 0, -1},
		{1300, 1000, 1000, 1000, 0, 1000, 1000}, // WebKit's padding: nothing known of the headers
		{401, 101, 26000, 101, 0, 101, 26000},   // gzip
		{2700, 2400, 2400, -1, 0, 2400, 2400},   // chunked
	}
	for _, tt := range tests {
		rq := inspect.Request{ID: 1, URL: "https://a/x.js", Status: 200, Bytes: tt.bytes}
		frameHint{URL: rq.URL, Frame: topURL, Top: true, Wire: tt.wire, Encoded: tt.encoded, Decoded: tt.decoded}.apply(&rq)
		if rq.WireBytes != tt.wantWire || rq.EncodedBytes != tt.wantEncoded || rq.Bytes != tt.wantBytes {
			t.Errorf("hint %d/%d/%d: request %d/%d/%d, want %d/%d/%d", tt.wire, tt.encoded, tt.decoded,
				rq.WireBytes, rq.EncodedBytes, rq.Bytes, tt.wantWire, tt.wantEncoded, tt.wantBytes)
		}
	}
}
