package window

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
)

// sentRequests are the request records in the messages of out.
func sentRequests(t *testing.T, out *bytes.Buffer) []inspect.Request {
	t.Helper()
	var reqs []inspect.Request
	sc := bufio.NewScanner(bytes.NewReader(out.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m ipc.Message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("decode message %q: %v", sc.Text(), err)
		}
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
