package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// TestMatrixLinesEscapeWhatThePageSent: the progress lines and the summary
// of `mpsim test` print what a cell got, and a page decides that (a
// moDirectStatus outside the enum is kept as sent); its escape sequences
// are shown as \x1b…, never sent raw to the terminal (issue 12 item 7).
func TestMatrixLinesEscapeWhatThePageSent(t *testing.T) {
	const hostile = "\x1b]0;pwned\x07\x1b[2J"
	unmet := matrix.CellResult{
		Cell:   matrix.Cell{ID: "buy/esim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "esim", Lang: "en-US"},
		Status: matrix.StatusUnmet,
		Checks: []matrix.Check{{Name: "moDirectStatus", Want: "Complete", Got: hostile}},
	}
	broken := matrix.CellResult{
		Cell:   matrix.Cell{ID: "buy/psim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "psim", Lang: "en-US"},
		Status: matrix.StatusError,
		Error:  "step 2: " + hostile,
	}
	var out bytes.Buffer
	printProgress(&out, 1, 1, 2, unmet, nil)
	printProgress(&out, 1, 2, 2, broken, nil)
	printSummary(&out, matrix.Results{Cells: []matrix.CellResult{unmet, broken}})
	for _, bad := range []string{"\x1b", "\x07"} {
		if strings.Contains(out.String(), bad) {
			t.Errorf("printed %q raw:\n%q", bad, out.String())
		}
	}
	if n := strings.Count(out.String(), `\x1b]0;pwned\a`); n != 4 {
		t.Errorf("the escaped value appears %d times, want 4 (two progress lines, two summary lines):\n%s", n, out.String())
	}
}

// A cell met on a later attempt (--retries) is marked flaky in its
// progress line, the summary matrix (~) and the counts, with what the
// first attempt said, escaped like any text from the page.
func TestMatrixLinesShowFlakyCells(t *testing.T) {
	flaky := matrix.CellResult{
		Cell:    matrix.Cell{ID: "buy/esim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "esim", Lang: "en-US"},
		Status:  matrix.StatusMet,
		Earlier: []matrix.Attempt{{Status: matrix.StatusUnmet, Reason: "moDirectStatus want Complete, got \x1b[2J"}},
	}
	met := matrix.CellResult{Cell: matrix.Cell{ID: "buy/psim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "psim", Lang: "en-US"}, Status: matrix.StatusMet}
	var out bytes.Buffer
	printProgress(&out, 1, 1, 2, flaky, nil)
	printSummary(&out, matrix.Results{Retries: 1, Cells: []matrix.CellResult{flaky, met}})
	for _, want := range []string{
		"met     buy/esim/en-US (0s, attempt 2)",
		`attempt 1: moDirectStatus want Complete, got \x1b[2J`,
		"buy       ~             ✓",
		"2 met (1 after a retry), 0 not met",
		"~ met after a retry (flaky)",
		`~ buy/esim/en-US: flaky, met on attempt 2; attempt 1: moDirectStatus want Complete, got \x1b[2J`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Errorf("printed an escape raw:\n%q", out.String())
	}
}

// A cell not met says why in its progress lines, as its JUnit failure
// does: the error findings (three at most), so a portal that did not load
// does not read as one that never called back.
func TestMatrixLinesSayWhyACellFailed(t *testing.T) {
	rep := &session.Report{Ended: session.EndedLoadFailed, Findings: []bridge.Finding{
		{Code: "portal-load-failed", Severity: bridge.SeverityError, Message: "The portal did not load: network: Could not connect to 127.0.0.1: Connection refused"},
		{Code: "handback-missing", Severity: bridge.SeverityWarning, Message: "no call"},
		{Code: "e2", Severity: bridge.SeverityError, Message: "two"},
		{Code: "e3", Severity: bridge.SeverityError, Message: "three"},
		{Code: "e4", Severity: bridge.SeverityError, Message: strings.Repeat("é", 400)},
	}}
	unmet := matrix.CellResult{
		Cell:   matrix.Cell{ID: "buy/esim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "esim", Lang: "en-US"},
		Status: matrix.StatusUnmet, Report: rep,
		Checks: []matrix.Check{{Name: "verdict", Want: "pass", Got: "no-callback"}},
	}
	var out bytes.Buffer
	printProgress(&out, 1, 1, 1, unmet, nil)
	for _, want := range []string{
		"✗ verdict: want pass, got no-callback",
		"error portal-load-failed: The portal did not load: network: Could not connect to 127.0.0.1: Connection refused",
		"error e3: three",
		"… and 1 more error finding (the report has them all)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "handback-missing:") || strings.Contains(out.String(), "e4") {
		t.Errorf("printed more than the first three error findings:\n%s", out.String())
	}
}

// A cell's progress lines show an error finding as mpsim run does, with
// its field and contract section, its message whole up to 500 bytes (the
// longest mpsim writes fit), and count the warnings they leave out, by
// code.
func TestMatrixLinesShowSectionsAndCountWarnings(t *testing.T) {
	long := strings.Repeat("a", 450) + " end"
	rep := &session.Report{Findings: []bridge.Finding{
		{Code: "json-malformed", Severity: bridge.SeverityError, Field: "purchaseResult", Message: long, Section: "§2.6, §2.7"},
		{Code: "payload-not-string", Severity: bridge.SeverityWarning, Message: "object"},
		{Code: "transaction-id-missing", Severity: bridge.SeverityWarning, Message: "none"},
		{Code: "transaction-id-missing", Severity: bridge.SeverityWarning, Message: "again"},
		{Code: "ver-missing", Severity: bridge.SeverityInfo, Message: "info"},
		{Code: "e2", Severity: bridge.SeverityError, Message: strings.Repeat("b", 600), Section: "§4"},
	}}
	unmet := matrix.CellResult{
		Cell:   matrix.Cell{ID: "buy/esim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "esim", Lang: "en-US"},
		Status: matrix.StatusUnmet, Report: rep,
		Checks: []matrix.Check{{Name: "verdict", Want: "pass", Got: "fail"}},
	}
	var out bytes.Buffer
	printProgress(&out, 1, 1, 1, unmet, nil)
	for _, want := range []string{
		"error json-malformed [purchaseResult]: " + long + " (contract §2.6, §2.7)\n",
		"error e2: " + strings.Repeat("b", 500) + "… (contract §4)\n",
		"+ 3 warnings: payload-not-string, transaction-id-missing ×2 (see the report)\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "ver-missing") {
		t.Errorf("counted an info finding:\n%s", out.String())
	}
}

// TestMatrixLinesCutLongText: a 20 KB text the scenario or the page
// controls (a wait_text target, an error) is cut in the progress lines and
// the summary to about 1 KB each, saying how much was cut.
func TestMatrixLinesCutLongText(t *testing.T) {
	long := strings.Repeat("x", 20<<10)
	cells := []matrix.CellResult{
		{Cell: matrix.Cell{ID: "a/esim/en-US", Scenario: matrix.Scenario{Name: "a"}, SIM: "esim", Lang: "en-US"},
			Status: matrix.StatusUnmet, Checks: []matrix.Check{{Name: "steps", Want: "every step done", Got: long}},
			Earlier: []matrix.Attempt{{Status: matrix.StatusUnmet, Reason: long}}},
		{Cell: matrix.Cell{ID: "b/esim/en-US", Scenario: matrix.Scenario{Name: "b"}, SIM: "esim", Lang: "en-US"},
			Status: matrix.StatusError, Error: long},
	}
	var out bytes.Buffer
	for i, c := range cells {
		printProgress(&out, 1, i+1, 2, c, nil)
	}
	printSummary(&out, matrix.Results{Cells: cells})
	for _, line := range strings.Split(out.String(), "\n") {
		if len(line) > maxShownText+200 {
			t.Errorf("a line of %d bytes: %.80s…", len(line), line)
		}
	}
	if n := strings.Count(out.String(), " bytes cut)"); n != 5 {
		t.Errorf("%d cut texts say how much was cut, want 5 (attempt, check, error, two summary lines):\n%s", n, out.String())
	}
}

// The progress lines are printed before the results are masked (finish),
// yet they hide the EID, IMEI and ICCID as the reports do, in the error
// findings, an error, the checks and the earlier attempts (--retries);
// --no-redact shows them (found in a CI log: a portal-load-failed message
// carried the launch URL, identifiers and all).
func TestProgressLinesMaskIdentifiers(t *testing.T) {
	const (
		eid   = "89033023426200000000000000012345"
		imei  = "356938035643809"
		iccid = "8944500102198304826"
		url   = "http://127.0.0.1:18931/e500?x=1&eid=" + eid + "&imei=" + imei + "&iccids=" + iccid
	)
	cell := matrix.Cell{ID: "buy/esim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "esim", Lang: "en-US"}
	cells := map[string]matrix.CellResult{
		"finding": {Cell: cell, Status: matrix.StatusUnmet, Report: &session.Report{Findings: []bridge.Finding{
			{Code: "portal-load-failed", Severity: bridge.SeverityError, Message: "The portal did not load: HTTP 500 (" + url + ")"},
		}}},
		"error":   {Cell: cell, Status: matrix.StatusError, Error: "step 1: " + url},
		"check":   {Cell: cell, Status: matrix.StatusUnmet, Checks: []matrix.Check{{Name: "url", Want: "x", Got: url}}},
		"attempt": {Cell: cell, Status: matrix.StatusMet, Earlier: []matrix.Attempt{{Status: matrix.StatusError, Reason: "load failed: " + url}}},
	}
	for name, r := range cells {
		for _, noRedact := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/no-redact=%v", name, noRedact), func(t *testing.T) {
				var out bytes.Buffer
				b := newProgressBoard(&out, 1, false, 0, progressMask(noRedact))
				b.cell(1, r)
				b.close()
				for _, id := range []string{eid, imei, iccid} {
					if shown := strings.Contains(out.String(), id); shown != noRedact {
						t.Errorf("%s shown: %v, want %v:\n%s", id, shown, noRedact, out.String())
					}
				}
				if !noRedact && !strings.Contains(out.String(), "eid=XXXXXXXXXXXXXXXXXXXXXXXXXXXX2345") {
					t.Errorf("the EID is not masked as the reports mask it:\n%s", out.String())
				}
			})
		}
	}
}

// A cell not met that ended with no hand-back says how in its progress
// lines, as its JUnit failure does: "verdict: want pass, got no-callback"
// alone did not tell a portal that never answered from one that broke.
func TestProgressLinesSayHowASessionWithoutHandBackEnded(t *testing.T) {
	slow := matrix.CellResult{
		Cell:   matrix.Cell{ID: "slow/esim/en-US", Scenario: matrix.Scenario{Name: "slow", Timeout: matrix.Duration(20 * time.Second)}, SIM: "esim", Lang: "en-US"},
		Status: matrix.StatusUnmet,
		Checks: []matrix.Check{{Name: "verdict", Want: "pass", Got: "no-callback"}},
		Report: &session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedTimeout},
	}
	var out bytes.Buffer
	printProgress(&out, 1, 1, 1, slow, nil)
	want := "          the session ended at its 20 s timeout with no hand-back\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("progress lines:\n%s\nwant the line\n%s", out.String(), want)
	}
}

// TestMatrixLinesNameTheFailedStepsScreenshot: a cell whose scenario step
// failed prints where the screenshot of that moment is (its finding names
// it only by label, and without --html nothing else shows it): relative to
// the working directory when under it, else whole; a cell without one
// prints no such line.
func TestMatrixLinesNameTheFailedStepsScreenshot(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "buy-esim-en-US", "step-2-failed.png")
	for _, tc := range []struct {
		name  string
		shots []inspect.Screenshot
		want  string
	}{
		{"outside the working directory", []inspect.Screenshot{{Label: "first-paint", Path: "/x/first.png"}, {Label: "step-2-failed", Path: outside}},
			"screenshot of the failed step: " + outside + "\n"},
		{"under the working directory", []inspect.Screenshot{{Label: "step-1-failed", Path: filepath.Join(wd, "shots", "step-1-failed.png")}},
			"screenshot of the failed step: " + filepath.Join("shots", "step-1-failed.png") + "\n"},
		{"no step screenshot", []inspect.Screenshot{{Label: "first-paint", Path: "/x/first.png"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := &session.Report{Ended: session.EndedStepFailed, Screenshots: tc.shots, Findings: []bridge.Finding{
				{Code: bridge.CodeScenarioStepFailed, Severity: bridge.SeverityError, Field: "step 2", Message: "Scenario step 2 failed. The screenshot step-2-failed shows the page then."}}}
			unmet := matrix.CellResult{
				Cell:   matrix.Cell{ID: "buy/esim/en-US", Scenario: matrix.Scenario{Name: "buy"}, SIM: "esim", Lang: "en-US"},
				Status: matrix.StatusUnmet, Report: rep,
				Checks: []matrix.Check{{Name: "steps", Want: "every step done", Got: "step 2"}},
			}
			var out bytes.Buffer
			printProgress(&out, 1, 1, 1, unmet, nil)
			if tc.want == "" && strings.Contains(out.String(), "screenshot of the failed step") {
				t.Errorf("printed a screenshot line for a cell without one:\n%s", out.String())
			}
			if tc.want != "" && !strings.Contains(out.String(), tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out.String())
			}
		})
	}
}

// TestProgressLineNamesStepsNotRun: a cell whose portal handed back before
// its last steps says which were not run and why, met or not (only the GUI
// said so before).
func TestProgressLineNamesStepsNotRun(t *testing.T) {
	ss, err := matrix.Parse("s.toml", []byte(`[[scenario]]
name = "form"
portal = "https://127.0.0.1:8443/"
[[scenario.steps]]
click_text = "Buy now"
[[scenario.steps]]
screenshot = "after-buy"
[[scenario.steps]]
close = true
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	res := session.StepResult{Index: 1, Step: session.Step{Action: session.StepClickText, Target: "Buy now"}, OK: true}
	met := matrix.CellResult{
		Cell:   matrix.Expand(ss, nil)[0],
		Status: matrix.StatusMet,
		Report: &session.Report{Ended: session.EndedHandBack, Log: []session.LogEntry{{Kind: session.KindStep, Step: &res}}},
	}
	var out bytes.Buffer
	printProgress(&out, 1, 1, 1, met, nil)
	if want := "steps 2–3 not run: the portal handed back after step 1"; !strings.Contains(out.String(), want) {
		t.Errorf("progress lines lack %q:\n%s", want, out.String())
	}
}

// TestProgressLineSaysTheHistoryDidNotKeepACell: a cell whose session
// could not be saved in the history (a full disk) says so under its line,
// as mpsim run does; mpsim test said nothing (crowd QA).
func TestProgressLineSaysTheHistoryDidNotKeepACell(t *testing.T) {
	r := matrix.CellResult{Cell: matrix.Cell{ID: "buy/esim/en-US"}, Status: matrix.StatusMet, HistoryError: "history: save: write report.json: no space left on device"}
	var out bytes.Buffer
	printProgress(&out, 1, 1, 1, r, nil)
	if want := "warning: the session was not saved in the history: history: save: write report.json: no space left on device"; !strings.Contains(out.String(), want) {
		t.Errorf("progress lines lack %q:\n%s", want, out.String())
	}
}

// TestProgressLineWarnsOfScreenshotsNotSaved: a cell whose screenshots a
// full disk kept from being saved says so under its line (crowd QA: exit 0
// and no word, with broken PNGs left behind).
func TestProgressLineWarnsOfScreenshotsNotSaved(t *testing.T) {
	r := matrix.CellResult{Cell: matrix.Cell{ID: "buy/esim/en-US"}, Status: matrix.StatusMet, Report: &session.Report{
		ScreenshotsSkipped: []inspect.Screenshot{{Label: "handback", Skipped: inspect.SkippedNotSaved + ": writing the PNG: no space left on device"}}}}
	var out bytes.Buffer
	printProgress(&out, 1, 1, 1, r, nil)
	if want := "warning: the screenshot handback was not saved: writing the PNG: no space left on device"; !strings.Contains(out.String(), want) {
		t.Errorf("progress lines lack %q:\n%s", want, out.String())
	}
}
