package ui

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	_ "mpsim/app/internal/localefix"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
)

const uiToken = "ui-test-token"

// envelope builds a bridge envelope as the shim would, for the page at pageURL.
func envelope(api, pageURL string, args ...any) string {
	raw := make([]json.RawMessage, len(args))
	for i, a := range args {
		if m, ok := a.(json.RawMessage); ok {
			raw[i] = m
			continue
		}
		raw[i], _ = json.Marshal(a)
	}
	env, _ := json.Marshal(map[string]any{"token": uiToken, "api": api, "args": raw, "pageUrl": pageURL, "opId": "op-1"})
	return string(env)
}

// portalPlays returns an OnOpen that plays a portal handing back payload
// built from the launch URL the host opened.
func portalPlays(t *testing.T, success bool) func(w *sessiontest.FakeWindow) {
	return func(w *sessiontest.FakeWindow) {
		u, err := url.Parse(w.Spec.URL)
		if err != nil {
			t.Error(err)
			return
		}
		tx := u.Query().Get("transactionId")
		pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`
		payload, _ := json.Marshal(map[string]any{"ver": "1", "success": success, "iccid": "8988247000101997790",
			"activationCode": "1$smdp.contoso.example$ABC-123", "transactionId": tx, "purchaseResult": pr})
		w.Envelope(envelope("DataMart.notifyPurchaseResult", w.Spec.URL, string(payload)))
	}
}

// testScreen is a host screen in a test window.
type testScreen struct {
	*HostScreen
	win    fyne.Window
	app    fyne.App
	opener *sessiontest.FakeOpener
}

func newTestScreen(t *testing.T, opener *sessiontest.FakeOpener) testScreen {
	t.Helper()
	return newTestScreenWith(t, opener, nil)
}

// newTestScreenWith is newTestScreen with its Deps changed by edit first.
func newTestScreenWith(t *testing.T, opener *sessiontest.FakeOpener, edit func(*Deps)) testScreen {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	h := workspace.New(t.TempDir(), 7)
	t.Cleanup(func() { _ = h.Close() })
	deps := Deps{Workspace: workspace.Runner{Workspace: h, Opener: opener}, NewToken: func() string { return uiToken }, App: a}
	if edit != nil {
		edit(&deps)
	}
	s := NewHostScreen(deps)
	w := test.NewWindow(s.BuildUI())
	w.Resize(fyne.NewSize(1100, 720))
	s.AddShortcuts(w.Canvas())
	t.Cleanup(w.Close)
	return testScreen{HostScreen: s, win: w, app: a, opener: opener}
}

// waitFor polls cond (the widgets are updated through fyne.Do).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func waitReport(t *testing.T, s testScreen, n int) *session.Report {
	t.Helper()
	// Only state under s.mu is polled: seeing the n-th session ended there orders the session goroutine's UI
	// writes (the history among them) before the reads that follow. The test driver's fyne.Do runs on the
	// calling goroutine, not a UI thread, so reading a widget while waiting would race with the next session.
	waitFor(t, "the session report", func() bool { return !s.isRunning() && s.LastReport() != nil && s.endedSessions() >= n })
	return s.LastReport()
}

func TestOpenPortalShowsHandBack(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	if !strings.Contains(s.launch.url.Text, "eid=") {
		t.Fatalf("default eSIM launch URL has no eid: %q", s.launch.url.Text)
	}
	test.Tap(s.openBtn)
	rep := waitReport(t, s, 1)
	if rep.Verdict != "pass" {
		t.Fatalf("verdict %q, findings %+v", rep.Verdict, rep.Findings)
	}
	if !strings.HasPrefix(s.result.verdict.Text, "PASS") {
		t.Errorf("verdict label = %q", s.result.verdict.Text)
	}
	if got := s.result.values["planName"].Text; got != "MyPlan" {
		t.Errorf("planName label = %q", got)
	}
	if got := s.result.values["iccid"].Text; got != "8988247000101997790" {
		t.Errorf("iccid label = %q", got)
	}
	if s.openBtn.Disabled() || s.launch.openBtn.Disabled() {
		t.Error("Open portal stays disabled after the session")
	}
	if !s.stopBtn.Disabled() {
		t.Error("Close portal stays enabled after the session")
	}
	spec := s.opener.Windows()[0].Spec
	if len(spec.Certs) == 0 {
		t.Error("the demo portal's certificate is not pinned")
	}
	if spec.Debug {
		t.Error("DevTools on without being asked for")
	}
	if len(s.log.entries) == 0 || !strings.Contains(s.log.count.Text, "1 bridge call") {
		t.Errorf("live log: %d entries, count %q", len(s.log.entries), s.log.count.Text)
	}
	if !strings.Contains(s.status.Text, "verdict pass") {
		t.Errorf("status = %q", s.status.Text)
	}
	// The installed profile was saved and shows on the device panel.
	if !strings.Contains(profilesText(s), "8988247000101997790") {
		t.Errorf("device profiles after the hand-back: %q", profilesText(s))
	}
}

func profilesText(s testScreen) string {
	var b strings.Builder
	for _, o := range s.device.profiles.Objects {
		if c, ok := o.(*fyne.Container); ok && len(c.Objects) > 0 { // a profile with its Remove button
			o = c.Objects[0]
		}
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

func TestSIMChoiceChangesLaunch(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.device.sim.SetSelected("Physical SIM")
	if !strings.Contains(s.launch.url.Text, "iccid=") || strings.Contains(s.launch.url.Text, "eid=") {
		t.Errorf("physical SIM launch URL = %q", s.launch.url.Text)
	}
	if s.device.eid.value.Text != "—" {
		t.Errorf("physical SIM shows EID %q", s.device.eid.value.Text)
	}
	if !strings.Contains(s.device.note.Text, "per-session view") {
		t.Errorf("a per-session view is not said: %q", s.device.note.Text)
	}
	_ = s.launch.langs.Set("ja-JP,ja")
	if !strings.Contains(s.launch.headers.Text, "Accept-Language: ja-JP,ja;q=0.90") {
		t.Errorf("headers = %q", s.launch.headers.Text)
	}
	_ = s.launch.langs.Set("C")
	if !s.launch.problem.Visible() || !strings.Contains(strings.ToLower(s.launch.problem.Text), "language") {
		t.Errorf("invalid language not reported: %q", s.launch.problem.Text)
	}
	if !s.launch.copyURL.Disabled() {
		t.Error("Copy URL enabled without a launch URL")
	}
}

func TestLaunchFormFieldsAndCopy(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	_ = s.launch.market.Set("FR")
	_ = s.launch.extra.Set("futureParam=1\nx=y")
	s.launch.generation.SetSelected("dynamo-2018")
	u := s.launch.url.Text
	for _, want := range []string{"market=FR", "futureParam=1", "x=y"} {
		if !strings.Contains(u, want) {
			t.Errorf("launch URL %q lacks %s", u, want)
		}
	}
	if strings.Contains(u, "imei=") {
		t.Errorf("dynamo-2018 launch sends imei: %q", u)
	}
	test.Tap(s.launch.copyURL)
	if got := s.app.Clipboard().Content(); got != u {
		t.Errorf("clipboard %q, want the launch URL %q", got, u)
	}
	test.Tap(s.launch.copyHdrs)
	if got := s.app.Clipboard().Content(); !strings.HasPrefix(got, "Accept-Language: ") {
		t.Errorf("clipboard after Copy headers = %q", got)
	}
	_ = s.launch.extra.Set("no-equals-sign")
	if !s.launch.problem.Visible() {
		t.Error("a malformed extra parameter is not reported")
	}
}

func TestPresetFillsFormAndBadges(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	if got := s.device.eid.badge.Text; got != "valid" {
		t.Errorf("EID badge = %q", got)
	}
	s.SelectPreset("bad-eid-check-digits")
	if got := s.device.eid.badge.Text; got != "INVALID" {
		t.Errorf("EID badge with bad-eid-check-digits = %q (EID row %q)", got, s.device.eid.value.Text)
	}
	if !strings.Contains(s.launch.presetInfo.Text, "A correct portal: moDirectStatus InvalidSIM") {
		t.Errorf("preset info = %q", s.launch.presetInfo.Text)
	}
	s.SelectPreset("french-user")
	if m, _ := s.launch.market.Get(); m != "FR" {
		t.Errorf("market after french-user = %q", m)
	}
	if !strings.Contains(s.launch.headers.Text, "fr-FR,fr;q=0.90,en;q=0.80") {
		t.Errorf("headers after french-user = %q", s.launch.headers.Text)
	}
	s.SelectPreset("physical-sim")
	if s.device.sim.Selected != "Physical SIM" {
		t.Errorf("SIM after physical-sim preset = %q", s.device.sim.Selected)
	}
	s.SelectPreset("bad-iccid-check-digit")
	if got := s.device.iccid.badge.Text; got != "WARNING" {
		t.Errorf("ICCID badge with bad-iccid-check-digit = %q, want WARNING (contract §5 #17)", got)
	}
	test.Tap(s.openBtn)
	rep := waitReport(t, s, 1)
	if !strings.HasPrefix(rep.Expectation, "moDirectStatus InvalidSIM") {
		t.Errorf("report expectation = %q", rep.Expectation)
	}
	if !s.result.expectBox.Visible() || s.result.expectation.Text != rep.Expectation {
		t.Errorf("result card expectation = %q (visible %v)", s.result.expectation.Text, s.result.expectBox.Visible())
	}
	// A bad Luhn digit is warned about, not rejected (contract §5 #17): the
	// preset checks no status, so a Complete hand-back is neither met nor
	// not met.
	if s.result.expectMet.Visible() {
		t.Errorf("a Complete hand-back for bad-iccid-check-digit, which checks no status: expectation line %q", s.result.expectMet.Text)
	}
	if !strings.Contains(s.history.empty.Text, "1 session (this run only)") {
		t.Errorf("history = %q", s.history.empty.Text)
	}
	saved := filepath.Join(t.TempDir(), "report.json")
	if err := s.SaveReport(saved); err != nil {
		t.Fatal(err)
	}
	var back session.Report
	if data, err := os.ReadFile(saved); err != nil || json.Unmarshal(data, &back) != nil || back.Expectation != rep.Expectation || back.Verdict != rep.Verdict {
		t.Errorf("saved report does not read back: %v %+v", err, back.Verdict)
	}
	if got := historyLine(s.history.entries[0]); !strings.Contains(got, "preset bad-iccid-check-digit") {
		t.Errorf("history line = %q", got)
	}
}

func TestRegenerateAndClearLPAErrors(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	before := s.device.eid.value.Text
	test.Tap(s.device.regen)
	if after := s.device.eid.value.Text; after == before || after == "—" {
		t.Errorf("EID after Regenerate = %q (before %q)", after, before)
	}
	if !s.device.clearLPA.Disabled() {
		t.Error("Clear LPA errors enabled without errors")
	}
	d := s.deps.Workspace.SavedDevice()
	if err := d.RecordLPAError(simulator.DemoOperatorName, "ServerFailure", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.deps.Workspace.SaveDevice(d); err != nil {
		t.Fatal(err)
	}
	s.refresh()
	if !strings.Contains(s.device.lpa.Text, "ServerFailure") || !strings.Contains(s.launch.headers.Text, "X-MP-LPAError-Codes: ServerFailure") {
		t.Errorf("LPA error not shown: %q / headers %q", s.device.lpa.Text, s.launch.headers.Text)
	}
	test.Tap(s.device.clearLPA)
	if s.device.lpa.Text != "none" || strings.Contains(s.launch.headers.Text, "X-MP-LPAError") {
		t.Errorf("after Clear LPA errors: %q / headers %q", s.device.lpa.Text, s.launch.headers.Text)
	}
}

func TestNoCallbackVerdictShown(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }})
	test.Tap(s.openBtn)
	rep := waitReport(t, s, 1)
	if rep.Verdict != "no-callback" {
		t.Fatalf("verdict %q", rep.Verdict)
	}
	if !strings.HasPrefix(s.result.verdict.Text, "NO CALL-BACK") {
		t.Errorf("verdict label = %q", s.result.verdict.Text)
	}
	if s.result.verdict.Importance != verdictImportance("no-callback") {
		t.Errorf("verdict colour = %v", s.result.verdict.Importance)
	}
}

func TestLogInspectorShowsCallJSON(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	call := -1
	for i, e := range s.log.entries {
		if e.Call != nil {
			call = i
		}
	}
	if call < 0 {
		t.Fatalf("no bridge call in the live log: %+v", s.log.entries)
	}
	if !s.log.copyBtn.Disabled() {
		t.Error("Copy JSON enabled with nothing selected")
	}
	s.log.list.Select(call)
	js := s.log.inspector.Text
	for _, want := range []string{`"api": "DataMart.notifyPurchaseResult"`, `"parsed"`, `"planName": "MyPlan"`, `"origin": "https://127.0.0.1:`, `"accepted": true`} {
		if !strings.Contains(js, want) {
			t.Errorf("inspector lacks %s:\n%s", want, js)
		}
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Errorf("inspector is not JSON: %v", err)
	}
	test.Tap(s.log.copyBtn)
	if got := s.app.Clipboard().Content(); got != js {
		t.Errorf("clipboard = %q", got)
	}
	row := formatLog(s.log.entries[call])
	if !strings.Contains(row, "call") || !strings.Contains(row, "from https://127.0.0.1:") {
		t.Errorf("log row = %q", row)
	}
}

