package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// bought is the conforming hand-back of a purchase.
func bought() *bridge.Result {
	return &bridge.Result{Success: true, ICCID: "8988247000101997790", ActivationCode: "1$smdp.contoso.example$ABC",
		PurchaseResult: bridge.PurchaseResult{UserAccount: "New", MoDirectStatus: "Complete", PlanName: "Contoso 5 GB — 30 days"}}
}

// A purchase whose eSIM download failed is not "You're connected": the
// plan was bought and nothing was installed, and the Result header and the
// History row say the download failed too (found by exploratory QA, who
// filled the eSIM to 8 of 8 and was told the customer was connected).
func TestPresenterSaysTheDownloadFailed(t *testing.T) {
	full := &session.DownloadFailure{Result: session.ActivationFull, Detail: "the simulated eSIM is full: 8 of 8 — full"}
	other := &session.DownloadFailure{Result: "other"}
	tests := []struct {
		name    string
		rep     session.Report
		outcome string // the presenter's outcome contains it
		detail  string // the presenter's caption or detail contains it
		verdict string // the Result header contains it
		row     string // the History row's outcome contains it
	}{
		{"eSIM full after a legacy hand-back",
			session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedUserCancelled, Result: bought(), DownloadFailure: full},
			"Plan bought — but the eSIM download failed", "no room", "the eSIM download failed (insufficientSpaceOnCard)", "eSIM download failed (insufficientSpaceOnCard)"},
		{"another activation error",
			session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: bought(), DownloadFailure: other},
			"Plan bought — but the eSIM download failed", "nothing was installed", "the eSIM download failed (other)", "eSIM download failed (other)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPresenterView("Contoso Mobile", nil, func() {}, func() {})
			p.buildUI()
			p.done(tt.rep, simulator.KindESIM)
			if !strings.Contains(p.outcome.Text, tt.outcome) || strings.Contains(p.outcome.Text, "connected") {
				t.Errorf("outcome %q, want %q", p.outcome.Text, tt.outcome)
			}
			if text := p.caption.Text + "\n" + p.detail.Text; !strings.Contains(text, tt.detail) || strings.Contains(text, "now uses the new plan") {
				t.Errorf("caption and detail:\n%s\nwant %q", text, tt.detail)
			}
			if p.outcome.Importance == widget.SuccessImportance {
				t.Error("a failed download is drawn as a success")
			}
			if got := verdictText(tt.rep); !strings.Contains(got, tt.verdict) {
				t.Errorf("verdict %q, want %q", got, tt.verdict)
			}
			if got := history.OutcomeOf(tt.rep); !strings.Contains(got, tt.row) || !strings.HasPrefix(got, "Complete") {
				t.Errorf("History outcome %q, want Complete and %q", got, tt.row)
			}
		})
	}
}

// The customer's own cancel in the legacy API is the contract's abandoned
// payload: success false, userAccount Bailed, moDirectStatus None ("ended
// without a specific error", contract §2.7), what the demo portal sends
// for cancel and bail-*. It reads as the customer cancelling, as the
// inline API's cancel does, not as "The portal could not sell a plan …
// the portal reported nothing" (found by exploratory QA).
func TestPresenterLegacyCancelIsTheCustomers(t *testing.T) {
	abandoned := func(account, status string) *bridge.Result {
		return &bridge.Result{PurchaseResult: bridge.PurchaseResult{UserAccount: account, PurchaseInstrument: "None", Line: "None", MoDirectStatus: status}}
	}
	tests := []struct {
		name             string
		result           *bridge.Result
		outcome, verdict string
	}{
		{"legacy cancel (Bailed, None)", abandoned("Bailed", "None"), "No plan bought — cancelled cleanly", "PASS — the portal handed back a conforming cancellation"},
		{"bail at payment (New, None)", abandoned("New", "None"), "No plan bought — cancelled cleanly", "PASS — the portal handed back a conforming cancellation"},
		{"Cancelled", abandoned("Bailed", "Cancelled"), "No plan bought — cancelled cleanly", "PASS — the portal handed back a conforming cancellation"},
		{"a service failure stays one", abandoned("Existing", "ServiceError"), "No plan bought — the operator's service failed", "PASS — the portal handed back a conforming ServiceError (no plan bought)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: tt.result}
			caption, outcome, _ := presenterOutcome(rep, simulator.KindESIM)
			if outcome != tt.outcome {
				t.Errorf("outcome %q, want %q", outcome, tt.outcome)
			}
			if tt.outcome == "No plan bought — cancelled cleanly" && !strings.Contains(caption, "The user left the portal") {
				t.Errorf("caption %q, want the user leaving", caption)
			}
			if got := verdictText(rep); got != tt.verdict {
				t.Errorf("verdict %q, want %q", got, tt.verdict)
			}
		})
	}
}

