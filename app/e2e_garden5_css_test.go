package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
)

// QA gardencss: with --walled-garden, the loads a style sheet makes — an
// @import, a url() background image, an @font-face font — to a host
// outside the garden left no trace: WebKit's content filter refuses them
// with no element error event, no request and no Resource Timing entry,
// so the report had no blocked request and no walled-garden-blocked
// finding. Each one that would really load is now a blocked request of its
// type with the page as its frame; a rule that matches nothing, a face no
// text uses and the image-set() option this screen does not take are not.
// The <link> whose @import was refused fires an error event though its
// sheet applied: that is no longer "refused after a successful answer"
// (a sheet served as text/html, which WebKit refuses, still is).
func TestE2EGarden5StyleSheetLoads(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, nil)
	outside := startTestPortalWithCert(t, "127.0.0.2", p, map[string]string{"/imp.css": "p { color: #222; }"})
	out := outside.base
	css := `@import url("` + out + `imp.css");
@font-face { font-family: "Far"; src: url("` + out + `far.woff2") format("woff2"); }
@font-face { font-family: "Unused"; src: url("` + out + `unused.woff2") format("woff2"); }
.hero { background-image: url("` + out + `hero.png"); height: 40px; }
.nothing-matches-this { background-image: url("` + out + `never.png"); }
h1 { font-family: "Far", sans-serif; }
`
	page := `<!doctype html><html lang="en"><head><title>plans</title>
<link rel="stylesheet" href="/portal.css"><link rel="stylesheet" href="/theme">
<style>.set { height: 20px; background-image: -webkit-image-set(url("` + out + `set1.png") 1x, url("` + out + `set2.png") 2x); }</style>
</head><body><h1>Plans</h1><div class="hero">5 GB</div><div class="set">10 GB</div>
<div style="height: 20px; background: url(` + out + `inline.png)">20 GB</div>
<script>setTimeout(function () { ` + handBackJS + ` }, 2500);</script></body></html>`
	// The page's own host serves its sheet as text/css, and /theme as
	// text/html, which WebKit refuses as a style sheet.
	base := startHandlerPortal(t, "127.0.0.1", p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
		case "/portal.css":
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, css)
		case "/theme":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "h1 { color: #333; }")
		default:
			http.NotFound(w, r)
		}
	}))
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", base, "--trust-cert", p.certPath, "--sim", "psim",
		"--timeout", "20s", "--screenshots", "-", "--no-axe", "--walled-garden")
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q, want handBack\nnetwork:%s\nstderr:\n%s", rep.Ended, networkLines(rep), tail(stderr))
	}
	if got := len(outside.requests()); got != 0 {
		t.Errorf("the outside host got %d requests, want none", got)
	}
	want := map[string]string{
		out + "imp.css": inspect.TypeStylesheet, out + "far.woff2": inspect.TypeFont, out + "hero.png": inspect.TypeImage,
		out + "set1.png": inspect.TypeImage, out + "inline.png": inspect.TypeImage,
	}
	notLoaded := []string{out + "never.png", out + "unused.woff2", out + "set2.png"}
	seen := map[string]bool{}
	for _, q := range rep.Network {
		for _, u := range notLoaded {
			if q.URL == u {
				t.Errorf("%s is recorded, but no element uses it: %+v", u, q)
			}
		}
		typ, ok := want[q.URL]
		if !ok {
			continue
		}
		seen[q.URL] = true
		if q.Type != typ || !q.Blocked || q.Failed == "" {
			t.Errorf("%s: type %q, blocked %v, failed %q; want %s, blocked", q.URL, q.Type, q.Blocked, q.Failed, typ)
		}
		if !q.TopFrame || !strings.HasPrefix(q.Frame, base) {
			t.Errorf("%s: frame %q (top %v), want the page %s", q.URL, q.Frame, q.TopFrame, base)
		}
	}
	for u := range want {
		if !seen[u] {
			t.Errorf("no record of %s\nnetwork:%s", u, networkLines(rep))
		}
	}
	var blockedFinding bool
	for _, f := range rep.Findings {
		if f.Code == "walled-garden-blocked" && strings.Contains(f.Message, "127.0.0.2") {
			blockedFinding = true
		}
	}
	if !blockedFinding {
		t.Errorf("no walled-garden-blocked finding naming 127.0.0.2: %+v", rep.Findings)
	}
	var refusedTheme bool
	for _, m := range rep.Console {
		if strings.Contains(m.Text, "portal.css was refused after a successful answer") {
			t.Errorf("the style sheet whose @import was refused applied, yet: %s", m.Text)
		}
		refusedTheme = refusedTheme || strings.Contains(m.Text, "/theme was refused after a successful answer")
	}
	if !refusedTheme {
		t.Errorf("no console error for /theme, a style sheet WebKit refused (text/html): %+v", rep.Console)
	}
}
