package window

import (
	"time"

	"mpsim/app/internal/ipc"
)

// unresponsiveAfter is how long the page's main thread may leave a ping
// unanswered before the window says the page stopped responding: longer
// than the longest work of mpsim's own in the page (axe-core on a large
// page on a slow machine), shorter than any session's timeout.
const unresponsiveAfter = 5 * time.Second

// pageWatch is the state of the window's pings of the page: when the one
// in flight was sent (zero when none is), and whether the window said the
// page stopped responding. WebKit's own is-web-process-responsive only
// changes when WebKit itself waits for the web process (input, a load),
// so a page looping on its own with no one touching it never turned it.
type pageWatch struct {
	sent         time.Time
	unresponsive bool
}

// stuckAfter is how long a ping may wait at the window's close before the
// page counts as stuck in a script and its web process is ended.
const stuckAfter = time.Second

// stuck says whether the ping in flight at now has waited stuckAfter.
func (w pageWatch) stuck(now time.Time) bool {
	return w.unresponsive || !w.sent.IsZero() && now.Sub(w.sent) >= stuckAfter
}

// pingPage sends a ping to the page's main thread, through the steps'
// isolated world (an empty function: nothing of the page's runs), once
// the last one was answered, and says the page stopped responding when one
// has waited unresponsiveAfter; on the GTK thread, once a second.
func (p *portal) pingPage() {
	if p.view == nil || p.isClosing() {
		return
	}
	w, now := &p.pings, time.Now()
	if !w.sent.IsZero() {
		if !w.unresponsive && now.Sub(w.sent) >= unresponsiveAfter {
			w.unresponsive = true
			p.onResponsive(false)
		}
		return
	}
	w.sent = now
	p.view.Step("return '';", func(string, string) {
		// An answer or an error (a navigation replaced the world, the web
		// process ended): the main thread is not stuck in a script.
		w.sent = time.Time{}
		if w.unresponsive {
			w.unresponsive = false
			p.onResponsive(true)
		}
	})
}

// onResponsive tells the session that the page stopped answering (a
// script busy in a loop) or answers again.
func (p *portal) onResponsive(responsive bool) {
	reason := ipc.Unresponsive
	if responsive {
		reason = ipc.Responsive
	}
	p.send(ipc.Message{Type: ipc.TypeResponsiveness, Reason: reason})
}
