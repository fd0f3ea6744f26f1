package window

import (
	"bytes"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// notShownCase is a document's response and what the window makes of it.
type notShownCase struct {
	name string
	resp webkit.Response
	// why is in the reason the session or the record gets ("": WebKit
	// shows the response, and a cancelled load stays one).
	why string
}

func notShownCases(uri string) []notShownCase {
	return []notShownCase{
		{"octet-stream", webkit.Response{URI: uri, MIMEType: "application/octet-stream", ContentType: "application/octet-stream", Status: 200},
			"the response has the Content-Type application/octet-stream, which the WebView cannot show as a page"},
		{"no Content-Type, sniffed", webkit.Response{URI: uri, MIMEType: "application/octet-stream", Status: 200},
			"the response has no Content-Type, and WebKit took it for application/octet-stream"},
		{"octet-stream 404", webkit.Response{URI: uri, MIMEType: "application/octet-stream", ContentType: "application/octet-stream", Status: 404},
			"the response (HTTP 404 Not Found) has the Content-Type application/octet-stream"},
		{"attachment", webkit.Response{URI: uri, MIMEType: "text/html", ContentType: "text/html", Supported: true, Status: 200,
			Disposition: "attachment; filename=good.att.html"},
			"the response is a download (Content-Disposition: attachment; filename=good.att.html), which the WebView does not show as a page"},
		{"204", webkit.Response{URI: uri, MIMEType: "text/plain", Supported: true, Status: 204},
			"the response is HTTP 204 No Content, which has no page to show"},
		{"text/html", webkit.Response{URI: uri, MIMEType: "text/html", ContentType: "text/html", Supported: true, Status: 200}, ""},
		{"text/plain", webkit.Response{URI: uri, MIMEType: "text/plain", ContentType: "text/plain", Supported: true, Status: 200}, ""},
		{"inline", webkit.Response{URI: uri, MIMEType: "text/html", ContentType: "text/html", Supported: true, Status: 200, Disposition: "inline"}, ""},
	}
}

// loadFailures are the load-failed messages of out.
func loadFailures(t *testing.T, out *bytes.Buffer) []ipc.Message {
	t.Helper()
	var fails []ipc.Message
	for _, m := range sentMessages(t, out) {
		if m.Type == ipc.TypeLoadFailed {
			fails = append(fails, m)
		}
	}
	return fails
}

// The top frame's first document, when WebKit does not show it (a
// Content-Type it cannot display, a download, a 204), ends the session at
// once with the reason, with inspection or without; its request is
// recorded as failed for that reason. Before, WebKit's "Frame load
// interrupted" was taken for a load the page stopped: a blank window until
// the session's timeout, with no reason given (QA: a portal page served as
// application/octet-stream, or with Content-Disposition: attachment).
func TestFirstDocumentNotShownEndsTheSession(t *testing.T) {
	const page = "https://portal.example/plans?market=US"
	for _, inspecting := range []bool{true, false} {
		for _, tc := range notShownCases(page) {
			name := tc.name
			if !inspecting {
				name += " without inspection"
			}
			t.Run(name, func(t *testing.T) {
				var out bytes.Buffer
				r := newTestRecorder(&out)
				p := r.p
				if inspecting {
					p.rec = r
					r.onStarted(1, "GET", page, nil, true)
					r.onResponse(1, tc.resp.Status, tc.resp.MIMEType, 100, nil, page)
				}
				tc.resp.Frame = webkit.FrameMain
				p.onResponse(tc.resp)
				if tc.resp.Attachment() && inspecting {
					r.onDownload(page, "")
				}
				p.onLoadFailed(webkit.LoadFailure{URI: page, Reason: "Frame load interrupted", Kind: webkit.LoadFailCancelled})
				if inspecting {
					r.onDone(1, "Frame load interrupted", false, true)
					r.flush()
				}
				fails := loadFailures(t, &out)
				if len(fails) != 1 {
					t.Fatalf("%d load failures sent (%+v), want 1", len(fails), fails)
				}
				f := fails[0]
				if tc.why == "" {
					if f.Fatal || f.Reason != "Frame load interrupted" {
						t.Errorf("load failure %+v, want the cancelled load as it was: WebKit shows the response", f)
					}
					return
				}
				if !f.Fatal || f.Kind != ipc.LoadHTTP || f.URL != page || !strings.Contains(f.Reason, "the main document was not shown: "+tc.why) {
					t.Errorf("load failure %+v, want a fatal one of %s with %q", f, page, tc.why)
				}
				if !inspecting {
					return
				}
				reqs := sentRequests(t, &out)
				if len(reqs) != 1 {
					t.Fatalf("%d requests recorded, want the main document's", len(reqs))
				}
				q := reqs[0]
				if tc.resp.Attachment() {
					if !q.Download || q.Failed != downloadBlocked {
						t.Errorf("the main document's record: download %v, failed %q; want the blocked download", q.Download, q.Failed)
					}
					return
				}
				if q.Cancelled || q.Pending || !strings.HasPrefix(q.Failed, "not shown: "+tc.why) {
					t.Errorf("the main document's record: cancelled %v, pending %v, failed %q; want failed, not shown: %q", q.Cancelled, q.Pending, q.Failed, tc.why)
				}
			})
		}
	}
}

// A later top-frame document WebKit does not show leaves the portal on
// its page, as in the app's WebView: the session goes on and the parent
// is told why the navigation stopped, as a load failure of its own kind
// (ipc.LoadNotShown, the session's navigation-not-shown finding). Before,
// it was told only in words, which the session logged and nothing else.
func TestLaterDocumentNotShownKeepsThePortal(t *testing.T) {
	const (
		portal = "https://portal.example/plans"
		later  = "https://portal.example/terms.pdf"
	)
	for _, tc := range notShownCases(later) {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			p := r.p
			p.committed, p.pageURL = true, portal
			tc.resp.Frame = webkit.FrameMain
			p.onResponse(tc.resp)
			p.onLoadFailed(webkit.LoadFailure{URI: later, Reason: "Frame load interrupted", Kind: webkit.LoadFailCancelled})
			fails := loadFailures(t, &out)
			if len(fails) != 1 || fails[0].Fatal {
				t.Fatalf("load failures %+v, want one that does not end the session", fails)
			}
			want, kind := "Frame load interrupted", ""
			if tc.why != "" {
				want, kind = tc.why, ipc.LoadNotShown
			}
			if f := fails[0]; f.URL != later || !strings.HasPrefix(f.Reason, want) || f.Kind != kind {
				t.Errorf("load failure %+v, want %s of kind %q with %q", f, later, kind, want)
			}
		})
	}
}

