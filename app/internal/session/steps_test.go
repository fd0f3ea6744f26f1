package session_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// The step script starts with the step as one JSON constant, whatever the
// selector, text or value hold, followed by the runtime the frame agent
// shares (assets/steps/steps.js) and the top frame's loop (run.js), which
// asks the agent for the cross-origin frames.
func TestStepScript(t *testing.T) {
	tests := []session.Step{
		{Action: session.StepClick, Target: `button[name="buy"]`},
		{Action: session.StepFill, Target: "#e", Value: "</script>\"'\u2028`${x}`"},
		{Action: session.StepWaitText, Target: "Thank you"},
	}
	for _, s := range tests {
		t.Run(string(s.Action), func(t *testing.T) {
			js, err := session.StepScript(s, 1500*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			head, rest, ok := strings.Cut(js, ";")
			if !ok || !strings.HasPrefix(head, "const a = ") {
				t.Fatalf("script starts %q", head)
			}
			var a struct {
				Action, Target, Value string
				Timeout               int
			}
			if err := json.Unmarshal([]byte(strings.TrimPrefix(head, "const a = ")), &a); err != nil {
				t.Fatalf("step constant %q: %v", head, err)
			}
			if a.Action != string(s.Action) || a.Target != s.Target || a.Timeout != 1500 {
				t.Errorf("step constant = %+v", a)
			}
			for _, want := range []string{"const stepLib = (a, agent)", "const act", "globalThis.mpsimStepAgent", "await lib.attempt(", "await lib.sleep(100)", "JSON.stringify"} {
				if !strings.Contains(rest, want) {
					t.Errorf("runtime lacks %q", want)
				}
			}
		})
	}
}

// stepsConfig is a session with the scenario steps of a small form.
func stepsConfig() session.Config {
	cfg := testConfig()
	cfg.ScreenshotDir = "/tmp/shots"
	cfg.Steps = []session.Step{
		{Action: session.StepFill, Target: "#email", Value: "ann@example.com"},
		{Action: session.StepChoose, Target: "#plan", Value: "big"},
		{Action: session.StepScreenshot, Target: "filled"},
		{Action: session.StepClick, Target: "#buy"},
	}
	return cfg
}

// stepEntries are the step entries of a report's log.
func stepEntries(rep session.Report) []session.StepResult {
	var out []session.StepResult
	for _, e := range rep.Log {
		if e.Kind == session.KindStep && e.Step != nil {
			out = append(out, *e.Step)
		}
	}
	return out
}

func TestStepsRunAfterFirstPaint(t *testing.T) {
	const page = "https://portal.example/buy"
	op := &sessiontest.FakeOpener{Record: true,
		OnOpen: func(w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
			w.Envelope(envelope(t, "mpsim:firstPaint", page))
		},
		Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
			if strings.Contains(body, `"action":"click"`) {
				// The portal hands back when its button is clicked.
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)))
				return `{"ok":true,"detail":"clicked <button#buy>"}`, nil
			}
			return `{"ok":true}`, nil
		},
	}
	rep, err := session.Run(t.Context(), op, stepsConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict != bridge.VerdictPass || rep.Ended != session.EndedHandBack {
		t.Errorf("verdict %s, ended %s; findings %+v", rep.Verdict, rep.Ended, rep.Findings)
	}
	steps := stepEntries(rep)
	if len(steps) != 4 {
		t.Fatalf("step entries = %+v", steps)
	}
	for i, s := range steps {
		if s.Index != i+1 || !s.OK {
			t.Errorf("step entry %d = %+v", i+1, s)
		}
	}
	if steps[3].Detail != "clicked <button#buy>" {
		t.Errorf("click detail = %q", steps[3].Detail)
	}
	w := op.Windows()[0]
	if n := len(w.Steps()); n != 3 {
		t.Errorf("%d step scripts ran, want 3 (the screenshot is the host's)", n)
	}
	if shots := w.Snapshots(); !strings.Contains(strings.Join(shots, ","), "filled") {
		t.Errorf("snapshots = %v", shots)
	}
}

