package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/session"
)

// Ctrl+C in the terminal (SIGINT) closes the host as its close button
// does: the running session ends and is saved in the history, and the
// embedded portal leaves before the host's window, its X11 parent, goes.
// Fyne's own handler quit at once: the session was lost, and the portal
// process found its window destroyed under it (GTK criticals).
func TestE2EInterruptSavesTheRunningSession(t *testing.T) {
	needE2E(t)
	needXTools(t)
	x := privateX(t, "1280x720x24")
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
	if rep.Ended != session.EndedCancelled {
		t.Errorf("the interrupted session ended %q, want %q", rep.Ended, session.EndedCancelled)
	}
	if s := stderr.String(); strings.Contains(s, "unexpectedly destroyed") {
		t.Errorf("the portal's window was destroyed under it:\n%s", tail(s))
	}
}

// interruptAfterWindow starts cmd, waits for its portal window process
// (and a moment for its page), sends sig, and waits up to 15 s for cmd to
// end; it returns cmd's exit code and how long it took after sig.
func interruptAfterWindow(t *testing.T, cmd *exec.Cmd, mine string, sig os.Signal) (int, time.Duration) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for deadline := time.Now().Add(45 * time.Second); len(portalProcessesWith(mine)) == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			<-done
			t.Fatalf("no portal window process within 45 s")
		}
	}
	time.Sleep(2 * time.Second)
	_ = cmd.Process.Signal(sig)
	sent := time.Now()
	select {
	case err := <-done:
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return exitErr.ExitCode(), time.Since(sent)
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, time.Since(sent)
	case <-time.After(15 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("still running 15 s after %v", sig)
		return 0, 0
	}
}

// A CI system cancelling a job sends SIGINT or SIGTERM: `mpsim run` ends
// the session at once, still writes its report (ended "cancelled"), and
// leaves no portal window behind.
func TestE2ERunInterruptedWritesItsReport(t *testing.T) {
	needE2E(t)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			report := filepath.Join(dir, "report.json")
			mine := "MPSIM_CONFIG_DIR=" + filepath.Join(dir, "config")
			// The demo portal with no choice waits for the user.
			cmd := exec.Command(os.Args[0], "run", "--headless", "--timeout", "60s", "--report", report)
			cmd.Env = append(filteredEnv(), testMainEnv+"=1", mine, "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
				"XDG_DATA_HOME="+filepath.Join(dir, "data"), "DISPLAY=")
			var stderr strings.Builder
			cmd.Stderr = &stderr
			code, took := interruptAfterWindow(t, cmd, mine, sig)
			t.Logf("exit %d, %s after the signal", code, took.Round(time.Millisecond))
			data, err := os.ReadFile(report)
			if err != nil {
				t.Fatalf("no report after %v (exit %d): %v\nstderr:\n%s", sig, code, err, tail(stderr.String()))
			}
			var rep session.Report
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatalf("the report is not JSON: %v", err)
			}
			if rep.Ended != session.EndedCancelled || code != 1 {
				t.Errorf("ended %q, exit %d; want %q, 1 (not a pass)", rep.Ended, code, session.EndedCancelled)
			}
			waitGone(t, mine, "an interrupted mpsim run")
		})
	}
}

// Interrupted, `mpsim test` still writes its JUnit and HTML reports: the
// cell cut short and the cells not run are skipped, and no window is left.
func TestE2EMatrixInterruptedWritesItsReports(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "long.toml")
	const long = "[[scenario]]\nname = \"wait\"\nlanguages = [\"en-US\", \"fr-FR\", \"de-DE\"]\ntimeout = \"60s\"\n[scenario.expect]\nended = \"timeout\"\n"
	if err := os.WriteFile(file, []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	junit, html := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.html")
	mine := "MPSIM_CONFIG_DIR=" + filepath.Join(dir, "config")
	cmd := exec.Command(os.Args[0], "test", "--headless", "--parallel", "1", "--junit", junit, "--html", html, file)
	cmd.Env = append(filteredEnv(), testMainEnv+"=1", mine, "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"), "DISPLAY=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	code, took := interruptAfterWindow(t, cmd, mine, syscall.SIGTERM)
	t.Logf("exit %d, %s after SIGTERM", code, took.Round(time.Millisecond))
	if code != 1 {
		t.Errorf("exit %d, want 1 (cells not met)\nstderr:\n%s", code, tail(stderr.String()))
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatalf("no JUnit report: %v\nstderr:\n%s", err, tail(stderr.String()))
	}
	var suites struct {
		Tests   int `xml:"tests,attr"`
		Skipped int `xml:"skipped,attr"`
	}
	if err := xml.Unmarshal(data, &suites); err != nil {
		t.Fatalf("the JUnit report is not XML: %v", err)
	}
	if suites.Tests != 3 || suites.Skipped != 3 {
		t.Errorf("JUnit: %d tests, %d skipped; want 3 and 3 (one cut short, two not run)\n%s", suites.Tests, suites.Skipped, data)
	}
	if page, err := os.ReadFile(html); err != nil || !strings.Contains(string(page), "skipped") {
		t.Errorf("the HTML report is missing or shows no skipped cell (%v)", err)
	}
	waitGone(t, mine, "an interrupted mpsim test")
}
