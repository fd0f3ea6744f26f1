package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/settings"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/internal/filelock"
	"mpsim/simulator"
)

// writerEnv makes the test binary a history writer (TestMain).
const writerEnv = "MPSIM_HISTORY_WRITER"

func TestMain(m *testing.M) {
	if dir := os.Getenv(writerEnv); dir != "" {
		n, _ := strconv.Atoi(os.Getenv("N"))
		s := &Store{Dir: dir, Keep: 1000}
		for i := range n {
			if _, err := s.Save(sampleRecord(fmt.Sprintf("w%d-%d", os.Getpid(), i), bridge.VerdictPass)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func sampleRecord(preset string, v bridge.Verdict) Record {
	rep := session.Report{
		Launch:  simulator.Launch{URL: "https://portal.example/start?transactionId=tx-1&eid=1", Params: []simulator.Param{{Name: "transactionId", Value: "tx-1"}}},
		Verdict: v, Ended: session.EndedHandBack,
		Findings: []bridge.Finding{{Code: "key-case", Severity: bridge.SeverityError, Message: "m"}, {Code: "x", Severity: bridge.SeverityInfo}},
		Log:      []session.LogEntry{{Kind: session.KindResult, Text: "result"}},
	}
	plan := workspace.Plan{Preset: preset, Request: workspace.Request{Launch: workspace.LaunchRequest{Preset: preset, Languages: []string{"fr-FR", "en"}}}}
	plan.Config.Languages = []string{"fr-FR", "en"}
	return Record{Entry: EntryFor(SourceRun, plan, rep), Report: rep}
}

func TestSaveListReportDelete(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "h")}
	a, err := s.Save(sampleRecord("one", bridge.VerdictPass))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Millisecond)
	b, err := s.Save(sampleRecord("two", bridge.VerdictFail))
	if err != nil {
		t.Fatal(err)
	}
	list, bad, err := s.List()
	if err != nil || bad != 0 || len(list) != 2 {
		t.Fatalf("List = %d entries, %d unreadable, %v", len(list), bad, err)
	}
	if list[0].ID != b.ID || list[1].ID != a.ID {
		t.Errorf("not newest first: %s, %s", list[0].ID, list[1].ID)
	}
	e := list[0]
	tests := []struct {
		name, got, want string
	}{
		{"source", e.Source, SourceRun},
		{"portal", e.Portal, "https://portal.example/start"},
		{"preset", e.Preset, "two"},
		{"language", e.Language(), "fr-FR"},
		{"verdict", string(e.Verdict), "fail"},
		{"errors", strconv.Itoa(e.Errors), "1"},
		{"findings", strconv.Itoa(e.Findings), "2"},
		{"transactionId", e.Launch.TransactionID, "tx-1"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	rep, err := s.Report(b.ID)
	if err != nil || rep.Verdict != bridge.VerdictFail || len(rep.Log) != 1 {
		t.Fatalf("Report = %+v, %v", rep, err)
	}
	if err := s.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(a.ID); err != nil {
		t.Errorf("deleting a deleted session: %v", err)
	}
	if list, _, _ := s.List(); len(list) != 1 || list[0].ID != b.ID {
		t.Errorf("after delete: %+v", list)
	}
}

func TestBadIDsStayInside(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	for _, id := range []string{"", "..", "../x", ".lock", "a/b", ".tmp-1"} {
		if _, err := s.Report(id); err == nil {
			t.Errorf("Report(%q) did not fail", id)
		}
		if err := s.Delete(id); err == nil {
			t.Errorf("Delete(%q) did not fail", id)
		}
	}
}

func TestRetentionKeepsTheNewest(t *testing.T) {
	s := &Store{Dir: t.TempDir(), Keep: 3}
	var ids []string
	for i := range 5 {
		e, err := s.Save(sampleRecord(strconv.Itoa(i), bridge.VerdictPass))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	list, _, _ := s.List()
	if len(list) != 3 || list[0].ID != ids[4] || list[2].ID != ids[2] {
		t.Errorf("kept %d: %+v", len(list), list)
	}
}

// Sessions dated after now (a clock that ran ahead, a history copied from
// another machine) made the session just saved the oldest: with
// MPSIM_HISTORY_KEEP=2 and two such sessions, every new session was
// deleted as soon as it was saved. The session just saved always stays,
// and those dated in the future go before the others.
func TestRetentionKeepsTheNewSessionDespiteFutureDates(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	past := func(d time.Duration) string { return newID(now.Add(-d)) }
	future := func(d time.Duration) string { return newID(now.Add(d)) }
	tests := []struct {
		name     string
		keep     int
		existing []string
		kept     []int // indexes into existing that stay besides the new one
	}{
		{"two future, keep 2", 2, []string{future(24 * time.Hour), future(48 * time.Hour)}, []int{1}},
		{"future go first", 3, []string{past(time.Hour), future(time.Hour), past(2 * time.Hour)}, []int{0, 2}},
		{"then the oldest", 2, []string{past(time.Hour), past(2 * time.Hour)}, []int{0}},
		{"keep 1", 1, []string{future(time.Hour), past(time.Hour)}, nil},
		{"under the limit", 5, []string{future(time.Hour), past(time.Hour)}, []int{0, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &Store{Dir: t.TempDir(), Keep: tc.keep, Now: func() time.Time { return now }}
			for _, id := range tc.existing {
				e := sampleRecord("old", bridge.VerdictPass).Entry
				e.ID = id
				if err := os.MkdirAll(filepath.Join(s.Dir, id), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := writeJSONFile(filepath.Join(s.Dir, id, EntryFile), e); err != nil {
					t.Fatal(err)
				}
			}
			saved, err := s.Save(sampleRecord("new", bridge.VerdictPass))
			if err != nil {
				t.Fatal(err)
			}
			want := []string{saved.ID}
			for _, i := range tc.kept {
				want = append(want, tc.existing[i])
			}
			list, _, err := s.List()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.ID)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("kept %v\nwant %v", got, want)
			}
		})
	}
}

// A history directory that is a folder of the user's loses none of its
// folders to the retention limit: pruning takes only session directories
// (the oldest folder once went, and the session just saved with it).
func TestRetentionTouchesOnlySessions(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"0-archive", "Documents", "photos", "20260101"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
		_ = os.WriteFile(filepath.Join(dir, d, "thesis.txt"), []byte("mine"), 0o600)
	}
	s := &Store{Dir: dir, Keep: 2}
	var last Entry
	for i := range 3 {
		e, err := s.Save(sampleRecord(strconv.Itoa(i), bridge.VerdictPass))
		if err != nil {
			t.Fatal(err)
		}
		last = e
	}
	for _, d := range []string{"0-archive", "Documents", "photos", "20260101"} {
		if _, err := os.Stat(filepath.Join(dir, d, "thesis.txt")); err != nil {
			t.Errorf("the user's folder %s: %v", d, err)
		}
	}
	list, _, _ := s.List()
	if len(list) != 2 || list[0].ID != last.ID {
		t.Errorf("kept %d sessions, newest %v; want 2 with %s", len(list), list, last.ID)
	}
}

func TestCrashLeftoversAreIgnoredThenRemoved(t *testing.T) {
	now := time.Now()
	s := &Store{Dir: t.TempDir(), Now: func() time.Time { return now }}
	if _, err := s.Save(sampleRecord("whole", bridge.VerdictPass)); err != nil {
		t.Fatal(err)
	}
	// A save killed mid-way (kill -9): a temporary directory with a report
	// but no entry; a damaged session with an unreadable entry.
	tmp := filepath.Join(s.Dir, tmpPrefix+"123")
	_ = os.MkdirAll(tmp, 0o700)
	_ = os.WriteFile(filepath.Join(tmp, ReportFile), []byte(`{"verdict":`), 0o600)
	damaged := filepath.Join(s.Dir, "20260101T000000.000000000Z-deadbeef")
	_ = os.MkdirAll(damaged, 0o700)
	_ = os.WriteFile(filepath.Join(damaged, EntryFile), []byte(`{"id":`), 0o600)
	list, bad, err := s.List()
	if err != nil || len(list) != 1 || bad != 1 {
		t.Fatalf("List = %d, %d unreadable, %v", len(list), bad, err)
	}
	// A later save removes the temporary directory once it is stale.
	now = now.Add(2 * staleAfter)
	if _, err := s.Save(sampleRecord("later", bridge.VerdictPass)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("stale temporary directory kept: %v", err)
	}
}

func TestAttachmentsAreCopied(t *testing.T) {
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	_ = os.WriteFile(shot, []byte("png"), 0o600)
	s := &Store{Dir: filepath.Join(dir, "h")}
	rec := sampleRecord("p", bridge.VerdictPass)
	rec.Files = []string{shot, filepath.Join(dir, "missing.har"), shot}
	e, err := s.Save(rec)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Files) != 2 || e.Files[0] != "shot.png" || e.Files[1] != "shot-2.png" {
		t.Fatalf("files = %v", e.Files)
	}
	if b, err := os.ReadFile(s.FilePath(e.ID, "shot.png")); err != nil || string(b) != "png" {
		t.Errorf("copied file: %q, %v", b, err)
	}
}

func TestConcurrentWritersNeverCorrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	// Two processes and goroutines save at once; a third process is killed
	// (SIGKILL) while it saves.
	var cmds []*exec.Cmd
	for _, n := range []string{"15", "15", "200"} {
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), writerEnv+"="+dir, "N="+n)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, c)
	}
	s := &Store{Dir: dir, Keep: 1000}
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for i := range 5 {
				if _, err := s.Save(sampleRecord(fmt.Sprintf("g%d-%d", g, i), bridge.VerdictPass)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	time.Sleep(150 * time.Millisecond)
	_ = cmds[2].Process.Signal(syscall.SIGKILL)
	wg.Wait()
	for i, c := range cmds {
		if err := c.Wait(); err != nil && i < 2 {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	list, bad, err := s.List()
	if err != nil || bad != 0 {
		t.Fatalf("List: %d unreadable, %v", bad, err)
	}
	if len(list) < 15+15+15 {
		t.Errorf("%d sessions listed, want at least 45", len(list))
	}
	for _, e := range list {
		if _, err := s.Report(e.ID); err != nil {
			t.Errorf("session %s: %v", e.ID, err)
		}
	}
}

func TestDir(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"override", map[string]string{settings.HistoryDir: "/h/", settings.ConfigDir: "/c", "XDG_DATA_HOME": "/x"}, "/h"},
		{"config dir", map[string]string{settings.ConfigDir: "/c", "XDG_DATA_HOME": "/x"}, "/c/history"},
		{"xdg", map[string]string{"XDG_DATA_HOME": "/x", "HOME": "/home/u"}, "/x/mpsim/history"},
		{"relative xdg ignored", map[string]string{"XDG_DATA_HOME": "x", "HOME": "/home/u"}, "/home/u/.local/share/mpsim/history"},
		{"home", map[string]string{"HOME": "/home/u"}, "/home/u/.local/share/mpsim/history"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Dir(func(k string) string { return tc.env[k] })
			if err != nil || got != tc.want {
				t.Errorf("Dir = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if _, err := Dir(func(string) string { return "" }); err == nil {
		t.Error("no HOME: no error")
	}
	// A relative directory would be another history in each current
	// directory: refused, naming the variable.
	for _, name := range []string{settings.HistoryDir, settings.ConfigDir} {
		_, err := Dir(func(k string) string { return map[string]string{name: "h", "HOME": "/home/u"}[k] })
		if err == nil || !strings.Contains(err.Error(), name+`="h" is a relative path`) {
			t.Errorf("relative %s: %v", name, err)
		}
	}
}

func TestRequestReopensTheLaunch(t *testing.T) {
	plan := workspace.Plan{Preset: "p", Request: workspace.Request{
		Launch:      workspace.LaunchRequest{Preset: "p", SIM: simulator.KindPSIM, TransactionID: "tx-9", Languages: []string{"de-DE"}},
		Trusted:     []session.TrustedCert{{PEM: "pem", Hosts: []string{"h"}}},
		NotifyHosts: []string{"n.example"}, Lifecycle: session.Lifecycle{ActivationResult: "failed"}, Timeout: time.Minute,
	}}
	e := EntryFor(SourceHost, plan, session.Report{})
	got := e.Request()
	if got.Launch.TransactionID != "tx-9" || got.Launch.SIM != simulator.KindPSIM || got.Launch.Preset != "p" ||
		len(got.Trusted) != 1 || got.NotifyHosts[0] != "n.example" || got.Lifecycle.ActivationResult != "failed" || got.Timeout != time.Minute {
		t.Errorf("Request = %+v", got)
	}
}

// A scenario's steps are kept with its session, saved and listed again,
// for its re-run; a value_env fill's value is not written, and the re-run
// reads its variable again (MissingEnv names it when it is not set); an
// entry saved before the steps were kept still loads, with none.
func TestStepsAreKeptForTheRerun(t *testing.T) {
	const env = "RERUN_TEST_PIN"
	steps := []session.Step{
		{Action: session.StepFill, Target: "#pin", Value: "secret-1234", ValueEnv: env, Secret: true},
		{Action: session.StepClickText, Target: "Buy now"},
	}
	plan := workspace.Plan{Scenario: "buy", Request: workspace.Request{Launch: workspace.LaunchRequest{TransactionID: "tx-s"}, Steps: steps}}
	s := &Store{Dir: filepath.Join(t.TempDir(), "h")}
	saved, err := s.Save(Record{Entry: EntryFor(SourceHost, plan, session.Report{}), Report: session.Report{}})
	if err != nil {
		t.Fatal(err)
	}
	if steps[0].Value != "secret-1234" {
		t.Error("EntryFor changed the plan's steps")
	}
	raw, err := os.ReadFile(filepath.Join(s.Dir, saved.ID, "entry.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "secret-1234") {
		t.Errorf("the entry holds the value taken from $%s: %s", env, raw)
	}
	list, bad, err := s.List()
	if err != nil || bad != 0 || len(list) != 1 {
		t.Fatal(list, bad, err)
	}
	e := list[0]
	if e.Scenario != "buy" || len(e.Launch.Steps) != 2 || e.Launch.Steps[1].Target != "Buy now" {
		t.Fatalf("listed %+v, want the scenario and its two steps", e)
	}
	t.Setenv(env, "4321")
	if got := e.Request().Steps; len(got) != 2 || got[0].Value != "4321" || !got[0].Secret || got[1].Target != "Buy now" {
		t.Errorf("re-run steps %+v, want the fill's value from the environment now", got)
	}
	if m := e.MissingEnv(); len(m) != 0 {
		t.Errorf("MissingEnv = %q with $%s set", m, env)
	}
	_ = os.Unsetenv(env) // t.Setenv restores it
	if m := e.MissingEnv(); len(m) != 1 || m[0] != env {
		t.Errorf("MissingEnv = %q without $%s, want it", m, env)
	}
	var old Entry
	if err := json.Unmarshal([]byte(`{"id":"x","time":"2026-12-01T10:00:00Z","source":"host","portal":"p","verdict":"pass","ended":"handBack","findings":0,"errors":0,"launch":{"transactionId":"t","lifecycle":{}}}`), &old); err != nil {
		t.Fatal(err)
	}
	if r := old.Request(); len(r.Steps) != 0 || r.Launch.TransactionID != "t" {
		t.Errorf("an entry saved before the steps were kept re-runs %+v", r)
	}
}

// A secret literal fill — one whose selector names a password field, and
// one whose field the session found a password field — is kept as "••••"
// in the entry (hostile-QA found "Hunter2-Lit!" in entry.json), with the
// other steps as they were; MaskedSteps names them, for the re-run to
// refuse, and names nothing for a value_env fill or a plain one.
func TestSecretLiteralStepsAreMaskedInTheEntry(t *testing.T) {
	steps := []session.Step{
		{Action: session.StepFill, Target: "#user", Value: "ann-the-user"},
		{Action: session.StepFill, Target: "#password", Value: "Hunter2-Lit!", Secret: true},
		{Action: session.StepFill, Target: "#secret", Value: "Zq9Code#Xy"},
		{Action: session.StepFill, Target: "#pin", Value: "Pin 7x9", ValueEnv: "RERUN_MASK_PIN", Secret: true},
		{Action: session.StepClick, Target: "#go"},
	}
	rep := session.Report{Log: []session.LogEntry{{Kind: session.KindStep, Step: &session.StepResult{
		Index: 3, Step: steps[2], OK: true, FieldType: "password"}}}}
	plan := workspace.Plan{Scenario: "leak", Request: workspace.Request{Steps: steps}}
	s := &Store{Dir: filepath.Join(t.TempDir(), "h")}
	saved, err := s.Save(Record{Entry: EntryFor(SourceHost, plan, rep), Report: session.Report{}})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(s.Dir, saved.ID, "entry.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Hunter2-Lit!", "Zq9Code#Xy", "Pin 7x9"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the entry holds %q: %s", secret, raw)
		}
	}
	if steps[1].Value != "Hunter2-Lit!" || steps[2].Secret {
		t.Error("EntryFor changed the plan's steps")
	}
	list, _, err := s.List()
	if err != nil || len(list) != 1 {
		t.Fatal(list, err)
	}
	e := list[0]
	kept := e.Launch.Steps
	if len(kept) != 5 || kept[0].Value != "ann-the-user" || kept[1].Value != session.Masked || !kept[2].Secret ||
		kept[2].Value != session.Masked || kept[3].Value != "" || kept[4].Target != "#go" {
		t.Errorf("kept steps %+v", kept)
	}
	if got := e.MaskedSteps(); !slices.Equal(got, []string{"#password", "#secret"}) {
		t.Errorf("MaskedSteps = %q, want the two literal secrets' fields", got)
	}
	plain := EntryFor(SourceHost, workspace.Plan{Request: workspace.Request{Steps: []session.Step{steps[0], steps[3]}}}, session.Report{})
	if got := plain.MaskedSteps(); len(got) != 0 {
		t.Errorf("MaskedSteps of a value_env and a plain fill = %q, want none", got)
	}
}

// BenchmarkSave saves a session with three screenshots of a portal's size
// (60 KB each) into a store under $TMPDIR, every file synced: what a session
// waits for between its window's close and its end.
func BenchmarkSave(b *testing.B) {
	dir := b.TempDir()
	rec := sampleRecord("p", bridge.VerdictPass)
	shot := make([]byte, 60<<10)
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("%02d-shot.png", i))
		if err := os.WriteFile(p, shot, 0o600); err != nil {
			b.Fatal(err)
		}
		rec.Files = append(rec.Files, p)
	}
	s := &Store{Dir: filepath.Join(dir, "h"), Keep: 1 << 20}
	for b.Loop() {
		if _, err := s.Save(rec); err != nil {
			b.Fatal(err)
		}
	}
}

// Attachments names the report's screenshots, in order, and its HAR file;
// a screenshot without a file (none could be written) is left out.
func TestAttachmentsNameTheReportsFiles(t *testing.T) {
	rep := session.Report{
		Screenshots: []inspect.Screenshot{{Label: "first-paint", Path: "/s/01.png"}, {Label: "lost"}, {Label: "handback", Path: "/s/03.png"}},
		HAR:         "/out/run.har",
	}
	if got, want := Attachments(rep), []string{"/s/01.png", "/s/03.png", "/out/run.har"}; !slices.Equal(got, want) {
		t.Errorf("Attachments = %q, want %q", got, want)
	}
	if got := Attachments(session.Report{}); len(got) != 0 {
		t.Errorf("Attachments of an empty report = %q, want none", got)
	}
}

// TestEntryKeepsHowLongTheSessionRan: from the window asked for to the
// report's last entry; nothing when the report has no times.
func TestEntryKeepsHowLongTheSessionRan(t *testing.T) {
	opened := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		rep  session.Report
		want float64
	}{
		{"ran 2.5 s", session.Report{Opened: opened, Log: []session.LogEntry{{At: opened.Add(time.Second)}, {At: opened.Add(2500 * time.Millisecond)}}}, 2500},
		{"no log", session.Report{Opened: opened}, 0},
		{"not opened", session.Report{Log: []session.LogEntry{{At: opened}}}, 0},
	}
	for _, tt := range tests {
		if got := EntryFor(SourceTest, workspace.Plan{}, tt.rep).DurationMs; got != tt.want {
			t.Errorf("%s: DurationMs %v, want %v", tt.name, got, tt.want)
		}
	}
}

// leaveStaging leaves in s what a save killed at step leaves: a staging
// directory with the report, then also the entry (the session whole, not
// yet renamed into place).
func leaveStaging(t *testing.T, s *Store, step string) (dir string, id string) {
	t.Helper()
	rec := sampleRecord("killed", bridge.VerdictPass)
	e := rec.Entry
	e.Time = time.Now()
	e.ID = newID(e.Time)
	dir, err := os.MkdirTemp(s.Dir, tmpPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeJSONFile(filepath.Join(dir, ReportFile), rec.Report); err != nil {
		t.Fatal(err)
	}
	switch step {
	case "report written":
	case "entry torn":
		if err := os.WriteFile(filepath.Join(dir, EntryFile), []byte(`{"id":"`+e.ID), 0o600); err != nil {
			t.Fatal(err)
		}
	case "entry written":
		if err := writeJSONFile(filepath.Join(dir, EntryFile), e); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("step %q", step)
	}
	return dir, e.ID
}

// A save killed (kill -9) after its session was whole but before the
// rename (the last milliseconds of `mpsim run --report`) left the session
// only in a hidden staging directory: no list showed it, and a later save
// removed it after an hour. The next Open finishes it; a save killed
// earlier is removed once it cannot be one still starting; a staging
// directory whose process still runs (its flock held) is left alone.
func TestRecoverFinishesWhatAKillLeft(t *testing.T) {
	tests := []struct {
		step     string
		age      time.Duration // how long ago the kill was
		held     bool          // the saving process still runs
		finished bool          // the session is listed afterwards
		kept     bool          // the staging directory is still there
	}{
		{step: "entry written", finished: true},
		{step: "entry written", age: time.Hour, finished: true},
		{step: "entry written", held: true, kept: true},
		{step: "entry torn", age: 2 * staleAfter},
		{step: "report written", age: 2 * staleAfter},
		{step: "report written", kept: true}, // may be a save that has not locked it yet
		{step: "report written", age: time.Hour, held: true, kept: true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %s ago held %t", tc.step, tc.age, tc.held), func(t *testing.T) {
			dir := t.TempDir()
			s := &Store{Dir: dir}
			staging, id := leaveStaging(t, s, tc.step)
			if tc.held {
				l, err := filelock.AcquireDir(staging, filelock.Forever)
				if err != nil {
					t.Fatal(err)
				}
				defer l.Release()
			}
			if tc.age > 0 {
				old := time.Now().Add(-tc.age)
				if err := os.Chtimes(staging, old, old); err != nil {
					t.Fatal(err)
				}
			}
			opened, err := Open(func(k string) string { return map[string]string{settings.HistoryDir: dir}[k] }, settings.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			list, bad, err := opened.List()
			if err != nil || bad != 0 {
				t.Fatalf("List: %d unreadable, %v", bad, err)
			}
			if got := len(list) == 1 && list[0].ID == id; got != tc.finished {
				t.Errorf("session listed: %t, want %t (%+v)", got, tc.finished, list)
			}
			if got := slices.Equal(opened.Recovered.Finished, []string{id}); got != tc.finished {
				t.Errorf("Recovered = %+v; want the session finished: %t", opened.Recovered, tc.finished)
			}
			if tc.finished {
				if _, err := opened.Report(id); err != nil {
					t.Errorf("the finished session's report: %v", err)
				}
			}
			_, err = os.Stat(staging)
			if kept := err == nil; kept != tc.kept {
				t.Errorf("staging directory kept: %t, want %t", kept, tc.kept)
			}
			if !tc.kept && !tc.finished && opened.Recovered.Removed != 1 {
				t.Errorf("Recovered = %+v; want 1 removed", opened.Recovered)
			}
		})
	}
}

// A deletion killed between its rename and its removal leaves a .del-*
// directory; the next Open removes it (deletions run under the history's
// lock, which Recover holds, so none is in progress).
func TestRecoverRemovesHalfDeletedSessions(t *testing.T) {
	dir := t.TempDir()
	gone := filepath.Join(dir, delPrefix+"20260101T000000.000000000Z-deadbeef")
	if err := os.MkdirAll(filepath.Join(gone, FilesDir), 0o700); err != nil {
		t.Fatal(err)
	}
	s := &Store{Dir: dir}
	if r := s.Recover(); r.Removed != 1 || r.Err != nil {
		t.Errorf("Recover = %+v, want 1 removed", r)
	}
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("half-deleted session kept: %v", err)
	}
	// Nothing left over: nothing done, not even the lock file made.
	if r := s.Recover(); r.Removed != 0 || len(r.Finished) != 0 || r.Err != nil {
		t.Errorf("Recover again = %+v, want nothing", r)
	}
	empty := filepath.Join(t.TempDir(), "none")
	if r := (&Store{Dir: empty}).Recover(); r.Err != nil {
		t.Errorf("Recover of no directory: %v", r.Err)
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Errorf("Recover made the history directory: %v", err)
	}
}

// TestReportNamesTheHistorysCopies saves sessions whose screenshots and
// HAR live in a cache, deletes the cache, and reads the reports back: the
// paths they name must be the history's own copies, readable. One report
// is saved as Save wrote them before (naming the cache), one as it writes
// them now, and one history directory is moved after the save.
func TestReportNamesTheHistorysCopies(t *testing.T) {
	for _, tc := range []struct {
		name string
		old  bool // stored report names the cache, as saves before did
		move bool // the history directory is moved after the save
	}{
		{name: "saved now"},
		{name: "saved before", old: true},
		{name: "moved", move: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			cache := filepath.Join(root, "cache", "screenshots", "s1")
			other := filepath.Join(root, "cache", "screenshots", "s2")
			for _, d := range []string{cache, other} {
				if err := os.MkdirAll(d, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			first := filepath.Join(cache, "01-first-load.png")
			again := filepath.Join(other, "01-first-load.png") // the same name in another folder
			har := filepath.Join(cache, "session.har")
			for p, body := range map[string]string{first: "png1", again: "png2", har: "{}"} {
				if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			s := &Store{Dir: filepath.Join(root, "h")}
			rec := sampleRecord("p", bridge.VerdictPass)
			rec.Report.Screenshots = []inspect.Screenshot{{Label: "first-load", Path: first}, {Label: "again", Path: again}, {Label: "gone", Path: filepath.Join(cache, "never-written.png")}}
			rec.Report.HAR = har
			e, err := s.Save(rec)
			if err != nil {
				t.Fatal(err)
			}
			if tc.old {
				// Write the report as Save did before: naming the cache.
				if err := os.Remove(filepath.Join(s.Dir, e.ID, ReportFile)); err != nil {
					t.Fatal(err)
				}
				if err := writeJSONFile(filepath.Join(s.Dir, e.ID, ReportFile), rec.Report); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.RemoveAll(filepath.Join(root, "cache")); err != nil {
				t.Fatal(err)
			}
			if tc.move {
				moved := filepath.Join(root, "moved")
				if err := os.Rename(s.Dir, moved); err != nil {
					t.Fatal(err)
				}
				s = &Store{Dir: moved}
			}
			rep, err := s.Report(e.ID)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range []string{"png1", "png2"} {
				b, err := os.ReadFile(rep.Screenshots[i].Path)
				if err != nil || string(b) != want {
					t.Errorf("screenshot %d at %s: %q, %v; want %q", i, rep.Screenshots[i].Path, b, err, want)
				}
			}
			if b, err := os.ReadFile(rep.HAR); err != nil || string(b) != "{}" {
				t.Errorf("HAR at %s: %q, %v", rep.HAR, b, err)
			}
			if got := rep.Screenshots[2].Path; got != filepath.Join(cache, "never-written.png") {
				t.Errorf("a screenshot never copied is named %s, want its own path kept", got)
			}
			if !tc.old && !tc.move {
				// The stored report itself names the copies.
				b, err := os.ReadFile(filepath.Join(s.Dir, e.ID, ReportFile))
				if err != nil {
					t.Fatal(err)
				}
				var stored session.Report
				if err := json.Unmarshal(b, &stored); err != nil {
					t.Fatal(err)
				}
				if want := filepath.Join(s.Dir, e.ID, FilesDir, "01-first-load.png"); stored.Screenshots[0].Path != want {
					t.Errorf("stored report names %s, want %s", stored.Screenshots[0].Path, want)
				}
				if want := filepath.Join(s.Dir, e.ID, FilesDir, "01-first-load-2.png"); stored.Screenshots[1].Path != want {
					t.Errorf("stored report names %s, want %s", stored.Screenshots[1].Path, want)
				}
			}
		})
	}
}

// TestRecorderReplace: Replace saves the session again and deletes the
// entry it replaces, so the history keeps one entry of it, with the new
// report (a profile that did not fit, corrected after the first save);
// with no first entry it only saves.
func TestRecorderReplace(t *testing.T) {
	for _, first := range []bool{true, false} {
		t.Run(fmt.Sprintf("first entry %v", first), func(t *testing.T) {
			r := Recorder{Store: &Store{Dir: t.TempDir()}, Source: SourceRun}
			rep := sampleRecord("x", bridge.VerdictPass).Report
			id := ""
			if first {
				var err error
				if id, err = r.Record(workspace.Plan{}, rep); err != nil {
					t.Fatal(err)
				}
			}
			rep.DownloadFailure = &session.DownloadFailure{Result: session.ActivationFull}
			newID, err := r.Replace(id, workspace.Plan{}, rep)
			if err != nil || newID == "" || newID == id {
				t.Fatalf("Replace(%q) = %q, %v", id, newID, err)
			}
			entries, _, err := r.Store.List()
			if err != nil || len(entries) != 1 || entries[0].ID != newID {
				t.Fatalf("history %+v (%v), want the one entry %s", entries, err, newID)
			}
			got, err := r.Store.Report(newID)
			if err != nil || got.DownloadFailure == nil {
				t.Errorf("the kept report has no download failure (%v)", err)
			}
		})
	}
}

// A path that is not valid UTF-8 (Linux allows any byte but '/' and NUL in
// a name) stays findable from the history: a screenshot folder, a file
// name, the history's own folder with a byte 0xff. Before, the stored
// report and entry said U+FFFD for the byte (JSON holds only UTF-8), and
// reopen, export and compare found no file.
func TestPathsThatAreNotUTF8StayFindable(t *testing.T) {
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name          string
		shots, file   string // the screenshot folder's and file's names
		history, gone string // the history's folder; a file never written
	}{
		{"screenshot folder", "shots\xff", "01-first-load.png", "h", "never\xfe.png"},
		{"screenshot name", "shots", "01-first\xffload.png", "h", "never.png"},
		{"history folder", "shots", "01-first-load.png", "h\xff\xfe", "never.png"},
		{"all of them, and a name that reads as a file URL", "file:\xff", "\xc3\x28.png", "h\x80", "file:x.png"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, tc.shots)
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			shot, har := filepath.Join(dir, tc.file), filepath.Join(dir, "session\xff.har")
			if err := os.WriteFile(shot, pngData.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(har, []byte("{}"), 0o600); err != nil {
				t.Fatal(err)
			}
			s := &Store{Dir: filepath.Join(root, tc.history)}
			rec := sampleRecord("p", bridge.VerdictPass)
			gone := filepath.Join(dir, tc.gone)
			rec.Report.Screenshots = []inspect.Screenshot{{Label: "first-load", Path: shot}, {Label: "gone", Path: gone}}
			rec.Report.HAR = har
			e, err := s.Save(rec)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{ReportFile, EntryFile} {
				b, err := os.ReadFile(filepath.Join(s.Dir, e.ID, name))
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Contains(b, []byte("\uFFFD")) || bytes.Contains(b, []byte(`\ufffd`)) {
					t.Errorf("%s says U+FFFD for a byte of a path:\n%s", name, b)
				}
			}
			ls, _, err := s.List()
			if err != nil || len(ls) != 1 {
				t.Fatal(ls, err)
			}
			for _, name := range ls[0].Files {
				if _, err := os.Stat(s.FilePath(e.ID, name)); err != nil {
					t.Errorf("the entry names the copy %q: %v", name, err)
				}
			}
			rep, err := s.Report(e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(rep.Screenshots[0].Path); err != nil || !bytes.Equal(b, pngData.Bytes()) {
				t.Errorf("the reopened report's screenshot %q: %v", rep.Screenshots[0].Path, err)
			}
			if b, err := os.ReadFile(rep.HAR); err != nil || string(b) != "{}" {
				t.Errorf("the reopened report's HAR %q: %q, %v", rep.HAR, b, err)
			}
			if got := rep.Screenshots[1].Path; got != gone {
				t.Errorf("a screenshot never written is named %q, want %q byte for byte", got, gone)
			}
			var html bytes.Buffer
			if err := WriteHTML(&html, e, rep, true); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(html.String(), "data:image/png;base64,") {
				t.Errorf("the exported HTML embeds no screenshot")
			}
		})
	}
}

// A save that the disk cannot hold (here the file size limit, RLIMIT_FSIZE,
// on real files: a write fails with EFBIG as it fails with ENOSPC on a full
// disk) keeps nothing of the session, no staging directory, and every
// session saved before whole; the error names the history's directory and
// says so.
func TestSaveOnAFullDiskKeepsTheSessionsBefore(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "h")}
	before, err := s.Save(sampleRecord("before", bridge.VerdictPass))
	if err != nil {
		t.Fatal(err)
	}
	rec := sampleRecord("big", bridge.VerdictFail)
	rec.Report.Log = append(rec.Report.Log, session.LogEntry{Kind: session.KindResult, Text: strings.Repeat("x", 64<<10)})
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	lim := old
	lim.Cur = 16 << 10
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skip(err)
	}
	_, err = s.Save(rec)
	_ = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	if !errors.Is(err, syscall.EFBIG) {
		t.Fatalf("Save: %v, want EFBIG", err)
	}
	msg := workspace.SaveFailure(err)
	for _, want := range []string{"report.json", "nothing of this session was kept in " + s.Dir, "the sessions saved before are as they were", "ulimit -f"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message %q does not say %q", msg, want)
		}
	}
	ls, unreadable, err := s.List()
	if err != nil || unreadable != 0 || len(ls) != 1 || ls[0].ID != before.ID {
		t.Fatalf("the history lists %v (%d unreadable, %v), want the session before alone", ls, unreadable, err)
	}
	if _, err := s.Report(before.ID); err != nil {
		t.Error(err)
	}
	if left, _ := filepath.Glob(filepath.Join(s.Dir, tmpPrefix+"*")); len(left) > 0 {
		t.Errorf("staging directories left: %q", left)
	}
}
