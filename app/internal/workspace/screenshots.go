package workspace

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
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

// NewScreenshotDir makes a fresh directory for one session's screenshots
// under ScreenshotRoot and removes the oldest beyond KeepScreenshotSessions.
// Parallel sessions each get their own directory.
func NewScreenshotDir() (string, error) {
	root, err := ScreenshotRoot()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("screenshot directory: %w", err)
	}
	dir, err := os.MkdirTemp(root, time.Now().UTC().Format("20060102T150405Z")+"-")
	if err != nil {
		return "", fmt.Errorf("screenshot directory: %w", err)
	}
	pruneScreenshotDirs(root, KeepScreenshotSessions)
	return dir, nil
}

// pruneScreenshotDirs removes the oldest session directories of root beyond
// keep (names start with a UTC timestamp, so they sort by age).
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
	for len(names) > keep {
		_ = os.RemoveAll(filepath.Join(root, names[0]))
		names = names[1:]
	}
}
