package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"mpsim/app/internal/session"
)

// A payment page in an iframe of another site (3-D Secure style) sets its
// session cookie and sends it back with its next request, as it does in the
// app's WebView (EdgeHTML's WebView and WebView2 both accept third-party
// cookies by default). WebKitGTK's default policy refuses a third-party
// frame's cookies, so the embedded checkout failed in mpsim alone and
// nothing said why (QA: an operator's portal with its PSP in an iframe).
func TestE2EThirdPartyFrameKeepsItsCookies(t *testing.T) {
	needE2E(t)
	var (
		mu      sync.Mutex
		echoed  []string
		echoSaw = make(chan struct{}, 1)
	)
	portal := startTestPortal(t, map[string]string{})
	psp := startHandlerPortal(t, "127.0.0.2", portal, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/checkout":
			w.Header().Add("Set-Cookie", "psp_sid=s1; Path=/; Secure; SameSite=None")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><body><p>card form</p><script>
fetch("/charge", {method: "POST", credentials: "include"}).then(function () { parent.postMessage("paid", "*"); });
</script></body></html>`)
		case "/charge":
			mu.Lock()
			echoed = append(echoed, r.Header.Get("Cookie"))
			mu.Unlock()
			select {
			case echoSaw <- struct{}{}:
			default:
			}
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))
	page := `<!doctype html><html lang="en"><body><h1>Pay</h1><iframe src="` + psp + `checkout"></iframe><script>
window.addEventListener("message", function (e) { if (e.data === "paid") { ` + handBackJS + ` } });
</script></body></html>`
	base := startHandlerPortal(t, "127.0.0.1", portal, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", base, "--trust-cert", portal.certPath, "--timeout", "40s")
	if rep.Ended != session.EndedHandBack {
		t.Fatalf("ended %q, want handBack\nstderr:\n%s", rep.Ended, tail(stderr))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(echoed) == 0 || !strings.Contains(echoed[0], "psp_sid=s1") {
		t.Errorf("the payment frame's request carried Cookie %q, want its own psp_sid=s1 (a third-party frame's cookies are kept, as in the app's WebView)", echoed)
	}
}
