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
		{":99", true, false},
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
