package workspace

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// sessionDirs makes the session directories names (oldest first) in root.
func sessionDirs(t *testing.T, root string, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := os.MkdirAll(filepath.Join(root, n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// A session still going keeps its screenshots however many sessions start
// after it (a GUI session left open while `mpsim run --watch` reruns); the
// oldest of the others go.
func TestPruneKeepsDirectoriesInUse(t *testing.T) {
	root := t.TempDir()
	names := []string{"20261203T010000Z-a", "20261203T020000Z-b", "20261203T030000Z-c", "20261203T040000Z-d", "20261203T050000Z-e"}
	sessionDirs(t, root, names...)
	release := holdInUse(filepath.Join(root, names[0]))
	pruneScreenshotDirs(root, 2)
	for i, n := range names {
		want := i == 0 || i == 4 // in use; the newest
		if got := exists(filepath.Join(root, n)); got != want {
			t.Errorf("%s exists: %v, want %v", n, got, want)
		}
	}
	release()
	if exists(filepath.Join(root, names[0], inUseFile)) {
		t.Errorf("release left the lock file")
	}
	pruneScreenshotDirs(root, 1)
	if exists(filepath.Join(root, names[0])) || !exists(filepath.Join(root, names[4])) {
		t.Errorf("after release the oldest directory should go, the newest stay")
	}
}

// holdChildEnv makes the test binary the child of
// TestInUseEndsWithItsProcess: it holds the directory it names.
const holdChildEnv = "MPSIM_TEST_HOLD_SCREENSHOT_DIR"

// A directory stays in use only while its process lives: a kill -9 of a
// session frees it for pruning.
func TestInUseEndsWithItsProcess(t *testing.T) {
	if dir := os.Getenv(holdChildEnv); dir != "" {
		holdInUse(dir)
		_, _ = os.Stdout.WriteString("held\n")
		time.Sleep(time.Minute)
		return
	}
	root := t.TempDir()
	dir := filepath.Join(root, "20261203T010000Z-a")
	newest := filepath.Join(root, "20261203T030000Z-c")
	sessionDirs(t, root, filepath.Base(dir), "20261203T020000Z-b", filepath.Base(newest))
	cmd := exec.Command(os.Args[0], "-test.run", "^TestInUseEndsWithItsProcess$")
	cmd.Env = append(os.Environ(), holdChildEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := out.Read(buf); err != nil || string(buf) != "held\n" {
		_ = cmd.Process.Kill()
		t.Fatalf("the child did not hold the directory: %q %v", buf, err)
	}
	if !inUse(dir) {
		t.Errorf("a directory another process holds is not in use")
	}
	pruneScreenshotDirs(root, 2)
	if !exists(dir) {
		t.Fatalf("pruning removed a directory another process holds")
	}
	_ = cmd.Process.Kill() // kill -9
	_ = cmd.Wait()
	if inUse(dir) {
		t.Errorf("the directory is still in use after its process was killed")
	}
	pruneScreenshotDirs(root, 1)
	if exists(dir) || !exists(newest) {
		t.Errorf("after the kill, the killed session's directory should go and the newest stay")
	}
}
