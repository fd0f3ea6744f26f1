package main

import (
	"bufio"
	"cmp"
	"crypto/sha1"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/websocket"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// channelServer is an HTTPS server on a loopback address that answers a
// WebSocket (/ws: echoes one message, then answers the page's close; /ws-refused:
// an HTTP 403, so the handshake fails; /ws-error: opens, then closes it
// cleanly with 1011, internal error), an event stream (/events: one
// event) and a beacon (/beacon: 204), and the page "/" when it has one.
// It records the path of every request it gets.
type channelServer struct {
	base, host string
	mu         sync.Mutex
	hits       []string
}

// startChannelServer serves on ip with cert; its page, when page is not
// empty, is page with CHAN replaced by chan (this server's host:port when
// chan is empty).
func startChannelServer(t *testing.T, ip string, cert testCert, page, chanHost string) *channelServer {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	c := &channelServer{host: ln.Addr().String()}
	c.base = "https://" + c.host + "/"
	page = strings.ReplaceAll(page, "CHAN", cmp.Or(chanHost, c.host))
	mux := http.NewServeMux()
	mux.Handle("/ws", websocket.Server{Handler: func(ws *websocket.Conn) {
		var msg string
		_ = ws.SetDeadline(time.Now().Add(5 * time.Second))
		if websocket.Message.Receive(ws, &msg) == nil {
			_ = websocket.Message.Send(ws, "echo "+msg)
		}
		for websocket.Message.Receive(ws, &msg) == nil {
			// Until the page's close frame (1000).
		}
		_ = ws.Close() // its answer: a close frame with 1000
	}, Handshake: func(*websocket.Config, *http.Request) error { return nil }})
	mux.HandleFunc("/ws-refused", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "no", http.StatusForbidden) })
	mux.HandleFunc("/ws-error", closeSocketWith(1011, "boom"))
	mux.HandleFunc("/ws-app", echoPageClose)
	mux.HandleFunc("/events", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprint(w, "retry: 60000\ndata: hello\n\n")
	})
	mux.HandleFunc("/beacon", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" || page == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c.mu.Lock()
			c.hits = append(c.hits, r.URL.Path)
			c.mu.Unlock()
			mux.ServeHTTP(w, r)
		}),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{cert.der}, PrivateKey: cert.key}}},
	}
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	t.Cleanup(func() { _ = srv.Close() })
	return c
}

// closeSocketWith answers a WebSocket handshake, then closes the socket at
// once with code and reason: a clean close (a closing handshake, which
// the page answers), so WebKit gives the page no error event, only the
// close event with code. x/net/websocket closes only with 1000.
func closeSocketWith(code int, reason string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf := acceptWebSocket(w, r)
		if conn == nil {
			return
		}
		defer func() { _ = conn.Close() }()
		payload := append([]byte{byte(code >> 8), byte(code)}, reason...)
		_, _ = buf.Write(append([]byte{0x88, byte(len(payload))}, payload...)) // FIN and close, unmasked
		if buf.Flush() != nil {
			return
		}
		_, _ = buf.Read(make([]byte, 256)) // the page's close frame, its answer
	}
}

// acceptWebSocket answers r's WebSocket handshake by hand (101 with its
// Sec-WebSocket-Accept, unsent until the caller flushes) and hands over the
// connection, with a 5 s deadline, so that a test can send close frames
// x/net/websocket cannot; a nil connection when it could not be taken.
func acceptWebSocket(w http.ResponseWriter, r *http.Request) (net.Conn, *bufio.ReadWriter) {
	accept := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return nil, nil
	}
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(buf, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
		base64.StdEncoding.EncodeToString(accept[:]))
	return conn, buf
}

