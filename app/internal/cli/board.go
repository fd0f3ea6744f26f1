package cli

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"mpsim/app/internal/matrix"
	"mpsim/app/internal/termsafe"
)

// progressBoard prints the lines of `mpsim test`'s cells as they end and,
// on a terminal, a live status line under them: a bar, the counts so far,
// the time taken and an estimate of the time left, redrawn every second
// and after each cell. Elsewhere (a CI log, a pipe) only the lines.
type progressBoard struct {
	w       io.Writer
	live    bool
	columns int // the terminal's width
	digits  int // of the cell count, for the lines' [ n/total]
	total   int
	start   time.Time
	now     func() time.Time
	mask    func(string) string // hides identifiers in the cells' lines (nil: none)

	// The estimate of the time left: the cells to run, how long each is
	// expected to take (its last run; 0 unknown; nil: nothing known) and
	// how many run at once (see plan).
	cells    []matrix.Cell
	expected func(matrix.Cell) time.Duration
	parallel int

	mu                     sync.Mutex
	done, met, unmet, errs int
	since                  map[string]time.Time // the running cells' starts, by ID
	ended                  map[string]bool      // the cells done, by ID
	finished               time.Duration        // the cells done took, in all
	last                   time.Time            // when the board last printed a line (off a terminal)
	stop                   chan struct{}
	ticking                sync.WaitGroup
}

// liveTerminal reports whether w is a terminal a status line can be
// redrawn on, and its width: not under CI (CI=true), not with TERM=dumb,
// not when the window processes' messages are copied there (--verbose).
func liveTerminal(w io.Writer, getenv func(string) string, verbose bool) (bool, int) {
	f, ok := termsafe.Raw(w).(*os.File)
	if !ok || verbose || getenv("CI") != "" || getenv("TERM") == "dumb" || !term.IsTerminal(int(f.Fd())) {
		return false, 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil || cols <= 0 {
		cols = 80
	}
	return true, cols
}

// newProgressBoard starts the board of total cells on w; live draws the
// status line, columns wide; mask (nil: none) hides the identifiers in the
// cells' lines (printProgress).
func newProgressBoard(w io.Writer, total int, live bool, columns int, mask func(string) string) *progressBoard {
	b := &progressBoard{w: w, live: live, columns: columns, digits: len(fmt.Sprint(total)), total: total, now: time.Now, mask: mask,
		parallel: 1, since: map[string]time.Time{}, ended: map[string]bool{}}
	b.start = b.now()
	b.last = b.start
	b.stop = make(chan struct{})
	if live {
		b.ticking.Add(1)
		go b.tick()
		b.mu.Lock()
		b.draw()
		b.mu.Unlock()
	}
	return b
}

// tick redraws the status line every second until close.
func (b *progressBoard) tick() {
	defer b.ticking.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			b.mu.Lock()
			b.draw()
			b.mu.Unlock()
		}
	}
}

// heartbeatEvery is how long a run off a terminal (a CI log) goes without
// a line before the board prints one saying what still runs: CI runners
// with an inactivity limit kill a job whose log stays silent, and a cell
// may run for minutes (its timeout).
const heartbeatEvery = time.Minute

// heartbeatCheck is how often the board checks whether a heartbeat is due:
// it comes at most this long after heartbeatEvery of silence.
const heartbeatCheck = 10 * time.Second

// heartbeat makes a board that is not live print a line (beat) on a tick
// of ticks when none was printed for every, until close; a live board has
// its status line and prints none.
func (b *progressBoard) heartbeat(ticks <-chan time.Time, every time.Duration) {
	if b.live {
		return
	}
	b.ticking.Add(1)
	go func() {
		defer b.ticking.Done()
		for {
			select {
			case <-b.stop:
				return
			case <-ticks:
				b.beat(every)
			}
		}
	}()
}

// beat prints "still running: 2 cells in progress (slow/esim/en-US 1m0s,
// …); 3 of 10 done" when the board printed nothing for every: the running
// cells longest first (three at most), how long each has run.
func (b *progressBoard) beat(every time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if now.Sub(b.last) < every {
		return
	}
	b.last = now
	ids := make([]string, 0, len(b.since))
	for id := range b.since {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(x, y string) int {
		return cmp.Or(b.since[x].Compare(b.since[y]), strings.Compare(x, y))
	})
	var running []string
	for i, id := range ids {
		if i == 3 {
			running = append(running, "…")
			break
		}
		running = append(running, termsafe.Line(b.maskText(id))+" "+now.Sub(b.since[id]).Round(time.Second).String())
	}
	text := "still running"
	if len(ids) > 0 {
		text += fmt.Sprintf(": %s in progress (%s)", plural(len(ids), "cell"), strings.Join(running, ", "))
	}
	fmt.Fprintf(b.w, "%s; %d of %d done\n", text, b.done, b.total)
}

