package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/window"
	"mpsim/app/internal/workspace"
)

// The test binary, run as mpsim (childEnv), is the portal window too: with
// no mpsim-portal next to it, mpsim starts `<itself> portal`, which runs the
// real WebKit window linked in here (as app/e2e_main_test.go does).
func init() {
	if os.Getenv(childEnv) != "1" || len(os.Args) != 2 || os.Args[1] != "portal" {
		return
	}
	runtime.LockOSThread() // GTK stays on the main OS thread
	if err := window.RunStdio(); err != nil {
		fmt.Fprintln(os.Stderr, "mpsim portal:", err)
		os.Exit(2)
	}
	os.Exit(0)
}

// TestTestXvfbKilledMidRun: when the private Xvfb of `mpsim test` dies in
// the middle of a matrix (killed here with SIGKILL while the first cell's
// real portal window shows a page on 127.0.0.1 that never hands back), the
// cell running then is skipped as cut off, with no verdict on the portal,
// the next cell is not started, the output names the Xvfb's display and
// PID and the cells, and the exit code is 2 (could not run). Before, the
// running cell failed as a portal that never called back (no-callback),
// the next one failed "no display", and the exit code was 1.
func TestTestXvfbKilledMidRun(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb is not installed; run `make deps`")
	}
	requested := make(chan struct{}, 16)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case requested <- struct{}{}:
		default:
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><html lang=en><title>waits</title><p>This portal never hands back.</p></html>")
	})}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()
	dir := t.TempDir()
	page := "http://" + l.Addr().String() + "/waits.html"
	file := filepath.Join(dir, "display.toml")
	scenarios := fmt.Sprintf("[[scenario]]\nname = \"a-running\"\nportal = %q\nsims = [\"esim\"]\ntimeout = \"2m\"\n\n"+
		"[[scenario]]\nname = \"b-waiting\"\nportal = %q\nsims = [\"esim\"]\ntimeout = \"2m\"\n", page, page)
	if err := os.WriteFile(file, []byte(scenarios), 0o644); err != nil {
		t.Fatal(err)
	}

	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "test", file, "--parallel", "1", "--retries", "1", "--json", "--no-inspect")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"=1", "DISPLAY=", "LC_ALL=C.UTF-8", "XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		workspace.ConfigDirEnv+"="+dir, "MPSIM_HISTORY_DIR="+filepath.Join(dir, "history"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	defer func() {
		_ = cmd.Process.Kill()
		<-exited
	}()

	// The first cell's window has loaded the page: kill the Xvfb under it.
	select {
	case <-requested:
	case <-exited:
		t.Fatalf("mpsim test ended before its portal window asked for the page; stderr:\n%s", stderr.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("no portal window asked for the page in 2 min; stderr:\n%s", stderr.String())
	}
	pid := childNamed(t, cmd.Process.Pid, "Xvfb")
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(2 * time.Minute):
		t.Fatalf("mpsim test still runs 2 min after its Xvfb was killed; stderr:\n%s", stderr.String())
	}

	if code := cmd.ProcessState.ExitCode(); code != cli.ExitUsage {
		t.Errorf("exit code %d, want %d (could not run)", code, cli.ExitUsage)
	}
	var res matrix.Results
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("--json: %v\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if res.Stopped != matrix.StoppedDisplay {
		t.Errorf("stopped %q, want %q", res.Stopped, matrix.StoppedDisplay)
	}
	ended := "the X display :"
	ids := map[string]string{}
	for _, c := range res.Cells {
		ids[c.Scenario.Name] = c.ID
		want := map[string]struct {
			cancelled bool
			err       string
		}{
			"a-running": {true, "cancelled while running, no verdict on the portal: " + ended},
			"b-waiting": {false, "not run: " + ended},
		}[c.Scenario.Name]
		if c.Status != matrix.StatusSkipped || c.Cancelled != want.cancelled || !strings.HasPrefix(c.Error, want.err) || c.Report != nil || len(c.Earlier) > 0 {
			t.Errorf("%s: %s, cancelled %v, error %q, report %v, %d earlier attempts; want skipped, cancelled %v, error %q…",
				c.ID, c.Status, c.Cancelled, c.Error, c.Report != nil, len(c.Earlier), want.cancelled, want.err)
		}
	}
	for _, want := range []string{
		"mpsim test: the run stopped: the X display :",
		" (the private Xvfb, PID " + strconv.Itoa(pid) + ") ended: signal: killed, and the portal windows on it with it (not a failure of the portal). ",
		"Cut off while running: " + ids["a-running"] + ". Not started: " + ids["b-waiting"] + ". ",
		"run them again (exit code 2: could not run)",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	for _, wrong := range []string{"no-callback", "NOT MET", "ERROR", "no display"} {
		if strings.Contains(stderr.String(), wrong) {
			t.Errorf("stderr says %q:\n%s", wrong, stderr.String())
		}
	}
}

// childNamed is the PID of the child of process parent whose command name
// is name (from /proc), failing the test when there is none.
func childNamed(t *testing.T, parent int, name string) int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …
		open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
		if open < 0 || end < open {
			continue
		}
		fields := strings.Fields(string(b[end+1:]))
		if string(b[open+1:end]) == name && len(fields) > 1 && fields[1] == strconv.Itoa(parent) {
			return pid
		}
	}
	t.Fatalf("no %s child of process %d", name, parent)
	return 0
}
