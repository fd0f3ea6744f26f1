package ui

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
	insp "mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// The secrets of the live-mask tests: a value_env PIN, and a password
// written in the scenario into a field whose selector does not name it
// (the session finds it a password field only when the fill has run).
const (
	livePIN  = "Pin+From=Env77"
	livePass = "Hunter2 Lit!"
)

// liveSecretForms are the texts the secrets may take on screen: as typed and
// as a form, encodeURIComponent or a fragment carries them.
var liveSecretForms = []string{livePIN, url.QueryEscape(livePIN), "Env77", livePass, url.QueryEscape(livePass), "Hunter2%20Lit", "Hunter2"}

// everyText is every text the window holds: the widgets' (shown or not)
// with each tab of the window in front in turn, every row of the log,
// the console, the network and the navigations selected in turn with
// what its detail shows, and the records the panels keep (the rows
// drawn from them).
func everyText(t *testing.T, s testScreen) string {
	t.Helper()
	var b strings.Builder
	add := func(v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(raw)
		b.WriteByte('\n')
	}
	add(s.log.entries)
	add(s.portal.console.msgs)
	add(s.portal.network.reqs)
	add(s.portal.network.navs)
	add(s.portal.shots.shots)
	add(s.life.lines)
	for row := range s.log.shown {
		s.log.list.Select(row)
		b.WriteString(s.log.inspector.Text + "\n")
	}
	for row := range s.portal.console.shown {
		s.portal.console.list.Select(row)
		b.WriteString(s.portal.console.detail.Text + "\n")
	}
	for row := range s.portal.network.reqs {
		s.portal.network.table.Select(widget.TableCellID{Row: row, Col: colURL})
		b.WriteString(s.portal.network.detail.Text + "\n" + s.portal.network.reqURL.label.Text + "\n")
	}
	for row := range s.portal.network.navs {
		s.portal.network.navList.Select(row)
		b.WriteString(s.portal.network.navDetail.Text + "\n" + s.portal.network.navURL.label.Text + "\n")
	}
	for _, tabs := range []*container.AppTabs{&s.leftTabs.AppTabs, &s.tabs.AppTabs, &s.portal.tabs.AppTabs, s.portal.network.tabs} {
		for _, it := range tabs.Items {
			tabs.Select(it)
			b.WriteString(strings.Join(widgetTexts(s.root), "\n") + "\n")
		}
	}
	return b.String()
}

// widgetTexts are the texts of the widgets under o, shown or not.
func widgetTexts(o fyne.CanvasObject) []string {
	var out []string
	switch v := o.(type) {
	case *canvas.Text:
		return []string{v.Text}
	case *widget.Label:
		out = append(out, v.Text)
	case *widget.Entry:
		out = append(out, v.Text)
	case *widget.RichText:
		out = append(out, v.String())
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, widgetTexts(c)...)
		}
		return out
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(w).Objects() {
			out = append(out, widgetTexts(c)...)
		}
	}
	return out
}

// noSecretIn fails t for each form of the secrets text holds.
func noSecretIn(t *testing.T, where, text string) {
	t.Helper()
	for _, f := range liveSecretForms {
		if strings.Contains(text, f) {
			i := strings.Index(text, f)
			t.Errorf("%s shows %q: …%s…", where, f, text[max(i-80, 0):min(i+80, len(text))])
		}
	}
}

// liveEntry hands e to the window as HostScreen.run does (Fyne's test
// driver applies it at once).
func liveEntry(s testScreen, e session.LogEntry) {
	if !s.portal.observe(e) {
		s.onLogBatch([]session.LogEntry{e})
	}
}

