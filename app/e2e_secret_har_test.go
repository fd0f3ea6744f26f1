package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// secretPages is a sign-in page whose form is sent with GET (its fields in
// the URL) and whose API button POSTs the password in a fetch's URL and
// body: three fields — #password (the selector names it), #secret (a
// password field the selector does not name) and #pin (value_env).
const secretPage = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><title>Sign in</title></head><body>
<form id="f" method="get" action="/signin/">
<label>User <input id="user" name="user"></label>
<label>Password <input id="password" name="pw" type="password"></label>
<label>Secret word <input id="secret" name="sw" type="password"></label>
<label>PIN <input id="pin" name="pin" type="password"></label>
<button id="go" type="submit">Sign in</button></form>
<button id="api" type="button">API</button>
<script>
document.getElementById('api').onclick = function () {
  var v = function (id) { return document.getElementById(id).value; };
  fetch('/api/login?pw=' + encodeURIComponent(v('password')) + '&sw=' + encodeURIComponent(v('secret')),
    {method: 'POST', headers: {'X-Pin': v('pin')}, body: JSON.stringify({pw: v('password'), pin: v('pin')})})
    .then(function () { console.log('signed in with ' + v('password')); document.body.insertAdjacentHTML('beforeend', '<p>sent</p>'); });
};
</script></body></html>`

// The secrets of secretScenario: the literal values of #password and
// #secret and $SECRET_E2E_PIN's value; each has a character a URL
// escapes.
const (
	secretLiteral  = "Hunter2 Lit!"
	secretRetro    = "Wordy&Sec/ret"
	secretFromEnv  = "Pin+From=Env77"
	secretScenario = `[[scenario]]
name = "sign-in"
portal = "%s"
sims = ["esim"]
timeout = "40s"
[[scenario.steps]]
fill = "#user"
value = "ann-the-user"
[[scenario.steps]]
fill = "#password"
value = "Hunter2 Lit!"
[[scenario.steps]]
fill = "#secret"
value = "Wordy&Sec/ret"
[[scenario.steps]]
fill = "#pin"
value_env = "SECRET_E2E_PIN"
[[scenario.steps]]
click = "#api"
[[scenario.steps]]
wait_text = "sent"
[[scenario.steps]]
click = "#go"
[[scenario.steps]]
wait_text = "Welcome"
[[scenario.steps]]
close = true
[scenario.expect]
ended = "closed"
`
)

// A form sent with GET and a fetch carry the typed passwords in their
// URLs and headers: none of the files `mpsim test` writes — the HAR
// (--har-dir), the --json results, the HTML report, the JUnit XML and
// the history's report — holds any of them, as typed or URL-encoded; the
// user name, which is no secret, is still there, and the server did get
// the passwords.
func TestE2ESecretInNoOutputFile(t *testing.T) {
	needE2E(t)
	var mu sync.Mutex
	var got []string
	base := startPlainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.URL.RawQuery+" "+r.Header.Get("X-Pin")+" "+string(body))
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, secretPage)
		case "/signin/":
			fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Done</title></head><body><p>Welcome</p></body></html>`)
		case "/api/login":
			fmt.Fprint(w, "ok")
		default:
			http.NotFound(w, r)
		}
	}))
	dir := t.TempDir()
	file := filepath.Join(dir, "sign-in.toml")
	if err := os.WriteFile(file, []byte(fmt.Sprintf(secretScenario, base)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := mpsimTestEnv(t, dir, []string{"SECRET_E2E_PIN=" + secretFromEnv, "MPSIM_HISTORY_DIR=" + filepath.Join(out, "history")},
		file, "--har-dir", filepath.Join(out, "har"), "--html", filepath.Join(out, "report.html"),
		"--junit", filepath.Join(out, "junit.xml"), "--json")
	if err := os.WriteFile(filepath.Join(out, "results.json"), []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("mpsim test: exit %d, want 0\n%s", code, stdout)
	}
	mu.Lock()
	sent := strings.Join(got, "\n")
	mu.Unlock()
	if !strings.Contains(sent, "Hunter2+Lit%21") || !strings.Contains(sent, secretFromEnv) {
		t.Fatalf("the portal did not get the passwords; the test proves nothing:\n%s", sent)
	}
	files := map[string]string{"stderr": stderr}
	err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"har/sign-in_esim_en-US.har", "report.html", "junit.xml", "results.json", "history"} {
		found := false
		for path := range files {
			found = found || strings.Contains(path, want)
		}
		if !found {
			t.Errorf("no output file %s among %d", want, len(files))
		}
	}
	userSeen := false
	for path, text := range files {
		for _, secret := range []string{secretLiteral, secretRetro, secretFromEnv} {
			for _, form := range secretTestForms(secret) {
				if i := strings.Index(text, form); i >= 0 {
					t.Errorf("%s holds the secret %q as %q: …%s…", path, secret, form, text[max(0, i-80):min(len(text), i+len(form)+20)])
				}
			}
		}
		userSeen = userSeen || strings.HasSuffix(path, ".har") && strings.Contains(text, "ann-the-user")
	}
	if !userSeen {
		t.Errorf("the HAR lost the user name too (masked more than the secrets)")
	}
}

// secretTestForms are the ways a secret may be written in a file: as
// typed, URL-encoded by a form or by encodeURIComponent, JSON- or
// HTML-escaped.
func secretTestForms(s string) []string {
	r := strings.NewReplacer(" ", "+", "!", "%21", "&", "%26", "/", "%2F", "+", "%2B", "=", "%3D")
	c := strings.NewReplacer(" ", "%20", "&", "%26", "/", "%2F", "+", "%2B", "=", "%3D")
	return []string{s, r.Replace(s), c.Replace(s), strings.ReplaceAll(s, "&", `\u0026`), strings.ReplaceAll(s, "&", "&amp;")}
}
