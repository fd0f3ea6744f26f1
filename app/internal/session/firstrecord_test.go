package session_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// waitFor polls cond every 10 ms until it holds or 5 s passed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The steps and the demo portal's signal wait for the first paint's
// screenshot and probe, so that these show the first page on every run
// (QA: a page driven on at once had moved on by the time a busy machine
// probed it, and the same seed gave different policy statuses).
func TestFirstPaintIsRecordedBeforeThePageIsDrivenOn(t *testing.T) {
	const page = "https://portal.example/buy"
	tests := []struct {
		name           string
		signal         bool
		inspect        bool
		answer         []string // what the window answers with, in order: "shot", "probe"
		wantSignalled  bool
		wantStepsFirst bool // the steps may start before any answer
	}{
		{name: "steps wait for the screenshot and the probe", inspect: true, answer: []string{"shot", "probe"}},
		{name: "the probe coming first", inspect: true, answer: []string{"probe", "shot"}},
		{name: "screenshot only (no inspection)", answer: []string{"shot"}},
		{name: "the demo portal is told", signal: true, inspect: true, answer: []string{"shot", "probe"}, wantSignalled: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			answered := make(chan struct{})
			op := &sessiontest.FakeOpener{
				OnOpen: func(w *sessiontest.FakeWindow) {
					w.Emit(session.Event{Type: session.WindowNavigated, URL: page})
					w.Envelope(envelope(t, "mpsim:firstPaint", page))
					want := "first-paint"
					if tc.inspect {
						want = "probe:first-paint"
					}
					waitFor(t, "the first paint's requests", func() bool { return slices.Contains(w.Snapshots(), want) })
					// The old session started the steps along with these
					// requests; give a step the time to show.
					time.Sleep(300 * time.Millisecond)
					if n := len(w.Steps()); n != 0 {
						t.Errorf("%d steps ran before the first paint was recorded", n)
					}
					if evals := strings.Join(w.Evals(), "\n"); strings.Contains(evals, session.RecordedEvent) {
						t.Errorf("the page was told before the first paint was recorded: %s", evals)
					}
					for i, a := range tc.answer {
						if i == len(tc.answer)-1 {
							close(answered)
						}
						switch a {
						case "shot":
							w.Emit(session.Event{Type: session.WindowScreenshot, Screenshot: &inspect.Screenshot{Label: "first-paint", Path: "/tmp/shots/01-first-paint.png"}})
						case "probe":
							w.Emit(session.Event{Type: session.WindowProbe, Probe: &inspect.Probe{Label: "first-paint", URL: page}})
						}
					}
				},
				Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
					select {
					case <-answered:
					default:
						t.Errorf("a step ran before the window's last answer: %s", body)
					}
					if strings.Contains(body, `"action":"click"`) {
						w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)))
					}
					return `{"ok":true}`, nil
				},
			}
			cfg := stepsConfig()
			cfg.Inspect = tc.inspect
			cfg.SignalRecorded = tc.signal
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Ended != session.EndedHandBack || len(stepEntries(rep)) != 4 {
				t.Fatalf("ended %s with steps %+v; findings %+v", rep.Ended, stepEntries(rep), rep.Findings)
			}
			evals := op.Windows()[0].Evals()
			signalled := slices.Contains(evals, `window.dispatchEvent(new Event("mpsim-recorded"))`)
			if signalled != tc.wantSignalled {
				t.Errorf("signalled = %v, want %v (evals %q)", signalled, tc.wantSignalled, evals)
			}
		})
	}
}

// A window that never answers (a probe lost with its frame, the cap on
// screenshots) holds the steps back no longer than FirstRecordWait.
func TestStepsStartWhenTheFirstRecordNeverComes(t *testing.T) {
	if testing.Short() {
		t.Skip("waits FirstRecordWait")
	}
	const page = "https://portal.example/buy"
	op := &sessiontest.FakeOpener{
		OnOpen: func(w *sessiontest.FakeWindow) {
			w.Envelope(envelope(t, "mpsim:firstPaint", page))
		},
		Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
			if strings.Contains(body, `"action":"click"`) {
				w.Envelope(envelope(t, "DataMart.notifyPurchaseResult", page, legacyPayload("tx1", true)))
			}
			return `{"ok":true}`, nil
		},
	}
	cfg := stepsConfig()
	cfg.Inspect = true
	cfg.SignalRecorded = true
	cfg.Timeout = 3 * session.FirstRecordWait
	start := time.Now()
	rep, err := session.Run(t.Context(), op, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ended != session.EndedHandBack || len(stepEntries(rep)) != 4 {
		t.Fatalf("ended %s with steps %+v", rep.Ended, stepEntries(rep))
	}
	if took := time.Since(start); took < session.FirstRecordWait {
		t.Errorf("the steps started %v after the launch, before FirstRecordWait (%v)", took, session.FirstRecordWait)
	}
	if !slices.Contains(op.Windows()[0].Evals(), `window.dispatchEvent(new Event("mpsim-recorded"))`) {
		t.Error("the demo portal was never told")
	}
}
