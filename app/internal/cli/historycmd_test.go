package cli_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/cli"
	"mpsim/app/internal/history"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/settings"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator"
)

// The ICCID the sample sessions' hand-backs and plan names carry, and how
// the reports mask it.
const (
	histICCID  = "8988247000101997790"
	histMasked = "XXXXXXXXXXXXXXX7790"
)

// histSession is a session the tests save in a history.
type histSession struct {
	ago              time.Duration
	source           string
	scenario, preset string
	verdict          bridge.Verdict
	ended, lang      string
	sim              simulator.SIMKind
	demo             bool
	portal, plan     string
}

// histSessions are the sample sessions, newest first.
var histSessions = []histSession{
	{time.Hour, history.SourceTest, "soak-buy", "", bridge.VerdictPass, session.EndedHandBack, "ja-JP", simulator.KindESIM, true, "https://127.0.0.1:39735/", "Plan " + histICCID},
	{2 * time.Hour, history.SourceRun, "", "french-user", bridge.VerdictNoCallback, session.EndedTimeout, "fr-FR", simulator.KindPSIM, false, "https://portal.example/buy", ""},
	{30 * time.Hour, history.SourceHost, "", "", bridge.VerdictFail, session.EndedHandBack, "en-US", simulator.KindESIM, false, "https://other.example/", "Unlimited"},
	{50 * time.Hour, history.SourceTest, "soak-cancel", "", bridge.VerdictRejected, session.EndedHandBack, "de-DE", simulator.KindPSIM, true, "https://127.0.0.1:40001/", ""},
}

// saveHistory saves histSessions in dir and returns their IDs, newest
// first.
func saveHistory(t *testing.T, dir string) []string {
	t.Helper()
	s := &history.Store{Dir: dir}
	var ids []string
	for _, h := range histSessions {
		rep := session.Report{
			Launch:  simulator.Launch{URL: h.portal + "?eid=89049032000001000000000000000462&transactionId=tx-1", PortalURL: h.portal},
			Verdict: h.verdict, Ended: h.ended,
			Result: &bridge.Result{Success: h.verdict == bridge.VerdictPass, ICCID: histICCID},
		}
		rep.Result.PurchaseResult.PlanName = h.plan
		e := history.Entry{Time: time.Now().Add(-h.ago), Source: h.source, Scenario: h.scenario, Preset: h.preset,
			Verdict: h.verdict, Ended: h.ended, Languages: []string{h.lang, "en"}, SIM: h.sim, Demo: h.demo,
			Portal: h.portal, PlanName: h.plan, Outcome: "Complete", DurationMs: 12345}
		if h.demo {
			e.Launch.Demo = &history.Demo{Choice: "buy", API: "inline", Break: h.scenario == "soak-buy"}
		}
		saved, err := s.Save(history.Record{Entry: e, Report: rep})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, saved.ID)
	}
	return ids
}

// historyCLI runs mpsim with the history in dir and nothing else of the
// environment's MPSIM_* variables but vars.
func historyCLI(t *testing.T, dir string, vars map[string]string, args ...string) result {
	t.Helper()
	cfg := t.TempDir()
	t.Setenv(workspace.ConfigDirEnv, cfg)
	all := map[string]string{settings.HistoryDir: dir, workspace.ConfigDirEnv: cfg, "HOME": t.TempDir()}
	for k, v := range vars {
		all[k] = v
	}
	var out, errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string {
			if v, ok := all[k]; ok {
				return v
			}
			if k == "DISPLAY" || strings.HasPrefix(k, "MPSIM_") {
				return ""
			}
			return os.Getenv(k)
		}}
	code := cli.Main(args, env)
	return result{code, out.String(), errOut.String()}
}

// listedIDs are the IDs of a `history list` table: the last column of each
// line after the header.
func listedIDs(t *testing.T, stdout string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if stdout == "" {
		return nil
	}
	if !strings.HasPrefix(lines[0], "TIME ") || !strings.HasSuffix(lines[0], " ID") {
		t.Fatalf("no header: %q", lines[0])
	}
	var ids []string
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		ids = append(ids, f[len(f)-1])
	}
	return ids
}

