package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// With --walled-garden, a portal that had loaded and then went to a host
// outside the garden, by a link (QA 'pay' wg1: its IdP) or by its own 302
// (wg2: to its payment provider), was "The portal did not load: network:
// The URL was blocked by a content blocker", naming the portal's own URL
// for the 302, with a false same-document navigation and no walled-garden
// finding. Now the session ends with walled-garden-blocked naming the
// refused URL and how to allow its host, and no portal-load-failed.
func TestE2EWalledGardenRefusesTopLevelHops(t *testing.T) {
	needE2E(t)
	psp := startTestPortalOn(t, "127.0.0.2", map[string]string{"/checkout": "<p>checkout</p>"})
	target := psp.base + "checkout?order=1"
	redirector := startRedirector(t, psp, target)
	for _, c := range []struct{ name, next string }{
		{"a link", target},
		{"the portal's 302", redirector + "pay"},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := `<!doctype html><html lang="en"><head><title>plans</title></head><body><p>plans</p>
<script>setTimeout(function () { location.href = "NEXT"; }, 300);</script></body></html>`
			p := startTestPortalWithCert(t, "127.0.0.1", psp, map[string]string{"/": strings.ReplaceAll(page, "NEXT", c.next)})
			_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim",
				"--timeout", "60s", "--screenshots", "-", "--no-axe", "--walled-garden")
			if rep.Ended != "loadFailed" {
				t.Fatalf("ended %q, want loadFailed; findings %+v\nstderr:\n%s", rep.Ended, rep.Findings, tail(stderr))
			}
			var garden int
			for _, f := range rep.Findings {
				switch f.Code {
				case bridge.CodePortalLoadFailed:
					t.Errorf("portal-load-failed for a portal that loaded: %s", f.Message)
				case bridge.CodeWalledGardenBlock:
					garden++
					for _, want := range []string{target, "127.0.0.2 is outside it", "--allow-host 127.0.0.2"} {
						if !strings.Contains(f.Message, want) {
							t.Errorf("walled-garden-blocked does not say %q: %s", want, f.Message)
						}
					}
				}
			}
			if garden != 1 {
				t.Errorf("%d walled-garden-blocked findings, want 1: %+v", garden, rep.Findings)
			}
			for _, n := range rep.Navigations {
				if n.Kind == inspect.NavSameDocument {
					t.Errorf("a same-document navigation %+v: the page did not change its URL", n)
				}
			}
			var blocked bool
			for _, q := range rep.Network {
				blocked = blocked || q.Blocked && q.Main && (q.URL == target || q.RedirectURL == target)
			}
			if !blocked {
				t.Errorf("no blocked top-frame request to %s: %s", target, networkLines(rep))
			}
			if n := len(psp.requests()); n != 0 {
				t.Errorf("the provider got %d requests, want none", n)
			}
		})
	}
}

// startRedirector serves, on 127.0.0.1 with the certificate of shareWith,
// /pay as a 302 to target, and returns its base URL.
func startRedirector(t *testing.T, shareWith *testPortal, target string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target, http.StatusFound)
		}),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{shareWith.cert.der}, PrivateKey: shareWith.cert.key}}},
	}
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	t.Cleanup(func() { _ = srv.Close() })
	return fmt.Sprintf("https://127.0.0.1:%d/", ln.Addr().(*net.TCPAddr).Port)
}
