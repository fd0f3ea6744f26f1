package ui

import (
	"bytes"
	"encoding/base64"
	"fmt"
	stdhtml "html"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"mpsim/app/internal/history"
	insp "mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator"
)

// historyScreen is a host screen over the configuration directory cfg and
// the history store, as the binary wires them: a new one over the same
// directories is the GUI after a restart.
func historyScreen(t *testing.T, cfg string, store *history.Store, opener *sessiontest.FakeOpener) (testScreen, *workspace.Workspace) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	h := workspace.New(cfg, 7)
	t.Cleanup(func() { _ = h.Close() })
	runner := workspace.Runner{Workspace: h, Opener: opener, Recorder: history.Recorder{Store: store, Source: history.SourceHost}}
	s := NewHostScreen(Deps{Workspace: runner, History: store, NewToken: func() string { return uiToken }, App: a})
	w := test.NewWindow(s.BuildUI())
	w.Resize(fyne.NewSize(1100, 720))
	t.Cleanup(w.Close)
	return testScreen{HostScreen: s, win: w, app: a, opener: opener}, h
}

// sameLaunch compares two launch URLs but for the host's port: the demo
// portal may listen on another port after a restart.
func sameLaunch(t *testing.T, a, b string) bool {
	t.Helper()
	ua, err := url.Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	ub, err := url.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return ua.Scheme == ub.Scheme && ua.Hostname() == ub.Hostname() && ua.Path == ub.Path && ua.RawQuery == ub.RawQuery
}

func TestHistorySurvivesARestartAndReRunReproducesTheLaunch(t *testing.T) {
	cfg := t.TempDir()
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	// A failed purchase: the device stays as it was, so the re-run's launch
	// (built from the saved device) is the same.
	first, h := historyScreen(t, cfg, store, &sessiontest.FakeOpener{OnOpen: portalPlays(t, false)})
	first.SelectPreset("french-user")
	test.Tap(first.openBtn)
	rep := waitReport(t, first, 1)
	if rep.Result == nil || rep.Result.Success {
		t.Fatalf("result %+v", rep.Result)
	}
	firstSpec := first.opener.Windows()[0].Spec
	_ = h.Close()

	// The GUI restarts: a new host screen over the same directories.
	opener := &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)}
	s, _ := historyScreen(t, cfg, store, opener)
	if len(s.history.entries) != 1 {
		t.Fatalf("after a restart the history lists %d sessions, want 1 (%q)", len(s.history.entries), s.history.empty.Text)
	}
	e := s.history.entries[0]
	line := historyLine(e)
	for _, want := range []string{strings.ToUpper(string(rep.Verdict)), "preset french-user", "fr-FR", "esim", "demo portal"} {
		if !strings.Contains(line, want) {
			t.Errorf("history row %q lacks %q", line, want)
		}
	}
	// Reopen: selecting the row shows its report and log.
	s.ShowTab(TabHistory)
	s.history.list.Select(0)
	if s.result.values["success"].Text != "false" || s.result.values["planName"].Text != "MyPlan" {
		t.Errorf("reopened: verdict %q plan %q", s.result.verdict.Text, s.result.values["planName"].Text)
	}
	if len(s.log.entries) != len(rep.Log)+1 { // and its "ended" row, as live
		t.Errorf("reopened log: %d entries, want %d", len(s.log.entries), len(rep.Log)+1)
	}
	// Re-run opens exactly the launch of the first session.
	test.Tap(s.history.rerunBtn)
	waitReport(t, s, 1)
	again := opener.Windows()[0].Spec
	if !sameLaunch(t, again.URL, firstSpec.URL) {
		t.Errorf("re-run opened\n %s\nwant the first launch\n %s", again.URL, firstSpec.URL)
	}
	if again.Languages == nil || strings.Join(again.Languages, ",") != strings.Join(firstSpec.Languages, ",") {
		t.Errorf("re-run languages %v, want %v", again.Languages, firstSpec.Languages)
	}
	if len(s.history.entries) != 2 {
		t.Fatalf("after the re-run the history lists %d sessions", len(s.history.entries))
	}
}

