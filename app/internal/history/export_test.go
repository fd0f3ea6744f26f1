package history

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
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
