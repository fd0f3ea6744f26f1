package cli

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/matrix"
)

func boardCell(id string, s matrix.Status) matrix.CellResult {
	return matrix.CellResult{Cell: matrix.Cell{ID: id}, Status: s, Checks: []matrix.Check{}, DurationMs: 1500}
}

// Off a terminal the board prints the cells' lines and nothing else: a CI
// log gets no escape sequences.
func TestProgressBoardPlainLines(t *testing.T) {
	var out bytes.Buffer
	b := newProgressBoard(&out, 2, false, 0, nil)
	b.cell(1, boardCell("a/esim/en-US", matrix.StatusMet))
	b.cell(2, boardCell("b/esim/en-US", matrix.StatusError))
	b.close()
	want := "[1/2] met     a/esim/en-US (1.5s)\n[2/2] ERROR   b/esim/en-US (1.5s)\n"
	if out.String() != want {
		t.Errorf("plain board:\n%q\nwant\n%q", out.String(), want)
	}
}

// On a terminal each cell's line is written over the status line, which is
// drawn again under it with the counts, and cleared at the end.
func TestProgressBoardLiveLine(t *testing.T) {
	var out bytes.Buffer
	b := newProgressBoard(&out, 4, true, 120, nil)
	start := b.start
	b.now = func() time.Time { return start.Add(20 * time.Second) }
	b.cell(1, boardCell("a/esim/en-US", matrix.StatusMet))
	b.cell(2, boardCell("b/esim/en-US", matrix.StatusUnmet))
	b.close()
	got := out.String()
	for _, want := range []string{
		"\r\x1b[K[1/4] met     a/esim/en-US (1.5s)\n\r\x1b[K[■■■■■□□□□□□□□□□□□□□□] 1/4 · 1 met · 0:20 · about 0:05 left",
		"\r\x1b[K[2/4] NOT MET b/esim/en-US (1.5s)\n\r\x1b[K[■■■■■■■■■■□□□□□□□□□□] 2/4 · 1 met · 1 not met · 0:20 · about 0:03 left",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("live board:\n%q\nwant it to contain\n%q", got, want)
		}
	}
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("the status line is not cleared at the end: %q", got)
	}
}

func TestStatusLineFitsTheTerminal(t *testing.T) {
	b := &progressBoard{total: 32, done: 12, met: 10, unmet: 1, errs: 1, now: time.Now, parallel: 1, finished: 24 * time.Second}
	b.start = time.Now().Add(-24 * time.Second)
	tests := []struct {
		columns int
		want    string
	}{
		{120, "[■■■■■■■□□□□□□□□□□□□□] 12/32 · 10 met · 1 not met · 1 could not run · 0:24 · about 0:40 left"},
		{80, "12/32 · 10 met · 1 not met · 1 could not run · 0:24 · about 0:40 left"},
		{40, "12/32 · 10 met · 1 not met · 1 could no"},
	}
	for _, tt := range tests {
		b.columns = tt.columns
		if got := b.statusLine(); got != tt.want {
			t.Errorf("%d columns:\n%q\nwant\n%q", tt.columns, got, tt.want)
		}
	}
}

