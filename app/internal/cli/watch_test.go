package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// rerun is what one run after a change of the portal does in a watch loop
// test: its outcome, whether Ctrl+C comes during it (cancel), and whether
// another change is pending when it ends (change). After the last one, an
// idle Ctrl+C follows unless one came during it.
type rerun[R any] struct {
	out    R
	code   int
	cancel bool
	change bool
}

// fakeAgain returns the again function of a watch loop that plays runs in
// order, and a function that says how many it played; a run beyond them
// fails t.
func fakeAgain[R any](t *testing.T, runs []rerun[R], changed chan struct{}, cancel context.CancelFunc) (func() (R, int), func() int) {
	played := 0
	return func() (R, int) {
		if played == len(runs) {
			t.Errorf("ran again after %d runs, want no more", played)
			cancel()
			var zero R
			return zero, ExitUsage
		}
		r := runs[played]
		played++
		if r.cancel {
			cancel()
		} else if played == len(runs) {
			time.AfterFunc(20*time.Millisecond, cancel) // Ctrl+C while idle
		}
		if r.change {
			changed <- struct{}{}
		}
		return r.out, r.code
	}, func() int { return played }
}

// A session Ctrl+C cuts short in `mpsim run --watch` is not compared with
// the last one (before, "since the last run: verdict pass → no-callback;
// gone 2 …" and exit 1, as if the portal had regressed): it says it was
// cancelled, and the exit code is the last completed session's, as for
// Ctrl+C while idle.
func TestRunWatchLoopCtrlC(t *testing.T) {
	pass := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack}
	fail := session.Report{Verdict: bridge.VerdictFail, Ended: session.EndedHandBack}
	cancelled := session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedCancelled}
	for _, tc := range []struct {
		name          string
		first         session.Report
		firstCut      bool // Ctrl+C during the first session
		runs          []rerun[session.Report]
		want          int
		played        int
		says, saysNot []string
	}{
		{
			name:    "Ctrl+C during a run after a change",
			first:   pass,
			runs:    []rerun[session.Report]{{out: cancelled, code: 1, cancel: true}},
			want:    0,
			played:  1,
			says:    []string{"the portal changed", "cancelled (Ctrl+C): not compared with the last run", "(verdict pass)"},
			saysNot: []string{"since the last run"},
		},
		{
			name:    "Ctrl+C while idle after a run that ended",
			first:   pass,
			runs:    []rerun[session.Report]{{out: fail, code: 1}},
			want:    1,
			played:  1,
			says:    []string{"since the last run: verdict pass → fail"},
			saysNot: []string{"cancelled"},
		},
		{
			name:    "Ctrl+C after a session handed back is no cancellation",
			first:   fail,
			runs:    []rerun[session.Report]{{out: pass, code: 0, cancel: true}},
			want:    0,
			played:  1,
			says:    []string{"since the last run: verdict fail → pass"},
			saysNot: []string{"cancelled"},
		},
		{
			name:    "a change pending at Ctrl+C runs nothing more",
			first:   fail,
			runs:    []rerun[session.Report]{{out: pass, code: 0, cancel: true, change: true}},
			want:    0,
			played:  1,
			saysNot: []string{"cancelled"},
		},
		{
			name:     "Ctrl+C during the first session: its verdict, as without --watch",
			first:    cancelled,
			firstCut: true,
			want:     1,
			saysNot:  []string{"watching", "since the last run"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			changed := make(chan struct{}, 1)
			if tc.firstCut {
				cancel()
			} else {
				changed <- struct{}{}
			}
			again, played := fakeAgain(t, tc.runs, changed, cancel)
			var stderr strings.Builder
			again3 := func() loopRun { r, c := again(); return loopRun{rep: r, code: c} }
			got := watchLoop(ctx, changed, loopRun{rep: tc.first}, again3, "portal", Env{Stderr: &stderr})
			checkWatchLoop(t, got, tc.want, played(), tc.played, stderr.String(), tc.says, tc.saysNot)
		})
	}
}

