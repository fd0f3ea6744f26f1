package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/matrix"
)

// The cells of languages entries with one first tag have names of their
// own in --list, in every shard once, and a warning names each cell whose
// languages are its scenario's compare_language; an entry that launches as
// another does is an error at its file:line.
func TestTestListNamesEveryCellApart(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.toml")
	src := "[[scenario]]\nname = \"dup\"\ndemo_choice = \"buy\"\nlanguages = [\"fr-FR\", \"fr-FR,en\", \"fr-FR,de\"]\ncompare_language = \"fr-FR\"\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mpsim(t, dir, "test", file, "--list")
	want := "dup/esim/fr-FR\t" + file + ":1\ndup/esim/fr-FR,de\t" + file + ":1\ndup/esim/fr-FR,en\t" + file + ":1\n"
	if r.code != cli.ExitOK || r.stdout != want {
		t.Errorf("--list: exit %d\n%s\nwant\n%s", r.code, r.stdout, want)
	}
	for _, w := range []string{
		"mpsim test: warning: " + file + `:5: cell dup/esim/fr-FR runs in the languages of compare_language ("fr-FR")`,
		"mpsim test: warning: " + file + `:5: cell dup/esim/fr-FR,de asks first for fr-FR, as compare_language ("fr-FR") does`,
		"mpsim test: warning: " + file + `:5: cell dup/esim/fr-FR,en asks first for fr-FR`,
	} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("--list: stderr lacks %q:\n%s", w, r.stderr)
		}
	}
	var joined []string
	for _, s := range []string{"1/2", "2/2"} {
		r := mpsim(t, dir, "test", file, "--list", "--shard", s)
		joined = append(joined, strings.Split(strings.TrimSpace(r.stdout), "\n")...)
	}
	slices.Sort(joined)
	if got := strings.Join(joined, "\n") + "\n"; got != want {
		t.Errorf("shards list\n%s\nwant\n%s", got, want)
	}

	spaces := filepath.Join(dir, "spaces.toml")
	if err := os.WriteFile(spaces, []byte("[[scenario]]\nname = \"odd\"\nlanguages = [\" de-DE \", \"de-DE\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = mpsim(t, dir, "test", spaces, "--list")
	if r.code != cli.ExitUsage || r.stdout != "odd/esim/de-DE\t"+spaces+":1\tcannot run: its scenario file has errors\n" ||
		!strings.Contains(r.stderr, spaces+`:3: scenario "odd": languages entries 1 (" de-DE ") and 2 ("de-DE") are the same list "de-DE"`) ||
		strings.Contains(r.stderr, "uniqueItems") {
		t.Errorf("--list of entries that differ in spaces: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// What the language-list rule changes in a languages entry or in
// compare_language (q=0 left out, a language given twice, an order set by
// q-values) is a warning of mpsim test on standard error, as mpsim run
// gives one for --lang: once for each entry, at its file:line, however
// many cells (SIM kinds) it has; the cells still run (--list: exit 0).
func TestTestWarnsOfTheLanguageRule(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.toml")
	src := "[[scenario]]\nname = \"q\"\nsims = [\"esim\", \"psim\"]\nlanguages = [\"de-DE;q=0,fr-FR\", \"ja,ja\"]\ncompare_language = \"es;q=0.5,it\"\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mpsim(t, dir, "test", file, "--list")
	if r.code != cli.ExitOK {
		t.Fatalf("--list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, w := range []string{
		"mpsim test: warning: " + file + `:4: scenario "q": languages entry "de-DE;q=0,fr-FR": de-DE has q=0, which means not acceptable (RFC 7231 §5.3.1), so it is not sent.` + "\n",
		"mpsim test: warning: " + file + `:4: scenario "q": languages entry "ja,ja": ja is given 2 times`,
		"mpsim test: warning: " + file + `:5: scenario "q": compare_language "es;q=0.5,it": The q-values put the languages in the order it, es;`,
	} {
		if strings.Count(r.stderr, w) != 1 {
			t.Errorf("stderr has %q %d times, want once:\n%s", w, strings.Count(r.stderr, w), r.stderr)
		}
	}
}

// mpsim run --compare-lang says what the language-list rule changed in
// its list, as --lang does, before the session (here: no DISPLAY).
func TestRunWarnsOfTheLanguageRuleInCompareLang(t *testing.T) {
	r := mpsim(t, t.TempDir(), "run", "--compare-lang", "de;q=0,fr-FR,fr-fr")
	for _, w := range []string{
		"mpsim run: warning: --compare-lang: de has q=0, which means not acceptable (RFC 7231 §5.3.1), so it is not sent.\n",
		"mpsim run: warning: --compare-lang: fr-FR is given 2 times",
	} {
		if strings.Count(r.stderr, w) != 1 {
			t.Errorf("mpsim run --compare-lang: exit %d; stderr has %q %d times, want once:\n%s", r.code, w, strings.Count(r.stderr, w), r.stderr)
		}
	}
}

// report merge joins the shards of a scenario whose entries share a first
// tag: the merged summary has a column for each cell and shows the one not
// met as ✗ (not one ✓ for the three), and the JUnit testcases have
// distinct names.
func TestReportMergeShowsEveryCellOfAScenario(t *testing.T) {
	dir := t.TempDir()
	ss, err := matrix.Parse("s.toml", []byte("[[scenario]]\nname = \"dup\"\ndemo_choice = \"buy\"\nlanguages = [\"tr-TR\", \"tr-TR,en\", \"tr-TR,fr\"]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cells := matrix.Expand(ss, nil)
	for i := 1; i <= 2; i++ {
		sh := matrix.Shard{I: i, N: 2}
		res := matrix.Results{Tool: "mpsim", Seed: 1, Parallel: 1, Started: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), Redacted: true,
			Shard: sh.String(), AllCells: len(cells), AllCellsFingerprint: matrix.CellsFingerprint(matrix.CellIDs(cells))}
		for _, c := range sh.Pick(cells) {
			st, checks := matrix.StatusMet, []matrix.Check{{Name: "verdict", Want: "pass", Got: "pass", Met: true}}
			if c.Languages == "tr-TR" {
				st, checks = matrix.StatusUnmet, []matrix.Check{{Name: "policy localization-locale", Want: "warn", Got: "fail"}}
			}
			res.Cells = append(res.Cells, matrix.CellResult{Cell: c, Status: st, Checks: checks})
		}
		var b bytes.Buffer
		if err := matrix.WriteJSON(&b, res); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("shard%d.json", i)), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	junit := filepath.Join(t.TempDir(), "junit.xml")
	r := mpsim(t, dir, "report", "merge", dir, "--junit", junit)
	if r.code != cli.ExitFindings {
		t.Errorf("report merge: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	header := "scenario  tr-TR · esim  tr-TR,en · esim  tr-TR,fr · esim\n"
	row := "dup       ✗             ✓                ✓              \n"
	if !strings.Contains(r.stdout, header+row) {
		t.Errorf("summary:\n%s\nwant\n%s%s", r.stdout, header, row)
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range matrix.CellIDs(cells) {
		if n := strings.Count(string(data), `name="`+id+`"`); n != 1 {
			t.Errorf("JUnit has %d testcases named %s:\n%s", n, id, data)
		}
	}
}

// --list marks the cells a step's or an expectation's table by language
// has no value for, with why, and exits 2, as it does for a broken scenario
// file: a run would fail those cells without a session.
func TestTestListMarksCellsWithoutTheirLanguage(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.toml")
	src := "[[scenario]]\nname = \"steps\"\nportal = \"https://127.0.0.1:8443/\"\nsims = [\"esim\"]\nlanguages = [\"en-US\", \"fr-FR\"]\n" +
		"[[scenario.steps]]\nclick_text = { en = \"Buy\", de = \"Kaufen\" }\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mpsim(t, dir, "test", file, "--list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != cli.ExitUsage || len(lines) != 2 {
		t.Fatalf("--list: exit %d, stdout\n%s\nstderr\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(lines[0], "steps/esim/en-US\t") || strings.Contains(lines[0], "cannot run") {
		t.Errorf("--list: the en-US cell: %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "steps/esim/fr-FR\t") || !strings.Contains(lines[1], "cannot run: ") || !strings.Contains(lines[1], "fr-FR") || !strings.Contains(lines[1], "its keys are de, en") {
		t.Errorf("--list: the fr-FR cell: %q", lines[1])
	}
}

// report merge with a shard whose job wrote nothing (the shell's empty
// file) or that never came still writes the JUnit and HTML reports: the
// healthy shard's cells as they ran, the lost shard's as errors that say
// so, and exits 2. Shards of an older mpsim, which carry no cell list,
// write nothing, as before.
func TestReportMergeListsTheCellsOfALostShard(t *testing.T) {
	ss, err := matrix.Parse("s.toml", []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\", \"psim\"]\nlanguages = [\"en-US\", \"de-DE\"]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cells := matrix.Expand(ss, nil)
	ids := slices.Sorted(slices.Values(matrix.CellIDs(cells)))
	shardFile := func(t *testing.T, dir string, sh matrix.Shard, withList bool) {
		t.Helper()
		res := matrix.Results{Tool: "mpsim", Seed: 1, Parallel: 1, Started: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), Redacted: true,
			Shard: sh.String(), AllCells: len(cells), AllCellsFingerprint: matrix.CellsFingerprint(ids)}
		if withList {
			res.AllCellIDs = ids
		}
		for _, c := range sh.Pick(cells) {
			res.Cells = append(res.Cells, matrix.CellResult{Cell: c, Status: matrix.StatusMet, Checks: []matrix.Check{{Name: "verdict", Want: "pass", Got: "pass", Met: true}}})
		}
		var b bytes.Buffer
		if err := matrix.WriteJSON(&b, res); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("shard-%d.json", sh.I)), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lost := matrix.Shard{I: 2, N: 2}.Pick(cells)
	tests := []struct {
		name     string
		withList bool
		second   string // "empty": shard 2's file is empty; "none": there is none
		want     string // in stderr
	}{
		{"an empty file", true, "empty", "shard-2.json is empty: the job that wrote it produced no results"},
		{"no file", true, "none", "shard 2/2 of the run is missing"},
		{"an older mpsim's shards", false, "empty", "shard-2.json is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			shardFile(t, dir, matrix.Shard{I: 1, N: 2}, tt.withList)
			if tt.second == "empty" {
				if err := os.WriteFile(filepath.Join(dir, "shard-2.json"), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := t.TempDir()
			junit, html := filepath.Join(out, "junit.xml"), filepath.Join(out, "report.html")
			r := mpsim(t, dir, "report", "merge", dir, "--junit", junit, "--html", html)
			if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Fatalf("report merge: exit %d, want 2 and %q in stderr:\n%s%s", r.code, tt.want, r.stdout, r.stderr)
			}
			data, err := os.ReadFile(junit)
			if !tt.withList {
				if err == nil {
					t.Errorf("shards without a cell list: a JUnit report was written:\n%s", data)
				}
				return
			}
			if err != nil {
				t.Fatalf("no JUnit report: %v\n%s", err, r.stderr)
			}
			if _, err := os.Stat(html); err != nil {
				t.Errorf("no HTML report: %v", err)
			}
			if n := strings.Count(string(data), "<testcase "); n != len(cells) {
				t.Errorf("JUnit has %d testcases, want %d:\n%s", n, len(cells), data)
			}
			for _, c := range lost {
				at := strings.Index(string(data), `name="`+c.ID+`"`)
				if at < 0 || !strings.Contains(string(data[at:]), "its shard&#39;s results never reached the merge") {
					t.Errorf("JUnit: the lost cell %s is not an error that says why:\n%s", c.ID, data)
				}
			}
			if !strings.Contains(r.stderr, "the reports list the 2 cells no results file holds as errors") {
				t.Errorf("stderr does not say what the reports hold:\n%s", r.stderr)
			}
		})
	}
}
