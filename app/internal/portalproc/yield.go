package portalproc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// yieldNice is the nice value a window process and WebKit's processes
// below it get once the session handed back in the GUI (Opener.YieldAtHandBack).
const yieldNice = 10

// lowerPriority gives every thread of the process pid and of every process
// below it (WebKit's web and network processes) the nice value nice, when
// theirs is lower. Linux keeps a nice value per thread, and a thread or
// process started later takes its creator's. A process or thread that
// ends meanwhile is skipped; the first other error is returned after the
// rest were tried.
func lowerPriority(procDir string, pid, nice int) error {
	pids, err := descendants(procDir, pid)
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range pids {
		tasks, err := os.ReadDir(filepath.Join(procDir, strconv.Itoa(p), "task"))
		if err != nil {
			continue // the process has ended
		}
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil {
				continue
			}
			// getpriority's raw value is 20-nice (the libc wrapper's
			// convention is not x/sys's).
			if cur, err := unix.Getpriority(unix.PRIO_PROCESS, tid); err == nil && 20-cur >= nice {
				continue
			}
			if err := unix.Setpriority(unix.PRIO_PROCESS, tid, nice); err != nil && !errors.Is(err, unix.ESRCH) {
				errs = append(errs, fmt.Errorf("nice %d for thread %d of process %d: %w", nice, tid, p, err))
			}
		}
	}
	return errors.Join(errs...)
}

// descendants returns pid and every process below it, read from the
// parent ids in procDir (/proc).
func descendants(procDir string, pid int) ([]int, error) {
	entries, err := os.ReadDir(procDir)
	if err != nil {
		return nil, fmt.Errorf("listing processes: %w", err)
	}
	children := map[int][]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join(procDir, e.Name(), "stat"))
		if err != nil {
			continue
		}
		if ppid, ok := parentOf(string(stat)); ok {
			children[ppid] = append(children[ppid], p)
		}
	}
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out, nil
}

// parentOf reads the parent id from a /proc/PID/stat line: the fourth
// field, counted after the command name's closing parenthesis (a name
// may hold spaces and parentheses).
func parentOf(stat string) (int, bool) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	fields := strings.Fields(stat[i+1:])
	if len(fields) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(fields[1])
	return ppid, err == nil
}