func TestLifecyclePickersFeedTheSession(t *testing.T) {
	inline := func(w *sessiontest.FakeWindow) {
		meta := json.RawMessage(`{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"Contoso 5 GB"}`)
		w.Envelope(envelope("MobilePlansInlineOperations.notifyProfileDownload", w.Spec.URL, meta, "1$smdp.contoso.example$ABCD-1234"))
		deadline := time.Now().Add(5 * time.Second)
		for len(w.Evals()) == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
		w.UserClose()
	}
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: inline})
	if n := len(s.life.activation.Options); n != 31 {
		t.Errorf("activation results: %d, want 31", n)
	}
	if n := len(s.life.registration.Options); n != 7 {
		t.Errorf("registration states: %d, want 7", n)
	}
	s.life.activation.SetSelected("serverFailure")
	s.life.registration.SetSelected("roaming")
	s.life.download.SetSelected("0.5 s")
	s.life.clock.SetSelected(clockSpeeds[3].label)
	if lc := s.life.config(); lc.ActivationResult != "serverFailure" || lc.RegistrationState != "roaming" || lc.ClockSpeed != 3600 || lc.DownloadTime != 500*time.Millisecond {
		t.Errorf("lifecycle config = %+v", lc)
	}
	test.Tap(s.openBtn)
	rep := waitReport(t, s, 1)
	if len(rep.Callbacks) == 0 || !strings.Contains(string(rep.Callbacks[0].Args), "serverFailure") {
		t.Fatalf("call-backs = %+v", rep.Callbacks)
	}
	if !strings.HasPrefix(s.life.activated.Text, "serverFailure") {
		t.Errorf("activation label = %q", s.life.activated.Text)
	}
	if !strings.Contains(s.life.stage.Text, "failed") {
		t.Errorf("stage = %q", s.life.stage.Text)
	}
	if s.life.progress.Value < 0.5 {
		t.Errorf("progress = %v", s.life.progress.Value)
	}
	// The failed download is recorded on the device for the next launch.
	if !strings.Contains(s.launch.headers.Text, "X-MP-LPAError-Codes: ServerFailure") {
		t.Errorf("next launch headers = %q", s.launch.headers.Text)
	}
}