// TestHistoryList: `mpsim history` and `mpsim history list` list the
// sessions newest first, the filters combine, and identifiers are masked.
func TestHistoryList(t *testing.T) {
	dir := t.TempDir()
	ids := saveHistory(t, dir)
	since := time.Now().Add(-40 * time.Hour).Format("2006-01-02T15:04")
	tests := []struct {
		args []string
		want []int // indexes into ids
	}{
		{[]string{"history"}, []int{0, 1, 2, 3}},
		{[]string{"history", "list"}, []int{0, 1, 2, 3}},
		{[]string{"history", "list", "--verdict", "fail,no-callback"}, []int{1, 2}},
		{[]string{"history", "--verdict", "Rejected"}, []int{3}},
		{[]string{"history", "list", "--source", "test"}, []int{0, 3}},
		{[]string{"history", "list", "--source", "host"}, []int{2}},
		{[]string{"history", "list", "--scenario", "^soak-"}, []int{0, 3}},
		{[]string{"history", "list", "--scenario", "french"}, []int{1}},
		{[]string{"history", "list", "--portal", "demo"}, []int{0, 3}},
		{[]string{"history", "list", "--portal", "PORTAL.example"}, []int{1}},
		{[]string{"history", "list", "--since", "24h"}, []int{0, 1}},
		{[]string{"history", "list", "--since", "2d"}, []int{0, 1, 2}},
		{[]string{"history", "list", "--since", since}, []int{0, 1, 2}},
		{[]string{"history", "list", "--limit", "2"}, []int{0, 1}},
		{[]string{"history", "list", "--limit", "1", "--source", "test", "--since", "3d"}, []int{0}},
		{[]string{"history", "list", "--verdict", "pass", "--since", "1m"}, nil},
	}
	for _, tc := range tests {
		r := historyCLI(t, dir, nil, tc.args...)
		if r.code != cli.ExitOK {
			t.Errorf("mpsim %v: exit %d %q", tc.args, r.code, r.stderr)
			continue
		}
		var want []string
		for _, i := range tc.want {
			want = append(want, ids[i])
		}
		if got := listedIDs(t, r.stdout); !slices.Equal(got, want) {
			t.Errorf("mpsim %v listed %v\nwant %v\n%s", tc.args, got, want, r.stdout)
		}
		if !strings.Contains(r.stderr, " of 4 sessions saved in "+dir) {
			t.Errorf("mpsim %v: stderr %q", tc.args, r.stderr)
		}
	}
	r := historyCLI(t, dir, nil, "history", "list")
	if strings.Contains(r.stdout, histICCID) || !strings.Contains(r.stdout, "Plan "+histMasked) ||
		!strings.Contains(r.stdout, "soak-buy") || !strings.Contains(r.stdout, "french-user") {
		t.Errorf("the table:\n%s", r.stdout)
	}
	if r := historyCLI(t, filepath.Join(dir, "none"), nil, "history"); r.code != cli.ExitOK || r.stdout != "" || !strings.Contains(r.stderr, "no sessions saved in") {
		t.Errorf("an empty history: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// historyJSON is what `mpsim history list --json` prints.
type historyJSON struct {
	Dir        string          `json:"dir"`
	Sessions   []history.Entry `json:"sessions"`
	Total      int             `json:"total"`
	Unreadable int             `json:"unreadable"`
	Redacted   bool            `json:"redacted"`
}

// TestHistoryListJSON: --json prints the entries, masked unless
// --no-redact; IDs and times stay whole.
func TestHistoryListJSON(t *testing.T) {
	dir := t.TempDir()
	ids := saveHistory(t, dir)
	for _, raw := range []bool{false, true} {
		args := []string{"history", "list", "--json", "--limit", "1"}
		if raw {
			args = append(args, "--no-redact")
		}
		r := historyCLI(t, dir, nil, args...)
		var out historyJSON
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != cli.ExitOK {
			t.Fatalf("mpsim %v: exit %d, %v\n%s", args, r.code, err, r.stdout)
		}
		if out.Dir != dir || out.Total != 4 || len(out.Sessions) != 1 || out.Redacted == raw {
			t.Fatalf("mpsim %v: %+v", args, out)
		}
		e := out.Sessions[0]
		want := "Plan " + histMasked
		if raw {
			want = "Plan " + histICCID
		}
		// The outcome the list's OUTCOME column says is in the JSON too.
		if e.ID != ids[0] || e.PlanName != want || e.Scenario != "soak-buy" || e.Time.IsZero() || e.Outcome != "Complete" {
			t.Errorf("mpsim %v: %+v", args, e)
		}
	}
}

// A bad filter is one sentence and exit 2.
func TestHistoryUsageErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"history", "list", "--verdict", "maybe"}, `--verdict "maybe": use one of pass, fail, no-callback, rejected`},
		{[]string{"history", "list", "--verdict", "pass,fial"}, `--verdict "fial": use one of pass, fail, no-callback, rejected; did you mean "fail"?`},
		{[]string{"history", "list", "--source", "cron"}, `--source "cron": use one of host, run, test`},
		{[]string{"history", "list", "--source", "tset"}, `did you mean "test"?`},
		{[]string{"history", "list", "--scenario", "("}, `--scenario "(" is not a regular expression`},
		{[]string{"history", "list", "--since", "yesterday"}, `--since "yesterday" is neither a duration`},
		{[]string{"history", "list", "--limit", "-1"}, `--limit "-1" is not a whole number of 0 or more`},
		{[]string{"history", "list", "extra"}, `unexpected argument "extra"`},
		{[]string{"history", "lst"}, `unknown subcommand "lst"; did you mean "list"?`},
		{[]string{"history", "show"}, "name the session by its ID"},
		{[]string{"history", "show", "a", "b"}, "name one session, not 2"},
		{[]string{"history", "delete"}, "name the sessions to delete"},
		{[]string{"history", "prune"}, "say which sessions to remove: --keep N"},
		{[]string{"history", "prune", "--older-than", "30"}, `--older-than "30" has no unit`},
		// A bare 0 removed every session (QA).
		{[]string{"history", "prune", "--older-than", "0"}, `--older-than "0" has no unit; write a duration like 12h or 30d (to remove every session: --keep 0)`},
		{[]string{"history", "prune", "--older-than", "-2d"}, `--older-than "-2d" is not a duration`},
		{[]string{"history", "prune", "--keep", "x"}, `--keep "x" is not a whole number`},
		{[]string{"history", "export", "2026"}, "give the file to write: --html FILE"},
	}
	for _, tc := range tests {
		r := historyCLI(t, dir, nil, tc.args...)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("mpsim %v: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// TestHistoryShow: a session named by the start of its ID, its summary or
// its report, masked unless --no-redact; the exit code is its verdict's.
func TestHistoryShow(t *testing.T) {
	dir := t.TempDir()
	ids := saveHistory(t, dir)
	r := historyCLI(t, dir, nil, "history", "show", ids[0][:30])
	for _, want := range []string{"session:      " + ids[0], "verdict:      pass", "scenario:     soak-buy", "(the built-in demo portal)",
		"demo portal:  choice buy, API inline, breaks its design policies",
		"plan:         \"Plan " + histMasked + "\"", "report:       " + filepath.Join(dir, ids[0], history.ReportFile)} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show: no %q in\n%s", want, r.stdout)
		}
	}
	if r.code != cli.ExitOK || strings.Contains(r.stdout, histICCID) {
		t.Errorf("show: exit %d, the ICCID whole:\n%s", r.code, r.stdout)
	}
	if r := historyCLI(t, dir, nil, "history", "show", ids[1]); r.code != cli.ExitFindings || !strings.Contains(r.stdout, "verdict:      no-callback") {
		t.Errorf("show of a no-callback session: exit %d\n%s", r.code, r.stdout)
	}
	for _, raw := range []bool{false, true} {
		args := []string{"history", "show", ids[0], "--json"}
		if raw {
			args = append(args, "--no-redact")
		}
		r := historyCLI(t, dir, nil, args...)
		var rep session.Report
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != cli.ExitOK || rep.Result == nil {
			t.Fatalf("mpsim %v: exit %d, %v\n%s", args, r.code, err, r.stdout)
		}
		want := histMasked
		if raw {
			want = histICCID
		}
		if rep.Result.ICCID != want || strings.Contains(rep.Launch.URL, "89049032000001000000000000000462") == !raw {
			t.Errorf("mpsim %v: iccid %q, launch %q", args, rep.Result.ICCID, rep.Launch.URL)
		}
	}
	for _, tc := range []struct{ id, want string }{
		{"2", `4 sessions have an ID that starts with "2"`},
		{"nope", `no such session "nope"`},
	} {
		r := historyCLI(t, dir, nil, "history", "show", tc.id)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("show %s: exit %d %q; want 2 and %q", tc.id, r.code, r.stderr, tc.want)
		}
	}
}

