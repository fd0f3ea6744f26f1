package main

import (
	"strings"
	"testing"
)

// lateNextPage's #next starts the navigation to /next late, as %s says
// (a timer, or a fetch awaited first); like the page it leads to
// (payNextPage), it has a #card field.
const lateNextPage = `<!doctype html><html lang="en"><head><title>Checkout</title></head><body><main>
<input id="card" aria-label="Card"><button id="next" onclick="%s">Next</button></main></body></html>`

// TestE2ENetprocStepWaitsForALateNavigation: a click whose page starts
// the navigation later than 150 ms after it (a handler's setTimeout of
// 400 ms; a fetch awaited first) is waited for: the next step fills the
// field of the page it led to, and the payment goes out with it. Before,
// the next step filled the same field of the page being left, and the
// payment went out empty ("paid 4242" never came).
func TestE2ENetprocStepWaitsForALateNavigation(t *testing.T) {
	needE2E(t)
	for _, tc := range []struct{ name, handler string }{
		{"timer", "setTimeout(function () { location.href = '/next'; }, 400)"},
		{"fetch", "(async function () { await fetch('/slow?delay=500ms'); location.href = '/next'; })()"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := startTestPortal(t, map[string]string{"/": strings.Replace(lateNextPage, "%s", tc.handler, 1), "/next": payNextPage, "/slow": "ok"})
			// The session ends 8 s in, long after the steps: no hand-back.
			scenario := strings.Replace(settleScenario, "sims = [\"psim\"]", "sims = [\"psim\"]\ntimeout = \"8s\"", 1)
			stdout, stderr, code := testScenarioOn(t, p, "late.toml", scenario, "--json")
			if strings.Contains(stderr, "got step 4") || !strings.Contains(stderr, "got no hand-back") {
				t.Errorf("mpsim test: exit %d, want every step done and no hand-back:\n%s", code, stderr)
			}
			want := `step 1: click \"#next\": clicked \u003cbutton#next\u003e \"Next\", then waited for the page it led to`
			if !strings.Contains(stdout, want) && !strings.Contains(stdout, strings.NewReplacer(`\u003c`, "<", `\u003e`, ">").Replace(want)) {
				t.Errorf("no %q in the report", want)
			}
		})
	}
}