// The same for `mpsim test --watch`: a run Ctrl+C cuts short (its cells
// stopped or skipped) is not compared with the last one.
func TestTestWatchLoopCtrlC(t *testing.T) {
	results := func(s matrix.Status) matrix.Results {
		return matrix.Results{Cells: []matrix.CellResult{{Cell: matrix.Cell{ID: "buy/esim/en-US"}, Status: s}}}
	}
	met, unmet, skipped := results(matrix.StatusMet), results(matrix.StatusUnmet), results(matrix.StatusSkipped)
	for _, tc := range []struct {
		name          string
		runs          []rerun[matrix.Results]
		want          int
		says, saysNot []string
	}{
		{
			name:    "Ctrl+C during a run after a change",
			runs:    []rerun[matrix.Results]{{out: skipped, code: 1, cancel: true}},
			want:    0,
			says:    []string{"cancelled (Ctrl+C): not compared with the last run"},
			saysNot: []string{"since the last run"},
		},
		{
			name:    "Ctrl+C while idle after a run that ended",
			runs:    []rerun[matrix.Results]{{out: unmet, code: 1}},
			want:    1,
			says:    []string{"since the last run: 1 of 1 cells changed: buy/esim/en-US met → not met"},
			saysNot: []string{"cancelled"},
		},
		{
			name:    "a run with no cells is not compared, the next one is",
			runs:    []rerun[matrix.Results]{{code: ExitUsage, change: true}, {out: unmet, code: 1}},
			want:    1,
			says:    []string{"since the last run: 1 of 1 cells changed: buy/esim/en-US met → not met"},
			saysNot: []string{"cancelled"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			changed := make(chan struct{}, 1)
			changed <- struct{}{}
			again, played := fakeAgain(t, tc.runs, changed, cancel)
			var stderr strings.Builder
			got := testWatchLoop(ctx, changed, met, 0, withContext(again), "portal", Env{Stderr: &stderr}, nil)
			checkWatchLoop(t, got, tc.want, played(), len(tc.runs), stderr.String(), tc.says, tc.saysNot)
		})
	}
}

// withContext is a fake again of testWatchLoop that takes the run's
// context and ignores it.
func withContext(again func() (matrix.Results, int)) func(context.Context) (matrix.Results, int) {
	return func(context.Context) (matrix.Results, int) { return again() }
}

// CI QA: a save while `mpsim test --watch` ran its cells let the running
// cell finish on the old files, then compared and wrote that run
// ("dev/psim/en-US met → not met" for a cell of the old app.js). As in
// mpsim run --watch, the change stops the running cells (their context
// ends, with errChanged as its cause); that run is neither compared nor
// kept, a line says so, and the cells run again at once.
func TestTestWatchLoopStopsARunOnAChange(t *testing.T) {
	results := func(s matrix.Status, stopped string) matrix.Results {
		return matrix.Results{Stopped: stopped, Cells: []matrix.CellResult{{Cell: matrix.Cell{ID: "dev/psim/en-US"}, Status: s}}}
	}
	met := results(matrix.StatusMet, "")
	for _, tc := range []struct {
		name          string
		second        matrix.Results // the run after the stopped one
		secondCode    int
		want          int
		says, saysNot []string
	}{
		{"the run again compared with the last completed one", results(matrix.StatusUnmet, ""), 1, 1,
			[]string{supersededLine, "since the last run: 1 of 1 cells changed: dev/psim/en-US met → not met"},
			[]string{"skipped"}},
		{"nothing changed after all", met, 0, 0,
			[]string{supersededLine, "nothing changed in the outcomes of the 1 cells"},
			[]string{"skipped", "→"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			changed := make(chan struct{}, 1)
			changed <- struct{}{}
			runs := 0
			again := func(ctx context.Context) (matrix.Results, int) {
				runs++
				switch runs {
				case 1: // a save while its cell runs: the cell stops
					changed <- struct{}{}
					select {
					case <-ctx.Done():
					case <-time.After(10 * time.Second):
						t.Error("the change did not stop the run")
					}
					if !errors.Is(context.Cause(ctx), errChanged) {
						t.Errorf("the stopped run's context's cause = %v, want errChanged", context.Cause(ctx))
					}
					return results(matrix.StatusSkipped, matrix.StoppedInterrupted), ExitFindings
				case 2:
					time.AfterFunc(20*time.Millisecond, cancel) // Ctrl+C while idle
					return tc.second, tc.secondCode
				}
				t.Errorf("run %d, want 2", runs)
				cancel()
				return matrix.Results{}, ExitUsage
			}
			var stderr strings.Builder
			got := testWatchLoop(ctx, changed, met, 0, again, "portal", Env{Stderr: &stderr}, nil)
			checkWatchLoop(t, got, tc.want, runs, 2, stderr.String(), tc.says, tc.saysNot)
			if n := strings.Count(stderr.String(), "since the last run"); n != 1 {
				t.Errorf("compared %d times, want once (the stopped run is not):\n%s", n, stderr.String())
			}
		})
	}
}