// TestHistoryExport: the HTML the History tab exports (history.WriteHTML),
// written where --html says, masked unless --no-redact.
func TestHistoryExport(t *testing.T) {
	dir := t.TempDir()
	ids := saveHistory(t, dir)
	s := &history.Store{Dir: dir}
	e, err := s.Entry(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Report(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "new", "session.html")
		args := []string{"history", "export", ids[0][:30], "--html", out}
		if raw {
			args = append(args, "--no-redact")
		}
		r := historyCLI(t, dir, nil, args...)
		if r.code != cli.ExitOK || !strings.Contains(r.stderr, "session "+ids[0]+" written to "+out) {
			t.Fatalf("mpsim %v: exit %d %q", args, r.code, r.stderr)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := history.WriteHTML(&want, e, rep, raw); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("mpsim %v wrote %d bytes, not the History's export (%d bytes)", args, len(got), want.Len())
		}
		if strings.Contains(string(got), histICCID) != raw || !strings.Contains(string(got), "soak-buy") {
			t.Errorf("mpsim %v: the ICCID whole %v", args, strings.Contains(string(got), histICCID))
		}
	}
}

// TestHistoryPruneAndDelete: prune by count and age (a dry run removes
// nothing), delete by the start of an ID; an ID that names no session
// deletes nothing; folders of the user's are never touched.
func TestHistoryPruneAndDelete(t *testing.T) {
	dir := t.TempDir()
	ids := saveHistory(t, dir)
	mine := filepath.Join(dir, "notes")
	if err := os.MkdirAll(mine, 0o700); err != nil {
		t.Fatal(err)
	}
	left := func() []string {
		var got []string
		entries, _, _ := (&history.Store{Dir: dir}).List()
		for _, e := range entries {
			got = append(got, e.ID)
		}
		return got
	}
	r := historyCLI(t, dir, nil, "history", "prune", "--keep", "2", "--dry-run")
	if r.code != cli.ExitOK || r.stdout != ids[3]+"\n"+ids[2]+"\n" || !strings.Contains(r.stderr, "would remove 2 sessions from "+dir+"; 2 kept") || len(left()) != 4 {
		t.Fatalf("prune --dry-run: exit %d %q %q; left %v", r.code, r.stdout, r.stderr, left())
	}
	r = historyCLI(t, dir, nil, "history", "prune", "--keep", "3")
	if r.code != cli.ExitOK || r.stdout != ids[3]+"\n" || !slices.Equal(left(), ids[:3]) {
		t.Fatalf("prune --keep 3: exit %d %q %q; left %v", r.code, r.stdout, r.stderr, left())
	}
	r = historyCLI(t, dir, nil, "history", "prune", "--older-than", "90m", "--json")
	var pruned struct {
		Removed []string `json:"removed"`
		Kept    int      `json:"kept"`
		DryRun  bool     `json:"dryRun"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &pruned); err != nil || r.code != cli.ExitOK ||
		!slices.Equal(pruned.Removed, []string{ids[2], ids[1]}) || pruned.Kept != 1 || !slices.Equal(left(), ids[:1]) {
		t.Fatalf("prune --older-than 90m: exit %d %v %q; left %v", r.code, err, r.stdout, left())
	}
	r = historyCLI(t, dir, nil, "history", "delete", ids[0][:30], "nope")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, `no such session "nope"`) || !strings.Contains(r.stderr, "nothing was deleted") || len(left()) != 1 {
		t.Fatalf("delete with an unknown ID: exit %d %q; left %v", r.code, r.stderr, left())
	}
	if r = historyCLI(t, dir, nil, "history", "delete", "notes"); r.code != cli.ExitUsage {
		t.Errorf("delete notes: exit %d %q", r.code, r.stderr)
	}
	r = historyCLI(t, dir, nil, "history", "delete", ids[0][:30], ids[0], "--json")
	var deleted struct {
		Deleted []string `json:"deleted"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &deleted); err != nil || r.code != cli.ExitOK || !slices.Equal(deleted.Deleted, ids[:1]) || len(left()) != 0 {
		t.Fatalf("delete: exit %d %v %q; left %v", r.code, err, r.stdout, left())
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("the user's folder: %v", err)
	}
}

