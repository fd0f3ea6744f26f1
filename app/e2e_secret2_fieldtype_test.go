package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	var mu sync.Mutex
	var got []string
	base := startPlainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.RawQuery)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, swapPage)
		case "/api":
			fmt.Fprint(w, "ok")
		default:
			http.NotFound(w, r)
		}
	}))
	dir := t.TempDir()
	file := filepath.Join(dir, "swap.toml")
	if err := os.WriteFile(file, []byte(fmt.Sprintf(swapScenario, base)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	const pin = `Pin 7"&x\9`
	stdout, stderr, code := mpsimTestEnv(t, dir, []string{"SECRET2_E2E_PIN=" + pin, "MPSIM_HISTORY_DIR=" + filepath.Join(out, "history")},
		file, "--har-dir", filepath.Join(out, "har"), "--html", filepath.Join(out, "report.html"), "--json")
	if err := os.WriteFile(filepath.Join(out, "results.json"), []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("mpsim test: exit %d, want 0\n%s", code, stdout)
	}
	mu.Lock()
	sent := strings.Join(got, "\n")
	mu.Unlock()
	if !strings.Contains(sent, "Zq9Code-Xy1") || !strings.Contains(sent, "Wv8Second-Q2") || !strings.Contains(sent, "Pin%25207") {
		t.Fatalf("the portal did not get the secrets; the test proves nothing:\n%s", sent)
	}
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
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || len(res.Cells) != 1 {
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
	var sawHAR, sawEntry bool
	for path, text := range files {
		sawHAR = sawHAR || strings.HasSuffix(path, ".har")
		sawEntry = sawEntry || strings.HasSuffix(path, "entry.json")
		for _, form := range []string{"Zq9Code", "Wv8Second", "Pin 7", "Pin%207", "Pin%25207", "Pin+7", "Pin%2B7"} {
			if i := strings.Index(text, form); i >= 0 {
				t.Errorf("%s holds a secret as %q: …%s…", path, form, text[max(0, i-80):min(len(text), i+len(form)+20)])
			}
		}
	}
	if !sawHAR || !sawEntry {
		t.Errorf("no HAR (%v) or no history entry (%v) among %d files", sawHAR, sawEntry, len(files))
	}
}
