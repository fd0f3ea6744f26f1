package matrix

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// CellLanguage is the value of expect.html_lang that stands for the
// cell's first language, compared by base language and script, not by
// region (audit.MatchLang, the rule of localization-locale).
const CellLanguage = "cell"

// The names of the checks of expect.plan_name and expect.html_lang.
const (
	checkPlanName = "planName"
	checkHTMLLang = "html lang"
)

// checkExpectTexts checks expect.plan_name (no empty string) and
// expect.html_lang ("cell" or a language tag), one string or a table by
// language (Text.check).
func (s *Scenario) checkExpectTexts() []problem {
	var out []problem
	if err := s.Expect.PlanName.check(func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("the plan name is empty; a hand-back that succeeds carries a plan name (contract §2.7), and one that fails is checked with status and success")
		}
		return nil
	}); err != nil {
		out = append(out, problem{key: "expect.plan_name", err: fmt.Errorf("expect.plan_name: %w", err), covers: s.Expect.PlanName.locs("expect/plan_name")})
	}
	if err := s.Expect.HTMLLang.check(func(v string) error {
		if v == CellLanguage {
			return nil
		}
		tag, err := parseKey(v)
		if err != nil {
			return fmt.Errorf("%w; give %q (the cell's language) or a language tag", err, CellLanguage)
		}
		if !determined(tag) {
			return fmt.Errorf("%q names no language (BCP 47's undetermined), so no page's lang meets it; give %q (the cell's language) or a language tag", v, CellLanguage)
		}
		return nil
	}); err != nil {
		out = append(out, problem{key: "expect.html_lang", err: fmt.Errorf("expect.html_lang: %w", err), covers: s.Expect.HTMLLang.locs("expect/html_lang")})
	}
	return out
}

// checkLanguage says which expectation of s is a table by language with
// no value for lang, the first language of a cell of s, and whether
// html_lang asks for the cell's language ("cell") in a cell whose
// language is undetermined (und), which no page's lang can be.
func (s Scenario) checkLanguage(lang string) error {
	var errs []error
	for _, x := range []struct {
		key  string
		text Text
	}{{"html_lang", s.Expect.HTMLLang}, {"plan_name", s.Expect.PlanName}} {
		if !x.text.Table() {
			continue
		}
		if _, _, ok := x.text.Pick(lang); !ok {
			where := s.Where()
			if n := s.expectLines[x.key]; n > 0 && s.File != "" {
				where = fmt.Sprintf("%s:%d", s.File, n)
			}
			errs = append(errs, noKeyError(where, "expect."+x.key, lang, x.text))
		}
	}
	if v, _, ok := s.Expect.HTMLLang.Pick(lang); ok && s.Expect.HTMLLang.Given() && v == CellLanguage {
		if tag, err := parseKey(lang); err == nil && !determined(tag) {
			where := s.Where()
			if n := s.expectLines["html_lang"]; n > 0 && s.File != "" {
				where = fmt.Sprintf("%s:%d", s.File, n)
			}
			errs = append(errs, fmt.Errorf("%s: expect.html_lang = %q cannot be checked in the cell of %s: %s names no language (BCP 47's undetermined), so no page's lang is its language; give html_lang a language tag for it (a table like { %s = \"en\", \"*\" = \"cell\" }), or another languages entry",
				where, CellLanguage, lang, lang, lang))
		}
	}
	return errors.Join(errs...)
}

// languageChecks checks expect.plan_name and expect.html_lang against the
// report, for the cell's first language: the first of the launch's
// Accept-Language.
func languageChecks(e Expect, rep session.Report) []Check {
	lang := reportLanguage(rep)
	var out []Check
	if e.PlanName.Given() {
		got := "no hand-back"
		if rep.Result != nil {
			got = fmt.Sprintf("%q", rep.Result.PurchaseResult.PlanName)
		}
		want, _, ok := e.PlanName.Pick(lang)
		met := ok && rep.Result != nil && norm.NFC.String(rep.Result.PurchaseResult.PlanName) == norm.NFC.String(want)
		out = append(out, Check{Name: checkPlanName, Want: wantText(e.PlanName, lang, fmt.Sprintf("%q", want), ok), Got: got, Met: met})
	}
	if e.HTMLLang.Given() {
		out = append(out, htmlLangCheck(e.HTMLLang, lang, rep))
	}
	return out
}