func TestHistoryReopensReport(t *testing.T) {
	n := 0
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		n++
		if n == 1 {
			portalPlays(t, true)(w)
			return
		}
		w.UserClose()
	}}
	s := newTestScreen(t, opener)
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	test.Tap(s.openBtn)
	rep := waitReport(t, s, 2)
	if rep.Verdict != "no-callback" {
		t.Fatalf("second verdict %q", rep.Verdict)
	}
	s.ShowTab(TabHistory)
	s.history.list.Select(1) // newest first: row 1 is the first session
	if !strings.HasPrefix(s.result.verdict.Text, "PASS") {
		t.Errorf("reopened verdict = %q", s.result.verdict.Text)
	}
	if s.tabs.Selected().Text != TabResult {
		t.Errorf("tab after reopening = %q", s.tabs.Selected().Text)
	}
	if got := s.result.values["planName"].Text; got != "MyPlan" {
		t.Errorf("reopened planName = %q", got)
	}
	calls := 0
	for _, e := range s.log.entries {
		if e.Call != nil {
			calls++
		}
	}
	if calls != 1 {
		t.Errorf("reopened log has %d calls", calls)
	}
}

func TestKeyboardShortcuts(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{}) // the portal never hands back
	sc := s.win.Canvas().(fyne.Shortcutable)
	sc.TypedShortcut(ShortcutOpen())
	waitFor(t, "the first portal window", func() bool { return len(s.opener.Windows()) == 1 })
	if !s.openBtn.Disabled() || s.stopBtn.Disabled() {
		t.Error("buttons do not show a running session")
	}
	sc.TypedShortcut(ShortcutOpen()) // ignored while running
	sc.TypedShortcut(ShortcutRelaunch())
	waitFor(t, "the relaunched portal window", func() bool { return len(s.opener.Windows()) == 2 })
	if r := s.opener.Windows()[0].CloseReason(); r == "" {
		t.Error("Relaunch did not close the first window")
	}
	if s.LastReport() == nil || s.LastReport().Ended != session.EndedCancelled {
		t.Errorf("first session's report: %+v", s.LastReport())
	}
	u0, u1 := s.opener.Windows()[0].Spec.URL, s.opener.Windows()[1].Spec.URL
	if u0 == u1 {
		t.Error("the relaunch reused the transactionId")
	}
	s.Stop()
	waitFor(t, "the end of the second session", func() bool { return !s.isRunning() })
	sc.TypedShortcut(ShortcutPresenter())
	if on, _ := s.presenterMode.Get(); !on {
		t.Error("Ctrl+P did not turn presenter mode on")
	}
}

