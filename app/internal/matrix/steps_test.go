package matrix

import (
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
)

const stepsFile = `[[scenario]]
name = "form"
portal = "https://127.0.0.1:8443/"

[[scenario.steps]]
wait_for = "#form"
timeout = "3s"

[[scenario.steps]]
fill = "#email"
value = "ann@example.com"

[[scenario.steps]]
choose = "#plan"
value = "Unlimited"

[[scenario.steps]]
click_text = "Buy now"

[[scenario.steps]]
screenshot = "after-buy"

[[scenario.steps]]
wait_lifecycle = "networkRegistered"
timeout = "20s"

[[scenario.steps]]
close = true

[scenario.expect]
status = ["Complete"]
`

func TestStepsParse(t *testing.T) {
	ss, err := parse(t, stepsFile)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ss[0].sessionSteps("en-US")
	if err != nil {
		t.Fatal(err)
	}
	want := []session.Step{
		{Action: session.StepWaitFor, Target: "#form", Timeout: 3 * time.Second, Where: "s.toml:5"},
		{Action: session.StepFill, Target: "#email", Value: "ann@example.com", Where: "s.toml:9"},
		{Action: session.StepChoose, Target: "#plan", Value: "Unlimited", Where: "s.toml:13"},
		{Action: session.StepClickText, Target: "Buy now", Where: "s.toml:17"},
		{Action: session.StepScreenshot, Target: "after-buy", Where: "s.toml:20"},
		{Action: session.StepWaitLifecycle, Target: "networkRegistered", Timeout: 20 * time.Second, Where: "s.toml:23"},
		{Action: session.StepClose, Where: "s.toml:27"},
	}
	if len(got) != len(want) {
		t.Fatalf("steps = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("step %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
	req, err := Expand(ss, nil)[0].Request(1)
	if err != nil || len(req.Steps) != len(want) || req.Steps[1] != want[1] {
		t.Errorf("request steps = %+v, %v", req.Steps, err)
	}
}

// TestUnbalancedSelector: what the file check finds, and the selectors it
// must leave alone (escapes, quoted brackets, nested functions).
func TestUnbalancedSelector(t *testing.T) {
	for sel, bad := range map[string]bool{
		"#buy": false, `a[href="/x]"]`: false, `#a\[b`: false, "li:nth-child(2n+1):not(.x)": false, ":is(a, b) > c": false,
		"#buy[": true, "a(": true, "a]": true, `a[title="x]`: true,
	} {
		if got := unbalanced(sel) != ""; got != bad {
			t.Errorf("unbalanced(%q) = %q, want a problem %v", sel, unbalanced(sel), bad)
		}
	}
}

func TestStepsErrorsGiveFileAndLine(t *testing.T) {
	head := "[[scenario]]\nname = \"a\"\nportal = \"https://127.0.0.1:8443/\"\n[[scenario.steps]]\nwait_for = \"#x\"\n"
	cases := []struct{ name, step, want string }{
		{"unknown key", "[[scenario.steps]]\nklick = \"#b\"\n", `s.toml:7:1: unknown key "scenario.steps.klick"`},
		{"two actions", "[[scenario.steps]]\nclick = \"#b\"\nwait_for = \"#c\"\n", `s.toml:6: scenario "a": step 2: the step has 2 actions (click, wait_for)`},
		{"empty selector", "[[scenario.steps]]\nclick = \"\"\n", `s.toml:7: scenario[1].steps[2].click:`},
		{"no action", "[[scenario.steps]]\ntimeout = \"1s\"\n", `s.toml:6: scenario "a": step 2: the step has no action; give one of click, click_text`},
		{"fill without value", "[[scenario.steps]]\nfill = \"#e\"\n", `s.toml:6: scenario "a": step 2: fill needs a value (value = "…", or value_env = "NAME" to take a secret from the environment)`},
		{"value on a click", "[[scenario.steps]]\nclick = \"#b\"\nvalue = \"x\"\n", `step 2: value goes with fill and choose only, not click`},
		{"choose empty", "[[scenario.steps]]\nchoose = \"#p\"\nvalue = \"\"\n", `step 2: choose needs a non-empty value`},
		{"bad timeout", "[[scenario.steps]]\nclick = \"#b\"\ntimeout = \"soon\"\n", "s.toml:8:"},
		{"bad label", "[[scenario.steps]]\nscreenshot = \"After Buy\"\n", `s.toml:7: scenario[1].steps[2].screenshot:`},
		{"unknown lifecycle step", "[[scenario.steps]]\nwait_lifecycle = \"registered\"\n", `s.toml:7: scenario[1].steps[2].wait_lifecycle:`},
		{"close before a step", "[[scenario.steps]]\nclose = true\n[[scenario.steps]]\nclick = \"#b\"\n",
			`s.toml:6: scenario "a": step 2: close ends the session, so no step can follow it; make it the last of the 3 steps`},
		{"close with a timeout", "[[scenario.steps]]\nclose = true\ntimeout = \"1s\"\n", `s.toml:6: scenario "a": step 2: timeout goes with steps that wait, not close`},
		{"close = false", "[[scenario.steps]]\nclose = false\n", `s.toml:7: scenario[1].steps[2].close:`},
		{"a bracket left open", "[[scenario.steps]]\nclick = \"#buy[\"\n", `step 2: click "#buy[" is no CSS selector: a '[' is not closed`},
		{"a quote left open", "[[scenario.steps]]\nwait_for = \"a[href='/x]\"\n", `is no CSS selector: a ' is not closed`},
		{"a parenthesis too many", "[[scenario.steps]]\nfill = \"input:not(.a))\"\nvalue = \"x\"\n", `is no CSS selector: ')' closes nothing`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parse(t, head+c.step)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, c.want)
			}
		})
	}
}

