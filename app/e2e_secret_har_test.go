package main

import (
	"io"
	"net/http"
	"strings"
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
	run := runSecretCase(t, secretCase{
		name:     "sign-in",
		scenario: secretScenario,
		pages: map[string]string{
			"/":          secretPage,
			"/signin/":   `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Done</title></head><body><p>Welcome</p></body></html>`,
			"/api/login": "ok",
		},
		record: func(r *http.Request) string {
			body, _ := io.ReadAll(r.Body)
			return r.URL.RawQuery + " " + r.Header.Get("X-Pin") + " " + string(body)
		},
		env:   []string{"SECRET_E2E_PIN=" + secretFromEnv},
		junit: true,
	})
	run.portalGot(t, "Hunter2+Lit%21", secretFromEnv)
	run.wantFiles(t, "har/sign-in_esim_en-US.har", "report.html", "junit.xml", "results.json", "history")
	for _, secret := range []string{secretLiteral, secretRetro, secretFromEnv} {
		run.noSecret(t, secret, secretTestForms(secret)...)
	}
	userSeen := false
	for path, text := range run.files {
		userSeen = userSeen || strings.HasSuffix(path, ".har") && strings.Contains(text, "ann-the-user")
	}
	if !userSeen {
		t.Errorf("the HAR lost the user name too (masked more than the secrets)")
	}
}
