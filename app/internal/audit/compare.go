package audit

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"mpsim/app/internal/inspect"
)

// Comparison is a second run of the same launch (same device, portal and
// transaction) with another Accept-Language, for the localization
// policies: `mpsim run --compare-lang`. Its probes are compared with the
// main run's of the same label and page.
type Comparison struct {
	// Languages is the second run's Accept-Language order.
	Languages []string `json:"languages"`
	// Ended is how the second run ended (session.Ended…).
	Ended string `json:"ended,omitempty"`
	// Probes are the second run's DOM probes.
	Probes []inspect.Probe `json:"probes"`
	// Error says why the second run could not run.
	Error string `json:"error,omitempty"`
}

// Shares of the lines of visible text that must differ between the two
// languages: under unchangedShare the page ignored the language (fail),
// under translatedShare it is only partly translated (warn).
const (
	unchangedShare  = 0.1
	translatedShare = 0.5
)

// probePair is a probe of the main run and the comparison's with the same
// label, of the same page.
type probePair struct{ a, b inspect.Probe }

// pairs returns the probes of both runs with the same label that read the
// same page (pageKey), in the main run's order, and notes the probes of one
// label that read different pages (the runs went through the flow at
// different speeds: a plan page against an account page says nothing of
// the language); ok is false (and o is manual and says why) when there is
// nothing to compare.
func (f *facts) pairs(o *outcome) (out []probePair, ok bool) {
	c := f.in.Compare
	if c == nil {
		return nil, false
	}
	la, lb := langName(f.in.Languages), langName(c.Languages)
	if c.Error != "" {
		o.manual()
		o.note("the run in %s failed: %s", strings.Join(sentTags(c.Languages), ", "), c.Error)
		return nil, false
	}
	others := 0
	for _, a := range f.probes() {
		i := slices.IndexFunc(c.Probes, func(b inspect.Probe) bool { return b.Label == a.Label && (b.Error == "" || b.URL != "") })
		if i < 0 {
			continue
		}
		b := c.Probes[i]
		if pageKey(a.URL) != pageKey(b.URL) {
			others++
			o.note("%s: not compared: the run in %s probed %s, the run in %s %s, another page", a.Label, la, withoutQuery(a.URL), lb, withoutQuery(b.URL))
			continue
		}
		out = append(out, probePair{a, b})
	}
	if len(out) == 0 {
		o.manual()
		if others == 0 {
			o.note("the run in %s (ended %s) has no probe to compare with this run's", strings.Join(sentTags(c.Languages), ", "), c.Ended)
		}
		return nil, false
	}
	return out, true
}

// pageKey names the page a probe read: its URL's path and route fragment
// (#/plan), without the query, which carries the session's identifiers,
// nor a fragment of key=value data (withoutQuery).
func pageKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return withoutQuery(raw)
	}
	key := u.EscapedPath()
	if key == "" {
		key = "/"
	}
	if u.Fragment != "" && !strings.Contains(u.Fragment, "=") {
		key += "#" + u.Fragment
	}
	return key
}

// langName names the first language of a run as the app sent it ("" →
// "the default").
func langName(langs []string) string {
	if len(langs) == 0 {
		return "the default language"
	}
	return sentTag(langs[0])
}

// compareLanguages judges whether the visible text changed with the
// language: it fails when (nearly) every line stayed the same. Two runs
// whose first languages are one language (and script), such as en-US and
// en-GB or fr-FR and fr-CA, are manual: a portal may rightly show a
// regional variant the same text.
func compareLanguages(f *facts, o *outcome) {
	ps, ok := f.pairs(o)
	if !ok {
		return
	}
	c := f.in.Compare
	la, lb := langName(f.in.Languages), langName(c.Languages)
	o.note("the same launch ran with Accept-Language: %s and %s", acceptLanguage(f.in.Languages), acceptLanguage(c.Languages))
	if len(f.in.Languages) > 0 && len(c.Languages) > 0 {
		if a, b := parseLang(la), parseLang(lb); a.same(b) {
			o.manual()
			if strings.EqualFold(la, lb) {
				o.note("both runs asked for %s first: the comparison cannot tell whether the portal is localized; compare two languages", la)
			} else {
				o.note("%s and %s are the same language and script (%s): a regional variant may rightly show the same text, so the comparison cannot tell whether the portal is localized; compare two languages", la, lb, a)
			}
			for _, p := range ps {
				o.note("%s", textFigures(p, la, lb).line)
			}
			return
		}
	}
	for _, p := range ps {
		compareText(o, p, la, lb)
	}
}

// figures is what compareText measures of a pair of probes.
type figures struct {
	share float64  // the share of the main run's lines of words the other run does not show
	same  []string // those lines both runs show
	line  string   // "first-paint: 3 of 14 lines of visible text differ between …"
}

// textFigures measures one pair of probes' text samples (both not empty).
func textFigures(p probePair, la, lb string) figures {
	lines := wording(p.a.Text)
	var same []string
	for _, l := range lines {
		if slices.Contains(p.b.Text, l) {
			same = append(same, l)
		}
	}
	differ := len(lines) - len(same)
	line := fmt.Sprintf("%s: %d of %d lines of visible text differ between %s and %s", p.a.Label, differ, len(lines), la, lb)
	if n := len(p.a.Text) - len(lines); n > 0 {
		line += fmt.Sprintf(" (%d language-neutral lines left out)", n)
	}
	if len(lines) == 0 {
		return figures{line: line}
	}
	return figures{share: float64(differ) / float64(len(lines)), same: same, line: line}
}

