package main

import (
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// With --walled-garden an <iframe> of a host outside the garden (a payment
// provider's checkout, QA 'pay' wg4) is refused by WebKit's content filter
// with no request and no error event: the report had no trace of it, while
// a refused <script> was there. The inspection script now tells the window
// of each iframe it sees; one outside the garden is a blocked document
// request with the walled-garden finding. The provider never sees it.
func TestE2EWalledGardenBlocksOutsideFrame(t *testing.T) {
	needE2E(t)
	psp := startTestPortalOn(t, "127.0.0.2", map[string]string{"/checkout": "<p>checkout</p>"})
	page := `<!doctype html><html lang="en"><head><title>frame</title></head><body><p>garden</p>
<iframe src="PSP/checkout?order=1"></iframe>
<script>setTimeout(function () { ` + handBackJS + ` }, 1500);</script></body></html>`
	p := startTestPortalWithCert(t, "127.0.0.1", psp, map[string]string{"/": strings.ReplaceAll(page, "PSP/", psp.base)})
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim",
		"--timeout", "60s", "--screenshots", "-", "--no-axe", "--walled-garden")
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q, want handBack; findings %+v\nstderr:\n%s", rep.Ended, rep.Findings, tail(stderr))
	}
	if n := len(psp.requests()); n != 0 {
		t.Errorf("the provider got %d requests, want none", n)
	}
	q := requestsTo(rep, "GET", psp.base+"checkout?order=1")
	if len(q) != 1 || !q[0].Blocked || q[0].Type != inspect.TypeDocument || !strings.Contains(q[0].Failed, "outside the walled garden") {
		t.Errorf("frame records %+v, want one blocked document; network %s", q, networkLines(rep))
	}
	var finding bool
	for _, f := range rep.Findings {
		finding = finding || f.Code == bridge.CodeWalledGardenBlock && strings.Contains(f.Message, "127.0.0.2") &&
			strings.Contains(f.Message, "--allow-host 127.0.0.2")
	}
	if !finding {
		t.Errorf("no walled-garden-blocked finding naming 127.0.0.2 and how to allow it: %+v", rep.Findings)
	}
}
