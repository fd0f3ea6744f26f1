package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestE2EF1WithAFieldFocused presses F1 in the host window, real keys
// on the test's own display, while a text field of the Launch form has
// the keyboard: the keys help comes up over the window, and Escape takes
// it away. Before, Fyne gave F1 to the focused field, which did nothing
// with it, and the window saw F1 only while no control had the keyboard
// (found by keyboard QA: a keyboard user is nearly always in a field).
func TestE2EF1WithAFieldFocused(t *testing.T) {
	needE2E(t)
	needXTools(t)
	if _, err := exec.LookPath("import"); err != nil {
		t.Skip("import is not installed (imagemagick)")
	}
	x := privateX(t, "1280x800x24")
	d := x.Display
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(filteredEnv(), testMainEnv+"=1", "DISPLAY="+d, "HOME="+dir, "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"),
		"MPSIM_HISTORY_DIR="+filepath.Join(dir, "history"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "MPSIM_THEME=light")
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	defer func() {
		if t.Failed() {
			t.Logf("mpsim stderr:\n%s", tail(stderr.String()))
		}
	}()
	win := strings.Fields(xdo(t, d, "search", "--sync", "--onlyvisible", "--name", "Mobile Plans host"))
	if len(win) == 0 {
		t.Fatal("no host window")
	}
	time.Sleep(2 * time.Second) // the first paint, and the window's keys taken (NativeReady)
	xdo(t, d, "windowfocus", "--sync", win[0])
	// Alt+1: the Launch form, the keyboard on its preset; Tab: into the
	// preset's search field, where the typed text shows.
	for _, k := range []string{"alt+1", "Tab"} {
		xdo(t, d, "key", k)
		time.Sleep(300 * time.Millisecond)
	}
	empty := screen(t, d)
	xdo(t, d, "type", "--delay", "40", "zz")
	time.Sleep(500 * time.Millisecond)
	before := screen(t, d)
	if changedShare(empty, before) == 0 {
		t.Fatal("typing changed nothing on the screen: no field has the keyboard")
	}
	xdo(t, d, "key", "F1")
	var changed float64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if changed = changedShare(before, screen(t, d)); changed > 0.2 {
			break
		}
	}
	if changed <= 0.2 {
		t.Fatalf("F1 with the search field focused changed %.1f%% of the screen: no keys help", 100*changed)
	}
	xdo(t, d, "key", "Escape")
	var left float64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if left = changedShare(before, screen(t, d)); left < 0.05 {
			break
		}
	}
	if left >= 0.05 {
		t.Errorf("Escape left %.1f%% of the screen changed: the keys help stayed", 100*left)
	}
}

// screen is a screenshot of the display's root window.
func screen(t *testing.T, display string) image.Image {
	t.Helper()
	out, err := xcmd(display, "import", "-window", "root", "png:-").Output()
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the screenshot: %v", err)
	}
	return img
}

// changedShare is the share of the pixels of a that b has otherwise.
func changedShare(a, b image.Image) float64 {
	r := a.Bounds()
	if b.Bounds() != r || r.Empty() {
		return 1
	}
	var n int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}
