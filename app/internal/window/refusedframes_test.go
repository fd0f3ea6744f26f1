package window

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/window/webkit"
)

// A frame's load WebKit refuses before it starts is filed under the
// document that holds the iframe. QA saw an iframe of plain http inside
// an iframe filed under the top page (WebKit's navigation decision, the
// one thing the window had, names no frame), and an iframe on a bad port
// with no record at all (WebKitGTK 2.50 refuses it with no signal). The
// inspection script now tells each iframe its document holds as it is
// inserted; a load told by both the decision and the script is one record,
// whichever came first.
func TestFrameRefusalsAreFiledUnderTheirFrame(t *testing.T) {
	const (
		page   = "https://portal.example/plans"
		inner  = "https://portal.example/inner"
		inner2 = "https://portal.example/inner2"
		plain  = "http://portal.example/frame"
		port   = "https://portal.example:6000/frame"
	)
	type step struct{ kind, text, frame string } // kind: decide, mixed or port
	for _, tc := range []struct {
		name  string
		steps []step
		want  []string // "frame url refused-or-mixed failed…"
	}{
		{name: "a nested iframe of plain http, the decision first",
			steps: []step{{"decide", plain, ""}, {"mixed", plain, inner}},
			want:  []string{inner + " " + plain + " mixed blocked as mixed content: an https page (" + inner + ") cannot load plain http in a frame"}},
		{name: "a nested iframe of plain http, the script first",
			steps: []step{{"mixed", plain, inner}, {"decide", plain, ""}},
			want:  []string{inner + " " + plain + " mixed blocked as mixed content: an https page (" + inner + ") cannot load plain http in a frame"}},
		{name: "an iframe of plain http in the top page",
			steps: []step{{"decide", plain, ""}, {"mixed", plain, page}},
			want:  []string{page + " " + plain + " mixed blocked as mixed content: an https page (" + page + ") cannot load plain http in a frame"}},
		{name: "the same iframe in two frames",
			steps: []step{{"decide", plain, ""}, {"decide", plain, ""}, {"mixed", plain, inner}, {"mixed", plain, inner2}},
			want: []string{inner + " " + plain + " mixed blocked as mixed content: an https page (" + inner + ")",
				inner2 + " " + plain + " mixed blocked as mixed content: an https page (" + inner2 + ")"}},
		{name: "a decision alone keeps the top page",
			steps: []step{{"decide", plain, ""}},
			want:  []string{page + " " + plain + " mixed blocked as mixed content: an https page (" + page + ")"}},
		{name: "an iframe on a bad port",
			steps: []step{{"port", port, inner}},
			want:  []string{inner + " " + port + " port blocked: portal.example:6000: port 6000 is one browsers refuse"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			r.p.loopDone = true
			r.onTopLoad(webkit.LoadStarted, page)
			r.onTopLoad(webkit.LoadCommitted, page)
			r.p.committed = true
			for _, s := range tc.steps {
				if s.kind == "decide" {
					r.onDecide(webkit.PolicyNavigation, s.text, 0, false)
					continue
				}
				b, _ := json.Marshal(map[string]any{"t": string(r.token), "k": s.kind, "l": "iframe", "x": s.text, "f": s.frame, "top": s.frame == page})
				r.onMessage(string(b))
			}
			r.releaseMixed(time.Now().Add(2 * hintWait))
			var got []string
			for _, q := range sentRequests(t, &out) {
				if q.Main {
					continue
				}
				kind := q.Refused
				if q.MixedContent {
					kind = "mixed"
				}
				got = append(got, q.Frame+" "+q.URL+" "+kind+" "+q.Failed)
				if q.Type != "document" || q.Initiator != "iframe" || q.TopFrame != (q.Frame == page) {
					t.Errorf("%s: type %s, initiator %s, top %v; want an iframe's document, top only for the page", q.URL, q.Type, q.Initiator, q.TopFrame)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("record %q, want it to start %q", got[i], tc.want[i])
				}
			}
		})
	}
}
