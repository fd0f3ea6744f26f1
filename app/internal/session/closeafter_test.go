package session_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
	"mpsim/simulator"
)

// TestCloseAfterAFailedDownload: a session waiting for networkRegistered
// to close the portal (--close-after) whose download failed — the eSIM
// full, or the activation failing — can never get there: it closes the
// portal as its user would once the page has answered the activation
// listener, with a step detail and Report.EndNote naming the failure,
// instead of waiting out the session's timeout ("timeout — verdict pass"
// after 2 minutes). A scenario's own wait_lifecycle fails at once, saying
// why.
func TestCloseAfterAFailedDownload(t *testing.T) {
	tests := []struct {
		name       string
		full       bool
		result     string // --activation-result
		closeAfter bool
		wantEnded  string
		want       string
	}{
		{"full eSIM, --close-after", true, "", true, session.EndedClosed, "failed with insufficientSpaceOnCard (the simulated eSIM is full: it holds 8 of its 8 profiles"},
		{"serverFailure, --close-after", false, "serverFailure", true, session.EndedClosed, "failed with serverFailure"},
		{"full eSIM, scenario step", true, "", false, session.EndedStepFailed, "failed with insufficientSpaceOnCard"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Timeout = 20 * time.Second
			cfg.Lifecycle.ActivationResult = tc.result
			g := simulator.NewGenerator(5)
			for tc.full && !cfg.Device.Full() {
				if err := cfg.Device.InstallProfile(simulator.Profile{ICCID: g.ICCID(cfg.Operator), Operator: cfg.Operator.Name}); err != nil {
					t.Fatal(err)
				}
			}
			cfg.Steps = session.CloseAfterSteps(session.StepRegistered, cfg.Timeout)
			if !tc.closeAfter {
				cfg.Steps = []session.Step{{Action: session.StepWaitLifecycle, Target: string(session.StepRegistered), Timeout: cfg.Timeout}, {Action: session.StepClose}}
			}
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "mpsim:firstPaint", "https://portal.example/buy"))
				w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$FULL-1"))
				waitEvals(t, w, 1)
				w.Envelope(envelope(t, bridge.EventListenerInvoked, "https://portal.example/buy",
					map[string]string{"listener": "profileActivationComplete", "name": "onDone"}))
			}}
			start := time.Now()
			rep, err := session.Run(t.Context(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("the session took %s: it waited for a step that could never come", took)
			}
			if rep.Ended != tc.wantEnded {
				t.Errorf("ended %s, want %s; log %s", rep.Ended, tc.wantEnded, logText(rep))
			}
			if !neverComesStep(t, rep, tc.want, tc.closeAfter) {
				return
			}
			neverCameNote(t, rep, tc.want)
		})
	}
}

// TestTimeoutAfterAnInlineCall: a session that times out with the portal
// open after an inline operation does not log "no hand-back" (the inline
// call handed off to the app); its log line and EndNote say that the portal
// stayed open and how --close-after closes it.
func TestTimeoutAfterAnInlineCall(t *testing.T) {
	tests := []struct {
		name     string
		inline   bool
		wantLog  string
		wantNote string
	}{
		{"inline call", true, "timeout: the portal was still open ", "stayed open after its inline call MobilePlansInlineOperations.notifyProfileDownload"},
		{"no call", false, "no hand-back within 1s", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Timeout = time.Second
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "mpsim:firstPaint", "https://portal.example/buy"))
				if tc.inline {
					// Made 600 ms into the session: the line says how long
					// the portal stayed open after it, not the timeout.
					time.AfterFunc(600*time.Millisecond, func() {
						w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$ABCD-1234"))
					})
				}
			}}
			rep, err := session.Run(t.Context(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Ended != session.EndedTimeout {
				t.Fatalf("ended %s, want timeout", rep.Ended)
			}
			i := slices.IndexFunc(rep.Log, func(e session.LogEntry) bool { return e.Kind == session.KindTimeout })
			if i < 0 || !strings.HasPrefix(rep.Log[i].Text, tc.wantLog) {
				t.Errorf("timeout line %v, want it to start %q", rep.Log[max(i, 0)].Text, tc.wantLog)
			}
			if tc.inline {
				text := rep.Log[max(i, 0)].Text
				open, _, _ := strings.Cut(strings.TrimPrefix(text, tc.wantLog), " ")
				if d, err := time.ParseDuration(open); err != nil || d >= 800*time.Millisecond {
					t.Errorf("timeout line %q: the portal was open %q after the call made 600 ms into a 1 s session", text, open)
				}
				if !strings.Contains(text, "after its inline call MobilePlansInlineOperations.notifyProfileDownload, when the session's 1s (counted from the launch) ran out") {
					t.Errorf("timeout line %q does not say the timeout counts from the launch", text)
				}
			}
			if note := rep.EndNote(); tc.wantNote == "" && note != "" || !strings.Contains(note, tc.wantNote) {
				t.Errorf("EndNote = %q, want %q", note, tc.wantNote)
			}
		})
	}
}

