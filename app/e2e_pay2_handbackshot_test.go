package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A return page that hands back as it parses and then goes on loading (QA
// 'pay' ra: the portal's /return after the payment provider) got a
// "loaded" screenshot after the hand-back's: 07-loaded after 06-handback,
// a picture of a portal the app had left. The hand-back's screenshot is
// now the last, and the page that handed back gets no "loaded" one.
func TestE2EPay2NoLoadedShotAfterHandBack(t *testing.T) {
	needE2E(t)
	start := `<!doctype html><html lang="en"><head><title>plans</title></head><body><p>plans</p>
<script>setTimeout(function () { location.href = "/return" + location.search; }, 200);</script></body></html>`
	ret := `<!doctype html><html lang="en"><head><title>done</title></head><body><p>Payment accepted</p><script>
var q = new URLSearchParams(location.search);
DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: true, iccid: q.get("iccid"), transactionId: q.get("transactionId"),
  purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing", moDirectStatus: "Complete", planName: "Test plan"})}));
</script><img src="/logo.png?delay=20ms" alt=""></body></html>`
	p := startTestPortal(t, map[string]string{"/": start, "/return": ret})
	shots := filepath.Join(t.TempDir(), "shots")
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim",
		"--timeout", "60s", "--no-axe", "--screenshots", shots)
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q, want handBack; findings %+v\nstderr:\n%s", rep.Ended, rep.Findings, tail(stderr))
	}
	var labels []string
	handback := -1
	for i, s := range rep.Screenshots {
		labels = append(labels, s.Label)
		if s.Label == "handback" {
			handback = i
		}
	}
	t.Logf("screenshots %v", labels)
	if handback < 0 {
		t.Fatalf("no handback screenshot: %v", labels)
	}
	if handback != len(labels)-1 {
		t.Errorf("screenshots %v: want the hand-back's last", labels)
	}
	for _, s := range rep.Screenshots {
		if s.Label == "loaded" && strings.Contains(s.URL, "/return") {
			t.Errorf("a loaded screenshot of the page that handed back: %+v", s)
		}
	}
	if !strings.HasPrefix(strings.Join(labels, " "), "first-load") {
		t.Errorf("screenshots %v: want first-load first", labels)
	}
}
