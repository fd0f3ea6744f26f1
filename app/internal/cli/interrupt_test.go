package cli

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"slices"
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
	if want := "first signal cancelled the context\n" + secondSignalLine + "\n"; string(out) != want {
		t.Errorf("child said %q, want %q", out, want)
	}
}

// A job a non-interactive shell starts with & has SIGINT ignored: the
// second SIGINT still ends it, with 130 as a shell would report it (found
// by a soak test: the second was ignored and the orderly end went on), and
// at once: before, the process killed itself with the SIGINT that
// signal.Reset had made ignored again, and waited a second for it in vain.
func TestNotifyOnceWhenSIGINTWasIgnored(t *testing.T) {
	if os.Getenv(interruptChildEnv) == "sigint" {
		notifyOnceChildOf(syscall.SIGINT)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestNotifyOnceWhenSIGINTWasIgnored$")
	cmd.Env = append(os.Environ(), interruptChildEnv+"=sigint")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	signal.Ignore(syscall.SIGINT) // inherited through exec, as a shell's & does
	err = cmd.Start()
	signal.Reset(syscall.SIGINT)
	if err != nil {
		t.Fatal(err)
	}
	// The child says when it sends its second signal, and when it waits
	// for a default effect that never comes (the kill of an ignored signal).
	var said []string
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		said = append(said, lines.Text())
	}
	err = cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 130 {
		t.Fatalf("the child ended with %v, want exit status 130 after its second SIGINT; it said %q", err, said)
	}
	if !slices.Contains(said, secondSignalLine) {
		t.Fatalf("the child never said it sent its second SIGINT: %q", said)
	}
	if slices.Contains(said, waitedLine) {
		t.Errorf("the child killed itself with the ignored SIGINT and waited for it to end it, instead of exiting at once: %q", said)
	}
}

// waitedLine is what notifyOnceChildOf writes when its second signal's
// default effect did not end it.
const waitedLine = "waited for the signal's default effect"

// secondSignalLine is what notifyOnceChildOf writes just before it sends
// itself its second signal.
const secondSignalLine = "sending the second signal"

// coreutils timeout sends SIGTERM to its child and then to the child's
// process group, so the child gets two within microseconds: that is one
// request to end in order, not the second that ends at once (found in a
// pipeline: killed by the echo, the run wrote no reports).
func TestNotifyOnceTakesTheEchoOfASignalAsTheSame(t *testing.T) {
	if os.Getenv(interruptChildEnv) == "echo" {
		ctx, stop := notifyOnce(context.Background(), syscall.SIGTERM)
		defer stop()
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
		<-ctx.Done() // the first was delivered: the kernel does not merge the second with it
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
		time.Sleep(300 * time.Millisecond) // the echo, were it taken as the second, ends the process by now
		_, _ = os.Stdout.WriteString("ended in order\n")
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestNotifyOnceTakesTheEchoOfASignalAsTheSame$")
	cmd.Env = append(os.Environ(), interruptChildEnv+"=echo")
	out, err := cmd.CombinedOutput()
	if err != nil || string(out) != "ended in order\n" {
		t.Fatalf("two SIGTERMs back to back: the child ended with %v, want in order:\n%s", err, out)
	}
}

// Which signals end the process at once: the first cancels, those within
// the echo time of the first are the same request, the first later one
// ends the process.
func TestWatchSignals(t *testing.T) {
	const echo = time.Second
	tests := []struct {
		name string
		at   []time.Duration // when each signal comes, after the first
		end  int             // which signal ends the process (1-based); 0 none
	}{
		{"one signal", []time.Duration{0}, 0},
		{"two back to back (coreutils timeout)", []time.Duration{0, 0}, 0},
		{"the second just within the echo time", []time.Duration{0, echo - time.Millisecond}, 0},
		{"the second a second later", []time.Duration{0, echo}, 2},
		{"the second long after", []time.Duration{0, 30 * time.Second}, 2},
		{"an echo, then a person's second Ctrl+C", []time.Duration{0, 0, 2 * time.Second}, 3},
		{"three within the echo time", []time.Duration{0, 0, 500 * time.Millisecond}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
			times := make(chan time.Time) // the time of each signal, when the watch asks for it
			sent, cancelled, ended := 0, 0, 0
			caught := make(chan os.Signal)
			done := make(chan struct{})
			returned := make(chan struct{})
			go func() {
				defer close(returned)
				watchSignals(caught, done, signalWatch{
					cancel: func() { cancelled++ },
					end:    func(os.Signal) { ended = sent },
					now:    func() time.Time { return <-times },
					echo:   echo,
				})
			}()
			for i, d := range tt.at {
				sent = i + 1
				select {
				case caught <- syscall.SIGTERM:
				case <-returned:
					t.Fatalf("signal %d: the watch had already ended the process", i+1)
				}
				times <- start.Add(d)
				if tt.end == i+1 {
					<-returned
					break
				}
			}
			close(done)
			<-returned
			if cancelled != 1 {
				t.Errorf("cancelled %d times, want once", cancelled)
			}
			if ended != tt.end {
				t.Errorf("signal %d ended the process (0: none), want %d", ended, tt.end)
			}
		})
	}
}

// notifyOnceChild signals itself twice; it must not outlive the second.
func notifyOnceChild() { notifyOnceChildOf(syscall.SIGTERM) }

// notifyOnceChildOf signals itself twice with sig.
func notifyOnceChildOf(sig syscall.Signal) {
	ctx, stop := notifyOnceWaiting(context.Background(), func() {
		// The default effect, when there is one, ends the child in this
		// second: the line is written only when it did not.
		time.Sleep(time.Second)
		_, _ = os.Stdout.WriteString(waitedLine + "\n")
	}, sig)
	defer stop()
	_ = syscall.Kill(os.Getpid(), sig)
	select {
	case <-ctx.Done():
		_, _ = os.Stdout.WriteString("first signal cancelled the context\n")
	case <-time.After(10 * time.Second):
		_, _ = os.Stdout.WriteString("the first signal did not cancel the context\n")
		os.Exit(3)
	}
	// The second comes later than the echo of the first (signalEcho),
	// as a person's second Ctrl+C does.
	time.Sleep(signalEcho + 200*time.Millisecond)
	_, _ = os.Stdout.WriteString(secondSignalLine + "\n")
	_ = syscall.Kill(os.Getpid(), sig)
	time.Sleep(5 * time.Second)
	os.Exit(0)
}
