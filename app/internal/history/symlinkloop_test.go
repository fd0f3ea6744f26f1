package history

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mpsim/app/internal/settings"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// A history directory that is a symbolic link loop (`ln -s loop loop`,
// MPSIM_HISTORY_DIR or MPSIM_CONFIG_DIR/history naming it) made a save,
// a deletion and a prune say "mkdir …: file exists", and the listing and
// the recovery at start "too many levels of symbolic links". Each now
// says the history directory is a symbolic link loop, which link, and
// what to do.
func TestHistorySymlinkLoop(t *testing.T) {
	base := t.TempDir()
	loop := filepath.Join(base, "loop")
	if err := os.Symlink("loop", loop); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{loop, filepath.Join(loop, "history")} {
		s := &Store{Dir: dir}
		tests := []struct {
			name string
			op   func() error
		}{
			{"save", func() error { _, err := s.Save(sampleRecord("x", bridge.VerdictPass)); return err }},
			{"delete", func() error { return s.Delete("20261206T093000Z-0123abcd") }},
			{"prune", func() error { _, err := s.Prune(PruneOptions{Keep: 1}); return err }},
			{"list", func() error { _, _, err := s.List(); return err }},
			{"unreadable", func() error { _, err := s.Unreadable(); return err }},
			{"recover", func() error { return s.Recover().Err }},
		}
		for _, tc := range tests {
			t.Run(tc.name+" in "+filepath.Base(dir), func(t *testing.T) {
				err := tc.op()
				var le *workspace.SymlinkLoopError
				if !errors.As(err, &le) || !errors.Is(err, syscall.ELOOP) || le.Link != loop {
					t.Fatalf("%v; want a symbolic link loop naming %s", err, loop)
				}
				msg := err.Error()
				for _, want := range []string{"history directory " + dir + " is", "symbolic link loop", "ELOOP", "rm " + loop, "set " + settings.HistoryDir} {
					if !strings.Contains(msg, want) {
						t.Errorf("%q\nlacks %q", msg, want)
					}
				}
				if strings.Contains(msg, "file exists") {
					t.Errorf("it still says %q", msg)
				}
			})
		}
	}
}
