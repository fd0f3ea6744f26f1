package history

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator"
)

// One session exported as HTML reads as one session, not as a test
// matrix: no stray ":0" where a scenario file's line would be, no
// summary of one cell, no cell ID "custom launch/esim/ja-JP", "1 call"
// not "1 calls", and no "Written by mpsim test" (found by exploratory QA).
func TestExportedSessionReadsAsOneSession(t *testing.T) {
	rep := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
		Launch: simulator.Launch{URL: "https://portal.example/start?transactionId=tx-1"},
		Calls:  []session.CallRecord{{API: "DataMart.notifyPurchaseResult", Accepted: true}},
		Result: &bridge.Result{Success: true, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "Complete", PlanName: "MyPlan"}}}
	e := Entry{SIM: simulator.KindESIM, Languages: []string{"ja-JP"}, Verdict: rep.Verdict, Time: time.Date(2026, 12, 5, 20, 19, 0, 0, time.UTC)}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, e, rep, false); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, bad := range []string{">:0", "<h2>Summary</h2>", "1 cell", "custom launch/esim/ja-JP", "1 calls", "Written by mpsim test", "mpsim test report"} {
		if strings.Contains(html, bad) {
			t.Errorf("the exported session shows %q", bad)
		}
	}
	for _, want := range []string{"mpsim session report", "1 call ·", "Exported by mpsim from its history", "ja-JP"} {
		if !strings.Contains(html, want) {
			t.Errorf("the exported session lacks %q", want)
		}
	}
}

// Export HTML… offers a file name of the session's own: its date, verdict
// and language, not always mpsim-session.html.
func TestExportName(t *testing.T) {
	at := time.Date(2026, 12, 5, 20, 19, 0, 0, time.Local)
	tests := []struct {
		name string
		e    Entry
		rep  session.Report
		want string
	}{
		{"from the entry", Entry{Time: at, Languages: []string{"ja-JP", "en"}}, session.Report{Verdict: bridge.VerdictPass},
			"mpsim-session-2026-12-05-2019-pass-ja-JP.html"},
		{"from the report", Entry{}, session.Report{Verdict: bridge.VerdictNoCallback, Opened: at,
			Launch: simulator.Launch{Headers: map[string]string{simulator.HeaderAcceptLanguage: "fr-FR,fr;q=0.9"}}},
			"mpsim-session-2026-12-05-2019-no-callback-fr-FR.html"},
		{"odd characters left out", Entry{Time: at, Languages: []string{"x/../y"}}, session.Report{Verdict: bridge.VerdictFail},
			"mpsim-session-2026-12-05-2019-fail-x..y.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExportName(tt.e, tt.rep); got != tt.want {
				t.Errorf("ExportName = %q, want %q", got, tt.want)
			}
		})
	}
}

