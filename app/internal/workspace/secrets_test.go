package workspace

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// The steps of secretReport: a user name, a value_env PIN, a literal
// password into a field whose selector does not name it (the session
// found it a password field), and a field that is no password.
var secretSteps = []session.Step{
	{Action: session.StepFill, Target: "#user", Value: "ann-the-user"},
	{Action: session.StepFill, Target: "#pin", Value: "Pin+From=Env77", ValueEnv: "PIN", Secret: true},
	{Action: session.StepFill, Target: "#secret", Value: "Hunter2 Lit!"},
	{Action: session.StepFill, Target: "#tiny", Value: "123", Secret: true},
	{Action: session.StepClick, Target: "#go"},
}

// secretReport is a session report whose network, navigations, console
// and log carry the secrets of secretSteps as a form sent with GET and a
// script's fetch sent them.
func secretReport() session.Report {
	step := func(i int, fieldType string) session.LogEntry {
		st := secretSteps[i-1]
		return session.LogEntry{Kind: session.KindStep, Step: &session.StepResult{Index: i, Step: st.Shown(), OK: true, FieldType: fieldType}}
	}
	formURL := "http://127.0.0.1:8080/signin/?user=ann-the-user&pin=Pin%2BFrom%3DEnv77&sw=Hunter2+Lit%21&t=123"
	fetchURL := "http://127.0.0.1:8080/api?sw=Hunter2%20Lit!&pin=Pin%2bFrom%3dEnv77"
	return session.Report{
		Launch: simulator.Launch{URL: "http://127.0.0.1:8080/?iccid=8901123456"},
		Log: []session.LogEntry{
			step(1, "text"), step(2, "tel"), step(3, "password"), step(4, "text"),
			{Kind: session.KindNavigated, URL: formURL},
			{Kind: session.KindConsole, Text: "signed in with Hunter2 Lit!"},
		},
		Network: []inspect.Request{
			{ID: 1, Method: "GET", URL: formURL, Main: true, Bytes: -1},
			{ID: 2, Method: "POST", URL: fetchURL, Bytes: -1, Frame: formURL, TopFrame: true,
				RequestHeaders: []inspect.Header{{Name: "X-Pin", Value: "Pin+From=Env77"}, {Name: "X-User", Value: "ann-the-user"}}},
		},
		Navigations: []inspect.Navigation{{Kind: "load", URL: formURL}},
		Console:     []inspect.ConsoleMessage{{Kind: "call", Level: "log", Text: "signed in with Hunter2 Lit!"}},
	}
}

// The secrets are the value_env value, the fill the selector made secret
// and the fill whose field was a password field; not the user name.
func TestSecretValues(t *testing.T) {
	got := SecretValues(secretSteps, secretReport())
	want := []string{"Pin+From=Env77", "Hunter2 Lit!", "123"}
	if !slices.Equal(got, want) {
		t.Errorf("SecretValues = %q, want %q", got, want)
	}
	// A result of another step at that index (the steps changed) makes
	// nothing secret.
	rep := secretReport()
	rep.Log[0].Step.FieldType, rep.Log[0].Step.Step.Target = "password", "#other"
	if got := SecretValues(secretSteps, rep); slices.Contains(got, "ann-the-user") {
		t.Errorf("a result of another step made the user name secret: %q", got)
	}
}