// A frame's document of a type WebKit cannot show leaves the frame empty:
// its request fails with the reason (a request-failed finding) instead of
// being a cancelled load, and the session goes on; a frame's 204 or
// download is left as it was (a download is download-blocked's).
func TestFrameDocumentNotShownFailsItsRequest(t *testing.T) {
	const (
		portal = "https://portal.example/plans"
		frame  = "https://pay.example/card.bin"
	)
	for _, tc := range notShownCases(frame) {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			p := r.p
			p.rec, p.committed, p.pageURL = r, true, portal
			r.onStarted(2, "GET", frame, []string{"Sec-Fetch-Dest: iframe"}, false)
			r.onResponse(2, tc.resp.Status, tc.resp.MIMEType, 100, nil, frame)
			tc.resp.Frame = webkit.FrameOther
			p.onResponse(tc.resp)
			r.onDone(2, "Frame load interrupted", false, true)
			r.flush()
			if fails := loadFailures(t, &out); len(fails) != 0 {
				t.Errorf("load failures %+v for a frame's document, want none", fails)
			}
			var q *inspect.Request
			for _, rq := range sentRequests(t, &out) {
				if rq.URL == frame {
					q = &rq
				}
			}
			if q == nil {
				t.Fatal("the frame's request was not recorded")
			}
			failed := tc.why != "" && !tc.resp.Supported
			switch {
			case failed && (q.Cancelled || !strings.HasPrefix(q.Failed, "not shown: "+tc.why)):
				t.Errorf("the frame's record: cancelled %v, failed %q; want failed, not shown: %q", q.Cancelled, q.Failed, tc.why)
			case !failed && !tc.resp.Attachment() && (!q.Cancelled || q.Failed != "Frame load interrupted"):
				t.Errorf("the frame's record: cancelled %v, failed %q; want the cancelled load as it was", q.Cancelled, q.Failed)
			}
			// The top frame's next stopped load is no failure of the frame's.
			p.onLoadFailed(webkit.LoadFailure{URI: portal + "/next", Reason: "Frame load interrupted", Kind: webkit.LoadFailCancelled})
			if fails := loadFailures(t, &out); len(fails) != 1 || fails[0].Fatal || fails[0].Reason != "Frame load interrupted" {
				t.Errorf("load failures %+v after the top frame's stopped load, want it as WebKit said it", fails)
			}
		})
	}
}

// The top frame's commit carries the MIME type WebKit took its document
// for (its last response's), so that the session can say a page shown as
// text ran none of its scripts; a commit with no response seen (an error
// page) carries none, and a frame's response is not the top frame's.
func TestCommitCarriesTheDocumentsType(t *testing.T) {
	const page = "https://portal.example/plans"
	tests := []struct {
		name      string
		responses []webkit.Response
		want      string
	}{
		{"text/plain", []webkit.Response{{URI: page, MIMEType: "text/plain", ContentType: "text/plain; charset=utf-8", Supported: true, Status: 200, Frame: webkit.FrameMain}}, "text/plain"},
		{"text/html", []webkit.Response{{URI: page, MIMEType: "text/html", ContentType: "text/html", Supported: true, Status: 200, Frame: webkit.FrameMain}}, "text/html"},
		{"sniffed", []webkit.Response{{URI: page, MIMEType: "text/plain", Supported: true, Status: 200, Frame: webkit.FrameMain}}, "text/plain"},
		{"a frame's response after the top's", []webkit.Response{
			{URI: page, MIMEType: "text/html", Supported: true, Status: 200, Frame: webkit.FrameMain},
			{URI: "https://pay.example/card.txt", MIMEType: "text/plain", Supported: true, Status: 200, Frame: webkit.FrameOther},
		}, "text/html"},
		{"no response", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			p := newTestRecorder(&out).p
			for _, r := range tc.responses {
				p.onResponse(r)
			}
			if m := p.navigated(page); m.Type != ipc.TypeNavigated || m.URL != page || m.MIME != tc.want {
				t.Errorf("navigated message %+v, want %s as %q", m, page, tc.want)
			}
			if m := p.navigated(page + "/error"); m.MIME != "" {
				t.Errorf("the next commit, with no response of its own, carries %q", m.MIME)
			}
		})
	}
}
