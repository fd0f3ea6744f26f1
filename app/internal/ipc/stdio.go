package ipc

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// TakeStdio moves the child's end of the link off its standard input and
// output, for a window process to call before it starts WebKit. It returns
// the two pipes on new descriptors that close on exec, then points
// descriptor 0 at /dev/null and 1 at standard error.
//
// WebKit's web and network processes inherit descriptors 0–2. With the
// parent's pipe among them, the parent saw the end of the window's output
// only once those processes had exited too — about 100 ms after the window
// process itself (issue 15) — and anything they printed on standard output
// landed among the JSON lines. After TakeStdio, stray output goes to
// standard error, where the parent keeps the last line as the window's last
// words.
func TakeStdio() (in, out *os.File, err error) {
	inFD, err := unix.FcntlInt(0, unix.F_DUPFD_CLOEXEC, 3)
	if err != nil {
		return nil, nil, fmt.Errorf("ipc: move standard input: %w", err)
	}
	outFD, err := unix.FcntlInt(1, unix.F_DUPFD_CLOEXEC, 3)
	if err != nil {
		_ = unix.Close(inFD)
		return nil, nil, fmt.Errorf("ipc: move standard output: %w", err)
	}
	in, out = os.NewFile(uintptr(inFD), "ipc-in"), os.NewFile(uintptr(outFD), "ipc-out")
	null, err := os.Open(os.DevNull)
	if err == nil {
		err = unix.Dup2(int(null.Fd()), 0)
		_ = null.Close()
	}
	if err == nil {
		err = unix.Dup2(2, 1)
	}
	if err != nil {
		_, _ = in.Close(), out.Close()
		return nil, nil, fmt.Errorf("ipc: detach standard input and output: %w", err)
	}
	return in, out, nil
}
