package session

import (
	"context"
	"fmt"
	"time"

	"mpsim/bridge"
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
	// registeredOn is, for each listener a page registered (and did not
	// clear since), the address of the page that did: a page answering
	// that it has none then is another document (leftListener).
	registeredOn map[string]string
}

// noteListenerSet remembers which page registered each listener, from a
// mpsim:listenerSet event.
func (c *listenerCounts) noteListenerSet(env bridge.Envelope) {
	listener, registered, ok := bridge.ListenerSetOf(env)
	switch {
	case !ok || listener == "":
		return
	case !registered:
		delete(c.registeredOn, listener)
		return
	}
	if c.registeredOn == nil {
		c.registeredOn = map[string]string{}
	}
	c.registeredOn[listener] = env.PageURL
}

// leftListener says, for a listener the page answering at pageURL has
// not registered, that an earlier page did and the portal has navigated
// since: the listener went with that page. "" when no page registered it.
func (c *listenerCounts) leftListener(listener, pageURL string) string {
	on, ok := c.registeredOn[listener]
	if !ok {
		return ""
	}
	return fmt.Sprintf("the page at %s registered one, but the portal navigated since (the call reached %s), and a listener goes with the page that registered it: register it on every page that can be showing when the result comes",
		orUnknown(on), orUnknown(pageURL))
}

// orUnknown is s, or "an unknown address" when it is empty.
func orUnknown(s string) string {
	if s == "" {
		return "an unknown address"
	}
	return s
}
