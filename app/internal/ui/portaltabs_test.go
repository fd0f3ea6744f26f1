package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
	insp "mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// newTestPortalTabs are the tabs in a test window whose UI calls are
// queued in *queued until the test runs them.
func newTestPortalTabs(t *testing.T) (p *portalTabs, queued *[]func()) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	var q []func()
	p = newPortalTabs(nil, nil)
	p.do = func(f func()) { q = append(q, f) }
	w := test.NewWindow(p.buildUI(widget.NewLabel("log")))
	w.Resize(fyne.NewSize(1000, 400))
	t.Cleanup(w.Close)
	return p, &q
}

func TestPortalTabsRouteAndBatch(t *testing.T) {
	p, queued := newTestPortalTabs(t)
	at := time.Date(2026, 3, 1, 10, 0, 10, 0, time.UTC)
	tests := []struct {
		e     session.LogEntry
		taken bool
	}{
		{session.LogEntry{Kind: session.KindConsole, At: at, Console: &insp.ConsoleMessage{Level: "error", Text: "boom", AtMs: 2000}}, true},
		{session.LogEntry{Kind: session.KindRequest, At: at, Request: &insp.Request{URL: "https://p.example/", Status: 200, StartMs: 1, EndMs: 1500}}, true},
		{session.LogEntry{Kind: session.KindNavigation, At: at, Navigation: &insp.Navigation{Kind: insp.NavPopup, URL: "https://ads.example/", Blocked: true, AtMs: 1000}}, false},
		{session.LogEntry{Kind: session.KindScreenshot, At: at, Screenshot: &insp.Screenshot{Label: "loaded", Path: "/nonexistent.png", AtMs: 1800}}, false},
		{session.LogEntry{Kind: session.KindNavigated, At: at, URL: "https://p.example/"}, false},
		{session.LogEntry{Kind: session.KindConsole}, false}, // no record: the log's
	}
	for _, tt := range tests {
		if got := p.observe(tt.e); got != tt.taken {
			t.Errorf("observe(%s) = %t, want %t", tt.e.Kind, got, tt.taken)
		}
	}
	for range 1000 {
		p.observe(tests[0].e)
	}
	if len(*queued) != 1 {
		t.Fatalf("%d UI calls queued for 1004 entries, want one batch", len(*queued))
	}
	(*queued)[0]()
	if len(p.console.msgs) != 1001 || len(p.network.reqs) != 1 || len(p.network.navs) != 1 || len(p.shots.shots) != 1 {
		t.Errorf("after the batch: %d messages, %d requests, %d navigations, %d screenshots",
			len(p.console.msgs), len(p.network.reqs), len(p.network.navs), len(p.shots.shots))
	}
	if want := at.Add(-2 * time.Second); !p.started.Equal(want) {
		t.Errorf("clock 0 estimated at %v, want %v (the earliest estimate)", p.started, want)
	}
	if got := p.tabs.Items[1].Text; got != "Console (1001)" {
		t.Errorf("console tab %q", got)
	}
	p.observe(tests[1].e)
	if len(*queued) != 2 {
		t.Errorf("after a flush the next entry queues a new batch: %d calls", len(*queued))
	}
	p.reset("https://p.example/?x=1")
	(*queued)[1]() // a batch queued before the reset brings nothing
	if len(p.console.msgs) != 0 || len(p.network.reqs) != 0 || len(p.shots.shots) != 0 || p.tabs.Items[1].Text != TabConsole {
		t.Errorf("after reset: %d messages, %d requests, tab %q", len(p.console.msgs), len(p.network.reqs), p.tabs.Items[1].Text)
	}
}

// inspectedReport is a finished session with records of the portal.
func inspectedReport(t *testing.T) session.Report {
	t.Helper()
	reqs, navs := networkSample()
	sum := insp.Summarize(reqs, consoleSample())
	sum.DroppedConsole = 3
	at := time.Date(2026, 3, 1, 10, 0, 1, 0, time.UTC)
	return session.Report{
		Verdict: "no-callback", Ended: "timeout",
		Console: consoleSample(), Network: reqs, NetworkSummary: &sum, Navigations: navs,
		Screenshots: []insp.Screenshot{{Label: "first-paint", Path: writePNG(t, t.TempDir(), "01-first-paint.png", 80, 60), AtMs: 300}},
		Log: []session.LogEntry{
			{At: at, Kind: session.KindReady},
			{At: at.Add(500 * time.Millisecond), Kind: session.KindNavigation, Navigation: &navs[1]},
		},
	}
}

