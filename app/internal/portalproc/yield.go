package portalproc

import (
	"errors"
	"fmt"
	"io/fs"

	"golang.org/x/sys/unix"

	"mpsim/app/internal/proctree"
)

// yieldNice is the nice value a window process and WebKit's processes
// below it get once the session handed back in the GUI (Opener.YieldAtHandBack).
const yieldNice = 10

// lowerPriority gives every thread of the process pid and of every process
// below it (WebKit's web and network processes) the nice value nice, when
// theirs is lower. Linux keeps a nice value per thread, and a thread or
// process started later takes its creator's. A process or thread that
// ends meanwhile is skipped; the first other error is returned after the
// rest were tried. The processes are read from procfs (proctree.Sys).
func lowerPriority(procfs fs.FS, pid, nice int) error {
	below, err := proctree.Descendants(procfs, pid)
	if err != nil {
		return fmt.Errorf("processes below %d: %w", pid, err)
	}
	var errs []error
	for _, p := range append([]int{pid}, below...) {
		tids, err := proctree.Threads(procfs, p)
		if err != nil {
			continue // the process has ended
		}
		for _, tid := range tids {
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
