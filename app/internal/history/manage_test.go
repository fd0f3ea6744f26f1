package history

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// saveAt saves a sample session dated at.
func saveAt(t *testing.T, s *Store, at time.Time) string {
	t.Helper()
	rec := sampleRecord("p", bridge.VerdictPass)
	rec.Entry.Time = at
	e, err := s.Save(rec)
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// ids lists the sessions of s, oldest first, and how many could not be
// read.
func ids(t *testing.T, s *Store) ([]string, int) {
	t.Helper()
	list, bad, err := s.List()
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.ID)
	}
	slices.Sort(out)
	return out, bad
}

// TestPrune: --keep keeps the newest (those dated in the future going
// first, as with the retention limit), --older-than removes by the time
// in the ID, both together remove what either names, a dry run removes
// nothing, and folders not named as sessions are never touched.
func TestPrune(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	ages := []time.Duration{72 * time.Hour, 48 * time.Hour, 3 * time.Hour, time.Hour, -24 * time.Hour} // the last in the future
	tests := []struct {
		name    string
		opts    PruneOptions
		removed []int // indexes into ages, in the order they go
	}{
		{"keep 3", PruneOptions{Keep: 3}, []int{4, 0}},
		{"keep 0", PruneOptions{Keep: 0}, []int{4, 0, 1, 2, 3}},
		{"keep more than there are", PruneOptions{Keep: 9}, nil},
		{"older than a day", PruneOptions{Keep: -1, Before: now.Add(-24 * time.Hour)}, []int{0, 1}},
		{"older than 0s", PruneOptions{Keep: -1, Before: now}, []int{0, 1, 2, 3}},
		{"either", PruneOptions{Keep: 4, Before: now.Add(-50 * time.Hour)}, []int{4, 0}},
		{"dry run", PruneOptions{Keep: 1, DryRun: true}, []int{4, 0, 1, 2}},
		{"neither", PruneOptions{Keep: -1}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &Store{Dir: t.TempDir(), Now: func() time.Time { return now }}
			mine := filepath.Join(s.Dir, "20200101T000000-notes")
			if err := os.MkdirAll(mine, 0o700); err != nil {
				t.Fatal(err)
			}
			var saved []string
			for _, age := range ages {
				saved = append(saved, saveAt(t, s, now.Add(-age)))
			}
			res, err := s.Prune(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, i := range tc.removed {
				want = append(want, saved[i])
			}
			if !slices.Equal(res.Removed, want) {
				t.Errorf("removed %v\nwant    %v", res.Removed, want)
			}
			left, _ := ids(t, s) // the user's folder is no session
			wantLeft := slices.DeleteFunc(slices.Clone(saved), func(id string) bool { return !tc.opts.DryRun && slices.Contains(want, id) })
			slices.Sort(wantLeft)
			if !slices.Equal(left, wantLeft) {
				t.Errorf("left %v\nwant %v", left, wantLeft)
			}
			if res.Kept != len(saved)-len(want) {
				t.Errorf("kept %d, want %d", res.Kept, len(saved)-len(want))
			}
			if _, err := os.Stat(mine); err != nil {
				t.Errorf("the user's folder: %v", err)
			}
		})
	}
}

// Pruning a history that does not exist prunes nothing and makes no
// directory.
func TestPruneMakesNoDirectory(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "none")}
	res, err := s.Prune(PruneOptions{Keep: 0})
	if err != nil || len(res.Removed) != 0 {
		t.Fatalf("Prune = %+v, %v", res, err)
	}
	if _, err := os.Stat(s.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Prune made %s: %v", s.Dir, err)
	}
}

