package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
)

// Ports browsers refuse to connect to (the Fetch standard's bad ports).
// A portal URL on one is refused before any window opens, with the reason:
// WebKit, asked to load it, commits an empty about:blank page and reports no
// load failure, so such a session used to wait for its timeout on a blank
// window (seen with https://127.0.0.1:1/). A portal that redirects there
// gets WebKit's own load failure: the session ends at once, loadFailed.
func TestE2EBlockedPortEndsAtOnce(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": "unused"})
	redirect := startHandlerPortal(t, "127.0.0.1", p, http.RedirectHandler("https://127.0.0.1:6000/next", http.StatusFound))
	start := time.Now()
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", redirect, "--trust-cert", p.certPath, "--timeout", "40s")
	took := time.Since(start)
	if rep.Ended != session.EndedLoadFailed {
		t.Fatalf("ended %q after %s, want loadFailed; log %+v\nstderr:\n%s", rep.Ended, took.Round(time.Millisecond), rep.Log, tail(stderr))
	}
	failed := findingsOf(rep, "portal-load-failed")
	if len(failed) != 1 || !strings.Contains(failed[0], "restricted network port") {
		t.Errorf("portal-load-failed findings %q, want one that says the port is restricted", failed)
	}
	t.Logf("whole run %s", took.Round(time.Millisecond))
	if took > 20*time.Second {
		t.Errorf("the run took %s: it waited for its timeout", took.Round(time.Millisecond))
	}

	t.Run("portal URL on a blocked port", func(t *testing.T) {
		r := runDemo(t.TempDir(), "run", "--headless", "--portal", "https://127.0.0.1:1/")
		if r.code != 2 || !strings.Contains(r.stderr, "port 1 is one browsers refuse to connect to") {
			t.Errorf("exit %d, stderr %q; want 2 and the port's reason", r.code, r.stderr)
		}
	})
}