// A prune that cannot change the history (read-only: here its lock
// cannot be opened) says the error alone: no summary "removed 0 sessions;
// 0 kept" and no JSON before it, which read as a prune that worked; a dry
// run changes nothing, takes no lock and works (found by QA on a
// read-only file system).
func TestHistoryPruneThatCannotChangeTheHistory(t *testing.T) {
	dir := t.TempDir()
	ids := saveHistory(t, dir)
	lock := filepath.Join(dir, ".lock")
	if err := errors.Join(os.Remove(lock), os.Mkdir(lock, 0o700)); err != nil { // no lock file can be opened
		t.Fatal(err)
	}
	tests := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"--keep", "2"}, cli.ExitUsage, "", "mpsim history prune: history: lock: open " + lock + ": is a directory\n"},
		{[]string{"--keep", "2", "--json"}, cli.ExitUsage, "", "mpsim history prune: history: lock: open " + lock + ": is a directory\n"},
		{[]string{"--keep", "2", "--dry-run"}, cli.ExitOK, ids[3] + "\n" + ids[2] + "\n", "mpsim history prune: would remove 2 sessions from " + dir + "; 2 kept\n"},
	}
	for _, tc := range tests {
		r := historyCLI(t, dir, nil, append([]string{"history", "prune"}, tc.args...)...)
		if r.code != tc.code || r.stdout != tc.stdout || r.stderr != tc.stderr {
			t.Errorf("prune %v: exit %d, stdout %q, stderr %q\nwant exit %d, stdout %q, stderr %q", tc.args, r.code, r.stdout, r.stderr, tc.code, tc.stdout, tc.stderr)
		}
	}
	if entries, _, _ := (&history.Store{Dir: dir}).List(); len(entries) != 4 {
		t.Errorf("%d sessions left, want the 4", len(entries))
	}
}

