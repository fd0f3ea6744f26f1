package matrix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// Broken is a scenario that could not be loaded, or a whole file when the
// problem is not inside one scenario (a TOML syntax error, a key outside
// every [[scenario]], a file that cannot be read). Its cells fail with its
// errors while the other scenarios run (mpsim test).
type Broken struct {
	File string
	// Line is the scenario's [[scenario]] line; for a whole file, the line
	// of its first problem (a TOML syntax error's), 1 when none has one.
	Line int
	// Index is the scenario's place in its file, -1 for a whole file.
	Index int
	// Scenario is what could be read of it: the name, SIM kinds, languages
	// and preset that name its cells (Name is "" for a whole file).
	Scenario Scenario
	// Errors are its problems, each with file:line.
	Errors []error
}

// ConfigFileError is why a scenario that names a preset or an operator
// cannot run when the presets or operators file cannot be used: the
// mistake is in that file, not in the scenario file. Its text is Err's.
type ConfigFileError struct {
	What string // "presets" or "operators"
	Err  error  // why the file cannot be used, naming it
}

func (e *ConfigFileError) Error() string { return e.Err.Error() }

func (e *ConfigFileError) Unwrap() error { return e.Err }

// configFileReason starts the Reason of a scenario whose only problem is
// a presets or operators file (%s) that cannot be used.
const configFileReason = "the %s file has errors (the scenario file is fine): "

// ConfigFile is the ConfigFileError behind every error of b (each a
// scenario that names a preset or an operator of a file that cannot be
// used), or nil when b has an error of its own.
func (b Broken) ConfigFile() *ConfigFileError {
	var first *ConfigFileError
	for _, e := range b.Errors {
		var cf *ConfigFileError
		if !errors.As(e, &cf) {
			return nil
		}
		if first == nil {
			first = cf
		}
	}
	return first
}

// ReasonConfigFile is the file, "presets" or "operators", that a Reason
// blames instead of the scenario file, or "".
func ReasonConfigFile(reason string) string {
	for _, what := range []string{"presets", "operators"} {
		if strings.HasPrefix(reason, fmt.Sprintf(configFileReason, what)) {
			return what
		}
	}
	return ""
}

// Reason is the problems of b on one line. When they are all a presets
// or operators file that cannot be used, it blames that file, with the
// first line of why (the code excerpt under it left out).
func (b Broken) Reason() string {
	if cf := b.ConfigFile(); cf != nil {
		first, _, _ := strings.Cut(cf.Err.Error(), "\n")
		return fmt.Sprintf(configFileReason, cf.What) + first
	}
	parts := make([]string, len(b.Errors))
	for i, e := range b.Errors {
		parts[i] = strings.ReplaceAll(e.Error(), "\n", "; ")
	}
	return "the scenario file has errors: " + strings.Join(parts, "; ")
}

// Cells are the cells b would have had: its scenario × SIM kinds ×
// languages as far as they could be read, or, for a whole file, one cell
// named after the file.
func (b Broken) Cells(presets Presets) []Cell {
	if b.Index < 0 {
		s := Scenario{Name: b.File, File: b.File, Line: b.Line}
		return []Cell{{ID: b.File, Scenario: s}}
	}
	return Expand([]Scenario{b.Scenario}, presets) // an unknown preset gives the defaults
}

// BrokenCells returns the cells of every broken scenario, each failed
// with its reason, keyed by cell ID.
func BrokenCells(broken []Broken, presets Presets) ([]Cell, map[string]string) {
	var cells []Cell
	why := map[string]string{}
	for _, b := range broken {
		for _, c := range b.Cells(presets) {
			if _, dup := why[c.ID]; dup {
				continue
			}
			why[c.ID] = b.Reason()
			cells = append(cells, c)
		}
	}
	return cells, why
}

// JoinBroken joins the errors of broken scenarios, one a line (nil for
// none).
func JoinBroken(broken []Broken) error {
	var errs []error
	for _, b := range broken {
		errs = append(errs, b.Errors...)
	}
	return errors.Join(errs...)
}

