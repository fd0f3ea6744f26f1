package matrix

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The cell directories a killed mpsim test left (each with the demo
// portal's TLS key) are removed by the next run at once when their lock
// is free, whatever their age and whatever process has their ID now; a
// running cell's (its lock held, by this process or one in another PID
// namespace), and those without a lock (an older mpsim's) of a process
// running or of the last minute, stay (found by a soak test: kill -9 left
// them for good; then `mpsim test` right after a kill -9 left them for a
// minute).
func TestStaleCellDirsAreRemoved(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("cannot run true: ", err)
	}
	dead := strconv.Itoa(gone.Process.Pid)
	running := strconv.Itoa(os.Getppid()) // a process that runs: an ID reused by now
	tmp := t.TempDir()
	// lock: "" no lock file, "free" a lock file nobody holds, "held" one
	// another open file holds (a running cell's, its process maybe in
	// another PID namespace, where its ID means nothing here).
	tests := []struct {
		name, lock string
		old        bool
		kept       bool
	}{
		{cellDirPrefix + dead + "-killed", "free", false, false},
		{cellDirPrefix + running + "-reused", "free", false, false},
		{cellDirPrefix + dead + "-oldkilled", "free", true, false},
		{cellDirPrefix + dead + "-othernamespace", "held", true, true},
		{cellDirPrefix + running + "-held", "held", false, true},
		{cellDirPrefix + dead + "-1234", "", true, false},
		{cellDirPrefix + dead + "-fresh", "", false, true},
		{cellDirPrefix + running + "-oldrunning", "", true, true},
		{cellDirPrefix + strconv.Itoa(os.Getpid()) + "-5678", "", true, true},
		{cellDirPrefix + "98765432", "", true, true}, // an older mpsim's name: no process ID
		{"someone-else", "free", true, true},
	}
	old := time.Now().Add(-time.Hour)
	for _, tc := range tests {
		p := filepath.Join(tmp, tc.name)
		if err := os.MkdirAll(filepath.Join(p, "sub"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "demo-portal-key.pem"), []byte("key"), 0o600); err != nil {
			t.Fatal(err)
		}
		if tc.lock != "" {
			f, err := os.Create(filepath.Join(p, cellLockName))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if tc.lock == "held" {
				if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
					t.Fatal(err)
				}
			}
		}
		if tc.old {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	removeStaleCellDirs(tmp)
	for _, tc := range tests {
		_, err := os.Stat(filepath.Join(tmp, tc.name))
		if got := err == nil; got != tc.kept {
			t.Errorf("%s (lock %q, old %v): kept %v, want %v", tc.name, tc.lock, tc.old, got, tc.kept)
		}
	}
}

// A cell's directory is locked while its cell runs, so no other run
// removes it, and is gone, with its lock, once released.
func TestCellDirIsLockedWhileInUse(t *testing.T) {
	tmp := t.TempDir()
	dir, release, err := makeCellDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(dir), cellDirPrefix+strconv.Itoa(os.Getpid())+"-") {
		t.Errorf("cell directory %s is not named with this process's ID", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 || entries[0].Name() != cellLockName {
		t.Fatalf("the new cell directory holds %v (%v), want only %s", entries, err, cellLockName)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(dir, old, old); err != nil {
		t.Fatal(err)
	}
	removeStaleCellDirs(tmp)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("a cell directory in use was removed: %v", err)
	}
	release()
	if entries, err := os.ReadDir(tmp); err != nil || len(entries) != 0 {
		t.Errorf("after release, the temporary directory holds %v (%v)", entries, err)
	}
}

// TestHelperHoldsCellDir is the process TestKilledRunsCellDirIsRemovedAtOnce
// kills: run with a directory after the flags, it makes a cell directory
// there, prints its path and waits to be killed. Without one it does nothing.
func TestHelperHoldsCellDir(t *testing.T) {
	if flag.NArg() != 1 {
		t.Skip("a helper process for TestKilledRunsCellDirIsRemovedAtOnce")
	}
	dir, _, err := makeCellDir(flag.Arg(0))
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println(dir)
	time.Sleep(time.Hour)
}

// The cell directory of a run killed with -9 is removed by the run that
// follows at once, not a minute later: before, `mpsim test` right after a
// kill -9 left the dead run's directories (each with the demo portal's TLS
// private key) on disk. While that run lived, its directory stayed.
func TestKilledRunsCellDirIsRemovedAtOnce(t *testing.T) {
	tmp := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldsCellDir$", "--", tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	dir := strings.TrimSpace(line)
	if err != nil || !strings.HasPrefix(dir, tmp) {
		t.Fatalf("the helper said %q (%v)", line, err)
	}
	removeStaleCellDirs(tmp)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the running process's cell directory was removed: %v", err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	removeStaleCellDirs(tmp)
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("the killed process's cell directory %s is still there", dir)
	}
}

// A temporary directory that cannot be made names where and TMPDIR: it
// said only "configuration directory: stat /gone".
func TestCellDirErrorNamesTMPDIR(t *testing.T) {
	t.Setenv("TMPDIR", "/nonexistent-mpsim-tmp")
	_, _, err := makeCellDir("")
	if err == nil || !strings.Contains(err.Error(), "/nonexistent-mpsim-tmp (TMPDIR)") {
		t.Fatalf("error %v does not name TMPDIR", err)
	}
}
