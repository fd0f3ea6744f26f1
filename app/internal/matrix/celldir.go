package matrix

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// cellDirPrefix starts the name of a cell's temporary configuration
// directory, followed by the process's ID: mpsim-cell-<pid>-<random>.
const cellDirPrefix = "mpsim-cell-"

// makeCellDir makes a cell's temporary configuration directory in tempDir
// (os.TempDir when empty), named with this process's ID so that a later
// run can tell it from a running one's (removeStaleCellDirs). Its error
// names the directory it was made in and TMPDIR when that is where it
// came from: a TMPDIR that does not exist said only "stat /gone".
func makeCellDir(tempDir string) (string, error) {
	dir, err := os.MkdirTemp(tempDir, cellDirPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err == nil {
		return dir, nil
	}
	where := tempDir
	if where == "" {
		where = os.TempDir() + " (TMPDIR)"
		if os.Getenv("TMPDIR") == "" {
			where = os.TempDir()
		}
	}
	return "", fmt.Errorf("a temporary configuration directory for the cell in %s: %w", where, err)
}

// staleCellDirAge is how old a cell directory of a process that is gone
// must be before it is removed: older than any directory being made.
const staleCellDirAge = time.Minute

// removeStaleCellDirs removes the cell directories in tempDir (os.TempDir
// when empty) that an mpsim killed with -9, or by a second Ctrl+C, left
// behind: those named with the ID of a process that no longer exists. Each
// holds the demo portal's TLS private key and a device; later runs never
// removed them. Directories of a process still running, of an older mpsim
// (no process ID in the name) and anything else are left alone.
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
		if !ok || !e.IsDir() || pid == os.Getpid() || processExists(pid) {
			continue
		}
		if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < staleCellDirAge {
			continue
		}
		_ = os.RemoveAll(filepath.Join(tempDir, e.Name()))
	}
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
