package session

import (
	"context"
	"fmt"
	"time"
)

// listenerAnswerWait bounds how long closing the portal waits for the
// page's answers to the listener invocations delivered before it.
const listenerAnswerWait = 10 * time.Second

// listenerDue counts an invocation of a page listener the app is about to
// make. A lifecycle step the invocation follows (networkRegistered, then
// registrationChanged) counts it before the step is reached, so a close
// waiting for that step also waits for the invocation.
func (r *runner) listenerDue() {
	r.mu.Lock()
	r.listeners.due++
	r.mu.Unlock()
}

// listenerAnswered counts the answer to one invocation: the shim's report
// that it invoked the listener, that the listener threw, or that none was
// usable (recorded, with its findings, before this is called), or the
// invocation's failure to reach the page.
func (r *runner) listenerAnswered() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.listeners.answered++
	if r.listeners.news != nil {
		close(r.listeners.news)
		r.listeners.news = nil
	}
}

// listenersAnswered says whether every listener invocation counted so far
// has its answer, and returns a channel closed at the next answer.
func (r *runner) listenersAnswered() (bool, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.listeners.answered >= r.listeners.due {
		return true, nil
	}
	if r.listeners.news == nil {
		r.listeners.news = make(chan struct{})
	}
	return false, r.listeners.news
}

// waitListeners waits, at most timeout, until the page has answered every
// listener invocation delivered so far, so that closing the portal
// (--close-after, a scenario's close step) does not lose what the
// listener did: its errors, its console output. It says what it saw.
func (r *runner) waitListeners(ctx context.Context, timeout time.Duration) string {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		done, news := r.listenersAnswered()
		if done {
			return ""
		}
		select {
		case <-news:
		case <-ctx.Done():
			return ""
		case <-t.C:
			return fmt.Sprintf(" (the page had not answered the app's listener call within %s)", timeout)
		}
	}
}

// listenerCounts are the page listener invocations of a session: counted
// when due and when answered (runner.listeners, under runner.mu).
type listenerCounts struct {
	due, answered int
	news          chan struct{}
	// calls numbers the invocations made (CallbackScriptFor); unanswered
	// maps the number of each made and not yet answered to its index in
	// Report.Callbacks.
	calls      int
	unanswered map[int]int
}
