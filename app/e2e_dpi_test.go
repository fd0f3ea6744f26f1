package main

import (
	"strings"
	"testing"
)

// A desk's text scaling (GDK_DPI_SCALE, set with GDK_SCALE on HiDPI
// desktops) does not zoom the portal: its frame is the app's 800x600 CSS
// pixels, which the frame-size policy judges (found on a developer's desk:
// 0.5 gave a 1600x1200 viewport and a pass for a page too wide for the
// app's frame, 1.5 a 533x400 one and a fail).
func TestE2ETextScalingDoesNotZoomThePortal(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html lang="en"><head><title>dpi</title></head><body><p>dpi</p><script>
console.log("viewport " + innerWidth + "x" + innerHeight);
` + handBackJS + `</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page})
	t.Setenv("GDK_DPI_SCALE", "0.5")
	_, rep, stderr := runMpsim(t, "run", "--headless", "--no-axe", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim",
		"--timeout", "60s", "--screenshots", "-")
	var seen []string
	for _, c := range rep.Console {
		if strings.HasPrefix(c.Text, "viewport ") {
			seen = append(seen, c.Text)
		}
	}
	if len(seen) != 1 || seen[0] != "viewport 800x600" {
		t.Fatalf("the page saw %q with GDK_DPI_SCALE=0.5, want [\"viewport 800x600\"]\nstderr:\n%s", seen, tail(stderr))
	}
}