// LoadEach reads the scenario files like Load, but keeps what loads: it
// returns the good scenarios in file order and, apart, the broken ones.
// A scenario whose name an earlier one took is broken, named with its
// place so that its cells' names stay unique.
func LoadEach(paths []string, presets Presets) ([]Scenario, []Broken) {
	if presets == nil {
		presets = BuiltinPresets
	}
	var all []Scenario
	var broken []Broken
	seen := map[string]Scenario{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			broken = append(broken, Broken{File: p, Line: 1, Index: -1,
				Errors: []error{fmt.Errorf("scenario file %s: %w", p, unwrapPath(err))}})
			continue
		}
		ss, bs := ParseEach(p, data, presets)
		for _, b := range bs {
			if prev, dup := seen[b.Scenario.Name]; dup && b.Index >= 0 {
				b.Errors = append(b.Errors, nameTaken(b.Scenario, prev))
				b.Scenario = renamed(b.Scenario)
			} else if b.Index >= 0 {
				seen[b.Scenario.Name] = b.Scenario // its cells' names are taken too
			}
			broken = append(broken, b)
		}
		for i, s := range ss {
			if prev, dup := seen[s.Name]; dup {
				broken = append(broken, Broken{File: s.File, Line: s.Line, Index: i, Scenario: renamed(s), Errors: []error{nameTaken(s, prev)}})
				continue
			}
			seen[s.Name] = s
			all = append(all, s)
		}
	}
	return all, broken
}

// renamed is s named with its place, for a scenario whose name an earlier
// one took: its cells' names stay unique.
func renamed(s Scenario) Scenario {
	s.Name = fmt.Sprintf("%s (%s)", s.Name, s.Where())
	return s
}

func nameTaken(s, prev Scenario) error {
	return fmt.Errorf("%s: scenario %q: the name is already used at %s; names must be unique in a run", s.Where(), s.Name, prev.Where())
}

// located is a problem of a scenario file with the scenario it is in
// (-1: the file itself).
type located struct {
	index int
	err   error
	// said is what decoding said of the scenario (saidUnknownKeys: every
	// unknown key; saidType: the value of the wrong type at line), so that
	// the schema's errors leave out only those.
	said saidByDecoder
	line int
	// loc is a schema error's instance location below its scenario
	// ("languages/1"; "" for other problems), which a check's problem may
	// cover (problem.covers).
	loc string
}

// saidByDecoder is the kind of problem decoding reported.
type saidByDecoder int

const (
	saidNothing     saidByDecoder = iota
	saidUnknownKeys               // go-toml's strict mode lists every unknown key
	saidType                      // go-toml stops at the first value of the wrong type
)

// ParseEach reads the scenarios of data, the content of the file called
// path: the good ones, and apart the broken ones with their problems,
// each at its file:line. A TOML syntax error breaks the whole file.
func ParseEach(path string, data []byte, presets Presets) ([]Scenario, []Broken) {
	if presets == nil {
		presets = BuiltinPresets
	}
	// A UTF-8 byte-order mark, which Windows editors write, is no TOML: it
	// read as "invalid character at start of key: U+00EF 'ï'".
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxBroken(path, data, err)
	}
	if _, ok := doc["scenario"]; !ok && len(doc) == 0 {
		return nil, []Broken{{File: path, Line: 1, Index: -1, Errors: []error{fmt.Errorf(
			"%s:1: holds no [[scenario]] table: each scenario of a file is a [[scenario]] table (examples/ has some)", path)}}}
	}
	l := locate(data)
	tables := scenarioTables(doc)
	var f file
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.EnableUnmarshalerInterface() // Text: a string or a table by language
	var problems []located
	strictErr := dec.Decode(&f)
	if strictErr != nil {
		problems = decodeErrors(path, strictErr, l)
	}
	problems = append(problems, schemaErrors(path, doc, l, problems)...)
	var good []Scenario
	for i, t := range tables {
		broken := hasProblem(problems, i)
		var s Scenario
		var err error
		if broken {
			// Its other problems are said too, so that one edit fixes them
			// all: the checks run on what can be read of it.
			if s, err = scenarioLenient(t); err != nil {
				continue
			}
		} else if s, err = scenarioAt(f, strictErr == nil, i, t); err != nil {
			problems = append(problems, located{index: i, err: fmt.Errorf("%s:%d: %w", path, l.scenario(i), err)})
			continue
		}
		s.textsFrom(t)
		s.File, s.Line = path, l.scenario(i)
		if s.CompareLanguage != "" {
			s.compareLine = l.key(i, "compare_language")
		}
		if len(s.Languages) > 0 {
			s.languagesLine = l.key(i, "languages")
		}
		s.expectLines = expectLines(s.Expect, i, l)
		for j := range s.Steps {
			s.Steps[j].Line = l.key(i, stepKey(j, ""))
		}
		var errs []located
		problems, errs = checkScenario(&s, i, t, l, presets, problems)
		problems = append(problems, errs...)
		if !broken && len(errs) == 0 {
			s.Digest = s.ContentDigest()
			good = append(good, s)
		}
	}
	return good, brokenOf(path, l, tables, problems)
}

