package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/bridge"
)

// A portal that had loaded and then went, by its own 302, to a payment
// provider that refused the connection (QA 'pay' down, t2's psp-down) was
// "The portal did not load", and WebKit's error page, a document of
// about:blank under the URL that failed, was a request and an HAR page of
// the portal's, a "loaded" screenshot, and, when the first paint's probe
// was still waiting for a quiet network, the page it audited (a false
// "<html> has no lang"). Now the finding names the page of the flow that
// failed and says the portal had loaded, and the error page leaves no
// record.
func TestE2EPay2LaterPageRefused(t *testing.T) {
	needE2E(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := fmt.Sprintf("https://127.0.0.1:%d/checkout?order=1", ln.Addr().(*net.TCPAddr).Port)
	_ = ln.Close() // nothing listens there: connection refused
	psp := startTestPortal(t, map[string]string{})
	redirector := startRedirector(t, psp, down)
	// The image keeps the network busy, so the first paint's probe waits
	// while the page leaves.
	page := `<!doctype html><html lang="en"><head><title>plans</title></head><body><p>plans</p><img src="/slow.png?delay=3s" alt="">
<script>setTimeout(function () { location.href = "NEXT"; }, 300);</script></body></html>`
	p := startTestPortalWithCert(t, "127.0.0.1", psp, map[string]string{"/": strings.ReplaceAll(page, "NEXT", redirector+"pay")})
	dir := t.TempDir()
	harPath, shots := filepath.Join(dir, "s.har"), filepath.Join(dir, "shots")
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim",
		"--timeout", "60s", "--no-axe", "--har", harPath, "--screenshots", shots)
	if rep.Ended != "loadFailed" {
		t.Fatalf("ended %q, want loadFailed; findings %+v\nstderr:\n%s", rep.Ended, rep.Findings, tail(stderr))
	}
	var failed []string
	for _, f := range rep.Findings {
		if f.Code == bridge.CodePortalLoadFailed {
			failed = append(failed, f.Message)
		}
		if f.Code == "policy-localization-locale" && strings.Contains(f.Message, "about:blank") {
			t.Errorf("the locale policy audited WebKit's error page: %s", f.Message)
		}
	}
	if len(failed) != 1 {
		t.Fatalf("portal-load-failed %q, want one", failed)
	}
	for _, want := range []string{"did not load after the portal had loaded: " + down, "(redirected from " + redirector + "pay)", "Connection refused"} {
		if !strings.Contains(failed[0], want) {
			t.Errorf("portal-load-failed does not say %q: %s", want, failed[0])
		}
	}
	if strings.Contains(failed[0], "The portal did not load") {
		t.Errorf("portal-load-failed says the portal did not load: %s", failed[0])
	}
	for _, q := range rep.Network {
		if q.URL == "about:blank" {
			t.Errorf("WebKit's error page is a request: %+v", q)
		}
	}
	for _, n := range rep.Navigations {
		if n.URL == "about:blank" || n.Kind == "navigate" && n.URL == down {
			t.Errorf("WebKit's error page is a navigation: %+v", n)
		}
	}
	for _, pr := range rep.Probes {
		if pr.URL == "about:blank" || pr.URL == down {
			t.Errorf("a probe of WebKit's error page: %s %s (lang %q)", pr.Label, pr.URL, pr.Lang)
		}
	}
	for _, s := range rep.Screenshots {
		if s.URL == down {
			t.Errorf("a screenshot of WebKit's error page: %+v", s)
		}
	}
	b, err := os.ReadFile(harPath)
	if err != nil {
		t.Fatal(err)
	}
	var har struct {
		Log struct {
			Pages []struct {
				Title string `json:"title"`
			} `json:"pages"`
		} `json:"log"`
	}
	if err := json.Unmarshal(b, &har); err != nil {
		t.Fatal(err)
	}
	for _, pg := range har.Log.Pages {
		if pg.Title == "about:blank" {
			t.Errorf("the HAR has an about:blank page: %+v", har.Log.Pages)
		}
	}
}
