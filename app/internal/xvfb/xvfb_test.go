package xvfb

import (
	"os/exec"
	"testing"
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
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
}
