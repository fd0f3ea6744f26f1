package matrix

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// TestRunKeepsEveryCellsScreenshots runs more cells than the screenshot
// directories a user's cache keeps (workspace.KeepScreenshotSessions): the
// HTML report embeds each cell's screenshots once the last cell is done, so
// none of the run's own may have been pruned by then. They used to be one
// directory per cell among the last 50 sessions', and the first cells of a
// large matrix lost theirs.
func TestRunKeepsEveryCellsScreenshots(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	var src strings.Builder
	cells := workspace.KeepScreenshotSessions + 6
	for i := range cells {
		// The timeout leaves the fake window time to say it is ready on
		// a loaded machine (50 ms did not, once, in CI's race run).
		fmt.Fprintf(&src, "[[scenario]]\nname = \"s%02d\"\ntimeout = \"400ms\"\n[scenario.expect]\nended = \"timeout\"\n\n", i)
	}
	ss, err := parse(t, src.String())
	if err != nil {
		t.Fatal(err)
	}
	op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
	res := Run(context.Background(), Expand(ss, nil), Options{Seed: 7, Opener: op, TempDir: t.TempDir(), Parallel: 8})
	if s := res.Summary(); s.Met != cells {
		for _, c := range res.Cells {
			if c.Status != StatusMet {
				t.Errorf("cell %s: %s %s", c.ID, c.Status, c.Error)
			}
		}
		t.Fatalf("summary %+v; want %d met", s, cells)
	}
	root, err := workspace.ScreenshotRoot()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, w := range op.Windows() {
		dir := w.Spec.ScreenshotDir
		if seen[dir] {
			t.Errorf("two cells share the screenshot directory %s", dir)
		}
		seen[dir] = true
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("a cell's screenshot directory is gone before the run's report is written: %v", err)
		}
		if rel, err := filepath.Rel(root, dir); err != nil || strings.Count(rel, string(filepath.Separator)) != 1 {
			t.Errorf("screenshot directory %s: want a cell's directory in the run's own directory under %s", dir, root)
		}
	}
	if len(seen) != cells {
		t.Errorf("%d screenshot directories for %d cells", len(seen), cells)
	}
}

