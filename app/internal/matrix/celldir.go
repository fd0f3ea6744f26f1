package matrix

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cellDirPrefix starts the name of a cell's temporary configuration
// directory, followed by the process's ID: mpsim-cell-<pid>-<random>.
const cellDirPrefix = "mpsim-cell-"

// cellLockName is the lock file in a cell directory: the process that
// runs the cell holds an exclusive flock(2) on it for as long as the
// directory exists (makeCellDir), and the kernel lets go of it when that
// process ends, however it ends (kill -9 included).
const cellLockName = ".lock"

// makeCellDir makes a cell's temporary configuration directory in tempDir
// (os.TempDir when empty), named with this process's ID, and locks it
// (cellLockName) so that a later run can tell it from a running one's
// (removeStaleCellDirs). release removes the directory, then lets go of
// the lock. Its error names the directory it was made in and TMPDIR when
// that is where it came from: a TMPDIR that does not exist said only
// "stat /gone".
func makeCellDir(tempDir string) (dir string, release func(), err error) {
	dir, err = os.MkdirTemp(tempDir, cellDirPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		where := tempDir
		if where == "" {
			where = os.TempDir() + " (TMPDIR)"
			if os.Getenv("TMPDIR") == "" {
				where = os.TempDir()
			}
		}
		return "", nil, fmt.Errorf("a temporary configuration directory for the cell in %s: %w", where, err)
	}
	lock := lockCellDir(dir)
	return dir, func() {
		_ = os.RemoveAll(dir)
		if lock != nil {
			lock.Close() // after the removal: never an unlocked directory of a running cell
		}
	}, nil
}

// lockCellDir makes dir's lock file and takes its lock, nil when it
// cannot (a file system without flock): the directory then has no lock
// file, and removeStaleCellDirs treats it as an older mpsim's. The file
// is locked under another name and then renamed, so that no lock file is
// ever seen unlocked while its process runs. os files are opened
// close-on-exec, so the portal windows and WebKit's processes, which may
// outlive a killed mpsim for a moment, do not hold the lock.
func lockCellDir(dir string) *os.File {
	f, err := os.CreateTemp(dir, cellLockName+"-*")
	if err != nil {
		return nil
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil || os.Rename(f.Name(), filepath.Join(dir, cellLockName)) != nil {
		_ = os.Remove(f.Name())
		f.Close()
		return nil
	}
	return f
}

// staleCellDirAge is how old a cell directory with no lock file (an older
// mpsim's) of a process that is gone must be before it is removed.
const staleCellDirAge = time.Minute

// removeStaleCellDirs removes the cell directories in tempDir (os.TempDir
// when empty) that an mpsim killed with -9, or by a second Ctrl+C, left
// behind. Each holds the demo portal's TLS private key and a device;
// later runs never removed them.
//
// A directory with a lock file (cellLockName) is removed at once when no
// process holds its lock: the lock alone says whether its process runs.
// Its process ID says nothing that can be trusted: the ID may be a new
// process's by now (PID reuse), and a process in another PID namespace
// that shares /tmp (a container, a sandbox) has an ID this one's /proc does
// not show, or shows as someone else. A flock is on the file itself, seen
// alike from every namespace.
//
// A directory without one is an older mpsim's (or was made an instant
// before its process died, before the lock was taken): it is removed, as
// before, only when no process here has its ID and it is older than a
// minute, since a running older mpsim's has no other sign of life; the age
// keeps a directory being made (or a running one of another PID
// namespace, for its first minute) from being taken for a dead one's.
// Directories of an older mpsim with no process ID in the name, of
// another user (their lock file cannot be opened) and anything else are
// left alone.
func removeStaleCellDirs(tempDir string) {
	if tempDir == "" {
		tempDir = os.TempDir()
	}
	entries, err := os.ReadDir(tempDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, ok := cellDirPID(e.Name())
		if !ok || !e.IsDir() {
			continue
		}
		dir := filepath.Join(tempDir, e.Name())
		lock, err := os.Open(filepath.Join(dir, cellLockName))
		if err == nil {
			removeUnlocked(dir, lock)
			continue
		}
		if !errors.Is(err, fs.ErrNotExist) || pid == os.Getpid() || processExists(pid) {
			continue
		}
		if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < staleCellDirAge {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}

// removeUnlocked removes dir when nobody holds its lock file (lock, which
// it closes), holding the lock while it does. A lock held, or one that
// cannot be taken on this file system, leaves it alone.
func removeUnlocked(dir string, lock *os.File) {
	defer lock.Close()
	if syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return
	}
	_ = os.RemoveAll(dir)
}

// cellDirPID reads the process ID in a cell directory's name.
func cellDirPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, cellDirPrefix)
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(digits)
	return pid, err == nil && pid > 0
}

// processExists reports whether a process with ID pid exists (any user's).
func processExists(pid int) bool {
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}
