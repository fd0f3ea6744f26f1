package window

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// sentMessages are the messages written to out, one a line (out is left
// as it is).
func sentMessages(t *testing.T, out *bytes.Buffer) []ipc.Message {
	t.Helper()
	var msgs []ipc.Message
	sc := bufio.NewScanner(bytes.NewReader(out.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m ipc.Message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("decode message %q: %v", sc.Text(), err)
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// sentRequests are the request records in the messages of out.
func sentRequests(t *testing.T, out *bytes.Buffer) []inspect.Request {
	t.Helper()
	var reqs []inspect.Request
	for _, m := range sentMessages(t, out) {
		if m.Type == ipc.TypeRequest && m.Request != nil {
			reqs = append(reqs, *m.Request)
		}
	}
	return reqs
}

// A main document that answered an HTTP error ends the session (the
// window then closes), but only once its body has come: QA saw a 500 page
// of 38 KB, and a 404 page that took 400 ms to send, recorded as pending,
// with no end time, because the window closed as the load committed.
func TestMainDocumentErrorEndsAfterItsBody(t *testing.T) {
	const page = "https://portal.example/gone"
	for _, tc := range []struct {
		name    string
		started bool // the main document's request is open
	}{
		{name: "the body still coming", started: true},
		{name: "no request open", started: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			r.p.loopDone = true // no GTK loop: the wait's timer does nothing
			if tc.started {
				r.onStarted(7, "GET", page, nil, true)
				r.onResponse(7, 404, "text/html", 0, []string{"Content-Type: text/html"}, page)
			}
			ended := 0
			var reqsAtEnd []inspect.Request
			r.whenMainEnds(func() {
				ended++
				reqsAtEnd = sentRequests(t, &out)
			})
			if !tc.started {
				if ended != 1 {
					t.Fatalf("the session's end ran %d times with no request open, want once at once", ended)
				}
				return
			}
			if ended != 0 {
				t.Fatal("the session ended before the error page's body came")
			}
			r.onData(7, 30000)
			r.onData(7, 8000)
			r.onDone(7, "", false, false)
			r.onDone(7, "", false, false) // once only
			if ended != 1 {
				t.Fatalf("the session's end ran %d times after the body came, want once", ended)
			}
			if len(reqsAtEnd) != 1 {
				t.Fatalf("%d requests sent before the session's end, want the main document's", len(reqsAtEnd))
			}
			q := reqsAtEnd[0]
			if q.Pending || q.Status != 404 || q.EndMs == 0 || q.EndMs < q.ResponseMs || q.Bytes != 38000 || q.Failed != "" {
				t.Errorf("the main document's record = pending %v, status %d, response %v ms, end %v ms, %d bytes, failed %q; want an ended 404 of 38000 bytes",
					q.Pending, q.Status, q.ResponseMs, q.EndMs, q.Bytes, q.Failed)
			}
			r.flush()
			if n := len(sentRequests(t, &out)); n != 1 {
				t.Errorf("%d requests sent after the close, want the one", n)
			}
		})
	}
}

// A request of a single-page portal is filed under the page's URL when it
// started, not the one the page had moved to by the time the script said
// which frame made it (after the load ended): QA saw /api/one, fetched on
// /spa/step1, filed under /spa/step2#h3. A request of an iframe keeps the
// iframe's URL.
func TestRequestFrameIsThePageWhenItStarted(t *testing.T) {
	const (
		launch = "https://portal.example/spa?market=US"
		step1  = "https://portal.example/spa/step1"
		step2  = "https://portal.example/spa/step2"
		step3  = "https://portal.example/spa/step2#h3"
		api    = "https://portal.example/api/"
		frame  = "https://pay.example/card"
	)
	var out bytes.Buffer
	r := newTestRecorder(&out)
	r.p.loopDone = true
	r.onTopLoad(webkit.LoadStarted, launch)
	r.onStarted(1, "GET", launch, nil, true)
	r.onTopLoad(webkit.LoadCommitted, launch)
	r.onDone(1, "", false, false)
	start := func(id uint, uri string) { r.onStarted(id, "GET", uri, nil, false) }
	end := func(id uint) {
		r.onResponse(id, 200, "application/json", 2, nil, "")
		r.onDone(id, "", false, false)
	}
	r.onURI(step1)
	start(2, api+"one")
	start(3, frame) // the iframe, whose hint comes from the top page
	r.onURI(step2)
	end(2)
	start(4, api+"two")
	r.onURI(step3)
	start(5, api+"three")
	start(6, "https://pay.example/card.js") // the iframe's own
	end(4)
	end(5)
	end(3)
	end(6)
	// The hints come once the loads ended, with the frames' URLs then.
	for _, h := range []frameHint{
		{URL: api + "one", Initiator: "fetch", Frame: step3, Top: true},
		{URL: api + "two", Initiator: "fetch", Frame: step3, Top: true},
		{URL: api + "three", Initiator: "fetch", Frame: step3, Top: true},
		{URL: frame, Initiator: "iframe", Frame: step3, Top: true},
		{URL: "https://pay.example/card.js", Initiator: "script", Frame: frame, Top: false},
	} {
		r.onHint(h)
	}
	want := map[string]string{launch: "", api + "one": step1, api + "two": step2, api + "three": step3, frame: step1, "https://pay.example/card.js": frame}
	got := sentRequests(t, &out)
	if len(got) != len(want) {
		t.Fatalf("%d requests sent, want %d", len(got), len(want))
	}
	for _, q := range got {
		if q.Frame != want[q.URL] {
			t.Errorf("%s is filed under %q, want %q", q.URL, q.Frame, want[q.URL])
		}
	}
}

// A download started inside an iframe (or by a link of the top page) is a
// request of type other marked as a download, not a document: QA saw an
// iframe's attachment typed as a document that failed with WebKit's
// "Frame load interrupted".
func TestDownloadIsNoDocument(t *testing.T) {
	const file = "https://portal.example/file.bin"
	attachment := []string{"Content-Type: application/octet-stream", "Content-Disposition: attachment; filename=file.bin"}
	iframe := []string{"Sec-Fetch-Dest: iframe"}
	for _, tc := range []struct {
		name      string
		headers   []string // the response's
		signal    bool     // WebKit's download-started came before the end
		main      bool
		wantDL    bool
		wantType  string
		wantError string
	}{
		{name: "an iframe's download, signalled", headers: attachment, signal: true, wantDL: true, wantType: inspect.TypeOther},
		{name: "an iframe's download, by its header", headers: attachment, wantDL: true, wantType: inspect.TypeOther},
		{name: "signalled without the header", headers: []string{"Content-Type: application/zip"}, signal: true, wantDL: true, wantType: inspect.TypeOther},
		{name: "the top page's download", headers: attachment, signal: true, main: true, wantDL: true, wantType: inspect.TypeOther},
		{name: "an iframe the page removed", headers: []string{"Content-Type: text/html"}, wantType: inspect.TypeDocument, wantError: "Frame load interrupted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			r.p.loopDone = true
			r.onStarted(1, "GET", file, iframe, tc.main)
			r.onResponse(1, 200, "application/octet-stream", 1000, tc.headers, file)
			if tc.signal {
				r.onDownload(file, "")
			}
			r.onDone(1, "Frame load interrupted", false, true)
			r.flush()
			got := sentRequests(t, &out)
			if len(got) != 1 {
				t.Fatalf("%d requests sent, want 1", len(got))
			}
			q := got[0]
			wantErr := tc.wantError
			if tc.wantDL {
				wantErr = downloadBlocked
			}
			if q.Download != tc.wantDL || q.Type != tc.wantType || q.Failed != wantErr || !q.Cancelled {
				t.Errorf("record: download %v, type %q, failed %q, cancelled %v; want download %v, type %q, failed %q, cancelled",
					q.Download, q.Type, q.Failed, q.Cancelled, tc.wantDL, tc.wantType, wantErr)
			}
		})
	}
}
