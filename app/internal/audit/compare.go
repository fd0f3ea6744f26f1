package audit

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"mpsim/app/internal/inspect"
)

// Comparison is a second run of the same launch (same device, portal and
// transaction) with another Accept-Language, for the localization
// policies: `mpsim run --compare-lang`. Its probes are compared with the
// main run's, label by label.
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
// label.
type probePair struct{ a, b inspect.Probe }

// pairs returns the probes of both runs with the same label, in the main
// run's order; ok is false (and o says why) when there is nothing to
// compare.
func (f *facts) pairs(o *outcome) (out []probePair, ok bool) {
	c := f.in.Compare
	if c == nil {
		return nil, false
	}
	if c.Error != "" {
		o.manual()
		o.note("the run in %s failed: %s", strings.Join(c.Languages, ", "), c.Error)
		return nil, false
	}
	for _, a := range f.probes() {
		for _, b := range c.Probes {
			if b.Label == a.Label && (b.Error == "" || b.URL != "") {
				out = append(out, probePair{a, b})
				break
			}
		}
	}
	if len(out) == 0 {
		o.manual()
		o.note("the run in %s (ended %s) has no probe to compare with this run's", strings.Join(c.Languages, ", "), c.Ended)
		return nil, false
	}
	return out, true
}

// langName names the first language of a run ("" → "the default").
func langName(langs []string) string {
	if len(langs) == 0 {
		return "the default language"
	}
	return langs[0]
}

// compareLanguages judges whether the visible text changed with the
// language: it fails when (nearly) every line stayed the same.
func compareLanguages(f *facts, o *outcome) {
	ps, ok := f.pairs(o)
	if !ok {
		return
	}
	la, lb := langName(f.in.Languages), langName(f.in.Compare.Languages)
	o.note("the same launch ran with Accept-Language %s and %s", la, lb)
	for _, p := range ps {
		compareText(o, p, la, lb)
	}
}

// compareText judges one pair of probes' text samples.
func compareText(o *outcome, p probePair, la, lb string) {
	label := p.a.Label
	if len(p.a.Text) == 0 || len(p.b.Text) == 0 {
		o.manual()
		o.note("%s: no visible text sampled (%d lines in %s, %d in %s)", label, len(p.a.Text), la, len(p.b.Text), lb)
		return
	}
	lines := wording(p.a.Text)
	var same []string
	for _, l := range lines {
		if slices.Contains(p.b.Text, l) {
			same = append(same, l)
		}
	}
	differ := len(lines) - len(same)
	share := float64(differ) / float64(len(lines))
	figures := fmt.Sprintf("%s: %d of %d lines of visible text differ between %s and %s", label, differ, len(lines), la, lb)
	if n := len(p.a.Text) - len(lines); n > 0 {
		figures += fmt.Sprintf(" (%d language-neutral lines left out)", n)
	}
	switch {
	case share < unchangedShare:
		o.fail("%s: the page did not change with the language (<html lang> %q and %q)", figures, p.a.Lang, p.b.Lang)
		for _, l := range same[:min(len(same), 5)] {
			o.note("%s: the same in %s and %s: %q", label, la, lb, l)
		}
	case share < translatedShare:
		o.warn("%s: only partly translated; the same in both: %s", figures, quoteLines(same, 5))
	default:
		o.note("%s; %s %q / %s %q", figures, la, firstNotIn(p.a.Text, p.b.Text), lb, firstNotIn(p.b.Text, p.a.Text))
	}
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
