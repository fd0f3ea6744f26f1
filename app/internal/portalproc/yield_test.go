package portalproc

import (
	"context"
	"errors"
	"io/fs"
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

// Without a process list to read, lowerPriority changes nothing and says
// why.
func TestLowerPriorityWithoutProcfs(t *testing.T) {
	err := lowerPriority(os.DirFS(filepath.Join(t.TempDir(), "none")), os.Getpid(), yieldNice)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lowerPriority without procfs: %v, want fs.ErrNotExist", err)
	}
}