func TestDevToolsToggle(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.UserClose() }})
	_ = s.devTools.Set(true)
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	if !s.opener.Windows()[0].Spec.DevTools {
		t.Error("DevTools checked but the portal window was opened without debug")
	}
}

func TestThemeToggle(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.SetDark(true)
	dark := s.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight)
	if want := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark); dark != want {
		t.Errorf("dark background = %v, want %v", dark, want)
	}
	s.SetDark(false)
	light := s.app.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark)
	if want := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight); light != want {
		t.Errorf("light background = %v, want %v", light, want)
	}
	if s.presView.Theme.Size(theme.SizeNameText) <= theme.DefaultTheme().Size(theme.SizeNameText) {
		t.Error("presenter mode has no large type")
	}
}

func TestPresenterMode(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	test.Tap(s.presenterCheck)
	if s.root.Objects[0] != s.presView {
		t.Fatal("presenter mode does not show the presenter view")
	}
	if !strings.Contains(s.presenter.caption.Text, "Contoso Mobile") || s.presenter.step != 0 {
		t.Errorf("step %d caption %q", s.presenter.step, s.presenter.caption.Text)
	}
	test.Tap(s.presenter.tile)
	waitReport(t, s, 1)
	if s.presenter.step != 2 || s.presenter.outcome.Text != "You're connected: MyPlan" {
		t.Errorf("step %d outcome %q", s.presenter.step, s.presenter.outcome.Text)
	}
	// An audience sees no identifiers unless asked, and a large restart.
	if strings.Contains(s.presenter.detail.Text, "ICCID") || s.presenter.ids.Visible() {
		t.Errorf("identifiers shown without being asked: %q", s.presenter.detail.Text)
	}
	if !s.presenter.restart.Visible() {
		t.Error("no Start again after the session")
	}
	// The whole story, Start again included, fits the default 1240x660
	// window (a 720p projector) without scrolling.
	s.win.Resize(fyne.NewSize(1240, 660))
	if need, have := s.presenter.scroll.Content.MinSize().Height, s.presenter.scroll.Size().Height; need > have {
		t.Errorf("the presenter's end needs %.0f px, the window shows %.0f: Start again is cut off", need, have)
	}
	s.presenter.showIDs.SetChecked(true)
	if !s.presenter.ids.Visible() || !strings.Contains(s.presenter.ids.Text, "transactionId") {
		t.Errorf("identifiers when asked: %q (visible %v)", s.presenter.ids.Text, s.presenter.ids.Visible())
	}
	for i, l := range s.presenter.steps {
		if l.Importance == widget.LowImportance {
			t.Errorf("step %d is greyed out (low importance)", i)
		}
	}
	test.Tap(s.presenter.restart)
	waitReport(t, s, 2)
	s.SetPresenter(false)
	if s.root.Objects[0] != s.devView {
		t.Error("leaving presenter mode does not show the developer view")
	}
}

