package hostwin

import (
	"bytes"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
)

// With WAYLAND_DISPLAY and no DISPLAY the host says it needs an X11
// display (XWayland) and stops, before GLFW prints its own errors (found
// by exploratory QA: `env -u DISPLAY WAYLAND_DISPLAY=wayland-0 mpsim`
// printed GLFW's "PlatformError: X11: The DISPLAY environment variable is
// missing"); a build for Wayland would try.
func TestDisplayProblem(t *testing.T) {
	tests := []struct {
		name          string
		env           map[string]string
		nativeWayland bool
		want          string // a part of the message; "" for none
	}{
		{"X11", map[string]string{"DISPLAY": ":0"}, false, ""},
		{"XWayland", map[string]string{"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, false, ""},
		{"no display", nil, false, "no display (DISPLAY is not set)"},
		{"Wayland alone", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, false, "needs an X11 display (XWayland): DISPLAY is not set, only WAYLAND_DISPLAY=wayland-0"},
		{"Wayland alone, a Wayland build", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true, ""},
		{"no display, a Wayland build", nil, true, "no display"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := displayProblem(func(k string) string { return tc.env[k] }, tc.nativeWayland)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("displayProblem(%v) = %q, want %q", tc.env, got, tc.want)
			}
		})
	}
	// Run says it and stops with the usage exit code.
	var stderr bytes.Buffer
	env := cli.Env{Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"WAYLAND_DISPLAY": "wayland-0"}[k]
	}}
	if code := Run(env, nil); code != cli.ExitUsage || !strings.Contains(stderr.String(), "mpsim needs an X11 display (XWayland)") {
		t.Errorf("Run under Wayland alone: exit %d, %q", code, stderr.String())
	}
}