// htmlLangCheck checks expect.html_lang, t, in a cell whose first
// language is lang: the page's lang must be a BCP 47 language tag of the
// language asked for ("cell": the cell's; else the tag given) by the rule
// of localization-locale (audit.MatchLang: canonical language and script,
// any script for a tag of the language alone, a bare page read in its
// likely script), and of the tag's region and variants when it names
// them. The check's words are the rule's: why a page falls short, or the
// script a bare language left open.
func htmlLangCheck(t Text, lang string, rep session.Report) Check {
	page, pt, given, got := pageLanguage(rep)
	c := Check{Name: checkHTMLLang, Got: got}
	want, _, ok := t.Pick(lang)
	if !ok {
		c.Want = wantText(t, lang, "", false)
		return c
	}
	cell := want == CellLanguage
	asked := want
	if cell {
		asked = lang
	}
	wt, shown, err := wantedTag(want, lang)
	c.Want = shown
	if err != nil {
		c.Want = err.Error()
		return c
	}
	if !given || !determined(pt) {
		return c
	}
	m := audit.MatchLang(asked, page)
	c.Met = m.Verdict == audit.LangMet && (cell || sameRegion(pt, wt))
	if m.Why != "" && (c.Met || m.Verdict != audit.LangMet) {
		c.Got += ": " + m.Why
	}
	return c
}

// pageLanguage is the <html lang> of the page at the end of the session
// (finalPageLang), its tag and whether it is a well-formed one (pageTag),
// and how the html_lang check shows it.
func pageLanguage(rep session.Report) (page string, tag language.Tag, given bool, got string) {
	page, where, state := finalPageLang(rep)
	switch state {
	case langAbsent:
		return page, tag, false, "none (" + where + " has no lang attribute)"
	case langEmpty:
		return page, tag, false, `"" (` + where + `: lang="" says its language is unknown)`
	case langGiven:
		got = fmt.Sprintf("%q (%s)", page, where)
		tag, err := pageTag(page)
		if err != nil {
			return page, tag, false, got + ", " + err.Error()
		}
		return page, tag, true, got
	}
	return page, tag, false, "not recorded (no DOM probe: the portal was not recorded)"
}

// wantText is what a check wants: shown, or, for a table with no value
// for lang, what it lacks.
func wantText(t Text, lang, shown string, ok bool) string {
	if !ok {
		return fmt.Sprintf("a value for %s, which the table (keys %s) has not", lang, strings.Join(t.Keys(), ", "))
	}
	return shown
}

// reportLanguage is the cell's first language: the first of the launch's
// Accept-Language ("" when there is none).
func reportLanguage(rep session.Report) string {
	al := rep.Launch.Headers[simulator.HeaderAcceptLanguage]
	first, _, _ := strings.Cut(al, ",")
	first, _, _ = strings.Cut(first, ";")
	return strings.TrimSpace(first)
}

// wantedTag is the tag html_lang's value want asks for in a cell whose
// first language is lang (the cell's for CellLanguage), and how a check
// shows it; err says why a cell's language names none to compare with
// (und, or no Accept-Language).
func wantedTag(want, lang string) (tag language.Tag, shown string, err error) {
	if want != CellLanguage {
		tag, err := parseKey(want)
		return tag, want, err
	}
	tag, err = parseKey(lang)
	if err != nil || !determined(tag) {
		return tag, "", undeterminedCell(lang)
	}
	b, _ := tag.Base()
	shown = b.String()
	_, scriptConf := tag.Script()
	if _, regionConf := tag.Region(); scriptConf == language.Exact || regionConf == language.Exact {
		if sc, _ := tag.Script(); sc.String() != "Zzzz" {
			shown += "-" + sc.String()
			return tag, fmt.Sprintf("%s (the cell's %s: same language and script, any region)", shown, lang), nil
		}
	}
	return tag, fmt.Sprintf("%s (the cell's %s: same language, any script and region)", shown, lang), nil
}

// undeterminedCell says that html_lang = "cell" cannot be checked in a
// cell whose language lang names no language.
func undeterminedCell(lang string) error {
	if lang == "" {
		return fmt.Errorf("the cell's language, which cannot be checked: the launch sent no Accept-Language; give html_lang a language tag")
	}
	return fmt.Errorf("the cell's language, which cannot be checked: %s names no language (BCP 47's undetermined); give html_lang a language tag for this cell", lang)
}

// determined reports whether a tag names its base language (not und,
// whose base the likely subtags only guess).
func determined(t language.Tag) bool {
	_, conf := t.Base()
	return conf == language.Exact
}