func TestTrustCertAndNotifyHostsReachTheSession(t *testing.T) {
	// The hand-back comes from 127.0.0.2, which only the notify hosts allow.
	opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		u, _ := url.Parse(w.Spec.URL)
		tx := u.Query().Get("transactionId")
		payload, _ := json.Marshal(map[string]any{"ver": "1", "success": false, "iccid": "", "activationCode": "", "transactionId": tx,
			"purchaseResult": `{"userAccount":"Bailed","purchaseInstrument":"None","line":"None","moDirectStatus":"None","planName":""}`})
		w.Envelope(envelope("DataMart.notifyPurchaseResult", "https://127.0.0.2/notify", string(payload)))
	}}
	s := newTestScreen(t, opener)
	_ = s.launch.trustCert.Set("/nonexistent/portal.pem")
	test.Tap(s.openBtn)
	if !strings.Contains(s.status.Text, "trust cert") {
		t.Fatalf("a missing certificate file is not reported: status %q", s.status.Text)
	}
	if len(opener.Windows()) != 0 {
		t.Fatal("the portal opened despite the bad certificate path")
	}
	_ = s.launch.trustCert.Set("")
	_ = s.launch.notifyHosts.Set("notify.contoso.example, 127.0.0.2")
	test.Tap(s.openBtn)
	rep := waitReport(t, s, 1)
	if rep.Verdict != "pass" || len(rep.Calls) != 1 || !rep.Calls[0].Accepted {
		t.Errorf("verdict %q calls %+v: the notify host's hand-back was not accepted", rep.Verdict, rep.Calls)
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		noun string
		want string
	}{
		{0, "finding", "0 findings"}, {1, "finding", "1 finding"}, {2, "entry", "2 entries"},
		{1, "entry", "1 entry"}, {3, "session", "3 sessions"}, {2, "bridge call", "2 bridge calls"}, {2, "key", "2 keys"},
		{2, "design policy", "2 design policies"}, {1, "expectation", "1 expectation"},
	}
	for _, tt := range tests {
		if got := plural(tt.n, tt.noun); got != tt.want {
			t.Errorf("plural(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}

// TestWatchReopensThePortalOnAChange is the developer loop: with Watch on, a
// save in the portal's folder opens the portal again with the same launch
// form, each save gives a new report, and the status says what it changed.
func TestWatchReopensThePortalOnAChange(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	dir := t.TempDir()
	s.SetWatch(dir, true)
	if !strings.Contains(s.status.Text, "Watching") {
		t.Fatalf("status after Watch on = %q", s.status.Text)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitReport(t, s, 1)
	waitFor(t, "the first verdict in the status", func() bool { return strings.HasPrefix(s.status.Text, "Session ended") })
	if strings.Contains(s.status.Text, "Since the last run") {
		t.Errorf("the first run compares itself with nothing: %q", s.status.Text)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("v2"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitReport(t, s, 2)
	// It says what the change did: nothing, the same portal playing.
	waitFor(t, "what the change did", func() bool {
		return strings.Contains(s.status.Text, "Since the last run: the same verdict and errors and warnings.")
	})
	ws := s.opener.Windows()
	if len(ws) != 2 {
		t.Fatalf("windows opened = %d, want 2", len(ws))
	}
	// The same launch again, as a Relaunch does: the same portal, market,
	// location, device identifiers, languages and headers. Like every launch
	// of the app it has a transactionId of its own, and iccids lists what
	// the device holds now (the first session installed a profile).
	a, b := ws[0].Spec, ws[1].Spec
	same := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Del("transactionId")
		q.Del("iccids")
		u.RawQuery = q.Encode()
		return u.String()
	}
	if same(a.URL) != same(b.URL) || strings.Join(a.Languages, ",") != strings.Join(b.Languages, ",") || fmt.Sprint(a.Headers) != fmt.Sprint(b.Headers) {
		t.Errorf("the change opened another launch:\n%s %v %v\n%s %v %v", a.URL, a.Languages, a.Headers, b.URL, b.Languages, b.Headers)
	}
	s.SetWatch("", false)
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("v3"), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(800 * time.Millisecond)
	if n := len(s.opener.Windows()); n != 2 {
		t.Errorf("a change after Watch off opened the portal again (%d windows)", n)
	}
}

// TestWatchResetsTheResult: a change clears the last verdict, findings and
// portal panels at once, before the new session hands back, so a stale
// verdict is never mistaken for the edited portal's (issue 16).
func TestWatchResetsTheResult(t *testing.T) {
	release := make(chan struct{})
	var opened sync.WaitGroup
	opened.Add(2)
	first := true
	var mu sync.Mutex
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		mu.Lock()
		wait := !first
		first = false
		mu.Unlock()
		opened.Done()
		if wait {
			<-release // the edited portal is still loading
		}
		portalPlays(t, false)(w) // success false: findings to clear
	}})
	dir := t.TempDir()
	s.SetWatch(dir, true)
	t.Cleanup(func() { s.SetWatch("", false) })
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitReport(t, s, 1)
	waitFor(t, "the first verdict", func() bool { return s.result.rep != nil && len(s.result.findingRows) > 0 })
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("v2"), 0o644); err != nil {
		t.Fatal(err)
	}
	opened.Wait()
	waitFor(t, "the result to reset", func() bool {
		return s.result.rep == nil && s.result.verdict.Text == "Session running…" && len(s.result.findingRows) == 0 && s.result.copyBtn.Disabled()
	})
	if len(s.portal.network.reqs) != 0 || len(s.portal.network.navs) != 0 {
		t.Errorf("the network panel kept the last session's rows: %d requests, %d navigations", len(s.portal.network.reqs), len(s.portal.network.navs))
	}
	close(release)
	waitReport(t, s, 2)
	waitFor(t, "the new verdict", func() bool { return s.result.rep != nil })
}

func TestWatchRefusesAMissingFolder(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.SetWatch(filepath.Join(t.TempDir(), "nope"), true)
	if s.launch.watchOn.Checked || !strings.Contains(s.status.Text, "no such file") {
		t.Errorf("Watch on a missing folder: checked %v, status %q", s.launch.watchOn.Checked, s.status.Text)
	}
}

func TestPresenterExpectationInPlainWords(t *testing.T) {
	met, missed := true, false
	rep := session.Report{ExpectedStatus: []string{"InvalidSIM"}, ExpectationMet: &met}
	if got := presenterExpectation(rep); got != "As intended for this test: the portal should refuse the SIM, and it did." {
		t.Errorf("met: %q", got)
	}
	rep.ExpectationMet = &missed
	rep.ExpectedStatus = []string{"ClientError", "InvalidSIM"}
	if got := presenterExpectation(rep); got != "Not as intended for this test: the portal should refuse the request or refuse the SIM." {
		t.Errorf("missed: %q", got)
	}
	if got := presenterExpectation(session.Report{Expectation: "works without imei"}); got != "" {
		t.Errorf("prose only: %q", got)
	}
}

// TestLogFilterAndSearch: the live log shows what the filter and the search
// let through, and a selected row inspects the right entry.
func TestLogFilterAndSearch(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	all := len(s.log.shown)
	if all != len(s.log.entries) || all == 0 {
		t.Fatalf("unfiltered log shows %d of %d", all, len(s.log.entries))
	}
	s.log.filter.SetSelected(filterCalls)
	if len(s.log.shown) != 1 || s.log.entries[s.log.shown[0]].Call == nil {
		t.Fatalf("bridge-call filter shows %d rows", len(s.log.shown))
	}
	if !strings.Contains(s.log.count.Text, "1 shown of") {
		t.Errorf("count = %q", s.log.count.Text)
	}
	s.log.list.Select(0)
	if !strings.Contains(s.log.inspector.Text, "DataMart.notifyPurchaseResult") {
		t.Errorf("inspector after selecting the filtered row: %q", s.log.inspector.Text)
	}
	s.log.filter.SetSelected(filterAll)
	test.Type(s.log.search, "origin-")
	for _, i := range s.log.shown {
		if e := s.log.entries[i]; !strings.Contains(strings.ToLower(formatLog(e)+inspect(e)), "origin-") {
			t.Errorf("search let through %q", formatLog(e))
		}
	}
	if len(s.log.shown) == 0 || len(s.log.shown) == all {
		t.Errorf("search for a finding code shows %d of %d rows", len(s.log.shown), all)
	}
	s.FocusLogSearch(s.win.Canvas())
	if s.win.Canvas().Focused() != s.log.search {
		t.Error("Ctrl+L's action does not focus the log search")
	}
}

// TestFormShowsEveryProblemAtItsField: several wrong fields give one
// message naming each, every field marks its own error, and fixing them
// clears it (no stale error).
func TestFormShowsEveryProblemAtItsField(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	_ = s.launch.portal.Set("ftp://portal.example/")
	_ = s.launch.extra.Set("novalue")
	s.launch.txEntry.SetText(strings.Repeat("x", 65))
	_, err := s.launch.request("")
	if err == nil {
		t.Fatal("a form with three problems was accepted")
	}
	for _, want := range []string{"https://", "name=value", "65 characters"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	for i, e := range s.launch.fieldErrs {
		if e.Validate() == nil && i != 1 { // languages are fine
			t.Errorf("field %d shows no error", i)
		}
	}
	_ = s.launch.portal.Set("https://portal.example/")
	_ = s.launch.extra.Set("futureParam=1")
	s.launch.txEntry.SetText("fixed-transaction-1")
	req, err := s.launch.request("")
	if err != nil {
		t.Fatalf("fixed form: %v", err)
	}
	if req.TransactionID != "fixed-transaction-1" || req.PortalURL != "https://portal.example/" {
		t.Errorf("request = %+v", req)
	}
	if !s.launch.problem.Hidden == (s.launch.problem.Text != "") && s.launch.problem.Visible() {
		t.Errorf("a stale problem is still shown: %q", s.launch.problem.Text)
	}
}

func TestFormPhoneNumberReachesTheLaunch(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.launch.generation.SetSelected("nov-2018")
	_ = s.launch.phone.Set("+14255550100")
	_ = s.launch.country.Set("US")
	req, err := s.launch.request("")
	if err != nil {
		t.Fatal(err)
	}
	if req.PhoneNumber != "+14255550100" || req.CountryCode != "US" {
		t.Errorf("request = %+v", req)
	}
	if !strings.Contains(s.launch.url.Text, "phoneNumber=%2B14255550100") {
		t.Errorf("launch URL = %q", s.launch.url.Text)
	}
}

func TestPresetsGroupedAndFound(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	opts := s.launch.preset.Options
	first, firstNegative := slices.Index(opts, "esim-existing-customer"), slices.Index(opts, "bad-iccid-check-digit")
	if first < 0 || firstNegative < 0 || first > firstNegative {
		t.Fatalf("journeys are not listed before negative presets: %v", opts)
	}
	// Each group under its heading, in order; a heading cannot be picked.
	hj, hn := slices.Index(opts, presetHeading(groupJourney)), slices.Index(opts, presetHeading(groupNegative))
	if hj != 1 || hn < 0 || hn != firstNegative-1 || hn < first {
		t.Errorf("headings at %d and %d, journeys from %d, negative from %d: %v", hj, hn, first, firstNegative, opts)
	}
	s.SelectPreset("bad-iccid-check-digit")
	s.launch.preset.SetSelected(presetHeading(groupJourney))
	if got := s.launch.preset.Selected; got != "bad-iccid-check-digit" {
		t.Errorf("picking a heading left %q selected, want the preset before it", got)
	}
	test.Type(s.launch.presetFind, "iccid")
	for _, o := range s.launch.preset.Options[1:] {
		if isPresetHeading(o) {
			continue
		}
		if !strings.Contains(o, "iccid") && !strings.Contains(strings.ToLower(o), "iccid") {
			i := slices.IndexFunc(s.launch.presets, func(p simulator.Preset) bool { return p.Name == o })
			if i < 0 || !strings.Contains(strings.ToLower(s.launch.presets[i].Description), "iccid") {
				t.Errorf("find 'iccid' lists %q", o)
			}
		}
	}
	if len(s.launch.preset.Options) >= len(opts) {
		t.Errorf("find did not narrow the list (%d of %d)", len(s.launch.preset.Options), len(opts))
	}
	s.SelectPreset("bad-iccid-check-digit")
	if !strings.HasPrefix(s.launch.presetInfo.Text, "Negative preset.") {
		t.Errorf("preset info = %q", s.launch.presetInfo.Text)
	}
}

func TestF12TogglesDevToolsForTheNextSession(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	s.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF12})
	if on, _ := s.devTools.Get(); !on {
		t.Fatal("F12 did not turn DevTools on")
	}
	test.Tap(s.openBtn)
	waitReport(t, s, 1)
	if !s.opener.Windows()[0].Spec.DevTools {
		t.Error("the session after F12 has no inspector")
	}
	s.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF12})
	if on, _ := s.devTools.Get(); on {
		t.Error("a second F12 did not turn DevTools off")
	}
}