func TestHostShowsReportRecordsAndExportsHAR(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	rep := inspectedReport(t)
	rep.Launch.URL = "https://portal.example/?eid=1"
	s.onReopen(history.Entry{Time: time.Now()}, rep)
	if len(s.portal.console.msgs) != 6 || !strings.HasPrefix(s.portal.console.count.Text, "9 messages") {
		t.Errorf("console: %d messages, count %q", len(s.portal.console.msgs), s.portal.console.count.Text)
	}
	if len(s.portal.network.reqs) != 5 || len(s.portal.network.navs) != 3 || len(s.portal.shots.shots) != 1 {
		t.Errorf("network %d, navigations %d, screenshots %d", len(s.portal.network.reqs), len(s.portal.network.navs), len(s.portal.shots.shots))
	}
	s.ShowTab(TabNetwork)
	if s.portal.tabs.Selected().Text != TabNetwork {
		t.Errorf("ShowTab(Network) shows %q", s.portal.tabs.Selected().Text)
	}
	s.ShowTab(TabConsole) // its title is "Console (3)"
	if s.portal.tabs.Selected().Text != "Console (3)" {
		t.Errorf("ShowTab(Console) shows %q", s.portal.tabs.Selected().Text)
	}
	s.FocusLogSearch(s.win.Canvas())
	if s.portal.tabs.Selected().Text != TabLog || s.win.Canvas().Focused() != s.log.search {
		t.Errorf("Ctrl+L: tab %q, focus %v", s.portal.tabs.Selected().Text, s.win.Canvas().Focused())
	}

	path := filepath.Join(t.TempDir(), "portal.har")
	if err := s.ExportHAR(path); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var har struct {
		Log struct {
			Version string
			Creator struct{ Name string }
			Pages   []struct {
				Title           string
				StartedDateTime string
			}
			Entries []struct {
				Request struct{ URL string }
				Error   string `json:"_error"`
			}
		}
	}
	if err := json.Unmarshal(raw, &har); err != nil {
		t.Fatalf("HAR: %v\n%s", err, raw)
	}
	l := har.Log
	if l.Version != "1.2" || l.Creator.Name != "mpsim" || len(l.Entries) != 5 || l.Pages[0].Title != rep.Launch.URL {
		t.Errorf("HAR log: version %q, creator %q, %d entries, pages %+v", l.Version, l.Creator.Name, len(l.Entries), l.Pages)
	}
	// Clock 0 is estimated from the logged pop-up: 10:00:01.5 less its 500 ms.
	if l.Pages[0].StartedDateTime != "2026-03-01T10:00:01.000Z" {
		t.Errorf("page started %q", l.Pages[0].StartedDateTime)
	}
	if l.Entries[3].Error != "TLS: unknown certificate authority" {
		t.Errorf("the TLS failure's _error is %q", l.Entries[3].Error)
	}
}

func TestHostNewSessionResetsPanels(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	s.onReopen(history.Entry{Time: time.Now()}, inspectedReport(t))
	test.Tap(s.openBtn)
	rep := waitReport(t, s, 1)
	if rep.Verdict != "pass" {
		t.Fatalf("verdict %q", rep.Verdict)
	}
	// The fake window records nothing of the portal: the report's empty
	// records replace the reopened ones.
	if len(s.portal.console.msgs) != 0 || len(s.portal.network.reqs) != 0 || len(s.portal.shots.shots) != 0 {
		t.Errorf("after a new session: %d messages, %d requests, %d screenshots",
			len(s.portal.console.msgs), len(s.portal.network.reqs), len(s.portal.shots.shots))
	}
	if err := s.ExportHAR(filepath.Join(t.TempDir(), "x.har")); err == nil {
		t.Error("ExportHAR with no requests succeeded")
	}
}

func TestHostConsoleEntriesStayOutOfTheLog(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.log.reset()
	s.portal.reset("")
	for _, e := range []session.LogEntry{
		{Kind: session.KindConsole, Console: &insp.ConsoleMessage{Level: "log", Text: "hi"}},
		{Kind: session.KindRequest, Request: &insp.Request{URL: "https://p.example/"}},
		{Kind: session.KindNavigation, Text: "popup https://ads.example/", Navigation: &insp.Navigation{Kind: insp.NavPopup, URL: "https://ads.example/"}},
	} {
		// As HostScreen.run hands each entry on.
		if !s.portal.observe(e) {
			s.onLogBatch([]session.LogEntry{e})
		}
	}
	if len(s.log.entries) != 1 || s.log.entries[0].Kind != session.KindNavigation {
		t.Errorf("the live log got %d entries, want the navigation only", len(s.log.entries))
	}
	if len(s.portal.console.msgs) != 1 || len(s.portal.network.reqs) != 1 || len(s.portal.network.navs) != 1 {
		t.Errorf("panels: %d messages, %d requests, %d navigations", len(s.portal.console.msgs), len(s.portal.network.reqs), len(s.portal.network.navs))
	}
}

// The host window's HAR export of a live session masks what its steps typed
// in secret (a value_env value, a fill the session found to be a password
// field), as every file a session writes does (secret QA): the Network
// panel masks its live requests too (liveMask), and the export masks
// them again with the secrets known when it runs, here requests put in
// the panel as the page sent them.
func TestExportHARMasksTheStepsSecrets(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	steps := []session.Step{
		{Action: session.StepFill, Target: "#pin", Value: "PinFromEnv77", Secret: true},
		{Action: session.StepFill, Target: "#pw", Value: "Hunter2-Lit!"},
	}
	s.mask.start(steps)
	s.log.reset()
	s.onLogBatch([]session.LogEntry{{Kind: session.KindStep, Step: &session.StepResult{Index: 2, Step: steps[1], FieldType: "password"}}})
	s.portal.network.reqs = []insp.Request{{Method: "GET", URL: "https://portal.example/signin/?pin=PinFromEnv77&pw=Hunter2-Lit%21", Status: 200}}
	path := filepath.Join(t.TempDir(), "live.har")
	if err := s.ExportHAR(path); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"PinFromEnv77", "Hunter2-Lit"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the HAR holds %q:\n%s", secret, raw)
		}
	}
	if !strings.Contains(string(raw), "portal.example/signin/") {
		t.Errorf("the HAR lost the request:\n%s", raw)
	}
}
