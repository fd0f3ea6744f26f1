package main

import (
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
)

// QA garden3: with --walled-garden, a <link rel=preload> of a script, a
// font, an image or data, and a <link rel=modulepreload>, to a host
// outside the garden, was a blocked "stylesheet" in the report's network
// section and the HAR's _resourceType. Each is now the type its as
// attribute says (a modulepreload a script); a style sheet, and a preload
// as=style, stay stylesheets. A preload of plain http, which WebKit
// refuses on an https page as mixed content, takes its type the same way.
func TestE2EGarden3PreloadTypes(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, nil) // its certificate; p2 serves the page
	outside := startTestPortalWithCert(t, "127.0.0.2", p, nil)
	out := outside.base
	mixedJS := strings.Replace(p.base, "https:", "http:", 1) + "mixed.js"
	page := `<!doctype html><html lang="en"><head><title>plans</title>
<link rel="preload" as="script" href="` + out + `pre.js">
<link rel="preload" as="font" type="font/woff2" href="` + out + `pre.woff2" crossorigin>
<link rel="preload" as="image" href="` + out + `pre.png">
<link rel="preload" as="fetch" href="` + out + `pre.json" crossorigin>
<link rel="preload" as="style" href="` + out + `pre.css">
<link rel="modulepreload" href="` + out + `mod.js">
<link rel="stylesheet" href="` + out + `sheet.css">
<link rel="preload" as="script" href="` + mixedJS + `">
</head><body><p>plans</p>
<script>setTimeout(function () { ` + handBackJS + ` }, 2000);</script></body></html>`
	p2 := startTestPortalWithCert(t, "127.0.0.1", p, map[string]string{"/": page})
	harPath := filepath.Join(t.TempDir(), "session.har")
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p2.base, "--trust-cert", p.certPath, "--sim", "psim",
		"--timeout", "20s", "--screenshots", "-", "--no-axe", "--walled-garden", "--har", harPath)
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q, want handBack\nnetwork:%s\nstderr:\n%s", rep.Ended, networkLines(rep), tail(stderr))
	}
	outside.mu.Lock()
	got := len(outside.reqs)
	outside.mu.Unlock()
	if got != 0 {
		t.Errorf("the outside host got %d requests, want none", got)
	}
	want := map[string]string{
		out + "pre.js": inspect.TypeScript, out + "pre.woff2": inspect.TypeFont, out + "pre.png": inspect.TypeImage,
		out + "pre.json": inspect.TypeFetch, out + "pre.css": inspect.TypeStylesheet, out + "mod.js": inspect.TypeScript,
		out + "sheet.css": inspect.TypeStylesheet, mixedJS: inspect.TypeScript,
	}
	seen := map[string]bool{}
	for _, q := range rep.Network {
		typ, ok := want[q.URL]
		if !ok {
			continue
		}
		seen[q.URL] = true
		if q.Type != typ || q.Failed == "" {
			t.Errorf("%s: type %q, failed %q; want %s, failed", q.URL, q.Type, q.Failed, typ)
		}
		if q.URL != mixedJS && !q.Blocked {
			t.Errorf("%s: not blocked by the walled garden: %+v", q.URL, q)
		}
	}
	for u := range want {
		if !seen[u] {
			t.Errorf("no record of %s\nnetwork:%s", u, networkLines(rep))
		}
	}
	har := harResourceTypes(t, harPath)
	for u, w := range want {
		for _, typ := range har[u] {
			if typ != w {
				t.Errorf("HAR: %s has _resourceType %q, want %s", u, typ, w)
			}
		}
	}
}
