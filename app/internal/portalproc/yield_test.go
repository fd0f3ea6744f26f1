package portalproc

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
)

// niceOf reads the nice value of every thread of pid from /proc.
func niceOf(t *testing.T, pid int) []int {
	t.Helper()
	dir := filepath.Join("/proc", strconv.Itoa(pid), "task")
	tasks, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, task := range tasks {
		stat, err := os.ReadFile(filepath.Join(dir, task.Name(), "stat"))
		if err != nil {
			continue
		}
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		n, err := strconv.Atoi(fields[16])
		if err != nil {
			t.Fatalf("stat of thread %s: %v", task.Name(), err)
		}
		out = append(out, n)
	}
	return out
}

// In the GUI, a window closed for a hand-back gives way to the host: every
// thread of its process and of the processes below it (WebKit's) gets nice
// 10. A close for another reason, or an opener that does not ask for it
// (the command line, whose exit waits for the final page's record), leaves
// the priorities alone.
func TestYieldAtHandBack(t *testing.T) {
	base := niceOf(t, os.Getpid())[0]
	tests := []struct {
		name   string
		yield  bool
		reason session.CloseReason
		want   int
	}{
		{"the GUI's hand-back", true, session.CloseHandBack, max(base, yieldNice)},
		{"the GUI, closed by the user", true, session.CloseUser, base},
		{"the command line's hand-back", false, session.CloseHandBack, base},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exe, err := os.Executable()
			if err != nil {
				t.Fatal(err)
			}
			o := Opener{Exe: exe, Args: []string{"-test.run=^$"}, Env: append(os.Environ(), fakeChildEnv+"=tree"), CloseGrace: 300 * time.Millisecond, YieldAtHandBack: tt.yield}
			sw, err := o.Open(context.Background(), session.WindowSpec{URL: "https://portal.example/"})
			if err != nil {
				t.Fatal(err)
			}
			w := sw.(*window)
			w.yielded = make(chan struct{})
			next(t, w) // ready
			next(t, w) // navigated
			sub, err := strconv.Atoi(next(t, w).Envelope)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Close(tt.reason); err != nil {
				t.Fatal(err)
			}
			if tt.yield && tt.reason == session.CloseHandBack {
				select {
				case <-w.yielded:
				case <-time.After(5 * time.Second):
					t.Fatal("the priority was not lowered within 5 s")
				}
			} else {
				time.Sleep(100 * time.Millisecond) // time for a yield that should not come
			}
			for _, pid := range []int{w.cmd.Process.Pid, sub} {
				for _, n := range niceOf(t, pid) {
					if n != tt.want {
						t.Errorf("process %d has a thread at nice %d, want %d", pid, n, tt.want)
					}
				}
			}
			collect(t, w)
		})
	}
}

// descendants finds the processes below one, however deep, from /proc's
// parent ids; parentOf reads a stat line whose command name holds spaces
// and parentheses.
func TestDescendants(t *testing.T) {
	dir := t.TempDir()
	for pid, stat := range map[int]string{
		1:  "1 (init) S 0 1 1",
		10: "10 (mpsim-portal) S 1 10 10",
		11: "11 (WebKitWebProces) S 10 10 10",
		12: "12 (a (b) c) S 11 10 10",
		13: "13 (other) S 1 13 13",
	} {
		if err := os.MkdirAll(filepath.Join(dir, strconv.Itoa(pid)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(pid), "stat"), []byte(stat), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := descendants(dir, 10)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(itoa(got), " ") != "10 11 12" {
		t.Errorf("descendants of 10 = %v, want [10 11 12]", got)
	}
	for _, bad := range []string{"", "no parenthesis", "1 (x)", "1 (x) S notanumber"} {
		if _, ok := parentOf(bad); ok {
			t.Errorf("parentOf(%q) found a parent", bad)
		}
	}
}

func itoa(ns []int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.Itoa(n)
	}
	return out
}
