package session_test

import (
	"context"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// backWindow is a fake window with the app's back button: Back goes to
// the page before, as WebKit's history does, and says false at the first.
type backWindow struct {
	*sessiontest.FakeWindow
	pages []string
}

func (w *backWindow) Back(context.Context) (bool, error) {
	if len(w.pages) < 2 {
		return false, nil
	}
	w.pages = w.pages[:len(w.pages)-1]
	w.Emit(session.Event{Type: session.WindowNavigated, URL: w.pages[len(w.pages)-1]})
	return true, nil
}

// backOpener opens backWindows over a FakeOpener's windows.
type backOpener struct {
	*sessiontest.FakeOpener
	pages []string
}

func (o backOpener) Open(ctx context.Context, spec session.WindowSpec) (session.Window, error) {
	w, err := o.FakeOpener.Open(ctx, spec)
	if err != nil {
		return nil, err
	}
	return &backWindow{FakeWindow: w.(*sessiontest.FakeWindow), pages: o.pages}, nil
}

// A back step presses the app's back button: the window goes one page
// back and the step records it; at the portal's first page it fails,
// saying that the app would ask to leave the portal. A window without a
// back button says so.
func TestBackStep(t *testing.T) {
	const first, checkout = "https://portal.example/r/", "https://psp.example/checkout"
	tests := []struct {
		name   string
		pages  []string // the window's history; nil: a window without Back
		ok     bool
		detail string
	}{
		{"a page before", []string{first, checkout}, true, "went one page back"},
		{"the first page", []string{first}, false, "the portal was at its first page, with no page to go back to: the app's back button would ask its user whether to leave the portal (contract §1.6)"},
		{"no back button", nil, false, "this portal window cannot go back"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Steps = []session.Step{{Action: session.StepBack}, {Action: session.StepClose}}
			fake := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowNavigated, URL: first})
				w.Envelope(envelope(t, "mpsim:firstPaint", first))
			}}
			var op session.Opener = fake
			if tt.pages != nil {
				op = backOpener{FakeOpener: fake, pages: tt.pages}
			}
			rep, err := session.Run(t.Context(), op, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			steps := stepEntries(rep)
			if len(steps) == 0 {
				t.Fatalf("no step entries; ended %s", rep.Ended)
			}
			got := steps[0]
			if got.OK != tt.ok || got.Step.Action != session.StepBack {
				t.Fatalf("back step = %+v", got)
			}
			text := got.Detail
			if !tt.ok {
				text = got.Error
			}
			if !strings.HasPrefix(text, tt.detail) {
				t.Errorf("back step says %q, want %q", text, tt.detail)
			}
			if !tt.ok && rep.Ended != session.EndedStepFailed {
				t.Errorf("ended %s, want %s", rep.Ended, session.EndedStepFailed)
			}
			if tt.ok && rep.Ended != session.EndedClosed {
				t.Errorf("ended %s after going back, want closed", rep.Ended)
			}
		})
	}
}