// While a session whose steps fill secrets runs, no live view of the
// window — the log and its inspector, the console, the network and its
// details, the status line, the result card, the lifecycle — shows them:
// not the value_env PIN, known secret from the start, nor the password
// the page echoed before the fill's result said its field was a password
// field (the rows shown and selected then are masked again). Before,
// only the files the session wrote were masked (livemask QA).
func TestLiveViewsMaskTheStepsSecrets(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	steps := []session.Step{
		{Action: session.StepFill, Target: "#user", Value: "ann@example.com"},
		{Action: session.StepFill, Target: "#pin", Value: livePIN, ValueEnv: "PIN", Secret: true},
		{Action: session.StepFill, Target: "#secret", Value: livePass},
	}
	const portal = "https://portal.example"
	s.mask.start(steps)
	s.log.reset()
	s.portal.reset(portal + "/buy")
	s.result.running(portal + "/buy")
	step := func(i int, fieldType string) session.LogEntry {
		return session.LogEntry{Kind: session.KindStep, Text: steps[i-1].Shown().String(),
			Step: &session.StepResult{Index: i, Step: steps[i-1].Shown(), OK: true, FieldType: fieldType, Detail: "filled"}}
	}
	signIn := portal + "/signin/?user=ann%40example.com&pin=" + url.QueryEscape(livePIN) + "&sw=" + url.QueryEscape(livePass)
	for _, e := range []session.LogEntry{
		step(1, "email"),
		step(2, "tel"),
		// The page echoes the password as it is typed, before the fill's
		// result: it is no secret yet.
		{Kind: session.KindConsole, Console: &insp.ConsoleMessage{Kind: "call", Level: "log", Text: "typed " + livePass + " and " + livePIN}},
		{Kind: session.KindRequest, Request: &insp.Request{ID: 1, Method: "GET", URL: signIn, Status: 200, Bytes: -1,
			RequestHeaders: []insp.Header{{Name: "X-Pin", Value: livePIN}, {Name: "X-Pass", Value: livePass}}}},
		{Kind: session.KindNavigated, URL: signIn, Text: signIn},
		{Kind: session.KindProbe, URL: signIn, Text: "DOM probe at first-paint", Probe: &insp.Probe{Label: "first-paint", URL: signIn, Title: "Welcome " + livePass}},
		{Kind: session.KindNavigation, URL: portal + "/#sw=Hunter2%20Lit!", Text: "same-document " + portal + "/#sw=Hunter2%20Lit!",
			Navigation: &insp.Navigation{Kind: insp.NavSameDocument, URL: portal + "/#sw=Hunter2%20Lit!"}},
	} {
		liveEntry(s, e)
	}
	// What was shown before is masked again once the fill's result says
	// it typed a password, the rows selected too.
	s.portal.console.list.Select(0)
	s.portal.network.table.Select(widget.TableCellID{Row: 0, Col: colURL})
	s.portal.network.navList.Select(0)
	s.log.list.Select(len(s.log.shown) - 1)
	liveEntry(s, step(3, "password"))
	status := s.status.Text // the page's route, with the password in its fragment
	for _, e := range []session.LogEntry{
		{Kind: session.KindConsole, Console: &insp.ConsoleMessage{Kind: "call", Level: "error", Text: "again " + livePass}},
		{Kind: session.KindLifecycle, Text: "registered as " + livePass, Lifecycle: &session.LifecycleEvent{Step: session.StepRegistered, State: livePass}},
		{Kind: session.KindResult, Result: &bridge.Result{Success: true, ICCID: "8988247000101997790",
			PurchaseResult: bridge.PurchaseResult{PlanName: "Plan of " + livePass, UserAccount: livePIN}}},
	} {
		liveEntry(s, e)
	}
	// Each view, as shown, with its selection.
	for name, text := range map[string]string{
		"the console's detail":    s.portal.console.detail.Text,
		"the request's detail":    s.portal.network.detail.Text + s.portal.network.reqURL.label.Text,
		"the navigation's detail": s.portal.network.navDetail.Text + s.portal.network.navURL.label.Text,
		"the log's inspector":     s.log.inspector.Text,
		"the status line":         status,
		"the result card":         s.result.values["planName"].Text + s.result.values["userAccount"].Text,
		"the lifecycle":           s.life.events.Text + s.life.regState.Text,
	} {
		noSecretIn(t, name, text)
		if !strings.Contains(text, session.Masked) {
			t.Errorf("%s shows no %s: %q", name, session.Masked, text)
		}
	}
	all := everyText(t, s)
	noSecretIn(t, "the window", all)
	for _, keep := range []string{"ann%40example.com", "Welcome " + session.Masked, "Plan of " + session.Masked} {
		if !strings.Contains(all, keep) {
			t.Errorf("the window lost %q", keep)
		}
	}
}