// A history directory that is a file is one error of each command, not a
// warning that what a killed mpsim left was not looked at before it
// (found by QA).
func TestHistoryDirThatIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "history")
	if err := os.WriteFile(file, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"list"}, {"show", "2026"}, {"export", "2026", "--html", filepath.Join(t.TempDir(), "s.html")}, {"prune", "--keep", "1"}, {"delete", "2026"}} {
		r := historyCLI(t, file, nil, append([]string{"history"}, args...)...)
		want := "mpsim history " + args[0] + ": history: " + file + " is a file, not a directory; point MPSIM_HISTORY_DIR at a directory\n"
		if r.code != cli.ExitUsage || r.stderr != want {
			t.Errorf("history %v: exit %d, stderr %q\nwant exit 2, %q", args, r.code, r.stderr, want)
		}
	}
}

// TestHistoryPath prints the directory the environment names, also when
// the history is off.
func TestHistoryPath(t *testing.T) {
	dir := t.TempDir()
	if r := historyCLI(t, dir, nil, "history", "path"); r.code != cli.ExitOK || r.stdout != dir+"\n" {
		t.Errorf("history path: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	cfg := t.TempDir()
	r := historyCLI(t, "", map[string]string{workspace.ConfigDirEnv: cfg, settings.HistoryKeep: "0"}, "history", "path")
	if r.code != cli.ExitOK || r.stdout != filepath.Join(cfg, "history")+"\n" || !strings.Contains(r.stderr, "MPSIM_HISTORY_KEEP=0: new sessions are not saved") {
		t.Errorf("history path with MPSIM_CONFIG_DIR and the history off: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := historyCLI(t, "relative/h", nil, "history", "path"); r.code != cli.ExitUsage {
		t.Errorf("a relative MPSIM_HISTORY_DIR: exit %d %q", r.code, r.stdout)
	}
}

// TestHistoryHelpAndCompletion: `mpsim help history` and the shell
// completion know the command, its subcommands, flag values and the
// sessions' IDs.
func TestHistoryHelpAndCompletion(t *testing.T) {
	dir := t.TempDir()
	ids := saveHistory(t, dir)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"help", "history"}, []string{"Usage:", "mpsim history [list|show|export|prune|delete|path]", "prune", "Examples:"}},
		{[]string{"help", "history", "prune"}, []string{"--older-than DURATION", "--keep N"}},
		{[]string{"help"}, []string{"  history "}},
		{[]string{"__complete", "help", "hist"}, []string{"history\n"}},
		{[]string{"__complete", "history", ""}, []string{"list\t", "show\t", "export\t", "prune\t", "delete\t", "path\t"}},
		{[]string{"__complete", "history", "list", "--verdict", ""}, []string{"pass\nfail\nno-callback\nrejected\n"}},
		{[]string{"__complete", "history", "show", ids[0][:20]}, []string{ids[0] + "\tpass soak-buy ja-JP "}},
		{[]string{"__complete", "history", "delete", ids[1], ""}, []string{ids[0] + "\t", ids[2] + "\t"}},
	}
	for _, tc := range tests {
		r := historyCLI(t, dir, nil, tc.args...)
		for _, w := range tc.want {
			if r.code != cli.ExitOK || !strings.Contains(r.stdout, w) {
				t.Errorf("mpsim %v: exit %d, no %q in\n%s", tc.args, r.code, w, r.stdout)
			}
		}
	}
	if r := historyCLI(t, dir, nil, "__complete", "history", "show", ids[0], ""); strings.Contains(r.stdout, ids[1]) {
		t.Errorf("show completes a second ID:\n%s", r.stdout)
	}
}

