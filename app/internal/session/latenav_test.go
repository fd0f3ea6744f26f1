package session_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// A click whose page starts work (late: a timer, a fetch) and no
// navigation within 150 ms has the host wait for that work in the page
// (assets/steps/settle.js), then for the navigation it started; a click
// that started no work never runs that wait.
func TestLateClickWaitsForItsNavigation(t *testing.T) {
	const page = "https://portal.example/buy"
	for _, tc := range []struct {
		name       string
		late       bool
		wantSettle bool
	}{
		{"work then a navigation", true, true},
		{"no work", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var settles atomic.Int32
			op := &sessiontest.FakeOpener{
				OnOpen: func(w *sessiontest.FakeWindow) {
					w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
					w.Envelope(envelope(t, "mpsim:firstPaint", page))
				},
				Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
					switch {
					case strings.Contains(body, "settle.js:"):
						settles.Add(1)
						// The page's timer fires: its navigation starts and ends.
						w.Emit(session.Event{Type: session.WindowNavigation, Navigation: &inspect.Navigation{Kind: inspect.NavTopFrame, URL: page + "/pay"}})
						w.Emit(session.Event{Type: session.WindowNavigated, URL: page + "/pay"})
						time.Sleep(100 * time.Millisecond) // the session's loop takes the events in
						return `{"ok":true,"late":false}`, nil
					case strings.Contains(body, `"action":"click"`):
						if tc.late {
							return `{"ok":true,"detail":"clicked <button#next>","late":true}`, nil
						}
						return `{"ok":true,"detail":"clicked <button#next>"}`, nil
					}
					return `{"ok":true}`, nil
				},
			}
			cfg := testConfig()
			cfg.Steps = []session.Step{{Action: session.StepClick, Target: "#next"}, {Action: session.StepFill, Target: "#card", Value: "4242"}}
			cfg.Timeout = 2 * time.Second
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			steps := stepEntries(rep)
			if len(steps) != 2 || !steps[0].OK {
				t.Fatalf("step entries = %+v", steps)
			}
			waited := strings.Contains(steps[0].Detail, "then waited for the page it led to")
			if got := settles.Load() > 0; got != tc.wantSettle || waited != tc.wantSettle {
				t.Errorf("settle script run: %v, step 1 %q; want the wait %v", got, steps[0].Detail, tc.wantSettle)
			}
		})
	}
}