// A scenario run in the window with a value_env PIN and a password the
// session finds in a field not named for it: the Log, the Scenario's
// steps and every other view show neither while it runs nor after it
// ended, and a reopened history entry (masked on disk) shows neither.
func TestScenarioSecretsStayMaskedOnScreen(t *testing.T) {
	t.Setenv("LIVEMASK_PIN", livePIN)
	src := `
[[scenario]]
name = "secret"
portal = "https://portal.example/buy"
sims = ["psim"]

[[scenario.steps]]
fill = "#pin"
value_env = "LIVEMASK_PIN"

[[scenario.steps]]
fill = "#secret"
value = "` + livePass + `"

[[scenario.steps]]
fill = "#confirm"
value = "` + livePass + `"

[[scenario.steps]]
click_text = "Buy now"
`
	// The page echoes what the steps type in a request (and the password
	// in a console line) before each fill's result, and the step waits
	// until the window has them: in Fyne's test driver the session's
	// goroutine would otherwise draw the panels while the steps'
	// goroutine draws the log, which the race detector flags in Fyne's
	// font cache (the window draws on one goroutine).
	var s testScreen
	echoed := 0
	echo := func(w *sessiontest.FakeWindow, evs ...session.Event) {
		for _, ev := range evs {
			w.Emit(ev)
		}
		echoed += len(evs)
		waitFor(t, "the page's echo", func() bool {
			s.portal.feed.applying.Lock()
			defer s.portal.feed.applying.Unlock()
			return len(s.portal.console.msgs)+len(s.portal.network.reqs) >= echoed
		})
	}
	opener := stepPortal(t, nil)
	answer := opener.Step
	opener.Step = func(w *sessiontest.FakeWindow, body string) (string, error) {
		base := strings.SplitN(w.Spec.URL, "?", 2)[0]
		req := func(id int, query string) session.Event {
			return session.Event{Type: session.WindowRequest, Request: &insp.Request{ID: id, Method: "GET", URL: base + "?" + query, Status: 204, Bytes: -1}}
		}
		switch {
		case strings.Contains(body, `"#pin"`):
			echo(w, req(1, "pin="+url.QueryEscape(livePIN)))
			return `{"ok":true,"detail":"filled <input#pin>","fieldType":"tel"}`, nil
		case strings.Contains(body, `"#secret"`), strings.Contains(body, `"#confirm"`):
			echo(w, session.Event{Type: session.WindowConsole, Console: &insp.ConsoleMessage{Kind: "call", Level: "log", Text: "typed " + livePass}},
				req(echoed+2, "sw="+url.QueryEscape(livePass)))
			return `{"ok":true,"detail":"filled <input#secret>","fieldType":"password"}`, nil
		}
		return answer(w, body)
	}
	store := &history.Store{Dir: filepath.Join(t.TempDir(), "history")}
	s, _ = historyScreen(t, t.TempDir(), store, opener)
	if err := s.OpenScenario(writeScenario(t, "secret.toml", src)); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Join(rowTexts(s), "\n"); strings.Contains(rows, livePIN) || !strings.Contains(rows, session.Masked) {
		t.Errorf("the Scenario tab before the run:\n%s", rows)
	}
	s.RunScenario()
	rep := waitReport(t, s, 1)
	if rep.Verdict != bridge.VerdictPass {
		t.Errorf("verdict %s, findings %+v", rep.Verdict, rep.Findings)
	}
	rows := strings.Join(rowTexts(s), "\n")
	noSecretIn(t, "the Scenario's steps", rows)
	if strings.Count(rows, session.Masked) < 3 {
		t.Errorf("the Scenario's steps do not mask the three fills:\n%s", rows)
	}
	noSecretIn(t, "the window after the run", everyText(t, s))
	if len(s.history.entries) != 1 {
		t.Fatalf("history: %d entries", len(s.history.entries))
	}
	s.history.reload()
	s.history.list.Select(0)
	waitFor(t, "the reopened session", func() bool { return strings.HasPrefix(s.status.Text, "Reopened") })
	all := everyText(t, s)
	noSecretIn(t, "the reopened session", all)
	if !strings.Contains(all, session.Masked) {
		t.Error("the reopened session shows nothing masked")
	}
}
