package workspace

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"mpsim/internal/filelock"
)

// autoScreenshots in a plan's Config.ScreenshotDir stands for "a new
// directory for this session" (see NewScreenshotDir); RunSession replaces it.
const autoScreenshots = "\x00auto"

// KeepScreenshotSessions is how many sessions' screenshot directories
// NewScreenshotDir keeps under ScreenshotRoot; older ones are removed.
const KeepScreenshotSessions = 50

// ScreenshotRoot is where sessions keep their screenshots by default:
// <user cache directory>/mpsim/screenshots.
func ScreenshotRoot() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the user cache directory: %w", err)
	}
	return filepath.Join(base, "mpsim", "screenshots"), nil
}

// inUseFile is the lock file of a screenshot directory whose session (or
// test run) is still going: pruning leaves such a directory alone. The
// lock (filelock, flock) goes with its process, also on kill -9.
const inUseFile = ".in-use"

// NewScreenshotDir makes a fresh directory for one session's screenshots
// under ScreenshotRoot and removes the oldest beyond KeepScreenshotSessions,
// except those still in use. Parallel sessions each get their own
// directory. The directory is in use until release is called: call it once
// its screenshots are read (saved in the history, embedded in a report).
func NewScreenshotDir() (dir string, release func(), err error) {
	root, err := ScreenshotRoot()
	if err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", nil, fmt.Errorf("screenshot directory: %w", err)
	}
	dir, err = os.MkdirTemp(root, time.Now().UTC().Format("20060102T150405Z")+"-")
	if err != nil {
		return "", nil, fmt.Errorf("screenshot directory: %w", err)
	}
	release = holdInUse(dir)
	pruneScreenshotDirs(root, KeepScreenshotSessions)
	return dir, release, nil
}

// holdInUse marks dir in use until the returned function is called; a
// directory that cannot be marked is left unmarked (it may then be pruned
// early, as before marks existed).
func holdInUse(dir string) (release func()) {
	path := filepath.Join(dir, inUseFile)
	l, err := filelock.Acquire(path, 0)
	if err != nil {
		return func() {}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			_ = os.Remove(path)
			l.Release()
		})
	}
}

// inUse reports whether another process (or this one) holds dir's lock.
func inUse(dir string) bool { return filelock.Held(filepath.Join(dir, inUseFile)) }

// pruneScreenshotDirs removes the oldest session directories of root beyond
// keep (names start with a UTC timestamp, so they sort by age), skipping
// those in use.
func pruneScreenshotDirs(root string, keep int) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && len(e.Name()) > 16 && strings.HasSuffix(e.Name()[:16], "Z") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	excess := len(names) - keep
	for _, name := range names {
		if excess <= 0 {
			return
		}
		dir := filepath.Join(root, name)
		if inUse(dir) {
			continue // kept: its session is still going
		}
		_ = os.RemoveAll(dir)
		excess--
	}
}

// ScreenshotRootProblem makes the screenshot cache's directory
// (ScreenshotRoot) and returns why it cannot be made, or nil: what mpsim
// run and the host window each warn of before their sessions.
func ScreenshotRootProblem() error {
	root, err := ScreenshotRoot()
	if err == nil {
		err = os.MkdirAll(root, 0o755)
	}
	return err
}