// compareText judges one pair of probes' text samples. The same text in
// both runs fails, unless both pages declare one language that is neither
// run's first: then the portal showed both its fallback, and the
// comparison says nothing of the languages it supports (manual).
func compareText(o *outcome, p probePair, la, lb string) {
	label := p.a.Label
	if len(p.a.Text) == 0 || len(p.b.Text) == 0 {
		o.manual()
		o.note("%s: no visible text sampled (%d lines in %s, %d in %s)", label, len(p.a.Text), la, len(p.b.Text), lb)
		return
	}
	fg := textFigures(p, la, lb)
	switch {
	case fg.share < unchangedShare && fallbackForBoth(p, la, lb):
		o.manual()
		o.note("%s: both runs were shown the page in %q, neither %s nor %s: the portal may support neither language, so the comparison cannot tell whether it is localized; compare a language it supports", fg.line, p.a.Lang, la, lb)
	case fg.share < unchangedShare:
		o.fail("%s: the page did not change with the language (<html lang> %q and %q)", fg.line, p.a.Lang, p.b.Lang)
		for _, l := range fg.same[:min(len(fg.same), 5)] {
			o.note("%s: the same in %s and %s: %q", label, la, lb, l)
		}
	case fg.share < translatedShare:
		o.warn("%s: only partly translated; the same in both: %s", fg.line, quoteLines(fg.same, 5))
	default:
		o.note("%s; %s %q / %s %q", fg.line, la, firstNotIn(p.a.Text, p.b.Text), lb, firstNotIn(p.b.Text, p.a.Text))
	}
}

// fallbackForBoth reports whether both pages of p declare one language,
// which is the first language of neither run (la, lb).
func fallbackForBoth(p probePair, la, lb string) bool {
	if strings.TrimSpace(p.a.Lang) == "" || strings.TrimSpace(p.b.Lang) == "" {
		return false
	}
	a := parseLang(p.a.Lang)
	return a.same(parseLang(p.b.Lang)) && !a.same(parseLang(la)) && !a.same(parseLang(lb))
}

// wording returns the lines that carry words of a language: not those
// without a letter (numbers, prices) nor single ASCII tokens (identifiers,
// codes, key names such as "ICCID" or "US"), which stay the same in every
// language. All lines when none is left.
func wording(lines []string) []string {
	var out []string
	for _, l := range lines {
		if !neutral(l) {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return lines
	}
	return out
}

// neutral reports whether a line has no letter, or is one ASCII token.
func neutral(line string) bool {
	letter, ascii := false, true
	for _, r := range line {
		letter = letter || unicode.IsLetter(r)
		if r > unicode.MaxASCII || unicode.IsSpace(r) {
			ascii = false
		}
	}
	return !letter || ascii
}

// firstNotIn returns the first line of a that b does not have.
func firstNotIn(a, b []string) string {
	for _, l := range a {
		if !slices.Contains(b, l) {
			return l
		}
	}
	return ""
}

// quoteLines quotes the first n lines, comma-separated.
func quoteLines(lines []string, n int) string {
	var q []string
	for _, l := range lines[:min(len(lines), n)] {
		q = append(q, fmt.Sprintf("%q", l))
	}
	if len(lines) > n {
		q = append(q, fmt.Sprintf("… %d more", len(lines)-n))
	}
	return strings.Join(q, ", ")
}

// compareStructure judges whether the two languages show the same page:
// the same counts of controls, images and links, and a cancel control in
// both or neither. Differences warn (plans on offer may vary by region).
func compareStructure(f *facts, o *outcome) {
	ps, ok := f.pairs(o)
	if !ok {
		return
	}
	la, lb := langName(f.in.Languages), langName(f.in.Compare.Languages)
	if c := f.in.Compare; f.in.HandBack != nil && c.Ended != "" && c.Ended != "handBack" {
		o.warn("the run in %s handed back, the run in %s ended %s", la, lb, c.Ended)
	}
	for _, p := range ps {
		compareCounts(o, p, la, lb)
	}
	o.look = "Compare the screenshots of the two runs: the same steps, controls and information, apart from the plans on offer."
}

// compareCounts judges one pair of probes' structure.
func compareCounts(o *outcome, p probePair, la, lb string) {
	label := p.a.Label
	counts := fmt.Sprintf("%d/%d controls, %d/%d images, %d/%d links", p.a.Controls, p.b.Controls, p.a.Images, p.b.Images, p.a.Links, p.b.Links)
	if p.a.Controls != p.b.Controls || p.a.Images != p.b.Images || p.a.Links != p.b.Links {
		o.warn("%s: the page differs between %s and %s: %s", label, la, lb, counts)
	} else {
		o.note("%s: the same page in %s and %s: %s", label, la, lb, counts)
	}
	switch ca, cb := len(p.a.Cancel) > 0, len(p.b.Cancel) > 0; {
	case ca && cb:
		o.note("%s: a cancel control in both (%s / %s)", label, p.a.Cancel[0], p.b.Cancel[0])
	case ca != cb:
		o.warn("%s: a cancel control in one language only (%s: %t, %s: %t)", label, la, ca, lb, cb)
	}
}

// checkSimilar compares the structure of the two runs' pages when there is
// a run in another language; otherwise it is manual.
func checkSimilar(f *facts, o *outcome) {
	if f.in.Compare == nil {
		o.manual()
		return
	}
	compareStructure(f, o)
}