// maskText is s with its identifiers hidden (b.mask), or s.
func (b *progressBoard) maskText(s string) string {
	if b.mask == nil {
		return s
	}
	return b.mask(s)
}

// plan tells the board the cells about to run, parallel at a time, and
// how long each is expected to take (nil: unknown), for its estimate of
// the time left.
func (b *progressBoard) plan(cells []matrix.Cell, parallel int, expected func(matrix.Cell) time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cells, b.parallel, b.expected = cells, max(parallel, 1), expected
}

// started notes that c started.
func (b *progressBoard) started(c matrix.Cell) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.since[c.ID] = b.now()
}

// cell prints the lines of r, the done-th cell to end, and counts it.
func (b *progressBoard) cell(done int, r matrix.CellResult) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = done
	delete(b.since, r.ID)
	b.ended[r.ID] = true
	b.finished += time.Duration(r.DurationMs * float64(time.Millisecond))
	b.last = b.now()
	switch r.Status {
	case matrix.StatusMet:
		b.met++
	case matrix.StatusUnmet:
		b.unmet++
	case matrix.StatusError:
		b.errs++
	}
	if b.live {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
	printProgress(b.w, b.digits, done, b.total, r, b.mask)
	if b.live {
		b.draw()
	}
}

// close stops the redrawing (the heartbeat) and clears the status line.
// It is called once.
func (b *progressBoard) close() {
	close(b.stop)
	b.ticking.Wait()
	if b.live {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
}

// draw writes the status line over the current one; b.mu held.
func (b *progressBoard) draw() {
	fmt.Fprint(b.w, "\r\x1b[K"+b.statusLine())
}

// statusLine is the live line: "[■■■■□□□□] 12/32 · 10 met · 1 not met ·
// 1 could not run · 0:24 · about 0:31 left", without the bar when the
// terminal is too narrow for it, cut to the terminal's width.
func (b *progressBoard) statusLine() string {
	elapsed := b.now().Sub(b.start)
	parts := []string{fmt.Sprintf("%d/%d", b.done, b.total), fmt.Sprintf("%d met", b.met)}
	if b.unmet > 0 {
		parts = append(parts, fmt.Sprintf("%d not met", b.unmet))
	}
	if b.errs > 0 {
		parts = append(parts, fmt.Sprintf("%d could not run", b.errs))
	}
	parts = append(parts, clock(elapsed))
	if left, ok := b.timeLeft(); ok && left.Round(time.Second) > 0 {
		parts = append(parts, "about "+clock(left)+" left")
	} else if ok {
		parts = append(parts, "finishing") // the running cells took longer than expected
	}
	text := strings.Join(parts, " · ")
	const barWidth = 20
	if n := len([]rune(text)) + barWidth + 3; n < b.columns {
		filled := barWidth * b.done / max(b.total, 1)
		text = "[" + strings.Repeat("■", filled) + strings.Repeat("□", barWidth-filled) + "] " + text
	}
	if r := []rune(text); len(r) >= b.columns && b.columns > 1 {
		text = string(r[:b.columns-1])
	}
	return text
}

// timeLeft estimates the time the cells not done yet take: each as long
// as it took last time (expected), else as the cells done so far took on
// average; a running cell what is left of that; all of it spread over the
// cells run at once, and never less than what the longest running cell
// has left. False when some cell's length is unknown (no history and no
// cell done yet) and once all are done.
func (b *progressBoard) timeLeft() (time.Duration, bool) {
	if b.done >= b.total {
		return 0, false
	}
	var mean time.Duration
	if b.done > 0 {
		mean = b.finished / time.Duration(b.done)
	}
	now := b.now()
	var work, longest time.Duration
	left := b.total - b.done // the cells the loop below does not cover are taken at the mean
	for _, c := range b.cells {
		if b.ended[c.ID] {
			continue
		}
		left--
		est := mean
		if b.expected != nil {
			est = cmp.Or(b.expected(c), mean)
		}
		if est == 0 {
			return 0, false
		}
		if since, ok := b.since[c.ID]; ok {
			est = max(est-now.Sub(since), 0)
			longest = max(longest, est)
		}
		work += est
	}
	if left > 0 {
		if mean == 0 {
			return 0, false
		}
		work += mean * time.Duration(left)
	}
	return max(work/time.Duration(b.parallel), longest), true
}

// clock is d as m:ss (h:mm:ss from an hour).
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
