package window

import (
	"bytes"
	"testing"

	"mpsim/app/internal/window/webkit"
)

// An iframe's form POST and its 303 (QA 'pay' fa: the payment provider's
// card form inside the portal) were filed under the page they led to:
// WebKit lists a frame's own document load in the timeline of the document
// it loaded, which named itself. They are filed under the page that posted
// the form now (its Referer, when that can be the whole URL), and a frame's
// own load whose Referer is another origin's (cut to the origin) names no
// page rather than a wrong one.
func TestFrameNavigationIsFiledUnderThePageThatMadeIt(t *testing.T) {
	const (
		portal   = "https://portal.example/f/cb"
		checkout = "https://psp.example/checkout?order=1"
		charge   = "https://psp.example/charge"
		done     = "https://psp.example/framedone?status=ok"
	)
	for _, tc := range []struct {
		name, referer, want string
	}{
		{"a form of the same origin", checkout, checkout},
		{"a referer cut to another origin", "https://portal.example/", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			r := newTestRecorder(&out)
			r.topURI = portal
			hdrs := []string{"Referer: " + tc.referer, "Sec-Fetch-Dest: iframe"}
			r.onStarted(1, "POST", charge, hdrs, false)
			r.onRedirect(1, webkit.Redirect{To: done, Method: "GET", RequestHeaders: hdrs, Status: 303})
			r.onResponse(1, 200, "text/html", 100, nil, done)
			r.onDone(1, "", false, false)
			r.onHint(frameHint{URL: charge, Initiator: "iframe", Frame: done}) // as WebKit names it
			r.flush()
			_, _, reqs := sentRecords(t, &out)
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want the POST and its redirect: %+v", len(reqs), reqs)
			}
			for _, q := range reqs {
				if q.Frame != tc.want {
					t.Errorf("%s %s filed under %q, want %q", q.Method, q.URL, q.Frame, tc.want)
				}
			}
		})
	}
}
