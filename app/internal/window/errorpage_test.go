package window

import (
	"bytes"
	"strings"
	"testing"

	"mpsim/app/internal/window/webkit"
)

// WebKit's error page of a failed top-frame load (QA 'pay': the portal,
// signed in, redirected to a payment provider that refused the connection)
// is loaded as a document of about:blank under the URL that failed. It was
// recorded as a request of the page (an about:blank page in the HAR), its
// load as a "loaded" screenshot, and the first paint's probe, still waiting
// for a quiet network, audited it (a false "<html> has no lang"). It is no
// request, load, screenshot or probe of the portal's now; the next
// top-frame load is again.
func TestErrorPageIsNoDocumentOfThePortal(t *testing.T) {
	const (
		cb  = "https://portal.example/down/cb"
		pay = "https://portal.example/down/pay"
		psp = "https://psp.example:9446/checkout?order=O1"
	)
	var out bytes.Buffer
	r := newTestRecorder(&out)
	r.p.rec = r
	for _, s := range []navStep{loadEv(webkit.LoadStarted, cb), loadEv(webkit.LoadCommitted, cb), loadEv(webkit.LoadFinished, cb),
		decided(pay), loadEv(webkit.LoadStarted, cb), uriTo(pay), loadEv(webkit.LoadRedirected, psp), uriTo(psp)} {
		replay(r, s)
	}
	loads := r.loads
	// load-failed (window.onLoadFailed readies the recorder), the failed
	// load's end, then the error page.
	r.p.onLoadFailed(webkit.LoadFailure{URI: psp, Reason: "Could not connect to psp.example: Connection refused", Kind: webkit.LoadFailNetwork})
	replay(r, loadEv(webkit.LoadFinished, psp))
	if r.loads != loads+1 {
		t.Errorf("the failed load's end counted %d loads, want 1", r.loads-loads)
	}
	loads = r.loads
	replay(r, loadEv(webkit.LoadStarted, psp))
	r.onStarted(7, "GET", "about:blank", nil, true)
	replay(r, loadEv(webkit.LoadCommitted, psp))
	r.onResponse(7, 200, "text/html", 0, nil, "about:blank")
	r.onDone(7, "", false, false)
	replay(r, loadEv(webkit.LoadFinished, psp))
	if r.loads != loads {
		t.Errorf("the error page counted as %d loads of the portal (a screenshot labelled loaded), want none", r.loads-loads)
	}
	r.pending++
	r.probe(firstPaintLabel)
	if r.pending != 0 || r.probeSeq != 0 {
		t.Errorf("a probe started on the error page (pending %d, probes %d), want none", r.pending, r.probeSeq)
	}
	r.flush()
	navs, fatal, reqs := sentRecords(t, &out)
	for _, q := range reqs {
		if q.URL == "about:blank" {
			t.Errorf("the error page is a request of the page: %+v", q)
		}
	}
	for _, n := range navs {
		if strings.Contains(n, "about:blank") || strings.HasPrefix(n, "navigate "+psp) {
			t.Errorf("the error page is a navigation: %s (all: %q)", n, navs)
		}
	}
	if fatal == nil || fatal.URL != psp {
		t.Errorf("fatal message %+v, want the failure of %s", fatal, psp)
	}
	// The next top-frame load is the portal's again.
	replay(r, decided(cb))
	replay(r, loadEv(webkit.LoadStarted, psp))
	if r.errorShown {
		t.Error("a load after the error page is still taken for the error page")
	}
}