// errNoTimeLimit is why a scenario's timeout may not be zero. mpsim run
// --timeout 0 means no limit, for a person at a desk; a zero silently
// taken as the 60 s default (as before) surprised, and a cell without a
// limit could hold a CI job until the job's own limit.
var errNoTimeLimit = errors.New("a cell needs a time limit (a portal that never hands back would hold the run, and a CI job, until the job's own limit); give the longest a session may take, like timeout = \"5m\", or leave the key out for 60s")

// isZeroDuration reports whether v is a duration of zero ("0s", "0ms");
// one that does not parse is said as such.
func isZeroDuration(v string) bool {
	d, err := time.ParseDuration(v)
	return err == nil && d == 0
}

// expectLines are the lines of the expect keys of the i-th scenario that
// may be tables by language (Scenario.expectLines; nil for none).
func expectLines(e Expect, i int, l lines) map[string]int {
	var out map[string]int
	for key, t := range map[string]Text{"html_lang": e.HTMLLang, "plan_name": e.PlanName} {
		if t.Given() {
			if out == nil {
				out = map[string]int{}
			}
			out[key] = l.key(i, "expect."+key)
		}
	}
	return out
}

// checkScenario runs the checks of s, the i-th scenario of its file (its
// table t), and returns the file's problems so far without the schema
// errors the checks say better (problem.covers), and the checks' own
// problems, each at its file:line. A timeout given as zero is one: Scenario
// cannot tell it from none.
func checkScenario(s *Scenario, i int, t map[string]any, l lines, presets Presets, problems []located) ([]located, []located) {
	var errs []located
	for _, e := range s.check(presets, filepath.Dir(s.File)) {
		problems = uncovered(problems, i, e.covers)
		if e.err != nil {
			errs = append(errs, located{index: i, err: fmt.Errorf("%s:%d: scenario %q: %w", s.File, l.key(i, e.key), s.Name, e.err)})
		}
	}
	if v, given := t["timeout"].(string); given && isZeroDuration(v) {
		errs = append(errs, located{index: i, err: fmt.Errorf("%s:%d: scenario %q: timeout = %q: %w", s.File, l.key(i, "timeout"), s.Name, v, errNoTimeLimit)})
	}
	steps, _ := t["steps"].([]any)
	for j, st := range steps {
		step, _ := st.(map[string]any)
		if v, given := step["timeout"].(string); given && isZeroDuration(v) {
			errs = append(errs, located{index: i, err: fmt.Errorf("%s:%d: scenario %q: step %d: timeout = %q: %w", s.File, l.key(i, stepKey(j, "timeout")), s.Name, j+1, v, errStepNoWait)})
		}
	}
	return problems, errs
}

// errStepNoWait is why a step's timeout may not be zero: the step could not
// wait at all, and a zero was silently taken as the 10 s default.
var errStepNoWait = fmt.Errorf("a step's wait needs a length (a zero was taken as the default, %s); give how long the step may wait, like timeout = \"30s\", or leave the key out for %s", session.DefaultStepTimeout, session.DefaultStepTimeout)

// uncovered returns problems without the schema errors of scenario index
// at the instance locations covers: a check said them in clearer words
// ("languages entry "*": … is not a valid BCP 47 language tag" rather than
// "languages[1]: minLength: got 1, want 2").
func uncovered(problems []located, index int, covers []string) []located {
	if len(covers) == 0 {
		return problems
	}
	return slices.DeleteFunc(problems, func(p located) bool {
		return p.index == index && p.loc != "" && slices.Contains(covers, p.loc)
	})
}

