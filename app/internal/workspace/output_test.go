package workspace

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// OutputTarget tells the file a write of an output path replaces, or that
// it is written through, for each kind of path a user may give. It writes
// nothing, so /dev/null and /dev/stdout are safe to ask about.
func TestOutputTargetSaysWhereAWriteGoes(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, make func(p string) error) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := make(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	regular := mk("regular.xml", func(p string) error { return os.WriteFile(p, []byte("x"), 0o644) })
	link := mk("link.xml", func(p string) error { return os.Symlink("regular.xml", p) })
	chain := mk("chain.xml", func(p string) error { return os.Symlink(link, p) })
	dangling := mk("dangling.xml", func(p string) error { return os.Symlink("sub/missing.xml", p) })
	fifo := mk("fifo", func(p string) error { return syscall.Mkfifo(p, 0o600) })
	toNull := mk("null.xml", func(p string) error { return os.Symlink("/dev/null", p) })
	sub := mk("sub", func(p string) error { return os.Mkdir(p, 0o755) })
	toDir := mk("dir.xml", func(p string) error { return os.Symlink("sub", p) })
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	pipeFD := fmt.Sprintf("/proc/self/fd/%d", w.Fd())

	tests := []struct {
		path, target string
		through      bool
		err          string
	}{
		{filepath.Join(dir, "new.xml"), filepath.Join(dir, "new.xml"), false, ""},
		{regular, regular, false, ""},
		{link, regular, false, ""},
		{chain, regular, false, ""},
		{dangling, filepath.Join(dir, "sub", "missing.xml"), false, ""},
		{fifo, fifo, true, ""},
		{"/dev/null", "/dev/null", true, ""},
		{toNull, "/dev/null", true, ""},
		{"/dev/stdout", "/proc/self/fd/1", true, ""},
		{pipeFD, pipeFD, true, ""},
		{sub, "", false, "is a directory"},
		{toDir, "", false, "is a directory"},
	}
	for _, tc := range tests {
		target, through, err := OutputTarget(tc.path)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("OutputTarget(%s): error %v, want one saying %q", tc.path, err, tc.err)
			}
			continue
		}
		if err != nil || filepath.Clean(target) != tc.target || through != tc.through {
			t.Errorf("OutputTarget(%s) = %s, through %t, %v; want %s, through %t", tc.path, target, through, err, tc.target, tc.through)
		}
	}
}

