package ui

import (
	"sync"

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

	mu        sync.Mutex
	pending   []session.LogEntry // guarded by mu
	scheduled bool               // with coalesce, a flush is queued; guarded by mu
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
	queued := f.coalesce && f.scheduled
	f.scheduled = true
	f.mu.Unlock()
	if !queued {
		f.do(f.flush)
	}
}

// flush applies every entry queued so far (UI goroutine).
func (f *logFeed) flush() {
	f.applying.Lock()
	defer f.applying.Unlock()
	f.mu.Lock()
	batch := f.pending
	f.pending, f.scheduled = nil, false
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
	f.mu.Unlock()
}
