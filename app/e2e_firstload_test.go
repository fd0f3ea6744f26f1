package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// TestE2EFirstLoadAfterHandBack: in real WebKit, a page whose inline
// script hands back while it parses gets no picture labelled first-load
// or first-paint of a page the app had already left: the window's
// first-load screenshot, whose load finishes after the hand-back, is
// listed as skipped with the reason, with no file, and the report lists
// the screenshots in the order of the events (the hand-back's first). A
// page that hands back after its first paint keeps its first-load
// screenshot, taken before the hand-back's.
func TestE2EFirstLoadAfterHandBack(t *testing.T) {
	needE2E(t)
	const handBack = `DataMart.notifyPurchaseResult(JSON.stringify({ver:"1", success:false, iccid:"", activationCode:"", transactionId:new URLSearchParams(location.search).get("transactionId"),
  purchaseResult:JSON.stringify({userAccount:"Bailed", purchaseInstrument:"None", line:"None", moDirectStatus:"None", planName:""})}));`
	p := startTestPortal(t, map[string]string{
		"/early": `<!doctype html><html lang="en-US"><head><title>Plans</title></head><body><script>` + handBack + `</script>
<h1>Contoso plans</h1><p>5 GB / 30 days</p><button>Buy now</button><button>Cancel</button></body></html>`,
		"/painted": `<!doctype html><html lang="en-US"><head><title>Plans</title></head><body><script>
document.addEventListener("DOMContentLoaded", function () {
  requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(function () {` + handBack + `}, 300); }); });
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
			shots := t.TempDir()
			code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base+tc.page, "--trust-cert", p.certPath,
				"--timeout", "60s", "--no-axe", "--screenshots", shots)
			if code != 0 || rep.Verdict != bridge.VerdictPass {
				t.Fatalf("exit %d, verdict %s: a valid hand-back passes\nstderr:\n%s", code, rep.Verdict, stderr)
			}
			var labels []string
			for i, s := range rep.Screenshots {
				labels = append(labels, s.Label)
				if i > 0 && s.TakenMs < rep.Screenshots[i-1].TakenMs {
					t.Errorf("screenshot %d (%s, taken at %.0f ms) is listed after %s, taken at %.0f ms: not the order of events",
						i, s.Label, s.TakenMs, rep.Screenshots[i-1].Label, rep.Screenshots[i-1].TakenMs)
				}
				if _, err := os.Stat(s.Path); err != nil {
					t.Errorf("screenshot %s: %v", s.Label, err)
				}
			}
			files, _ := filepath.Glob(filepath.Join(shots, "*first-load*"))
			if !tc.wantEarly {
				if !slices.Equal(labels, []string{"first-load", "first-paint", "handback"}) || len(rep.ScreenshotsSkipped) != 0 || len(files) != 1 {
					t.Errorf("screenshots %q, skipped %+v, first-load files %q; want first-load, first-paint, handback, none skipped",
						labels, rep.ScreenshotsSkipped, files)
				}
				return
			}
			if !slices.Equal(labels, []string{"handback"}) {
				t.Errorf("screenshots %q, want only the hand-back's: the page handed back before it painted", labels)
			}
			if len(files) != 0 {
				t.Errorf("first-load pictures %q of a page that had handed back", files)
			}
			if len(rep.ScreenshotsSkipped) != 1 || rep.ScreenshotsSkipped[0].Label != "first-load" ||
				rep.ScreenshotsSkipped[0].Skipped != inspect.SkippedHandBackBeforePaint || rep.ScreenshotsSkipped[0].Path != "" {
				t.Errorf("skipped screenshots %+v, want first-load skipped: %q", rep.ScreenshotsSkipped, inspect.SkippedHandBackBeforePaint)
			}
		})
	}
}
