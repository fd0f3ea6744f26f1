package cli

import (
	"errors"
	"fmt"
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

// checkNotStdout refuses an output file of flag that is the command's own
// standard output (/dev/stdout, /proc/self/fd/1, or the file stdout was
// redirected to), where the summary or the --json results also go: opened
// again at its start, the file was written over by them (CI QA: "--junit
// /dev/stdout > junit.xml" gave a summary table followed by the XML's
// tail, and exit 0), or its standard error (/dev/stderr, or the file 2>
// names), where the progress lines go: the XML came out in the middle of
// them (CI QA). The null device is no stream either writes anything to.
func checkNotStdout(flag, path string, stdout, stderr io.Writer) error {
	if path == "" || path == "-" {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return nil
	}
	for _, std := range []struct {
		w          io.Writer
		name, also string
	}{
		{stdout, "standard output", "its summary (or --json) goes too"},
		{stderr, "standard error", "its progress lines and messages go too"},
	} {
		f, ok := termsafe.Raw(std.w).(*os.File)
		if !ok {
			continue
		}
		if out, err := f.Stat(); err == nil && os.SameFile(fi, out) {
			return fmt.Errorf("%s %s is this command's %s, where %s, and the two would mix; give %s a file of its own", flag, path, std.name, std.also, flag)
		}
	}
	return nil
}
