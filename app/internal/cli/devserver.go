package cli

import (
	"cmp"
	"context"
	"slices"

	"mpsim/app/internal/session"
	"mpsim/app/internal/watch"
)

// devServerWait runs a watched directory's launch (or matrix) again once
// its portal answers, when a run found no portal there (its dev server not
// up yet, or restarting): no file changes for that, and the developer
// waited for a save that had nothing to save (loop QA). A watched URL needs
// none: its watch polls it until it answers.
type devServerWait struct {
	ctx     context.Context
	target  string // what --watch names
	opts    watch.Options
	changed chan struct{}
	stop    context.CancelFunc // ends the wait under way, if any
}

// after starts waiting for the portal of rep (mpsim run) when it did not
// load and does not answer; a superseded run's report says nothing of it.
func (d *devServerWait) after(rep session.Report, superseded bool) {
	if superseded {
		d.cancel()
		return
	}
	d.afterAll([]session.Report{rep})
}

// afterAll starts waiting for each portal of reps (a matrix's cells) that
// did not load and does not answer; the first that answers runs the
// launch again. It ends the wait before it first.
func (d *devServerWait) afterAll(reps []session.Report) {
	d.cancel()
	if watch.IsURL(d.target) {
		return
	}
	var portals []string
	for _, rep := range reps {
		// The portal's own URL: the launch parameters would bury it in
		// the line, and a dev server answers it the same.
		if p := cmp.Or(rep.Launch.PortalURL, rep.Launch.URL); rep.Ended == session.EndedLoadFailed && p != "" && !slices.Contains(portals, p) {
			portals = append(portals, p)
		}
	}
	if len(portals) == 0 {
		return
	}
	ctx, cancel := context.WithCancel(d.ctx)
	waiting := false
	for _, p := range portals {
		waiting = watch.AwaitAnswer(ctx, p, d.opts, d.mark) || waiting
	}
	if !waiting {
		cancel()
		return
	}
	d.stop = cancel
}

// mark asks the loop for a run.
func (d *devServerWait) mark() {
	select {
	case d.changed <- struct{}{}:
	default:
	}
}

// cancel ends the wait under way, if any: a change runs the launch again.
func (d *devServerWait) cancel() {
	if d.stop != nil {
		d.stop()
		d.stop = nil
	}
}