// logText is the report's log, one line an entry, for a failure message.
func logText(rep session.Report) string {
	var b strings.Builder
	for _, e := range rep.Log {
		b.WriteString("\n  " + string(e.Kind) + ": " + e.Text)
	}
	return b.String()
}

// TestCloseAfterNoDownloadCanCome: a session waiting for networkRegistered
// to close the portal (--close-after) whose inline download call was
// refused — a downloadDelay that is no unsigned 32-bit integer
// (arg-not-uint) downloads nothing — or whose deferred download the portal
// cancelled (F5) can never get there when no other download is under way
// or pending: it closes the portal at once, with a step detail and
// Report.EndNote saying why, instead of waiting out the session's timeout
// (set long here, so that the test cannot pass by timing out). A
// scenario's own wait_lifecycle fails at once, saying why; a refused call
// while another download is pending ends no wait.
func TestCloseAfterNoDownloadCanCome(t *testing.T) {
	const api = "MobilePlansInlineOperations.notifyProfileDownload"
	refused := func(t *testing.T) string {
		return inlineEnvelope(t, api, "op-2", json.RawMessage(metadataComplete), "1$smdp.contoso.example$BAD-1", -5)
	}
	deferred := func(t *testing.T) string {
		return inlineEnvelope(t, api, "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$LATER-1", 30)
	}
	cancel := func(t *testing.T) string {
		return inlineEnvelope(t, "MobilePlansInlineOperations.notifyOperationCancel", "op-3", map[string]string{"Id": "op-1"})
	}
	tests := []struct {
		name       string
		calls      []func(*testing.T) string
		closeAfter bool
		timeout    time.Duration
		wantEnded  string
		want       string // in the first step's detail or error, and in EndNote
	}{
		{"refused download call, --close-after", []func(*testing.T) string{refused}, true, time.Minute, session.EndedClosed,
			"no download started: the app refused the call to " + api + ", as its downloadDelay is no unsigned 32-bit integer (arg-not-uint)"},
		{"refused download call, scenario step", []func(*testing.T) string{refused}, false, time.Minute, session.EndedStepFailed,
			"no download started: the app refused the call to " + api},
		{"cancelled deferred download, --close-after", []func(*testing.T) string{deferred, cancel}, true, time.Minute, session.EndedClosed,
			"no download can start: the portal cancelled its deferred download op-1 before it was offered (F5)"},
		{"refused call while a deferred download is pending", []func(*testing.T) string{deferred, refused}, true, 1500 * time.Millisecond, session.EndedTimeout, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Lifecycle.ClockSpeed = 60 // the deferral's 30 minutes take 30 s
			cfg.Timeout = tc.timeout
			cfg.DownloadRetryWait = 300 * time.Millisecond
			cfg.Steps = session.CloseAfterSteps(session.StepRegistered, cfg.Timeout)
			if !tc.closeAfter {
				cfg.Steps = []session.Step{{Action: session.StepWaitLifecycle, Target: string(session.StepRegistered), Timeout: cfg.Timeout}, {Action: session.StepClose}}
			}
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "mpsim:firstPaint", "https://portal.example/buy"))
				for _, call := range tc.calls {
					w.Envelope(call(t))
				}
			}}
			start := time.Now()
			rep, err := session.Run(t.Context(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantEnded != session.EndedTimeout {
				if took := time.Since(start); took > 15*time.Second {
					t.Errorf("the session took %s: it waited for a step that could never come", took)
				}
			}
			if rep.Ended != tc.wantEnded {
				t.Fatalf("ended %s, want %s; log %s", rep.Ended, tc.wantEnded, logText(rep))
			}
			if tc.want == "" {
				if rep.Unreachable != nil {
					t.Errorf("Unreachable = %+v, want nil: a download was pending", rep.Unreachable)
				}
				return
			}
			if !neverComesStep(t, rep, tc.want, tc.closeAfter) {
				return
			}
			if u := rep.Unreachable; u == nil || u.Step != session.StepRegistered || !strings.Contains(u.Why, tc.want) {
				t.Errorf("Unreachable = %+v, want networkRegistered and %q", u, tc.want)
			}
			if rep.DownloadFailure != nil {
				t.Errorf("DownloadFailure = %+v, want none: nothing was downloaded", rep.DownloadFailure)
			}
			neverCameNote(t, rep, tc.want)
		})
	}
}