// scenarioLenient decodes the scenario table t leaving its unknown keys
// and its values of the wrong type out (said already), to check the rest of
// a scenario that has some.
func scenarioLenient(t map[string]any) (Scenario, error) {
	t = maps.Clone(t)
	for range 20 { // one value of the wrong type left out a round
		raw, err := toml.Marshal(map[string]any{"scenario": []any{t}})
		if err != nil {
			return Scenario{}, err
		}
		var one file
		err = toml.NewDecoder(bytes.NewReader(raw)).EnableUnmarshalerInterface().Decode(&one)
		var de *toml.DecodeError
		if errors.As(err, &de) && len(de.Key()) > 1 && withoutKey(t, de.Key()[1:]) {
			continue
		}
		if err != nil || len(one.Scenarios) != 1 {
			return Scenario{}, fmt.Errorf("the scenario cannot be read: %v", err)
		}
		return one.Scenarios[0], nil
	}
	return Scenario{}, errors.New("the scenario cannot be read: too many values of the wrong type")
}

// withoutKey deletes the key at path (below the scenario table) from t,
// copying the tables on the way, and reports whether it was there.
func withoutKey(t map[string]any, path []string) bool {
	if len(path) == 1 {
		_, ok := t[path[0]]
		delete(t, path[0])
		return ok
	}
	sub, ok := t[path[0]].(map[string]any)
	if !ok {
		return false
	}
	sub = maps.Clone(sub)
	t[path[0]] = sub
	return withoutKey(sub, path[1:])
}

// brokenOf groups problems by scenario, the file's own first.
func brokenOf(path string, l lines, tables []map[string]any, problems []located) []Broken {
	var out []Broken
	for i := -1; i < len(tables); i++ {
		var errs []error
		for _, p := range problems {
			if p.index == i {
				errs = append(errs, p.err)
			}
		}
		if len(errs) == 0 {
			continue
		}
		slices.SortStableFunc(errs, func(a, b error) int { return lineOf(a, path) - lineOf(b, path) })
		b := Broken{File: path, Line: max(lineOf(errs[0], path), 1), Index: i, Errors: errs}
		if i >= 0 {
			b.Line = l.scenario(i)
			b.Scenario = readable(tables[i], path, b.Line, i)
		}
		out = append(out, b)
	}
	return out
}