// TestTimeLeft: the cells not done, each as long as its last run (else the
// mean of those done), a running one what is left of that, spread over the
// workers but never less than the longest running cell has left.
func TestTimeLeft(t *testing.T) {
	start := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	cells := []matrix.Cell{{ID: "a"}, {ID: "b"}, {ID: "hang"}, {ID: "c"}, {ID: "d"}}
	last := map[string]time.Duration{"a": 2 * time.Second, "b": 2 * time.Second, "hang": 12 * time.Second}
	board := func(parallel int, expected func(matrix.Cell) time.Duration) *progressBoard {
		b := newProgressBoard(&bytes.Buffer{}, len(cells), false, 0, nil)
		b.now = func() time.Time { return start }
		b.plan(cells, parallel, expected)
		return b
	}
	byLast := func(c matrix.Cell) time.Duration { return last[c.ID] }
	done := func(id string, took time.Duration) matrix.CellResult {
		return matrix.CellResult{Cell: matrix.Cell{ID: id}, Status: matrix.StatusMet, DurationMs: float64(took.Milliseconds())}
	}

	b := board(1, nil)
	if _, ok := b.timeLeft(); ok {
		t.Error("an estimate with no history and no cell done")
	}
	b.cell(1, done("a", 3*time.Second)) // the mean: 3 s
	if left, ok := b.timeLeft(); !ok || left != 12*time.Second {
		t.Errorf("4 cells left at 3 s each, one at a time: %s %v, want 12s", left, ok)
	}

	b = board(2, byLast)
	b.started(cells[2]) // hang, 12 s last time
	b.started(cells[0])
	b.now = func() time.Time { return start.Add(2 * time.Second) }
	b.cell(1, done("a", 2*time.Second)) // the mean: 2 s
	// hang 10 s left, b 2 s, c and d unknown: the mean, 2 s each; over 2 workers 8 s, but hang alone has 10 s.
	if left, ok := b.timeLeft(); !ok || left != 10*time.Second {
		t.Errorf("with the hang cell running: %s %v, want 10s", left, ok)
	}
	b.started(cells[1])
	b.now = func() time.Time { return start.Add(4 * time.Second) }
	b.cell(2, done("b", 2*time.Second))
	b.cell(3, done("c", 2*time.Second))
	b.cell(4, done("d", 2*time.Second))
	if left, ok := b.timeLeft(); !ok || left != 8*time.Second {
		t.Errorf("the hang cell left alone, 4 s into its 12: %s %v, want 8s", left, ok)
	}
	b.cell(5, done("hang", 12*time.Second))
	if _, ok := b.timeLeft(); ok {
		t.Error("an estimate once every cell ended")
	}
}

func TestClock(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0:00", 59600 * time.Millisecond: "1:00", 75 * time.Second: "1:15", 3725 * time.Second: "1:02:05"} {
		if got := clock(d); got != want {
			t.Errorf("clock(%s) = %s, want %s", d, got, want)
		}
	}
}

func TestLiveTerminalOnlyOnATerminal(t *testing.T) {
	env := func(k string) string { return "" }
	if live, _ := liveTerminal(&bytes.Buffer{}, env, false); live {
		t.Error("a buffer is a terminal")
	}
}

// The live line says "finishing" rather than "about 0:00 left" while a
// cell runs past the time it was expected to take.
func TestStatusLineSaysFinishing(t *testing.T) {
	start := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	cells := []matrix.Cell{{ID: "a"}}
	b := newProgressBoard(&bytes.Buffer{}, 1, false, 200, nil)
	b.now = func() time.Time { return start }
	b.plan(cells, 1, func(matrix.Cell) time.Duration { return 2 * time.Second })
	b.started(cells[0])
	if line := b.statusLine(); !strings.Contains(line, "about 0:02 left") {
		t.Errorf("at the start: %q", line)
	}
	b.now = func() time.Time { return start.Add(5 * time.Second) }
	if line := b.statusLine(); !strings.Contains(line, "finishing") || strings.Contains(line, "left") {
		t.Errorf("past its expected time: %q", line)
	}
}

// The run's first line and results say how many sessions ran at once:
// never more than the cells.
func TestWorkersAreNoMoreThanTheCells(t *testing.T) {
	for _, tt := range []struct{ parallel, cells, want int }{{4, 1, 1}, {4, 10, 4}, {2, 0, 1}} {
		if got := workers(tt.parallel, tt.cells); got != tt.want {
			t.Errorf("workers(%d, %d) = %d, want %d", tt.parallel, tt.cells, got, tt.want)
		}
		o := &testOptions{parallel: tt.parallel}
		if got := runSettings(o, 1, tt.cells, ""); got != fmt.Sprintf("seed 1, parallel %d", tt.want) {
			t.Errorf("runSettings = %q", got)
		}
	}
}