// TestCloseAfterWaitsForTheRetry: an inline portal stays open after the
// app refused its download call or it cancelled its deferred download, and
// may ask again: a valid call within Config.DownloadRetryWait downloads,
// and --close-after networkRegistered closes the portal once the profile
// is registered, not before the second call (until this test, the first
// refused or cancelled call ended the session at once and the second was
// never seen).
func TestCloseAfterWaitsForTheRetry(t *testing.T) {
	const api = "MobilePlansInlineOperations.notifyProfileDownload"
	refused := func(t *testing.T) string {
		return inlineEnvelope(t, api, "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$BAD-1", -5)
	}
	deferred := func(t *testing.T) string {
		return inlineEnvelope(t, api, "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$LATER-1", 30)
	}
	cancel := func(t *testing.T) string {
		return inlineEnvelope(t, "MobilePlansInlineOperations.notifyOperationCancel", "op-2", map[string]string{"Id": "op-1"})
	}
	retry := func(t *testing.T) string {
		return inlineEnvelope(t, api, "op-3", json.RawMessage(metadataComplete), "1$smdp.contoso.example$GOOD-1", 0)
	}
	for _, tc := range []struct {
		name  string
		first []func(*testing.T) string
	}{
		{"a refused call, then a valid one", []func(*testing.T) string{refused}},
		{"a cancelled deferral, then a download now", []func(*testing.T) string{deferred, cancel}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Lifecycle.ClockSpeed = 60
			cfg.Timeout = time.Minute
			cfg.DownloadRetryWait = 30 * time.Second // far longer than the page takes to call again
			cfg.Steps = session.CloseAfterSteps(session.StepRegistered, cfg.Timeout)
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "mpsim:firstPaint", "https://portal.example/buy"))
				for _, call := range tc.first {
					w.Envelope(call(t))
				}
				time.Sleep(200 * time.Millisecond) // the page thinks, then asks again
				w.Envelope(retry(t))
				// The page answers the app's two listener calls, so that the
				// close does not wait for them.
				for i, listener := range []string{"profileActivationComplete", "registrationChanged"} {
					waitEvals(t, w, i+1)
					w.Envelope(envelope(t, bridge.EventListenerInvoked, "https://portal.example/buy",
						map[string]string{"listener": listener, "name": "on" + listener}))
				}
			}}
			rep, err := session.Run(t.Context(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			steps := stepEntries(rep)
			if rep.Ended != session.EndedClosed || len(steps) == 0 || steps[0].Detail != "the lifecycle reached networkRegistered" {
				t.Fatalf("ended %s, steps %+v; want closed once networkRegistered came; log %s", rep.Ended, steps, logText(rep))
			}
			if rep.Unreachable != nil {
				t.Errorf("Unreachable = %+v, want none: the retry registered", rep.Unreachable)
			}
		})
	}
}

// neverComesStep checks that rep's first step says why (want) and that
// networkRegistered can never come, and with closeAfter that the close
// followed; it reports whether the step closed the portal.
func neverComesStep(t *testing.T, rep session.Report, want string, closeAfter bool) bool {
	t.Helper()
	steps := stepEntries(rep)
	if len(steps) == 0 || !strings.Contains(steps[0].Detail+steps[0].Error, want) || !strings.Contains(steps[0].Detail+steps[0].Error, "networkRegistered can never come") {
		t.Fatalf("step entries = %+v, want the first to say %q and that networkRegistered can never come", steps, want)
	}
	if !closeAfter {
		return false
	}
	if len(steps) != 2 || steps[1].Step.Action != session.StepClose {
		t.Errorf("steps %+v, want the close to follow", steps)
	}
	return true
}

// neverCameNote checks that rep's end note says why (want) and that
// networkRegistered never came.
func neverCameNote(t *testing.T, rep session.Report, want string) {
	t.Helper()
	note := rep.EndNote()
	if !strings.Contains(note, want) || !strings.Contains(note, "networkRegistered could never come and the user closed the portal") {
		t.Errorf("EndNote = %q, want it to say %q and that networkRegistered never came", note, want)
	}
}