// A cell's steps are listed in the HTML report, the failed one with its reason.
func TestHTMLListsSteps(t *testing.T) {
	res := sampleResults()
	rep := res.Cells[0].Report
	rep.Log = append(rep.Log,
		session.LogEntry{Kind: session.KindStep, Step: &session.StepResult{Index: 1, OK: true, Step: session.Step{Action: session.StepFill, Target: "#email", Value: "a@b.c"}, Detail: "filled <input#email>"}},
		session.LogEntry{Kind: session.KindStep, Step: &session.StepResult{Index: 2, Step: session.Step{Action: session.StepWaitFor, Target: "#never"}, Error: "no element matches the selector \"#never\" within 1 s"}},
	)
	var buf strings.Builder
	if err := WriteHTML(&buf, res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<td><span role="img" aria-label="done">✓</span> 1</td><td><code><bdi>fill &#34;<bdi>#email</bdi>&#34; with &#34;<bdi>a@b.c</bdi>&#34;</bdi></code></td><td><bdi>filled &lt;input#email&gt;</bdi></td>`,
		`<tr class="unmet"><td><span role="img" aria-label="failed">✗</span> 2</td><td><code><bdi>wait_for &#34;<bdi>#never</bdi>&#34;</bdi></code></td><td><bdi>no element matches the selector &#34;<bdi>#never</bdi>&#34; within 1 s</bdi></td>`,
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("report lacks %s", want)
		}
	}
}

// back = true is a step of its own, the app's back button, and takes a
// timeout like the steps that wait; it goes with no value.
func TestBackStepParses(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"b\"\nportal = \"https://127.0.0.1:8443/\"\n[[scenario.steps]]\nback = true\ntimeout = \"4s\"\n")
	if err != nil {
		t.Fatal(err)
	}
	steps, err := ss[0].sessionSteps("en-US")
	if err != nil {
		t.Fatal(err)
	}
	want := session.Step{Action: session.StepBack, Timeout: 4 * time.Second, Where: "s.toml:4"}
	if len(steps) != 1 || steps[0] != want {
		t.Errorf("steps = %#v, want %#v", steps, want)
	}
	if got := steps[0].String(); got != "go back (the app's back button)" {
		t.Errorf("the step says %q", got)
	}
	if _, err := parse(t, "[[scenario]]\nname = \"b\"\n[[scenario.steps]]\nback = true\nvalue = \"x\"\n"); err == nil || !strings.Contains(err.Error(), "value goes with fill and choose only, not back") {
		t.Errorf("back with a value: %v", err)
	}
}
