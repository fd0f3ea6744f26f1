package ui

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"mpsim/app/host"
	_ "mpsim/app/localefix"
	"mpsim/app/session"
)

const uiToken = "ui-test-token"

// portalPlays returns an OnOpen that plays a portal handing back payload
// built from the launch URL the host opened.
func portalPlays(t *testing.T, success bool) func(w *session.FakeWindow) {
	return func(w *session.FakeWindow) {
		u, err := url.Parse(w.Spec.URL)
		if err != nil {
			t.Error(err)
			return
		}
		tx := u.Query().Get("transactionId")
		pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`
		payload, _ := json.Marshal(map[string]any{"ver": "1", "success": success, "iccid": "8988247000101997790",
			"activationCode": "1$smdp.contoso.example$ABC-123", "transactionId": tx, "purchaseResult": pr})
		arg, _ := json.Marshal(string(payload))
		env, _ := json.Marshal(map[string]any{"token": uiToken, "api": "DataMart.notifyPurchaseResult", "args": []json.RawMessage{arg}, "pageUrl": w.Spec.URL})
		w.Envelope(string(env))
	}
}

func newTestScreen(t *testing.T, opener session.Opener) *HostScreen {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	h := host.New(t.TempDir(), 7)
	t.Cleanup(func() { _ = h.Close() })
	s := NewHostScreen(Deps{Host: h, Opener: opener, NewToken: func() string { return uiToken }})
	w := test.NewWindow(s.BuildUI())
	t.Cleanup(w.Close)
	return s
}

func waitReport(t *testing.T, s *HostScreen) *session.Report {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if r := s.LastReport(); r != nil {
			return r
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no session report; status %q", s.status.Text)
	return nil
}

func TestOpenPortalShowsHandBack(t *testing.T) {
	opener := &session.FakeOpener{OnOpen: portalPlays(t, true)}
	s := newTestScreen(t, opener)
	if !strings.Contains(s.launchURL.Text, "eid=") {
		t.Fatalf("default eSIM launch URL has no eid: %q", s.launchURL.Text)
	}
	test.Tap(s.openBtn)
	rep := waitReport(t, s)
	if rep.Verdict != "pass" {
		t.Fatalf("verdict %q, findings %+v", rep.Verdict, rep.Findings)
	}
	// The widgets are updated through fyne.Do; give them a moment.
	deadline := time.Now().Add(2 * time.Second)
	for !strings.HasPrefix(s.verdict.Text, "PASS") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.HasPrefix(s.verdict.Text, "PASS") {
		t.Errorf("verdict label = %q", s.verdict.Text)
	}
	if got := s.values["planName"].Text; got != "MyPlan" {
		t.Errorf("planName label = %q", got)
	}
	if got := s.values["iccid"].Text; got != "8988247000101997790" {
		t.Errorf("iccid label = %q", got)
	}
	if s.openBtn.Disabled() {
		t.Error("Open portal stays disabled after the session")
	}
	spec := opener.Windows()[0].Spec
	if len(spec.Certs) == 0 {
		t.Error("the demo portal's certificate is not pinned")
	}
}

func TestSIMChoiceChangesLaunch(t *testing.T) {
	s := newTestScreen(t, &session.FakeOpener{})
	s.sim.SetSelected("Physical SIM")
	if !strings.Contains(s.launchURL.Text, "iccid=") || strings.Contains(s.launchURL.Text, "eid=") {
		t.Errorf("physical SIM launch URL = %q", s.launchURL.Text)
	}
	if s.eid.Text != "—" {
		t.Errorf("physical SIM shows EID %q", s.eid.Text)
	}
	s.lang.SetText("ja-JP,ja")
	if got := s.acceptLang.Text; got != "ja-JP,ja;q=0.90" {
		t.Errorf("Accept-Language = %q", got)
	}
	s.lang.SetText("C")
	if !strings.Contains(strings.ToLower(s.status.Text), "language") {
		t.Errorf("invalid language not reported: status %q", s.status.Text)
	}
}

func TestNoCallbackVerdictShown(t *testing.T) {
	opener := &session.FakeOpener{OnOpen: func(w *session.FakeWindow) { w.UserClose() }}
	s := newTestScreen(t, opener)
	test.Tap(s.openBtn)
	rep := waitReport(t, s)
	if rep.Verdict != "no-callback" {
		t.Fatalf("verdict %q", rep.Verdict)
	}
	deadline := time.Now().Add(2 * time.Second)
	for !strings.HasPrefix(s.verdict.Text, "NO CALL-BACK") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.HasPrefix(s.verdict.Text, "NO CALL-BACK") {
		t.Errorf("verdict label = %q", s.verdict.Text)
	}
}
