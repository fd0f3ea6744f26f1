// Package filelock takes exclusive advisory locks (flock(2)) on files and
// directories for mpsim's state shared between processes: the simulated
// device's file (simulator.Store), the session history (history.Store) and
// the screenshot directories in use (workspace.NewScreenshotDir).
//
// An flock belongs to the open file, not to the process: a second open of
// the same path, in this process or another, is refused the lock while the
// first holds it, and the lock goes with its file when the process ends,
// kill -9 included. Waits are bounded: a holder that keeps a lock for
// longer than a read-modify-write takes is stuck (or a user's own
// `flock`), and waiting for it without end hung mpsim after its sessions,
// deaf to Ctrl+C. The error of a wait that ran out, a *HeldError, names
// the lock file and how to find its holder.
//
// The package uses flock(2) only; it runs where mpsim runs (Linux).
package filelock

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// DefaultWait is how long callers wait for another holder by default:
// their locks are held for milliseconds, so ten seconds is a stuck holder.
const DefaultWait = 10 * time.Second

// Forever, as a wait, waits for the lock as long as it takes. It suits
// locks that only a lock of this process's own making, held for moments,
// can keep (history's staging directory); anything another program may
// hold takes a bounded wait.
const Forever time.Duration = -1

// poll is how often a bounded wait tries the lock again.
const poll = 10 * time.Millisecond

// Lock is an exclusive flock held through an open file. Release lets go
// of it.
type Lock struct {
	f *os.File
}

// Acquire opens the lock file at path, creating it (mode 0600) when
// missing but never its directory, and takes an exclusive lock on it. It
// waits up to wait for another holder to let go: 0 tries once, Forever
// waits without end. A lock still held when the wait runs out is a
// *HeldError; an error opening or locking the file is an *os.PathError.
//
// A lock file is best never removed: removing it while another process
// waits on it would let two processes hold "the" lock at once.
func Acquire(path string, wait time.Duration) (*Lock, error) {
	return acquire(path, os.O_RDWR|os.O_CREATE, wait)
}

// AcquireDir takes an exclusive lock on the existing directory (or file)
// at path, opened read-only, and waits for it as Acquire does. A missing
// path is an error satisfying errors.Is(err, fs.ErrNotExist).
func AcquireDir(path string, wait time.Duration) (*Lock, error) {
	return acquire(path, os.O_RDONLY, wait)
}

func acquire(path string, flag int, wait time.Duration) (*Lock, error) {
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f, wait); err != nil {
		_ = f.Close()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// lockFile takes an exclusive flock on f, waiting up to wait (see
// Acquire).
func lockFile(f *os.File, wait time.Duration) error {
	how := syscall.LOCK_EX | syscall.LOCK_NB
	if wait < 0 {
		how = syscall.LOCK_EX
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), how)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case !errors.Is(err, syscall.EWOULDBLOCK):
			return &os.PathError{Op: "flock", Path: f.Name(), Err: err}
		case wait == 0 || time.Now().After(deadline):
			return &HeldError{Path: f.Name(), Wait: wait}
		}
		time.Sleep(poll)
	}
}

// Name is the path of the locked file or directory.
func (l *Lock) Name() string { return l.f.Name() }

// Release unlocks and closes the file. Call it once.
func (l *Lock) Release() {
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	_ = l.f.Close()
}

// Held reports whether an open file (of another process, or another open
// of this one) holds a lock on the file or directory at path. It probes
// with a shared lock, which it lets go at once; a path that cannot be
// opened (a missing one) is not held, and one whose lock cannot be probed
// (flock failing otherwise) counts as held: callers leave what is held
// alone.
func Held(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return true
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

// HeldError is the error of a lock that another open file still held when
// the wait ran out. errors.Is(err, syscall.EWOULDBLOCK) holds for it.
type HeldError struct {
	Path string        // Path is the lock file (or directory).
	Wait time.Duration // Wait is how long Acquire waited; 0 when it tried once.
}

// Error names the lock file, how long it waited and how to find the
// holder.
func (e *HeldError) Error() string {
	if e.Wait <= 0 {
		return fmt.Sprintf("%s is locked by another process (`fuser %s` names it)", e.Path, e.Path)
	}
	return fmt.Sprintf("%s has been locked by another process for over %s (one stuck, or a user's flock; `fuser %s` names it)",
		e.Path, e.Wait, e.Path)
}

// Unwrap returns syscall.EWOULDBLOCK, flock's answer for a held lock.
func (e *HeldError) Unwrap() error { return syscall.EWOULDBLOCK }
