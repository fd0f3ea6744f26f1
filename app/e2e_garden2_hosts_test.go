package main

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"mpsim/bridge"
)

// outsideServer is a plain http server on ip that records the Host and
// path of every request it gets (what got past the walled garden).
type outsideServer struct {
	port int
	mu   sync.Mutex
	hits []string
}

func startOutside(t *testing.T, ip string) *outsideServer {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	o := &outsideServer{port: ln.Addr().(*net.TCPAddr).Port}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.hits = append(o.hits, r.Host+r.URL.Path)
		o.mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<p>outside</p>")
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return o
}

func (o *outsideServer) got() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.hits...)
}

// gardenPortal serves page (OUT replaced by the outside server's port) as
// a plain http portal on 127.0.0.1 and runs it with --walled-garden and
// extra flags.
func gardenPortal(t *testing.T, out *outsideServer, page string, extra ...string) (string, string) {
	t.Helper()
	page = strings.ReplaceAll(page, "OUT", fmt.Sprint(out.port))
	base := startPlainServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	args := append([]string{"run", "--headless", "--portal", base, "--sim", "psim", "--timeout", "20s",
		"--screenshots", "-", "--no-axe", "--walled-garden"}, extra...)
	_, rep, stderr := runMpsim(t, args...)
	var msgs []string
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeWalledGardenBlock {
			msgs = append(msgs, f.Message)
		}
	}
	return rep.Ended + "\n" + strings.Join(msgs, "\n"), stderr
}

// QA hostile2: with --walled-garden, a URL whose user name was an allowed
// host (http://127.0.0.1:x@127.0.0.2/…, the portal's host, or
// login.live.com, before the '@') loaded the outside host for images,
// scripts, iframes, WebSockets and top-level navigations, and the report
// said nothing: the content rule matched the URL's user name. WebKit's
// filter now refuses them all, and the report names 127.0.0.2.
func TestE2EGarden2UserinfoIsNoHost(t *testing.T) {
	needE2E(t)
	for _, c := range []struct{ name, body, ended string }{
		{"subresources", `<img src="http://127.0.0.1:x@127.0.0.2:OUT/img1">
<img src="http://login.live.com:x@127.0.0.2:OUT/img2">
<script src="http://127.0.0.1@127.0.0.2:OUT/s.js"></script>
<iframe src="http://127.0.0.1:8080@127.0.0.2:OUT/frame"></iframe>
<script>try { new WebSocket("ws://127.0.0.1:x@127.0.0.2:OUT/ws"); } catch (e) {}
fetch("http://127.0.0.1:x@127.0.0.2:OUT/fetch", {mode: "no-cors"}).catch(function () {});
setTimeout(function () { ` + handBackJS + ` }, 2000);</script>`, "handBack"},
		{"a top-level navigation", `<script>setTimeout(function () { location.href = "http://127.0.0.1:x@127.0.0.2:OUT/top"; }, 300);</script>`, "loadFailed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := startOutside(t, "127.0.0.2")
			page := `<!doctype html><html lang="en"><head><title>plans</title></head><body><p>plans</p>` + c.body + `</body></html>`
			got, stderr := gardenPortal(t, out, page)
			if hits := out.got(); len(hits) != 0 {
				t.Errorf("the outside host got %v, want nothing", hits)
			}
			if !strings.HasPrefix(got, c.ended+"\n") || !strings.Contains(got, "127.0.0.2") {
				t.Errorf("ended and walled-garden-blocked findings:\n%s\nwant ended %s and a finding naming 127.0.0.2\nstderr:\n%s", got, c.ended, tail(stderr))
			}
		})
	}
}

// QA hostile2: --allow-host '*.allowed.localhost' let in
// xallowed.localhost too (the rule had [^/]* before the name). Now the
// name and its subdomains load and xallowed.localhost is blocked and
// reported.
func TestE2EGarden2WildcardNeedsADot(t *testing.T) {
	needE2E(t)
	out := startOutside(t, "127.0.0.1")
	page := `<!doctype html><html lang="en"><head><title>plans</title></head><body><p>plans</p>
<img src="http://xallowed.localhost:OUT/suffix"><img src="http://a.allowed.localhost:OUT/sub">
<img src="http://allowed.localhost:OUT/bare"><img src="http://allowed.localhost.evil.localhost:OUT/prefix">
<script>setTimeout(function () { ` + handBackJS + ` }, 2000);</script></body></html>`
	got, stderr := gardenPortal(t, out, page, "--allow-host", "*.allowed.localhost")
	hits := strings.Join(out.got(), " ")
	for _, want := range []string{"/sub", "/bare"} {
		if !strings.Contains(hits, want) {
			t.Errorf("the allowed host did not get %s (got %q): the rule refused a subdomain or the name itself\nstderr:\n%s", want, hits, tail(stderr))
		}
	}
	for _, bad := range []string{"/suffix", "/prefix"} {
		if strings.Contains(hits, bad) {
			t.Errorf("%s got past the walled garden (got %q)", bad, hits)
		}
	}
	if !strings.Contains(got, "xallowed.localhost") || strings.Contains(got, "a.allowed.localhost") {
		t.Errorf("walled-garden-blocked findings:\n%s\nwant xallowed.localhost named, a.allowed.localhost not", got)
	}
}

// QA hostile2: a fetch of the portal's own URL that redirected outside the
// walled garden was only "request-failed: GET <portal>/redir failed: The
// URL was blocked by a content blocker". Both findings now say the garden
// refused its redirect; the outside host gets nothing.
func TestE2EGarden2RedirectedFetch(t *testing.T) {
	needE2E(t)
	out := startOutside(t, "127.0.0.2")
	page := `<!doctype html><html lang="en"><head><title>plans</title></head><body><p>plans</p>
<script>fetch("/redir").catch(function () {});
setTimeout(function () { ` + handBackJS + ` }, 1500);</script></body></html>`
	base := startPlainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redir" {
			http.Redirect(w, r, fmt.Sprintf("http://127.0.0.2:%d/target", out.port), http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", base, "--sim", "psim", "--timeout", "20s",
		"--screenshots", "-", "--no-axe", "--walled-garden")
	if hits := out.got(); len(hits) != 0 {
		t.Errorf("the outside host got %v, want nothing", hits)
	}
	var failed, garden bool
	for _, f := range rep.Findings {
		failed = failed || f.Code == bridge.CodeRequestFailed && strings.Contains(f.Message, base+"redir") && strings.Contains(f.Message, "walled garden")
		garden = garden || f.Code == bridge.CodeWalledGardenBlock && strings.Contains(f.Message, "redirected outside it (the first: "+base+"redir")
	}
	if !failed || !garden {
		t.Errorf("request-failed naming the garden %v, walled-garden-blocked about the redirect %v: %+v\nnetwork:%s\nstderr:\n%s",
			failed, garden, rep.Findings, networkLines(rep), tail(stderr))
	}
}
