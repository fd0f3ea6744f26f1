package ui

import (
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"mpsim/app/internal/sessiontest"
)

// A fast click sequence on Relaunch (or held Ctrl+R) relaunches once: the
// clicks while the old session ends, and those that would cancel the
// session the first click opened a moment ago, are ignored, so that the
// history gets no extra cancelled session. Before, the third click of a
// triple click cancelled the relaunched session and opened a third. A
// click a while later relaunches again.
func TestRelaunchClickSequenceRelaunchesOnce(t *testing.T) {
	var (
		mu  sync.Mutex
		now = time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	opener := &sessiontest.FakeOpener{} // the portal stays open until left
	s := newTestScreenWith(t, opener, func(d *Deps) { d.Now = clock })
	s.Open()
	waitFor(t, "the first portal window", func() bool { return len(opener.Windows()) == 1 && s.isRunning() })
	sc := s.win.Canvas().(fyne.Shortcutable)
	for _, c := range []struct {
		name  string
		click func()
	}{
		// The button's own handler, as a tap calls it: test.Tap walks the
		// widget tree on the test's goroutine while the ending session
		// redraws the button on its own (a data race under -race that the
		// test driver, which runs fyne.Do at once, cannot order).
		{"button", func() { s.relaunchBtn.OnTapped() }},
		{"Ctrl+R", func() { sc.TypedShortcut(ShortcutRelaunch()) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			first := len(opener.Windows())
			c.click()
			c.click() // the old session is still ending
			advance(200 * time.Millisecond)
			waitFor(t, "the relaunched window", func() bool { return len(opener.Windows()) == first+1 && s.isRunning() })
			c.click() // the third click of the triple click
			advance(200 * time.Millisecond)
			c.click()
			time.Sleep(200 * time.Millisecond) // what a wrong relaunch would do, done
			if n := len(opener.Windows()); n != first+1 || !s.isRunning() {
				t.Fatalf("%d windows after the click sequence (running %v), want %d", n, s.isRunning(), first+1)
			}
			if r := opener.Windows()[first].CloseReason(); r != "" {
				t.Errorf("the relaunched window was closed (%s)", r)
			}
			advance(2 * time.Second) // a new click, later
		})
	}
	c := len(opener.Windows())
	s.relaunchBtn.OnTapped()
	waitFor(t, "a relaunch a while later", func() bool { return len(opener.Windows()) == c+1 && s.isRunning() })
	s.Stop()
	waitFor(t, "the end", func() bool { return !s.isRunning() })
}