// TestPruneWhileOthersSave prunes over and over while two other processes
// and a goroutine save sessions: every session left is whole, nothing is
// left half removed or half saved, and the last prune keeps exactly the
// newest.
func TestPruneWhileOthersSave(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	var cmds []*exec.Cmd
	for range 2 {
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), writerEnv+"="+dir, "N=20")
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, c)
	}
	s := &Store{Dir: dir, Keep: 1000}
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 20 {
			if _, err := s.Save(sampleRecord("g", bridge.VerdictPass)); err != nil {
				t.Error(err)
			}
		}
	})
	done := make(chan struct{})
	go func() {
		wg.Wait()
		for _, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Errorf("writer: %v", err)
			}
		}
		close(done)
	}()
	prunes := 0
	for waiting := true; waiting; prunes++ {
		select {
		case <-done:
			waiting = false
		default:
		}
		if _, err := s.Prune(PruneOptions{Keep: 5}); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d prunes while others saved", prunes)
	left, bad := ids(t, s)
	if len(left) != 5 || bad != 0 {
		t.Errorf("after %d prunes %d sessions left and %d unreadable, want 5 and none", prunes, len(left), bad)
	}
	for _, id := range left {
		if _, err := s.Report(id); err != nil {
			t.Errorf("session %s: %v", id, err)
		}
	}
	des, _ := os.ReadDir(dir)
	for _, de := range des {
		if strings.HasPrefix(de.Name(), tmpPrefix) || strings.HasPrefix(de.Name(), delPrefix) {
			t.Errorf("left behind: %s", de.Name())
		}
	}
}

// TestResolve: a session is named by its ID or any start of it that
// names it alone; an ambiguous start lists the sessions, newest first;
// folders not named as sessions never resolve.
func TestResolve(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	base := time.Date(2026, 12, 5, 10, 43, 19, 0, time.UTC)
	a := saveAt(t, s, base)
	b := saveAt(t, s, base.Add(time.Second))
	c := saveAt(t, s, base.Add(time.Hour))
	if err := os.MkdirAll(filepath.Join(s.Dir, "2026-notes"), 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		give, want string
		ambiguous  []string
	}{
		{a, a, nil},
		{a[:30], a, nil},
		{"20261205T11", c, nil},
		{"20261205T1043", "", []string{b, a}},
		{"2026", "", []string{c, b, a}},
		{"2026-notes", "", nil},
		{"nope", "", nil},
		{"", "", nil},
		{"../" + a, "", nil},
	}
	for _, tc := range tests {
		got, err := s.Resolve(tc.give)
		var amb *AmbiguousError
		switch {
		case tc.want != "":
			if err != nil || got != tc.want {
				t.Errorf("Resolve(%q) = %q, %v; want %q", tc.give, got, err, tc.want)
			}
		case tc.ambiguous != nil:
			if !errors.As(err, &amb) || !slices.Equal(amb.IDs, tc.ambiguous) {
				t.Errorf("Resolve(%q) = %q, %v; want ambiguous %v", tc.give, got, err, tc.ambiguous)
			}
		default:
			if !errors.Is(err, ErrNoSession) {
				t.Errorf("Resolve(%q) = %q, %v; want no session", tc.give, got, err)
			}
		}
	}
	if _, err := (&Store{Dir: filepath.Join(t.TempDir(), "none")}).Resolve("2026"); !errors.Is(err, ErrNoSession) {
		t.Errorf("Resolve in a missing history: %v", err)
	}
}

// TestWriteHTML: one session as the HTML report, its identifiers masked
// unless raw.
func TestWriteHTML(t *testing.T) {
	const iccid = "8988247000101997790"
	rec := sampleRecord("french-user", bridge.VerdictPass)
	rec.Report.Result = &bridge.Result{Success: true, ICCID: iccid}
	rec.Report.Result.PurchaseResult.PlanName = "MyPlan"
	rec.Entry.DurationMs = 1234
	for _, raw := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteHTML(&b, rec.Entry, rec.Report, raw); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		if !strings.Contains(html, "<html") || !strings.Contains(html, "MyPlan") || !strings.Contains(html, "french-user") {
			t.Errorf("raw %v: %d bytes, no page, plan or preset", raw, len(html))
		}
		if strings.Contains(html, iccid) != raw || strings.Contains(html, "XXXXXXXXXXXXXXX7790") == raw {
			t.Errorf("raw %v: the ICCID shown whole %v", raw, strings.Contains(html, iccid))
		}
	}
	var b bytes.Buffer
	if err := WriteHTML(&b, Entry{}, session.Report{}, false); err != nil || !strings.Contains(b.String(), "custom launch") {
		t.Errorf("an empty session: %v", err)
	}
}
