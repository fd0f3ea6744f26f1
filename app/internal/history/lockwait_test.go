package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"mpsim/bridge"
)

// TestStuckLockHolderIsNamedNotWaitedForever: a process that holds the
// history's lock and never lets go (stuck, or a user's flock) made every
// save, prune and deletion wait for it without end, saying nothing (crowd
// QA: mpsim test outlived its CI job's SIGTERM by minutes). Now each gives
// up after LockWait with a message that names the lock file.
func TestStuckLockHolderIsNamedNotWaitedForever(t *testing.T) {
	s := &Store{Dir: t.TempDir(), LockWait: time.Millisecond}
	e, err := s.Save(sampleRecord("kept", bridge.VerdictPass))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(s.Dir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	for name, op := range map[string]func() error{
		"save":   func() error { _, err := s.Save(sampleRecord("late", bridge.VerdictPass)); return err },
		"prune":  func() error { _, err := s.Prune(PruneOptions{Keep: 0}); return err },
		"delete": func() error { return s.Delete(e.ID) },
	} {
		done := make(chan error, 1)
		go func() { done <- op() }()
		select {
		case err := <-done:
			if err == nil || !strings.HasPrefix(err.Error(), "history: "+f.Name()+" has been locked by another process for over 1ms") || !strings.Contains(err.Error(), "fuser "+f.Name()) {
				t.Errorf("%s: %v, want the stuck lock named", name, err)
			}
		case <-time.After(time.Minute):
			t.Fatalf("%s still waits for the lock after a minute", name)
		}
	}
	if _, err := s.Entry(e.ID); err != nil {
		t.Errorf("the kept session is gone: %v", err)
	}
}