// TestLogSeverityFilters: "Errors only" lets through error findings and
// refused calls but no warning; "Errors and warnings" adds the warnings.
func TestLogSeverityFilters(t *testing.T) {
	e := func(sev bridge.Severity) session.LogEntry {
		return session.LogEntry{Kind: session.KindFinding, Finding: &bridge.Finding{Code: "x", Severity: sev}}
	}
	refused := session.LogEntry{Kind: session.KindCall, Call: &session.CallRecord{API: "DataMart.notifyPurchaseResult", Accepted: false}}
	for _, c := range []struct {
		entry                session.LogEntry
		errorsOnly, problems bool
	}{
		{e(bridge.SeverityError), true, true},
		{e(bridge.SeverityWarning), false, true},
		{e(bridge.SeverityInfo), false, false},
		{refused, true, true},
	} {
		if got := passes(c.entry, filterErrors); got != c.errorsOnly {
			t.Errorf("%s: errors only = %v, want %v", formatLog(c.entry), got, c.errorsOnly)
		}
		if got := passes(c.entry, filterProblems); got != c.problems {
			t.Errorf("%s: errors and warnings = %v, want %v", formatLog(c.entry), got, c.problems)
		}
	}
}

// Once the window has gone (Detach), a session that ends afterwards still
// ends, and touches no widget: Fyne would run the update off its goroutine.
func TestDetachedScreenIgnoresTheSessionsEnd(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{}) // the portal never hands back
	test.Tap(s.openBtn)
	waitFor(t, "the portal window", func() bool { return len(s.opener.Windows()) == 1 })
	status := s.status.Text
	s.Detach()
	s.Stop()
	waitFor(t, "the window's close", func() bool { return s.opener.Windows()[0].CloseReason() != "" })
	time.Sleep(200 * time.Millisecond) // the session's end, had it gone to the widgets
	if s.status.Text != status || s.LastReport() != nil {
		t.Errorf("after Detach the status became %q (was %q), last report %v; want neither changed", s.status.Text, status, s.LastReport())
	}
}

