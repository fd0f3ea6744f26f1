package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
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
// ends it with the last verdict's exit code. The report and the HAR file
// it writes in DIR (atomically, through a temporary file beside them) are
// no change: before, they ran the session again without end.
func TestE2ERunWatchRunsAgainOnAChange(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	portalDir := filepath.Join(dir, "portal")
	if err := os.Mkdir(portalDir, 0o755); err != nil {
		t.Fatal(err)
	}
	report, har := filepath.Join(portalDir, "report.json"), filepath.Join(portalDir, "session.har")
	cmd := exec.Command(os.Args[0], "run", "--headless", "--demo-choice", "buy-slow", "--no-axe", "--timeout", "60s",
		"--watch", portalDir, "--report", report, "--har", har)
	w := startWatcher(t, cmd, dir)
	waitLine := func(want string) {
		t.Helper()
		if !w.waitLine(t, want, 90*time.Second) {
			t.Fatalf("mpsim did not say %q:\n%s", want, w.said.String())
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
	if w.waitLine(t, "the portal changed", 3*time.Second) {
		t.Fatalf("the report and HAR file it writes in the watched directory ran the session again:\n%s", w.said.String())
	}
	if _, err := os.Stat(har); err != nil {
		t.Fatalf("no HAR file: %v", err)
	}
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
			t.Fatalf("the report still holds the first session after the change:\n%s", w.said.String())
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
	// A third change, and Ctrl+C while its session runs (the demo's slow
	// back end holds it for seconds): the report stays the second
	// session's, whose verdict is the exit code.
	if err := os.WriteFile(filepath.Join(portalDir, "index.html"), []byte("<p>edited again</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLine("the portal changed; running the same launch again")
	time.Sleep(time.Second)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	w.drain()
	err := cmd.Wait()
	if !strings.Contains(w.said.String(), "the exit code and the report are the last completed run's") {
		t.Errorf("Ctrl+C during a re-run did not say the report is kept:\n%s", w.said.String())
	}
	tx2, _ := second.Launch.Param("transactionId")
	if tx, _ := readReport().Launch.Param("transactionId"); tx != tx2 {
		t.Errorf("the report holds the cancelled session (transactionId %s), not the last completed one", tx)
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		t.Fatalf("Ctrl+C after a passing session: exit %d, want 0\n%s", exitErr.ExitCode(), w.said.String())
	} else if err != nil {
		t.Fatal(err)
	}
}

// TestE2ETestWatchRunsTheCellsAgain: `mpsim test --watch DIR` runs its cells,
// then again after each change under DIR — here the scenario file itself,
// which is read again, so the cell that was met is not — and says which
// cells' outcomes changed. The JUnit file it writes in DIR is no change:
// no third run follows. Ctrl+C ends it with the last run's exit code.
func TestE2ETestWatchRunsTheCellsAgain(t *testing.T) {
	needE2E(t)
	dir := t.TempDir()
	portalDir := filepath.Join(dir, "portal")
	if err := os.Mkdir(portalDir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(portalDir, "buy.toml")
	scenario := "[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\"]\n[scenario.expect]\nstatus = [%q]\n"
	if err := os.WriteFile(file, fmt.Appendf(nil, scenario, "Complete"), 0o644); err != nil {
		t.Fatal(err)
	}
	junit := filepath.Join(portalDir, "junit.xml")
	cmd := exec.Command(os.Args[0], "test", "--headless", "--no-inspect", "--watch", portalDir, "--junit", junit, file)
	w := startWatcher(t, cmd, dir)
	waitLine := func(want string, within time.Duration) bool {
		t.Helper()
		return w.waitLine(t, want, within)
	}
	said := &w.said
	if !waitLine("watching "+portalDir, 90*time.Second) {
		t.Fatalf("mpsim test did not start watching:\n%s", said.String())
	}
	if data, err := os.ReadFile(junit); err != nil || !strings.Contains(string(data), `failures="0"`) {
		t.Fatalf("JUnit after the first run (%v):\n%s", err, data)
	}
	if err := os.WriteFile(file, fmt.Appendf(nil, scenario, "None"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !waitLine("the portal or a scenario file changed; reading the scenario files and running the cells again", 30*time.Second) ||
		!waitLine("since the last run: 1 of 1 cells changed: buy/esim/en-US met → not met", 90*time.Second) {
		t.Fatalf("mpsim test did not run the cells again and say what changed:\n%s", said.String())
	}
	if waitLine("the portal or a scenario file changed", 3*time.Second) {
		t.Fatalf("the JUnit file it writes in the watched directory, or the one save of the scenario file in it, ran the cells again:\n%s", said.String())
	}
	if data, err := os.ReadFile(junit); err != nil || !strings.Contains(string(data), `failures="1"`) {
		t.Errorf("JUnit after the second run (%v):\n%s", err, data)
	}
	// A third change whose cell would be met, and Ctrl+C while it runs
	// (the demo's slow back end holds it for seconds): the JUnit file
	// stays the second run's, whose exit code it is.
	slow := strings.Replace(scenario, `"buy"`+"\nsims", `"buy-slow"`+"\nsims", 1)
	if err := os.WriteFile(file, fmt.Appendf(nil, slow, "Complete"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !waitLine("the portal or a scenario file changed; reading the scenario files and running the cells again", 30*time.Second) {
		t.Fatalf("mpsim test did not run the cells a third time:\n%s", said.String())
	}
	time.Sleep(time.Second)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	w.drain()
	err := cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
		t.Errorf("Ctrl+C after a run with a cell not met: %v, want exit 1\n%s", err, said.String())
	}
	if !strings.Contains(said.String(), "the JUnit, HTML and JSON outputs are the last completed run's") {
		t.Errorf("Ctrl+C during a re-run did not say the outputs are kept:\n%s", said.String())
	}
	if data, err := os.ReadFile(junit); err != nil || !strings.Contains(string(data), `failures="1"`) {
		t.Errorf("JUnit after Ctrl+C during the third run (%v), want the second run's:\n%s", err, data)
	}
}

// watcher is an mpsim command under test that watches a portal: its
// standard error, line by line.
type watcher struct {
	lines chan string
	said  strings.Builder // every line read so far
}

// startWatcher starts cmd with its configuration and cache in dir, no
// display (a private Xvfb), and reads its standard error.
func startWatcher(t *testing.T, cmd *exec.Cmd, dir string) *watcher {
	t.Helper()
	cmd.Env = append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "DISPLAY=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// After the kill (cleanups run last first), wait for the run's window
	// and WebKit processes, which may still write their caches in dir, to
	// end before the test's TempDir is removed: under load one outlived the
	// test and its removal failed ("directory not empty").
	t.Cleanup(func() { waitGone(t, "XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "the watching mpsim test") })
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	w := &watcher{lines: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			w.lines <- sc.Text()
		}
		close(w.lines)
	}()
	return w
}

// waitLine reads lines until one contains want (true) or within has passed
// (false); it fails the test when the command ends first.
func (w *watcher) waitLine(t *testing.T, want string, within time.Duration) bool {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case l, ok := <-w.lines:
			if !ok {
				t.Fatalf("mpsim ended before saying %q:\n%s", want, w.said.String())
			}
			w.said.WriteString(l + "\n")
			if strings.Contains(l, want) {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

// drain reads the lines left until the command closes its standard error.
func (w *watcher) drain() {
	for l := range w.lines {
		w.said.WriteString(l + "\n")
	}
}
