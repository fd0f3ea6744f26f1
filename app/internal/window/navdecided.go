package window

import (
	"time"

	"mpsim/app/internal/ipc"
)

// navDecidedGap is the least time between two navDecided messages. The
// parent keeps only the time of the last one (a step's wait for a late
// navigation), so a page that floods its frames with navigations (a
// thousand a second) costs one line each gap, not one each navigation.
const navDecidedGap = 100 * time.Millisecond

// throttle runs a function at most once a gap: the first call of a quiet
// spell at once, the calls within a gap after it held back, and the last
// held one at the gap's end, so that the last call is never lost, only
// late. Not safe for concurrent use: the portal's is on the GTK thread.
type throttle struct {
	gap time.Duration
	now func() time.Time
	// later runs f after d on the owner's thread (the GTK thread's
	// dispatch), or never once the owner has gone.
	later func(d time.Duration, f func())
	last  time.Time
	held  func()
}

// do runs f now, or at the end of the gap when one ran less than a gap
// ago, in place of any call held back so far.
func (t *throttle) do(f func()) {
	now := t.now()
	if t.held == nil && (t.last.IsZero() || now.Sub(t.last) >= t.gap) {
		t.last = now
		f()
		return
	}
	if t.held == nil {
		t.later(t.gap-now.Sub(t.last), t.release)
	}
	t.held = f
}

// release runs the call held back, if any.
func (t *throttle) release() {
	f := t.held
	t.held = nil
	if f != nil {
		t.last = t.now()
		f()
	}
}

// tellDecided tells the parent that WebKit let a navigation to uri go,
// throttled to one message a navDecidedGap (the last of a burst sent at the
// gap's end); on the GTK thread.
func (p *portal) tellDecided(uri string) {
	if p.decided == nil {
		p.decided = &throttle{gap: navDecidedGap, now: time.Now, later: func(d time.Duration, f func()) {
			time.AfterFunc(d, func() { p.dispatch(f) })
		}}
	}
	p.pending.add(uri)
	msg := ipc.Message{Type: ipc.TypeNavDecided, URL: cut(uri, 2000)}
	p.decided.do(func() { p.send(msg) })
}

// maxPendingDecided bounds the navigations told and not yet seen to start
// (portal.pending): past it the window no longer knows whether they were
// all frames', and says nothing until the next top-level load.
const maxPendingDecided = 16

// decidedLog is the navigations let go since the last top-level load
// started, that started no load yet; on the GTK thread.
type decidedLog struct {
	uris     []string
	overflow bool
}

// add notes a navigation let go to uri.
func (l *decidedLog) add(uri string) {
	if len(l.uris) >= maxPendingDecided {
		l.overflow = true
		return
	}
	l.uris = append(l.uris, uri)
}

// clear forgets them all: a top-level load started.
func (l *decidedLog) clear() { l.uris, l.overflow = nil, false }

// frameStarted takes uri off the list, as a frame's document load
// started for it, and reports whether every navigation let go is now
// known to have been a frame's.
func (l *decidedLog) frameStarted(uri string) bool {
	for i, u := range l.uris {
		if u == uri {
			l.uris = append(l.uris[:i], l.uris[i+1:]...)
			return len(l.uris) == 0 && !l.overflow
		}
	}
	return false
}

// onFrameDocument tells the parent, when a frame's document load started
// for the last navigation let go that had not started, that none of them
// starts a top-level load: a step then waits no more for one. Any
// navDecided message held back goes first, so the parent never reads the
// frame's word before the navigation it is about. On the GTK thread.
func (p *portal) onFrameDocument(uri string) {
	if !p.tellsDecided() || !p.pending.frameStarted(uri) {
		return
	}
	if p.decided != nil {
		p.decided.release()
	}
	p.send(ipc.Message{Type: ipc.TypeNavDecided, URL: cut(uri, 2000), Reason: ipc.NavDecidedFrame})
}

// tellsDecided says the window tells the parent of the navigations WebKit
// lets go: only with scenario steps, and with inspection, whose navigation
// records are how the parent learns that a load started.
func (p *portal) tellsDecided() bool { return p.steps && p.rec != nil }
