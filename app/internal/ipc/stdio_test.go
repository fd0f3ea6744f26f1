package ipc

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// stdioChildEnv makes the test binary play a window process that takes its
// standard input and output, starts a long-lived process of its own (as
// WebKit starts its web process), prints noise and one message, and exits.
const stdioChildEnv = "IPCTEST_STDIO_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(stdioChildEnv) != "" {
		os.Exit(stdioChild())
	}
	os.Exit(m.Run())
}

func stdioChild() int {
	_, out, err := TakeStdio()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	grandchild := exec.Command("sleep", "30")
	// Descriptors 0–2 as they are now, as GLib passes them to WebKit's
	// processes (Go's exec would give /dev/null otherwise).
	grandchild.Stdin, grandchild.Stdout, grandchild.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := grandchild.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	fmt.Println("GLib noise on standard output")
	if err := NewWriter(out).Send(Message{Type: TypeReady, Message: strconv.Itoa(grandchild.Process.Pid)}); err != nil {
		return 2
	}
	return 0
}

// TestTakeStdio checks that after TakeStdio the parent's pipe ends with the
// window process, not with the processes it started, and that what is
// printed on standard output goes to standard error, not into the link.
func TestTakeStdio(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), stdioChildEnv+"=1")
	cmd.Stderr = stderr // a file: the grandchild holds it, nobody waits for it
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(stdout) // returns when every holder of the pipe closed it
	if err != nil {
		t.Fatal(err)
	}
	var m Message
	if err := json.Unmarshal(got, &m); err != nil || m.Type != TypeReady {
		t.Fatalf("the link carried %q, want only the ready message", got)
	}
	pid, err := strconv.Atoi(m.Message)
	if err != nil {
		t.Fatalf("grandchild pid %q: %v", m.Message, err)
	}
	alive := unix.Kill(pid, 0) == nil
	_ = unix.Kill(pid, unix.SIGKILL)
	if !alive {
		t.Error("the link ended only when the grandchild had exited: it inherited the pipe")
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	if b, _ := os.ReadFile(stderr.Name()); !strings.Contains(string(b), "GLib noise") {
		t.Errorf("standard error %q: the noise printed on standard output is not there", b)
	}
}