// The presenter's own actions and mpsim's crashes are not blamed on the
// operator's portal: Close portal (cancelled) and the ✕ of the portal's
// own window (closed) are "You closed the portal", and a window process
// that died is the simulator's window stopping; all three said "The
// portal closed without telling Windows what happened", and the Portal
// pane blamed "The operator's portal" for mpsim's crash (found by
// exploratory QA).
func TestPresenterDoesNotBlameThePortalForTheHost(t *testing.T) {
	tests := []struct {
		ended            string
		caption, outcome string
	}{
		{session.EndedCancelled, "You closed the operator's portal", "You closed the portal"},
		{session.EndedClosed, "You closed the operator's portal", "You closed the portal"},
		{session.EndedCrashed, "The simulator's portal window stopped unexpectedly", "The simulator's portal window stopped"},
		{session.EndedTimeout, "before the session's time ran out", "Windows was not told what happened"},
	}
	for _, tt := range tests {
		t.Run(tt.ended, func(t *testing.T) {
			rep := session.Report{Verdict: bridge.VerdictNoCallback, Ended: tt.ended}
			caption, outcome, _ := presenterOutcome(rep, simulator.KindESIM)
			if !strings.Contains(caption, tt.caption) || outcome != tt.outcome {
				t.Errorf("caption %q, outcome %q; want %q and %q", caption, outcome, tt.caption, tt.outcome)
			}
		})
	}
	crash := failureText(&session.Report{Ended: session.EndedCrashed})
	if !strings.Contains(crash, "The simulator's portal window stopped unexpectedly") || strings.HasPrefix(crash, "The operator's portal") {
		t.Errorf("the Portal pane says %q after mpsim's window process ended", crash)
	}
}

// A crashed session whose end was WebKit's web content process (which a
// page's scripts can end: its memory limit) is not told as mpsim's own
// window process ending, "not the operator's portal" (the captions said
// so for every crash).
func TestCrashCaptionsNameTheProcessThatEnded(t *testing.T) {
	for _, tt := range []struct {
		name, logText, want, wantNot string
	}{
		{"window process", "mpsim-portal: signal: killed", "mpsim's own window process ended", "WebKit"},
		{"web content process", session.LoadWebProcess + ": the web content process ended: it exceeded the memory limit", "WebKit's web content process ended", "not the operator's portal"},
		{"network process", session.LoadNetworkProcess + ": the WebKit network process ended", "WebKit's network process ended", "not the operator's portal"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep := session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedCrashed,
				Log: []session.LogEntry{{Kind: session.KindWindowErr, Text: tt.logText}}}
			caption, _, _ := presenterOutcome(rep, simulator.KindESIM)
			pane := failureText(&rep)
			for _, got := range []string{caption, pane} {
				if !strings.Contains(got, strings.TrimPrefix(tt.want, "mpsim's own ")) || strings.Contains(got, tt.wantNot) {
					t.Errorf("%q: want %q, not %q", got, tt.want, tt.wantNot)
				}
			}
		})
	}
}

// The customer's outcome is coloured by what the customer got, not by the
// conformance verdict: "No plan bought — the operator's service failed"
// was drawn in the same bold green as "You're connected" (found by
// exploratory QA).
func TestPresenterColoursTheOutcome(t *testing.T) {
	failed := func(status string) *bridge.Result {
		return &bridge.Result{PurchaseResult: bridge.PurchaseResult{UserAccount: "Existing", MoDirectStatus: status}}
	}
	tests := []struct {
		name string
		rep  session.Report
		want widget.Importance
	}{
		{"bought", session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: bought()}, widget.SuccessImportance},
		{"service failed", session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: failed("ServiceError")}, widget.DangerImportance},
		{"log-on failed", session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: failed("LogOnFailed")}, widget.DangerImportance},
		{"SIM refused", session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: failed("InvalidSIM")}, widget.DangerImportance},
		{"cancelled", session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: failed("Cancelled")}, widget.MediumImportance},
		{"download failed", session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: bought(),
			DownloadFailure: &session.DownloadFailure{Result: session.ActivationFull}}, widget.WarningImportance},
		{"you closed it", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedCancelled}, widget.MediumImportance},
		{"no answer", session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedTimeout}, widget.WarningImportance},
		{"bad hand-back", session.Report{Verdict: bridge.VerdictFail, Ended: session.EndedHandBack, Result: bought()}, widget.DangerImportance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPresenterView("Contoso Mobile", nil, func() {}, func() {})
			p.buildUI()
			p.done(tt.rep, simulator.KindESIM)
			if p.outcome.Importance != tt.want {
				t.Errorf("%q is drawn with importance %v, want %v", p.outcome.Text, p.outcome.Importance, tt.want)
			}
		})
	}
}

