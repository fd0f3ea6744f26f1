package main

import (
	"bufio"
	"encoding/json"
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

// TestE2ERunWatchRunsAgainOnAChange is the developer loop from the command
// line (issue 16): `mpsim run --watch DIR` runs the session, then the same
// launch again after each save in DIR, with a transactionId of its own as
// the app makes one per launch, rewriting the report, until Ctrl+C, which
// ends it with the last verdict's exit code.
func TestE2ERunWatchRunsAgainOnAChange(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	portalDir := filepath.Join(dir, "portal")
	if err := os.Mkdir(portalDir, 0o755); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.json")
	cmd := exec.Command(os.Args[0], "run", "--headless", "--demo-choice", "buy", "--no-inspect", "--timeout", "60s",
		"--watch", portalDir, "--report", report)
	cmd.Env = append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "DISPLAY=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := make(chan string, 100)
	var said strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitLine := func(want string) {
		t.Helper()
		deadline := time.After(90 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("mpsim ended before saying %q:\n%s", want, said.String())
				}
				said.WriteString(l + "\n")
				if strings.Contains(l, want) {
					return
				}
			case <-deadline:
				t.Fatalf("mpsim did not say %q:\n%s", want, said.String())
			}
		}
	}
	readReport := func() session.Report {
		t.Helper()
		var rep session.Report
		data, err := os.ReadFile(report)
		if err == nil {
			err = json.Unmarshal(data, &rep)
		}
		if err != nil {
			t.Fatalf("report: %v", err)
		}
		return rep
	}

	waitLine("watching " + portalDir)
	first := readReport()
	tx1, _ := first.Launch.Param("transactionId")
	if first.Verdict != "pass" || tx1 == "" {
		t.Fatalf("first session: verdict %q, transactionId %q", first.Verdict, tx1)
	}
	if err := os.WriteFile(filepath.Join(portalDir, "index.html"), []byte("<p>edited</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLine("the portal changed; running the same launch again")
	// The report is rewritten when the second session ends.
	deadline := time.Now().Add(90 * time.Second)
	var second session.Report
	for {
		second = readReport()
		if tx, _ := second.Launch.Param("transactionId"); tx != tx1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the report still holds the first session after the change:\n%s", said.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if second.Verdict != "pass" || second.Result == nil || !second.Result.Success {
		t.Errorf("second session: verdict %q, result %+v", second.Verdict, second.Result)
	}
	a, b := first.Launch, second.Launch
	if a.PortalURL != b.PortalURL || a.Headers["Accept-Language"] != b.Headers["Accept-Language"] {
		t.Errorf("the change ran another launch: %s %v, then %s %v", a.PortalURL, a.Headers, b.PortalURL, b.Headers)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for range lines { // drain until mpsim closes stderr
	}
	err = cmd.Wait()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		t.Fatalf("Ctrl+C after a passing session: exit %d, want 0\n%s", exitErr.ExitCode(), said.String())
	} else if err != nil {
		t.Fatal(err)
	}
}
