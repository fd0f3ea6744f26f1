package main

import (
	"strings"
	"testing"
)

// A payment provider's card form inside the portal's iframe, posted
// (QA 'pay' fa), was filed under the page the POST led to: WebKit lists a
// frame's later document loads in the timeline of the document they load,
// so the record's frame, and the HAR's _frame, named the frame's next
// document instead of the page that posted the form. It names the checkout
// page now.
func TestE2EPay2FramePostIsFiledUnderThePoster(t *testing.T) {
	needE2E(t)
	psp := startTestPortalOn(t, "127.0.0.2", map[string]string{
		"/checkout": `<!doctype html><html lang="en"><body><form method="post" action="/charge"><input name="card" value="4242"></form>
<script>setTimeout(function () { document.forms[0].submit(); }, 100);</script></body></html>`,
		"/charge": `<!doctype html><html lang="en"><body><p>paid</p></body></html>`,
	})
	checkout := psp.base + "checkout?order=1"
	page := `<!doctype html><html lang="en"><head><title>pay</title></head><body><iframe src="CHECKOUT"></iframe><script>
var q = new URLSearchParams(location.search);
setTimeout(function () {
  DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: true, iccid: q.get("iccid"), transactionId: q.get("transactionId"),
    purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing", moDirectStatus: "Complete", planName: "Test plan"})}));
}, 2500);
</script></body></html>`
	p := startTestPortalWithCert(t, "127.0.0.1", psp, map[string]string{"/": strings.ReplaceAll(page, "CHECKOUT", checkout)})
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim",
		"--timeout", "60s", "--no-axe", "--screenshots", "-")
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q, want handBack; findings %+v\nstderr:\n%s", rep.Ended, rep.Findings, tail(stderr))
	}
	var posted bool
	for _, q := range rep.Network {
		switch {
		case q.Method == "POST" && strings.HasSuffix(q.URL, "/charge"):
			posted = true
			if q.Frame != checkout || q.TopFrame {
				t.Errorf("the form's POST is filed under %q (top %v), want the page that posted it, %s", q.Frame, q.TopFrame, checkout)
			}
		case q.URL == checkout:
			if !strings.HasPrefix(q.Frame, p.base) || !q.TopFrame {
				t.Errorf("the iframe's first load is filed under %q (top %v), want the portal's page", q.Frame, q.TopFrame)
			}
		}
	}
	if !posted {
		t.Errorf("no POST of the form: %s", networkLines(rep))
	}
}
