package cli

import (
	"errors"
	"io"
	"os"

	"mpsim/app/internal/termsafe"

	"golang.org/x/sys/unix"
)

// errStdoutClosed is what checkStdout says of a closed standard output.
var errStdoutClosed = errors.New("standard output is closed, so the JSON would be lost: redirect it to a file or a pipe (> out.json)")

// checkStdout returns an error when w, the standard output JSON is about
// to be written to, is closed: its *os.File closed, or its descriptor gone
// (EBADF). A process started with it closed (>&-) cannot be told from one
// given /dev/null: Go's runtime opens /dev/null in its place, as Python's
// subprocess.DEVNULL and daemons do on purpose, so that one is kept. Any
// writer that is no file (a test's buffer) is kept too.
func checkStdout(w io.Writer) error {
	f, ok := termsafe.Raw(w).(*os.File)
	if !ok {
		return nil
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return errStdoutClosed // os.ErrClosed: the *os.File was closed
	}
	var closed bool
	ctlErr := rc.Control(func(fd uintptr) {
		var st unix.Stat_t
		closed = errors.Is(unix.Fstat(int(fd), &st), unix.EBADF)
	})
	if ctlErr != nil || closed {
		return errStdoutClosed
	}
	return nil
}
