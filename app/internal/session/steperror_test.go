package session_test

import (
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// TestFailedStepNamesThePageError: when a scenario step fails, its
// scenario-step-failed finding (what mpsim test prints and JUnit keeps)
// names the page's last error and the step under way when it came: a Buy
// handler that threw is why the thank-you text never appeared. An uncaught
// error wins over a later console.error; without an error the message says
// nothing of one.
func TestFailedStepNamesThePageError(t *testing.T) {
	const page = "https://portal.example/buy"
	thrown := inspect.ConsoleMessage{Kind: inspect.ConsoleError, Level: "error", Text: "TypeError: null is not an object (evaluating 'sel.options')",
		Source: page + "?transactionId=tx1", Line: 17, Column: 148, AtMs: 3200, TopFrame: true}
	logged := inspect.ConsoleMessage{Kind: inspect.ConsoleCall, Level: "error", Text: "checkout: price mismatch", Source: page, Line: 9, Column: 3, AtMs: 1500, TopFrame: true}
	tests := []struct {
		name       string
		beforeStep []inspect.ConsoleMessage // logged before the first step
		onClick    []inspect.ConsoleMessage // logged by the click
		want       string
		wantNot    string
	}{
		{"the click handler threw", nil, []inspect.ConsoleMessage{thrown},
			`failed: the text "Thank you" did not appear within 0.3 s; the page shows no text. The page's last error came after step 1 (click_text "Buy now") began, 3.2 s after launch, at https://portal.example/buy:17:148: TypeError: null is not an object (evaluating 'sel.options'). The session ended there.`, "transactionId"},
		{"an error before the steps", []inspect.ConsoleMessage{thrown}, nil,
			"The page's last error came before the first step, 3.2 s after launch, at https://portal.example/buy:17:148: TypeError", ""},
		{"an uncaught error wins over console.error", nil, []inspect.ConsoleMessage{thrown, logged},
			"TypeError: null is not an object", "price mismatch"},
		{"only console.error", nil, []inspect.ConsoleMessage{logged},
			"The page's last error came after step 1 (click_text \"Buy now\") began, 1.5 s after launch, at https://portal.example/buy:9:3: checkout: price mismatch.", ""},
		{"an error of several lines, on one line", nil, []inspect.ConsoleMessage{{Kind: inspect.ConsoleError, Level: "error",
			Text: "Error: no plans\n    at load (app.js:4:2)\n", Source: page, Line: 4, Column: 2, AtMs: 900, TopFrame: true}},
			"at https://portal.example/buy:4:2: Error: no plans at load (app.js:4:2). The session ended there.", "\n"},
		{"no error", nil, nil, "did not appear within 0.3 s; the page shows no text. The session ended there.", "last error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The click's records are sent before its answer, as the real
			// window sends them (the handler runs inside the click); the
			// session may not have taken them from the window's queue when
			// the next step begins, and must still count them as the
			// click's.
			emit := func(w *sessiontest.FakeWindow, cs []inspect.ConsoleMessage) {
				for i := range cs {
					w.Emit(session.Event{Type: session.WindowConsole, Console: &cs[i]})
				}
			}
			op := &sessiontest.FakeOpener{Record: true,
				OnOpen: func(w *sessiontest.FakeWindow) {
					emit(w, tc.beforeStep)
					w.Envelope(envelope(t, bridge.EventFirstPaint, page))
				},
				Step: func(w *sessiontest.FakeWindow, body string) (string, error) {
					if strings.Contains(body, `"action":"click_text"`) {
						emit(w, tc.onClick)
						return `{"ok":true,"detail":"clicked <button#buy>"}`, nil
					}
					return `{"ok":false,"error":"the text \"Thank you\" did not appear within 0.3 s"}`, nil
				},
			}
			cfg := testConfig()
			cfg.Inspect = true
			cfg.Steps = []session.Step{
				{Action: session.StepClickText, Target: "Buy now"},
				{Action: session.StepWaitText, Target: "Thank you", Timeout: 300 * time.Millisecond},
			}
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			var f *bridge.Finding
			for i := range rep.Findings {
				if rep.Findings[i].Code == bridge.CodeScenarioStepFailed {
					f = &rep.Findings[i]
				}
			}
			if f == nil {
				t.Fatalf("no scenario-step-failed finding: %+v", rep.Findings)
			}
			if !strings.Contains(f.Message, tc.want) {
				t.Errorf("message\n %s\nwant it to contain\n %s", f.Message, tc.want)
			}
			if tc.wantNot != "" && strings.Contains(f.Message, tc.wantNot) {
				t.Errorf("message\n %s\nmust not contain %q", f.Message, tc.wantNot)
			}
		})
	}
}