// echoPageClose is a WebSocket endpoint that opens, waits for the page's
// close frame and answers it with the page's own code, as a server does
// (RFC 6455 section 5.5.1): the page's close(4001) then reaches its close
// event as 4001.
func echoPageClose(w http.ResponseWriter, r *http.Request) {
	conn, buf := acceptWebSocket(w, r)
	if conn == nil {
		return
	}
	defer func() { _ = conn.Close() }()
	if buf.Flush() != nil {
		return
	}
	head := make([]byte, 6) // FIN and close, a masked length under 126, the mask
	if _, err := io.ReadFull(buf, head); err != nil || head[0] != 0x88 {
		return
	}
	payload := make([]byte, head[1]&0x7f)
	if _, err := io.ReadFull(buf, payload); err != nil || len(payload) < 2 {
		return
	}
	for i := range payload {
		payload[i] ^= head[2+i%4]
	}
	_, _ = buf.Write(append([]byte{0x88, 2}, payload[:2]...)) // the page's code back, unmasked
	_ = buf.Flush()
}

func (c *channelServer) got() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.hits...)
}

// channelsPage opens, against the channel server CHAN (host:port), a
// WebSocket that is answered and closed, one whose handshake is refused,
// one the server closes with 1011, one the page closes with 4001, an event stream and a beacon, and a WebSocket and a beacon through the
// constructor and method of an about:blank iframe it adds; it hands back
// after 3 s. First it tries what a hostile page would to hide them: it
// replaces the listeners' registration and the sockets' url getters,
// subclasses WebSocket, and gives the beacon a URL object whose string
// changes after the first time it is asked for.
const channelsPage = `<!doctype html><html lang="en"><head><title>plans</title></head><body><p>plans</p><script>
EventTarget.prototype.addEventListener = function () {};
Object.defineProperty(WebSocket.prototype, 'url', {get: function () { return 'wss://forged.example/'; }});
Object.defineProperty(EventSource.prototype, 'url', {get: function () { return 'https://forged.example/'; }});
var ws = new WebSocket('wss://CHAN/ws');
ws.onopen = function () { ws.send('hi'); };
ws.onmessage = function () { ws.close(1000, 'done'); };
var refused = new WebSocket('wss://CHAN/ws-refused');
refused.onerror = function () {};
new WebSocket('wss://CHAN/ws-error');
var app = new WebSocket('wss://CHAN/ws-app');
app.onopen = function () { app.close(4001, 'done'); };
var es = new EventSource('https://CHAN/events');
es.onmessage = function () { es.close(); };
es.onerror = function () { es.close(); };
var asked = 0;
navigator.sendBeacon({toString: function () { return asked++ ? 'https://forged.example/' : 'https://CHAN/beacon'; }}, 'bye');
class Sub extends WebSocket {}
var sub = new Sub('wss://CHAN/ws-sub');
sub.onerror = function () {};
console.log('natives ' + [ws instanceof WebSocket, ws.constructor === WebSocket, Object.getPrototypeOf(ws) === WebSocket.prototype,
  sub instanceof Sub, WebSocket.OPEN === 1, WebSocket.name, WebSocket.length, /\[native code\]/.test(String(WebSocket)),
  es instanceof EventSource, navigator.sendBeacon.name, asked].join(' '));
var fr = document.createElement('iframe'); document.body.appendChild(fr);
new fr.contentWindow.WebSocket('wss://CHAN/ws-frame');
fr.contentWindow.navigator.sendBeacon('https://CHAN/beacon-frame', 'x');
setTimeout(function () { HANDBACK }, 3000);
</script></body></html>`

// channelRecord is what the test wants of one channel's network record.
type channelRecord struct {
	url, typ, method string
	status           int
	failed           bool // a failure other than the walled garden's
	cancelled        bool // the page closed it (an EventSource's close)
	inFrame          bool // made through the page's about:blank iframe
}

