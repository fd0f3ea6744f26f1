package main

// End-to-end test of `mpsim test`: a small scenario file through the real
// binary, two sessions at a time in real WebKit under one private Xvfb, with
// one expectation that the demo portal does not meet, reported as failed in
// the exit code, the JUnit XML and the HTML report. The buy cells also run
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
`

// junitDoc is the part of JUnit XML the test reads.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
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

func TestE2EMatrixTest(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "scenarios.toml")
	if err := os.WriteFile(file, []byte(matrixScenarios), 0o644); err != nil {
		t.Fatal(err)
	}
	junit, html := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.html")
	cmd := exec.Command(os.Args[0], "test", "--headless", file, "--parallel", "2", "--junit", junit, "--html", html, "--json")
	cmd.Env = append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "DISPLAY=")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("mpsim test took %s\n%s", time.Since(start).Round(100*time.Millisecond), stderr.String())
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
		t.Fatalf("mpsim test: %v, want exit code 1 (one cell not met)", err)
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
	if err := json.Unmarshal([]byte(stdout.String()), &res); err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout.String())
	}
	status := map[string]string{}
	for _, c := range res.Cells {
		status[c.ID] = c.Status
		if c.ID == "buy/esim/fr-FR" && (c.Report == nil || c.Report.Server == nil || c.Report.Server.AcceptLanguage != "fr-FR,fr;q=0.90,en;q=0.80") {
			t.Errorf("fr-FR cell: the demo portal did not get the cell's languages: %+v", c.Report)
		}
	}
	want := map[string]string{"buy/esim/en-US": "met", "buy/esim/fr-FR": "met", "cancel-expected-complete/esim/en-US": "unmet"}
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
	if doc.Tests != 3 || doc.Failures != 1 {
		t.Errorf("JUnit: %d tests, %d failures; want 3 and 1", doc.Tests, doc.Failures)
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
	for _, s := range []string{`id="summary"`, "not met ✗", "met ✓", "cancel-expected-complete", "identifiers masked"} {
		if !strings.Contains(string(page), s) {
			t.Errorf("HTML report lacks %q", s)
		}
	}
	if strings.Contains(string(page), "eid=8903") {
		t.Error("HTML report has an unmasked EID")
	}
}