func TestHistoryFilterCompareExportDelete(t *testing.T) {
	cfg := t.TempDir()
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	n := 0
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		n++
		if n == 1 {
			portalPlays(t, true)(w)
			return
		}
		w.UserClose()
	}}
	s, _ := historyScreen(t, cfg, store, opener)
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	test.Tap(s.openBtn)
	waitReport(t, s, 2)
	s.ShowTab(TabHistory)
	if len(s.history.shown) != 2 {
		t.Fatalf("%d rows", len(s.history.shown))
	}

	tests := []struct {
		verdict, search string
		rows            int
	}{
		{historyAllVerdicts, "", 2},
		{"pass", "", 1},
		{"no-callback", "", 1},
		{"rejected", "", 0},
		{historyAllVerdicts, "no-callback demo", 1},
		{historyAllVerdicts, "french", 0},
		{historyAllVerdicts, "window closed", 1}, // how it ended is in the row
	}
	for _, tc := range tests {
		s.history.verdict.SetSelected(tc.verdict)
		s.history.search.SetText(tc.search)
		if len(s.history.shown) != tc.rows {
			t.Errorf("verdict %q search %q: %d rows, want %d", tc.verdict, tc.search, len(s.history.shown), tc.rows)
		}
	}
	s.history.verdict.SetSelected(historyAllVerdicts)
	s.history.search.SetText("")

	// Compare: tick both.
	if !s.history.compareBtn.Disabled() {
		t.Error("Compare enabled with nothing ticked")
	}
	s.history.mark(s.history.entries[0].ID, true)
	s.history.mark(s.history.entries[1].ID, true)
	test.Tap(s.history.compareBtn)
	c := s.history.lastCompare
	if c == nil {
		t.Fatal("no comparison shown")
	}
	if c.Verdict[0] != "pass" || c.Verdict[1] != "no-callback" || len(c.Calls[0]) != 1 || len(c.Calls[1]) != 0 {
		t.Errorf("comparison = %+v", *c)
	}
	if !strings.Contains(strings.Join(c.Difference, " "), "Verdict pass, then no-callback.") {
		t.Errorf("differences = %q", c.Difference)
	}

	// Export the passing session as HTML.
	pass := s.history.entries[1]
	rep, err := store.Report(pass.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "s.html")
	if err := exportReportHTML(out, pass, rep); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(out)
	if !strings.Contains(string(html), "<html") || !strings.Contains(string(html), "MyPlan") || strings.Contains(string(html), "8988247000101997790") {
		t.Errorf("exported HTML: %d bytes, plan shown %v, ICCID masked %v", len(html),
			strings.Contains(string(html), "MyPlan"), !strings.Contains(string(html), "8988247000101997790"))
	}

	// Delete the newest, the session the Result tab shows (what the
	// confirm dialog's Yes does): the Result and the Log show it no more.
	gone := s.history.entries[0]
	if s.shown.ID != gone.ID {
		t.Fatalf("the shown session is %q, the newest %q", s.shown.ID, gone.ID)
	}
	s.deleteEntry(gone)
	if len(s.history.entries) != 1 || s.history.entries[0].ID == gone.ID {
		t.Errorf("after delete: %d rows", len(s.history.entries))
	}
	if s.result.rep != nil || s.result.verdict.Text != "No session shown" || len(s.log.entries) != 0 {
		t.Errorf("after deleting the shown session: verdict %q, %d log entries", s.result.verdict.Text, len(s.log.entries))
	}
	if list, _, _ := store.List(); len(list) != 1 {
		t.Errorf("the store keeps %d sessions after delete", len(list))
	}
}

func TestFormLifecycleOutcomesMirrorTheLifecycleTab(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	acts, regs := s.launch.activation.Options, s.launch.registration.Options
	if len(acts) < 2 || len(regs) < 2 {
		t.Fatalf("options %v %v", acts, regs)
	}
	tests := []struct {
		name      string
		pick      func()
		act, regn string
	}{
		{"form", func() { s.launch.activation.SetSelected(acts[1]); s.launch.registration.SetSelected(regs[1]) }, acts[1], regs[1]},
		{"tab", func() { s.life.activation.SetSelected(acts[0]); s.life.registration.SetSelected(regs[0]) }, acts[0], regs[0]},
	}
	for _, tc := range tests {
		tc.pick()
		lc := s.life.config()
		if lc.ActivationResult != tc.act || lc.RegistrationState != tc.regn ||
			s.launch.activation.Selected != tc.act || s.launch.registration.Selected != tc.regn {
			t.Errorf("%s: session gets %q/%q, form shows %q/%q; want %q/%q", tc.name, lc.ActivationResult, lc.RegistrationState,
				s.launch.activation.Selected, s.launch.registration.Selected, tc.act, tc.regn)
		}
	}
}