// Off a terminal, a run whose cells print nothing for a minute prints a
// line saying what still runs, so that a CI runner with an inactivity
// limit does not kill the job; any line the board prints starts the
// minute again.
func TestHeartbeat(t *testing.T) {
	type event struct {
		at    time.Duration // after the board started
		start string        // a cell starts
		end   string        // a cell ends (its line)
		beat  bool          // a tick of the heartbeat
	}
	tests := []struct {
		name   string
		total  int
		mask   func(string) string
		events []event
		want   string
	}{
		{"silent for a minute", 1, nil, []event{
			{at: 0, start: "slow/esim/en-US"}, {at: 59 * time.Second, beat: true}, {at: time.Minute, beat: true},
		}, "still running: 1 cell in progress (slow/esim/en-US 1m0s); 0 of 1 done\n"},
		{"a cell's line starts the minute again", 2, nil, []event{
			{at: 0, start: "a"}, {at: 0, start: "b"}, {at: 30 * time.Second, end: "a"},
			{at: time.Minute, beat: true}, {at: 90 * time.Second, beat: true},
		}, "[1/2] met     a (1.5s)\nstill running: 1 cell in progress (b 1m30s); 1 of 2 done\n"},
		{"a heartbeat starts it again too", 1, nil, []event{
			{at: 0, start: "a"}, {at: time.Minute, beat: true}, {at: 100 * time.Second, beat: true}, {at: 2 * time.Minute, beat: true},
		}, "still running: 1 cell in progress (a 1m0s); 0 of 1 done\nstill running: 1 cell in progress (a 2m0s); 0 of 1 done\n"},
		{"the longest running three", 5, nil, []event{
			{at: 0, start: "c1"}, {at: time.Second, start: "c2"}, {at: 2 * time.Second, start: "c3"},
			{at: 3 * time.Second, start: "c4"}, {at: 4 * time.Second, start: "c5"}, {at: 70 * time.Second, beat: true},
		}, "still running: 5 cells in progress (c1 1m10s, c2 1m9s, c3 1m8s, …); 0 of 5 done\n"},
		{"no cell started yet", 1, nil, []event{{at: 75 * time.Second, beat: true}}, "still running; 0 of 1 done\n"},
		{"identifiers masked", 1, matrix.Mask, []event{
			{at: 0, start: "imei-356938035643809"}, {at: time.Minute, beat: true},
		}, "still running: 1 cell in progress (imei-XXXXXXXXXXX3809 1m0s); 0 of 1 done\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			b := newProgressBoard(&out, tt.total, false, 0, tt.mask)
			start, clock := b.start, b.start
			b.now = func() time.Time { return clock }
			done := 0
			for _, e := range tt.events {
				clock = start.Add(e.at)
				switch {
				case e.start != "":
					b.started(matrix.Cell{ID: e.start})
				case e.end != "":
					done++
					b.cell(done, boardCell(e.end, matrix.StatusMet))
				case e.beat:
					b.beat(heartbeatEvery)
				}
			}
			b.close()
			if out.String() != tt.want {
				t.Errorf("printed\n%q\nwant\n%q", out.String(), tt.want)
			}
		})
	}
}

// The heartbeat runs on its ticks until close, off a terminal only: a live
// board has its status line.
func TestHeartbeatOnlyOffATerminal(t *testing.T) {
	for _, live := range []bool{false, true} {
		t.Run(fmt.Sprintf("live=%v", live), func(t *testing.T) {
			var out bytes.Buffer
			b := newProgressBoard(&out, 1, live, 120, nil)
			start := b.start
			b.mu.Lock()
			b.now = func() time.Time { return start.Add(2 * time.Minute) }
			b.mu.Unlock()
			ticks := make(chan time.Time, 1) // a live board reads none
			b.heartbeat(ticks, heartbeatEvery)
			ticks <- time.Time{}
			if !live {
				ticks <- time.Time{} // read once the first has been handled
			}
			b.close()
			if got := strings.Contains(out.String(), "still running; 0 of 1 done\n"); got == live {
				t.Errorf("live %v: heartbeat printed %v:\n%q", live, got, out.String())
			}
		})
	}
}
