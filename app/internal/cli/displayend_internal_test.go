package cli

import (
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"mpsim/app/internal/xvfb"
)

// A user's own DISPLAY whose X server goes away is seen to have ended
// (matrix.Run asks after each cell not met), with the display named; one
// that answers, and one on another host (which is not asked), are not. One
// gone before the run stops it before any cell.
func TestUserDisplayEnded(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb is not installed")
	}
	xs, err := xvfb.Start("640x480x24")
	if err != nil {
		t.Fatal(err)
	}
	defer xs.Stop()
	d := userDisplay(xs.Display)
	if err := d.Ended(); err != nil || d.Done() != nil {
		t.Errorf("a display that answers: Ended() = %v, Done() = %v", err, d.Done())
	}
	if err := userDisplay("far.example:0").Ended(); err != nil {
		t.Errorf("a display on another host: Ended() = %v", err)
	}
	if err := syscall.Kill(xs.PID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-xs.Done()
	err = d.Ended()
	if err == nil || !strings.HasPrefix(err.Error(), "the X display "+xs.Display+" (DISPLAY) ended: ") || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("a display whose X server was killed: Ended() = %v", err)
	}
	// Gone before the run: an error before any cell, not a display that
	// ended during the run.
	env := Env{Getenv: func(k string) string {
		if k == "DISPLAY" {
			return xs.Display
		}
		return ""
	}}
	if _, _, _, err := testDisplay(env, false); err == nil || !strings.HasPrefix(err.Error(), "DISPLAY="+xs.Display+" cannot be used (display "+xs.Display+": no X server answers at ") {
		t.Errorf("mpsim test on a DISPLAY gone before the run: %v", err)
	}
}
