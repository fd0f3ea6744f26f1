package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"mpsim/app/internal/settings"
)

// Dir returns the history directory for the environment getenv reads:
// MPSIM_HISTORY_DIR when set; else "history" in MPSIM_CONFIG_DIR when that is
// set (a portable or test setup keeps everything in one place); else
// $XDG_DATA_HOME/mpsim/history, with XDG_DATA_HOME defaulting to
// ~/.local/share. It does not create the directory. A relative
// MPSIM_HISTORY_DIR or MPSIM_CONFIG_DIR is an error (settings.AbsDir): it
// would name another history in each current directory.
func Dir(getenv func(string) string) (string, error) {
	if d := getenv(settings.HistoryDir); d != "" {
		if err := settings.AbsDir(settings.HistoryDir, d); err != nil {
			return "", fmt.Errorf("history: %w", err)
		}
		return filepath.Clean(d), nil
	}
	if d := getenv(settings.ConfigDir); d != "" {
		if err := settings.AbsDir(settings.ConfigDir, d); err != nil {
			return "", fmt.Errorf("history: %w", err)
		}
		return filepath.Join(d, "history"), nil
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mpsim", "history"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("history: no data directory: set XDG_DATA_HOME, HOME or " + settings.HistoryDir)
	}
	return filepath.Join(home, ".local", "share", "mpsim", "history"), nil
}

// Open returns the store the environment names (see Dir), with the
// retention limit of set; nil, nil when set turns the history off
// (MPSIM_HISTORY_KEEP=0). It finishes what a process killed while it saved
// left behind (Recover) and keeps what it did in the store's Recovered.
func Open(getenv func(string) string, set settings.Settings) (*Store, error) {
	if set.HistoryKeep != nil && *set.HistoryKeep == 0 {
		return nil, nil
	}
	dir, err := Dir(getenv)
	if err != nil {
		return nil, err
	}
	s := &Store{Dir: dir}
	if err := s.Check(); err != nil {
		return nil, err
	}
	if set.HistoryKeep != nil {
		s.Keep = *set.HistoryKeep
	}
	s.Recovered = s.Recover()
	return s, nil
}

// Check says why the store's directory can never hold a history: its
// path names a file (MPSIM_HISTORY_DIR set to one), or leads through one.
// A directory that does not exist yet is fine (Save makes it); other
// problems (permissions, a full disk) show when it is used. Without it,
// what looks at the directory first (Recover) said "not a directory" as
// a warning before the command's own error said it again.
func (s *Store) Check() error {
	fi, err := os.Stat(s.Dir)
	switch {
	case err == nil && !fi.IsDir():
		return fmt.Errorf("history: %s is a file, not a directory; point %s at a directory", s.Dir, settings.HistoryDir)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("history: %s cannot be a directory: its path leads through a file; point %s at a directory", s.Dir, settings.HistoryDir)
	}
	return nil
}
