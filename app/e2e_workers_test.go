package main

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// TestE2EWorkersNoteWhatIsNotRecorded: a page that starts two dedicated
// Workers and a SharedWorker, each of which makes a fetch(), an
// XMLHttpRequest, an EventSource, a WebSocket and a fetch() outside the
// walled garden, then logs. WebKit runs the inspection script only in
// documents, so what the record has of them is WebKit's network signals
// alone; this checks what docs/inspection.md ("Workers") says of
// WebKitGTK 2.50: a dedicated worker's fetch, XHR and EventSource are
// recorded, its WebSocket is not; a shared worker's requests are not at
// all; neither's console message is; the garden refuses the outside
// fetch of both with no record. And that the console says so: one info
// message for the first worker of each kind, naming its script (until
// 2026-12-07 nothing said that requests of a worker could be missing).
func TestE2EWorkersNoteWhatIsNotRecorded(t *testing.T) {
	needE2E(t)
	pin := startTestPortal(t, map[string]string{}) // only its certificate
	var mu sync.Mutex
	var outside []string
	other := startHandlerPortal(t, "127.0.0.2", pin, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		outside = append(outside, r.URL.String())
		mu.Unlock()
		w.Header().Set("Access-Control-Allow-Origin", "*")
		fmt.Fprint(w, "{}")
	}))
	workerJS := `var tag = self.name || 'dedicated', ports = [];
function say(m) { if (self.postMessage) { postMessage(m); } else { ports.forEach(function (p) { p.postMessage(m); }); } }
self.onconnect = function (e) { ports.push(e.ports[0]); };
console.log('worker console ' + tag);
fetch('/data?from=' + tag).then(function () { say('fetch'); });
var x = new XMLHttpRequest(); x.open('GET', '/xhr?from=' + tag); x.onload = function () { say('xhr'); }; x.send();
var es = new EventSource('/events?from=' + tag);
es.onmessage = function () { es.close(); say('event'); };
var ws = new WebSocket('wss://' + location.host + '/ws?from=' + tag);
ws.onopen = function () { ws.send('x'); };
ws.onmessage = function () { ws.close(); say('socket'); };
fetch('` + other + `outside?from=' + tag).then(function () { say('outside'); }, function () { say('outside refused'); });
`
	page := `<!doctype html><html lang="en"><head><title>workers</title></head><body><p>workers</p><script>
var heard = 0;
function note(e) { if (++heard === 15) { ` + handBackJS + ` } }
new Worker('/worker.js').onmessage = note;
new Worker('/worker.js?second').onmessage = note;
var sw = new SharedWorker('/worker.js', 'shared');
sw.port.onmessage = note;
sw.port.start();
</script></body></html>`
	var hits []string
	mux := http.NewServeMux()
	mux.Handle("/ws", websocket.Server{Handler: func(ws *websocket.Conn) {
		var msg string
		_ = ws.SetDeadline(time.Now().Add(5 * time.Second))
		if websocket.Message.Receive(ws, &msg) == nil {
			_ = websocket.Message.Send(ws, "echo "+msg)
		}
		for websocket.Message.Receive(ws, &msg) == nil {
			// Until the worker's close frame.
		}
	}, Handshake: func(*websocket.Config, *http.Request) error { return nil }})
	mux.HandleFunc("/events", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, "retry: 60000\ndata: hello\n\n")
	})
	mux.HandleFunc("/worker.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, workerJS)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
			return
		}
		fmt.Fprint(w, "{}")
	})
	base := startHandlerPortal(t, "127.0.0.1", pin, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits = append(hits, r.URL.Path+"?"+r.URL.RawQuery)
		mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", base, "--trust-cert", pin.certPath, "--sim", "psim",
		"--timeout", "30s", "--screenshots", "-", "--no-axe", "--walled-garden")
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q (did every worker answer?)\nstderr:\n%s", rep.Ended, tail(stderr))
	}
	mu.Lock()
	served, refused := strings.Join(hits, " "), len(outside) == 0
	mu.Unlock()
	recorded := map[string]bool{}
	for _, q := range rep.Network {
		if u, err := url.Parse(q.URL); err == nil && u.Query().Has("from") {
			recorded["/"+path.Base(u.Path)+"?from="+u.Query().Get("from")] = true
		}
	}
	// What WebKitGTK 2.50 records of a worker (docs/inspection.md,
	// "Workers"): a change here means the docs and the note are out of
	// date.
	for _, c := range []struct {
		req  string
		want bool
	}{
		{"/data?from=dedicated", true}, {"/xhr?from=dedicated", true}, {"/events?from=dedicated", true},
		{"/ws?from=dedicated", false},
		{"/data?from=shared", false}, {"/xhr?from=shared", false}, {"/events?from=shared", false}, {"/ws?from=shared", false},
		{"/outside?from=dedicated", false}, {"/outside?from=shared", false},
	} {
		if !strings.HasPrefix(c.req, "/outside") && !strings.Contains(served, c.req) {
			t.Errorf("the server never got %s; the test proves nothing of it (served %s)", c.req, served)
		}
		if recorded[c.req] != c.want {
			t.Errorf("%s recorded: %v, want %v (docs/inspection.md, \"Workers\", says what WebKit records of a worker)", c.req, recorded[c.req], c.want)
		}
	}
	if !refused {
		t.Errorf("the walled garden let a worker's fetch outside it through: %q", outside)
	}
	notes := map[string]int{}
	for _, m := range rep.Console {
		if strings.Contains(m.Text, "worker console") {
			t.Errorf("a worker's console message was recorded: %q; docs/inspection.md says it is not", m.Text)
		}
		for _, kind := range []string{"a dedicated Worker", "a SharedWorker"} {
			if strings.HasPrefix(m.Text, "The page started "+kind+" ("+base+"worker.js)") {
				notes[kind]++
				if m.Level != "info" || !strings.Contains(m.Text, "walled garden") {
					t.Errorf("note %s: %q, want an info message that names the walled garden's refusals too", m.Level, m.Text)
				}
			}
		}
	}
	if notes["a dedicated Worker"] != 1 || notes["a SharedWorker"] != 1 {
		t.Errorf("notes of the workers %v, want one of each kind; console %+v", notes, rep.Console)
	}
}