// pageTag reads a page's lang attribute as a BCP 47 language tag: well
// formed, its subtags known, separated by hyphens (HTML's lang takes a
// BCP 47 tag, in which "_" is not allowed, though some parsers read it).
func pageTag(lang string) (language.Tag, error) {
	if strings.Contains(lang, "_") {
		return language.Und, fmt.Errorf("not a BCP 47 language tag: HTML's lang separates subtags with hyphens, never underscores (%q)", strings.ReplaceAll(lang, "_", "-"))
	}
	t, err := language.Parse(lang)
	if err != nil {
		return language.Und, errors.New("not a BCP 47 language tag (like de, de-AT, zh-Hant)")
	}
	return t, nil
}

// The states of the <html lang> of a report's last page.
const (
	langNotRecorded = iota // no DOM probe
	langAbsent             // the <html> has no lang attribute
	langEmpty              // lang="" (or only white space)
	langGiven              // lang="…"
)

// finalPageLang is the <html lang> of the page at the end of the session
// as the recording saw it: of the hand-back probe, else of the last probe
// (the first paint's, when the portal never handed back), with which
// page it is, and whether it was absent, empty or given (langNotRecorded
// when there is no probe).
func finalPageLang(rep session.Report) (lang, where string, state int) {
	if len(rep.Probes) == 0 {
		return "", "", langNotRecorded
	}
	p := rep.Probes[len(rep.Probes)-1]
	for _, q := range rep.Probes {
		if q.Label == "handback" {
			p = q
		}
	}
	where = "the page at the " + p.Label + " probe"
	if p.Label == "handback" {
		where = "the page at the hand-back"
	} else if p.Label == "first-paint" {
		where = "the page at its first paint; no hand-back probe"
	}
	lang = strings.TrimSpace(p.Lang)
	switch {
	case lang != "":
		return lang, where, langGiven
	case p.HasLang:
		return "", where, langEmpty
	}
	return "", where, langAbsent
}

// sameRegion reports whether a page's tag names the region and variants
// that want names, when it names them (an html_lang tag given, not
// "cell"): "de" takes de-AT, "de-AT" only de-AT, and "zh-Hant" takes
// zh-TW and zh-CN alike (audit.MatchLang judges the script).
func sameRegion(page, want language.Tag) bool {
	if wr, conf := want.Region(); conf == language.Exact {
		if pr, conf := page.Region(); conf != language.Exact || pr != wr {
			return false
		}
	}
	for _, v := range want.Variants() {
		if !slices.Contains(page.Variants(), v) {
			return false
		}
	}
	return true
}

// LanguageNotes are what the language-list rule (q-values honoured,
// duplicates dropped: workspace.ParseLanguagesWithNotes, as mpsim run
// --lang shows them) changes in the scenario's languages entries and its
// compare_language, one sentence each, starting with file:line and the
// scenario's name: once for each entry, whatever its cells.
func (s Scenario) LanguageNotes() []string {
	var out []string
	for _, e := range s.Languages {
		for _, n := range entryNotes(e) {
			out = append(out, fmt.Sprintf("%s: scenario %q: languages entry %q: %s", s.whereLine(s.languagesLine), s.Name, e, n))
		}
	}
	if s.CompareLanguage != "" {
		for _, n := range entryNotes(s.CompareLanguage) {
			out = append(out, fmt.Sprintf("%s: scenario %q: compare_language %q: %s", s.whereLine(s.compareLine), s.Name, s.CompareLanguage, n))
		}
	}
	return out
}

// cellLanguageNotes are the LanguageNotes of the languages entry entry of
// s and of its compare_language: those of one cell.
func (s Scenario) cellLanguageNotes(entry string) []string {
	var out []string
	for _, n := range entryNotes(entry) {
		out = append(out, fmt.Sprintf("%s: languages entry %q: %s", s.whereLine(s.languagesLine), entry, n))
	}
	if s.CompareLanguage != "" {
		for _, n := range entryNotes(s.CompareLanguage) {
			out = append(out, fmt.Sprintf("%s: compare_language %q: %s", s.whereLine(s.compareLine), s.CompareLanguage, n))
		}
	}
	return out
}

// entryNotes are what the language-list rule changes in one entry (none
// for an entry that does not parse: Load reports it).
func entryNotes(entry string) []string {
	_, notes, err := workspace.ParseLanguagesWithNotes(entry)
	if err != nil {
		return nil
	}
	return notes
}

// whereLine is file:line of a key of s at line (the scenario's header
// when 0).
func (s Scenario) whereLine(line int) string {
	if line == 0 {
		line = s.Line
	}
	return fmt.Sprintf("%s:%d", s.File, line)
}