// checkChannels checks that rep and the HAR at harPath record each of
// want, blocked when garden says.
func checkChannels(t *testing.T, rep session.Report, harPath string, want []channelRecord, garden bool) {
	t.Helper()
	// The wrappers are what the page had: a socket is an instance of the
	// constructor it holds (and of a subclass), its prototype's constructor
	// is it, its statics, name, length and source text are native, and the
	// beacon's URL object was made a string once.
	const natives = "natives true true true true true WebSocket 1 true true sendBeacon 1"
	seen := false
	for _, c := range rep.Console {
		seen = seen || c.Text == natives
	}
	if !seen {
		t.Errorf("the page did not log %q: its console:\n%+v", natives, rep.Console)
	}
	for _, w := range want {
		var q *inspect.Request
		for i := range rep.Network {
			if rep.Network[i].URL == w.url {
				q = &rep.Network[i]
				break
			}
		}
		if q == nil {
			t.Errorf("no network record of %s\nnetwork:%s", w.url, networkLines(rep))
			continue
		}
		if q.Type != w.typ || q.Method != w.method {
			t.Errorf("%s: type %q method %q, want %s %s", w.url, q.Type, q.Method, w.typ, w.method)
		}
		switch {
		case garden:
			if !q.Blocked || !strings.HasPrefix(q.Failed, "blocked: ") || !strings.Contains(q.Failed, "outside the walled garden") {
				t.Errorf("%s: blocked %v, failed %q; want blocked by the walled garden", w.url, q.Blocked, q.Failed)
			}
		case w.failed:
			if q.Failed == "" || q.Blocked {
				t.Errorf("%s: failed %q blocked %v, want a failure", w.url, q.Failed, q.Blocked)
			}
		case w.cancelled:
			if !q.Cancelled || q.Blocked || q.Status != w.status {
				t.Errorf("%s: status %d cancelled %v blocked %v, want %d and cancelled by the page", w.url, q.Status, q.Cancelled, q.Blocked, w.status)
			}
		default:
			if q.Failed != "" || q.Blocked || q.Status != w.status {
				t.Errorf("%s: status %d failed %q blocked %v, want %d and no failure", w.url, q.Status, q.Failed, q.Blocked, w.status)
			}
		}
		if w.inFrame && (q.Frame != "about:blank" || q.TopFrame) || !w.inFrame && (q.Frame == "" || !q.TopFrame) {
			t.Errorf("%s: frame %q top %v, want the page's (its about:blank iframe: %v)", w.url, q.Frame, q.TopFrame, w.inFrame)
		}
	}
	for _, q := range rep.Network {
		if strings.Contains(q.URL, "forged.example") {
			t.Errorf("a record of the page's forged URL: %+v", q)
		}
	}
	har := harResourceTypes(t, harPath)
	for _, w := range want {
		if len(har[w.url]) == 0 {
			t.Errorf("HAR: no entry of %s", w.url)
		}
		for _, typ := range har[w.url] {
			if typ != w.typ {
				t.Errorf("HAR: %s has _resourceType %q, want %s", w.url, typ, w.typ)
			}
		}
	}
}

