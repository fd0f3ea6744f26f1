package main

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// integrityOf is the integrity attribute's value (sha256) that body
// matches.
func integrityOf(body string) string {
	h := sha256.Sum256([]byte(body))
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}

// TestE2ESheetWithIntegrityAndABrokenImport: style sheets with an
// integrity attribute whose @import answers 404, and what WebKitGTK 2.50
// does with each. A sheet that matches its integrity applies and its
// <link> fires an error event (the @import's); its rules are readable
// both of the same origin and of another origin asked for with
// crossorigin="anonymous" and answered with Access-Control-Allow-Origin,
// so it gets no "refused" console error. A sheet that does not match has
// no sheet at all, and keeps its error, which names the integrity
// mismatch. A sheet of another origin with an integrity attribute but no
// crossorigin attribute is refused whatever its body (WebKit checks
// integrity only on a CORS answer): until 2026-12-07 its error said that
// its body did not match, though it did; it now says that the
// crossorigin attribute is missing. A script of that kind is refused the
// same way and gets the same reason. A sheet asked for with crossorigin
// but answered without Access-Control-Allow-Origin fails for CORS, with
// no Resource Timing entry, and gets no "refused" error either (its
// network record says why). All the sheets are on one page.
func TestE2ESheetWithIntegrityAndABrokenImport(t *testing.T) {
	needE2E(t)
	pin := startTestPortal(t, map[string]string{}) // only its certificate
	body := func(name string) string {
		if strings.HasSuffix(name, ".js") {
			return "window.ran = true;"
		}
		return `@import url("missing-` + name + `"); #x { color: rgb(1, 2, 3); }`
	}
	serve := func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		switch {
		case strings.HasPrefix(name, "missing-") || !strings.Contains(name, "."):
			http.NotFound(w, r)
			return
		case strings.HasSuffix(name, ".js"):
			w.Header().Set("Content-Type", "text/javascript")
		default:
			w.Header().Set("Content-Type", "text/css")
		}
		if r.Header.Get("Origin") != "" && !strings.HasPrefix(name, "noacao") {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}
		fmt.Fprint(w, body(name))
	}
	cdn := startHandlerPortal(t, "127.0.0.2", pin, http.HandlerFunc(serve))
	good := func(name string) string { return ` integrity="` + integrityOf(body(name)) + `"` }
	bad := ` integrity="` + integrityOf("tampered") + `"`
	const (
		mismatch = "its body does not match its integrity attribute"
		noCORS   = "no crossorigin attribute"
	)
	cases := []struct {
		name, base, attrs string
		why               string // "" when it applied, or failed: no error
		failed            bool   // its load fails (CORS): no @import
	}{
		{"same.css", "", good("same.css"), "", false},
		{"cors.css", cdn, good("cors.css") + ` crossorigin="anonymous"`, "", false},
		{"samebad.css", "", bad, mismatch, false},
		{"corsbad.css", cdn, bad + ` crossorigin="anonymous"`, mismatch, false},
		{"nocors.css", cdn, good("nocors.css"), noCORS, false},
		{"nocorsbad.css", cdn, bad, noCORS, false},
		{"nocors.js", cdn, good("nocors.js"), noCORS, false},
		{"noacao.css", cdn, good("noacao.css") + ` crossorigin="anonymous"`, "", true},
	}
	var tags strings.Builder
	for _, tc := range cases {
		if strings.HasSuffix(tc.name, ".js") {
			fmt.Fprintf(&tags, `<script src="%s%s"%s></script>`+"\n", tc.base, tc.name, tc.attrs)
		} else {
			fmt.Fprintf(&tags, `<link rel="stylesheet" href="%s%s"%s>`+"\n", tc.base, tc.name, tc.attrs)
		}
	}
	page := `<!doctype html><html lang="en"><head><title>sri</title>
` + tags.String() + `</head><body><p id="x">Plans</p><script>setTimeout(function () { ` + handBackJS + ` }, 1500);</script></body></html>`
	rep, base := runSheetPage(t, pin, page, serve)
	for _, tc := range cases {
		url := tc.base + tc.name
		if tc.base == "" {
			url = base + tc.name
		}
		if tc.why == "" {
			imported, failed := false, false
			for _, q := range rep.Network {
				imported = imported || (strings.HasSuffix(q.URL, "/missing-"+tc.name) && q.Status == http.StatusNotFound)
				failed = failed || (q.URL == url && strings.Contains(q.Failed, "Access-Control-Allow-Origin"))
			}
			if !tc.failed && !imported {
				t.Fatalf("the @import of %s was not answered 404 (did it apply?); the test proves nothing\nnetwork:%s", tc.name, networkLines(rep))
			}
			if tc.failed && !failed {
				t.Fatalf("the load of %s did not fail for CORS; the test proves nothing\nnetwork:%s", tc.name, networkLines(rep))
			}
		}
		var got []string
		for _, m := range rep.Console {
			if strings.Contains(m.Text, url+" was refused after a successful answer") {
				got = append(got, m.Level+": "+m.Text)
			}
		}
		switch {
		case tc.why == "" && len(got) > 0:
			t.Errorf("%s matched its integrity and applied; yet %q", tc.name, got)
		case tc.why != "" && (len(got) != 1 || !strings.HasPrefix(got[0], "error: ") || !strings.Contains(got[0], tc.why)):
			t.Errorf("%s: console %q, want one error saying %q", tc.name, got, tc.why)
		}
	}
}