// No file written from a masked report — its JSON (the history's, --report,
// a matrix's results) or its HAR — holds a secret, as typed or as a URL
// carries it; the user name, the launch (the device's numbers) and a
// secret too short to tell from other text stay; the caller's report is
// left as it was.
func TestMaskSecretsInEveryOutput(t *testing.T) {
	rep := secretReport()
	masked := MaskSecrets(rep, SecretValues(secretSteps, rep))
	var js, har bytes.Buffer
	if err := json.NewEncoder(&js).Encode(masked); err != nil {
		t.Fatal(err)
	}
	if err := inspect.WriteHAR(&har, inspect.HARMeta{Creator: "mpsim", PageURL: masked.Launch.URL, OnLoadMs: -1}, masked.Network); err != nil {
		t.Fatal(err)
	}
	forms := []string{"Pin+From=Env77", "Pin%2BFrom%3DEnv77", "Pin%2bFrom%3dEnv77", "Hunter2 Lit!", "Hunter2+Lit%21", "Hunter2%20Lit!", "Hunter2"}
	for name, out := range map[string]string{"JSON": js.String(), "HAR": har.String()} {
		for _, f := range forms {
			if strings.Contains(out, f) {
				t.Errorf("the %s holds %q", name, f)
			}
		}
		for _, keep := range []string{"ann-the-user", "t=123", session.Masked} {
			if !strings.Contains(out, keep) {
				t.Errorf("the %s lost %q", name, keep)
			}
		}
	}
	if !strings.Contains(js.String(), "iccid=8901123456") {
		t.Errorf("the launch was masked")
	}
	if !strings.Contains(rep.Network[1].RequestHeaders[0].Value, "Env77") || !strings.Contains(rep.Log[4].URL, "Hunter2") {
		t.Errorf("the caller's report was changed")
	}
	if got := MaskSecrets(rep, nil); !strings.Contains(got.Network[0].URL, "Hunter2") {
		t.Errorf("no secrets: the report changed")
	}
}

// The forms of a secret a URL may carry it in.
func TestSecretForms(t *testing.T) {
	tests := []struct{ secret, form string }{
		{"a b!c", "a+b%21c"},       // a form sent with GET
		{"a b!c", "a%20b!c"},       // encodeURIComponent
		{"a b!c", "a%20b%21c"},     // a path segment
		{"x/y=z", "x%2fy%3dz"},     // lower-case escapes
		{`q"u\o`, `q\"u\\o`},       // JSON-escaped
		{"p*(w)", "p*%28w%29"},     // a form keeps *
		{"p*(w)", "p*(w)"},         // encodeURIComponent keeps ()
		{"näh!", "n%C3%A4h%21"},    // UTF-8 bytes
		{"näh!", "n%c3%a4h%21"},    // …in lower case
		{"ünï!", "%C3%BCn%C3%AF!"}, // encodeURIComponent of UTF-8
	}
	for _, tt := range tests {
		if forms := secretForms(tt.secret); !slices.Contains(forms, tt.form) {
			t.Errorf("the forms of %q %q lack %q", tt.secret, forms, tt.form)
		}
	}
}

// The forms a browser leaves in a URL a page wrote a secret into
// unencoded (location.hash = secret: a fragment encodes a space and ",
// not & or \), and those encoded twice (encodeURIComponent applied
// twice), which hostile-QA found unmasked.
func TestSecretFormsFragmentAndDouble(t *testing.T) {
	tests := []struct{ secret, form string }{
		{`Pin 7"&x\9`, `Pin%207%22&x\9`},             // a fragment
		{`Pin 7"&x\9`, `Pin%207%22&x%5C9`},           // a query or path
		{"a<b>`c", "a%3Cb%3E%60c"},                   // a fragment's < > `
		{`Pin 7"&x\9`, "Pin%25207%2522%2526x%255C9"}, // encodeURIComponent twice
		{`Pin 7"&x\9`, "Pin%25207%2522%2526x%255c9"}, // …in lower case
		{"a b!c", "a%2Bb%2521c"},                     // a form's, encoded again
		{"Zq9Code#Xy", "Zq9Code%2523Xy"},             // encodeURIComponent twice
		{"näh!", "n%25C3%25A4h%2521"},                // UTF-8, twice
	}
	for _, tt := range tests {
		if forms := secretForms(tt.secret); !slices.Contains(forms, tt.form) {
			t.Errorf("the forms of %q lack %q", tt.secret, tt.form)
		}
	}
}

