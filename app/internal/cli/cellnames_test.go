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
// file), one cut short, or one that never came still writes the JUnit and
// HTML reports: the healthy shards' cells as they ran, the lost shards' as
// errors that say which shard and why, and exits 2. Anything else it
// refuses (a shard twice, a whole run among the shards, shards of another
// split, shards of an older mpsim, which carry no cell list) writes
// nothing, as before.
func TestReportMergeListsTheCellsOfALostShard(t *testing.T) {
	ss, err := matrix.Parse("s.toml", []byte("[[scenario]]\nname = \"buy\"\ndemo_choice = \"buy\"\nsims = [\"esim\", \"psim\"]\nlanguages = [\"en-US\", \"de-DE\", \"fr-FR\"]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cells := matrix.Expand(ss, nil)
	ids := slices.Sorted(slices.Values(matrix.CellIDs(cells)))
	results := func(t *testing.T, sh matrix.Shard, withList bool) []byte {
		t.Helper()
		res := matrix.Results{Tool: "mpsim", Seed: 1, Parallel: 1, Started: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), Redacted: true,
			Shard: sh.String(), AllCells: len(cells), AllCellsFingerprint: matrix.CellsFingerprint(ids)}
		if sh.N == 0 {
			res.Shard = ""
		}
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
		return b.Bytes()
	}
	one, two, three := matrix.Shard{I: 1, N: 3}, matrix.Shard{I: 2, N: 3}, matrix.Shard{I: 3, N: 3}
	type file struct {
		name string
		data func(t *testing.T) []byte
	}
	good := func(name string, sh matrix.Shard) file {
		return file{name, func(t *testing.T) []byte { return results(t, sh, true) }}
	}
	empty := func(name string) file { return file{name, func(*testing.T) []byte { return nil }} }
	cut := func(name string, sh matrix.Shard) file {
		return file{name, func(t *testing.T) []byte { return results(t, sh, true)[:100] }}
	}
	// status gives the first cell of shard sh the status s ("": none).
	status := func(name string, sh matrix.Shard, s string) file {
		return file{name, func(t *testing.T) []byte {
			field := `"status": "` + s + `",`
			if s == "" {
				field = ""
			}
			return bytes.Replace(results(t, sh, true), []byte(`"status": "met",`), []byte(field), 1)
		}}
	}
	tests := []struct {
		name   string
		files  []file
		stderr string
		lost   map[matrix.Shard]string // the lost shards, and what their cells' errors say; nil: nothing written
	}{
		{"an empty file", []file{good("shard-1.json", one), empty("shard-2.json"), good("shard-3.json", three)},
			"shard-2.json is empty: the job that wrote it produced no results",
			map[matrix.Shard]string{two: "shard 2/3&#39;s results never reached the merge: "}},
		{"no file", []file{good("shard-1.json", one), good("shard-3.json", three)}, "shard 2/3 of the run is missing: its cells",
			map[matrix.Shard]string{two: "shard 2/3&#39;s results never reached the merge: no results file of it was given"}},
		{"an empty file and one cut short", []file{good("shard-1.json", one), empty("shard-2.json"), cut("shard-3.json", three)},
			"shards 2/3, 3/3 of the run are missing: their cells",
			map[matrix.Shard]string{two: "its results file is missing or is one of those that could not be read (", three: "shard-3.json)"}},
		// A status this mpsim does not know, or none: no telling whether
		// the cell passed; it read as skipped in the summary and passed
		// in the JUnit report (QA).
		{"a cell of an unknown status", []file{good("shard-1.json", one), status("shard-2.json", two, "weird"), good("shard-3.json", three)},
			`shard-2.json holds cell "` + two.Pick(cells)[0].ID + `" with the status "weird", which this mpsim does not know (it knows met, unmet, error, skipped; a results file of a newer mpsim?`,
			map[matrix.Shard]string{two: `shard-2.json holds cell &#34;` + two.Pick(cells)[0].ID + `&#34; with the status &#34;weird&#34;, which this mpsim does not know`}},
		{"a cell of no status", []file{good("shard-1.json", one), good("shard-2.json", two), status("shard-3.json", three, "")},
			`shard-3.json holds cell "` + three.Pick(cells)[0].ID + `" with no "status" (was the file edited?)`,
			map[matrix.Shard]string{three: `with no &#34;status&#34; (was the file edited?)`}},
		{"a shard twice", []file{good("shard-1.json", one), good("shard-1-copy.json", one), empty("shard-2.json"), good("shard-3.json", three)},
			"are both shard 1/3", nil},
		{"a whole run among the shards", []file{good("all.json", matrix.Shard{}), good("shard-1.json", one), empty("shard-2.json")},
			"(a whole run)", nil},
		{"shards of another split", []file{good("shard-1.json", one), good("half-2.json", matrix.Shard{I: 2, N: 2}), empty("shard-2.json")},
			"split their runs in different numbers of shards", nil},
		{"an older mpsim's shards", []file{{"shard-1.json", func(t *testing.T) []byte { return results(t, one, false) }}, empty("shard-2.json"),
			{"shard-3.json", func(t *testing.T) []byte { return results(t, three, false) }}}, "shard-2.json is empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, f.name), f.data(t), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := t.TempDir()
			junit, html := filepath.Join(out, "junit.xml"), filepath.Join(out, "report.html")
			r := mpsim(t, dir, "report", "merge", dir, "--junit", junit, "--html", html)
			if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("report merge: exit %d, want 2 and %q in stderr:\n%s%s", r.code, tt.stderr, r.stdout, r.stderr)
			}
			data, err := os.ReadFile(junit)
			if tt.lost == nil {
				if err == nil {
					t.Errorf("a merge it refuses wrote a JUnit report:\n%s", data)
				}
				if _, err := os.Stat(html); err == nil {
					t.Errorf("a merge it refuses wrote an HTML report")
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
			lost := 0
			for sh, why := range tt.lost {
				for _, c := range sh.Pick(cells) {
					lost++
					at := strings.Index(string(data), `name="`+c.ID+`"`)
					end := strings.Index(string(data[max(at, 0):]), "</testcase>")
					if at < 0 || end < 0 || !strings.Contains(string(data[at:at+end]), why) || !strings.Contains(string(data[at:at+end]), "shard "+sh.String()) {
						t.Errorf("JUnit: the lost cell %s (shard %s) is not an error that says %q:\n%s", c.ID, sh, why, data)
					}
				}
			}
			if want := fmt.Sprintf("the reports list the %d cells of the shards whose results are missing or could not be used as errors", lost); !strings.Contains(r.stderr, want) {
				t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
			}
		})
	}
}

// TestConfigPathIsEscapedInMessages: a configuration directory whose name
// holds a newline is shown escaped when mpsim says where it saved the new
// device, as history list shows it; the line broke in two (crowd QA).
func TestConfigPathIsEscapedInMessages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new\nline")
	r := mpsim(t, dir, "url")
	if r.code != 0 {
		t.Fatalf("mpsim url: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, `new\nline`) || strings.Contains(r.stderr, "new\nline") {
		t.Errorf("stderr shows the path raw:\n%q", r.stderr)
	}
}
