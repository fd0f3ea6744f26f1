package matrix

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
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
