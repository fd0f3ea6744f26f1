package proctree

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

func TestParseStat(t *testing.T) {
	tests := []struct {
		name string
		line string
		want Stat
		bad  bool
	}{
		{name: "plain", line: "42 (bash) S 1 42 42 34816 0", want: Stat{PID: 42, Comm: "bash", State: 'S', PPID: 1}},
		{name: "a trailing newline", line: "7 (sleep) R 6 7 7\n", want: Stat{PID: 7, Comm: "sleep", State: 'R', PPID: 6}},
		{name: "spaces in the name", line: "12 (Web Content) S 11 10 10", want: Stat{PID: 12, Comm: "Web Content", State: 'S', PPID: 11}},
		{name: "parentheses in the name", line: "12 (a (b) c) S 11 10 10", want: Stat{PID: 12, Comm: "a (b) c", State: 'S', PPID: 11}},
		{name: "a name that looks like the fields", line: "13 (x) S 99 (y) Z 5 1 1", want: Stat{PID: 13, Comm: "x) S 99 (y", State: 'Z', PPID: 5}},
		{name: "an empty name", line: "14 () D 2", want: Stat{PID: 14, Comm: "", State: 'D', PPID: 2}},
		{name: "the first process", line: "1 (init) S 0 1 1", want: Stat{PID: 1, Comm: "init", State: 'S', PPID: 0}},
		{name: "empty", line: "", bad: true},
		{name: "no parenthesis", line: "no parenthesis", bad: true},
		{name: "closing before opening", line: "1 )x( S 1", bad: true},
		{name: "no fields after the name", line: "1 (x)", bad: true},
		{name: "no parent id", line: "1 (x) S", bad: true},
		{name: "a parent id that is no number", line: "1 (x) S notanumber", bad: true},
		{name: "a process id that is no number", line: "x (y) S 1", bad: true},
		{name: "a state of two letters", line: "1 (x) SS 1", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStat(tt.line)
			if tt.bad {
				if err == nil {
					t.Errorf("ParseStat(%q) = %+v, want an error", tt.line, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseStat(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
			}
		})
	}
}

// fakeProc writes a proc tree under a temporary directory: pid → its
// stat line, and pid → thread → that thread's children file ("" for a
// thread without one).
func fakeProc(t *testing.T, stats map[int]string, tasks map[int]map[int]string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for pid, stat := range stats {
		write(filepath.Join(dir, strconv.Itoa(pid), "stat"), stat)
	}
	for pid, threads := range tasks {
		for tid, children := range threads {
			task := filepath.Join(dir, strconv.Itoa(pid), "task", strconv.Itoa(tid))
			if children == "" {
				if err := os.MkdirAll(task, 0o755); err != nil {
					t.Fatal(err)
				}
				continue
			}
			write(filepath.Join(task, "children"), children)
		}
	}
	// Entries that are no process.
	write(filepath.Join(dir, "self", "stat"), "1 (init) S 0 1 1")
	write(filepath.Join(dir, "uptime"), "1.0 1.0")
	return dir
}

// tree is a small process tree: 1 → 10 → 11 → 12, 10 → 14, 1 → 13, and
// 20 whose stat cannot be parsed.
var tree = map[int]string{
	1:  "1 (init) S 0 1 1",
	10: "10 (mpsim-portal) S 1 10 10",
	11: "11 (WebKitWebProces) S 10 10 10",
	12: "12 (a (b) c) S 11 10 10",
	13: "13 (other) S 1 13 13",
	14: "14 (WebKitNetworkPr) Z 10 10 10",
	20: "garbage",
}

func TestTree(t *testing.T) {
	fsys := os.DirFS(fakeProc(t, tree, nil))
	tests := []struct {
		pid         int
		children    []int
		descendants []int
	}{
		{pid: 0, children: []int{1}, descendants: []int{1, 10, 13, 11, 14, 12}},
		{pid: 1, children: []int{10, 13}, descendants: []int{10, 13, 11, 14, 12}},
		{pid: 10, children: []int{11, 14}, descendants: []int{11, 14, 12}},
		{pid: 12, children: nil, descendants: nil},
		{pid: 99, children: nil, descendants: nil},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.pid), func(t *testing.T) {
			if got, err := Children(fsys, tt.pid); err != nil || !slices.Equal(got, tt.children) {
				t.Errorf("Children(%d) = %v, %v; want %v", tt.pid, got, err, tt.children)
			}
			if got, err := Descendants(fsys, tt.pid); err != nil || !slices.Equal(got, tt.descendants) {
				t.Errorf("Descendants(%d) = %v, %v; want %v", tt.pid, got, err, tt.descendants)
			}
		})
	}
	if got, err := PIDs(fsys); err != nil || !slices.Equal(got, []int{1, 10, 11, 12, 13, 14, 20}) {
		t.Errorf("PIDs = %v, %v", got, err)
	}
}

func TestAlive(t *testing.T) {
	fsys := os.DirFS(fakeProc(t, map[int]string{
		1: "1 (init) S 0 1 1", 2: "2 (zombie) Z 1 2 2", 3: "3 (dead) X 1 3 3", 4: "4 (disk) D 1 4 4", 5: "5 (torn",
	}, nil))
	for pid, want := range map[int]bool{1: true, 2: false, 3: false, 4: true, 5: false, 6: false} {
		if got := Alive(fsys, pid); got != want {
			t.Errorf("Alive(%d) = %v, want %v", pid, got, want)
		}
	}
	if _, err := ReadStat(fsys, 6); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadStat of a missing process: %v, want fs.ErrNotExist", err)
	}
}

