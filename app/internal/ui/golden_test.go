package ui

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// The golden markup files in testdata/ are the key screens as rendered by
// the test driver. After an intended change, copy testdata/failed/NAME over
// testdata/NAME and review the diff.

var goldenAt = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func goldenScreen(t *testing.T) (*HostScreen, fyne.Window) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	h := workspace.New(t.TempDir(), 7)
	t.Cleanup(func() { _ = h.Close() })
	s := NewHostScreen(Deps{Workspace: workspace.Runner{Workspace: h, Opener: &sessiontest.FakeOpener{}}, App: a, Theme: "light", NewTransactionID: func() string { return "GoldenTransact1.1" }})
	w := test.NewWindow(s.BuildUI())
	w.Resize(fyne.NewSize(1100, 720))
	t.Cleanup(w.Close)
	return s, w
}

// failReport is a negative preset's session: a hand-back with errors.
func failReport() session.Report {
	return session.Report{
		Verdict: bridge.VerdictFail, Ended: session.EndedHandBack,
		Calls: []session.CallRecord{{API: "DataMart.notifyPurchaseResult", Accepted: true, At: goldenAt}},
		Result: &bridge.Result{Success: true, ICCID: "8988247000100297655", TransactionID: "tx-1",
			PurchaseResult: bridge.PurchaseResult{UserAccount: "New", PurchaseInstrument: "New", Line: "New", MoDirectStatus: "Complete", PlanName: "Contoso 5 GB"}},
		Findings: []bridge.Finding{
			{Code: "activation-code-missing", Severity: bridge.SeverityError, Field: "activationCode", Message: "An eSIM purchase handed back without an activation code.", Section: "§2.7"},
			{Code: "origin-port", Severity: bridge.SeverityInfo, Message: "The page runs on a non-default port.", Section: "§1.1"},
			{Code: "key-case", Severity: bridge.SeverityWarning, Field: "ICCID", Message: "Key ICCID should be iccid.", Section: "§2.7"},
		},
		Expectation: "moDirectStatus InvalidSIM",
	}
}

func TestGoldenHostInitial(t *testing.T) {
	_, w := goldenScreen(t)
	test.AssertRendersToMarkup(t, "host_initial.xml", w.Canvas())
}

// goldenResultCard is a result card alone in a 700x760 test window.
func goldenResultCard(t *testing.T) (*resultCard, fyne.Window) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	c := newResultCard(nil)
	w := test.NewWindow(c.buildUI())
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(700, 760))
	return c, w
}

func TestGoldenResultCardFail(t *testing.T) {
	c, w := goldenResultCard(t)
	c.show(failReport())
	test.AssertRendersToMarkup(t, "result_fail.xml", w.Canvas())
}

func TestGoldenPresenterIdle(t *testing.T) {
	s, w := goldenScreen(t)
	s.SetPresenter(true)
	test.AssertRendersToMarkup(t, "presenter_idle.xml", w.Canvas())
}

func TestGoldenLifecycleFailedDownload(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	p := newLifecyclePanel()
	w := test.NewWindow(p.buildUI())
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(600, 700))
	p.load([]session.LogEntry{
		{At: goldenAt, Kind: session.KindLifecycle, Text: "download started: the app shows download progress over the portal (F3, 1.5s)",
			Lifecycle: &session.LifecycleEvent{Step: session.StepDownloadStarted}},
		{At: goldenAt, Kind: session.KindLifecycle, Text: "download 50%", Lifecycle: &session.LifecycleEvent{Step: session.StepDownloadProgress, Fraction: 0.5}},
		{At: goldenAt, Kind: session.KindLifecycle, Text: "download failed with serverFailure; the next launch carries X-MP-LPAError-Codes: ServerFailure",
			Lifecycle: &session.LifecycleEvent{Step: session.StepDownloadFailed, State: "serverFailure"}},
		{At: goldenAt, Kind: session.KindCallback, Text: `profileActivationComplete({"activationResult":"serverFailure","iccid":""})`,
			Callback: &session.CallbackRecord{Listener: "profileActivationComplete", Args: json.RawMessage(`{"activationResult":"serverFailure","iccid":""}`), At: goldenAt}},
	})
	test.AssertRendersToMarkup(t, "lifecycle_failed.xml", w.Canvas())
}

// The launch form with four wrong fields shows each problem at its own
// field, all at once, as a sentence (issue 16), and opening the portal says
// all of them.
func TestGoldenFormErrors(t *testing.T) {
	s, w := goldenScreen(t)
	s.ShowTab(TabLaunch)
	values := []string{
		"ftp://portal.example/", // portal URL
		"en-US,not a language",  // languages
		"justaname",             // extra parameters
		strings.Repeat("t", 65), // transactionId
	}
	if len(values) != len(s.launch.fieldErrs) {
		t.Fatalf("%d fields check themselves, the test fills %d", len(s.launch.fieldErrs), len(values))
	}
	for i, e := range s.launch.fieldErrs {
		e.SetText("")
		w.Canvas().Focus(e) // as a user tabs from field to field
		test.Type(e, values[i])
		if e.Validate() == nil {
			t.Errorf("field %d accepts %q", i, values[i])
		}
	}
	w.Canvas().Unfocus()
	test.AssertRendersToMarkup(t, "form_errors.xml", w.Canvas())
	_, err := s.launch.request("")
	if err == nil || strings.Count(err.Error(), "\n") != len(values)-1 {
		t.Errorf("opening says %q, want the %d problems at once", err, len(values))
	}
}
