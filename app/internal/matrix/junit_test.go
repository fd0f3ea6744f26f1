package matrix

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// junitCase writes r as JUnit XML and returns its first testcase.
func junitCase(t *testing.T, r Results) junitTestCase {
	t.Helper()
	var b strings.Builder
	if err := WriteJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	var got junitSuites
	if err := xml.Unmarshal([]byte(b.String()), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	return got.Suites[0].Cases[0]
}

// --retries in JUnit as Maven Surefire writes reruns: a cell never met has
// its first attempt in <failure> (or <error>) and each later one, the last
// included, in <rerunFailure> (<rerunError>), in order; a flaky cell has a
// <flakyFailure> for each attempt not met. The testcase's time is that of
// all its attempts.
func TestJUnitRetriesAsSurefireWritesThem(t *testing.T) {
	two := []Attempt{{Status: StatusUnmet, Reason: "first reason", DurationMs: 1000}, {Status: StatusUnmet, Reason: "second reason", DurationMs: 500}}
	tests := []struct {
		name    string
		status  Status
		earlier []Attempt
		first   string   // the <failure> or <error> message ("" for none)
		reruns  []string // the rerun elements' messages, in order
		flaky   []string
		time    string
	}{
		{"never met", StatusUnmet, two, "attempt 1 of 3: first reason",
			[]string{"attempt 2 of 3: second reason", "attempt 3 of 3: moDirectStatus: want InvalidSIM, got Complete"}, nil, "4.000"},
		{"could not run at last", StatusError, two[:1], "attempt 1 of 2: first reason", []string{"attempt 2 of 2: the window died"}, nil, "3.500"},
		{"flaky", StatusMet, two, "", nil, []string{"attempt 1 of 3: first reason", "attempt 2 of 3: second reason"}, "4.000"},
		{"no retries", StatusUnmet, nil, "moDirectStatus: want InvalidSIM, got Complete", nil, nil, "2.500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := sampleResults()
			c := &res.Cells[0]
			c.Status, c.Earlier = tt.status, tt.earlier
			if tt.status == StatusError {
				c.Error = "the window died"
			}
			tc := junitCase(t, res)
			first := ""
			if p := cmpOr(tc.Failure, tc.Error); p != nil {
				first = p.Message
			}
			var reruns, flaky []string
			for _, p := range append(tc.RerunFailures, tc.RerunErrors...) {
				reruns = append(reruns, p.Message)
			}
			for _, p := range append(tc.FlakyFailures, tc.FlakyErrors...) {
				flaky = append(flaky, p.Message)
			}
			if first != tt.first || strings.Join(reruns, "|") != strings.Join(tt.reruns, "|") || strings.Join(flaky, "|") != strings.Join(tt.flaky, "|") || tc.Time != tt.time {
				t.Errorf("first %q, reruns %q, flaky %q, time %s; want %q, %q, %q, %s", first, reruns, flaky, tc.Time, tt.first, tt.reruns, tt.flaky, tt.time)
			}
			if tt.status == StatusError && (tc.Error == nil || len(tc.RerunErrors) != 1 || len(tc.RerunFailures) != 0) {
				t.Errorf("a cell that could not run at last: error %v, %d rerunError", tc.Error, len(tc.RerunErrors))
			}
		})
	}
}

func cmpOr(a, b *junitProblem) *junitProblem {
	if a != nil {
		return a
	}
	return b
}

// Text the page or the scenario controls (a 20 KB wait_text target) is cut
// in the JUnit XML, saying how much was cut: each message attribute to
// about 1 KB, each body to about 2 KB; the JSON keeps it whole.
func TestJUnitCapsLongText(t *testing.T) {
	long := strings.Repeat("é", 10<<10) // 20 KB
	res := sampleResults()
	res.Cells[0].Checks = []Check{{Name: "steps", Want: "every step done", Got: "wait_text " + long, Met: false}}
	res.Cells[0].Earlier = []Attempt{{Status: StatusUnmet, Reason: long}}
	tc := junitCase(t, res)
	problems := []*junitProblem{tc.Failure}
	for i := range tc.RerunFailures {
		problems = append(problems, &tc.RerunFailures[i])
	}
	if len(problems) != 2 {
		t.Fatalf("testcase = %+v", tc)
	}
	for _, p := range problems {
		if len(p.Message) > maxJUnitMessage+100 || len(p.Text) > maxJUnitBody+100 || !strings.Contains(p.Message, "bytes cut") {
			t.Errorf("message of %d bytes, body of %d: not cut to %d and %d with a note", len(p.Message), len(p.Text), maxJUnitMessage, maxJUnitBody)
		}
	}
	if len(tc.SystemOut) > maxJUnitBody+100 || !strings.Contains(tc.SystemOut, "bytes cut; the JSON and HTML reports have the whole text") {
		t.Errorf("system-out of %d bytes", len(tc.SystemOut))
	}
	if got := capText(long, 5); got != "éé… (20476 bytes cut; the JSON and HTML reports have the whole text)" {
		t.Errorf("capText cuts inside a rune: %q", got)
	}
}

// A cell that never ran (its scenario file is broken) has no device, so
// its system-out names no seed.
func TestJUnitSystemOutOfACellThatNeverRan(t *testing.T) {
	res := sampleResults()
	c := &res.Cells[0]
	c.Status, c.Error, c.Report, c.Seed = StatusError, "s.toml:3: unknown key", nil, 0
	if out := junitCase(t, res).SystemOut; strings.Contains(out, "seed") || !strings.HasPrefix(out, "cell bad-iccid/psim/en-US: error") {
		t.Errorf("system-out = %q", out)
	}
}

