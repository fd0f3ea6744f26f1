package ui

import (
	"sync"
	"time"

	"mpsim/app/internal/session"
)

// logFeed hands a session's live entries from its goroutines to the UI
// goroutine in batches (the live log's and the portal tabs'): the panels
// are updated once per batch rather than once per entry. A hand-back comes
// with a dozen findings at once: one by one, with the log's list refreshed
// for each, the hand-back's result reached the window 200–400 ms after the
// call on a 2-core machine (issue 15: hand-back → result in the host).
type logFeed struct {
	do    func(func()) // runs a function on the UI goroutine
	apply func([]session.LogEntry)

	// coalesce queues one flush at a time (the portal tabs: a page that
	// logs thousands of messages must not queue thousands of fyne.Do).
	// Without it each add asks for its own flush (the live log; see add).
	coalesce bool
	// hold, when above 0, lets an entry of the page's own activity
	// (paceable: its console, requests, navigations, screenshots,
	// probes) wait up to hold for company before it asks for a flush;
	// any other entry (a bridge call, a finding, the result, the end)
	// asks at once and takes the held ones along. See LiveLogHoldDelay.
	hold time.Duration

	mu        sync.Mutex
	pending   []session.LogEntry // guarded by mu
	scheduled bool               // with coalesce, a flush is queued; guarded by mu
	held      *time.Timer        // the held entries' flush to come; guarded by mu
	// applying makes flushes one at a time. The window runs them all on
	// its UI goroutine anyway; Fyne's test driver runs each fyne.Do on the
	// goroutine that called it, and a session and its steps log from two.
	applying sync.Mutex
}

func newLogFeed(do func(func()), apply func([]session.LogEntry)) *logFeed {
	return &logFeed{do: do, apply: apply}
}

// add queues e, in the order add is called, and asks for a flush. The
// first flush to run applies every entry queued by then, and the flushes
// after it find none: one update of the panels per batch. Each add asks
// for its own flush so that, where fyne.Do runs on the calling goroutine
// (Fyne's test driver), e is applied when add returns.
func (f *logFeed) add(e session.LogEntry) {
	f.mu.Lock()
	f.pending = append(f.pending, e)
	if f.hold > 0 && paceable(e) {
		if f.held == nil && !f.scheduled {
			f.held = time.AfterFunc(f.hold, f.holdOver)
		}
		f.mu.Unlock()
		return
	}
	f.stopHold()
	ask := f.claimFlush()
	f.mu.Unlock()
	if ask {
		f.do(f.flush)
	}
}

// claimFlush notes that a flush is asked for and reports whether the
// caller must queue it: always, unless the feed coalesces and one is
// queued already (mu held).
func (f *logFeed) claimFlush() bool {
	queued := f.coalesce && f.scheduled
	f.scheduled = true
	return !queued
}

// holdOver asks for the flush of the entries held (the hold's timer).
func (f *logFeed) holdOver() {
	f.mu.Lock()
	f.held = nil
	ask := f.claimFlush()
	f.mu.Unlock()
	if ask {
		f.do(f.flush)
	}
}

// release asks at once for the flush of the entries held: the session
// ended, and what it logged must show before what the end shows (a held
// navigation's "Portal at …" after the end's status) and never in the
// next session.
func (f *logFeed) release() {
	f.mu.Lock()
	held := f.held != nil
	f.stopHold()
	ask := held && f.claimFlush()
	f.mu.Unlock()
	if ask {
		f.do(f.flush)
	}
}

// stopHold stops the held entries' timer: a flush takes them (mu held).
func (f *logFeed) stopHold() {
	if f.held != nil {
		f.held.Stop()
		f.held = nil
	}
}

// paceable reports whether e is the page's own activity as it goes, which
// the panels may show a moment later, in company: the rest is what the
// session makes of it (calls, findings, the result) and its course.
func paceable(e session.LogEntry) bool {
	switch e.Kind {
	case session.KindConsole, session.KindRequest, session.KindNavigation, session.KindNavigated,
		session.KindScreenshot, session.KindProbe, session.KindHostEvent, session.KindDropped, session.KindDialog:
		return true
	}
	return false
}

// flush applies every entry queued so far (UI goroutine).
func (f *logFeed) flush() {
	f.applying.Lock()
	defer f.applying.Unlock()
	f.mu.Lock()
	batch := f.pending
	f.pending, f.scheduled = nil, false
	f.stopHold()
	f.mu.Unlock()
	if len(batch) > 0 {
		f.apply(batch)
	}
}

// drop forgets the entries queued and not applied yet (a new session, or a
// finished report shown instead); a flush already queued finds none.
func (f *logFeed) drop() {
	f.mu.Lock()
	f.pending, f.scheduled = nil, false
	f.stopHold()
	f.mu.Unlock()
}