// A session whose page put a value_env secret in a URL's fragment
// (location.hash, a redirect's #frag=) and encoded twice in its query:
// neither the masked report's JSON nor its HAR — whose queryString is
// the URL's query decoded once — holds the secret in any form.
func TestMaskSecretsFragmentAndDoubleEncoded(t *testing.T) {
	const pin = `Pin 7"&x\9`
	steps := []session.Step{{Action: session.StepFill, Target: "#pin", Value: pin, ValueEnv: "PIN", Secret: true}}
	land := "http://127.0.0.1:8080/land/x?dbl=Pin%25207%2522%2526x%255C9&b=1#frag=Pin%207%22&x\\9"
	rep := session.Report{
		Log: []session.LogEntry{
			{Kind: session.KindStep, Step: &session.StepResult{Index: 1, Step: steps[0].Shown(), OK: true, FieldType: "password"}},
			{Kind: session.KindNavigated, URL: "http://127.0.0.1:8080/#Pin%207%22&x\\9"},
		},
		Network: []inspect.Request{{ID: 1, Method: "GET", URL: land, Main: true, Bytes: -1,
			ResponseHeaders: []inspect.Header{{Name: "Location", Value: "/land/x?dbl=Pin%25207%2522%2526x%255c9"}}}},
		Navigations: []inspect.Navigation{{Kind: "load", URL: land}},
	}
	masked := MaskSecrets(rep, SecretValues(steps, rep))
	var js, har bytes.Buffer
	if err := json.NewEncoder(&js).Encode(masked); err != nil {
		t.Fatal(err)
	}
	if err := inspect.WriteHAR(&har, inspect.HARMeta{Creator: "mpsim", OnLoadMs: -1}, masked.Network); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"JSON": js.String(), "HAR": har.String()} {
		for _, f := range []string{"Pin%20", "Pin%2520", "Pin 7", `x\\9`, "x%5C9", "x%255"} {
			if strings.Contains(out, f) {
				t.Errorf("the %s holds %q", name, f)
			}
		}
		if !strings.Contains(out, "b=1") && !strings.Contains(out, `"b"`) {
			t.Errorf("the %s lost the query's other parameter", name)
		}
	}
}

// A Masker masks each live entry of a session, one at a time, as
// MaskSecrets masks the report that holds it, and a single text as the
// report's texts; the caller's entries are left as they were, and the
// zero Masker masks nothing.
func TestMaskerMasksEntriesAsTheReport(t *testing.T) {
	rep := secretReport()
	secrets := SecretValues(secretSteps, rep)
	whole := MaskSecrets(rep, secrets)
	k := NewMasker(secrets)
	if !k.Masks() || (Masker{}).Masks() || NewMasker([]string{"123"}).Masks() {
		t.Fatalf("Masks: %v, zero %v, a short value %v", k.Masks(), (Masker{}).Masks(), NewMasker([]string{"123"}).Masks())
	}
	tests := []struct {
		name      string
		live, was session.LogEntry
	}{
		{"navigated", rep.Log[4], whole.Log[4]},
		{"console line", rep.Log[5], whole.Log[5]},
		{"step", rep.Log[2], whole.Log[2]},
		{"request", session.LogEntry{Kind: session.KindRequest, Request: &rep.Network[1]},
			session.LogEntry{Kind: session.KindRequest, Request: &whole.Network[1]}},
		{"console message", session.LogEntry{Kind: session.KindConsole, Console: &rep.Console[0]},
			session.LogEntry{Kind: session.KindConsole, Console: &whole.Console[0]}},
		{"navigation", session.LogEntry{Kind: session.KindNavigation, Navigation: &rep.Navigations[0]},
			session.LogEntry{Kind: session.KindNavigation, Navigation: &whole.Navigations[0]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(k.Entry(tt.live))
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(tt.was)
			if string(got) != string(want) {
				t.Errorf("Entry = %s\nwant    %s", got, want)
			}
			for _, f := range []string{"Env77", "Hunter2"} {
				if strings.Contains(string(got), f) {
					t.Errorf("Entry holds %q: %s", f, got)
				}
			}
			if (Masker{}).Entry(tt.live) != tt.live {
				t.Error("the zero Masker changed the entry")
			}
		})
	}
	if !strings.Contains(rep.Network[1].RequestHeaders[0].Value, "Env77") || !strings.Contains(rep.Console[0].Text, "Hunter2") {
		t.Error("the caller's entries were changed")
	}
	for _, tt := range []struct{ in, want string }{
		{"signed in with Hunter2 Lit!", "signed in with " + session.Masked},
		{"/signin/?pin=Pin%2BFrom%3DEnv77&u=ann-the-user", "/signin/?pin=" + session.Masked + "&u=ann-the-user"},
		{"#sw=Hunter2%20Lit!", "#sw=" + session.Masked},
		{"code 123, nothing else", "code 123, nothing else"},
	} {
		if got := k.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := (Masker{}).String("Hunter2 Lit!"); got != "Hunter2 Lit!" {
		t.Errorf("the zero Masker's String = %q", got)
	}
}
