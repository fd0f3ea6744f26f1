package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/bridge"
)

// webProcesses lists the PIDs of the WebKitWebProcess processes alive now.
func webProcesses() []int {
	var pids []int
	for _, p := range processes() {
		if len(p.args) > 0 && filepath.Base(p.args[0]) == "WebKitWebProcess" {
			pids = append(pids, p.pid)
		}
	}
	return pids
}

// TestE2EPageStuckInALoop: a page whose script never returns is said to
// have stopped responding in handback-missing (QA: the same words as for a
// page waiting for a click), and its web process does not outlive the
// session (QA: orphaned, it spun a core for 10-15 s after mpsim exited).
func TestE2EPageStuckInALoop(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{
		"/stuck": `<!doctype html><html lang="en-US"><head><title>Plans</title></head><body><h1>Contoso plans</h1>
<script>setTimeout(function () { for (;;) {} }, 300);</script></body></html>`,
	})
	before := webProcesses()
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base+"stuck", "--trust-cert", p.certPath, "--timeout", "9s", "--no-axe")
	if code != 1 || rep.Ended != "timeout" {
		t.Fatalf("exit %d, ended %q; want 1 and timeout\nstderr:\n%s", code, rep.Ended, stderr)
	}
	var msg string
	for _, f := range rep.Findings {
		if f.Code == bridge.CodeHandbackMissing {
			msg = f.Message
		}
	}
	if !strings.Contains(msg, "The page had stopped responding") || strings.Contains(msg, "If the page waits for a click") {
		t.Errorf("handback-missing = %q; want it to say the page stopped responding", msg)
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		var left []int
		for _, pid := range webProcesses() {
			if !slices.Contains(before, pid) {
				left = append(left, pid)
			}
		}
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("web processes %v still alive 3 s after mpsim exited", left)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
