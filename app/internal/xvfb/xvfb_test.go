package xvfb

import (
	"errors"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

func TestStartStop(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb not installed")
	}
	s, err := Start("640x480x24")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Display) < 2 || s.Display[0] != ':' {
		t.Errorf("display = %q", s.Display)
	}
	if err := s.Ended(); err != nil {
		t.Errorf("a running Xvfb: Ended() = %v", err)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	<-s.Done()
	if err := s.Ended(); err != nil {
		t.Errorf("after Stop: Ended() = %v, want nil (stopped, not lost)", err)
	}
}

// An Xvfb killed under its windows says so: Done is closed and Ended names
// the display, its PID and how it exited (before, nothing watched the
// process, and the cells on it failed as portals that never called back).
func TestKilledXvfbEnds(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb not installed")
	}
	s, err := Start("640x480x24")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if err := syscall.Kill(s.PID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-s.Done()
	err = s.Ended()
	var ended *EndedError
	if !errors.As(err, &ended) {
		t.Fatalf("Ended() = %v, want an *EndedError", err)
	}
	want := "the X display " + s.Display + " (the private Xvfb, PID " + strconv.Itoa(s.PID()) + ") ended: signal: killed"
	if err.Error() != want {
		t.Errorf("Ended() = %q, want %q", err, want)
	}
}

// exited tells a process that has exited, waited for or not (a zombie),
// from a running one.
func TestExited(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("cannot run true: ", err)
	}
	zombie := exec.Command("true")
	if err := zombie.Start(); err != nil {
		t.Fatal(err)
	}
	defer zombie.Wait()
	// Wait until it has exited, leaving it a zombie (WNOWAIT).
	var info unix.Siginfo
	if err := unix.Waitid(unix.P_PID, zombie.Process.Pid, &info, unix.WEXITED|unix.WNOWAIT, nil); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		pid  int
		want bool
	}{
		"waited for": {gone.Process.Pid, true},
		"zombie":     {zombie.Process.Pid, true},
		"running":    {syscall.Getpid(), false},
	} {
		if got := exited(tc.pid); got != tc.want {
			t.Errorf("%s: exited = %v, want %v", name, got, tc.want)
		}
	}
}
