package matrix

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// Cell is one run of a scenario: one SIM kind and one language list.
type Cell struct {
	// ID is scenario/sim/language, unique in a run and stable between runs
	// (language is the entry's first tag, or its whole list when another
	// entry of the scenario has the same first tag: Expand).
	ID       string            `json:"id"`
	Scenario Scenario          `json:"scenario"`
	SIM      simulator.SIMKind `json:"sim"`
	// Languages is the language entry of the scenario ("fr-FR,fr,en"); Lang
	// its first tag.
	Languages string `json:"languages"`
	Lang      string `json:"lang"`
	// LanguageNotes say what the language-list rule changed in the
	// cell's languages entry and its scenario's compare_language (q=0
	// left out, duplicates, an order set by q-values), each with its
	// file:line: the cell runs with what the rule made of them.
	LanguageNotes []string `json:"languageNotes,omitempty"`
}

// LanguageName is the language part of the cell's ID: the entry's first
// tag, or its whole list when the scenario has another entry with the same
// first tag (Lang for a cell whose ID is not scenario/sim/language).
func (c Cell) LanguageName() string {
	if name, ok := strings.CutPrefix(c.ID, c.Scenario.Name+"/"+string(c.SIM)+"/"); ok {
		return name
	}
	return c.Lang
}

// Column names the summary matrix column of the cell: the language part of
// its ID · SIM ("—" for the one cell of a scenario file that could not be
// read). The cells of one scenario have distinct columns, since their IDs
// are distinct.
func (c Cell) Column() string {
	if c.Lang == "" && c.SIM == "" {
		return "—"
	}
	return c.LanguageName() + " · " + string(c.SIM)
}

// entryTags is the list of languages an entry sends
// (workspace.ParseLanguages: the q-values set the order, q=0 and repeats
// are left out), so that two entries that launch the portal alike are
// known as one. An entry that does not parse, which Load reports, is read
// as its comma-separated tags, each trimmed and without its q-value.
func entryTags(entry string) []string {
	if tags, err := workspace.ParseLanguages(entry); err == nil {
		return tags
	}
	var tags []string
	for _, part := range strings.Split(entry, ",") {
		if tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0]); tag != "" {
			tags = append(tags, tag)
		}
	}
	return tags
}

// languageCell is a languages entry with the name its cells get.
type languageCell struct {
	entry, first, name string
}

// languageCells names the languages entries of a scenario: each by its
// first tag, or by its whole list (tags joined by commas, without spaces
// and q-values) when another entry has the same first tag. The names are
// distinct: a whole list is named so only when its first tag is shared,
// so it never equals another entry's lone first tag. An entry with the same
// tags as an earlier one is the same cell and is left out (Load refuses
// it: sameLanguages).
func languageCells(entries []string) []languageCell {
	seen := map[string]bool{}
	firsts := map[string]int{}
	var out []languageCell
	for _, e := range entries {
		tags := entryTags(e)
		list := strings.Join(tags, ",")
		if seen[list] {
			continue
		}
		seen[list] = true
		first := ""
		if len(tags) > 0 {
			first = tags[0]
		}
		firsts[first]++
		out = append(out, languageCell{entry: e, first: first, name: list})
	}
	for i := range out {
		if firsts[out[i].first] == 1 {
			out[i].name = out[i].first
		}
	}
	return out
}

// Expand turns scenarios into cells: each scenario × its SIM kinds × its
// languages, sorted by ID. A scenario without sims runs with its preset's
// kind, else esim; without languages, with its preset's, else en-US. A
// cell's ID is scenario/sim/language, language naming the entry
// (languageCells), so every cell of a run has its own ID.
func Expand(scenarios []Scenario, presets Presets) []Cell {
	if presets == nil {
		presets = BuiltinPresets
	}
	var cells []Cell
	for _, s := range scenarios {
		var p simulator.Preset
		if s.Preset != "" {
			p, _ = presets(s.Preset) // checked by Load
		}
		sims := s.SIMs
		if len(sims) == 0 {
			k := p.SIM
			if k == "" {
				k = simulator.KindESIM
			}
			sims = []simulator.SIMKind{k}
		}
		langs := s.Languages
		if len(langs) == 0 {
			if len(p.Languages) > 0 {
				langs = []string{strings.Join(p.Languages, ",")}
			} else {
				langs = []string{workspace.DefaultLanguage}
			}
		}
		named := languageCells(langs)
		for _, k := range sims {
			for _, l := range named {
				cells = append(cells, Cell{
					ID:       s.Name + "/" + string(k) + "/" + l.name,
					Scenario: s, SIM: k, Languages: l.entry, Lang: l.first,
					LanguageNotes: s.cellLanguageNotes(l.entry),
				})
			}
		}
	}
	slices.SortStableFunc(cells, func(a, b Cell) int { return cmp.Compare(a.ID, b.ID) })
	return cells
}