// TestStartOrderPutsTheLongestFirst: a cell expected to run until its
// timeout is as long as its timeout, another as long as its last run, and
// one never run as long as the median of those known.
func TestStartOrderPutsTheLongestFirst(t *testing.T) {
	cell := func(name string, timeout time.Duration) Cell {
		c := Cell{ID: name, Scenario: Scenario{Name: name}}
		if timeout > 0 {
			c.Scenario.Timeout = Duration(timeout)
			c.Scenario.Expect.Ended = session.EndedTimeout
		}
		return c
	}
	demo := func(name, choice string) Cell {
		c := cell(name, 0)
		c.Scenario.DemoChoice = choice
		return c
	}
	last := map[string]time.Duration{"slow": 12 * time.Second, "quick": time.Second, "mid": 3 * time.Second, "quicker": 500 * time.Millisecond}
	expected := func(c Cell) time.Duration { return last[c.ID] }
	tests := []struct {
		name     string
		cells    []Cell
		expected func(Cell) time.Duration
		want     []string
	}{
		{"nothing known: file order", []Cell{cell("quick", 0), cell("slow", 0), cell("mid", 0)}, nil, []string{"quick", "slow", "mid"}},
		{"timeouts first without history", []Cell{cell("a", 0), cell("t5", 5*time.Second), cell("t9", 9*time.Second)}, nil, []string{"t9", "t5", "a"}},
		{"the last runs' times", []Cell{cell("quick", 0), cell("slow", 0), cell("mid", 0)}, expected, []string{"slow", "mid", "quick"}},
		{"a timeout among them", []Cell{cell("quick", 0), cell("t5", 5*time.Second), cell("slow", 0)}, expected, []string{"slow", "t5", "quick"}},
		{"a new cell as long as the median", []Cell{cell("quicker", 0), cell("new", 0), cell("slow", 0), cell("quick", 0)}, expected, []string{"slow", "new", "quick", "quicker"}},
		{"equal lengths keep their order", []Cell{cell("x", 0), cell("y", 0)}, func(Cell) time.Duration { return time.Second }, []string{"x", "y"}},
		{"no history: the demo's waits", []Cell{demo("buy", "buy"), demo("slow", "buy-slow"), demo("hang", "hang")}, nil, []string{"hang", "slow", "buy"}},
		{"history before the demo's waits", []Cell{demo("quick", "buy"), demo("hang", "hang"), demo("slow", "buy-slow")}, expected, []string{"hang", "slow", "quick"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, i := range startOrder(tt.cells, tt.expected) {
				got = append(got, tt.cells[i].ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("start order %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRunAsksHowLongCellsTakeOnlyInParallel: one worker runs the cells in
// their order (the order would change nothing but the progress lines);
// two ask Options.Expected about each cell to start the longest first.
// One at a time, cells start in their files' order even when one is
// expected to run until its timeout (longest first is for --parallel):
// --bail then skips the cells after the failing one in the file.
func TestSerialRunKeepsTheFilesOrder(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"a-first\"\ntimeout = \"300ms\"\n\n[[scenario]]\nname = \"b-waits\"\ntimeout = \"300ms\"\n[scenario.expect]\nended = \"timeout\"\n")
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	var started []string
	var mu sync.Mutex
	op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
	Run(context.Background(), cells, Options{Seed: 1, Opener: op, TempDir: t.TempDir(), Parallel: 1,
		Started: func(c Cell) {
			mu.Lock()
			defer mu.Unlock()
			started = append(started, c.Scenario.Name)
		}})
	if want := []string{cells[0].Scenario.Name, cells[1].Scenario.Name}; !slices.Equal(started, want) {
		t.Errorf("started %v, want the cells' order %v", started, want)
	}
}

func TestRunAsksHowLongCellsTakeOnlyInParallel(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"quick\"\ntimeout = \"400ms\"\n\n[[scenario]]\nname = \"slow\"\ntimeout = \"400ms\"\n")
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	for _, tt := range []struct{ parallel, asked int }{{1, 0}, {2, 2}} {
		var mu sync.Mutex
		asked := 0
		op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
		res := Run(context.Background(), cells, Options{Seed: 1, Opener: op, TempDir: t.TempDir(), Parallel: tt.parallel,
			Expected: func(Cell) time.Duration {
				mu.Lock()
				defer mu.Unlock()
				asked++
				return time.Second
			}})
		if asked != tt.asked {
			t.Errorf("parallel %d asked about %d cells, want %d", tt.parallel, asked, tt.asked)
		}
		if len(res.Cells) != 2 || res.Cells[0].ID > res.Cells[1].ID {
			t.Errorf("parallel %d: results not in the cells' order: %+v", tt.parallel, res.Cells)
		}
	}
}

// Mask hides identifiers however a page writes them: plain, or with
// spaces, dashes or dots between digit groups; shorter numbers (dates,
// addresses, timings) stay.
func TestMaskSpacedIdentifiers(t *testing.T) {
	tests := []struct{ in, want string }{
		{"eid 89033023718200000000000000001234", "eid XXXXXXXXXXXXXXXXXXXXXXXXXXXX1234"},
		{"EID 8903 3023 7182 0000 0000 0000 0000 1234 seen", "EID XXXX XXXX XXXX XXXX XXXX XXXX XXXX 1234 seen"},
		{"imei 35-209900-176148-1", "imei XX-XXXXXX-XXX148-1"},
		{"iccid 8901.2600.0000.0000.1234", "iccid XXXX.XXXX.XXXX.XXXX.1234"},
		{"at 2026-01-02 10:11 from 127.0.0.1:8443, 1500 ms", "at 2026-01-02 10:11 from 127.0.0.1:8443, 1500 ms"},
		{"?iccids=89012600000000001234,89012600000000005678", "?iccids=XXXXXXXXXXXXXXXX1234,XXXXXXXXXXXXXXXX5678"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Redact masks identifiers in a cell's text, not the files its report
// names: a history session's directory (20261205T050210.123456789Z-…)
// reads as a spaced-out number, and a masked path names no file to embed
// (found when Export HTML of a reopened session lost its screenshot).
func TestRedactKeepsFilePaths(t *testing.T) {
	path := "/home/u/.local/share/mpsim/history/20261205T050210.123456789Z-1a2b3c4d/files/01-first-paint.png"
	har := "/home/u/.local/share/mpsim/history/20261205T050210.123456789Z-1a2b3c4d/files/session.har"
	r := Results{Cells: []CellResult{{
		Report: &session.Report{
			Screenshots: []inspect.Screenshot{{Label: "first-paint", Path: path}},
			HAR:         har,
			Findings:    []bridge.Finding{{Code: "x", Message: "EID 8903 3023 7182 0000 0000 0000 0000 1234"}},
		},
		ShotData: []ShotData{{Path: path, PNG: []byte("\x89PNG 12345678901234567890")}},
	}}}
	if err := Redact(&r); err != nil {
		t.Fatal(err)
	}
	rep := r.Cells[0].Report
	if rep.Screenshots[0].Path != path || rep.HAR != har || r.Cells[0].ShotData[0].Path != path {
		t.Errorf("paths masked: %q, %q, %q", rep.Screenshots[0].Path, rep.HAR, r.Cells[0].ShotData[0].Path)
	}
	if strings.Contains(rep.Findings[0].Message, "7182") {
		t.Errorf("the text is not masked: %q", rep.Findings[0].Message)
	}
}

// --bail stops the cells running when another fails: such a cell is
// skipped, but cancelled while running, and the JUnit XML says so rather
// than "not run"; a cell that had not started is "not run".
func TestBailSaysWhichCellsItStoppedWhileRunning(t *testing.T) {
	ss, err := Parse("s.toml", []byte(`[[scenario]]
name = "fails"
timeout = "50ms"
[scenario.expect]
ended = "handBack"

[[scenario]]
name = "long"
timeout = "1h"
[scenario.expect]
ended = "timeout"

[[scenario]]
name = "waits"
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	ready := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
	res := Run(t.Context(), Expand(ss, nil), Options{Parallel: 2, Seed: 7, Bail: true, Opener: ready, TempDir: t.TempDir()})
	res.Stopped = StoppedBail
	byName := map[string]CellResult{}
	for _, c := range res.Cells {
		byName[c.Scenario.Name] = c
	}
	if c := byName["long"]; c.Status != StatusSkipped || !c.Cancelled {
		t.Fatalf("the running cell: %s, cancelled %v", c.Status, c.Cancelled)
	}
	if c := byName["waits"]; c.Status != StatusSkipped || c.Cancelled {
		t.Fatalf("the cell not started: %s, cancelled %v", c.Status, c.Cancelled)
	}
	var out strings.Builder
	if err := WriteJUnit(&out, res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<skipped message="cancelled while running: --bail stopped the run after another cell failed"`, `<skipped message="not run: --bail stopped the run after a cell failed"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("JUnit lacks %q:\n%s", want, out.String())
		}
	}
}

// failingRecorder is a history that cannot save (a full disk).
type failingRecorder struct{}

func (failingRecorder) Record(workspace.Plan, session.Report) (string, error) {
	return "", errors.New("history: save: no space left on device")
}

// TestCellSaysItsHistorySaveFailed: a cell whose session the history could
// not keep carries why (CellResult.HistoryError, for mpsim test's lines);
// its outcome is the session's (crowd QA: mpsim test said nothing).
func TestCellSaysItsHistorySaveFailed(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ss, err := parse(t, "[[scenario]]\nname = \"s\"\ntimeout = \"400ms\"\n[scenario.expect]\nended = \"timeout\"\n")
	if err != nil {
		t.Fatal(err)
	}
	op := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) { w.Emit(session.Event{Type: session.WindowReady}) }}
	res := Run(context.Background(), Expand(ss, nil), Options{Seed: 7, Opener: op, TempDir: t.TempDir(), Recorder: failingRecorder{}})
	if c := res.Cells[0]; c.Status != StatusMet || c.HistoryError != "history: save: no space left on device" {
		t.Errorf("cell %s %q, history error %q; want met, with the save's error", c.Status, c.Error, c.HistoryError)
	}
}
