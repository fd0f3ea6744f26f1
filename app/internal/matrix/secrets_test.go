package matrix

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// secretFile signs in with a literal password into a password field and a
// PIN from the environment (value_env), then closes the portal.
const secretFile = `[[scenario]]
name = "sign-in"
timeout = "20s"

[[scenario.steps]]
fill = "#username"
value = "ann-the-user"

[[scenario.steps]]
fill = "#password"
value = "hunter2-literal"

[[scenario.steps]]
fill = "#pin"
value_env = "STEPS2_TEST_PIN"

[[scenario.steps]]
close = true

[scenario.expect]
ended = "closed"
`

// value_env gives a fill its value from the environment when the cell
// runs: the session step is secret and says where its value came from.
// A variable that is not set is an error naming the step and its line.
func TestValueEnvStep(t *testing.T) {
	ss, err := parse(t, secretFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("STEPS2_TEST_PIN", "pin-from-env")
	steps, err := ss[0].sessionSteps("en-US")
	if err != nil {
		t.Fatal(err)
	}
	want := session.Step{Action: session.StepFill, Target: "#pin", Value: "pin-from-env", ValueEnv: "STEPS2_TEST_PIN", Secret: true, Where: "s.toml:13"}
	if steps[2] != want {
		t.Errorf("step 3 = %#v, want %#v", steps[2], want)
	}
	if got := steps[2].String(); got != `fill "#pin" with "••••" (from $STEPS2_TEST_PIN)` {
		t.Errorf("step 3 says %q", got)
	}
	b, err := json.Marshal(ss[0])
	if err != nil || bytes.Contains(b, []byte("pin-from-env")) {
		t.Errorf("the scenario's JSON holds the value: %s (%v)", b, err)
	}

	// Unset: the cell cannot run, and says which step at which line.
	if err := osUnsetenv(t, "STEPS2_TEST_PIN"); err != nil {
		t.Fatal(err)
	}
	cell := Expand(ss, nil)[0]
	_, err = cell.Request(1)
	if err == nil {
		t.Fatal("a value_env that is not set is no error")
	}
	for _, part := range []string{"step 3", "s.toml:13", "STEPS2_TEST_PIN is not set"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q lacks %q", err, part)
		}
	}
	if lp := cell.LanguageProblem(); lp == nil || !strings.Contains(lp.Error(), "STEPS2_TEST_PIN is not set") {
		t.Errorf("--list does not say the variable is unset: %v", lp)
	}
}

// value_env goes with fill only, instead of value, and names a variable.
func TestValueEnvMistakes(t *testing.T) {
	tests := []struct{ name, step, want string }{
		{"with value", "fill = \"#pw\"\nvalue = \"x\"\nvalue_env = \"PW\"", "give value or value_env, not both"},
		{"with choose", "choose = \"#plan\"\nvalue_env = \"PW\"", "value_env goes with fill only, not choose"},
		{"with click", "click = \"#go\"\nvalue_env = \"PW\"", "value_env goes with fill only, not click"},
		{"a dollar", "fill = \"#pw\"\nvalue_env = \"$PW\"", "value_env \"$PW\" is no environment variable name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(t, "[[scenario]]\nname = \"x\"\n[[scenario.steps]]\n"+tt.step+"\n")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

// A cell's outputs — the --json results (the scenario's copy and the
// session's log), the JUnit XML and the HTML report — hold neither the
// value_env value nor a literal value filled into a password field; the
// step says "••••" for each.
func TestSecretsInNoOutput(t *testing.T) {
	t.Setenv("STEPS2_TEST_PIN", "pin-from-env")
	ss, err := parse(t, secretFile)
	if err != nil {
		t.Fatal(err)
	}
	op := fillOpener(map[string]string{
		"#password": `{"ok":true,"detail":"filled <input#password> \"••••\"","fieldType":"password"}`,
		"#pin":      `{"ok":true,"detail":"filled <input#pin> \"••••\"","fieldType":"tel"}`,
	}, `{"ok":true,"detail":"filled <input#username> \"ann-the-user\"","fieldType":"text"}`)
	res := Run(context.Background(), Expand(ss, nil), Options{Seed: 7, Opener: op, TempDir: t.TempDir()})
	if s := res.Summary(); !s.OK() {
		t.Fatalf("summary %+v: %+v", s, res.Cells[0])
	}
	outs := writeOutputs(t, res)
	noSecretIn(t, outs, "hunter2-literal", "pin-from-env")
	js := outs["json"]
	if !strings.Contains(js, `fill \"#password\" with \"••••\"`) || !strings.Contains(js, `"fieldType": "password"`) {
		t.Errorf("the JSON does not say the password was masked")
	}
	if !strings.Contains(js, "ann-the-user") {
		t.Errorf("the plain value is gone too")
	}
	if ss[0].Steps[1].Value.String() != "hunter2-literal" {
		t.Errorf("the file's own scenario was changed: %q", ss[0].Steps[1].Value.String())
	}
}

// osUnsetenv unsets key for the rest of the test (t.Setenv first, so that
// it is restored).
func osUnsetenv(t *testing.T, key string) error {
	t.Setenv(key, "")
	return os.Unsetenv(key)
}

// navigateAndPaint is a fake window's opening: the page navigated to the
// launch URL and painted, so that the session runs its steps.
func navigateAndPaint(w *sessiontest.FakeWindow) {
	page := w.Spec.URL
	w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
	env, _ := json.Marshal(map[string]any{"token": w.Spec.Token, "api": "mpsim:firstPaint", "args": []any{}, "pageUrl": page})
	w.Envelope(string(env))
}

// fillOpener is a fake window opener whose page runs each step: the reply
// of the step whose target is a key of replies, fallback for any other.
func fillOpener(replies map[string]string, fallback string) *sessiontest.FakeOpener {
	return &sessiontest.FakeOpener{
		OnOpen: navigateAndPaint,
		Step: func(_ *sessiontest.FakeWindow, body string) (string, error) {
			for target, reply := range replies {
				if strings.Contains(body, `"target":"`+target+`"`) {
					return reply, nil
				}
			}
			return fallback, nil
		},
	}
}

// writeOutputs writes res as each output a run writes: the --json
// results, the JUnit XML and the HTML report, by name.
func writeOutputs(t *testing.T, res Results) map[string]string {
	t.Helper()
	outs := map[string]string{}
	for name, write := range map[string]func(io.Writer, Results) error{"json": WriteJSON, "junit": WriteJUnit, "html": WriteHTML} {
		var b bytes.Buffer
		if err := write(&b, res); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		outs[name] = b.String()
	}
	return outs
}

// noSecretIn fails the test for each output that holds one of secrets.
func noSecretIn(t *testing.T, outs map[string]string, secrets ...string) {
	t.Helper()
	for name, out := range outs {
		for _, secret := range secrets {
			if strings.Contains(out, secret) {
				t.Errorf("the %s output holds %q", name, secret)
			}
		}
	}
}