// Warnings are what the cells' scenarios say that is no error but makes a
// cell's result mean little, one line for each cell, with the file:line it
// is about: a cell whose languages entry asks first for the language its
// scenario's compare_language asks first for. Its localization-languages
// policy compares the page with itself (the same list) or, most likely, with
// the same page (the same first tag: portals pick their language by it). The
// tags are compared as BCP 47 compares them: case aside, "_" as "-".
func Warnings(cells []Cell) []string {
	var out []string
	for _, c := range cells {
		s := c.Scenario
		if s.CompareLanguage == "" {
			continue
		}
		cmpTags, tags := entryTags(s.CompareLanguage), entryTags(c.Languages)
		if len(cmpTags) == 0 || len(tags) == 0 || !sameTag(cmpTags[0], tags[0]) {
			continue
		}
		line := s.compareLine
		if line == 0 {
			line = s.Line
		}
		where := fmt.Sprintf("%s:%d: cell %s", s.File, line, c.ID)
		if slices.EqualFunc(cmpTags, tags, sameTag) {
			out = append(out, fmt.Sprintf("%s runs in the languages of compare_language (%q): the localization policies would compare the page with itself; give compare_language another language", where, s.CompareLanguage))
			continue
		}
		out = append(out, fmt.Sprintf("%s asks first for %s, as compare_language (%q) does: the portal most likely shows the same page twice, and localization-languages compares it with itself; give compare_language another first language", where, tags[0], s.CompareLanguage))
	}
	return out
}

// sameTag reports whether two language tags are one as BCP 47 reads them:
// case aside, with "_" written for "-" (as Accept-Language sends it).
func sameTag(a, b string) bool {
	return strings.EqualFold(strings.ReplaceAll(a, "_", "-"), strings.ReplaceAll(b, "_", "-"))
}

// Shard is the part I of N of a run (1 ≤ I ≤ N); the zero Shard is all.
type Shard struct{ I, N int }

// ParseShard reads "I/N".
func ParseShard(s string) (Shard, error) {
	if s == "" {
		return Shard{}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("%q is no shard; write I/N with 1 ≤ I ≤ N, like 2/3", s)
	}
	return Shard{I: i, N: n}, nil
}

// String writes the shard as I/N ("" for all).
func (s Shard) String() string {
	if s.N == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.I, s.N)
}

// Matching returns the cells whose ID (scenario/sim/language) re matches
// anywhere, in their order: mpsim test --run.
func Matching(cells []Cell, re *regexp.Regexp) []Cell {
	var out []Cell
	for _, c := range cells {
		if re.MatchString(c.ID) {
			out = append(out, c)
		}
	}
	return out
}

// Pick returns the cells of the shard: of the cells sorted by ID, those
// whose index is I-1 modulo N. Shards 1/N … N/N cover every cell exactly
// once, whatever order the cells came in.
func (s Shard) Pick(cells []Cell) []Cell {
	sorted := slices.Clone(cells)
	slices.SortStableFunc(sorted, func(a, b Cell) int { return cmp.Compare(a.ID, b.ID) })
	if s.N <= 1 {
		return sorted
	}
	var out []Cell
	for i, c := range sorted {
		if i%s.N == s.I-1 {
			out = append(out, c)
		}
	}
	return out
}

// Seed is the device seed of a cell: the run's seed and the cell's ID, so
// a cell gets the same device whatever else runs and in which order.
func (c Cell) Seed(runSeed int64) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", runSeed, c.ID)
	v := int64(h.Sum64() &^ (1 << 63))
	if v == 0 {
		v = 1
	}
	return v
}

// launch is the launch request of the scenario for a SIM kind and a
// language entry ("" keeps the preset's or the default).
func (s Scenario) launch(kind simulator.SIMKind, langs string) workspace.LaunchRequest {
	r := workspace.LaunchRequest{
		SIM: kind, PortalURL: s.Portal, Market: s.Market, Location: s.Location,
		Generation: s.Generation, Extra: slices.Clone(s.Params), Preset: s.Preset, Operator: s.Operator,
	}
	if langs != "" {
		r.Languages, _ = workspace.ParseLanguages(langs)
	}
	return r
}

// LanguageProblem says why the cell cannot run in its first language: a
// step's text or an expectation given as a table by language with no value
// for it (and no "*"). mpsim test --list shows it before any session runs;
// Request returns the same error.
func (c Cell) LanguageProblem() error {
	_, err := c.Scenario.sessionSteps(c.Lang)
	return errors.Join(err, c.Scenario.checkLanguage(c.Lang))
}

// Request is the session request of the cell; seed makes its transaction
// ID reproducible.
func (c Cell) Request(seed int64) (workspace.Request, error) {
	s := c.Scenario
	launch := s.launch(c.SIM, c.Languages)
	launch.TransactionID = simulator.NewGenerator(seed).TransactionID()
	timeout := time.Duration(s.Timeout)
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	lc := session.Lifecycle{
		ActivationResult: s.Lifecycle.ActivationResult, RegistrationState: s.Lifecycle.RegistrationState,
		ClockSpeed: s.Lifecycle.ClockSpeed, DownloadTime: time.Duration(s.Lifecycle.DownloadTime),
	}
	var certs []session.TrustedCert
	var errs []error
	for _, p := range s.TrustCerts {
		tc, err := workspace.LoadTrustedCert(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		certs = append(certs, tc)
	}
	steps, err := s.sessionSteps(c.Lang)
	if err != nil {
		errs = append(errs, err)
	}
	if err := s.checkLanguage(c.Lang); err != nil {
		errs = append(errs, err)
	}
	var compare []string
	if s.CompareLanguage != "" {
		var err error
		if compare, err = workspace.ParseLanguages(s.CompareLanguage); err != nil {
			errs = append(errs, fmt.Errorf("compare_language: %w", err))
		}
	}
	return workspace.Request{
		Launch: launch, Trusted: certs, NotifyHosts: slices.Clone(s.NotifyHosts),
		Lifecycle: lc, Timeout: timeout, Steps: steps, CompareLanguages: compare, NoAxe: s.NoAxe,
		WalledGarden: s.WalledGarden, AllowHosts: slices.Clone(s.AllowHosts),
	}, errors.Join(errs...)
}