// WriteFileAtomic writes an output through a symbolic link, keeping it,
// and straight through to a FIFO, a device and a file descriptor of /proc,
// which stay what they were; a failed write of a device is an error. Before,
// it renamed a temporary file over each: the link was replaced and its
// target left alone, the FIFO's reader read nothing, /dev/full (as root)
// became a regular file, and /proc/self/fd/N could not be written at all.
// The devices are reached through links in a temporary directory, so that
// the old code replaced only those links.
func TestWriteFileAtomicWritesThroughLinksAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	t.Run("a link is kept and its target written", func(t *testing.T) {
		target := filepath.Join(dir, "target.xml")
		link := filepath.Join(dir, "link.xml")
		if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("target.xml", link); err != nil {
			t.Fatal(err)
		}
		if err := WriteFileAtomic(link, []byte("new"), 0o644); err != nil {
			t.Fatal(err)
		}
		assertLink(t, link, "target.xml")
		if b, err := os.ReadFile(target); err != nil || string(b) != "new" {
			t.Errorf("the target holds %q, %v; want new", b, err)
		}
	})
	t.Run("a link to a missing file makes it", func(t *testing.T) {
		link := filepath.Join(dir, "dangling.xml")
		if err := os.Symlink("made.xml", link); err != nil {
			t.Fatal(err)
		}
		if err := WriteFileAtomic(link, []byte("new"), 0o644); err != nil {
			t.Fatal(err)
		}
		assertLink(t, link, "made.xml")
		if b, err := os.ReadFile(filepath.Join(dir, "made.xml")); err != nil || string(b) != "new" {
			t.Errorf("the target holds %q, %v; want new", b, err)
		}
	})
	t.Run("a FIFO's reader reads it", func(t *testing.T) {
		fifo := filepath.Join(dir, "fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		// A reader that does not wait for a writer: the write finds it,
		// and the old code, which never opened the FIFO, left it nothing.
		r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if err := WriteFileAtomic(fifo, []byte("through the pipe"), 0o644); err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		if string(b) != "through the pipe" {
			t.Errorf("the reader read %q", b)
		}
		if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
			t.Errorf("the FIFO is now %v (%v)", fi.Mode(), err)
		}
	})
	t.Run("a device stays one", func(t *testing.T) {
		link := filepath.Join(dir, "null.xml")
		if err := os.Symlink("/dev/null", link); err != nil {
			t.Fatal(err)
		}
		if err := WriteFileAtomic(link, []byte("gone"), 0o644); err != nil {
			t.Fatal(err)
		}
		assertLink(t, link, "/dev/null")
		assertDevNull(t)
	})
	t.Run("a full device is an error", func(t *testing.T) {
		link := filepath.Join(dir, "full.xml")
		if err := os.Symlink("/dev/full", link); err != nil {
			t.Fatal(err)
		}
		if err := WriteFileAtomic(link, []byte("no room"), 0o644); !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("writing /dev/full: %v; want no space left on device", err)
		}
		assertLink(t, link, "/dev/full")
	})
	t.Run("a file descriptor of /proc", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		path := fmt.Sprintf("/proc/self/fd/%d", w.Fd())
		if err := WriteFileAtomic(path, []byte("to the pipe"), 0o644); err != nil {
			t.Fatal(err)
		}
		w.Close()
		if b, _ := io.ReadAll(r); string(b) != "to the pipe" {
			t.Errorf("the pipe got %q", b)
		}
	})
	t.Run("a directory is an error", func(t *testing.T) {
		sub := filepath.Join(dir, "sub")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteFileAtomic(sub, []byte("x"), 0o644); err == nil || !strings.Contains(err.Error(), "is a directory") {
			t.Errorf("writing a directory: %v", err)
		}
		if fi, err := os.Stat(sub); err != nil || !fi.IsDir() {
			t.Errorf("the directory is now %v (%v)", fi, err)
		}
	})
}

// assertLink fails unless path is still a symbolic link to to.
func assertLink(t *testing.T, path, to string) {
	t.Helper()
	if got, err := os.Readlink(path); err != nil || got != to {
		t.Errorf("%s is no longer a link to %s: %q, %v", path, to, got, err)
	}
}

// assertDevNull fails unless /dev/null is still the null device.
func assertDevNull(t *testing.T) {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Stat("/dev/null", &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFCHR || st.Rdev != unix.Mkdev(1, 3) {
		t.Fatalf("/dev/null is no longer the null device (mode %o, %v): restore it with rm /dev/null; mknod -m 666 /dev/null c 1 3", st.Mode, err)
	}
}

// A file WriteFileAtomic makes follows the umask, as os.WriteFile's would,
// and a file it replaces keeps its own permission (found on a desk with
// umask 077: reports with the device's identifiers were made 0644, and a
// 0600 report was replaced as 0644).
func TestWriteFileAtomicKeepsPrivateFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o077)
	t.Cleanup(func() { syscall.Umask(old) })
	dir := t.TempDir()
	fresh := filepath.Join(dir, "report.json")
	if err := WriteFileAtomic(fresh, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	private := filepath.Join(dir, "kept.json")
	if err := os.WriteFile(private, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	syscall.Umask(0o022)
	if err := WriteFileAtomic(private, []byte(`{"again":true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{fresh: 0o600, private: 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s is %#o, want %#o", filepath.Base(path), got, want)
		}
	}
}