// 'mpsim ui --portal --trust-cert' starts the form with the developer's
// portal and its certificate: Open portal opens that portal with the
// certificate pinned.
func TestInitialPortalAndCertificateReachTheSession(t *testing.T) {
	cert, err := demoportal.LoadOrCreateCert(t.TempDir(), []string{"127.0.0.9"})
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewApp()
	t.Cleanup(a.Quit)
	h := workspace.New(t.TempDir(), 7)
	t.Cleanup(func() { _ = h.Close() })
	opener := &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)}
	s := NewHostScreen(Deps{Workspace: workspace.Runner{Workspace: h, Opener: opener}, NewToken: func() string { return uiToken }, App: a,
		Initial: workspace.LaunchRequest{PortalURL: "https://127.0.0.9:8443/portal"}, InitialTrustCert: cert.Path})
	w := test.NewWindow(s.BuildUI())
	t.Cleanup(w.Close)
	if got, _ := s.launch.trustCert.Get(); got != cert.Path {
		t.Errorf("trust field %q, want %q", got, cert.Path)
	}
	test.Tap(s.openBtn)
	waitReport(t, testScreen{HostScreen: s, win: w, app: a, opener: opener}, 1)
	spec := opener.Windows()[0].Spec
	if !strings.HasPrefix(spec.URL, "https://127.0.0.9:8443/portal?") {
		t.Errorf("the portal opened at %q", spec.URL)
	}
	pinned := false
	for _, c := range spec.Certs {
		pinned = pinned || slices.Contains(c.Hosts, "127.0.0.9")
	}
	if !pinned {
		t.Errorf("the certificate for 127.0.0.9 is not pinned: %+v", spec.Certs)
	}
}

// The presenter's end of session says what happened to the customer: a
// failure the portal reported is not the user's cancel, and a session the
// user left or a portal that did not load is not the portal's silence.
func TestPresenterOutcomes(t *testing.T) {
	test.NewTempApp(t)
	failed := func(status string) *bridge.Result {
		return &bridge.Result{PurchaseResult: bridge.PurchaseResult{MoDirectStatus: status, Line: "Bailed"}}
	}
	tests := []struct {
		name    string
		rep     session.Report
		outcome string
		verdict string
	}{
		{"a cancel", session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: failed("Cancelled")},
			"No plan bought — cancelled cleanly", "PASS — the portal handed back a conforming cancellation"},
		{"a service failure", session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: failed("ServiceError")},
			"No plan bought — the operator's service failed", "PASS — the portal handed back a conforming ServiceError (no plan bought)"},
		{"the user left", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedUserCancelled},
			"You left the portal", "NO CALL-BACK — you left the portal before it handed back"},
		{"the portal did not load", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedLoadFailed},
			"The portal did not load", "NO CALL-BACK — the portal did not load (the findings say why)"},
		{"closed without an answer", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedClosed},
			"You closed the portal", "NO CALL-BACK — the portal never handed back (closed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPresenterView("Contoso Mobile", nil, func() {}, func() {})
			p.buildUI()
			p.done(tt.rep, simulator.KindESIM)
			if p.outcome.Text != tt.outcome {
				t.Errorf("outcome %q, want %q", p.outcome.Text, tt.outcome)
			}
			if got := verdictText(tt.rep); got != tt.verdict {
				t.Errorf("verdict %q, want %q", got, tt.verdict)
			}
		})
	}
}