// A deferred eSIM download (F4) the portal cancelled (F5), or one still
// pending when the portal closed, installed nothing: the presenter said
// "You're connected … Windows now uses the new plan" for both (found in a
// stakeholder demo). A pending one is kept on the device and offered when
// due; the outcome says in how many minutes.
func TestPresenterSaysWhatBecameOfADeferredDownload(t *testing.T) {
	at := time.Date(2026, 12, 8, 1, 33, 0, 0, time.UTC)
	step := func(sec int, ev session.LifecycleEvent) session.LogEntry {
		return session.LogEntry{At: at.Add(time.Duration(sec) * time.Second), Kind: session.KindLifecycle, Lifecycle: &ev}
	}
	scheduled := step(0, session.LifecycleEvent{Step: session.StepDeferred, Minutes: 30, OperationID: "op-1"})
	device := func(due time.Duration, failWith string) *simulator.Device {
		return &simulator.Device{Kind: simulator.KindESIM, PendingDownloads: []simulator.PendingDownload{
			{Operator: "Contoso Mobile", ICCID: "8988247000183959601", OperationID: "op-1", Requested: at, DelayMinutes: 30, Due: at.Add(due), FailWith: failWith}}}
	}
	report := func(dev *simulator.Device, log ...session.LogEntry) session.Report {
		return session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedClosed, Result: bought(), Log: log, Device: dev}
	}
	tests := []struct {
		name       string
		rep        session.Report
		outcome    string // the presenter's outcome is it
		detail     string // the presenter's caption or detail contains it
		importance widget.Importance
	}{
		{"cancelled (F5), then closed",
			report(device(0, ""), scheduled, step(5, session.LifecycleEvent{Step: session.StepDeferredCancelled, OperationID: "op-1"})),
			"Plan bought — the eSIM download was cancelled; nothing installed", "Nothing was installed", widget.MediumImportance},
		{"closed while pending: minutes to its due time",
			report(device(30*time.Minute, ""), scheduled, step(120, session.LifecycleEvent{Step: session.StepNote, OperationID: "op-1"})),
			"Plan bought — the eSIM will be offered in 28 minutes", "once the user accepts it", widget.HighImportance},
		{"pending, failing when due",
			report(device(10*time.Minute, "InsufficientSpaceOnCard"), scheduled),
			"Plan bought — the eSIM will be offered in 10 minutes", "fails with InsufficientSpaceOnCard", widget.HighImportance},
		{"pending, the device not in the report",
			report(nil, scheduled),
			"Plan bought — the eSIM will be offered in 30 minutes", "Nothing is installed yet", widget.HighImportance},
		{"pending, another one cancelled",
			report(device(30*time.Minute, ""), scheduled,
				step(1, session.LifecycleEvent{Step: session.StepDeferred, Minutes: 5, OperationID: "op-2"}),
				step(2, session.LifecycleEvent{Step: session.StepDeferredCancelled, OperationID: "op-2"})),
			"Plan bought — the eSIM will be offered in 30 minutes", "Nothing is installed yet", widget.HighImportance},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPresenterView("Contoso Mobile", nil, func() {}, func() {})
			p.buildUI()
			p.done(tt.rep, simulator.KindESIM)
			if p.outcome.Text != tt.outcome {
				t.Errorf("outcome %q, want %q", p.outcome.Text, tt.outcome)
			}
			if text := p.caption.Text + "\n" + p.detail.Text; !strings.Contains(text, tt.detail) || strings.Contains(text, "now uses the new plan") {
				t.Errorf("caption and detail:\n%s\nwant %q", text, tt.detail)
			}
			if p.outcome.Importance != tt.importance {
				t.Errorf("importance %v, want %v", p.outcome.Importance, tt.importance)
			}
		})
	}
	// A deferred download that was offered and installed is a plan that works.
	done := report(nil, scheduled,
		step(3, session.LifecycleEvent{Step: session.StepDownloadOffered, OperationID: "op-1"}),
		step(4, session.LifecycleEvent{Step: session.StepDownloadStarted}),
		step(5, session.LifecycleEvent{Step: session.StepProfileInstalled, ICCID: "8988247000183959601"}))
	if _, outcome, _ := presenterOutcome(done, simulator.KindESIM); !strings.HasPrefix(outcome, "You're connected") {
		t.Errorf("a deferred download installed: outcome %q, want You're connected", outcome)
	}
}