func TestFailedStepEndsTheSession(t *testing.T) {
	const page = "https://portal.example/buy"
	tests := []struct {
		name   string
		answer func(body string) (string, error)
		want   string
	}{
		{"the selector never appears", func(body string) (string, error) {
			if strings.Contains(body, `"action":"choose"`) {
				return `{"ok":false,"error":"no element matches the selector \"#plan\" within 0.3 s"}`, nil
			}
			return `{"ok":true}`, nil
		}, `Scenario step 2 (choose "big" in "#plan") failed: no element matches the selector "#plan" within 0.3 s`},
		{"the window does not run it", func(body string) (string, error) {
			if strings.Contains(body, `"action":"choose"`) {
				return "", errors.New("execution context destroyed")
			}
			return `{"ok":true}`, nil
		}, "Scenario step 2 (choose \"big\" in \"#plan\") failed: the portal window did not run the step: execution context destroyed"},
		{"the window never answers", func(body string) (string, error) {
			if strings.Contains(body, `"action":"choose"`) {
				return "", fmt.Errorf("portal window: step: %w", context.DeadlineExceeded)
			}
			return `{"ok":true}`, nil
		}, "Scenario step 2 (choose \"big\" in \"#plan\") failed: the portal window did not answer the step within "},
		{"a miss with cross-origin frames", func(body string) (string, error) {
			if strings.Contains(body, `"action":"choose"`) {
				return `{"ok":false,"error":"no visible element matches the selector \"#plan\" within 0.3 s","fields":["#exp"],` +
					`"frames":["iframe#slow https://pay.example/slow"]}`, nil
			}
			return `{"ok":true}`, nil
		}, `failed: no visible element matches the selector "#plan" within 0.3 s; the page's visible <select> elements: "#exp"; ` +
			`cross-origin frames nothing could reach (no answer from them in time): "iframe#slow https://pay.example/slow". The session ended there.`},
		{"a step written in a file", func(body string) (string, error) {
			if strings.Contains(body, `"action":"choose"`) {
				return `{"ok":false,"error":"no element matches the selector \"#plan\" within 0.3 s"}`, nil
			}
			return `{"ok":true}`, nil
		}, `Scenario step 2 (choose "big" in "#plan", at plans.toml:14) failed`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := &sessiontest.FakeOpener{Record: true,
				OnOpen: func(w *sessiontest.FakeWindow) { w.Envelope(envelope(t, "mpsim:firstPaint", page)) },
				Step:   func(_ *sessiontest.FakeWindow, body string) (string, error) { return tc.answer(body) },
			}
			cfg := stepsConfig()
			cfg.Steps[1].Timeout = 300 * time.Millisecond
			if tc.name == "a step written in a file" {
				cfg.Steps[1].Where = "plans.toml:14"
			}
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Ended != session.EndedStepFailed || rep.Verdict == bridge.VerdictPass {
				t.Errorf("ended %s, verdict %s", rep.Ended, rep.Verdict)
			}
			var f *bridge.Finding
			for i := range rep.Findings {
				if rep.Findings[i].Code == bridge.CodeScenarioStepFailed {
					f = &rep.Findings[i]
				}
			}
			if f == nil || f.Severity != bridge.SeverityError || f.Field != "step 2" || !strings.Contains(f.Message, tc.want) {
				t.Fatalf("finding = %+v\nwant message with %q", f, tc.want)
			}
			steps := stepEntries(rep)
			if len(steps) != 2 || steps[1].OK || steps[1].Index != 2 {
				t.Errorf("step entries = %+v (the steps after the failed one must not run)", steps)
			}
			w := op.Windows()[0]
			if w.CloseReason() != string(session.CloseRequested) {
				t.Errorf("close reason %q", w.CloseReason())
			}
			// The page as the step left it is in the report.
			if shots := w.Snapshots(); !slices.Contains(shots, "step-2-failed") || !strings.Contains(f.Message, "The screenshot step-2-failed shows the page then.") {
				t.Errorf("snapshots = %v, message %q", shots, f.Message)
			}
		})
	}
}

