package main

import (
	"strings"
	"testing"

	"mpsim/app/internal/audit"
	"mpsim/bridge"
)

// TestE2EHandBackBeforePaint: in real WebKit, a portal whose inline
// script at the top of the body hands back while the page still parses
// passes (its hand-back is valid) with handback-before-paint, and the
// start-up policy does not count the first paint that came after the
// hand-back; the same page handing back after the shim's first paint (its
// own DOMContentLoaded listener, two animation frames, runs after the
// shim's) gets neither.
func TestE2EHandBackBeforePaint(t *testing.T) {
	needE2E(t)
	const handBack = `DataMart.notifyPurchaseResult(JSON.stringify({ver:"1", success:false, iccid:"", activationCode:"", transactionId:new URLSearchParams(location.search).get("transactionId"),
  purchaseResult:JSON.stringify({userAccount:"Bailed", purchaseInstrument:"None", line:"None", moDirectStatus:"None", planName:""})}));`
	p := startTestPortal(t, map[string]string{
		"/early": `<!doctype html><html lang="en-US"><head><title>Plans</title></head><body><script>` + handBack + `</script>
<h1>Contoso plans</h1><p>5 GB / 30 days</p><button>Buy now</button><button>Cancel</button></body></html>`,
		"/painted": `<!doctype html><html lang="en-US"><head><title>Plans</title></head><body><script>
document.addEventListener("DOMContentLoaded", function () {
  requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(function () {` + handBack + `}, 0); }); });
});
</script><h1>Contoso plans</h1><p>5 GB / 30 days</p><button>Buy now</button><button>Cancel</button></body></html>`,
	})
	tests := []struct {
		page      string
		wantEarly bool
	}{
		{"early", true},
		{"painted", false},
	}
	for _, tc := range tests {
		t.Run(tc.page, func(t *testing.T) {
			code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base+tc.page, "--trust-cert", p.certPath, "--timeout", "60s", "--no-axe")
			if code != 0 || rep.Verdict != bridge.VerdictPass {
				t.Fatalf("exit %d, verdict %s: a valid hand-back passes\nstderr:\n%s", code, rep.Verdict, stderr)
			}
			var early []bridge.Finding
			for _, f := range rep.Findings {
				if f.Code == bridge.CodeHandbackBeforePaint {
					early = append(early, f)
				}
			}
			var startup audit.Policy
			for _, pol := range rep.Policies {
				if pol.ID == "capabilities-startup-responsive" {
					startup = pol
				}
			}
			evidence := strings.Join(startup.Evidence, "; ")
			if !tc.wantEarly {
				if len(early) != 0 || strings.Contains(evidence, "not counted") {
					t.Errorf("findings %+v, start-up policy %+v: the page painted before it handed back", early, startup)
				}
				return
			}
			if len(early) != 1 || early[0].Severity != bridge.SeverityWarning || early[0].Section != "§3, §4" ||
				!strings.Contains(early[0].Message, "before its first paint") {
				t.Fatalf("handback-before-paint = %+v, want one warning (§3, §4)\nstderr:\n%s", early, stderr)
			}
			if !strings.Contains(stderr, bridge.CodeHandbackBeforePaint) {
				t.Errorf("stderr does not name %s:\n%s", bridge.CodeHandbackBeforePaint, stderr)
			}
			if startup.Status == audit.StatusPass || startup.Status == audit.StatusWarn || startup.Status == audit.StatusFail {
				t.Errorf("start-up policy %s (%s): it judged a first paint after the hand-back", startup.Status, evidence)
			}
		})
	}
}
