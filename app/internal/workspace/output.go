package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// maxOutputLinks is how many symbolic links OutputTarget follows before it
// gives up, as the kernel does (ELOOP).
const maxOutputLinks = 40

// OutputTarget returns the file a write of path writes, and whether it is
// written through rather than replaced. A regular file, or none, is path
// itself, replaced through a temporary file and a rename. A symbolic link
// is followed, link by link, to the file it leads to, which is replaced
// the same way (the link is kept; a link to a missing file names that
// file). A device, a FIFO or a socket (say /dev/null, a named pipe a
// reader waits on), or a link of /proc that the kernel follows but that
// names no file to replace (/dev/stdout, /proc/self/fd/1), is written
// through: opened for writing and truncated, never renamed over. A
// directory is an error.
func OutputTarget(path string) (target string, through bool, err error) {
	p := path
	for range maxOutputLinks {
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, unix.ENOTDIR):
			// None yet: the write makes it (or says that its
			// directory is not one).
			return p, false, nil
		case err != nil:
			return "", false, err
		case fi.IsDir():
			return "", false, fmt.Errorf("%s is a directory", p)
		case fi.Mode().IsRegular():
			return p, false, nil
		case fi.Mode()&fs.ModeSymlink == 0:
			return p, true, nil // a device, a FIFO or a socket
		}
		if onProc(rawDir(p)) {
			// /proc/PID/fd/N reads as a link to "pipe:[123]" or to
			// a deleted file: only the kernel can follow it.
			return p, true, directoryIsError(p)
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", false, err
		}
		if !strings.HasPrefix(link, "/") {
			link = rawDir(p) + "/" + link
		}
		p = link
	}
	return "", false, fmt.Errorf("%s: too many levels of symbolic links", path)
}

// directoryIsError returns an error when the file path leads to is a
// directory (a link of /proc to one), and nil otherwise.
func directoryIsError(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory", path)
	}
	return nil
}

// rawDir returns the directory part of path as written, without cleaning
// it: "a/link/.." is not "a" when link is a symbolic link to a directory.
func rawDir(path string) string {
	i := strings.LastIndex(path, "/")
	switch {
	case i < 0:
		return "."
	case i == 0:
		return "/"
	}
	return path[:i]
}

// onProc reports whether dir is on a proc file system, whose links (the
// file descriptors of /proc/PID/fd) name no file.
func onProc(dir string) bool {
	var st unix.Statfs_t
	return unix.Statfs(dir, &st) == nil && st.Type == unix.PROC_SUPER_MAGIC
}

// writeThrough writes data to the special file path (a device, a FIFO, a
// file descriptor of /proc): opened for writing and truncated, with no
// temporary file and no rename, so that it stays what it is. A write that
// fails (ENOSPC on /dev/full, EPIPE) is an error.
func writeThrough(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	return err
}

// CheckOutputWritable reports why the special file path (OutputTarget
// said to write through it) cannot be written, or nil. It opens nothing:
// opening a FIFO for writing would block without a reader, and closing it
// would end the reader that waits for the real write.
func CheckOutputWritable(path string) error {
	if err := unix.Access(path, unix.W_OK); err != nil {
		return &fs.PathError{Op: "access", Path: path, Err: err}
	}
	return nil
}
