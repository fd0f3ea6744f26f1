package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/matrix"
)

// writeShards writes the --json results of the shards 1/n … n/n of a run
// of src (a scenario file) into dir, each cell met but the first, which is
// not, and edit changes each shard's results before they are written.
func writeShards(t *testing.T, dir, src string, n int, edit func(i int, r *matrix.Results)) {
	t.Helper()
	ss, err := matrix.Parse("s.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	cells := matrix.Expand(ss, nil)
	ids := matrix.CellIDs(cells)
	for i := 1; i <= n; i++ {
		sh := matrix.Shard{I: i, N: n}
		res := matrix.Results{Tool: "mpsim", Version: "0.1.0", Seed: 1, Parallel: 1, Started: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), Redacted: true,
			Shard: sh.String(), AllCells: len(cells), AllCellsFingerprint: matrix.CellsFingerprint(ids), AllCellIDs: ids}
		for j, c := range sh.Pick(cells) {
			st, checks := matrix.StatusMet, []matrix.Check{{Name: "verdict", Want: "pass", Got: "pass", Met: true}}
			if i == 1 && j == 0 {
				st, checks = matrix.StatusUnmet, []matrix.Check{{Name: "verdict", Want: "pass", Got: "fail"}}
			}
			res.Cells = append(res.Cells, matrix.CellResult{Cell: c, Status: st, Checks: checks})
		}
		if edit != nil {
			edit(i, &res)
		}
		var b bytes.Buffer
		if err := matrix.WriteJSON(&b, res); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("shard-%d.json", i)), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const twoLanguages = "[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\"]\nlanguages = [\"en-US\", \"de-DE\"]\n"

// CI QA: Jenkins' xUnit plugin refused the merged JUnit XML (a testcase's
// file and line, the skipped count of <testsuites>, which its junit-10.xsd
// does not allow). report merge --junit-schema xunit (any case) writes
// neither; the default keeps them; a schema it does not know, or one
// without --junit, is refused before anything is read.
func TestReportMergeJUnitSchema(t *testing.T) {
	dir := t.TempDir()
	writeShards(t, dir, twoLanguages, 2, nil)
	tests := []struct {
		schema  []string
		code    int
		has     []string
		hasNot  []string
		message string
	}{
		{nil, cli.ExitFindings, []string{`file="s.toml" line="1"`, `<testsuites name="mpsim test" tests="2" failures="1" errors="0" skipped="0"`}, nil, ""},
		{[]string{"--junit-schema", "default"}, cli.ExitFindings, []string{`file="s.toml" line="1"`}, nil, ""},
		{[]string{"--junit-schema", "XUnit"}, cli.ExitFindings, []string{`<testsuite name="buy" tests="2" failures="1" errors="0" skipped="0"`, `file="s.toml"`, "scenario s.toml:1&#xA;"},
			[]string{`line=`, `errors="0" skipped="0" time="0.000">`}, ""},
		{[]string{"--junit-schema", "jenkins"}, cli.ExitUsage, nil, nil, `--junit-schema "jenkins": use one of default, xunit`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.schema, " "), func(t *testing.T) {
			junit := filepath.Join(t.TempDir(), "junit.xml")
			r := mpsim(t, dir, append([]string{"report", "merge", dir, "--junit", junit}, tt.schema...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.message) {
				t.Fatalf("exit %d, want %d; stderr %q, want %q", r.code, tt.code, r.stderr, tt.message)
			}
			data, _ := os.ReadFile(junit)
			for _, w := range tt.has {
				if !strings.Contains(string(data), w) {
					t.Errorf("the JUnit XML lacks %q:\n%s", w, data)
				}
			}
			for _, w := range tt.hasNot {
				if strings.Contains(string(data), w) {
					t.Errorf("the JUnit XML has %q:\n%s", w, data)
				}
			}
		})
	}
	r := mpsim(t, dir, "report", "merge", dir, "--junit-schema", "xunit")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "--junit-schema xunit says how to write the --junit file: add --junit FILE") {
		t.Errorf("--junit-schema without --junit: exit %d\n%s", r.code, r.stderr)
	}
	r = mpsim(t, dir, "test", filepath.Join(dir, "none.toml"), "--junit", filepath.Join(dir, "j.xml"), "--junit-schema", "xunt")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, `--junit-schema "xunt": use one of default, xunit; did you mean "xunit"?`) {
		t.Errorf("mpsim test --junit-schema xunt: exit %d\n%s", r.code, r.stderr)
	}
}

// --no-html-screenshots leaves the screenshots out of the --html report of
// report merge and mpsim test (matrix.TestHTMLWithoutScreenshots has what
// the report says); without --html it is refused before anything is read.
func TestNoHTMLScreenshotsFlag(t *testing.T) {
	dir := t.TempDir()
	writeShards(t, dir, twoLanguages, 2, nil)
	html := filepath.Join(t.TempDir(), "report.html")
	r := mpsim(t, dir, "report", "merge", dir, "--html", html, "--no-html-screenshots")
	data, _ := os.ReadFile(html)
	if r.code != cli.ExitFindings || !strings.Contains(string(data), "Screenshots left out of this report (--no-html-screenshots)") {
		t.Errorf("report merge --no-html-screenshots: exit %d\n%s", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"report", "merge", dir, "--no-html-screenshots"},
		{"test", filepath.Join(dir, "none.toml"), "--no-html-screenshots"},
	} {
		r := mpsim(t, dir, args...)
		if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "--no-html-screenshots says how to write the --html report: add --html FILE") {
			t.Errorf("mpsim %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}