// TestHistoryListAlignsWideAndEscapedNames: the columns of `mpsim history
// list` line up whatever the plan names hold, as the terminal shows them:
// under a UTF-8 locale a CJK character takes two columns and a combining
// accent none; under LANG=C the names are escaped (\u65e0) and the
// escapes are what is measured. Before, the table was measured in runes
// before the ASCII conversion, and both pushed the ID column out of line.
func TestHistoryListAlignsWideAndEscapedNames(t *testing.T) {
	dir := t.TempDir()
	s := &history.Store{Dir: dir}
	for i, plan := range []string{"无限 5G", "Unlimited", "Cafe\u0301 plan", "Ж-Max"} {
		e := history.Entry{Time: time.Now().Add(-time.Duration(i) * time.Hour), Source: history.SourceRun,
			Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Languages: []string{"zh-CN"}, SIM: simulator.KindESIM,
			Portal: "https://portal.example/", PlanName: plan, Outcome: "Complete"}
		rep := session.Report{Launch: simulator.Launch{URL: "https://portal.example/", PortalURL: "https://portal.example/"}, Verdict: bridge.VerdictPass}
		if _, err := s.Save(history.Record{Entry: e, Report: rep}); err != nil {
			t.Fatal(err)
		}
	}
	// columns is how many terminal columns s takes: two for a CJK
	// ideograph, none for a combining accent.
	columns := func(s string) int {
		n := 0
		for _, r := range s {
			switch {
			case r >= 0x4e00 && r <= 0x9fff:
				n += 2
			case r >= 0x300 && r <= 0x36f:
			default:
				n++
			}
		}
		return n
	}
	tests := []struct {
		locale string
		want   []string // in the table as written
	}{
		{"C.UTF-8", []string{"无限 5G", "Cafe\u0301 plan", "Ж-Max"}},
		{"C", []string{`\u65e0\u9650 5G`, `Cafe\u0301 plan`, `\u0416-Max`}},
	}
	for _, tc := range tests {
		t.Run(tc.locale, func(t *testing.T) {
			r := historyCLI(t, dir, map[string]string{"LC_ALL": tc.locale}, "history", "list")
			if r.code != cli.ExitOK {
				t.Fatalf("exit %d %q", r.code, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("the table lacks %q:\n%s", w, r.stdout)
				}
			}
			lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
			if len(lines) != 5 {
				t.Fatalf("%d lines, want a header and 4 sessions:\n%s", len(lines), r.stdout)
			}
			idAt := -1
			for _, l := range lines {
				at := columns(l[:strings.LastIndex(l, " ")+1])
				if idAt == -1 {
					idAt = at
				}
				if at != idAt {
					t.Errorf("the ID column starts at column %d here, at %d in the header:\n%s", at, idAt, r.stdout)
					break
				}
			}
		})
	}
}

// A session whose report.json or entry.json is damaged (written over by
// something else, cut short, of the wrong shape): show and export name the
// file and say to remove the session, and `mpsim history delete` does.
// Before, "history: session …: invalid character '>' looking for beginning
// of value" named neither.
//
// A report.json deleted says the same, "is missing" (before, only "open
// …/report.json: no such file or directory"), and `mpsim history list`'s
// warning of a session whose entry could not be read names it (before, it
// only counted it).
func TestHistoryShowNamesADamagedFile(t *testing.T) {
	tests := []struct{ name, file, body string }{
		{"report not JSON", history.ReportFile, "<html>proxy error</html>"},
		{"report cut short", history.ReportFile, `{"verdict": "pa`},
		{"report of the wrong shape", history.ReportFile, `{"calls": "none"}`},
		{"entry not JSON", history.EntryFile, "\x00\x00\x00"},
		{"report deleted", history.ReportFile, ""},
		{"entry deleted", history.EntryFile, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			id := saveHistory(t, dir)[0]
			path := filepath.Join(dir, id, tc.file)
			want := "is damaged: " + path + " is not the JSON mpsim wrote ("
			if tc.body == "" {
				want = "is damaged: " + path + " is missing;"
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.file == history.EntryFile {
				r := historyCLI(t, dir, nil, "history", "list")
				if want := "warning: left out 1 saved session whose entry could not be read: " + id + " ("; !strings.Contains(r.stderr, want) {
					t.Errorf("history list: %q, want %q", r.stderr, want)
				}
			}
			for _, args := range [][]string{
				{"history", "show", id},
				{"history", "show", id, "--json"},
				{"history", "export", id, "--html", filepath.Join(t.TempDir(), "s.html")},
			} {
				r := historyCLI(t, dir, nil, args...)
				if r.code != cli.ExitUsage || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "mpsim history delete "+id) {
					t.Errorf("mpsim %v: exit %d, stderr %q; want 2, %q and the delete command", args, r.code, r.stderr, want)
				}
			}
			if r := historyCLI(t, dir, nil, "history", "delete", id); r.code != cli.ExitOK {
				t.Errorf("history delete of the damaged session: exit %d\n%s", r.code, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, id)); err == nil {
				t.Errorf("the damaged session %s is still there after history delete", id)
			}
		})
	}
}