// lineOf is the line of a problem of the file called path, from its
// "path:line" start (0 when it has none).
func lineOf(err error, path string) int {
	rest, ok := strings.CutPrefix(err.Error(), path+":")
	if !ok {
		return 0
	}
	n := 0
	for _, c := range rest {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func hasProblem(ps []located, i int) bool {
	return slices.ContainsFunc(ps, func(p located) bool { return p.index == i })
}

// scenarioTables returns the [[scenario]] tables of a decoded file (none
// when "scenario" is not an array of tables: the schema says so).
func scenarioTables(doc map[string]any) []map[string]any {
	list, _ := doc["scenario"].([]any)
	var out []map[string]any
	for _, v := range list {
		t, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		out = append(out, t)
	}
	return out
}

// scenarioAt returns the i-th scenario: from f when the whole file decoded,
// else by decoding its table t alone.
func scenarioAt(f file, decoded bool, i int, t map[string]any) (Scenario, error) {
	if decoded && i < len(f.Scenarios) {
		return f.Scenarios[i], nil
	}
	raw, err := toml.Marshal(map[string]any{"scenario": []any{t}})
	if err != nil {
		return Scenario{}, err
	}
	var one file
	dec := toml.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.EnableUnmarshalerInterface()
	if err := dec.Decode(&one); err != nil || len(one.Scenarios) != 1 {
		return Scenario{}, fmt.Errorf("the scenario cannot be read: %v", err)
	}
	return one.Scenarios[0], nil
}

// readable takes from a broken scenario's table what names its cells: the
// name (else file#N), SIM kinds, languages and preset, when they are of
// the right type.
func readable(t map[string]any, path string, line, i int) Scenario {
	s := Scenario{File: path, Line: line}
	s.Name, _ = t["name"].(string)
	if s.Name == "" {
		s.Name = fmt.Sprintf("%s#%d", filepath.Base(path), i+1)
	}
	s.Preset, _ = t["preset"].(string)
	for _, v := range stringList(t["sims"]) {
		s.SIMs = append(s.SIMs, simulator.SIMKind(v))
	}
	s.Languages = stringList(t["languages"])
	return s
}

// stringList returns the strings of a TOML array (nil for anything else).
func stringList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// decodeErrors gives TOML errors as path:line:col sentences, each with the
// scenario whose lines hold it.
func decodeErrors(path string, err error, l lines) []located {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var out []located
		for i := range strict.Errors {
			e := &strict.Errors[i]
			row, col := e.Position()
			out = append(out, located{index: l.at(row), err: fmt.Errorf("%s:%d:%d: unknown key %q%s", path, row, col, strings.Join(e.Key(), "."), keyHint(e.Key())),
				said: saidUnknownKeys, line: row})
		}
		return out
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		return []located{{index: l.at(row), err: fmt.Errorf("%s:%d:%d: %s", path, row, col, decodeText(de)), said: saidType, line: row}}
	}
	return []located{{index: -1, err: fmt.Errorf("%s: %w", path, err)}}
}

// syntaxBroken is the file at path, whose content data has the TOML
// syntax error err, as one broken scenario at the error's line.
func syntaxBroken(path string, data []byte, err error) []Broken {
	p := decodeErrors(path, err, lines{})[0]
	if hint := quoteHint(data, p.line); hint != "" {
		p.err = fmt.Errorf("%w; %s", p.err, hint)
	}
	return []Broken{{File: path, Line: max(p.line, 1), Index: -1, Errors: []error{p.err}}}
}

// unquotedDuration is a line "key = 20s" whose value is a duration
// written bare, which TOML reads as no value at all ("strings must be
// quoted", with no word of how).
var unquotedDuration = regexp.MustCompile(`^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*((?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+)[ \t]*(?:#.*)?$`)

// quoteHint says how to write the value on line row (from 1) of data when a
// TOML syntax error there is a duration written bare: quote it: timeout =
// "20s" ("" otherwise).
func quoteHint(data []byte, row int) string {
	all := strings.Split(string(data), "\n")
	if row < 1 || row > len(all) {
		return ""
	}
	m := unquotedDuration.FindStringSubmatch(strings.TrimSuffix(all[row-1], "\r"))
	if m == nil {
		return ""
	}
	return fmt.Sprintf("quote it: %s = %q", m[1], m[2])
}

// goTypeMismatch is go-toml's text for a value of the wrong type, which
// names mpsim's Go types ("cannot decode TOML string into struct field
// matrix.Scenario.SIMs of type []simulator.SIMKind").
var goTypeMismatch = regexp.MustCompile(`^cannot decode TOML (\w+) into (?:struct field \S+ of type|a Go value of type) (\S+)`)

// decodeText is a decoding error in the words of the file: the key, the
// TOML type it got and the kind of value it takes, as the schema's errors
// say it ("sims: got a TOML string, want an array").
func decodeText(de *toml.DecodeError) string {
	text := strings.TrimPrefix(de.Error(), "toml: ")
	m := goTypeMismatch.FindStringSubmatch(text)
	if m == nil || len(de.Key()) == 0 {
		return text
	}
	key := de.Key()[len(de.Key())-1]
	want := "a value of another type (assets/schema/scenario.schema.json has each key's)"
	switch goType := m[2]; {
	case strings.HasPrefix(goType, "[]"):
		want = "an array"
	case strings.HasPrefix(goType, "map["), strings.HasPrefix(goType, "matrix."):
		want = "a table"
	case goType == "string":
		want = "a string"
	case goType == "bool":
		want = "true or false"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
		want = "a number"
	}
	return fmt.Sprintf("%s: got a TOML %s, want %s", key, m[1], want)
}

// keyHint says which key a mistyped one probably meant ("; did you mean
// "demo_choice"?") when one of the keys its table takes is close, and where
// the keys are listed otherwise.
func keyHint(key []string) string {
	if k := simulator.ClosestTOMLKey(reflect.TypeFor[file](), key); k != "" {
		return fmt.Sprintf("; did you mean %q?", k)
	}
	return "; see assets/schema/scenario.schema.json for the keys a scenario takes"
}

// schemaErrors checks the decoded file against the schema; each leaf error
// is reported at the line of the key it is about. Of a scenario (or of the
// file) that decoding found wrong already, unknown keys and wrong types are
// left out: decoding said them.
func schemaErrors(path string, doc map[string]any, l lines, known []located) []located {
	sch, err := Schema()
	if err != nil {
		return []located{{index: -1, err: fmt.Errorf("scenario schema: %w", err)}}
	}
	// Through JSON, so the values are the types the validator knows.
	raw, err := json.Marshal(doc)
	if err != nil {
		return []located{{index: -1, err: fmt.Errorf("%s: %w", path, err)}}
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return []located{{index: -1, err: fmt.Errorf("%s: %w", path, err)}}
	}
	var ve *jsonschema.ValidationError
	if err := sch.Validate(inst); !errors.As(err, &ve) {
		if err != nil {
			return []located{{index: -1, err: err}}
		}
		return nil
	}
	p := message.NewPrinter(language.English)
	var out []located
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError, parent []string)
	walk = func(e *jsonschema.ValidationError, parent []string) {
		// A key that is no language tag (propertyNames) is said at its
		// table: its causes are about the key alone, with no place, and
		// its own place is the validator's, which later keys overwrite
		// (jsonschema v6 does not copy it), so the table's is its parent's.
		if _, ok := e.ErrorKind.(*kind.PropertyNames); ok {
			e = &jsonschema.ValidationError{SchemaURL: e.SchemaURL, InstanceLocation: parent, ErrorKind: e.ErrorKind}
		} else {
			for _, c := range e.Causes {
				walk(c, e.InstanceLocation)
			}
			if len(e.Causes) > 0 {
				return
			}
		}
		index, line := schemaPlace(e.InstanceLocation, l)
		if saidAlready(known, index, line, e.ErrorKind) {
			return
		}
		for _, msg := range schemaMessages(path, e, l, p, inst) {
			if !seen[msg.text] {
				seen[msg.text] = true
				out = append(out, located{index: msg.index, err: errors.New(msg.text), loc: msg.loc})
			}
		}
	}
	walk(ve, nil)
	return out
}

