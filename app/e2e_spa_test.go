package main

import (
	"net/http"
	"strings"
	"testing"
)

// A single-page app that keeps an EventSource open and moves to another
// route 1.5 s after its first paint: the first paint's probe audits the
// first route. The open stream used to keep the network "busy" for the
// probe's whole 2 s wait, so the probe labelled first-paint saw the
// checkout route instead (SPA QA).
func TestE2EFirstPaintProbeDoesNotWaitForAStream(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html lang="en"><head><title>SPA</title></head><body><p>Plans page</p><script>
new EventSource("/events");
setTimeout(function () { history.pushState({}, "", "/checkout"); document.body.innerHTML = "<p>Checkout page</p>"; }, 1500);
setTimeout(function () {
  var q = new URLSearchParams(location.search);
  DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: false, iccid: "", transactionId: q.get("transactionId"),
    purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing", moDirectStatus: "UserCanceled", planName: ""})}));
}, 2600);
</script></body></html>`
	certs := startTestPortal(t, map[string]string{})
	mux := http.NewServeMux()
	mux.HandleFunc("/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write([]byte("data: hello\n\n"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	})
	base := startHandlerPortal(t, "127.0.0.1", certs, mux)
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", base, "--trust-cert", certs.certPath, "--sim", "psim", "--timeout", "60s")
	found := false
	for _, p := range rep.Probes {
		if p.Label != "first-paint" {
			continue
		}
		found = true
		text := strings.Join(p.Text, "\n")
		if strings.Contains(p.URL, "/checkout") || !strings.Contains(text, "Plans page") {
			t.Errorf("the first-paint probe saw %s with %q; want the first route, with its Plans page", p.URL, text)
		}
	}
	if !found {
		t.Fatalf("no first-paint probe: %+v\nstderr:\n%s", rep.Probes, stderr)
	}
}

// spinnerPage never gets past its spinner.
const spinnerPage = `<!doctype html><html lang="en"><head><title>Plans</title></head><body><main>
<div role="status" aria-busy="true">Loading plans…</div><button>Help</button></main></body></html>`

// spinnerScenario waits for a plan button the page never shows.
const spinnerScenario = `
[[scenario]]
name = "spinner"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
click = "button[data-plan=p20]"
timeout = "1s"

[scenario.expect]
status = ["Complete"]
`

// A step whose element never came on a page stuck on its spinner says what
// the spinner said (SPA QA: only "no visible element matches", and an
// unrelated console error offered as the likely cause).
func TestE2EStepMissSaysWhatTheSpinnerSaid(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": spinnerPage})
	_, stderr, code := testScenarioOn(t, p, "spinner.toml", spinnerScenario)
	want := `no visible element matches the selector "button[data-plan=p20]" within 1 s; the page's status (a progress bar, a busy part, a status or alert line) said: "Loading plans…"`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("mpsim test: exit %d, want 1 and %q in:\n%s", code, want, stderr)
	}
}