// A comparison says what matters to a portal developer first: success and
// the plan, and which launch parameters differ, not only that they do.
func TestCompareSaysWhatDiffers(t *testing.T) {
	bought := &bridge.Result{Success: true, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "Complete", PlanName: "MyPlan"}}
	left := &bridge.Result{Success: false, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "Cancelled"}}
	a := session.Report{Verdict: bridge.VerdictPass, Result: bought, Launch: simulator.Launch{URL: "https://p.example/?market=US&transactionId=a&eid=1"}}
	b := session.Report{Verdict: bridge.VerdictPass, Result: left, Launch: simulator.Launch{URL: "https://p.example/?market=FR&transactionId=a&iccid=2"}}
	c := compareReports(history.Entry{}, history.Entry{}, a, b)
	got := strings.Join(c.Difference, "\n")
	for _, want := range []string{"success true, then false.", "moDirectStatus Complete, then Cancelled.", `planName "MyPlan", then "".`,
		"The launch URLs differ: parameters eid removed, iccid added, market."} {
		if !strings.Contains(got, want) {
			t.Errorf("differences lack %q:\n%s", want, got)
		}
	}
}

// A session reopened from the history shows its screenshots, and Export
// HTML embeds them, after the screenshot cache they were taken into has
// been pruned: the history keeps copies of its own, and the report it
// reopens names them.
func TestReopenedSessionKeepsItsScreenshots(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "screenshots", "s1")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(cache, "01-first-load.png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 6))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shot, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	rep := session.Report{
		Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
		Screenshots: []insp.Screenshot{{Label: "first-load", Path: shot, Width: 8, Height: 6}},
	}
	e := history.Entry{Source: history.SourceHost, Verdict: rep.Verdict, Ended: rep.Ended, SIM: simulator.KindESIM}
	if _, err := store.Save(history.Record{Entry: e, Report: rep}); err != nil {
		t.Fatal(err)
	}
	// The cache keeps only the newest sessions: this one's is gone.
	if err := os.RemoveAll(filepath.Dir(cache)); err != nil {
		t.Fatal(err)
	}

	s, _ := historyScreen(t, t.TempDir(), store, &sessiontest.FakeOpener{})
	s.ShowTab(TabHistory)
	s.history.list.Select(0)
	strip := s.portal.shots
	if len(strip.row.Objects) != 1 {
		t.Fatalf("the reopened session shows %d screenshots, want 1", len(strip.row.Objects))
	}
	if th := strip.row.Objects[0].(*thumbnail); th.img.Image == nil {
		t.Errorf("the reopened screenshot is blank: its report names %s", th.shot.Path)
	}
	out := filepath.Join(t.TempDir(), "s.html")
	if err := s.ExportHTML(out); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdhtml.UnescapeString(string(html)), "data:image/png;base64,"+base64.StdEncoding.EncodeToString(buf.Bytes())) {
		t.Error("the exported HTML leaves the reopened session's screenshot out")
	}
}

// Each History row says what the portal handed back: a cancelled session,
// a ServiceError and a purchase no longer read alike (found by
// exploratory QA: "PASS · custom launch · fr-FR · psim · 3 findings").
func TestHistoryRowSaysTheOutcome(t *testing.T) {
	handBack := func(success bool, status, plan string) session.Report {
		return session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
			Result: &bridge.Result{Success: success, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: status, PlanName: plan}}}
	}
	tests := []struct {
		name string
		rep  session.Report
		old  bool // an entry saved before the outcome was kept
		want string
	}{
		{"bought", handBack(true, "Complete", "Contoso 5 GB"), false, "PASS · Complete · custom launch"},
		{"cancelled", handBack(false, "Cancelled", ""), false, "PASS · Cancelled · custom launch"},
		{"service error", handBack(false, "ServiceError", ""), false, "PASS · ServiceError · custom launch"},
		{"complete but failed", handBack(false, "Complete", ""), false, "PASS · Complete (success false) · custom launch"},
		{"inline call", session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
			Calls: []session.CallRecord{{API: "MobilePlansInlineOperations.notifyProfileDownload"}}}, false, "PASS · called notifyProfileDownload · custom launch"},
		{"window closed", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedClosed}, false,
			"NO-CALLBACK (window closed) · no hand-back · custom launch"},
		{"old, closed", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedClosed}, true,
			"NO-CALLBACK (window closed) · no hand-back · custom launch"},
		{"old, handed back", handBack(false, "Cancelled", ""), true, "PASS · custom launch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := history.EntryFor(history.SourceHost, workspace.Plan{}, tc.rep)
			if tc.old {
				e.Outcome = ""
			}
			if got := historyLine(e); !strings.Contains(got, tc.want) {
				t.Errorf("row %q lacks %q", got, tc.want)
			}
		})
	}
}