// A run of mpsim test --watch that a change stopped writes no JUnit, HTML
// or JSON (they stay the last completed run's) and no summary, the first
// run included. Here --bail skips the runnable cell after the broken one,
// so no window is needed, and the run's context has already ended.
func TestTestRunStoppedByAChangeWritesNothing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.toml")
	if err := os.WriteFile(file, []byte("[[scenario]]\nname = \"good\"\ndemo_choice = \"buy\"\n\n[[scenario]]\nname = \"bad\"\ndemo_choise = \"buy\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MPSIM_CONFIG_DIR", t.TempDir())
	t.Setenv("MPSIM_HISTORY_KEEP", "0")
	for _, tc := range []struct {
		name   string
		cause  error
		rerun  bool
		writes bool
	}{
		{"the first run, stopped by a change", errChanged, false, false},
		{"a run again, stopped by a change", errChanged, true, false},
		{"the first run, cut by Ctrl+C: written, as without --watch", context.Canceled, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			junit, html := filepath.Join(t.TempDir(), "junit.xml"), filepath.Join(t.TempDir(), "report.html")
			ctx, cancel := context.WithCancelCause(context.Background())
			cancel(tc.cause)
			var stdout, stderr strings.Builder
			o := &testOptions{junit: junit, html: html, bail: true, parallel: 1, json: true}
			res, _, _ := testOnce(ctx, o, []string{file}, Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}, matrix.Shard{}, tc.rerun)
			if res.Stopped != matrix.StoppedInterrupted {
				t.Fatalf("stopped %q, want interrupted\n%s", res.Stopped, stderr.String())
			}
			for _, f := range []string{junit, html} {
				if _, err := os.Stat(f); (err == nil) != tc.writes {
					t.Errorf("%s written: %v, want %v", filepath.Base(f), err == nil, tc.writes)
				}
			}
			if (stdout.Len() > 0) != tc.writes {
				t.Errorf("--json written: %v, want %v:\n%s", stdout.Len() > 0, tc.writes, stdout.String())
			}
		})
	}
}

