package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"mpsim/app/internal/session"
)

// TestE2ESheetOfAnotherOriginWithABrokenImport: a <link> to a sheet of
// another origin (a CDN's theme) whose own @import answers 404 fires an
// error event though the sheet applied. The page cannot read another
// origin's rules, so until 2026-12-07 the inspection script took it for a
// refused sheet: a false "was refused after a successful answer" console
// error, which the console policy counts. Its answer was text/css, which
// WebKit never refuses: no error now. A sheet of that origin answered as
// text/html with nosniff really is refused, and keeps its error.
//
// The same goes for a sheet that a CDN redirects to another's (302 from
// 127.0.0.2 on one port to another): the window records one request per
// hop, and until 2026-12-07 only the last hop's URL counted as answered
// as text/css while the page names the link's href, the first hop, so
// the redirected theme still got the false error. A redirected sheet
// answered as text/html with nosniff keeps its error.
func TestE2ESheetOfAnotherOriginWithABrokenImport(t *testing.T) {
	needE2E(t)
	pin := startTestPortal(t, map[string]string{}) // only its certificate
	cdn := startHandlerPortal(t, "127.0.0.2", pin, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch strings.TrimPrefix(r.URL.Path, "/moved") {
		case "/theme.css":
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, `@import url("missing.css"); h1 { color: #333; }`)
		case "/plain.css":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			fmt.Fprint(w, "h1 { color: #444; }")
		default:
			http.NotFound(w, r)
		}
	}))
	// The first CDN sends both sheets on to the other one (under /moved/,
	// so that they are loads of their own).
	first := startHandlerPortal(t, "127.0.0.2", pin, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, cdn+"moved/"+strings.TrimPrefix(r.URL.Path, "/old/"), http.StatusFound)
	}))
	page := `<!doctype html><html lang="en"><head><title>cdn</title>
<link rel="stylesheet" href="` + cdn + `theme.css"><link rel="stylesheet" href="` + cdn + `plain.css">
<link rel="stylesheet" href="` + first + `old/theme.css"><link rel="stylesheet" href="` + first + `old/plain.css">
</head><body><h1>Plans</h1><script>setTimeout(function () { ` + handBackJS + ` }, 1500);</script></body></html>`
	rep, _ := runSheetPage(t, pin, page, http.NotFound)
	var missing, redirected bool
	for _, q := range rep.Network {
		missing = missing || (q.URL == cdn+"missing.css" && q.Status == http.StatusNotFound)
		redirected = redirected || (q.URL == cdn+"moved/missing.css" && q.Status == http.StatusNotFound)
	}
	if !missing || !redirected {
		t.Fatalf("an @import of the theme or of the redirected one was not answered 404; the test proves nothing\nnetwork:%s", networkLines(rep))
	}
	plainRefused := map[string]bool{cdn + "plain.css": false, first + "old/plain.css": false}
	for _, m := range rep.Console {
		for _, theme := range []string{cdn + "theme.css", first + "old/theme.css"} {
			if strings.Contains(m.Text, theme+" was refused after a successful answer") {
				t.Errorf("the theme, answered as text/css, applied; yet: %s", m.Text)
			}
		}
		for plain := range plainRefused {
			if strings.Contains(m.Text, plain+" was refused after a successful answer") && m.Level == "error" {
				plainRefused[plain] = true
			}
		}
	}
	for plain, refused := range plainRefused {
		if !refused {
			t.Errorf("no console error for %s, answered as text/html with nosniff: %+v", plain, rep.Console)
		}
	}
}

// runSheetPage runs mpsim on page, served at / on 127.0.0.1 with pin's
// certificate (every other path answered by rest), until the page hands
// back, and returns the report and the page's base URL.
func runSheetPage(t *testing.T, pin *testPortal, page string, rest http.HandlerFunc) (session.Report, string) {
	t.Helper()
	base := startHandlerPortal(t, "127.0.0.1", pin, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			rest(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", base, "--trust-cert", pin.certPath, "--sim", "psim",
		"--timeout", "30s", "--screenshots", "-", "--no-axe")
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q\nstderr:\n%s", rep.Ended, tail(stderr))
	}
	return rep, base
}