// The design policies' evidence in a saved session cites the history's
// copies of the screenshots, not the screenshot cache, which is pruned
// (found by exploratory QA: the saved report and its HTML cited
// $HOME/.cache/mpsim/screenshots/…).
func TestPolicyEvidenceNamesTheHistorysCopies(t *testing.T) {
	root := t.TempDir()
	cache := filepath.Join(root, "cache", "screenshots", "s1")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(cache, "01-first-load.png")
	if err := os.WriteFile(shot, []byte("png"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &Store{Dir: filepath.Join(root, "h")}
	rec := sampleRecord("p", bridge.VerdictPass)
	rec.Report.Screenshots = []inspect.Screenshot{{Label: "first-load", Path: shot}}
	rec.Report.Policies = []audit.Policy{{ID: "usability-brand", Evidence: []string{"screenshot first-load: " + shot, "something else"}}}
	e, err := s.Save(rec)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Report.Policies[0].Evidence[0]; got != "screenshot first-load: "+shot {
		t.Errorf("Save changed the caller's report: %q", got)
	}
	stored, err := os.ReadFile(filepath.Join(s.Dir, e.ID, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(stored), cache) {
		t.Errorf("the stored report still cites the cache %s", cache)
	}
	rep, err := s.Report(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := "screenshot first-load: " + filepath.Join(s.Dir, e.ID, FilesDir, "01-first-load.png")
	if got := rep.Policies[0].Evidence; got[0] != want || got[1] != "something else" {
		t.Errorf("evidence %q, want %q", got, want)
	}
}

// An exported session shows the expectations it had, as its run judged
// them, and the timeout it ran with: a `mpsim test` cell that expected
// no-callback and got it is met, not "✗ verdict want pass, got
// no-callback" under a red badge; a cell not met is not "✓ verdict want
// pass, got pass"; a session no cell judged (mpsim run, the host window,
// an entry older than the record of a cell's expectations) shows none of
// a scenario's; and "How it ended" names the session's own timeout, not
// a scenario's default of 60 s (found by QA).
func TestExportShowsTheExpectationsTheSessionHad(t *testing.T) {
	timedOut := func(v bridge.Verdict, ended string) session.Report {
		return session.Report{Verdict: v, Ended: ended, Launch: simulator.Launch{URL: "https://portal.example/start?transactionId=tx-1"},
			Log: []session.LogEntry{{Kind: session.KindReady, Text: "ready"}}}
	}
	handedBack := timedOut(bridge.VerdictPass, session.EndedHandBack)
	handedBack.Result = &bridge.Result{Success: false, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "ServiceFailure"}}
	tests := []struct {
		name    string
		source  string
		timeout time.Duration
		rep     session.Report
		cell    *matrix.CellOutcome // nil: saved with Record, as mpsim run saves
		want    []string
		notWant []string
	}{
		{"a met cell that expected no-callback", SourceTest, 4 * time.Second, timedOut(bridge.VerdictNoCallback, session.EndedTimeout),
			&matrix.CellOutcome{Status: matrix.StatusMet, Checks: []matrix.Check{
				{Name: "verdict", Want: "no-callback", Got: "no-callback", Met: true}, {Name: "ended", Want: "timeout", Got: "timeout", Met: true}}},
			[]string{`class="badge met">no-callback · met ✓</span>`, `<td><bdi>verdict</bdi></td><td><bdi>no-callback</bdi></td><td><bdi>no-callback</bdi></td>`, `<td><bdi>ended</bdi></td><td><bdi>timeout</bdi></td>`},
			[]string{`aria-label="not met"`, "want pass", "How it ended", `<bdi>pass</bdi>`}},
		{"a cell not met", SourceTest, 4 * time.Second, handedBack,
			&matrix.CellOutcome{Status: matrix.StatusUnmet, Checks: []matrix.Check{
				{Name: "verdict", Want: "pass", Got: "pass", Met: true}, {Name: "moDirectStatus", Want: "Complete", Got: "ServiceFailure", Met: false}}},
			[]string{`class="badge unmet">pass · not met ✗</span>`, `<tr class="unmet"><td><span role="img" aria-label="not met">✗</span></td><td><bdi>moDirectStatus</bdi></td><td><bdi>Complete</bdi></td><td><bdi>ServiceFailure</bdi></td>`},
			nil},
		{"a 4 s cell not met by its timeout", SourceTest, 4 * time.Second, timedOut(bridge.VerdictNoCallback, session.EndedTimeout),
			&matrix.CellOutcome{Status: matrix.StatusUnmet, Checks: []matrix.Check{{Name: "verdict", Want: "pass", Got: "no-callback", Met: false}}},
			[]string{"How it ended: <bdi>the session ended at its 4 s timeout with no hand-back", `class="badge unmet">no-callback · not met ✗</span>`},
			[]string{"60 s"}},
		{"mpsim run --timeout 5s", SourceRun, 5 * time.Second, timedOut(bridge.VerdictNoCallback, session.EndedTimeout), nil,
			[]string{"How it ended: <bdi>the session ended at its 5 s timeout with no hand-back", `class="badge unmet">no-callback</span>`},
			[]string{"60 s", "want pass", `<th scope="col">expectation</th>`, "not met"}},
		{"an entry saved before cells kept their expectations", SourceTest, time.Minute, handedBack, nil,
			[]string{`class="badge met">pass</span>`},
			[]string{`<th scope="col">expectation</th>`, "not met", "met ✓"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Store{Dir: filepath.Join(t.TempDir(), "h")}
			plan := workspace.Plan{Scenario: "hang", Request: workspace.Request{Timeout: tt.timeout}}
			rec := Recorder{Store: s, Source: tt.source}
			var id string
			var err error
			if tt.cell != nil {
				id, err = rec.RecordCell(plan, tt.rep, *tt.cell)
			} else {
				id, err = rec.Record(plan, tt.rep)
			}
			if err != nil {
				t.Fatal(err)
			}
			e, err := s.Entry(id)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := s.Report(id)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteHTML(&buf, e, rep, false); err != nil {
				t.Fatal(err)
			}
			html := buf.String()
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("the export lacks %q", w)
				}
			}
			for _, bad := range tt.notWant {
				if strings.Contains(html, bad) {
					t.Errorf("the export shows %q", bad)
				}
			}
		})
	}
}

// A `mpsim test` cell saved in the history keeps the expectations its run
// judged it by, and exports them: the cell that expected no-callback and
// a timeout, and met them, is met there too; the cell that expected a
// Complete hand-back and got none is not met, with its own expectation
// and its own timeout (found by QA: both exported "verdict want pass",
// and "How it ended" named a 60 s timeout).
func TestExportedTestCellHasItsScenariosExpectations(t *testing.T) {
	const src = `
[[scenario]]
name = "hangs"
languages = ["en-US"]
timeout = "300ms"
[scenario.expect]
verdict = "no-callback"
ended = "timeout"

[[scenario]]
name = "wants-complete"
languages = ["en-US"]
timeout = "300ms"
[scenario.expect]
status = ["Complete"]
`
	ss, err := matrix.Parse("s.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{Dir: filepath.Join(t.TempDir(), "h")}
	op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
	res := matrix.Run(context.Background(), matrix.Expand(ss, nil), matrix.Options{Seed: 7, Opener: op, TempDir: t.TempDir(),
		NoInspect: true, Recorder: Recorder{Store: s, Source: SourceTest}})
	entries, _, err := s.List()
	if err != nil || len(entries) != 2 {
		t.Fatalf("List = %d entries, %v", len(entries), err)
	}
	want := map[string][]string{
		"hangs": {`class="badge met">no-callback · met ✓</span>`, `<td><bdi>verdict</bdi></td><td><bdi>no-callback</bdi></td><td><bdi>no-callback</bdi></td>`},
		"wants-complete": {`class="badge unmet">no-callback · not met ✗</span>`, `<td><bdi>moDirectStatus</bdi></td><td><bdi>Complete</bdi></td><td><bdi>no hand-back</bdi></td>`,
			"How it ended: <bdi>the session ended at its " + session.ShortDuration(300*time.Millisecond) + " timeout"},
	}
	for _, c := range res.Cells {
		i := slices.IndexFunc(entries, func(e Entry) bool { return e.Scenario == c.Scenario.Name })
		if i < 0 {
			t.Fatalf("cell %s not saved", c.ID)
		}
		e := entries[i]
		if e.Cell == nil || e.Cell.Status != c.Status || !slices.Equal(e.Cell.Checks, c.Checks) {
			t.Errorf("cell %s: %s %+v; the history keeps %+v", c.ID, c.Status, c.Checks, e.Cell)
		}
		rep, err := s.Report(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteHTML(&buf, e, rep, false); err != nil {
			t.Fatal(err)
		}
		html := buf.String()
		for _, w := range want[c.Scenario.Name] {
			if !strings.Contains(html, w) {
				t.Errorf("the export of %s lacks %q", c.ID, w)
			}
		}
		if strings.Contains(html, "<bdi>pass</bdi>") || strings.Contains(html, "60 s") {
			t.Errorf("the export of %s shows an expectation or a timeout the cell did not have", c.ID)
		}
	}
	if st := res.Summary(); st.Met != 1 || st.Unmet != 1 {
		t.Errorf("summary %+v", st)
	}
}
