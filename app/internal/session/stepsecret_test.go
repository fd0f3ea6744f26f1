package session_test

import (
	"encoding/json"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// A fill's secret value — one from an environment variable (a
// scenario's value_env), or one typed into a password field — is in no
// output: not the step's text, its record, its detail (even when the page
// told it back) nor the findings; "••••" stands for it. A plain field's
// value is still shown. The step's script tells the page the value is
// secret, so that its answer leaves it out too.
func TestSecretStepValuesAreMasked(t *testing.T) {
	const page = "https://idp.example/signin"
	cfg := testConfig()
	cfg.Steps = []session.Step{
		{Action: session.StepFill, Target: "#username", Value: "ann-the-user"},
		{Action: session.StepFill, Target: "#password", Value: "hunter2-typed"},
		{Action: session.StepFill, Target: "#pin", Value: "pin-from-env", ValueEnv: "PSP_PIN", Secret: true},
		{Action: session.StepClose},
	}
	var scripts []string
	op := &sessiontest.FakeOpener{Record: true,
		OnOpen: func(w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
			w.Envelope(envelope(t, "mpsim:firstPaint", page))
		},
		Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
			scripts = append(scripts, body)
			switch {
			case strings.Contains(body, `"#username"`):
				return `{"ok":true,"detail":"filled <input#username> \"ann-the-user\"","fieldType":"text"}`, nil
			case strings.Contains(body, `"#password"`):
				// A page (or an older runtime) that tells the value back.
				return `{"ok":true,"detail":"filled <input#password> \"hunter2-typed\"","fieldType":"password"}`, nil
			}
			return `{"ok":true,"detail":"filled <input#pin> \"pin-from-env\"","fieldType":"text"}`, nil
		},
	}
	rep, err := session.Run(t.Context(), op, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"hunter2-typed", "pin-from-env"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the report holds the secret %q", secret)
		}
	}
	if !strings.Contains(string(b), "ann-the-user") {
		t.Errorf("the report lost the plain field's value")
	}
	steps := stepEntries(rep)
	if len(steps) != 4 {
		t.Fatalf("step entries = %+v", steps)
	}
	want := []struct{ text, fieldType string }{
		{`step 1: fill "#username" with "ann-the-user": filled <input#username> "ann-the-user"`, "text"},
		{`step 2: fill "#password" with "••••": filled <input#password> "••••"`, "password"},
		{`step 3: fill "#pin" with "••••" (from $PSP_PIN): filled <input#pin> "••••"`, "text"},
	}
	for i, w := range want {
		if got := steps[i].Text(); got != w.text {
			t.Errorf("step %d text = %q, want %q", i+1, got, w.text)
		}
		if steps[i].FieldType != w.fieldType {
			t.Errorf("step %d field type = %q, want %q", i+1, steps[i].FieldType, w.fieldType)
		}
	}
	if len(scripts) != 3 || !strings.Contains(scripts[2], `"secret":true`) || strings.Contains(scripts[0], `"secret":true`) {
		t.Errorf("the scripts do not tell which value is secret")
	}
}
