package session

import (
	"fmt"
	"strings"

	"mpsim/app/internal/inspect"
)

// pageErrors is what the session keeps of the page's errors for a failed
// scenario step (guarded by runner.mu): how many console records came in
// all, how many had come when each step began, and the page's last
// uncaught error or rejection and its last console.error call, each with
// the count it arrived at. It keeps them apart from the report's console,
// which is capped.
type pageErrors struct {
	seen       int
	stepStarts []int
	uncaught   seenMessage
	call       seenMessage
}

// seenMessage is a console record and the count it arrived at (0: none).
type seenMessage struct {
	msg inspect.ConsoleMessage
	seq int
}

// see counts c and keeps it when it is an error. r.mu is held.
func (p *pageErrors) see(c inspect.ConsoleMessage) {
	p.seen++
	switch {
	case c.Kind == inspect.ConsoleError || c.Kind == inspect.ConsoleRejection:
		p.uncaught = seenMessage{c, p.seen}
	case c.Kind == inspect.ConsoleCall && c.Level == "error":
		p.call = seenMessage{c, p.seen}
	}
}

// markStep records that the next step begins now, on the session
// goroutine once it has handled the events the window had sent (the
// window sends the page's error during a click before the click's answer),
// so that an error of the step before is not counted as this step's. It
// returns without a mark when the session ended first.
func (r *runner) markStep() {
	marked := make(chan struct{})
	r.post(func() {
		r.mu.Lock()
		r.pageErrs.stepStarts = append(r.pageErrs.stepStarts, r.pageErrs.seen)
		r.mu.Unlock()
		close(marked)
	})
	select {
	case <-marked:
	case <-r.done:
	}
}

// lastErrorText is a sentence naming the page's last uncaught error or
// rejection (else its last console.error call) and the step that was under
// way when it came, for a failed step's finding: a page whose click
// handler threw is why the text a later step waits for never comes. It is
// "" when the page logged no error.
func (r *runner) lastErrorText() string {
	r.mu.Lock()
	p := r.pageErrs
	starts := append([]int(nil), p.stepStarts...)
	r.mu.Unlock()
	last := p.uncaught
	if last.seq == 0 {
		last = p.call
	}
	if last.seq == 0 {
		return ""
	}
	when := "before the first step"
	for i := len(starts) - 1; i >= 0; i-- {
		if last.seq > starts[i] {
			when = fmt.Sprintf("after step %d (%s) began", i+1, r.cfg.Steps[i].named())
			break
		}
	}
	c := last.msg
	place := c.Place()
	if place != "" {
		place = "," + place
	}
	return fmt.Sprintf(" The page's last error came %s, %.1f s after launch%s: %s.", when, c.AtMs/1000, place, strings.TrimSuffix(c.TextLine(), "."))
}

// named names a step without the value a fill types, which may be a
// password the session found out only as the fill ran (a password
// field): `fill "#password"`.
func (s Step) named() string {
	if s.Action == StepFill {
		return fmt.Sprintf("fill %q", s.Target)
	}
	return s.String()
}