// A suite's timestamp is the earliest start of its cells that ran, not
// the start of its first cell in sorted order, which may have started
// later (--parallel) or never (skipped); a suite none of whose cells ran
// has none.
func TestJUnitSuiteTimestampIsItsEarliestStart(t *testing.T) {
	t0 := time.Date(2026, 12, 5, 17, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	tests := []struct {
		name    string
		started []time.Time // of the suite's cells, in sorted order; zero: it never ran
		want    string
	}{
		{"the first cell skipped", []time.Time{{}, at(5), at(2)}, "2026-12-05T17:00:02Z"},
		{"a later cell started first", []time.Time{at(9), at(3), at(7)}, "2026-12-05T17:00:03Z"},
		{"in order", []time.Time{at(1), at(4)}, "2026-12-05T17:00:01Z"},
		{"none ran", []time.Time{{}, {}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := sampleResults()
			base := res.Cells[0]
			res.Cells = nil
			for i, s := range tt.started {
				c := base
				c.ID = fmt.Sprintf("%s-%d", base.ID, i)
				c.Started = s
				if s.IsZero() {
					c.Status, c.Report = StatusSkipped, nil
				}
				res.Cells = append(res.Cells, c)
			}
			var b strings.Builder
			if err := WriteJUnit(&b, res); err != nil {
				t.Fatal(err)
			}
			var got junitSuites
			if err := xml.Unmarshal([]byte(b.String()), &got); err != nil {
				t.Fatal(err)
			}
			if len(got.Suites) != 1 || got.Suites[0].Timestamp != tt.want {
				t.Errorf("suites %+v; want one with timestamp %q", got.Suites, tt.want)
			}
		})
	}
}

// xmllint is the path of xmllint (Debian's libxml2-utils, which
// scripts/install-deps.sh installs); without it the test is skipped, or
// fails in CI (CI=true), where it must run.
func xmllint(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint is not installed (Debian: libxml2-utils, in scripts/install-deps.sh): the JUnit XML cannot be checked against junit-10.xsd")
		}
		t.Skip("xmllint is not installed (Debian: libxml2-utils; bash scripts/install-deps.sh installs it): not checked against junit-10.xsd")
	}
	return p
}

// CI QA: Jenkins' xUnit plugin checks "JUnit" input against its strict
// junit-10.xsd (testdata/junit-10.xsd, the plugin's, MIT) and refused the
// JUnit XML of mpsim test, for the file and line of each testcase and the
// skipped count of <testsuites>. --junit-schema xunit writes only what the
// XSD allows, each cell's file:line in its system-out, for a matrix with
// a cell not met, one that could not run, one skipped and a flaky one; the
// default keeps the testcases' file and line that GitHub annotation
// actions and GitLab read.
func TestJUnitXUnitSchemaValidates(t *testing.T) {
	lint := xmllint(t)
	res := sampleResults()
	unmet, met := res.Cells[0], res.Cells[1]
	errCell, skipped, flaky := met, met, met
	errCell.ID, errCell.Status, errCell.Error, errCell.Report = "broken/esim/en-US", StatusError, "s.toml:3: unknown key", nil
	errCell.Scenario.Name = "broken"
	skipped.ID, skipped.Status, skipped.Report = "good/esim/fr-FR", StatusSkipped, nil
	flaky.ID, flaky.Earlier = "good/esim/de-DE", []Attempt{{Status: StatusUnmet, Reason: "verdict: want pass, got fail", DurationMs: 900}}
	res.Cells = []CellResult{unmet, errCell, skipped, flaky, met}
	res.Stopped = StoppedBail
	dir := t.TempDir()
	for _, tt := range []struct {
		schema       string
		valid        bool
		fileAndLine  bool // on the testcases
		systemOutHas string
	}{
		{JUnitXUnit, true, false, "scenario s.toml:17\n"},
		{JUnitDefault, false, true, "cell bad-iccid/psim/en-US"},
	} {
		t.Run(tt.schema, func(t *testing.T) {
			var b strings.Builder
			if err := WriteJUnitSchema(&b, res, tt.schema); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, tt.schema+".xml")
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(lint, "--noout", "--schema", "testdata/junit-10.xsd", path).CombinedOutput()
			if (err == nil) != tt.valid {
				t.Errorf("xmllint --schema testdata/junit-10.xsd: %v, want valid %v:\n%s\n%s", err, tt.valid, out, b.String())
			}
			var got junitSuites
			if err := xml.Unmarshal([]byte(b.String()), &got); err != nil {
				t.Fatal(err)
			}
			tc := got.Suites[0].Cases[0]
			if (tc.File == "s.toml" && tc.Line == 17) != tt.fileAndLine || !strings.HasPrefix(tc.SystemOut, tt.systemOutHas) {
				t.Errorf("testcase file %q line %d system-out %q; want file and line %v, system-out from %q", tc.File, tc.Line, tc.SystemOut, tt.fileAndLine, tt.systemOutHas)
			}
			if got.Suites[0].File != "s.toml" || got.Tests != 5 || got.Failures != 1 || got.Errors != 1 {
				t.Errorf("testsuites %d tests, %d failures, %d errors, first suite's file %q", got.Tests, got.Failures, got.Errors, got.Suites[0].File)
			}
			if (got.Skipped != nil) == (tt.schema == JUnitXUnit) {
				t.Errorf("testsuites skipped = %v under %s", got.Skipped, tt.schema)
			}
		})
	}
}