// A preset's SIM kind lasts as long as the preset: "(no preset)" gives the
// launch the user's kind back (it stayed the preset's physical SIM), and a
// kind the user picks stays.
func TestPresetSIMKindEndsWithThePreset(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	if s.device.sim.Selected != "eSIM" {
		t.Fatalf("initial SIM %q", s.device.sim.Selected)
	}
	s.SelectPreset("physical-sim")
	if s.device.sim.Selected != "Physical SIM" {
		t.Fatalf("SIM after physical-sim = %q", s.device.sim.Selected)
	}
	s.SelectPreset("")
	if s.device.sim.Selected != "eSIM" {
		t.Errorf("SIM after (no preset) = %q, want the user's eSIM back", s.device.sim.Selected)
	}
	s.SelectPreset("physical-sim")
	s.device.sim.SetSelected("eSIM")         // the user's own pick…
	s.device.sim.SetSelected("Physical SIM") // …and another
	s.SelectPreset("")
	if s.device.sim.Selected != "Physical SIM" {
		t.Errorf("SIM after (no preset) = %q, want the user's own pick", s.device.sim.Selected)
	}
}

// The window's shortcuts work while a text field has the keyboard (Fyne
// gives a shortcut to the focused field alone: Ctrl+O after typing the
// portal's address did nothing), and Tab leaves the multi-line Extra
// params field instead of typing a tab into it.
func TestShortcutsFromATextField(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	portal := s.launch.fieldErrs[0]
	c := fyne.CurrentApp().Driver().CanvasForObject(portal)
	if c == nil {
		t.Fatal("the portal field is on no canvas")
	}
	c.Focus(portal)
	portal.TypedShortcut(ShortcutOpen())
	if rep := waitReport(t, s, 1); rep.Verdict == "" {
		t.Fatal("Ctrl+O from the portal field opened no session")
	}
	extra := s.launch.fieldErrs[2]
	c.Focus(extra)
	extra.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	if strings.Contains(extra.Text, "\t") || c.Focused() == extra {
		t.Errorf("Tab in Extra params: text %q, focus stayed %v", extra.Text, c.Focused() == extra)
	}
}

// Ticking the toolbar's DevTools check says what it does, as F12 does:
// before, it changed the setting in silence. Without a way to the running
// window (no Deps.PortalWindows) it says the running window keeps going
// without the inspector and the next one has it.
func TestDevToolsCheckSaysWhenItTakesEffect(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{}) // the portal stays open until left
	for _, tc := range []struct {
		name    string
		running bool
		wantOn  bool
		says    string
	}{
		{"on, no session", false, true, "DevTools on: the next portal window opens with the WebKit inspector beside it."},
		{"off, no session", false, false, "DevTools off."},
		{"on during a session", true, true, "DevTools on: the running portal window keeps going without the inspector; the next portal window (Relaunch) opens with the WebKit inspector beside it."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.running && !s.isRunning() {
				s.Open()
				waitFor(t, "the portal window", func() bool { return len(s.opener.Windows()) == 1 && s.isRunning() })
			}
			test.Tap(s.devToolsCheck)
			if on, _ := s.devTools.Get(); on != tc.wantOn {
				t.Errorf("DevTools %v after the tap, want %v", on, tc.wantOn)
			}
			if s.status.Text != tc.says {
				t.Errorf("status %q, want %q", s.status.Text, tc.says)
			}
		})
	}
}

// The DevTools check and F12 reach the running portal window (through
// Deps.PortalWindows): ticked, its inspector opens at once; unticked, it
// closes. Before, the check only took effect with the next window. With no
// session running nothing is sent; the next window opens with the check.
func TestDevToolsCheckReachesTheRunningWindow(t *testing.T) {
	opener := &sessiontest.FakeOpener{} // the portal stays open until left
	windows := NewPortalWindows(opener)
	s := newTestScreenWith(t, opener, func(d *Deps) {
		d.Workspace = workspace.Runner{Workspace: d.Workspace.(workspace.Runner).Workspace, Opener: windows}
		d.PortalWindows = windows
	})
	test.Tap(s.devToolsCheck) // on, no session yet
	test.Tap(s.devToolsCheck) // off
	s.Open()
	waitFor(t, "the portal window", func() bool { return len(opener.Windows()) == 1 && s.isRunning() })
	w := opener.Windows()[0]
	if w.Spec.DevTools {
		t.Fatal("the portal window opened with DevTools, which were off")
	}
	f12 := func() { s.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF12}) }
	for i, step := range []struct {
		name string
		do   func()
		sent []bool
		says string
	}{
		{"check ticked", func() { test.Tap(s.devToolsCheck) }, []bool{true}, "DevTools on: the WebKit inspector opens beside the running portal window, and with the next ones."},
		{"check unticked", func() { test.Tap(s.devToolsCheck) }, []bool{true, false}, "DevTools off: the running portal window's inspector closes; the next ones open without it."},
		{"F12", f12, []bool{true, false, true}, "DevTools on: the WebKit inspector opens beside the running portal window, and with the next ones."},
	} {
		step.do()
		if got := w.DevToolsSent(); !slices.Equal(got, step.sent) {
			t.Errorf("step %d (%s): the window got DevTools requests %v, want %v", i+1, step.name, got, step.sent)
		}
		if s.status.Text != step.says {
			t.Errorf("step %d (%s): status %q, want %q", i+1, step.name, s.status.Text, step.says)
		}
	}
}
