package cli

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

// interruptChildEnv makes the test binary the child of TestNotifyOnce.
const interruptChildEnv = "MPSIM_TEST_NOTIFY_ONCE_CHILD"

// The first signal cancels the context; the second ends the process (its
// default effect), where signal.NotifyContext alone would swallow it.
func TestNotifyOnce(t *testing.T) {
	if os.Getenv(interruptChildEnv) == "1" {
		notifyOnceChild()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestNotifyOnce$")
	cmd.Env = append(os.Environ(), interruptChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("the child survived its second SIGTERM (err %v):\n%s", err, out)
	}
	status, ok := exitErr.Sys().(syscall.WaitStatus)
	if !ok || !status.Signaled() || status.Signal() != syscall.SIGTERM {
		t.Fatalf("the child ended with %v, want killed by SIGTERM:\n%s", err, out)
	}
	if want := "first signal cancelled the context\n"; string(out) != want {
		t.Errorf("child said %q, want %q", out, want)
	}
}

// A job a non-interactive shell starts with & has SIGINT ignored: the
// second SIGINT still ends it, with 130 as a shell would report it (found
// by a soak test: the second was ignored and the orderly end went on).
func TestNotifyOnceWhenSIGINTWasIgnored(t *testing.T) {
	if os.Getenv(interruptChildEnv) == "sigint" {
		notifyOnceChildOf(syscall.SIGINT)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestNotifyOnceWhenSIGINTWasIgnored$")
	cmd.Env = append(os.Environ(), interruptChildEnv+"=sigint")
	signal.Ignore(syscall.SIGINT) // inherited through exec, as a shell's & does
	err := cmd.Start()
	signal.Reset(syscall.SIGINT)
	if err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 130 {
		t.Fatalf("the child ended with %v, want exit status 130 after its second SIGINT", err)
	}
}

// notifyOnceChild signals itself twice; it must not outlive the second.
func notifyOnceChild() { notifyOnceChildOf(syscall.SIGTERM) }

// notifyOnceChildOf signals itself twice with sig.
func notifyOnceChildOf(sig syscall.Signal) {
	ctx, stop := notifyOnce(context.Background(), sig)
	defer stop()
	_ = syscall.Kill(os.Getpid(), sig)
	select {
	case <-ctx.Done():
		_, _ = os.Stdout.WriteString("first signal cancelled the context\n")
	case <-time.After(10 * time.Second):
		_, _ = os.Stdout.WriteString("the first signal did not cancel the context\n")
		os.Exit(3)
	}
	// stop runs on its own goroutine once ctx is done: wait until the
	// signal is no longer caught.
	time.Sleep(200 * time.Millisecond)
	_ = syscall.Kill(os.Getpid(), sig)
	time.Sleep(5 * time.Second)
	os.Exit(0)
}
