package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// A session in a window of its own resets the Portal pane: an earlier
// session's error page ("This page can't be displayed … Retry") stayed
// there during a new session in a window of its own and after it (found
// by exploratory QA). During the session the pane says the portal is open
// in its own window; after it, how the session ended.
func TestSeparateWindowSessionResetsThePane(t *testing.T) {
	tests := []struct {
		name      string
		play      func(*sessiontest.FakeWindow)
		state     string // the pane's page after the session
		afterSays string
	}{
		{"handed back", nil, paneDone, "handed back"},
		{"closed", func(w *sessiontest.FakeWindow) { w.UserClose() }, paneIdle, "The session ended (window closed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.play == nil {
				tt.play = portalPlays(t, true)
			}
			var during, duringText string
			var s testScreen
			first := true
			s = newPaneScreen(t, 0, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				if first { // the earlier session: a portal that did not load
					first = false
					w.Emit(session.Event{Type: session.WindowLoadFailed, URL: w.Spec.URL, Reason: "Could not connect", Fatal: true, Kind: session.LoadNetwork})
					return
				}
				during, duringText = s.PortalPaneState(), s.pane.idleText.Text // set before the session's goroutine started
				tt.play(w)
			}})
			test.Tap(s.openBtn)
			waitReport(t, s, 1)
			waitFor(t, "the error page", func() bool { return s.PortalPaneState() == paneFailed })
			test.Tap(s.openBtn)
			waitReport(t, s, 2)
			if during != paneIdle || !strings.Contains(duringText, "open in a window of its own") {
				t.Errorf("during the session the pane is %q saying %q; want it to say the portal is open in its own window", during, duringText)
			}
			waitFor(t, "the session's end", func() bool { return s.PortalPaneState() == tt.state })
			text := s.pane.idleText.Text
			if tt.state == paneDone {
				text = s.pane.doneText.Text
			}
			if !strings.Contains(text, tt.afterSays) {
				t.Errorf("after the session the pane says %q, want %q", text, tt.afterSays)
			}
		})
	}
}
