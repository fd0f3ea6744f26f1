// Package proctree reads Linux's process tree from procfs: a process's
// parent, command name and state from /proc/PID/stat, its threads, and the
// processes below it. It is pure Go (no cgo) and reads through an fs.FS
// rooted at the proc file system (Sys), so tests can hand it a fake tree.
//
// Processes come and go while the tree is read: a process that has ended
// between listing /proc and reading its files is left out, not an error.
package proctree

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Sys returns the system's proc file system, /proc.
func Sys() fs.FS {
	return os.DirFS("/proc")
}

// Stat is the start of a /proc/PID/stat line: "pid (comm) state ppid …".
type Stat struct {
	PID   int    // the process id
	Comm  string // the command name (15 bytes at most; may hold spaces and parentheses)
	State byte   // R, S, D, Z, X, …
	PPID  int    // the parent's process id (0 for the first process)
}

// Exited reports whether the process has ended and only awaits its
// parent's wait (a zombie, Z) or is being torn down (dead, X).
func (s Stat) Exited() bool {
	return s.State == 'Z' || s.State == 'X'
}

// ParseStat parses a /proc/PID/stat line. The command name runs from the
// first "(" to the last ")", since it may itself hold both and spaces.
func ParseStat(line string) (Stat, error) {
	open := strings.IndexByte(line, '(')
	end := strings.LastIndexByte(line, ')')
	if open < 0 || end < open {
		return Stat{}, fmt.Errorf("stat line %q: no parenthesised command name", line)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line[:open]))
	if err != nil {
		return Stat{}, fmt.Errorf("stat line %q: process id: %w", line, err)
	}
	fields := strings.Fields(line[end+1:])
	if len(fields) < 2 {
		return Stat{}, fmt.Errorf("stat line %q: no state and parent id after the command name", line)
	}
	if len(fields[0]) != 1 {
		return Stat{}, fmt.Errorf("stat line %q: state %q is not one letter", line, fields[0])
	}
	ppid, err := strconv.Atoi(fields[1])
	if err != nil {
		return Stat{}, fmt.Errorf("stat line %q: parent id: %w", line, err)
	}
	return Stat{PID: pid, Comm: line[open+1 : end], State: fields[0][0], PPID: ppid}, nil
}

// ReadStat reads and parses the stat file of process pid in fsys. An
// error wraps fs.ErrNotExist when there is no such process (any more).
func ReadStat(fsys fs.FS, pid int) (Stat, error) {
	b, err := fs.ReadFile(fsys, path.Join(strconv.Itoa(pid), "stat"))
	if err != nil {
		return Stat{}, fmt.Errorf("process %d: %w", pid, err)
	}
	s, err := ParseStat(string(b))
	if err != nil {
		return Stat{}, fmt.Errorf("process %d: %w", pid, err)
	}
	return s, nil
}

// Alive reports whether process pid exists in fsys and has not exited.
func Alive(fsys fs.FS, pid int) bool {
	s, err := ReadStat(fsys, pid)
	return err == nil && !s.Exited()
}

// PIDs lists the processes in fsys: its entries named by a number.
func PIDs(fsys fs.FS) ([]int, error) {
	return numbered(fsys, ".")
}

// Threads lists the thread ids of process pid in fsys (its task
// directory). An error wraps fs.ErrNotExist when the process has ended.
func Threads(fsys fs.FS, pid int) ([]int, error) {
	tids, err := numbered(fsys, path.Join(strconv.Itoa(pid), "task"))
	if err != nil {
		return nil, fmt.Errorf("threads of process %d: %w", pid, err)
	}
	return tids, nil
}

// numbered lists the entries of dir in fsys named by a number, as numbers.
func numbered(fsys fs.FS, dir string) ([]int, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	var out []int
	for _, e := range entries {
		if n, err := strconv.Atoi(e.Name()); err == nil {
			out = append(out, n)
		}
	}
	return out, nil
}

// Parents maps every process in fsys to its parent's id. A process whose
// stat cannot be read or parsed (mostly one that ended during the scan)
// is left out; only a failure to list fsys is an error.
func Parents(fsys fs.FS) (map[int]int, error) {
	pids, err := PIDs(fsys)
	if err != nil {
		return nil, err
	}
	parents := make(map[int]int, len(pids))
	for _, pid := range pids {
		if s, err := ReadStat(fsys, pid); err == nil {
			parents[pid] = s.PPID
		}
	}
	return parents, nil
}

// Children lists the processes whose parent is pid, read from every
// process's stat in fsys, in increasing order of id.
func Children(fsys fs.FS, pid int) ([]int, error) {
	parents, err := Parents(fsys)
	if err != nil {
		return nil, err
	}
	return childrenIn(parents)[pid], nil
}

// Descendants lists every process below pid, however deep, from every
// process's stat in fsys: its children first, then theirs, and so on.
func Descendants(fsys fs.FS, pid int) ([]int, error) {
	parents, err := Parents(fsys)
	if err != nil {
		return nil, err
	}
	children := childrenIn(parents)
	var out []int
	seen := map[int]bool{pid: true}
	for next := []int{pid}; len(next) > 0; {
		p := next[0]
		next = next[1:]
		for _, c := range children[p] {
			if !seen[c] { // a cycle only in a fake or torn tree
				seen[c] = true
				out = append(out, c)
				next = append(next, c)
			}
		}
	}
	return out, nil
}

// childrenIn inverts parents into each process's children, in increasing
// order of id.
func childrenIn(parents map[int]int) map[int][]int {
	pids := make([]int, 0, len(parents))
	for pid := range parents {
		pids = append(pids, pid)
	}
	slices.Sort(pids)
	children := map[int][]int{}
	for _, pid := range pids {
		children[parents[pid]] = append(children[parents[pid]], pid)
	}
	return children
}

// KernelChildren lists the children of pid from the kernel's lists in
// fsys (/proc/PID/task/TID/children, one a thread). These are cheaper than
// Children but, as proc(5) says, reliable only while the children are
// stopped: a child created or ended meanwhile can be missed. A thread
// whose list cannot be read (mostly one that ended meanwhile) is skipped;
// an error wraps fs.ErrNotExist when the process has ended.
func KernelChildren(fsys fs.FS, pid int) ([]int, error) {
	tids, err := Threads(fsys, pid)
	if err != nil {
		return nil, err
	}
	var out []int
	for _, tid := range tids {
		name := path.Join(strconv.Itoa(pid), "task", strconv.Itoa(tid), "children")
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out, nil
}
