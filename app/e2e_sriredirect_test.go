package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestE2EIntegrityLoadRedirectedToAnotherOrigin: scripts and style sheets
// with an integrity attribute whose URL, of the page's own origin, answers
// with a redirect, and the reason the console's "refused" error gives for
// each. Without a crossorigin attribute the load is made without CORS, a
// redirect to another origin makes its answer opaque, and WebKitGTK 2.50
// refuses it whatever its body: until 2026-12-07 the error said that its
// body did not match its integrity attribute, though it did; it now says
// that the URL redirected to another origin and what CORS needs. A
// redirect to another origin that sends Timing-Allow-Origin, or to the
// page's own origin, leaves the page unable to tell where it led: the
// error names the mismatch and that possibility. A load that did not
// redirect and does not match, first answered or from the cache, keeps
// the plain mismatch; one with crossorigin="anonymous" whose other origin
// answers with Access-Control-Allow-Origin applies and gets no error.
func TestE2EIntegrityLoadRedirectedToAnotherOrigin(t *testing.T) {
	needE2E(t)
	pin := startTestPortal(t, map[string]string{}) // only its certificate
	body := func(name string) string {
		name = name[strings.LastIndex(name, "/")+1:]
		if strings.HasSuffix(name, ".js") {
			return "window.ran = true;"
		}
		return "#x { color: rgb(1, 2, 3); }"
	}
	answer := func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		if strings.HasSuffix(name, ".js") {
			w.Header().Set("Content-Type", "text/javascript")
		} else {
			w.Header().Set("Content-Type", "text/css")
		}
		if !strings.HasPrefix(name, "noacao") {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}
		if strings.HasPrefix(name, "tao") {
			w.Header().Set("Timing-Allow-Origin", "*")
		}
		w.Header().Set("Cache-Control", "max-age=600")
		fmt.Fprint(w, body(name))
	}
	cdn := startHandlerPortal(t, "127.0.0.2", pin, http.HandlerFunc(answer))
	const (
		other    = "redirected to another origin (the network record names it)"
		mismatch = "its body does not match its integrity attribute (Subresource Integrity)"
		maybe    = mismatch + ", or, as it was redirected"
	)
	good := func(name string) string { return ` integrity="` + integrityOf(body(name)) + `"` }
	bad := ` integrity="` + integrityOf("tampered") + `"`
	cases := []struct {
		path, attrs string
		want        string // the reason's start, "" for no error
		not         string // what the reason must not say
	}{
		{"/other/a.js", good("a.js"), other, "does not match"},
		{"/other/noacao.css", good("noacao.css"), other, "does not match"},
		{"/other/bad.js", bad, other, "does not match"},
		{"/other/cors.js", good("cors.js") + ` crossorigin="anonymous"`, "", ""},
		{"/other/cors.css", good("cors.css") + ` crossorigin="anonymous"`, "", ""},
		{"/other/tao.js", good("tao.js"), maybe, other},
		{"/same/bad.js", bad, maybe, other},
		{"/plain/bad.js", bad, mismatch, "redirect"},
		{"/plain/bad.css", bad, mismatch, "redirect"},
	}
	var tags strings.Builder
	for _, tc := range cases {
		if strings.HasSuffix(tc.path, ".js") {
			fmt.Fprintf(&tags, `<script src="%s"%s></script>`+"\n", tc.path, tc.attrs)
		} else {
			fmt.Fprintf(&tags, `<link rel="stylesheet" href="%s"%s>`+"\n", tc.path, tc.attrs)
		}
	}
	// /plain/bad.js again, once the first load ended: from the cache.
	page := `<!doctype html><html lang="en"><head><title>sri</title>
` + tags.String() + `</head><body><p id="x">Plans</p><script>
window.addEventListener('load', function () {
  var s = document.createElement('script');
  s.src = '/plain/bad.js';
  s.integrity = '` + integrityOf("tampered") + `';
  s.onerror = function () { setTimeout(function () { ` + handBackJS + ` }, 300); };
  document.head.appendChild(s);
});
</script></body></html>`
	rep, base := runSheetPage(t, pin, page, func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		switch {
		case strings.HasPrefix(r.URL.Path, "/other/"):
			http.Redirect(w, r, cdn+name, http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/same/"):
			http.Redirect(w, r, "/plain/"+name, http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/plain/"):
			answer(w, r)
		default:
			http.NotFound(w, r)
		}
	})
	var console strings.Builder
	for _, m := range rep.Console {
		fmt.Fprintf(&console, "\n  %s: %s", m.Level, m.Text)
	}
	for _, tc := range cases {
		url := strings.TrimSuffix(base, "/") + tc.path
		var got []string
		for _, m := range rep.Console {
			if _, why, ok := strings.Cut(m.Text, url+" was refused after a successful answer, so it never "); ok && m.Level == "error" {
				_, why, _ = strings.Cut(why, ": ")
				got = append(got, why)
			}
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s applied; yet %q", tc.path, got)
		case tc.want == "":
		case len(got) == 0:
			t.Errorf("%s: no refused error, want one saying %q; console:%s", tc.path, tc.want, console.String())
		default:
			for _, why := range got {
				if !strings.Contains(why, tc.want) || strings.Contains(why, tc.not) {
					t.Errorf("%s: reason %q, want one saying %q and not %q", tc.path, why, tc.want, tc.not)
				}
			}
		}
		if tc.path == "/plain/bad.js" && len(got) != 2 {
			t.Logf("%s: %d refused errors (the second load, from the cache, has %s Resource Timing entry)", tc.path, len(got), map[bool]string{true: "a", false: "no"}[len(got) == 2])
		}
	}
}
