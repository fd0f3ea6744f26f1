package simulator

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the process has used so far (user and
// system): unlike the wall clock, it does not count the time other
// programs of a busy machine held the processors.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
