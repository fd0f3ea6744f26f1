package session

import (
	"context"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/assets"
)

// navStartWait is how long, after a step clicked, typed or chose, the
// host waits for the top-level navigation that act may have started (a
// form's post, a link): the window reports one within a few milliseconds
// of the click.
const navStartWait = 150 * time.Millisecond

// maxSettle bounds the wait for a navigation a step started to end, so
// that a navigation the window never reports the end of (a 204 answer)
// holds the next step no longer than this.
const maxSettle = 10 * time.Second

// decidedStartWait bounds how much longer than navStartWait a step waits
// for a navigation to start once WebKit asked about it and the window let
// it go (WindowNavDecided): on a busy machine its load started 150 ms
// and more after the page asked for it (a page's location.href set from a
// timer, while mpsim's first-paint probe ran in the page), and the next
// step then acted on the page being left. A frame's own navigation is
// decided too but starts no top-level load: once the window saw its
// document load start as a frame's, it says so (NavDecidedFrame) and the
// step waits no more.
const decidedStartWait = time.Second

// navClock is when the portal's top-level navigations last started and
// last ended (committed, failed, turned into a download, a custom scheme
// or a same-document change), and when WebKit last let a navigation go
// (decided: a frame's too), in UnixNano: the steps' goroutine reads it,
// the session's loop writes it.
type navClock struct {
	started, ended, decided atomic.Int64
}

// see records ev's part in the top frame's navigations.
func (c *navClock) see(ev Event) {
	now := time.Now().UnixNano()
	switch {
	case ev.Type == WindowNavigated, ev.Type == WindowLoadFailed:
		c.ended.Store(now)
	case ev.Type == WindowNavDecided && ev.Reason == NavDecidedFrame:
		// What was let go was frames' navigations: nothing to wait for.
		c.ended.Store(now)
	case ev.Type == WindowNavDecided:
		c.decided.Store(now)
	case ev.Type == WindowNavigation && ev.Navigation != nil:
		switch n := ev.Navigation; n.Kind {
		case inspect.NavTopFrame:
			if !n.Blocked {
				c.started.Store(now)
			}
		case inspect.NavCommitted, inspect.NavDownload, inspect.NavScheme, inspect.NavSameDocument:
			c.ended.Store(now)
		}
	}
}

// settle waits, after a step that acted at since, until a top-level
// navigation the act started has ended, so that the next step looks at
// the page it led to, not at the page being left (a wait_url of the
// address being left, a field of the old form): up to navStartWait for
// such a navigation to start (up to decidedStartWait more once WebKit let
// one go since), then up to limit (at most maxSettle) for it to end. It
// says whether it waited for one.
func (c *navClock) settle(ctx context.Context, since time.Time, limit time.Duration) bool {
	const tick = 10 * time.Millisecond
	startBy, extended := time.Now().Add(navStartWait), false
	for c.started.Load() < since.UnixNano() {
		// A navigation WebKit let go that ended without a load of its own
		// (a same-document change, a download, a failed load) is not
		// waited for.
		decided := c.decided.Load()
		letGo := decided >= since.UnixNano() && c.ended.Load() < decided
		if extended && !letGo {
			return false
		}
		if time.Now().After(startBy) {
			if extended || !letGo {
				return false
			}
			startBy, extended = time.Now().Add(decidedStartWait), true
		}
		if sleepCtx(ctx, tick) != nil {
			return false
		}
	}
	endBy := time.Now().Add(min(limit, maxSettle))
	for c.ended.Load() < c.started.Load() && time.Now().Before(endBy) {
		if sleepCtx(ctx, tick) != nil {
			break
		}
	}
	return true
}

// sleepCtx sleeps d, or less when ctx ends (its error).
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// lateWorkWait bounds how long, after a click or choice that started no
// navigation within navStartWait but started work of the page's (a timer
// of at most 2 s, a fetch: stepAnswer.Late), the host waits for that work
// to end, then navStartWait again for the navigation it may start (a
// handler's setTimeout(() => location.href = next, 400), a form submitted
// after an awaited fetch).
const lateWorkWait = 2 * time.Second

// settleAfter is navClock.settle for a step that acted at start with
// until deadline left; late (the act started work of the page's) has it
// wait, when no navigation started within navStartWait, for that work
// (at most lateWorkWait), then for a navigation it started. A step that
// started no work waits as before.
func (r *runner) settleAfter(ctx context.Context, start, deadline time.Time, late bool) bool {
	if r.nav.settle(ctx, start, time.Until(deadline)) {
		return true
	}
	if !late {
		return false
	}
	wait := min(time.Until(deadline), lateWorkWait)
	if wait <= 0 || ctx.Err() != nil {
		return false
	}
	r.waitLateWork(ctx, wait)
	return r.nav.settle(ctx, start, time.Until(deadline))
}

// waitLateWork runs assets/steps/settle.js in the page for at most wait:
// it returns once the work a step's act started has ended, or the page
// navigated (the window then loses the script, which is as good).
func (r *runner) waitLateWork(ctx context.Context, wait time.Duration) {
	src, err := settleScript()
	if err != nil {
		return
	}
	sctx, cancel := context.WithTimeout(ctx, wait+stepSlack)
	defer cancel()
	_, _ = r.win.Step(sctx, fmt.Sprintf("const a = {\"timeout\": %d};\n%s", wait.Milliseconds(), src))
}

// settleScript is assets/steps/settle.js.
var settleScript = sync.OnceValues(func() (string, error) {
	src, err := fs.ReadFile(assets.FS(), "steps/settle.js")
	return string(src), err
})
