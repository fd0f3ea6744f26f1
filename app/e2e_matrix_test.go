package main

// End-to-end test of `mpsim test`: a small scenario file through the real
// binary, two sessions at a time in real WebKit under one private Xvfb, with
// one expectation that the demo portal does not meet, reported as failed in
// the exit code, the JUnit XML and the HTML report, and one scenario with
// an error, whose cell fails with file:line while the others run. The buy cells also run
// in German first (compare_language) and expect the localization policy to
// see the visible text change.

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const matrixScenarios = `
[[scenario]]
name = "buy"
demo_choice = "buy"
languages = ["en-US", "fr-FR,fr,en"]
compare_language = "de-DE,de,en"
[scenario.expect]
verdict = "pass"
status = ["Complete"]
success = true
policies = { localization-languages = "pass" }

[[scenario]]
name = "cancel-expected-complete"
description = "Wrong on purpose: a cancelled purchase never hands back Complete."
demo_choice = "cancel"
[scenario.expect]
status = ["Complete"]

[[scenario]]
name = "broken"
description = "Wrong on purpose: no such preset. Its cell fails with file:line; the others run."
preset = "no-such-preset"
`

// junitDoc is the part of JUnit XML the test reads.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// mpsimTest runs `mpsim test --headless ARGS…` (the test binary as mpsim)
// with dir's configuration and no display, logs its standard error and
// how long it took, and returns its standard output and error and its exit
// code (-1 when it did not run).
func mpsimTest(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return mpsimTestEnv(t, dir, nil, args...)
}

// mpsimTestEnv is mpsimTest with env (NAME=value) added to its environment.
func mpsimTestEnv(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"test", "--headless"}, args...)...)
	cmd.Env = append(append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "DISPLAY="), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	t.Logf("mpsim test took %s\n%s", time.Since(start).Round(100*time.Millisecond), errOut.String())
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return out.String(), errOut.String(), 0
	case errors.As(err, &exitErr):
		return out.String(), errOut.String(), exitErr.ExitCode()
	}
	t.Errorf("mpsim test: %v", err)
	return out.String(), errOut.String(), -1
}

func TestE2EMatrixTest(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "scenarios.toml")
	if err := os.WriteFile(file, []byte(matrixScenarios), 0o644); err != nil {
		t.Fatal(err)
	}
	junit, html := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.html")
	stdout, _, code := mpsimTest(t, dir, file, "--parallel", "2", "--junit", junit, "--html", html, "--json")
	if code != 1 {
		t.Fatalf("mpsim test: exit code %d, want 1 (one cell not met)", code)
	}

	var res struct {
		Cells []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Report *struct {
				Verdict string `json:"verdict"`
				Server  *struct {
					AcceptLanguage string `json:"acceptLanguage"`
				} `json:"server"`
			} `json:"report"`
		} `json:"cells"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout)
	}
	status := map[string]string{}
	for _, c := range res.Cells {
		status[c.ID] = c.Status
		if c.ID == "buy/esim/fr-FR" && (c.Report == nil || c.Report.Server == nil || c.Report.Server.AcceptLanguage != "fr-FR,fr;q=0.90,en;q=0.80") {
			t.Errorf("fr-FR cell: the demo portal did not get the cell's languages: %+v", c.Report)
		}
	}
	want := map[string]string{"buy/esim/en-US": "met", "buy/esim/fr-FR": "met", "cancel-expected-complete/esim/en-US": "unmet", "broken/esim/en-US": "error"}
	for id, st := range want {
		if status[id] != st {
			t.Errorf("cell %s: status %q, want %q (all: %v)", id, status[id], st, status)
		}
	}

	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JUnit: %v\n%s", err, data)
	}
	if doc.Tests != 4 || doc.Failures != 1 || doc.Errors != 1 {
		t.Errorf("JUnit: %d tests, %d failures, %d errors; want 4, 1 and 1", doc.Tests, doc.Failures, doc.Errors)
	}
	if !strings.Contains(string(data), file+`:23: scenario &#34;broken&#34;: no preset &#34;no-such-preset&#34;`) {
		t.Errorf("JUnit lacks the broken scenario's file:line:\n%s", data)
	}
	failed := ""
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				failed = c.Name
				if !strings.Contains(c.Failure.Text, "moDirectStatus: want Complete, got None") {
					t.Errorf("failure text: %s", c.Failure.Text)
				}
			}
		}
	}
	if failed != "cancel-expected-complete/esim/en-US" {
		t.Errorf("failed testcase %q, want cancel-expected-complete/esim/en-US", failed)
	}

	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`id="summary"`, "not met ✗", "met ✓", "cancel-expected-complete", "identifiers masked", "Could not run: <bdi>the scenario file has errors"} {
		if !strings.Contains(string(page), s) {
			t.Errorf("HTML report lacks %q", s)
		}
	}
	if strings.Contains(string(page), "eid=8903") {
		t.Error("HTML report has an unmasked EID")
	}
}