// TestTestWatchLoopMasksTheChanges: the line of `mpsim test --watch` that
// says what changed since the last run masks the identifiers a cell got
// (an ICCID) as the progress lines do, unless --no-redact (no mask), and
// escapes the page's control characters.
func TestTestWatchLoopMasksTheChanges(t *testing.T) {
	unmet := func(got string) matrix.Results {
		return matrix.Results{Cells: []matrix.CellResult{{Cell: matrix.Cell{ID: "buy/esim/en-US"}, Status: matrix.StatusUnmet,
			Checks: []matrix.Check{{Name: "iccid", Want: "8988247000124430746"}, {Name: "planName", Want: "Gold", Got: got}}}}}
	}
	before, after := unmet("8988247000124430746"), unmet("Gold\x1b[2J 8988247000124439999")
	for _, tc := range []struct {
		name          string
		mask          func(string) string
		says, saysNot []string
	}{
		{"masked", progressMask(false),
			[]string{"gone 1 (planName: got XXXXXXXXXXXXXXX0746)", `new 1 (planName: got Gold\x1b[2J XXXXXXXXXXXXXXX9999)`},
			[]string{"8988247000124430746", "8988247000124439999", "\x1b[2J"}},
		{"--no-redact", progressMask(true),
			[]string{"gone 1 (planName: got 8988247000124430746)", `new 1 (planName: got Gold\x1b[2J 8988247000124439999)`},
			[]string{"XXXX", "\x1b[2J"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			changed := make(chan struct{}, 1)
			changed <- struct{}{}
			again, played := fakeAgain(t, []rerun[matrix.Results]{{out: after, code: 1}}, changed, cancel)
			var stderr strings.Builder
			got := testWatchLoop(ctx, changed, before, 1, withContext(again), "portal", Env{Stderr: &stderr}, tc.mask)
			checkWatchLoop(t, got, 1, played(), 1, stderr.String(), tc.says, tc.saysNot)
		})
	}
}

// checkWatchLoop checks a watch loop's exit code, how many runs it made
// and what it said.
func checkWatchLoop(t *testing.T, code, wantCode, played, wantPlayed int, said string, says, saysNot []string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit code %d, want %d\n%s", code, wantCode, said)
	}
	if played != wantPlayed {
		t.Errorf("%d runs after the first, want %d\n%s", played, wantPlayed, said)
	}
	for _, s := range says {
		if !strings.Contains(said, s) {
			t.Errorf("did not say %q:\n%s", s, said)
		}
	}
	for _, s := range saysNot {
		if strings.Contains(said, s) {
			t.Errorf("said %q:\n%s", s, said)
		}
	}
}

// notifyWriter is a Writer safe for the watch's goroutines that signals
// each write on wrote.
type notifyWriter struct {
	mu    sync.Mutex
	buf   strings.Builder
	wrote chan struct{}
}

