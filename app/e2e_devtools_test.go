package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/portalproc"
	"mpsim/app/internal/session"
)

// --devtools opens WebKit's inspector in a window of its own beside the
// portal (not attached inside the 800x600 frame), and the inspector's own
// WebKit processes do not end the session.
// The inspector's window fits the screen: beside the portal when 640 px or
// more are left there, else over the portal at the right edge.
func TestE2EDevToolsOpensItsOwnWindow(t *testing.T) {
	needE2E(t)
	if _, err := exec.LookPath("xwininfo"); err != nil {
		t.Skip("xwininfo is not installed (x11-utils)")
	}
	for _, c := range []struct {
		screen      string
		want        string // the inspector's geometry, WxH+X+Y
		waitTimeout bool   // wait for the session's end and check its report
	}{
		{"1600x900x24", "780x720+820+0", true},
		{"1280x720x24", "1000x720+280+0", false},
	} {
		t.Run(c.screen, func(t *testing.T) { testDevTools(t, c.screen, c.want, c.waitTimeout) })
	}
}

// devToolsAt says whether the DevTools window of an xwininfo tree has the
// geometry want.
func devToolsAt(tree, want string) bool {
	for _, l := range strings.Split(tree, "\n") {
		if strings.Contains(l, `"DevTools`) && strings.Contains(l, " "+want+" ") {
			return true
		}
	}
	return false
}

func testDevTools(t *testing.T, screen, want string, waitTimeout bool) {
	x := privateX(t, screen)
	cmd, stderr, report := startOnDisplay(t, x.Display, "run", "--devtools", "--timeout", "20s", "--screenshots", "-")
	var tree, seen string
	for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		xw := exec.Command("xwininfo", "-display", x.Display, "-root", "-tree")
		xw.Env = append(os.Environ(), "LC_ALL=C.UTF-8") // else UTF-8 titles print as "(has no name)"
		out, err := xw.CombinedOutput()
		tree = string(out)
		if err != nil {
			tree += err.Error()
		}
		// The DevTools window is placed once it is mapped: wait for the
		// place, not only for the window.
		if strings.Contains(tree, "DevTools") && devToolsAt(tree, want) {
			break
		}
		if strings.Contains(tree, "Mobile Plans") {
			seen = tree
		}
	}
	var devtools, portal string
	for _, l := range strings.Split(tree, "\n") {
		switch {
		case strings.Contains(l, `"DevTools`):
			devtools = l
		case strings.Contains(l, `"Mobile Plans`):
			portal = l
		}
	}
	if devtools == "" || portal == "" {
		t.Fatalf("no DevTools window beside the portal window:\n%s\nlast tree with the portal:\n%s\nmpsim:\n%s", tree, seen, stderr.String())
	}
	if !strings.Contains(portal, "800x600") || !strings.Contains(devtools, " "+want+" ") {
		t.Errorf("portal %q, DevTools %q: want the portal 800x600 and DevTools %s on a %s screen", portal, devtools, want, screen)
	}
	if !waitTimeout {
		return
	}
	if err := cmd.Wait(); err != nil && !strings.Contains(err.Error(), "exit status 1") {
		t.Fatalf("mpsim run: %v", err)
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"ended": "timeout"`) {
		t.Errorf("the session did not run to its timeout with the inspector open: %.400s", b)
	}
}

// startOnDisplay starts this binary as mpsim with args and --report on the
// X display display, in a config directory of its own; it returns the
// command, its stderr and the report's path, and kills it when the test
// ends.
func startOnDisplay(t *testing.T, display string, args ...string) (*exec.Cmd, *strings.Builder, string) {
	t.Helper()
	dir := t.TempDir()
	report := filepath.Join(dir, "r.json")
	cmd := exec.Command(os.Args[0], append(args, "--report", report)...)
	cmd.Env = append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "DISPLAY="+display)
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, stderr, report
}

// reportWhenDone waits for cmd, an mpsim run that startOnDisplay started,
// and reads its report; without one the test stops with the tail of its
// stderr.
func reportWhenDone(t *testing.T, cmd *exec.Cmd, stderr *strings.Builder, report string) session.Report {
	t.Helper()
	if err := cmd.Wait(); err != nil {
		t.Logf("mpsim run: %v", err)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("no report: %v\nmpsim:\n%s", err, tail(stderr.String()))
	}
	var rep session.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

// The host's DevTools check reaches a portal window that is already
// running: the window process gets ipc.TypeDevTools (portalproc's
// DevTools), opens the inspector in its window beside the portal, and
// closes it, window and all, when the check is unticked.
func TestE2EDevToolsReachTheRunningWindow(t *testing.T) {
	needE2E(t)
	if _, err := exec.LookPath("xwininfo"); err != nil {
		t.Skip("xwininfo is not installed (x11-utils)")
	}
	x := privateX(t, "1600x900x24")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "<!doctype html><title>portal</title><p>a running portal</p>")
	}))
	defer srv.Close()
	opener := portalproc.Opener{Exe: os.Args[0], Args: []string{"portal"}, Stderr: io.Discard,
		Env: append(filteredEnv(), testMainEnv+"=1", "DISPLAY="+x.Display, "XDG_CACHE_HOME="+t.TempDir())}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	win, err := opener.Open(ctx, session.WindowSpec{URL: srv.URL, Title: "Mobile Plans (mpsim)", Width: 800, Height: 600})
	if err != nil {
		t.Fatalf("open the portal window: %v", err)
	}
	defer func() { _ = win.Close(session.CloseRequested) }()
	go func() { // the events are not this test's business, but must flow
		for range win.Events() {
		}
	}()
	tree := func() string {
		xw := exec.Command("xwininfo", "-display", x.Display, "-root", "-tree")
		xw.Env = append(os.Environ(), "LC_ALL=C.UTF-8") // else UTF-8 titles print as "(has no name)"
		out, _ := xw.CombinedOutput()
		return string(out)
	}
	waitTree := func(what string, cond func(string) bool) {
		t.Helper()
		var last string
		for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
			if last = tree(); cond(last) {
				return
			}
		}
		t.Fatalf("%s: not within 40 s; windows:\n%s", what, last)
	}
	hasDevTools := func(tr string) bool { return strings.Contains(tr, `"DevTools`) }
	waitTree("the portal window", func(tr string) bool { return strings.Contains(tr, `"Mobile Plans (mpsim)"`) })
	if hasDevTools(tree()) {
		t.Fatal("a DevTools window before any was asked for")
	}
	d, ok := win.(interface{ DevTools(open bool) error })
	if !ok {
		t.Fatal("the portal window has no DevTools method")
	}
	for i, open := range []bool{true, false, true} {
		if err := d.DevTools(open); err != nil {
			t.Fatalf("DevTools(%v): %v", open, err)
		}
		waitTree(fmt.Sprintf("step %d: DevTools window shown = %v", i+1, open), func(tr string) bool {
			return hasDevTools(tr) == open && (!open || devToolsAt(tr, "780x720+820+0"))
		})
	}
}