// mpsim test --no-inspect: the demo portal's purchase is still judged, in a
// window that recorded nothing of the portal (no network, console,
// screenshots or probes in the report), and a cell that expects policy
// statuses says it cannot run so while the other cells run.
func TestE2EMatrixTestNoInspect(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "scenarios.toml")
	src := `
[[scenario]]
name = "buy"
demo_choice = "buy"
[scenario.expect]
verdict = "pass"
status = ["Complete"]

[[scenario]]
name = "audited"
demo_choice = "buy"
[scenario.expect]
policies = { usability-frame-size = "pass" }
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := mpsimTest(t, dir, "--no-inspect", "--json", file)
	if code != 1 {
		t.Fatalf("mpsim test: exit code %d, want 1 (one cell could not run, one met)", code)
	}
	var res struct {
		NoInspect bool `json:"noInspect"`
		Cells     []struct {
			ID     string          `json:"id"`
			Status string          `json:"status"`
			Error  string          `json:"error"`
			Report json.RawMessage `json:"report"`
		} `json:"cells"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout)
	}
	if !res.NoInspect {
		t.Error("the results do not say the portals were not recorded")
	}
	if !strings.Contains(stderr, "not recorded (--no-inspect)") {
		t.Error("the summary does not say the portals were not recorded")
	}
	for _, c := range res.Cells {
		switch c.ID {
		case "buy/esim/en-US":
			var rep struct {
				Verdict     string            `json:"verdict"`
				Network     []json.RawMessage `json:"network"`
				Console     []json.RawMessage `json:"console"`
				Screenshots []json.RawMessage `json:"screenshots"`
				Probes      []json.RawMessage `json:"probes"`
			}
			if err := json.Unmarshal(c.Report, &rep); err != nil {
				t.Fatalf("buy cell's report: %v", err)
			}
			if c.Status != "met" || rep.Verdict != "pass" {
				t.Errorf("buy cell: %s, verdict %q", c.Status, rep.Verdict)
			}
			if n := len(rep.Network) + len(rep.Console) + len(rep.Screenshots) + len(rep.Probes); n != 0 {
				t.Errorf("buy cell recorded the portal: %d requests, %d console messages, %d screenshots, %d probes",
					len(rep.Network), len(rep.Console), len(rep.Screenshots), len(rep.Probes))
			}
		case "audited/esim/en-US":
			if c.Status != "error" || !strings.Contains(c.Error, "drop --no-inspect") {
				t.Errorf("audited cell: %s %q", c.Status, c.Error)
			}
		default:
			t.Errorf("unexpected cell %s", c.ID)
		}
	}
}

// The inline flows of examples/demo-inline.toml keep the portal open after
// their call, as the real app does: each cell waits until the simulated
// eSIM has reached the step that ends its flow (wait_lifecycle) and closes
// the portal as its user would (close), so it ends "closed" with both steps
// passed, not at its timeout.
func TestE2EMatrixInlineFlowsEndWithClose(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	stdout, _, code := mpsimTest(t, dir, filepath.Join("..", "examples", "demo-inline.toml"), "--parallel", "2", "--json")
	if code != 0 {
		t.Fatalf("mpsim test: exit code %d, want 0 (every cell met)", code)
	}
	var res struct {
		Cells []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Report *struct {
				Ended string `json:"ended"`
				Log   []struct {
					Kind string `json:"kind"`
					Step *struct {
						OK   bool `json:"ok"`
						Step struct {
							Action string `json:"action"`
						} `json:"step"`
					} `json:"step"`
				} `json:"log"`
			} `json:"report"`
		} `json:"cells"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout)
	}
	if len(res.Cells) != 4 {
		t.Fatalf("%d cells, want 4", len(res.Cells))
	}
	for _, c := range res.Cells {
		if c.Status != "met" || c.Report == nil || c.Report.Ended != "closed" {
			t.Errorf("cell %s: status %q, report %+v", c.ID, c.Status, c.Report)
			continue
		}
		var steps []string
		for _, e := range c.Report.Log {
			if e.Kind == "step" && e.Step != nil && e.Step.OK {
				steps = append(steps, e.Step.Step.Action)
			}
		}
		if strings.Join(steps, ",") != "wait_lifecycle,close" {
			t.Errorf("cell %s: passed steps %v, want wait_lifecycle then close", c.ID, steps)
		}
	}
}