// A saved session whose profile download failed (the eSIM full) and whose
// design policies name its screenshots: `history show` says how the
// download ended, as mpsim run does (session.Report.EndNote), and the
// exported HTML says it too and names the screenshots by their file names
// only, as mpsim test's report does. Before, neither said a word of the
// failure, and the export showed the screenshot cache's absolute paths:
// the history names the screenshots by their copies, the evidence by the
// cache, so the paths never met.
func TestHistoryShowAndExportSayTheDownloadFailedAndHideShotPaths(t *testing.T) {
	dir := t.TempDir()
	cache := filepath.Join(t.TempDir(), "home", ".cache", "mpsim", "screenshots", "20261205T172814Z-1")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(cache, "01-first-load.png")
	if err := os.WriteFile(shot, pngBytes.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	rep := session.Report{
		Launch:  simulator.Launch{URL: "https://portal.example/buy", PortalURL: "https://portal.example/buy"},
		Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
		Result: &bridge.Result{Success: true, ICCID: histICCID},
		DownloadFailure: &session.DownloadFailure{Result: "insufficientSpaceOnCard", Detail: "the simulated eSIM is full",
			Unreached: session.LifecycleStep("installed")},
		Screenshots: []inspect.Screenshot{{Label: "first-load", Path: shot, Width: 4, Height: 3}},
		Policies: []audit.Policy{{ID: "brand", Area: "Brand", Level: "Required", Status: audit.StatusManual,
			Evidence: []string{"screenshot first-load: " + shot}}},
	}
	e := history.Entry{Time: time.Now(), Source: history.SourceRun, Verdict: rep.Verdict, Ended: rep.Ended,
		Languages: []string{"en-US"}, SIM: simulator.KindESIM, Portal: "https://portal.example/buy", Outcome: "Complete"}
	saved, err := (&history.Store{Dir: dir}).Save(history.Record{Entry: e, Report: rep})
	if err != nil {
		t.Fatal(err)
	}
	const note = "the profile download failed with insufficientSpaceOnCard (the simulated eSIM is full), so installed could never come and the user closed the portal"
	r := historyCLI(t, dir, nil, "history", "show", saved.ID)
	if !strings.Contains(r.stdout, "note:         "+note+"\n") {
		t.Errorf("history show does not say the download failed:\n%s", r.stdout)
	}
	out := filepath.Join(t.TempDir(), "session.html")
	if r := historyCLI(t, dir, nil, "history", "export", saved.ID, "--html", out); r.code != cli.ExitOK {
		t.Fatalf("history export: exit %d %q", r.code, r.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if !strings.Contains(page, `<p class="sev-error">Note: <bdi>`+note+`</bdi>.</p>`) {
		t.Errorf("the exported session does not say the download failed")
	}
	if !strings.Contains(page, "screenshot first-load: 01-first-load.png") {
		t.Errorf("the exported session does not name the screenshot by its file name")
	}
	for _, path := range []string{cache, dir} {
		if i := strings.Index(page, path); i >= 0 {
			t.Errorf("the exported session shows a screenshot's path: …%s…", page[max(0, i-80):min(len(page), i+120)])
		}
	}
}

// TestHistoryListSaysTheFailedDownload: a session whose eSIM download
// failed is listed with it beside its verdict, as the host's History rows
// say it; before, the list showed only the verdict (pass).
func TestHistoryListSaysTheFailedDownload(t *testing.T) {
	dir := t.TempDir()
	s := &history.Store{Dir: dir}
	rep := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
		DownloadFailure: &session.DownloadFailure{Result: "serverFailure"}}
	e := history.Entry{Time: time.Now(), Source: history.SourceRun, Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
		Languages: []string{"en-US"}, SIM: simulator.KindESIM, Portal: "https://portal.example/", Outcome: history.OutcomeOf(rep)}
	if _, err := s.Save(history.Record{Entry: e, Report: rep}); err != nil {
		t.Fatal(err)
	}
	r := historyCLI(t, dir, nil, "history", "list")
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "pass, download failed") {
		t.Errorf("exit %d, the table:\n%s\nwant the row to say pass, download failed", r.code, r.stdout)
	}
}

// TestHistoryListSaysTheOutcome: `mpsim history list` says, in OUTCOME
// beside VERDICT, what the portal handed back, as the host's History rows
// do: a purchase, a bail and its step, no hand-back. An entry saved before
// entries kept the outcome says the one its report holds; when that
// report cannot be read, "no hand-back" for a session that ended without
// one, as the row says, else "-". A long outcome is cut. Before, the list
// had no such column: a pass and a cancel read alike.
func TestHistoryListSaysTheOutcome(t *testing.T) {
	cancel := &bridge.Result{Success: true}
	cancel.PurchaseResult.MoDirectStatus = "None"
	cancel.PurchaseResult.UserAccount = "Bailed"
	bought := &bridge.Result{Success: true}
	bought.PurchaseResult.MoDirectStatus = "Complete"
	tests := []struct {
		name     string
		outcome  string         // the entry's, as saved
		ended    string         // how the session ended
		result   *bridge.Result // the report's hand-back
		noReport bool           // report.json removed: it cannot be read
		want     string         // the OUTCOME cell
	}{
		{name: "a purchase", outcome: "Complete", ended: session.EndedHandBack, result: bought, want: "Complete"},
		{name: "a bail", outcome: "None (userAccount Bailed)", ended: session.EndedHandBack, result: cancel, want: "None (userAccount Bailed)"},
		{name: "nothing handed back", outcome: history.OutcomeNoHandBack, ended: session.EndedTimeout, want: "no hand-back"},
		{name: "a long outcome", outcome: "Complete, eSIM download failed (simulatedProfileDownloadFailure)", ended: session.EndedHandBack,
			result: bought, want: "Complete, eSIM download failed (…"},
		{name: "an old entry", ended: session.EndedHandBack, result: cancel, want: "None (userAccount Bailed)"},
		{name: "an old entry without its report, timed out", ended: session.EndedTimeout, noReport: true, want: "no hand-back"},
		{name: "an old entry without its report, handed back", ended: session.EndedHandBack, noReport: true, want: "-"},
	}
	dir := t.TempDir()
	s := &history.Store{Dir: dir}
	ids := make([]string, len(tests))
	for i, tc := range tests {
		rep := session.Report{Launch: simulator.Launch{URL: "https://portal.example/", PortalURL: "https://portal.example/"},
			Verdict: bridge.VerdictPass, Ended: tc.ended, Result: tc.result}
		e := history.Entry{Time: time.Now().Add(-time.Duration(i) * time.Minute), Source: history.SourceRun, Preset: "p",
			Verdict: bridge.VerdictPass, Ended: tc.ended, Languages: []string{"en-US"}, SIM: simulator.KindESIM,
			Portal: "https://portal.example/", Outcome: tc.outcome}
		saved, err := s.Save(history.Record{Entry: e, Report: rep})
		if err != nil {
			t.Fatal(err)
		}
		if tc.noReport {
			if err := os.Remove(filepath.Join(dir, saved.ID, history.ReportFile)); err != nil {
				t.Fatal(err)
			}
		}
		ids[i] = saved.ID
	}
	r := historyCLI(t, dir, map[string]string{"LC_ALL": "C.UTF-8"}, "history", "list")
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d %q", r.code, r.stderr)
	}
	// The cells hold single spaces only; columns are parted by two or more.
	parted := regexp.MustCompile(`  +`)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if head := parted.Split(lines[0], -1); len(head) < 3 || head[1] != "VERDICT" || head[2] != "OUTCOME" {
		t.Fatalf("header %q, want OUTCOME after VERDICT", lines[0])
	}
	got := map[string]string{}
	for _, l := range lines[1:] {
		f := parted.Split(l, -1)
		got[f[len(f)-1]] = f[2]
	}
	for i, tc := range tests {
		if c, ok := got[ids[i]]; c != tc.want {
			t.Errorf("%s: OUTCOME %q (listed %v), want %q\n%s", tc.name, c, ok, tc.want, r.stdout)
		}
	}
}
