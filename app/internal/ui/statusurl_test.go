package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// The status line's "Portal at" shows what changes with the portal's
// routes (its path and fragment) and not the query, which holds the
// device's identifiers. Before, the URL was cut 100 characters from its
// start, and two routes of the demo portal read the same (found by GUI QA).
func TestStatusLineShowsTheRoute(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	query := "?eid=89049032123451234512345678901234&iccid=8988247000101997790&transactionId=" + strings.Repeat("a", 40) + "&market=US&location=US"
	seen := map[string]bool{}
	for _, tc := range []struct {
		url, want string
	}{
		{"https://portal.example/mobile-plans/start" + query + "#/plans", "/mobile-plans/start?…#/plans"},
		{"https://portal.example/mobile-plans/start" + query + "#/checkout", "/mobile-plans/start?…#/checkout"},
		{"https://portal.example/mobile-plans/done" + query, "/mobile-plans/done?…"},
		{"https://portal.example/mobile-plans/" + strings.Repeat("x", 120) + "/end#/route", "/end#/route"},
	} {
		s.follow(session.LogEntry{Kind: session.KindNavigated, URL: tc.url})
		got := s.status.Text
		if !strings.HasPrefix(got, "Portal at https://portal.example/") || !strings.HasSuffix(got, tc.want) {
			t.Errorf("status %q for %s, want it to end in %q", got, tc.url, tc.want)
		}
		if strings.Contains(got, "8988247000101997790") || strings.Contains(got, "eid=") {
			t.Errorf("status %q shows the device's identifiers", got)
		}
		if seen[got] {
			t.Errorf("status %q for %s reads as an earlier route's", got, tc.url)
		}
		seen[got] = true
	}
}

// Export HTML… while a session runs says that its report comes when it
// ends. Before, it said to open the portal first, which was open (found
// by GUI QA).
func TestExportHTMLWhileRunning(t *testing.T) {
	opener := &sessiontest.FakeOpener{} // the portal stays open until left
	s := newTestScreen(t, opener)
	s.askExportHTML()
	if !strings.Contains(s.status.Text, "open the portal first") {
		t.Errorf("before any session the status says %q", s.status.Text)
	}
	test.Tap(s.openBtn)
	waitFor(t, "the portal window", func() bool { return len(opener.Windows()) == 1 && s.isRunning() })
	s.askExportHTML()
	if got := s.status.Text; !strings.Contains(got, "still running") || strings.Contains(got, "open the portal first") {
		t.Errorf("while the session runs the status says %q", got)
	}
	s.Stop()
	waitFor(t, "the session's end", func() bool { return !s.isRunning() })
}
