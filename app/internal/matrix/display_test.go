package matrix

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
)

// fakeDisplay is a Display a test ends (end).
type fakeDisplay struct {
	mu    sync.Mutex
	ended chan struct{} // nil: not told, as a user's DISPLAY
	gone  error
}

func (d *fakeDisplay) Done() <-chan struct{} {
	if d.ended == nil {
		return nil
	}
	return d.ended
}

func (d *fakeDisplay) Ended() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.gone
}

// end ends the display, closing Done when it has one.
func (d *fakeDisplay) end(err error) {
	d.mu.Lock()
	d.gone = err
	d.mu.Unlock()
	if d.ended != nil {
		close(d.ended)
	}
}

// A display that ends in the middle of a run cuts off the cell running
// then and keeps the others from starting: they are skipped and say why,
// the run says it stopped for it (StoppedDisplay), a cell met before stays
// met, and no cell is retried. Before, the running cell was a portal that
// never called back (verdict no-callback: not met) and the rest failed
// "no display".
func TestDisplayEndedCutsTheRunShort(t *testing.T) {
	const why = "the X display :99 (the private Xvfb, PID 4242) ended: signal: killed"
	tests := []struct {
		name string
		// kill ends the display under window w (the second cell's).
		kill    func(d *fakeDisplay, w *sessiontest.FakeWindow)
		display bool // Options.Display set
		told    bool // it has Done
		want    string
	}{
		{"our Xvfb, told at once", func(d *fakeDisplay, w *sessiontest.FakeWindow) { d.end(errors.New(why)) }, true, true, why},
		{"our Xvfb, told after the window died", func(d *fakeDisplay, w *sessiontest.FakeWindow) {
			d.mu.Lock()
			d.gone = errors.New(why) // Done not yet closed
			d.mu.Unlock()
			w.Crash()
		}, true, true, why},
		{"a user's DISPLAY", func(d *fakeDisplay, w *sessiontest.FakeWindow) {
			d.end(errors.New("the X display :0 (DISPLAY) ended: no X server answers"))
			w.Crash()
		}, true, false, "the X display :0 (DISPLAY) ended: no X server answers"},
		{"only the window tells", func(d *fakeDisplay, w *sessiontest.FakeWindow) {
			w.Emit(session.Event{Type: session.WindowError, Message: "the portal window process ended unexpectedly: exit status 1 (it said: Gdk-Message: mpsim-portal: Error reading events from display: Broken pipe)", At: time.Now()})
			w.Crash()
		}, false, false, "the portal window lost its X display: the portal window process ended unexpectedly: exit status 1 (it said: Gdk-Message: mpsim-portal: Error reading events from display: Broken pipe)"},
	}
	ss, err := parse(t, `[[scenario]]
name = "a-met"
timeout = "50ms"
[scenario.expect]
ended = "timeout"

[[scenario]]
name = "b-running"
timeout = "1h"

[[scenario]]
name = "c-waiting"
timeout = "1h"
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &fakeDisplay{}
			if tc.told {
				d.ended = make(chan struct{})
			}
			var mu sync.Mutex
			opened := 0
			op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Emit(session.Event{Type: session.WindowReady})
				mu.Lock()
				opened++
				n := opened
				mu.Unlock()
				if n == 2 {
					tc.kill(d, w)
				}
			}}
			o := Options{Parallel: 1, Seed: 7, Opener: op, TempDir: t.TempDir(), Retries: 2, NoInspect: true}
			if tc.display {
				o.Display = d
			}
			res := Run(context.Background(), Expand(ss, nil), o)
			if res.Stopped != StoppedDisplay || res.DisplayEnded != tc.want {
				t.Errorf("stopped %q, display ended %q; want %q, %q", res.Stopped, res.DisplayEnded, StoppedDisplay, tc.want)
			}
			want := map[string]struct {
				status    Status
				cancelled bool
				err       string
			}{
				"a-met":     {StatusMet, false, ""},
				"b-running": {StatusSkipped, true, "cancelled while running, no verdict on the portal: " + tc.want},
				"c-waiting": {StatusSkipped, false, "not run: " + tc.want},
			}
			for _, c := range res.Cells {
				w := want[c.Scenario.Name]
				if c.Status != w.status || c.Cancelled != w.cancelled || c.Error != w.err || c.Report != nil && c.Status != StatusMet || len(c.Unmet()) > 0 {
					t.Errorf("%s: %s, cancelled %v, error %q, report %v; want %s, %v, %q, no report",
						c.Scenario.Name, c.Status, c.Cancelled, c.Error, c.Report != nil, w.status, w.cancelled, w.err)
				}
				if c.Status == StatusSkipped && res.SkipReasonOf(c) != w.err {
					t.Errorf("%s: skip reason %q", c.Scenario.Name, res.SkipReasonOf(c))
				}
			}
			if n := len(op.Windows()); n != 2 {
				t.Errorf("%d windows opened, want 2 (no retry, no cell after the display ended)", n)
			}
			// The HTML report calls the cells not run, not cells that
			// could not run (the tool's failure).
			var page strings.Builder
			if err := WriteHTML(&page, res); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(page.String(), "Not run: <bdi>cancelled while running") || strings.Contains(page.String(), "Could not run") {
				t.Errorf("the HTML report does not say the cut-off cells were not run")
			}
		})
	}
}

// A Ctrl+C is an interruption even when the display ends with it (the
// terminal's SIGINT reaches the whole process group).
func TestInterruptIsNoDisplayEnd(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"long\"\ntimeout = \"1h\"\n")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &fakeDisplay{ended: make(chan struct{})}
	op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		w.Emit(session.Event{Type: session.WindowReady})
		cancel()
		d.end(errors.New("the X display :99 ended"))
	}}
	res := Run(ctx, Expand(ss, nil), Options{Seed: 7, Opener: op, TempDir: t.TempDir(), Display: d, NoInspect: true})
	if c := res.Cells[0]; res.Stopped != "" || c.Status != StatusSkipped || !c.Cancelled || strings.Contains(c.Error, "display") {
		t.Errorf("stopped %q, cell %s cancelled %v %q; want an interrupted cell", res.Stopped, c.Status, c.Cancelled, c.Error)
	}
}

// Merged shards say the display ended when one shard's did, whatever the
// order of the shards and what another stopped for (mpsim report merge
// then exits 2, as the shard did).
func TestMergeKeepsTheDisplaysEnd(t *testing.T) {
	const why = "the X display :99 (the private Xvfb, PID 4242) ended: signal: killed"
	res := sampleResults()
	a, b := res, res
	a.Cells, a.Shard, a.Stopped = res.Cells[:1], "1/2", StoppedBail
	b.Cells, b.Shard, b.Stopped, b.DisplayEnded = res.Cells[1:], "2/2", StoppedDisplay, why
	for _, parts := range [][]Results{{a, b}, {b, a}} {
		m, err := Merge(parts)
		if err != nil {
			t.Fatal(err)
		}
		if m.Stopped != StoppedDisplay || m.DisplayEnded != why {
			t.Errorf("merged %s then %s: stopped %q, display ended %q", parts[0].Shard, parts[1].Shard, m.Stopped, m.DisplayEnded)
		}
	}
}
