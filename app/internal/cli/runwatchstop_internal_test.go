package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// A session of `mpsim run --watch` that a save stopped printed
// "cancelled — verdict no-callback (…)" before the loop's "stopped that
// run (not compared)": a verdict line for a run that is no verdict of the
// portal (loop QA). It prints none now, and writes no report, the first
// run included (as mpsim test --watch writes no outputs of a stopped run).
// Ctrl+C during the first session still prints its verdict and writes its
// report, as without --watch.
func TestRunStoppedByAChangePrintsNoVerdict(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cause   error
		rerun   bool
		verdict bool // the verdict line printed and the report written
		// gone: the report's folder is deleted while the session runs;
		// runOnce then returns why the report could not be written.
		gone bool
	}{
		{"the first run, stopped by a change", errChanged, false, false, false},
		{"a run again, stopped by a change", errChanged, true, false, false},
		{"the first run, cut by Ctrl+C", context.Canceled, false, true, false},
		{"the first run, cut by Ctrl+C, its report's folder gone", context.Canceled, false, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			n := int64(7)
			h, err := workspace.Open(filepath.Join(dir, "config"), workspace.Options{Seed: &n})
			if err != nil {
				t.Fatal(err)
			}
			defer h.Close()
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			// The page loads and never hands back; the change (or
			// Ctrl+C) comes while it is open.
			out := filepath.Join(dir, "dist")
			if err := os.Mkdir(out, 0o755); err != nil {
				t.Fatal(err)
			}
			opener := &sessiontest.FakeOpener{OnOpen: func(*sessiontest.FakeWindow) {
				if tc.gone {
					_ = os.RemoveAll(out)
				}
				cancel(tc.cause)
			}}
			runner := workspace.Runner{Workspace: h, Opener: opener}
			plan, err := h.Plan(workspace.Request{Launch: workspace.LaunchRequest{PortalURL: linesPortal}.Defaults(), Timeout: 30 * time.Second, Token: "tok", ScreenshotDir: "-"})
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			env := Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
			o := &runOptions{reportPath: filepath.Join(out, "report.json")}
			rep, code, notWritten := runOnce(ctx, runner, plan, o, env, tc.rerun)
			if rep.Ended != session.EndedCancelled {
				t.Fatalf("ended %q, want cancelled\n%s", rep.Ended, stderr.String())
			}
			if (notWritten != nil) != tc.gone || tc.gone && code != ExitUsage {
				t.Errorf("exit %d, not written: %v; want the report's error: %v", code, notWritten, tc.gone)
			}
			if said := strings.Contains(stderr.String(), "verdict"); said != tc.verdict {
				t.Errorf("a verdict line printed: %v, want %v:\n%s", said, tc.verdict, stderr.String())
			}
			if _, err := os.Stat(o.reportPath); (err == nil) != (tc.verdict && !tc.gone) {
				t.Errorf("the report written: %v, want %v", err == nil, tc.verdict && !tc.gone)
			}
		})
	}
}

// A run of the loop whose report could not be written (its folder was
// deleted or moved away, as a build's rm -rf dist does) ended the loop
// with exit code 2 and no word that the watch had ended (loop QA). The
// loop goes on and says so; the next run that writes its report is the
// last completed one, and Ctrl+C before it exits 2, saying why.
func TestRunWatchLoopGoesOnWhenAReportIsNotWritten(t *testing.T) {
	pass := session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack}
	fail := session.Report{Verdict: bridge.VerdictFail, Ended: session.EndedHandBack}
	gone := errors.New("write report: open dist/report.json: no such file or directory")
	for _, tc := range []struct {
		name          string
		first         loopRun
		runs          []loopRun
		want          int
		says, saysNot []string
	}{
		{
			name:    "a run again not written, then one written",
			first:   loopRun{rep: pass},
			runs:    []loopRun{{rep: fail, code: ExitUsage, notWritten: gone}, {rep: pass}},
			want:    ExitOK,
			says:    []string{"the report of that run was not written; still watching portal", "since the last run: verdict fail → pass"},
			saysNot: []string{"exit code 2"},
		},
		{
			name:  "the last run not written: exit 2",
			first: loopRun{rep: pass},
			runs:  []loopRun{{rep: pass, code: ExitUsage, notWritten: gone}},
			want:  ExitUsage,
			says:  []string{"still watching portal", "the last completed run's report could not be written (said above): exit code 2"},
		},
		{
			name:    "the first run not written",
			first:   loopRun{rep: fail, code: ExitUsage, notWritten: gone},
			runs:    []loopRun{{rep: fail, code: ExitFindings}},
			want:    ExitFindings,
			says:    []string{"still watching portal", "watching portal; a change runs the same launch again"},
			saysNot: []string{"exit code 2"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			changed := make(chan struct{}, 1)
			changed <- struct{}{}
			played := 0
			again := func() loopRun {
				if played == len(tc.runs) {
					t.Errorf("ran again after %d runs", played)
					cancel()
					return loopRun{code: ExitUsage}
				}
				r := tc.runs[played]
				played++
				if played == len(tc.runs) {
					time.AfterFunc(20*time.Millisecond, cancel) // Ctrl+C while idle
				} else {
					changed <- struct{}{}
				}
				return r
			}
			var stderr strings.Builder
			got := watchLoop(ctx, changed, tc.first, again, "portal", Env{Stderr: &stderr})
			checkWatchLoop(t, got, tc.want, played, len(tc.runs), stderr.String(), tc.says, tc.saysNot)
		})
	}
}
