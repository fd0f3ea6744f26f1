package cli

import (
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// errStdoutClosed is what checkStdout says of a closed standard output.
var errStdoutClosed = errors.New("standard output is closed, so the JSON would be lost " +
	"(mpsim found /dev/null open for reading and writing on it, which is what Go puts in place of a closed one, and what Python's subprocess.DEVNULL gives): " +
	"redirect it to a file or a pipe (> out.json), or to /dev/null opened for writing (> /dev/null) to drop the JSON")

// checkStdout returns an error when w, the standard output JSON is about
// to be written to, is closed. A process started with it closed (>&-)
// finds /dev/null there, opened for reading and writing by Go's runtime,
// so every write succeeded and the JSON went nowhere with exit 0. A
// shell's "> /dev/null" opens it for writing only and is kept; so is any
// writer that is no file (a test's buffer). A descriptor closed since
// (EBADF) is closed too.
func checkStdout(w io.Writer) error {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return errStdoutClosed // os.ErrClosed: the *os.File was closed
	}
	var closed bool
	ctlErr := rc.Control(func(fd uintptr) { closed = runtimeDevNull(int(fd)) })
	if ctlErr != nil || closed {
		return errStdoutClosed
	}
	return nil
}

// runtimeDevNull reports whether the descriptor fd is gone (EBADF) or is
// /dev/null opened for reading and writing, as Go's runtime opens it in
// place of a standard descriptor closed at start.
func runtimeDevNull(fd int) bool {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return errors.Is(err, unix.EBADF)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFCHR || st.Rdev != unix.Mkdev(1, 3) {
		return false
	}
	flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	return err == nil && flags&unix.O_ACCMODE == unix.O_RDWR
}
