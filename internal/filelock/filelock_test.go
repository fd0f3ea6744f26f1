package filelock

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// holderEnv names the lock file a child of this test binary holds (see
// TestMain and holdInChild).
const holderEnv = "MPSIM_TEST_FILELOCK_HOLDER"

// TestMain makes the test binary, run with holderEnv set, a second process
// that holds a lock: it locks the file, says "locked" and keeps the lock
// until its standard input closes.
func TestMain(m *testing.M) {
	if path := os.Getenv(holderEnv); path != "" {
		l, err := AcquireDir(path, 0) // a file or a directory
		if err != nil {
			os.Stdout.WriteString("error: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("locked\n")
		_, _ = io.Copy(io.Discard, os.Stdin)
		l.Release()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// holdInChild has a second process lock path and returns its release,
// which ends the process.
func holdInChild(t *testing.T, path string) (release func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holderEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		_ = stdin.Close()
		_ = cmd.Wait()
		t.Fatalf("the holding process said %q", line)
	}
	done := false
	release = func() {
		if !done {
			done = true
			_ = stdin.Close()
			_ = cmd.Wait()
		}
	}
	t.Cleanup(release)
	return release
}

// holdInFd locks path through another open file of this process: an flock
// belongs to the open file, so it excludes Acquire as another process's
// would.
func holdInFd(t *testing.T, path string) (release func()) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	done := false
	release = func() {
		if !done {
			done = true
			_ = f.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// A lock another holder keeps is refused after the wait (a very short one:
// nothing here measures time) with a *HeldError that names the file and
// how to find its holder; once the holder lets go it is taken.
func TestAcquireHeldElsewhere(t *testing.T) {
	tests := []struct {
		name    string
		dir     bool // lock a directory (AcquireDir), not a lock file
		wait    time.Duration
		hold    func(*testing.T, string) func()
		message string
	}{
		{"file, another fd, waited", false, time.Millisecond, holdInFd, "has been locked by another process for over 1ms (one stuck, or a user's flock; `fuser "},
		{"file, another fd, tried once", false, 0, holdInFd, "is locked by another process (`fuser "},
		{"file, another process, waited", false, time.Millisecond, holdInChild, "has been locked by another process for over 1ms"},
		{"directory, another fd, tried once", true, 0, holdInFd, "is locked by another process (`fuser "},
		{"directory, another process, waited", true, time.Millisecond, holdInChild, "has been locked by another process for over 1ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, acquire := lockTarget(t, tt.dir)
			release := tt.hold(t, path)
			if !Held(path) {
				t.Error("Held says the held lock is free")
			}
			l, err := acquire(path, tt.wait)
			var held *HeldError
			if !errors.As(err, &held) {
				if l != nil {
					l.Release()
				}
				t.Fatalf("Acquire with the lock held elsewhere: %v, %v; want a *HeldError", l, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path+" ") || !strings.Contains(msg, tt.message) || !strings.Contains(msg, "`fuser "+path+"` names it") {
				t.Errorf("error %q: want it to start with the path and hold %q and `fuser %s`", msg, tt.message, path)
			}
			if held.Path != path || held.Wait != tt.wait || !errors.Is(err, syscall.EWOULDBLOCK) {
				t.Errorf("HeldError %+v (EWOULDBLOCK: %v)", held, errors.Is(err, syscall.EWOULDBLOCK))
			}
			release()
			if Held(path) {
				t.Error("Held says the let-go lock is held")
			}
			l, err = acquire(path, Forever)
			if err != nil {
				t.Fatalf("Acquire once the holder let go: %v", err)
			}
			if l.Name() != path {
				t.Errorf("Name %q, want %q", l.Name(), path)
			}
			if !Held(path) {
				t.Error("Held says our own lock is free")
			}
			l.Release()
		})
	}
}

// lockTarget makes what a case locks: a lock file or a directory, and
// the function that locks it.
func lockTarget(t *testing.T, dir bool) (string, func(string, time.Duration) (*Lock, error)) {
	if dir {
		return t.TempDir(), AcquireDir
	}
	path := filepath.Join(t.TempDir(), "x.lock")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, Acquire
}

// Acquire creates a missing lock file with mode 0600, never its directory;
// AcquireDir creates nothing; Held calls a missing path free; and a lock
// can be taken again after its release.
func TestAcquireCreatesOnlyTheLockFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		acquire  func(string, time.Duration) (*Lock, error)
		path     string
		notExist bool
	}{
		{"new lock file", Acquire, filepath.Join(dir, "new.lock"), false},
		{"lock file in a missing directory", Acquire, filepath.Join(dir, "missing", "x.lock"), true},
		{"missing directory", AcquireDir, filepath.Join(dir, "gone"), true},
		{"existing directory", AcquireDir, dir, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if Held(tt.path) {
				t.Error("Held says a free (or missing) path is held")
			}
			l, err := tt.acquire(tt.path, DefaultWait)
			if tt.notExist {
				var held *HeldError
				if !errors.Is(err, fs.ErrNotExist) || errors.As(err, &held) {
					t.Fatalf("%v, want an error saying the path does not exist", err)
				}
				if _, err := os.Stat(filepath.Dir(tt.path)); tt.path != filepath.Join(dir, "gone") && !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("the missing directory was made: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			l.Release()
			fi, err := os.Stat(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if !fi.IsDir() && fi.Mode().Perm() != 0o600 {
				t.Errorf("lock file mode %v, want 0600", fi.Mode().Perm())
			}
			l, err = tt.acquire(tt.path, 0)
			if err != nil {
				t.Fatalf("taking the released lock again: %v", err)
			}
			l.Release()
		})
	}
}