// Without a first paint, no step runs.
func TestStepsWaitForTheFirstPaint(t *testing.T) {
	op := &sessiontest.FakeOpener{Record: true, OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
	cfg := stepsConfig()
	cfg.Timeout = 200 * time.Millisecond
	rep, err := session.Run(t.Context(), op, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(op.Windows()[0].Steps()); n != 0 || len(stepEntries(rep)) != 0 || rep.Ended != session.EndedTimeout {
		t.Errorf("%d step scripts, ended %s", n, rep.Ended)
	}
	// What the page showed when the time ran out is in the report.
	if shots := op.Windows()[0].Snapshots(); !slices.Equal(shots, []string{"timeout"}) {
		t.Errorf("snapshots = %v, want the timeout's", shots)
	}
}

// With a StepPause (the host's slow motion) every step starts at least
// that long after the one before: a person can follow them.
func TestStepPauseSpacesTheSteps(t *testing.T) {
	const page = "https://portal.example/buy"
	const pause = 150 * time.Millisecond
	var starts []time.Time
	op := &sessiontest.FakeOpener{Record: true,
		OnOpen: func(w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
			w.Envelope(envelope(t, "mpsim:firstPaint", page))
		},
		Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
			starts = append(starts, time.Now())
			if strings.Contains(body, `"action":"click"`) {
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)))
			}
			return `{"ok":true}`, nil
		},
	}
	cfg := stepsConfig()
	cfg.StepPause = pause
	opened := time.Now()
	rep, err := session.Run(t.Context(), op, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ended != session.EndedHandBack {
		t.Fatalf("ended %s; findings %+v", rep.Ended, rep.Findings)
	}
	if len(starts) != 3 {
		t.Fatalf("%d step scripts ran, want 3", len(starts))
	}
	prev := opened
	for i, at := range starts {
		if gap := at.Sub(prev); gap < pause {
			t.Errorf("step script %d started %s after the step before, want at least %s", i+1, gap, pause)
		}
		prev = at
	}
}

// An inline flow keeps the portal open after its call (F3): a scenario
// waits for the lifecycle step it expects and closes the portal as the user
// would, so the session ends "closed" at once instead of at its timeout. A
// lifecycle step that never comes fails the step, saying what came. The
// close waits for the page's answer to the listener call that follows the
// step: until 2026-12-06 it closed first, and a registration listener that
// threw left no listener-threw.
func TestLifecycleStepThenClose(t *testing.T) {
	tests := []struct {
		name       string
		wait       session.LifecycleStep
		timeout    time.Duration
		wantEnded  string
		wantDetail string
		wantError  string
		// regAnswer is the page's answer to the registrationChanged call;
		// wantCode a finding it must leave.
		regAnswer, wantCode string
	}{
		{"reached", session.StepRegistered, 0, session.EndedClosed, "the lifecycle reached networkRegistered", "", bridge.EventListenerInvoked, ""},
		{"the registration listener threw", session.StepRegistered, 0, session.EndedClosed, "the lifecycle reached networkRegistered", "",
			bridge.EventListenerError, bridge.CodeListenerThrew},
		{"reached before the step", session.StepDownloadStarted, 0, session.EndedClosed, "the lifecycle reached downloadStarted", "", bridge.EventListenerInvoked, ""},
		{"never reached", session.StepBalanceAdded, 300 * time.Millisecond, session.EndedStepFailed, "",
			"the lifecycle did not reach balanceAdded within 300ms (it reached downloadStarted, profileInstalled, networkRegistered)", bridge.EventListenerInvoked, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			cfg.Timeout = 5 * time.Second
			cfg.Steps = []session.Step{{Action: session.StepWaitLifecycle, Target: string(tc.wait), Timeout: tc.timeout}, {Action: session.StepClose}}
			opener := &sessiontest.FakeOpener{Record: true, OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(inlineEnvelope(t, "MobilePlansInlineOperations.notifyProfileDownload", "op-1", json.RawMessage(metadataComplete), "1$smdp.contoso.example$ABCD-1234"))
				if tc.wait == session.StepDownloadStarted {
					waitEvals(t, w, 2) // both call-backs came: the step starts after them
				}
				w.Envelope(envelope(t, "mpsim:firstPaint", "https://portal.example/buy"))
				// The page answers both listener calls, as the shim does,
				// some time after the registration step was reached.
				waitEvals(t, w, 2)
				w.Envelope(envelope(t, bridge.EventListenerInvoked, "https://portal.example/buy",
					map[string]string{"listener": "profileActivationComplete", "name": "onDone"}))
				w.Envelope(envelope(t, tc.regAnswer, "https://portal.example/buy",
					map[string]string{"listener": "registrationChanged", "name": "onReg", "message": "boom in onReg"}))
			}}
			start := time.Now()
			rep, err := session.Run(t.Context(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took > 4*time.Second {
				t.Errorf("the session took %s: it ran into its timeout", took)
			}
			if rep.Ended != tc.wantEnded {
				t.Errorf("ended %s, want %s; findings %+v", rep.Ended, tc.wantEnded, rep.Findings)
			}
			steps := stepEntries(rep)
			if len(steps) == 0 || steps[0].Detail != tc.wantDetail || steps[0].Error != tc.wantError {
				t.Fatalf("step entries = %+v", steps)
			}
			if tc.wantError != "" {
				if len(steps) != 1 || rep.Verdict == bridge.VerdictPass {
					t.Errorf("after a failed wait: steps %+v, verdict %s (close must not run, the verdict must not pass)", steps, rep.Verdict)
				}
				return
			}
			if len(steps) != 2 || !steps[1].OK || steps[1].Step.Action != session.StepClose || steps[1].Step.String() != "close the portal" {
				t.Errorf("close step = %+v", steps)
			}
			if rep.Verdict != bridge.VerdictPass {
				t.Errorf("verdict %s; findings %+v", rep.Verdict, rep.Findings)
			}
			if tc.wantCode != "" && !slices.ContainsFunc(rep.Findings, func(f bridge.Finding) bool { return f.Code == tc.wantCode }) {
				t.Errorf("no %s after the close; findings %+v", tc.wantCode, rep.Findings)
			}
			if w := opener.Windows()[0]; w.CloseReason() != string(session.CloseRequested) {
				t.Errorf("close reason %q", w.CloseReason())
			}
		})
	}
}