// vanishingFS removes processes from its directory right after the
// process list was read, as processes that end during a scan.
type vanishingFS struct {
	fs.FS
	dir    string
	vanish []int
}

func (v vanishingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(v.FS, name)
	if name == "." {
		for _, pid := range v.vanish {
			if err := os.RemoveAll(filepath.Join(v.dir, strconv.Itoa(pid))); err != nil {
				return nil, err
			}
		}
	}
	return entries, err
}

// A process that ends between the listing and the read of its stat
// (ENOENT) is left out; the rest of the tree is still read, and a
// process below the one that ended is no longer reached from above.
func TestVanishedMidScan(t *testing.T) {
	tests := []struct {
		name        string
		vanish      []int
		root        int
		descendants []int
	}{
		{"a leaf", []int{12}, 10, []int{11, 14}},
		{"a middle process", []int{11}, 10, []int{14}},
		{"the root itself", []int{10}, 10, []int{11, 14, 12}},
		{"an unrelated process", []int{13}, 1, []int{10, 11, 14, 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fakeProc(t, tree, nil)
			fsys := vanishingFS{FS: os.DirFS(dir), dir: dir, vanish: tt.vanish}
			got, err := Descendants(fsys, tt.root)
			if err != nil || !slices.Equal(got, tt.descendants) {
				t.Errorf("Descendants(%d) = %v, %v; want %v", tt.root, got, err, tt.descendants)
			}
			if _, err := ReadStat(fsys, tt.vanish[0]); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("ReadStat of the process that ended: %v, want fs.ErrNotExist", err)
			}
		})
	}
}

func TestListingFails(t *testing.T) {
	fsys := os.DirFS(filepath.Join(t.TempDir(), "none"))
	if _, err := Descendants(fsys, 1); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Descendants in a missing directory: %v, want fs.ErrNotExist", err)
	}
	if _, err := Children(fsys, 1); err == nil {
		t.Error("Children in a missing directory: no error")
	}
	if _, err := KernelChildren(fsys, 1); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("KernelChildren of a missing process: %v, want fs.ErrNotExist", err)
	}
}

func TestThreadsAndKernelChildren(t *testing.T) {
	fsys := os.DirFS(fakeProc(t, tree, map[int]map[int]string{
		10: {10: "11 14 ", 15: "", 16: "17\n", 18: "x 19"},
	}))
	if got, err := Threads(fsys, 10); err != nil || !slices.Equal(got, []int{10, 15, 16, 18}) {
		t.Errorf("Threads(10) = %v, %v", got, err)
	}
	if got, err := KernelChildren(fsys, 10); err != nil || !slices.Equal(got, []int{11, 14, 17, 19}) {
		t.Errorf("KernelChildren(10) = %v, %v; want [11 14 17 19]", got, err)
	}
	if _, err := Threads(fsys, 13); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Threads of a process without a task directory: %v, want fs.ErrNotExist", err)
	}
}

// The real /proc: a child this test starts is found below it by every
// way of listing, with its name and parent; once it ended it is not alive.
func TestRealProc(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc:", err)
	}
	cmd := exec.Command("sleep", "5")
	if err := cmd.Start(); err != nil {
		t.Skip("no sleep:", err)
	}
	waited := false
	defer func() {
		if !waited {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()
	pid, me, fsys := cmd.Process.Pid, os.Getpid(), Sys()
	s, err := ReadStat(fsys, pid)
	if err != nil || s.PID != pid || s.Comm != "sleep" || s.PPID != me || s.Exited() {
		t.Errorf("ReadStat(%d) = %+v, %v; want sleep, child of %d", pid, s, err, me)
	}
	if got, err := Children(fsys, me); err != nil || !slices.Contains(got, pid) {
		t.Errorf("Children(%d) = %v, %v; want %d among them", me, got, err, pid)
	}
	if got, err := Descendants(fsys, me); err != nil || !slices.Contains(got, pid) {
		t.Errorf("Descendants(%d) = %v, %v; want %d among them", me, got, err, pid)
	}
	if got, err := KernelChildren(fsys, me); err != nil || !slices.Contains(got, pid) {
		t.Errorf("KernelChildren(%d) = %v, %v; want %d among them", me, got, err, pid)
	}
	if got, err := Threads(fsys, me); err != nil || !slices.Contains(got, me) {
		t.Errorf("Threads(%d) = %v, %v; want its main thread %d among them", me, got, err, me)
	}
	if !Alive(fsys, pid) {
		t.Errorf("Alive(%d) = false while it sleeps", pid)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	// Killed but not yet waited for: a zombie.
	for deadline := time.Now().Add(5 * time.Second); Alive(fsys, pid); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d still alive 5 s after it was killed", pid)
		}
	}
	if s, err := ReadStat(fsys, pid); err != nil || !s.Exited() {
		t.Errorf("ReadStat(%d) after the kill = %+v, %v; want a zombie", pid, s, err)
	}
	_ = cmd.Wait()
	waited = true
	if _, err := ReadStat(fsys, pid); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadStat(%d) after the wait: %v, want fs.ErrNotExist", pid, err)
	}
	if got, _ := Descendants(fsys, me); slices.Contains(got, pid) {
		t.Errorf("Descendants(%d) = %v still holds %d after its wait", me, got, pid)
	}
}
