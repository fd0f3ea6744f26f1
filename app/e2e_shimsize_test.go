package main

// End-to-end test of the shim's envelope measuring in real WebKit with
// JavaScriptCore's optimising tiers off (as mpsim runs the window): many
// long calls, a long call of 2-byte characters under the limit and one of
// 4-byte characters over it. The page times its calls with
// performance.now and reports the figure, which the test only logs
// (docs/performance.md quotes it; no timed assertion).

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"mpsim/app/internal/session"
)

// shimSizeCalls is how many 200 KB calls TestE2EShimLongCalls makes:
// E2E_SHIM_CALLS (default 200). docs/performance.md measures 1500.
func shimSizeCalls() int {
	if n, err := strconv.Atoi(os.Getenv("E2E_SHIM_CALLS")); err == nil && n > 0 {
		return n
	}
	return 200
}

// A page makes a call of 120,000 'é' (240 KB in UTF-8, under the 256 KB
// limit), one of 70,000 '😀' (280 KB, over it) and N calls of a 200 KB
// ASCII string, then hands back. Only the second is an oversize call; the
// page tells the server how long its N calls took.
func TestE2EShimLongCalls(t *testing.T) {
	needE2E(t)
	n := shimSizeCalls()
	page := fmt.Sprintf(`<!doctype html><html lang="en"><body><h1>long calls</h1><script>
DataMart.createPurchaseMetaData('\u00e9'.repeat(120000));
DataMart.createPurchaseMetaData('\ud83d\ude00'.repeat(70000));
var s = 'x'.repeat(200000), t0 = performance.now();
for (var i = 0; i < %d; i++) { MobilePlans.createPurchaseMetaData(s); }
var ms = performance.now() - t0;
fetch('/got?ms=' + ms.toFixed(0)).then(function () { %s });
</script></body></html>`, n, handBackJS)
	p := startTestPortal(t, map[string]string{"/": page})
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "180s")
	if rep.Ended != session.EndedHandBack {
		t.Fatalf("ended %q exit %d, want the hand-back; findings %+v\nstderr:\n%s", rep.Ended, code, rep.Findings, tail(stderr))
	}
	t.Logf("%d calls of 200 KB: %s ms in the page", n, p.got()["ms"])
	var sized []string
	for _, c := range rep.Calls {
		if c.API == "DataMart.createPurchaseMetaData" {
			sized = append(sized, fmt.Sprintf("accepted %v, %d bytes of arguments", c.Accepted, len(c.Args[0])))
		}
	}
	// An oversize call that does not hand back is only a finding.
	if len(sized) != 1 {
		t.Errorf("the 240 KB call of 2-byte characters: %v, want it forwarded (under the limit)", sized)
	}
	if f := findingsOf(rep, "envelope-oversize"); len(f) != 1 || !strings.Contains(f[0], "DataMart.createPurchaseMetaData") {
		t.Errorf("envelope-oversize findings %v, want one for the 280 KB call of 4-byte characters", f)
	}
}
