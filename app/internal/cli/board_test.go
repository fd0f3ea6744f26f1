package cli

import (
	"bytes"
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
	b := newProgressBoard(&out, 2, false, 0)
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
	b := newProgressBoard(&out, 4, true, 120)
	start := b.start
	b.now = func() time.Time { return start.Add(20 * time.Second) }
	b.cell(1, boardCell("a/esim/en-US", matrix.StatusMet))
	b.cell(2, boardCell("b/esim/en-US", matrix.StatusUnmet))
	b.close()
	got := out.String()
	for _, want := range []string{
		"\r\x1b[K[1/4] met     a/esim/en-US (1.5s)\n\r\x1b[K[■■■■■□□□□□□□□□□□□□□□] 1/4 · 1 met · 0:20 · about 1:00 left",
		"\r\x1b[K[2/4] NOT MET b/esim/en-US (1.5s)\n\r\x1b[K[■■■■■■■■■■□□□□□□□□□□] 2/4 · 1 met · 1 not met · 0:20 · about 0:20 left",
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
	b := &progressBoard{total: 32, done: 12, met: 10, unmet: 1, errs: 1, now: time.Now}
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

func TestTimeLeftAndClock(t *testing.T) {
	if _, ok := timeLeft(10*time.Second, 0, 5); ok {
		t.Error("an estimate before any cell ended")
	}
	if _, ok := timeLeft(10*time.Second, 5, 5); ok {
		t.Error("an estimate once every cell ended")
	}
	if left, _ := timeLeft(30*time.Second, 3, 10); left != 70*time.Second {
		t.Errorf("3 of 10 in 30 s: %s left, want 1m10s", left)
	}
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
