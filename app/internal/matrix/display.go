package matrix

import (
	"context"
	"strings"
	"sync"
)

// Display is the X display the cells' portal windows open on, as Run
// watches it: a display that ends in the middle of a run (its Xvfb killed,
// the desktop's X server gone) takes every window on it along, and the
// cells running then would otherwise read as portals that never called
// back.
type Display interface {
	// Done is closed when the display is seen to end (nil: Run is not
	// told, and asks Ended after each cell not met).
	Done() <-chan struct{}
	// Ended says how the display ended, nil while it is up (and after the
	// run stopped it).
	Ended() error
}

// StoppedDisplay: the X display the windows opened on ended during the
// run (Results.Stopped); the cells it cut off and those not started yet
// are skipped, with why in their Error.
const StoppedDisplay = "display-ended"

// windowDisplayLines are what a portal window says, as its last error,
// when it cannot reach its X display: GTK could not open it (webkit's
// ErrNoDisplay, Xlib's "cannot open display"), or lost the connection to
// it in the middle of the session (GDK's "Error reading events from
// display", Xlib's "Fatal IO error … on X server").
var windowDisplayLines = []string{
	"no display: GTK could not open one",
	"cannot open display",
	"Error reading events from display",
	"Fatal IO error",
	"X connection to",
}

// errWindowLostDisplay is how a display ended when only the window said so.
type errWindowLostDisplay struct{ line string }

func (e errWindowLostDisplay) Error() string {
	return "the portal window lost its X display: " + e.line
}

// windowLostDisplay is the error for a cell whose portal window said it
// could not reach its X display (windowDisplayLines), nil when it did not.
func windowLostDisplay(r CellResult) error {
	if r.Report == nil {
		return nil
	}
	line := r.Report.LastWindowError()
	for _, l := range windowDisplayLines {
		if strings.Contains(line, l) {
			return errWindowLostDisplay{line}
		}
	}
	return nil
}

// displayWatch is Run's watch on the display: the first sign that it
// ended stops the run (cancel), and the cells it cut off are skipped.
type displayWatch struct {
	d      Display // nil: only the windows' own errors tell
	parent context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	err    error
}

// watchDisplay starts watching d (nil: none) for a run whose context is
// parent, until run (the run's own context) ends; cancel stops the run.
func watchDisplay(parent, run context.Context, d Display, cancel context.CancelFunc) *displayWatch {
	w := &displayWatch{d: d, parent: parent, cancel: cancel}
	if d == nil || d.Done() == nil {
		return w
	}
	go func() {
		select {
		case <-d.Done():
			w.mu.Lock()
			w.record(d.Ended())
			w.mu.Unlock()
		case <-run.Done():
		}
	}()
	return w
}

// record keeps err, the first reason the display ended, and stops the
// run; with w.mu held. Nothing is recorded once the run was interrupted
// (the parent context): a Ctrl+C reaches the whole process group.
func (w *displayWatch) record(err error) {
	if err == nil || w.err != nil || w.parent.Err() != nil {
		return
	}
	w.err = err
	w.cancel()
}

// ended returns why the display ended, nil while it is not known to have.
func (w *displayWatch) ended() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// check returns why the display ended when it explains r, a cell that was
// not met: the display is gone (Ended, asked after the cell ended, since
// its window may see its X server go before Done is closed) or the cell's
// window said it could not reach it. nil for a met cell, and once the run
// was interrupted.
func (w *displayWatch) check(r CellResult) error {
	if r.Status == StatusMet {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		var err error
		if w.d != nil {
			err = w.d.Ended()
		}
		if err == nil {
			err = windowLostDisplay(r)
		}
		w.record(err)
	}
	return w.err
}

// cutOff is r, a cell the display's end cut off (or kept from starting),
// as a skipped cell that says so: no verdict on the portal, its checks and
// report dropped (they are the window's end, not the portal's).
func cutOff(r CellResult, why error, started bool) CellResult {
	r.Status, r.Checks, r.Report, r.ShotData, r.settled = StatusSkipped, []Check{}, nil, nil, false
	r.Cancelled = started
	if started {
		r.Error = "cancelled while running, no verdict on the portal: " + why.Error()
	} else {
		r.Error = "not run: " + why.Error()
	}
	return r
}
