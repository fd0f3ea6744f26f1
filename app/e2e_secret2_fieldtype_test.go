package main

import (
	"encoding/json"
	"net/http"
	"testing"
)

// swapPage is a sign-in page that defeats a fill's password check: #code
// is a password field that turns into a text field when it gets the
// focus (before the fill types), #word one that turns into a text field
// on input; its button tells both values back (the console, a fetch's
// URL) and puts the PIN (value_env) in the URL's fragment, which WebKit
// percent-encodes only partly, and in a query encoded twice.
const swapPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>
<label>Code <input id="code" name="code" type="password"></label>
<label>Word <input id="word" name="word" type="password"></label>
<label>PIN <input id="pin" name="pin" type="password"></label>
<button id="go" type="button">Go</button>
<script>
document.getElementById('code').addEventListener('focus', function () { this.type = 'text'; });
document.getElementById('word').addEventListener('input', function () { this.type = 'text'; });
document.getElementById('go').onclick = function () {
  var v = function (id) { return document.getElementById(id).value; };
  console.log('typed ' + v('code') + ' and ' + v('word'));
  location.hash = v('pin');
  fetch('/api?c=' + encodeURIComponent(v('code')) + '&w=' + encodeURIComponent(v('word')) +
    '&dbl=' + encodeURIComponent(encodeURIComponent(v('pin'))))
    .then(function () { document.body.insertAdjacentHTML('beforeend', '<p>sent</p>'); });
};
</script></body></html>`

const swapScenario = `[[scenario]]
name = "swap"
portal = "%s"
sims = ["esim"]
timeout = "40s"
[[scenario.steps]]
fill = "#code"
value = "Zq9Code-Xy1"
[[scenario.steps]]
fill = "#word"
value = "Wv8Second-Q2"
[[scenario.steps]]
fill = "#pin"
value_env = "SECRET2_E2E_PIN"
[[scenario.steps]]
click = "#go"
[[scenario.steps]]
wait_text = "sent"
[[scenario.steps]]
close = true
[scenario.expect]
ended = "closed"
`

// A page that switches a password field to type=text on focus or on input
// does not unmask a literal secret typed into it: the fills' fieldType is
// "password" (the field's type when the fill began, or before its
// typing), and no file `mpsim test` writes — the --json results, the
// HTML report, the HAR, the history's report and entry — holds either
// value; nor the value_env PIN the page put in the URL's fragment and in
// a query encoded twice. Before, both fills said "text" and every output
// held them in clear (hostile-QA).
func TestE2ESecret2PasswordFieldSwappedToText(t *testing.T) {
	needE2E(t)
	const pin = `Pin 7"&x\9`
	run := runSecretCase(t, secretCase{
		name:     "swap",
		scenario: swapScenario,
		pages:    map[string]string{"/": swapPage, "/api": "ok"},
		record:   func(r *http.Request) string { return r.URL.RawQuery },
		env:      []string{"SECRET2_E2E_PIN=" + pin},
	})
	run.portalGot(t, "Zq9Code-Xy1", "Wv8Second-Q2", "Pin%25207")
	var res struct {
		Cells []struct {
			Report struct {
				Log []struct {
					Step *struct {
						Step      struct{ Target string }
						FieldType string `json:"fieldType"`
					} `json:"step"`
				} `json:"log"`
			} `json:"report"`
		} `json:"cells"`
	}
	if err := json.Unmarshal([]byte(run.stdout), &res); err != nil || len(res.Cells) != 1 {
		t.Fatalf("results: %v (%d cells)", err, len(res.Cells))
	}
	types := map[string]string{}
	for _, e := range res.Cells[0].Report.Log {
		if e.Step != nil {
			types[e.Step.Step.Target] = e.Step.FieldType
		}
	}
	for _, target := range []string{"#code", "#word"} {
		if types[target] != "password" {
			t.Errorf("the fill of %s says fieldType %q, want password (its type before the page switched it)", target, types[target])
		}
	}
	run.wantFiles(t, ".har", "entry.json")
	run.noSecret(t, "Zq9Code-Xy1", "Zq9Code")
	run.noSecret(t, "Wv8Second-Q2", "Wv8Second")
	run.noSecret(t, pin, "Pin 7", "Pin%207", "Pin%25207", "Pin+7", "Pin%2B7")
}
