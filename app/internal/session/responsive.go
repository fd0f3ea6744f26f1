package session

import (
	"fmt"
	"time"
)

// handleResponsiveness logs the page's main thread ceasing to answer the
// window's pings (a script busy in a loop: 5 s without an answer) and
// answering again, and reports whether ev was such an event.
func (r *runner) handleResponsiveness(ev Event) bool {
	if ev.Type != WindowResponsiveness {
		return false
	}
	r.mu.Lock()
	since := r.unresponsiveSince
	changed := since.IsZero() == (ev.Reason == PageUnresponsive)
	switch {
	case !changed:
	case ev.Reason == PageUnresponsive:
		r.unresponsiveSince = ev.At
	default:
		r.unresponsiveSince = time.Time{}
	}
	r.mu.Unlock()
	if !changed {
		return true
	}
	text := "the page stopped responding: its main thread has not answered for 5 s (a script busy in a loop?)"
	if ev.Reason == PageResponsive {
		text = "the page responds again"
		if !since.IsZero() {
			text += fmt.Sprintf(", after %s without answering", ev.At.Sub(since).Round(100*time.Millisecond))
		}
	}
	r.log(LogEntry{At: ev.At, Kind: KindHostEvent, Text: text})
	return true
}

// unresponsiveSentence says, for handback-missing, that the page was not
// responding when the session ended, so it could not hand back; r.mu is held.
func (r *runner) unresponsiveSentence(end time.Time) string {
	if r.unresponsiveSince.IsZero() {
		return ""
	}
	return fmt.Sprintf(" The page had stopped responding %s before the end: its main thread no longer answered, as when a script runs in an endless loop, so it could neither show anything nor hand back. Look for a loop that never ends (while (true), a retry without a wait) in the page's scripts; WebKit's inspector (--devtools) pauses it where it runs.",
		end.Sub(r.unresponsiveSince).Round(time.Second))
}
