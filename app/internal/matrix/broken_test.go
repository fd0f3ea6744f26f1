package matrix

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// A file whose first scenario has an unknown key, whose third names an
// unknown preset and whose fourth takes the second's name: the second
// still loads, exactly as it does alone, and the others are broken with
// their file:line and the cells they would have had.
func TestParseEachKeepsTheGoodScenarios(t *testing.T) {
	const second = `[[scenario]]
name = "steps"
sims = ["esim", "psim"]
languages = ["en-US", "fr-FR,fr"]
timeout = "20s"
[[scenario.steps]]
wait_for = "#plan-h"
[[scenario.steps]]
fill = "#new-name"
value = "Ann"
[scenario.lifecycle]
clock_speed = 60
[scenario.expect]
status = ["Complete"]
policies = { usability-frame-size = "pass" }
`
	src := "[[scenario]]\nname = \"typo\"\nsims = [\"psim\"]\nlanguages = [\"ja-JP\"]\ndemo_choise = \"buy\"\n\n" +
		second +
		"\n[[scenario]]\nname = \"preset\"\npreset = \"no-such\"\n" +
		"\n[[scenario]]\nname = \"steps\"\n"
	alone, err := Parse("s.toml", []byte(second), nil)
	if err != nil {
		t.Fatal(err)
	}
	good, broken := ParseEach("s.toml", []byte(src), nil)
	if len(good) != 2 || good[1].Name != "steps" { // names are checked across the run's files: LoadEach
		t.Fatalf("good = %+v", good)
	}
	want := alone[0]
	want.Line = 7
	want.languagesLine += 6
	want.Steps = slices.Clone(want.Steps)
	for i := range want.Steps {
		want.Steps[i].Line += 6 // the lines above it in src
	}
	if !reflect.DeepEqual(good[0], want) {
		t.Errorf("the good scenario in the broken file:\n%+v\nalone:\n%+v", good[0], want)
	}
	if len(broken) != 2 {
		t.Fatalf("broken = %+v", broken)
	}
	if b := broken[0]; b.Index != 0 || b.Line != 1 || b.Scenario.Name != "typo" ||
		!strings.Contains(b.Reason(), `s.toml:5:1: unknown key "scenario.demo_choise"`) {
		t.Errorf("first broken = %+v (%s)", b, b.Reason())
	}
	if ids := cellIDs(broken[0].Cells(nil)); !slices.Equal(ids, []string{"typo/psim/ja-JP"}) {
		t.Errorf("cells of the typo = %v", ids)
	}
	if b := broken[1]; b.Index != 2 || b.Scenario.Name != "preset" || !strings.Contains(b.Reason(), `s.toml:25: scenario "preset": no preset "no-such"`) {
		t.Errorf("second broken = %+v (%s)", b, b.Reason())
	}
	if ids := cellIDs(broken[1].Cells(nil)); !slices.Equal(ids, []string{"preset/esim/en-US"}) {
		t.Errorf("cells of the unknown preset = %v", ids)
	}
	// The fourth scenario reuses a name: across files and within one,
	// LoadEach breaks it under a name of its own.
	dir := t.TempDir()
	path := filepath.Join(dir, "s.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ss, bs := LoadEach([]string{path, filepath.Join(dir, "missing.toml")}, nil)
	if len(ss) != 1 || ss[0].Name != "steps" {
		t.Fatalf("LoadEach good = %+v", ss)
	}
	var names []string
	for _, b := range bs {
		names = append(names, b.Scenario.Name)
	}
	wantNames := []string{"typo", "preset", "steps (" + path + ":27)", ""}
	if !slices.Equal(names, wantNames) {
		t.Errorf("broken names = %q, want %q", names, wantNames)
	}
	if last := bs[len(bs)-1]; last.Index != -1 || !strings.Contains(last.Reason(), "missing.toml") {
		t.Errorf("the missing file = %+v", last)
	}
	cells, why := BrokenCells(bs, nil)
	if ids := cellIDs(cells); !slices.Equal(ids, []string{"typo/psim/ja-JP", "preset/esim/en-US", "steps (" + path + ":27)/esim/en-US", filepath.Join(dir, "missing.toml")}) {
		t.Errorf("broken cells = %v", ids)
	}
	if !strings.Contains(why["preset/esim/en-US"], "no preset") {
		t.Errorf("why = %v", why)
	}
}

// A TOML syntax error breaks the whole file: one cell, named after it.
func TestParseEachSyntaxErrorBreaksTheFile(t *testing.T) {
	good, broken := ParseEach("s.toml", []byte("[[scenario]]\nname = \"a\"\nsims = [\"esim\"\n"), nil)
	if len(good) != 0 || len(broken) != 1 {
		t.Fatalf("good %v, broken %v", good, broken)
	}
	b := broken[0]
	if b.Index != -1 || !strings.Contains(b.Reason(), "s.toml:3:") {
		t.Errorf("broken = %+v", b)
	}
	if ids := cellIDs(b.Cells(nil)); !slices.Equal(ids, []string{"s.toml"}) {
		t.Errorf("cells = %v", ids)
	}
	// A key outside every scenario is the file's, and the scenarios run.
	good, broken = ParseEach("s.toml", []byte("title = \"x\"\n[[scenario]]\nname = \"a\"\n"), nil)
	if len(good) != 1 || len(broken) != 1 || broken[0].Index != -1 {
		t.Errorf("a key of the file: good %v, broken %+v", good, broken)
	}
}

// A file a Windows editor saved with a UTF-8 byte-order mark and CRLF line
// ends reads like any other, its lines counted the same.
func TestParseEachSkipsAByteOrderMark(t *testing.T) {
	good, broken := ParseEach("s.toml", []byte("\ufeff[[scenario]]\r\nname = \"a\"\r\n"), nil)
	if len(good) != 1 || len(broken) != 0 || good[0].Line != 1 {
		t.Errorf("good %+v, broken %+v", good, broken)
	}
	_, broken = ParseEach("s.toml", []byte("\ufeff[[scenario]]\r\nname = \"a\"\r\nsims = [\"esim\"\r\n"), nil)
	if len(broken) != 1 || !strings.Contains(broken[0].Reason(), "s.toml:3:") {
		t.Errorf("a syntax error after a byte-order mark: %+v", broken)
	}
}

func cellIDs(cells []Cell) []string {
	var out []string
	for _, c := range cells {
		out = append(out, c.ID)
	}
	return out
}

// A broken scenario's name is taken like a good one's: a good scenario of
// the same name in a later file is broken too, so that no two cells share
// a name (the good one's cell would otherwise be taken for the broken one's).
func TestBrokenScenarioNamesAreTaken(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
	if err := os.WriteFile(a, []byte("[[scenario]]\nname = \"x\"\ncolour = \"red\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte("[[scenario]]\nname = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good, broken := LoadEach([]string{a, b}, nil)
	if len(good) != 0 || len(broken) != 2 {
		t.Fatalf("good %v, broken %+v", good, broken)
	}
	cells, _ := BrokenCells(broken, nil)
	if ids := cellIDs(cells); len(ids) != 2 || ids[0] == ids[1] {
		t.Errorf("cells %v: want two of different names", ids)
	}
	if !strings.Contains(broken[1].Reason(), "the name is already used at "+a+":1") {
		t.Errorf("second = %s", broken[1].Reason())
	}
}

// A mistyped key names the key of its table it is closest to; a key close
// to none points at the schema.
func TestUnknownKeyHint(t *testing.T) {
	for _, tc := range []struct {
		key  []string
		want string
	}{
		{[]string{"scenario", "demo_choise"}, `; did you mean "demo_choice"?`},
		{[]string{"scenario", "Langauges"}, `; did you mean "languages"?`},
		{[]string{"scenario", "expect", "verdikt"}, `; did you mean "verdict"?`},
		{[]string{"scenario", "steps", "klick"}, `; did you mean "click"?`},
		{[]string{"scenario", "lifecycle", "download_tme"}, `; did you mean "download_time"?`},
		{[]string{"scenarios"}, `; did you mean "scenario"?`},
		{[]string{"scenario", "colour"}, "; see assets/schema/scenario.schema.json for the keys a scenario takes"},
		{[]string{"scenario", "expect", "policies", "x"}, "; see assets/schema/scenario.schema.json for the keys a scenario takes"},
		{nil, "; see assets/schema/scenario.schema.json for the keys a scenario takes"},
	} {
		if got := keyHint(tc.key); got != tc.want {
			t.Errorf("keyHint(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

// A value of the wrong type is told in the file's words, not Go's.
func TestParseEachTypeErrorsInTheFilesWords(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"[[scenario]]\nname = \"a\"\nsims = \"esim\"\n", "s.toml:3:8: sims: got a TOML string, want an array"},
		{"[[scenario]]\nname = \"a\"\nlanguages = [1]\n", "languages: got a TOML integer, want a string"},
	} {
		_, broken := ParseEach("s.toml", []byte(tc.src), nil)
		reasons := ""
		for _, b := range broken {
			reasons += b.Reason() + "\n"
		}
		if !strings.Contains(reasons, tc.want) || strings.Contains(reasons, "struct field") {
			t.Errorf("%q: %s; want %q", tc.src, reasons, tc.want)
		}
	}
}

// An empty file, or one of comments only, says it holds no scenario.
func TestParseEachEmptyFile(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n\n"} {
		good, broken := ParseEach("s.toml", []byte(src), nil)
		if len(good) != 0 || len(broken) != 1 || !strings.Contains(broken[0].Reason(), "s.toml:1: holds no [[scenario]] table") {
			t.Errorf("%q: good %v, broken %+v", src, good, broken)
		}
	}
}

// A value outside a key's list gets the closest allowed value.
func TestParseEachEnumTypos(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"[[scenario]]\nname = \"a\"\ndemo_choice = \"bye\"\n", `did you mean "buy"?`},
		{"[[scenario]]\nname = \"a\"\n[scenario.expect]\nverdict = \"passs\"\n", `did you mean "pass"?`},
	} {
		_, broken := ParseEach("s.toml", []byte(tc.src), nil)
		reasons := ""
		for _, b := range broken {
			reasons += b.Reason() + "\n"
		}
		if !strings.Contains(reasons, tc.want) {
			t.Errorf("%q: %s; want %q", tc.src, reasons, tc.want)
		}
	}
}

// A scenario with an unknown key still has its other problems said, in
// the order of its lines, so that one edit can fix them all; the unknown
// key is said once (by decoding, not again by the schema).
func TestParseEachSaysEveryProblemAtOnce(t *testing.T) {
	const src = `[[scenario]]
name = "one"
presett = "x"
languages = ["en-US", "zz"]
sims = ["esim", "qsim"]
[scenario.expect]
status = ["Completed"]
findings = ["no-such-code"]
`
	good, broken := ParseEach("s.toml", []byte(src), nil)
	if len(good) != 0 || len(broken) != 1 {
		t.Fatalf("good = %+v, broken = %+v", good, broken)
	}
	var got []string
	for _, e := range broken[0].Errors {
		got = append(got, e.Error())
	}
	want := []string{
		`s.toml:3:1: unknown key "scenario.presett"`,
		`s.toml:4: scenario "one": languages entry "zz"`,
		`s.toml:5: scenario[1].sims[2]: value must be one of`,
		`s.toml:7: scenario[1].expect.status[1]: value must be one of`,
		`s.toml:8: scenario "one": `,
	}
	if len(got) != len(want) {
		t.Fatalf("errors:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d = %q, want it to start %q", i+1, got[i], want[i])
		}
	}
}

// A value of the wrong type does not hide the scenario's other problems:
// decoding stops at it, so the schema says the unknown keys and other
// wrong types, and the checks run on what can be read, all in line order.
func TestParseEachSaysEveryProblemPastAWrongType(t *testing.T) {
	src := "[[scenario]]\nname = \"x\"\nsims = \"esim\"\ndemo_choise = \"buy\"\n[scenario.expect]\nstatus = \"Complete\"\nfindings = [\"no-such-code\"]\n"
	_, broken := ParseEach("s.toml", []byte(src), nil)
	if len(broken) != 1 {
		t.Fatalf("broken = %+v, want one scenario", broken)
	}
	want := []string{
		"s.toml:3:8: sims: got a TOML string, want an array",
		`s.toml:4: unknown key "scenario.demo_choise"; did you mean "demo_choice"?`,
		"s.toml:6: scenario[1].expect.status:",
		`s.toml:7: scenario "x": findings: "no-such-code"`,
	}
	errs := broken[0].Errors
	if len(errs) != len(want) {
		t.Fatalf("errors:\n%v\nwant %d, one per problem", errs, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want it to start %q", i+1, errs[i], w)
		}
	}
}

// A value decoding refused is said once: the schema's pattern for the same
// value is not said again.
func TestParseEachSaysARefusedValueOnce(t *testing.T) {
	_, broken := ParseEach("s.toml", []byte("[[scenario]]\nname = \"x\"\ntimeout = \"30\"\n"), nil)
	if len(broken) != 1 || len(broken[0].Errors) != 1 || !strings.Contains(broken[0].Errors[0].Error(), `"30" is no duration`) {
		t.Errorf("broken = %+v, want one error saying \"30\" is no duration", broken)
	}
}

// CI QA: scenario mistakes whose messages left the fix unsaid, or counted
// from 0 where the rest count from 1, and a zero timeout taken silently as
// the 60 s default. Each is said at its line, with what to write.
func TestParseEachSaysTheFix(t *testing.T) {
	const head = "[[scenario]]\nname = \"a\"\ndemo_choice = \"buy\"\n"
	tests := []struct {
		name, src string
		want      string // the whole reason, after "the scenario file has errors: "
	}{
		{"a finding code far from every code", head + "[scenario.expect]\nno_findings = [\"no-such-code\"]\n",
			`s.toml:5: scenario "a": no_findings: "no-such-code" is no finding code; docs/findings.md lists the codes`},
		{"a long finding code a few edits off", head + "[scenario.expect]\nfindings = [\"plan-name-empty-success\"]\n",
			`s.toml:5: scenario "a": findings: "plan-name-empty-success" is no finding code; did you mean "plan-name-empty-on-success"?`},
		{"a duration written as a number", head + "timeout = 30\n",
			`s.toml:4: scenario[1].timeout: 30 is a number; a duration is a string with its unit: timeout = "30s"`},
		{"a step's duration written as a number", head + "[[scenario.steps]]\nwait_text = \"x\"\ntimeout = 3\n",
			`s.toml:6: scenario[1].steps[1].timeout: 3 is a number; a duration is a string with its unit: timeout = "3s"`},
		{"a SIM kind twice", head + "sims = [\"psim\", \"esim\", \"esim\"]\n",
			`s.toml:4: scenario[1].sims: lists "esim" twice (entries 2 and 3); give each once`},
		{"a zero timeout", head + "timeout = \"0s\"\n",
			`s.toml:4: scenario "a": timeout = "0s": a cell needs a time limit`},
		{"a zero timeout in other units", head + "timeout = \"0ms\"\n",
			`s.toml:4: scenario "a": timeout = "0ms": a cell needs a time limit`},
		{"a step's zero timeout", head + "[[scenario.steps]]\nwait_text = \"x\"\n[[scenario.steps]]\nwait_text = \"y\"\ntimeout = \"0s\"\n",
			`s.toml:8: scenario "a": step 2: timeout = "0s": a step's wait needs a length (a zero was taken as the default, 10s)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			good, broken := ParseEach("s.toml", []byte(tc.src), nil)
			if len(good) != 0 || len(broken) != 1 {
				t.Fatalf("good %d, broken %+v; want one broken", len(good), broken)
			}
			reason := strings.TrimPrefix(broken[0].Reason(), "the scenario file has errors: ")
			if !strings.HasPrefix(reason, tc.want) {
				t.Errorf("reason %q\n want it to start with %q", reason, tc.want)
			}
		})
	}
	// A timeout given is kept; none is the default.
	for src, want := range map[string]time.Duration{head + "timeout = \"1ms\"\n": time.Millisecond, head: 0} {
		good, broken := ParseEach("s.toml", []byte(src), nil)
		if len(good) != 1 || len(broken) != 0 || time.Duration(good[0].Timeout) != want {
			t.Errorf("%q: good %+v, broken %+v; want the timeout %s", src, good, broken, want)
		}
	}
}
