package main

// End-to-end test of the languages the portal sees, in real WebKit: the
// Accept-Language every request of the window carries (what the server
// receives, what the report and the HAR record) and navigator.languages.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"mpsim/app/internal/inspect"
)

// notRecorded are the request headers the server receives that WebKit does
// not report and the record leaves out: its network process (libsoup) adds
// them after WebKit reports the request (docs/inspection.md).
var notRecorded = []string{"Accept-Encoding", "Connection", "Content-Length", "Cookie"}

// A launch in a language list written with q-values and a duplicate: the
// document, an image, fetch() (GET, POST, redirected) and XHR all reach the
// server with exactly the Accept-Language the launch reports, the list as
// sent; the report and the HAR record that header on each request, with a
// note that mpsim added it (WebKit does not report it), except where the
// page set its own, which is recorded and sent as it is; the other headers
// the record lacks are the network process's (notRecorded). The page's
// navigator.languages is the first language only: WebKit gives pages no
// more (docs/fidelity.md).
func TestE2EAcceptLanguageOnEveryRequest(t *testing.T) {
	needE2E(t)
	const want = "fr-FR,fr;q=0.90,en;q=0.80"
	page := `<!doctype html><html lang="fr"><head><title>langues</title></head><body><p>langues</p><img src="/img.gif" alt=""><script>
document.cookie = "session=abc";
addEventListener("load", function () {
  var q = "?l=" + encodeURIComponent(JSON.stringify(navigator.languages)) + "&n=" + encodeURIComponent(navigator.language);
  Promise.all([
    fetch("/api/fetch" + q),
    fetch("/api/own", {headers: {"Accept-Language": "de"}}),
    fetch("/api/post", {method: "POST", body: "x=1"}),
    fetch("/api/moved"),
    new Promise(function (ok) { var x = new XMLHttpRequest(); x.open("GET", "/api/xhr"); x.onloadend = ok; x.send(); }),
  ]).then(function () { ` + handBackJS + ` });
});
</script></body></html>`
	var mu sync.Mutex
	got := map[string]http.Header{} // path → the headers the server received
	var navLangs, navLang string
	pin := startTestPortal(t, map[string]string{}) // only its certificate
	base := startHandlerPortal(t, "127.0.0.1", pin, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got[r.URL.Path] = r.Header.Clone()
		if r.URL.Path == "/api/fetch" {
			navLangs, navLang = r.URL.Query().Get("l"), r.URL.Query().Get("n")
		}
		mu.Unlock()
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
		case "/img.gif":
			w.Header().Set("Content-Type", "image/gif")
			_, _ = w.Write([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
		case "/api/moved":
			http.Redirect(w, r, "/api/v2", http.StatusFound)
		default:
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{}`)
		}
	}))
	harPath := filepath.Join(t.TempDir(), "session.har")
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", base, "--trust-cert", pin.certPath, "--sim", "psim",
		"--lang", "en;q=0.5,fr-FR,fr;q=0.8,FR-fr", "--timeout", "60s", "--screenshots", "-", "--har", harPath)
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q, want handBack; findings %+v\nstderr:\n%s", rep.Ended, rep.Findings, tail(stderr))
	}
	if al := rep.Launch.Headers["Accept-Language"]; al != want {
		t.Errorf("the launch's Accept-Language %q, want %q", al, want)
	}
	mu.Lock()
	defer mu.Unlock()
	paths := []string{"/", "/img.gif", "/api/fetch", "/api/own", "/api/post", "/api/moved", "/api/v2", "/api/xhr"}
	for _, p := range paths {
		h, ok := got[p]
		wantHere := want
		if p == "/api/own" {
			wantHere = "de" // the page's own header wins
		}
		if !ok || h.Get("Accept-Language") != wantHere {
			t.Errorf("the server got %s with Accept-Language %q, want %q", p, h.Get("Accept-Language"), wantHere)
		}
	}
	if navLangs != `["fr-FR"]` || navLang != "fr-FR" {
		t.Errorf("navigator.languages %s, navigator.language %q; want [\"fr-FR\"] and fr-FR (WebKit gives pages the first language only)", navLangs, navLang)
	}

	recorded := 0
	for _, q := range rep.Network {
		path, ok := strings.CutPrefix(strings.SplitN(q.URL, "?", 2)[0], strings.TrimSuffix(base, "/"))
		if !ok {
			continue
		}
		recorded++
		h, ok := got[path]
		if !ok {
			t.Errorf("%s %s is recorded but the server never got it", q.Method, q.URL)
			continue
		}
		var al *inspect.Header
		names := map[string]bool{}
		for i, rh := range q.RequestHeaders {
			names[http.CanonicalHeaderKey(rh.Name)] = true
			if strings.EqualFold(rh.Name, "Accept-Language") {
				al = &q.RequestHeaders[i]
			}
		}
		wantNote := inspect.AcceptLanguageNote
		if path == "/api/own" {
			wantNote = ""
		}
		if al == nil || al.Value != h.Get("Accept-Language") || al.Note != wantNote {
			t.Errorf("%s %s: recorded Accept-Language %+v, want %q (what the server got) with note %q", q.Method, path, al, h.Get("Accept-Language"), wantNote)
		}
		for name := range h {
			if !names[name] && !slices.Contains(notRecorded, name) {
				t.Errorf("%s %s: the server got %s: %q, which the record lacks", q.Method, path, name, h.Get(name))
			}
		}
	}
	if recorded != len(paths) {
		t.Errorf("%d requests of the portal recorded, want %d: %+v", recorded, len(paths), rep.Network)
	}

	b, err := os.ReadFile(harPath)
	if err != nil {
		t.Fatal(err)
	}
	var har struct {
		Log struct {
			Entries []struct {
				Request struct {
					URL     string `json:"url"`
					Headers []struct {
						Name, Value, Comment string
					} `json:"headers"`
				} `json:"request"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(b, &har); err != nil {
		t.Fatalf("HAR: %v", err)
	}
	withHeader := 0
	for _, e := range har.Log.Entries {
		for _, h := range e.Request.Headers {
			if h.Name == "Accept-Language" && (h.Value == want && h.Comment == inspect.AcceptLanguageNote || h.Value == "de" && h.Comment == "") {
				withHeader++
			}
		}
	}
	if withHeader != len(paths) {
		t.Errorf("%d HAR entries have the Accept-Language sent (and the note where mpsim added it), want %d", withHeader, len(paths))
	}
}
