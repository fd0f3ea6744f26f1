package window

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/window/webkit"
)

// QA garden4: a WebSocket, an EventSource and a navigator.sendBeacon left
// no trace in the report (WebKit reports no resource for a WebSocket, and
// the walled garden refuses all three with no signal). The inspection
// script's messages of them now make network records: a socket's with its
// outcome, an EventSource's and a beacon's request typed eventsource and
// ping, and, with the garden on, one outside it blocked at once.
func TestChannelsAreRecorded(t *testing.T) {
	const (
		page = "https://portal.example/plans"
		ws   = "wss://portal.example/live"
		out  = "wss://chat.example/live"
		es   = "https://portal.example/events"
		bcn  = "https://portal.example/beacon"
	)
	type msg struct {
		kind, level, text, source string
		line                      int
	}
	sock := func(event, id string, code int) msg { return msg{"socket", event, "", id, code} }
	type start struct {
		url, method string
		before      bool // WebKit's request starts before the script's message
	}
	for _, tc := range []struct {
		name    string
		garden  []string
		msgs    []msg
		started *start
		leave   bool // a new top-level document commits
		want    []string
	}{
		{name: "a WebSocket that opened and closed", msgs: []msg{{"socket", "new", ws, "a.1", 0}, sock("open", "a.1", 0), sock("close", "a.1", 1000)},
			want: []string{"websocket GET " + ws + " 101 close=1000 failed=\"\""}},
		{name: "a WebSocket whose handshake failed", msgs: []msg{{"socket", "new", ws, "a.1", 0}, sock("error", "a.1", 0), sock("close", "a.1", 1006)},
			want: []string{"websocket GET " + ws + " 0 close=1006 failed=\"the WebSocket connection failed before it opened"}},
		{name: "a WebSocket lost after it opened", msgs: []msg{{"socket", "new", ws, "a.1", 0}, sock("open", "a.1", 0), sock("error", "a.1", 0), sock("close", "a.1", 1006)},
			want: []string{"websocket GET " + ws + " 101 close=1006 failed=\"the WebSocket connection failed after it opened"}},
		{name: "a WebSocket open when the window closes", msgs: []msg{{"socket", "new", ws, "a.1", 0}, sock("open", "a.1", 0)},
			want: []string{"websocket GET " + ws + " 101 close=0 failed=\"\" pending"}},
		{name: "a WebSocket open when the page is left", msgs: []msg{{"socket", "new", ws, "a.1", 0}, sock("open", "a.1", 0)}, leave: true,
			want: []string{"websocket GET " + ws + " 101 close=1001 failed=\"\""}},
		{name: "two frames' sockets are two records", msgs: []msg{{"socket", "new", ws, "a.1", 0}, {"socket", "new", ws, "b.1", 0},
			sock("close", "b.1", 1001), sock("close", "a.1", 1000)},
			want: []string{"websocket GET " + ws + " 0 close=1001 failed=\"\"", "websocket GET " + ws + " 0 close=1000 failed=\"\""}},
		{name: "a socket of another scheme is malformed", msgs: []msg{{"socket", "new", es, "a.1", 0}, sock("close", "a.1", 1000)}},
		{name: "events of an unknown socket are ignored", msgs: []msg{sock("open", "x.9", 0), sock("close", "x.9", 1000)}},
		{name: "a WebSocket outside the walled garden", garden: []string{"portal.example"}, msgs: []msg{{"socket", "new", out, "a.1", 0},
			sock("error", "a.1", 0), sock("close", "a.1", 1006)},
			want: []string{"websocket GET " + out + " 0 close=0 failed=\"blocked: chat.example is outside the walled garden (refused before the request started)\" blocked"}},
		{name: "a WebSocket inside the walled garden", garden: []string{"portal.example"}, msgs: []msg{{"socket", "new", ws, "a.1", 0},
			sock("open", "a.1", 0), sock("close", "a.1", 1000)},
			want: []string{"websocket GET " + ws + " 101 close=1000 failed=\"\""}},
		{name: "an EventSource, its request after the call", msgs: []msg{{"channel", "eventsource", es, "GET", 0}},
			started: &start{url: es, method: "GET"}, want: []string{"eventsource GET " + es + " 200 close=0 failed=\"\""}},
		{name: "an EventSource, its request before the call", msgs: []msg{{"channel", "eventsource", es, "GET", 0}},
			started: &start{url: es, method: "GET", before: true}, want: []string{"eventsource GET " + es + " 200 close=0 failed=\"\""}},
		{name: "a beacon", msgs: []msg{{"channel", "beacon", bcn, "POST", 0}},
			started: &start{url: bcn, method: "POST"}, want: []string{"ping POST " + bcn + " 200 close=0 failed=\"\""}},
		{name: "a fetch of another URL keeps its type", msgs: []msg{{"channel", "beacon", bcn, "POST", 0}},
			started: &start{url: es, method: "GET"}, want: []string{"fetch GET " + es + " 200 close=0 failed=\"\""}},
		{name: "a beacon outside the walled garden", garden: []string{"chat.example"}, msgs: []msg{{"channel", "beacon", bcn, "POST", 0}},
			want: []string{"ping POST " + bcn + " 0 close=0 failed=\"blocked: portal.example is outside the walled garden (refused before the request started)\" blocked"}},
		{name: "an EventSource outside the walled garden", garden: []string{"chat.example"}, msgs: []msg{{"channel", "eventsource", es, "GET", 0}},
			want: []string{"eventsource GET " + es + " 0 close=0 failed=\"blocked: portal.example is outside the walled garden"}},
		{name: "an unknown channel is malformed", msgs: []msg{{"channel", "pigeon", bcn, "POST", 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			r := newTestRecorder(&buf)
			r.garden = tc.garden
			started := func() {
				r.onStarted(7, tc.started.method, tc.started.url, []string{"Sec-Fetch-Dest: empty"}, false)
				r.onResponse(7, 200, "text/plain", 0, nil, "")
				r.onDone(7, "", false, false)
			}
			if tc.started != nil && tc.started.before {
				r.onStarted(7, tc.started.method, tc.started.url, []string{"Sec-Fetch-Dest: empty"}, false)
			}
			for _, m := range tc.msgs {
				b, _ := json.Marshal(map[string]any{"t": string(r.token), "k": m.kind, "l": m.level, "x": m.text, "s": m.source, "n": m.line, "f": page, "top": true})
				r.onMessage(string(b))
			}
			if tc.started != nil {
				if tc.started.before {
					r.onResponse(7, 200, "text/plain", 0, nil, "")
					r.onDone(7, "", false, false)
				} else {
					started()
				}
			}
			if tc.leave {
				r.onTopLoad(webkit.LoadCommitted, "https://portal.example/next")
				r.onMessage(`{"t":"` + string(r.token) + `","k":"socket","l":"close","s":"a.1","n":1001}`)
			}
			r.flush() // the window closes
			var got []string
			for _, q := range sentRequests(t, &buf) {
				line := fmt.Sprintf("%s %s %s %d close=%d failed=%q", q.Type, q.Method, q.URL, q.Status, q.CloseCode, q.Failed)
				if q.Blocked {
					line += " blocked"
				}
				if q.Pending {
					line += " pending"
				}
				got = append(got, line)
				if q.Type != inspect.TypeFetch && (q.Frame != page || !q.TopFrame) {
					t.Errorf("%s: frame %q (top %v), want the page's", q.URL, q.Frame, q.TopFrame)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i := range got {
				// A want whose failure text is left open is a prefix.
				open := strings.Count(tc.want[i], `"`)%2 == 1
				if got[i] != tc.want[i] && (!open || !strings.HasPrefix(got[i], tc.want[i])) {
					t.Errorf("record %q, want %q", got[i], tc.want[i])
				}
			}
			if strings.Contains(tc.name, "malformed") && r.p.lim.counts.Malformed == 0 {
				t.Errorf("no malformed message counted")
			}
		})
	}
}
