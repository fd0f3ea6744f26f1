package main

import (
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/xvfb"
)

// Ctrl+C in the terminal (SIGINT) closes the host as its close button
// does: the running session ends and is saved in the history, and the
// embedded portal leaves before the host's window, its X11 parent, goes.
// Fyne's own handler quit at once: the session was lost, and the portal
// process found its window destroyed under it (GTK criticals).
func TestE2EInterruptSavesTheRunningSession(t *testing.T) {
	needE2E(t)
	needXTools(t)
	x, err := xvfb.Start("1280x720x24")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = x.Stop() }()
	portal := startEmbedPortal(t)
	cmd, stderr, history := embedHostWith(t, x.Display, portal.url, "", "MPSIM_WARM=0")
	placedPortal(t, x.Display, portal)
	if n := len(savedReports(history)); n != 0 {
		t.Fatalf("%d sessions saved before the interrupt, want none", n)
	}
	stopHost(t, cmd, stderr)
	if n := len(savedReports(history)); n != 1 {
		t.Fatalf("%d sessions saved after the interrupt, want the running one; host stderr:\n%s", n, tail(stderr.String()))
	}
	rep := waitReports(t, history, 1, time.Second)
	t.Logf("the interrupted session ended %q, verdict %s", rep.Ended, rep.Verdict)
	if rep.Ended == "" {
		t.Errorf("the saved session has no end")
	}
	if s := stderr.String(); strings.Contains(s, "unexpectedly destroyed") {
		t.Errorf("the portal's window was destroyed under it:\n%s", tail(s))
	}
}
