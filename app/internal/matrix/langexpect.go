package matrix

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// CellLanguage is the value of expect.html_lang that stands for the
// cell's first language, compared by base language.
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
		if _, err := parseKey(v); err != nil {
			return fmt.Errorf("%w; give %q (the cell's language) or a language tag", err, CellLanguage)
		}
		return nil
	}); err != nil {
		out = append(out, problem{key: "expect.html_lang", err: fmt.Errorf("expect.html_lang: %w", err), covers: s.Expect.HTMLLang.locs("expect/html_lang")})
	}
	return out
}

// checkLanguage says which expectation of e is a table by language with
// no value for lang, the first language of a cell of s.
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
		want, _, ok := e.HTMLLang.Pick(lang)
		page, where, recorded := finalPageLang(rep)
		got := "not recorded (no DOM probe: the portal was not recorded)"
		if recorded {
			got = fmt.Sprintf("%q (%s)", page, where)
			if page == "" {
				got = "none (" + where + " has no lang attribute)"
			}
		}
		wantTag, shown := want, want
		if want == CellLanguage {
			wantTag = baseOf(lang)
			shown = fmt.Sprintf("%s (the cell's %s, by base language)", wantTag, lang)
		}
		met := ok && recorded && langMatches(page, wantTag)
		out = append(out, Check{Name: checkHTMLLang, Want: wantText(e.HTMLLang, lang, shown, ok), Got: got, Met: met})
	}
	return out
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

// finalPageLang is the <html lang> of the page at the end of the session
// as the recording saw it: of the hand-back probe, else of the last probe
// (the first paint's, when the portal never handed back), with which
// page it is; recorded is false when there is no probe.
func finalPageLang(rep session.Report) (lang, where string, recorded bool) {
	if len(rep.Probes) == 0 {
		return "", "", false
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
	return strings.TrimSpace(p.Lang), where, true
}

// baseOf is the base language of a tag ("de" of "de-DE"), or the tag as
// written when it does not parse.
func baseOf(tag string) string {
	t, err := parseKey(tag)
	if err != nil {
		return tag
	}
	b, _ := t.Base()
	return b.String()
}

// langMatches reports whether a page's lang attribute is want or begins
// with want and a hyphen, case aside and "_" read as "-": the way CSS
// :lang() and BCP 47's basic filtering (RFC 4647 §3.3.1) match, so that
// "de" matches "de-AT", and "de-AT" only "de-AT" and its sub-tags.
func langMatches(page, want string) bool {
	p := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(page), "_", "-"))
	w := strings.ToLower(strings.ReplaceAll(want, "_", "-"))
	if p == "" || w == "" {
		return false
	}
	if p == w || strings.HasPrefix(p, w+"-") {
		return true
	}
	// Two forms of one tag ("iw" and "he"): their canonical forms.
	pt, err1 := language.Parse(p)
	wt, err2 := language.Parse(w)
	if err1 != nil || err2 != nil {
		return false
	}
	pc, wc := strings.ToLower(pt.String()), strings.ToLower(wt.String())
	return pc == wc || strings.HasPrefix(pc, wc+"-")
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
