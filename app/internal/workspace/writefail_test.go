package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// limitFileSize lowers this process's file size limit (RLIMIT_FSIZE) to
// n bytes until the test ends: a write past it fails with EFBIG, as a real
// file on a full disk fails with ENOSPC, without root. (Go's runtime does
// not die of SIGXFSZ.)
func limitFileSize(t *testing.T, n uint64) {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	lim := old
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { _ = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old) })
}

// A write that fails midway (the disk full, over quota, the file size
// limit) leaves the file as it was, and no temporary file, and says which
// file, why, what to do and that the file is as it was. Before, the
// message named the temporary file (".report.json.mpsim-123.tmp: no space
// left on device") and said nothing of the file asked for, and the data
// was renamed into place without an fsync (a full disk found at
// write-back could leave it empty after a crash).
func TestWriteFileAtomicOnAFullDisk(t *testing.T) {
	big := []byte(strings.Repeat("x", 64<<10))
	tests := []struct {
		name   string
		before bool // a file is there before
		fail   func(t *testing.T)
		errno  syscall.Errno
		advice string
	}{
		{"full disk (injected ENOSPC)", true, injectWriteError(syscall.ENOSPC), syscall.ENOSPC, "the disk is full"},
		{"over quota (injected EDQUOT)", false, injectWriteError(syscall.EDQUOT), syscall.EDQUOT, "the disk is full or over its quota"},
		{"file size limit (a real file, RLIMIT_FSIZE)", true, func(t *testing.T) { limitFileSize(t, 4096) }, syscall.EFBIG, "ulimit -f"},
		{"file size limit, no file before", false, func(t *testing.T) { limitFileSize(t, 4096) }, syscall.EFBIG, "ulimit -f"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "report.json")
			if tc.before {
				if err := os.WriteFile(path, []byte("the report before"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tc.fail(t)
			err := WriteFileAtomic(path, big, 0o644)
			var we *WriteError
			if !errors.Is(err, tc.errno) || !errors.As(err, &we) || we.Path != path {
				t.Fatalf("error %v; want a WriteError of %s for %s", err, tc.errno, path)
			}
			msg := err.Error()
			what := "it was left as it was"
			if !tc.before {
				what = "nothing was written there"
			}
			for _, want := range []string{path, tc.errno.Error(), tc.advice, what} {
				if !strings.Contains(msg, want) {
					t.Errorf("the message %q does not say %q", msg, want)
				}
			}
			if strings.Contains(msg, ".tmp") {
				t.Errorf("the message %q names the temporary file", msg)
			}
			b, err := os.ReadFile(path)
			switch {
			case tc.before && string(b) != "the report before":
				t.Errorf("the file before is now %d bytes, %v", len(b), err)
			case !tc.before && !errors.Is(err, os.ErrNotExist):
				t.Errorf("a file was left: %d bytes, %v", len(b), err)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
				t.Errorf("temporary files left: %q", left)
			}
		})
	}
}

// injectWriteError makes WriteFileAtomic's write of its temporary file
// fail with errno after writing part of the data, until the test ends.
func injectWriteError(errno syscall.Errno) func(t *testing.T) {
	return func(t *testing.T) {
		old := writeTemp
		writeTemp = func(f *os.File, data []byte) (int, error) {
			n, _ := f.Write(data[:len(data)/2])
			return n, &os.PathError{Op: "write", Path: f.Name(), Err: errno}
		}
		t.Cleanup(func() { writeTemp = old })
	}
}