// mpsim run --close-after: wait for the lifecycle step, then close; the
// wait outlasts the session's own timeout, so that only the session's
// timeout ends a session whose step never comes, as without the flag.
func TestCloseAfterSteps(t *testing.T) {
	tests := []struct {
		timeout, wantWait time.Duration
	}{
		{2 * time.Minute, 3 * time.Minute},
		{0, 100 * 365 * 24 * time.Hour},
	}
	for _, tc := range tests {
		got := session.CloseAfterSteps(session.StepBalanceAdded, tc.timeout)
		want := []session.Step{{Action: session.StepWaitLifecycle, Target: "balanceAdded", Timeout: tc.wantWait, CloseIfUnreachable: true}, {Action: session.StepClose}}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("CloseAfterSteps(balanceAdded, %s) = %+v, want %+v", tc.timeout, got, want)
		}
	}
}

// TestStepLostAsTheClickNavigatesIsNotRunAgain: a click whose script the
// window lost as a navigation began is counted as done, not run again on
// the page that came (which posted a form twice); a fill whose script is
// lost with no navigation is run again.
func TestStepLostAsTheClickNavigatesIsNotRunAgain(t *testing.T) {
	const page = "https://portal.example/buy"
	var fills, clicks int
	op := &sessiontest.FakeOpener{Record: true,
		OnOpen: func(w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
			w.Envelope(envelope(t, "mpsim:firstPaint", page))
		},
		Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
			switch {
			case strings.Contains(body, `"action":"fill"`):
				if fills++; fills == 1 {
					return "", errors.New("execution context destroyed") // no navigation seen: run again
				}
			case strings.Contains(body, `"action":"click"`):
				clicks++
				w.Emit(session.Event{Type: session.WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavTopFrame, URL: page + "/pay"}})
				w.Emit(session.Event{Type: session.WindowNavigated, URL: page + "/pay"})
				time.Sleep(100 * time.Millisecond) // the session's loop takes the events in
				return "", errors.New("execution context destroyed")
			}
			return `{"ok":true}`, nil
		},
	}
	cfg := stepsConfig()
	cfg.Timeout = 3 * time.Second
	rep, err := session.Run(t.Context(), op, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	steps := stepEntries(rep)
	if len(steps) != 4 || !steps[0].OK || !steps[3].OK || !strings.Contains(steps[3].Detail, "not run again") {
		t.Fatalf("step entries = %+v", steps)
	}
	if fills != 2 || clicks != 1 {
		t.Errorf("fill ran %d times (want 2: its lost script again), click %d (want 1)", fills, clicks)
	}
}