// A reopened session's live log equals the one shown while it ran, its
// last "ended" row too, whether the session is kept in the history or,
// with the history off, in this run's list (found by exploratory QA: 17
// entries live ending "ended handBack: verdict pass", 16 reopened: the
// report's log keeps no end, session.KindEnded).
func TestReopenedLogEqualsTheLiveOne(t *testing.T) {
	for _, kept := range []bool{true, false} {
		t.Run(fmt.Sprintf("history %v", kept), func(t *testing.T) {
			opener := &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)}
			var s testScreen
			if kept {
				s, _ = historyScreen(t, t.TempDir(), &history.Store{Dir: filepath.Join(t.TempDir(), "history")}, opener)
			} else {
				s = newTestScreen(t, opener)
			}
			test.Tap(s.openBtn)
			waitReport(t, s, 1)
			live := logRows(s.log.entries)
			if last := s.log.entries[len(s.log.entries)-1]; last.Kind != session.KindEnded {
				t.Fatalf("the live log ends with %s %q", last.Kind, last.Text)
			}
			s.ShowTab(TabHistory)
			s.history.list.Select(0)
			if got := logRows(s.log.entries); got != live {
				t.Errorf("reopened log:\n%s\nwant the live one:\n%s", got, live)
			}
			if got, want := s.log.count.Text, fmt.Sprintf("%d entries", len(s.log.entries)); !strings.Contains(got, want) {
				t.Errorf("the log's count says %q, want %q", got, want)
			}
		})
	}
}

// logRows are the kinds and texts of a log's entries, a line each.
func logRows(entries []session.LogEntry) string {
	var b strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&b, "%s %s\n", e.Kind, e.Text)
	}
	return b.String()
}

// The History search field's hint fits in it beside the running portal at
// the default window size: the long hint ran over the field's right edge
// at 1240 px (found by GUI QA).
func TestHistorySearchHintFits(t *testing.T) {
	fe := &fakeEmbedded{}
	s := newPaneScreen(t, 0x2a00003, &sessiontest.FakeOpener{OnOpen: attachTo(fe, nil)})
	openEmbedded(t, s)
	s.ShowTab(TabHistory)
	layOutAgain(s.win.Content())
	f := s.history.search
	room := f.Size().Width - 2*theme.InnerPadding()
	if need := fyne.MeasureText(f.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width; need > room {
		t.Errorf("the hint %q needs %.0f px, the field has %.0f", f.PlaceHolder, need, room)
	}
	s.Stop()
	waitReport(t, s, 1)
}

// A History row names the plan only when the portal handed back a
// purchase (found by GUI QA: a cancel that sent a planName read as if the
// plan had been bought); the search still finds the entry by the plan.
func TestHistoryRowNamesThePlanOfAPurchaseOnly(t *testing.T) {
	handBack := func(success bool, status string) session.Report {
		return session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
			Result: &bridge.Result{Success: success, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: status, PlanName: "Contoso 5 GB"}}}
	}
	failedDownload := handBack(true, "Complete")
	failedDownload.DownloadFailure = &session.DownloadFailure{Result: "insufficientSpaceOnCard"}
	for _, tc := range []struct {
		name string
		rep  session.Report
		old  bool // saved before the outcome was kept
		want bool
	}{
		{"bought", handBack(true, "Complete"), false, true},
		{"bought, download failed", failedDownload, false, true},
		{"cancelled", handBack(false, "Cancelled"), false, false},
		{"service error", handBack(false, "ServiceError"), false, false},
		{"complete but success false", handBack(false, "Complete"), false, false},
		{"old entry", handBack(true, "Complete"), true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := history.EntryFor(history.SourceHost, workspace.Plan{}, tc.rep)
			if tc.old {
				e.Outcome = ""
			}
			if got := strings.Contains(historyLine(e), "Contoso 5 GB"); got != tc.want {
				t.Errorf("row %q names the plan: %v, want %v", historyLine(e), got, tc.want)
			}
			if !historyMatches(e, "contoso 5") {
				t.Error("the search no longer finds the entry by its plan")
			}
		})
	}
}

// A session the history store could not save (a full disk) is kept in the
// panel for this run only, and the panel says so instead of "kept in DIR"
// (crowd QA: it listed an unsaved session as kept, in an empty directory).
func TestHistoryPanelSaysWhatTheStoreDidNotKeep(t *testing.T) {
	test.NewTempApp(t)
	store := &history.Store{Dir: t.TempDir()}
	p := newHistoryPanel(store, historyActions{})
	p.buildUI()
	rep := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack}
	full := fmt.Errorf("history: save: %w", syscall.ENOSPC)
	p.add(workspace.Plan{}, workspace.Outcome{Report: rep, HistoryErr: full}) // no HistoryID: not saved
	if want := "1 session (kept in " + store.Dir + ", but 1 of this run only: the history could not save it (history: save: no space left on device (free space"; !strings.Contains(p.empty.Text, want) {
		t.Errorf("panel says %q, want %q", p.empty.Text, want)
	}
	if len(p.entries) != 1 || !strings.HasSuffix(historyLine(p.entries[0]), " · this run only") {
		t.Errorf("rows %+v: want the unsaved one marked this run only", p.entries)
	}
}