// schemaMessage is one sentence of a schema error, with its scenario.
type schemaMessage struct {
	index int
	text  string
	loc   string // the instance location below the scenario (located.loc)
}

// schemaMessages words the leaf schema error e of the file's instance
// inst: an unknown key as decoding words one (at its own line, with the key
// a scenario takes that is closest), anything else at the line of the key
// it is about.
func schemaMessages(path string, e *jsonschema.ValidationError, l lines, p *message.Printer, inst any) []schemaMessage {
	if ap, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
		var out []schemaMessage
		for _, prop := range ap.Properties {
			loc := append(slices.Clone(e.InstanceLocation), prop)
			index, line := schemaPlace(loc, l)
			var key []string
			for _, k := range loc {
				if !isIndex(k) {
					key = append(key, k)
				}
			}
			out = append(out, schemaMessage{index: index, text: fmt.Sprintf("%s:%d: unknown key %q%s", path, line, strings.Join(key, "."), keyHint(key))})
		}
		return out
	}
	index, line := schemaPlace(e.InstanceLocation, l)
	loc := ""
	if index >= 0 {
		loc = strings.Join(e.InstanceLocation[2:], "/")
	}
	if got, ok := badName(e); ok {
		return []schemaMessage{{index: index, text: fmt.Sprintf("%s:%d: %s %q: %s", path, line, pointer(e.InstanceLocation), got, nameRule), loc: loc}}
	}
	what := e.ErrorKind.LocalizedString(p) + enumHint(e.ErrorKind)
	if words := valueWords(e, valueAt(inst, e.InstanceLocation)); words != "" {
		what = words
	}
	return []schemaMessage{{index: index, text: fmt.Sprintf("%s:%d: %s: %s", path, line, pointer(e.InstanceLocation), what), loc: loc}}
}

