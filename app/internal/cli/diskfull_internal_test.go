package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// The files a command writes at its end (mpsim run's --report, mpsim
// test's --junit and --html after the matrix) on a disk that cannot hold
// them — here real files over the file size limit (RLIMIT_FSIZE, set in
// this process: a write fails with EFBIG as with ENOSPC on a full disk,
// without root) — are said by name, with what was not written and that
// the file there before is as it was; the exit code is 2, after the
// summary. Before, the message named the temporary file
// (".junit.xml.mpsim-123.tmp: file too large") and not what was lost.
func TestOutputsOnAFullDisk(t *testing.T) {
	dir := t.TempDir()
	report, junit, html := filepath.Join(dir, "report.json"), filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.html")
	for _, p := range []string{report, junit, html} {
		if err := os.WriteFile(p, []byte("before"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep := session.Report{Launch: simulator.Launch{URL: "https://portal.example/?transactionId=t"}, Ended: session.EndedHandBack,
		Log: []session.LogEntry{{Kind: session.KindResult, Text: strings.Repeat("x", 64<<10)}}}
	res := matrix.Results{Tool: "mpsim", Cells: []matrix.CellResult{{Cell: matrix.Cell{ID: "c1", SIM: simulator.KindESIM}, Status: matrix.StatusUnmet, Report: &rep,
		Checks: []matrix.Check{{Name: "status", Met: false, Want: "Complete", Got: strings.Repeat("y", 64<<10)}}}}}

	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	lim := old
	lim.Cur = 4 << 10
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skip(err)
	}
	reportErr := writeReport(report, rep, Env{})
	var out, errs bytes.Buffer
	code := writeOutputs(Env{Stdout: &out, Stderr: &errs}, "test", res, outputs{junit: junit, html: html})
	_ = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)

	if reportErr == nil {
		t.Fatal("the report was written over the limit")
	}
	for _, want := range []string{"write report: " + report + ": file too large", "ulimit -f", "it was left as it was"} {
		if !strings.Contains(reportErr.Error(), want) {
			t.Errorf("the report's error %q does not say %q", reportErr, want)
		}
	}
	if code != ExitUsage {
		t.Errorf("writeOutputs: %d, want %d", code, ExitUsage)
	}
	for _, want := range []string{
		"mpsim test: --junit: the JUnit report was not written: " + junit + ": file too large",
		"mpsim test: --html: the HTML report was not written: " + html + ": file too large",
		"it was left as it was",
	} {
		if !strings.Contains(errs.String(), want) {
			t.Errorf("stderr %q does not say %q", errs.String(), want)
		}
	}
	if strings.Contains(errs.String(), ".tmp") || strings.Contains(reportErr.Error(), ".tmp") {
		t.Errorf("a message names the temporary file: %q, %q", errs.String(), reportErr)
	}
	for _, p := range []string{report, junit, html} {
		if b, err := os.ReadFile(p); err != nil || string(b) != "before" {
			t.Errorf("%s is now %d bytes, %v; want it as it was", p, len(b), err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
}