// QA garden4: a WebSocket, an EventSource and a navigator.sendBeacon left
// no trace in the report under the walled garden (WebKit's content
// filter refused them before any request, and WebKit's network signals
// never have a WebSocket at all), so a passing page could not be told
// from one that made none. Each is now a network record, with the garden
// off and on: the WebSocket's outcome (opened: 101 and its close code;
// its handshake refused: failed), the event stream as "eventsource", the
// beacon as "ping" (the names Chrome's HAR gives them); outside the
// garden each is blocked and counted in walled-garden-blocked, and the
// outside host gets nothing. The page first tries to hide them (it
// replaces addEventListener and the sockets' url getters).
func TestE2EGarden4ChannelsAreRecorded(t *testing.T) {
	needE2E(t)
	cert := newTestCert(t)
	page := strings.ReplaceAll(channelsPage, "HANDBACK", handBackJS)
	want := func(host string) []channelRecord {
		b := "https://" + host + "/"
		return []channelRecord{
			{url: "wss://" + host + "/ws", typ: "websocket", method: "GET", status: 101},
			{url: "wss://" + host + "/ws-refused", typ: "websocket", method: "GET", failed: true},
			// Opened, then closed by the server with 1011: no error event,
			// so no Failed; failed all the same (below).
			{url: "wss://" + host + "/ws-error", typ: "websocket", method: "GET", status: 101},
			// Opened, then closed by the page with its own 4001, which the
			// server echoed: not failed.
			{url: "wss://" + host + "/ws-app", typ: "websocket", method: "GET", status: 101},
			{url: b + "events", typ: "eventsource", method: "GET", status: 200, cancelled: true},
			{url: b + "beacon", typ: "ping", method: "POST", status: 204},
			{url: "wss://" + host + "/ws-sub", typ: "websocket", method: "GET", failed: true},
			{url: "wss://" + host + "/ws-frame", typ: "websocket", method: "GET", failed: true, inFrame: true},
			{url: b + "beacon-frame", typ: "ping", method: "POST", status: 404, inFrame: true},
		}
	}
	t.Run("garden off", func(t *testing.T) {
		portal := startChannelServer(t, "127.0.0.1", cert, page, "")
		rep, harPath := runChannels(t, portal, cert)
		checkChannels(t, rep, harPath, want(portal.host), false)
		for _, q := range rep.Network {
			if q.URL == "wss://"+portal.host+"/ws" && q.CloseCode != 1000 {
				t.Errorf("the WebSocket's close code is %d, want 1000: %+v", q.CloseCode, q)
			}
			if q.URL == "wss://"+portal.host+"/ws-error" && q.CloseCode != 1011 {
				t.Errorf("the WebSocket the server closed with 1011 has close code %d: %+v", q.CloseCode, q)
			}
		}
		checkSocketClosedWithError(t, rep, "wss://"+portal.host+"/ws-error")
		checkSocketClosedByPage(t, rep, "wss://"+portal.host+"/ws-app", 4001)
	})
	t.Run("garden on, an outside host", func(t *testing.T) {
		outside := startChannelServer(t, "127.0.0.2", cert, "", "")
		portal := startChannelServer(t, "127.0.0.1", cert, page, outside.host)
		rep, harPath := runChannels(t, portal, cert, "--walled-garden")
		if hits := outside.got(); len(hits) != 0 {
			t.Errorf("the outside host got %v, want nothing", hits)
		}
		checkChannels(t, rep, harPath, want(outside.host), true)
		var finding string
		for _, f := range rep.Findings {
			if f.Code == bridge.CodeWalledGardenBlock {
				finding = f.Message
			}
		}
		if !strings.Contains(finding, "blocked 9 requests to 127.0.0.2") {
			t.Errorf("walled-garden-blocked: %q, want the 9 requests to 127.0.0.2 counted\nnetwork:%s", finding, networkLines(rep))
		}
	})
}

// checkSocketClosedWithError checks that the WebSocket url, which the
// server closed cleanly with 1011, is a failed request of rep: a
// request-failed finding names the code and what it means (until
// 2026-12-07 there was none: only an error event made a socket failed).
func checkSocketClosedWithError(t *testing.T, rep session.Report, url string) {
	t.Helper()
	want := "GET " + url + " failed: the server closed it with code 1011 (internal error: the server met a condition it could not handle)."
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeRequestFailed && f.Message == want {
			return
		}
	}
	t.Errorf("no request-failed finding %q\nfindings: %+v", want, rep.Findings)
}

// runChannels runs the portal (with extra flags) and returns its report
// and the path of its HAR.
func runChannels(t *testing.T, portal *channelServer, cert testCert, extra ...string) (session.Report, string) {
	t.Helper()
	harPath := filepath.Join(t.TempDir(), "session.har")
	args := append([]string{"run", "--headless", "--portal", portal.base, "--trust-cert", cert.path, "--sim", "psim",
		"--timeout", "20s", "--screenshots", "-", "--no-axe", "--har", harPath}, extra...)
	_, rep, stderr := runMpsim(t, args...)
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q, want handBack\nnetwork:%s\nstderr:\n%s", rep.Ended, networkLines(rep), tail(stderr))
	}
	return rep, harPath
}

// checkSocketClosedByPage checks that the WebSocket at url, which the page
// closed itself with code (the server echoing it), is recorded as closed
// by the page and is no failed request: no request-failed finding names it.
func checkSocketClosedByPage(t *testing.T, rep session.Report, url string, code int) {
	t.Helper()
	for _, q := range rep.Network {
		if q.URL == url && (!q.ClosedByPage || q.CloseCode != code || q.Failure() != "") {
			t.Errorf("the WebSocket the page closed with %d: closedByPage %v, close code %d, failure %q; want closed by the page, %d, no failure",
				code, q.ClosedByPage, q.CloseCode, q.Failure(), code)
		}
	}
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeRequestFailed && strings.Contains(f.Message, url) {
			t.Errorf("request-failed for the socket the page closed itself: %q", f.Message)
		}
	}
}
