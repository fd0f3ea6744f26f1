package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// A report's file paths that are not valid UTF-8 (a --screenshots folder,
// a --har file with a byte 0xff) are written losslessly and read back byte
// for byte: the report of mpsim run (--report FILE and on standard output)
// by mpsim validate, the results of mpsim test --json by mpsim report
// merge, whose own --json keeps them too. Before, each such byte was
// U+FFFD in the JSON and the files could no longer be found from it.
func TestReportPathsThatAreNotUTF8AreKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shots\xff")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	shot, har := filepath.Join(dir, "01-first\xfeload.png"), filepath.Join(dir, "s.har")
	for _, p := range []string{shot, har} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	rep := session.Report{Launch: simulator.Launch{URL: "https://portal.example/?transactionId=t"}, Ended: session.EndedHandBack,
		Screenshots: []inspect.Screenshot{{Label: "first-load", Path: shot}}, HAR: har}
	check := func(t *testing.T, what string, raw []byte, got session.Report) {
		t.Helper()
		if bytes.Contains(raw, []byte("\uFFFD")) || bytes.Contains(raw, []byte(`\ufffd`)) {
			t.Errorf("%s says U+FFFD for a byte of a path", what)
		}
		if len(got.Screenshots) != 1 || got.Screenshots[0].Path != shot || got.HAR != har {
			t.Errorf("%s read back names %v, %q; want %q, %q", what, got.Screenshots, got.HAR, shot, har)
			return
		}
		for _, p := range []string{got.Screenshots[0].Path, got.HAR} {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s: %v", what, err)
			}
		}
	}

	t.Run("mpsim run --report, read by mpsim validate", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "report.json")
		if err := writeReport(path, rep, Env{}); err != nil {
			t.Fatal(err)
		}
		raw, _ := os.ReadFile(path)
		got, err := readReport(path)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "the report", raw, got)
	})
	t.Run("mpsim run --report -", func(t *testing.T) {
		var out bytes.Buffer
		if err := writeReport("-", rep, Env{Stdout: &out, Stderr: &out}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "report.json")
		if err := os.WriteFile(path, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := readReport(path)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "the report on standard output", out.Bytes(), got)
	})
	t.Run("mpsim test --json, merged by mpsim report merge", func(t *testing.T) {
		res := matrix.Results{Tool: "mpsim", Cells: []matrix.CellResult{{Cell: matrix.Cell{ID: "c1", SIM: simulator.KindESIM}, Status: matrix.StatusMet, Report: &rep}}}
		var out, errs bytes.Buffer
		if code := writeOutputs(Env{Stdout: &out, Stderr: &errs}, "test", res, outputs{json: true}); code != ExitOK {
			t.Fatal(errs.String())
		}
		if rep.Screenshots[0].Path != shot {
			t.Fatal("writeOutputs changed the cell's own report")
		}
		shard := filepath.Join(t.TempDir(), "shard.json")
		if err := os.WriteFile(shard, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		parts, err := matrix.ReadResults([]string{shard})
		if err != nil || len(parts) != 1 {
			t.Fatal(parts, err)
		}
		check(t, "the results of mpsim test --json", out.Bytes(), *resultsPathsRead(parts[0]).Cells[0].Report)

		var merged bytes.Buffer
		errs.Reset()
		if code := cmdReportMerge(&reportOptions{json: true}, []string{shard}, Env{Stdout: &merged, Stderr: &errs}); code != ExitOK {
			t.Fatalf("merge: %d %s", code, errs.String())
		}
		again := filepath.Join(t.TempDir(), "merged.json")
		if err := os.WriteFile(again, merged.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		if parts, err = matrix.ReadResults([]string{again}); err != nil || len(parts) != 1 {
			t.Fatal(parts, err)
		}
		check(t, "mpsim report merge --json", merged.Bytes(), *resultsPathsRead(parts[0]).Cells[0].Report)
	})
}
