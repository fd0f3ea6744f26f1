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
	msg := ipc.Message{Type: ipc.TypeNavDecided, URL: cut(uri, 2000)}
	p.decided.do(func() { p.send(msg) })
}