func (w *notifyWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	select {
	case w.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (w *notifyWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// waitFor waits until w has said s, failing t when it said nothing more
// for ten seconds.
func (w *notifyWriter) waitFor(t *testing.T, s string) {
	t.Helper()
	for !strings.Contains(w.String(), s) {
		select {
		case <-w.wrote:
		case <-time.After(10 * time.Second):
			t.Fatalf("did not say %q:\n%s", s, w.String())
		}
	}
}

// An edit of a scenario file (or of one in a directory named) in `mpsim
// test --watch DIR` reads the files again and runs again at once; before,
// only a change of the portal did, so a fixed or broken scenario went
// unseen until the next portal edit. The scenarios here have syntax errors,
// so no session starts; each run reports its error with file:line.
func TestTestWatchRereadsScenarioFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		arg  func(dir, file string) string
	}{
		{"the file named", func(_, file string) string { return file }},
		{"the directory named", func(dir, _ string) string { return dir }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			portal, scenarios := t.TempDir(), t.TempDir()
			file := filepath.Join(scenarios, "buy.toml")
			if err := os.WriteFile(file, []byte("[[scenario]]\nname = \n"), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stderr := &notifyWriter{wrote: make(chan struct{}, 1)}
			o := &testOptions{watch: portal, parallel: 1}
			done := make(chan int, 1)
			go func() {
				done <- testWatch(ctx, o, []string{tc.arg(scenarios, file)}, Env{Stderr: stderr, Stdout: io.Discard, Getenv: func(string) string { return "" }}, matrix.Shard{})
			}()
			stderr.waitFor(t, "watching "+portal)
			if !strings.Contains(stderr.String(), "buy.toml:2") {
				t.Fatalf("the first run did not report buy.toml:2:\n%s", stderr.String())
			}
			if err := os.WriteFile(file, []byte("[[scenario]]\nname = \"buy\"\n\nsims = [\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			stderr.waitFor(t, "buy.toml:4")
			cancel()
			<-done
		})
	}
}

// The scenario files under the watched directory are watched with it, not
// a second time (one save ran the cells twice); those elsewhere, and all of
// them when a URL is watched, get a watcher of their own.
func TestOutsideLeavesTheFilesTheWatchedDirectoryHolds(t *testing.T) {
	dir := t.TempDir()
	in, sub, out := filepath.Join(dir, "buy.toml"), filepath.Join(dir, "sc", "a.toml"), filepath.Join(t.TempDir(), "b.toml")
	tests := []struct {
		watch string
		paths []string
		want  []string
	}{
		{dir, []string{in, sub, out}, []string{out}},
		{dir, []string{dir}, nil},
		{"http://127.0.0.1:8080/", []string{in, out}, []string{in, out}},
		{filepath.Join(dir, "sc"), []string{in, sub}, []string{in}},
	}
	for _, tt := range tests {
		if got := outside(tt.watch, tt.paths); !slices.Equal(got, tt.want) {
			t.Errorf("outside(%s, %q) = %q, want %q", tt.watch, tt.paths, got, tt.want)
		}
	}
}

// A change while a watched session runs stops it and runs the launch again
// at once (loop QA: a fix saved 5 s after a syntax error waited for the
// broken session's whole timeout).
func TestSupersedable(t *testing.T) {
	cancelled := session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedCancelled}
	pass := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack}
	tests := []struct {
		name           string
		changeDuring   bool
		endsOnItsOwn   bool
		wantSuperseded bool
		wantPending    bool
	}{
		{name: "a change during the session stops it", changeDuring: true, wantSuperseded: true, wantPending: true},
		{name: "no change", endsOnItsOwn: true},
		{name: "a change as it ended on its own is the loop's", changeDuring: true, endsOnItsOwn: true, wantPending: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed := make(chan struct{}, 1)
			rep, _, superseded := supersedable(context.Background(), changed, func(ctx context.Context) (session.Report, int) {
				if tc.changeDuring {
					changed <- struct{}{}
				}
				if tc.endsOnItsOwn {
					if tc.changeDuring {
						// Let the watcher take the change before the end.
						for len(changed) > 0 {
							time.Sleep(time.Millisecond)
						}
						<-ctx.Done()
					}
					return pass, 0
				}
				<-ctx.Done()
				return cancelled, 1
			})
			if superseded != tc.wantSuperseded {
				t.Errorf("superseded = %v, want %v (report %+v)", superseded, tc.wantSuperseded, rep)
			}
			if pending := len(changed) == 1; pending != tc.wantPending {
				t.Errorf("a change pending for the loop = %v, want %v", pending, tc.wantPending)
			}
		})
	}
}

// A superseded run says so and is neither compared nor kept as the last.
func TestRunWatchLoopSuperseded(t *testing.T) {
	pass := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack}
	fail := session.Report{Verdict: bridge.VerdictFail, Ended: session.EndedHandBack}
	cancelled := session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedCancelled}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changed := make(chan struct{}, 1)
	changed <- struct{}{}
	runs := 0
	again := func() loopRun {
		runs++
		if runs == 1 {
			changed <- struct{}{}
			return loopRun{rep: cancelled, code: 1, superseded: true}
		}
		time.AfterFunc(20*time.Millisecond, cancel)
		return loopRun{rep: fail, code: 1}
	}
	var stderr strings.Builder
	got := watchLoop(ctx, changed, loopRun{rep: pass}, again, "portal", Env{Stderr: &stderr})
	out := stderr.String()
	if got != 1 || runs != 2 {
		t.Errorf("exit %d after %d runs, want 1 after 2\n%s", got, runs, out)
	}
	for _, want := range []string{"changed again while it ran: stopped that run (not compared)", "since the last run: verdict pass → fail"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "no-callback") {
		t.Errorf("the stopped run was compared:\n%s", out)
	}
}
