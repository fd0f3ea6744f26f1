package main

// The portal inside the host window under a real window manager (openbox):
// the window manager frames the host, never the portal (it is reparented
// before it is mapped), and keyboard focus goes back and forth between the
// host's widgets and the page as a user clicks (issue 18).

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/xvfb"
)

// startOpenbox runs openbox on display and waits until it manages the
// screen (the root window names its check window); the test's cleanup
// stops it.
func startOpenbox(t *testing.T, display string) {
	t.Helper()
	if _, err := exec.LookPath("openbox"); err != nil {
		t.Skip("openbox is not installed; run `make deps` (scripts/install-deps.sh)")
	}
	if _, err := exec.LookPath("xprop"); err != nil {
		t.Skip("xprop is not installed; run `make deps` (scripts/install-deps.sh)")
	}
	home := t.TempDir() // openbox writes its session files under $HOME
	cmd := xcmd(display, "openbox", "--sm-disable")
	cmd.Env = append(cmd.Env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start openbox: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		got, _ := xcmd(display, "xprop", "-root", "_NET_SUPPORTING_WM_CHECK").Output()
		if strings.Contains(string(got), "window id") {
			return
		}
	}
	t.Fatalf("openbox did not take the screen within 15 s:\n%s", out.String())
}

// wmFrame is the window that holds id directly under the root window: the
// window manager's frame when one manages id, id itself otherwise.
func wmFrame(t *testing.T, display, id string) string {
	t.Helper()
	root := ""
	if out, err := xcmd(display, "xwininfo", "-root").Output(); err == nil {
		if f := strings.Fields(string(out)); len(f) > 3 {
			root = f[3] // "xwininfo: Window id: 0x... (the root window)"
		}
	}
	for w := id; ; {
		p := xParent(t, display, w)
		if p == root || p == "" {
			return w
		}
		w = p
	}
}

// TestE2EEmbeddedPortalUnderOpenbox runs the host under openbox: the host is
// framed by the window manager, the portal stays inside the host (no frame
// of its own), typing reaches the page, focus returns to the page after a
// click on a host widget, and the portal process does not outlive the host.
func TestE2EEmbeddedPortalUnderOpenbox(t *testing.T) {
	needE2E(t)
	needXTools(t)
	x, err := xvfb.Start("1280x720x24")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = x.Stop() }()
	d := x.Display
	startOpenbox(t, d)
	portal := startEmbedPortal(t)
	cmd, stderr, _ := embedHost(t, d, portal.url)
	defer func() {
		if t.Failed() {
			t.Logf("host stderr:\n%s", tail(stderr.String()))
		}
	}()

	host, child := placedPortal(t, d, portal)
	shot(t, d, "wm-1-loaded")

	if frame := wmFrame(t, d, host); frame == host {
		t.Errorf("the host window %s sits directly under the root: openbox did not frame it", host)
	}
	if p := xParent(t, d, child.id); p != host {
		t.Fatalf("the portal window's X11 parent is %s, want the host window %s (openbox must not manage it)", p, host)
	}

	t.Run("typing reaches the page", func(t *testing.T) {
		clickToType(t, d, child.id, child.ax+120, child.ay+40)
		xdo(t, d, "type", "--delay", "40", "hello")
		portal.waitPing(t, "typed=hello", 10*time.Second)
	})

	t.Run("focus comes back to the page after a click on the host", func(t *testing.T) {
		// The log's search field, right of the pane: a host widget that
		// takes the keyboard.
		// (xdotool's geometry is off by the frame under openbox: measure
		// from the portal's absolute position.)
		xdo(t, d, "mousemove", strconv.Itoa(child.ax+1076), strconv.Itoa(child.ay+349), "click", "1")
		for deadline := time.Now().Add(5 * time.Second); isInside(d, focusedWindow(d), child.id); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the keyboard focus stayed in the portal after a click in the host's search field")
			}
		}
		time.Sleep(100 * time.Millisecond)
		shot(t, d, "wm-2-host-focus")
		xdo(t, d, "type", "--delay", "40", "xyz") // lands in the host, not the page
		clickToType(t, d, child.id, child.ax+250, child.ay+40)
		xdo(t, d, "type", "--delay", "40", "!")
		portal.waitPing(t, "typed=hello!", 10*time.Second)
	})

	stopHost(t, cmd, nil)
}
