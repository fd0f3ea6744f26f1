package cli

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestDevToolsInAPrivateXvfbIsSaid: --devtools with --headless and no
// DISPLAY opens the inspector where no one sees it; the user is told.
func TestDevToolsInAPrivateXvfbIsSaid(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("no Xvfb")
	}
	tests := []struct {
		display  string
		devtools bool
		want     bool
	}{
		{"", true, true},
		{"", false, false},
		{":99", true, true}, // --headless is a private Xvfb even on a desktop
	}
	for _, tc := range tests {
		var stderr bytes.Buffer
		env := Env{Stderr: &stderr, Getenv: func(k string) string {
			if k == "DISPLAY" {
				return tc.display
			}
			return ""
		}}
		_, _, stop, err := runOpeners(env, &runOptions{headless: true, debug: tc.devtools}, false)
		if err != nil {
			t.Fatal(err)
		}
		stop()
		if got := strings.Contains(stderr.String(), "--devtools opens the inspector inside the private Xvfb"); got != tc.want {
			t.Errorf("DISPLAY %q, devtools %v: said %v, want %v (%q)", tc.display, tc.devtools, got, tc.want, stderr.String())
		}
	}
}

// A DISPLAY whose X server is gone (a terminal left from an ssh -X
// session) stops mpsim run before any session, saying which display and
// what to do; before, the portal window failed, the session was recorded
// as crashed and the run ended with exit 1 (found on a developer's desk).
func TestRunRefusesAStaleDisplay(t *testing.T) {
	env := Env{Stderr: &bytes.Buffer{}, Getenv: func(k string) string {
		if k == "DISPLAY" {
			return ":4871" // no X server listens there
		}
		return ""
	}}
	_, stop, err := runDisplay(env, false)
	if err == nil {
		stop()
		t.Fatal("a DISPLAY without an X server was accepted")
	}
	for _, want := range []string{"DISPLAY=:4871", "--headless"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