// valueWords says in the file's words the schema errors whose own words
// leave the fix unsaid (CI QA), v being the value at e's place: a duration
// written as a number ("got number, want string", where `timeout = 20s`
// gets "quote it") and an array that lists an item twice ("items at 0 and
// 1 are equal", counted from 0 where scenario[N] and steps[N] count from
// 1); "" for the others.
func valueWords(e *jsonschema.ValidationError, v any) string {
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		n, ok := v.(json.Number)
		if !ok || !strings.HasSuffix(e.SchemaURL, "/$defs/duration") || len(e.InstanceLocation) == 0 {
			return ""
		}
		key := e.InstanceLocation[len(e.InstanceLocation)-1]
		return fmt.Sprintf("%s is a number; a duration is a string with its unit: %s = \"%ss\"", n, key, n)
	case *kind.UniqueItems:
		list, _ := v.([]any)
		a, b := k.Duplicates[0], k.Duplicates[1]
		if a < len(list) {
			if item, ok := list[a].(string); ok {
				return fmt.Sprintf("lists %q twice (entries %d and %d); give each once", item, a+1, b+1)
			}
		}
		return fmt.Sprintf("entries %d and %d are the same; give each once", a+1, b+1)
	}
	return ""
}

// valueAt is the value at an instance location of inst (the decoded file
// as JSON values), nil when there is none.
func valueAt(inst any, loc []string) any {
	for _, k := range loc {
		switch t := inst.(type) {
		case map[string]any:
			inst = t[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(t) {
				return nil
			}
			inst = t[i]
		default:
			return nil
		}
	}
	return inst
}

// nameRule says in words what the schema's pattern for a scenario's name
// (^[A-Za-z0-9][A-Za-z0-9._-]*$) asks, and why.
const nameRule = "a scenario name is ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, " +
	"because it becomes file names and JUnit test names; put a name in another script in description"

// badName reports whether e is a scenario's name that does not match the
// schema's pattern, and the name. Before, it was said as the pattern
// itself ("'購買方案' does not match pattern '^[A-Za-z0-9][A-Za-z0-9._-]*$'").
func badName(e *jsonschema.ValidationError) (string, bool) {
	k, ok := e.ErrorKind.(*kind.Pattern)
	loc := e.InstanceLocation
	if !ok || len(loc) != 3 || loc[0] != "scenario" || !isIndex(loc[1]) || loc[2] != "name" {
		return "", false
	}
	return k.Got, true
}

// saidAlready reports whether decoding said what a schema error of kind k
// at line of scenario index says: an unknown key, when decoding listed the
// scenario's unknown keys; anything of a value decoding refused at that
// line (its type, a duration's pattern). Decoding stops at its first wrong type and then lists no
// unknown key, so the schema says those (and the other wrong types).
func saidAlready(known []located, index, line int, k jsonschema.ErrorKind) bool {
	return slices.ContainsFunc(known, func(p located) bool {
		if p.index != index {
			return false
		}
		switch k.(type) {
		case *kind.AdditionalProperties, *kind.FalseSchema:
			return p.said == saidUnknownKeys
		}
		// What the schema says of a value decoding refused (its type, a
		// duration's pattern) is that value's problem again.
		return p.said == saidType && p.line == line
	})
}

// enumHint says which allowed value a string outside an enum probably
// meant ("; did you mean \"buy\"?"), or "".
func enumHint(k jsonschema.ErrorKind) string {
	e, ok := k.(*kind.Enum)
	if !ok {
		return ""
	}
	got, ok := e.Got.(string)
	if !ok || got == "" {
		return ""
	}
	var allowed []string
	for _, w := range e.Want {
		if s, ok := w.(string); ok {
			allowed = append(allowed, s)
		}
	}
	if best := simulator.ClosestWord(got, allowed); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// schemaPlace returns the scenario a schema error's instance location is
// in (-1: the file) and the line of the key it is about.
func schemaPlace(loc []string, l lines) (index, line int) {
	if len(loc) < 2 || loc[0] != "scenario" || !isIndex(loc[1]) {
		return -1, 1
	}
	fmt.Sscan(loc[1], &index)
	var keys []string
	for j, k := range loc[2:] {
		if !isIndex(k) || (j > 0 && loc[1+j] == "steps") {
			keys = append(keys, k)
		}
	}
	return index, l.key(index, strings.Join(keys, "."))
}

// at returns the scenario whose lines hold row: the last [[scenario]] at
// or before it (-1 before the first).
func (l lines) at(row int) int {
	i := -1
	for j, h := range l.headers {
		if h <= row {
			i = j
		}
	}
	return i
}
