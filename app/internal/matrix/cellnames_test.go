package matrix

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/workspace"
)

// Every cell of a run has its own ID and, in its scenario's row, its own
// column: an entry is named by its first tag, or by its whole list (spaces
// and q-values left out) when another entry of the scenario has the same
// first tag. Entries that launch alike are one cell.
func TestExpandNamesEveryCellApart(t *testing.T) {
	tests := []struct {
		name      string
		languages []string
		want      []string // the language part of the IDs, sorted
	}{
		{"distinct first tags keep their first tag", []string{"en-US", "fr-FR,fr,en"}, []string{"en-US", "fr-FR"}},
		{"three entries with one first tag", []string{"tr-TR", "tr-TR,en", "tr-TR,fr"}, []string{"tr-TR", "tr-TR,en", "tr-TR,fr"}},
		{"the third of a shared first tag", []string{"fr-FR", "fr-FR,en", "fr-FR,de"}, []string{"fr-FR", "fr-FR,de", "fr-FR,en"}},
		{"a shared first tag beside another", []string{"de-DE,en", "fr-FR,en", "fr-FR"}, []string{"de-DE", "fr-FR", "fr-FR,en"}},
		{"named by what is sent: q-values set the order", []string{"de-DE,en", "fr-FR;q=0.5, en", "fr-FR"}, []string{"de-DE", "en", "fr-FR"}},
		{"spaces only: one cell", []string{" de-DE ", "de-DE"}, []string{"de-DE"}},
		{"q-values only: one cell", []string{"fr-FR,en", "fr-FR;q=0.9,en;q=0.1"}, []string{"fr-FR"}},
		{"case is the page's to judge: two cells", []string{"EN-us", "en-US"}, []string{"EN-us", "en-US"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ss := []Scenario{{Name: "s", Languages: tc.languages}}
			cells := Expand(ss, nil)
			var got []string
			columns := map[string]bool{}
			for _, c := range cells {
				got = append(got, strings.TrimPrefix(c.ID, "s/esim/"))
				if columns[c.Column()] {
					t.Errorf("two cells in column %q", c.Column())
				}
				columns[c.Column()] = true
				if c.Column() != c.LanguageName()+" · esim" || c.LanguageName() != strings.TrimPrefix(c.ID, "s/esim/") {
					t.Errorf("cell %s: column %q, language name %q", c.ID, c.Column(), c.LanguageName())
				}
				if c.Lang != entryTags(c.Languages)[0] {
					t.Errorf("cell %s: Lang %q, want the entry's first tag", c.ID, c.Lang)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("cells %v, want %v", got, tc.want)
			}
			// Shards cover every cell once, whatever the order.
			reversed := slices.Clone(cells)
			slices.Reverse(reversed)
			count := map[string]int{}
			for i := 1; i <= 2; i++ {
				a, b := Shard{I: i, N: 2}.Pick(cells), Shard{I: i, N: 2}.Pick(reversed)
				if !slices.EqualFunc(a, b, func(x, y Cell) bool { return x.ID == y.ID && x.Languages == y.Languages }) {
					t.Errorf("shard %d/2 depends on the order of the cells", i)
				}
				for _, c := range a {
					count[c.ID]++
				}
			}
			for _, c := range cells {
				if count[c.ID] != 1 {
					t.Errorf("cell %s is in %d shards", c.ID, count[c.ID])
				}
			}
		})
	}
}

// entryTags reads an entry as the launch does (workspace.ParseLanguages),
// so that the entries Expand takes for one cell launch alike.
func TestEntryTagsReadsAsTheLaunchDoes(t *testing.T) {
	for _, entry := range []string{"fr-FR,fr,en", " de-DE ", "fr-FR;q=0.5, en", "en,,ja;q=0", "en_US", "EN-us"} {
		want, err := workspace.ParseLanguages(entry)
		if err != nil {
			t.Fatalf("%q: %v", entry, err)
		}
		if got := entryTags(entry); !slices.Equal(got, want) {
			t.Errorf("entryTags(%q) = %q, the launch reads %q", entry, got, want)
		}
	}
}

// An entry that launches the portal as an earlier one does is an error at
// its file:line, said once (not also as the schema's uniqueItems); a bad
// entry is said once, in the clearer words of the check (not also as the
// schema's minLength).
func TestLanguageEntriesAreSaidOnce(t *testing.T) {
	tests := []struct {
		name      string
		languages string
		want      []string // each error, in order
	}{
		{"spaces", `[" de-DE ", "de-DE"]`, []string{`s.toml:3: scenario "a": languages entries 1 (" de-DE ") and 2 ("de-DE") are the same list "de-DE": spaces and q-values are not sent`}},
		{"q-values", `["fr-FR,en", "fr-FR;q=0.9, en;q=0.5"]`, []string{`s.toml:3: scenario "a": languages entries 1 ("fr-FR,en") and 2 ("fr-FR;q=0.9, en;q=0.5") are the same list "fr-FR,en"`}},
		{"written twice", `["fr-FR", "ja-JP", "fr-FR"]`, []string{`s.toml:3: scenario "a": languages entry 3 repeats entry 1 ("fr-FR"); each entry is one cell`}},
		{"not a tag", `["en-US", "*"]`, []string{`s.toml:3: scenario "a": languages entry "*": accept-language: "*" is not a valid BCP 47 language tag`}},
		{"empty", `["en-US", ""]`, []string{`s.toml:3: scenario "a": languages entry "": no language given`}},
		{"empty twice", `["", ""]`, []string{`s.toml:3: scenario "a": languages entry "": no language given`}},
		{"bad and twice", `["*", "x", "de-DE", "de-DE "]`, []string{
			`s.toml:3: scenario "a": languages entry "*": accept-language`,
			`s.toml:3: scenario "a": languages entry "x": accept-language`,
			`s.toml:3: scenario "a": languages entries 3 ("de-DE") and 4 ("de-DE ") are the same list "de-DE"`,
		}},
		{"compare_language", `["en-US"]` + "\ncompare_language = \"*\"", []string{`s.toml:4: scenario "a": compare_language "*": accept-language`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "[[scenario]]\nname = \"a\"\nlanguages = " + tc.languages + "\n"
			_, broken := ParseEach("s.toml", []byte(src), nil)
			if len(broken) != 1 {
				t.Fatalf("broken = %+v", broken)
			}
			errs := broken[0].Errors
			if len(errs) != len(tc.want) {
				t.Fatalf("errors:\n%v\nwant %d", errs, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(errs[i].Error(), w) {
					t.Errorf("error %d:\n%v\nwant it to start %q", i+1, errs[i], w)
				}
			}
			// Its cells are still listed, each once, as cells that cannot run.
			cells, _ := BrokenCells(broken, nil)
			seen := map[string]bool{}
			for _, c := range cells {
				if seen[c.ID] {
					t.Errorf("cell %s twice", c.ID)
				}
				seen[c.ID] = true
			}
		})
	}
}

// A cell whose languages ask first for its scenario's compare_language is
// warned about, at compare_language's line, and no other.
func TestWarningsForACellInTheCompareLanguage(t *testing.T) {
	src := "[[scenario]]\nname = \"cmp\"\nsims = [\"esim\", \"psim\"]\nlanguages = [\"fr-FR,fr,en\", \"fr_fr\", \"fr-FR,de\", \"fr\", \"de-DE\"]\n" +
		"compare_language = \"fr-FR,fr,en\"\n\n[[scenario]]\nname = \"plain\"\nlanguages = [\"fr-FR\"]\n"
	ss, err := Parse("s.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	got := Warnings(cells)
	var want []string
	for _, sim := range []string{"esim", "psim"} {
		want = append(want,
			fmt.Sprintf(`s.toml:5: cell cmp/%s/fr-FR,de asks first for fr-FR, as compare_language ("fr-FR,fr,en") does`, sim),
			fmt.Sprintf(`s.toml:5: cell cmp/%s/fr-FR,fr,en runs in the languages of compare_language ("fr-FR,fr,en"): the localization policies would compare the page with itself`, sim),
			fmt.Sprintf(`s.toml:5: cell cmp/%s/fr-fr asks first for fr-fr, as compare_language ("fr-FR,fr,en") does`, sim), // fr_fr is sent as fr-fr
		)
	}
	if len(got) != len(want) {
		t.Fatalf("warnings:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d:\n%s\nwant it to start\n%s", i+1, got[i], want[i])
		}
	}
}

// The summary matrix has a column for every cell of a scenario: three
// entries with one first tag, one of them not met, show three columns and
// the ✗, never one ✓ for the three. Two cells that still meet in one place
// (a hand-written results file) show the worse.
func TestHTMLSummaryHasAColumnPerCell(t *testing.T) {
	ss, err := Parse("s.toml", []byte("[[scenario]]\nname = \"dup\"\ndemo_choice = \"buy\"\nlanguages = [\"tr-TR\", \"tr-TR,en\", \"tr-TR,fr\"]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	res := Results{Tool: "mpsim", Seed: 1}
	for _, c := range cells {
		st := StatusMet
		if c.Languages == "tr-TR" {
			st = StatusUnmet
		}
		res.Cells = append(res.Cells, CellResult{Cell: c, Status: st, Checks: []Check{}})
	}
	columns, rows, _ := summaryMatrix(res)
	if want := []string{"tr-TR · esim", "tr-TR,en · esim", "tr-TR,fr · esim"}; !slices.Equal(columns, want) {
		t.Errorf("columns %q, want %q", columns, want)
	}
	if len(rows) != 1 || len(rows[0].Cells) != 3 || rows[0].Cells[0].Status != StatusUnmet || rows[0].Cells[0].ID != "dup/esim/tr-TR" {
		t.Fatalf("rows = %+v", rows)
	}
	var page bytes.Buffer
	if err := WriteHTML(&page, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), `<td class="unmet"><a href="#cell-dup-esim-tr-TR" title="dup/esim/tr-TR">not met ✗</a></td>`) {
		t.Errorf("the summary lacks the unmet cell:\n%s", page.String())
	}

	for _, order := range [][]Status{{StatusMet, StatusUnmet}, {StatusUnmet, StatusMet}, {StatusError, StatusMet}, {StatusSkipped, StatusError}} {
		clash := Results{Tool: "mpsim"}
		for i, st := range order {
			c := cells[0]
			c.ID = "dup/esim/tr-TR"
			clash.Cells = append(clash.Cells, CellResult{Cell: c, Status: st, Checks: []Check{}, DurationMs: float64(i)})
		}
		_, rows, all := summaryMatrix(clash)
		worse := slices.MaxFunc(clash.Cells, func(a, b CellResult) int { return a.badness() - b.badness() })
		if got := rows[0].Cells[0].Status; got != worse.Status || got == StatusMet {
			t.Errorf("%v in one place: shows %s, want %s", order, got, worse.Status)
		}
		if all[0].Anchor == all[1].Anchor {
			t.Errorf("two cells with anchor %q", all[0].Anchor)
		}
	}
}
