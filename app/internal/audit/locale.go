package audit

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"mpsim/app/internal/inspect"
	"mpsim/simulator"
)

// canon is how language tags are canonicalised before they are compared:
// every replacement BCP 47 and CLDR know, so that deprecated and legacy
// subtags name the language of today (iw → he, in → id, ji → yi, tl → fil,
// mo → ro, sh → sr-Latn) and a macrolanguage its usual member (no → nb,
// cmn → zh).
const canon = language.All | language.CLDR

// langID is what the localization policies compare of a language tag: the
// language and its script.
type langID struct {
	// base is the canonical language subtag ("he" for iw); for a tag that
	// does not parse, its primary subtag in lower case.
	base string
	// script is the script the tag names, or the one its region implies
	// (zh-TW → Hant, zh-CN → Hans, sr-RS → Cyrl); "" when the tag names
	// the language alone ("zh", "sr"), which does not say which script.
	script string
}

// parseLang reads a language tag as the app sends it or a page declares
// it (case, an underscore for the hyphen and an Accept-Language q-value
// are tolerated).
func parseLang(tag string) langID {
	raw := sentTag(tag)
	raw, _, _ = strings.Cut(raw, ";") // an Accept-Language q-value
	t, err := canon.Parse(strings.TrimSpace(raw))
	if err != nil {
		return langID{base: primary(raw)}
	}
	base, _ := t.Base()
	id := langID{base: base.String()}
	_, scriptConf := t.Script()
	if _, regionConf := t.Region(); scriptConf == language.Exact || regionConf == language.Exact {
		// The script is named or follows from the region: likely subtags
		// (CLDR) infer it for a tag that has a region but no script.
		if s, _ := t.Script(); s.String() != "Zzzz" {
			id.script = s.String()
		}
	}
	return id
}

// same reports whether a and b are the same language in the same script;
// a tag that names the language alone matches every script of it.
func (a langID) same(b langID) bool {
	return a.base == b.base && (a.script == "" || b.script == "" || a.script == b.script)
}

// String names the language and, when known, its script ("zh-Hant").
func (a langID) String() string {
	if a.script == "" {
		return a.base
	}
	return a.base + "-" + a.script
}

// primary returns the lower-case primary subtag of a language tag.
func primary(tag string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	p, _, _ = strings.Cut(p, "_")
	p, _, _ = strings.Cut(p, ";") // an Accept-Language q-value
	return strings.ToLower(p)
}

// sentTag is a language as the app sends it: trimmed, with an underscore
// turned into a hyphen (simulator.AcceptLanguage, like WebKit); its case is
// kept.
func sentTag(tag string) string { return strings.ReplaceAll(strings.TrimSpace(tag), "_", "-") }

// sentTags returns langs as the app sends them (sentTag).
func sentTags(langs []string) []string {
	out := make([]string, len(langs))
	for i, l := range langs {
		out[i] = sentTag(l)
	}
	return out
}

// acceptLanguage is the Accept-Language header the app sent for langs
// (simulator.AcceptLanguage, which builds the launch's header as WebKit
// does), or the tags as sent when it cannot be built.
func acceptLanguage(langs []string) string {
	if h, err := simulator.AcceptLanguage(langs); err == nil {
		return h
	}
	return strings.Join(sentTags(langs), ",")
}

// contentLanguage returns the Content-Language header of the first main
// document response ("" when none).
func (f *facts) contentLanguage() string {
	for _, q := range f.in.Network {
		if !q.Main {
			continue
		}
		for _, h := range q.ResponseHeaders {
			if strings.EqualFold(h.Name, "Content-Language") {
				return h.Value
			}
		}
		return ""
	}
	return ""
}

// checkLocale compares each probed page's <html lang> with the
// Accept-Language the app sent, by language and script (pageLang).
func checkLocale(f *facts, o *outcome) {
	if len(f.in.Languages) == 0 {
		o.manual()
		o.note("no Accept-Language in the launch")
		return
	}
	o.note("Accept-Language: %s", acceptLanguage(f.in.Languages))
	if cl := f.contentLanguage(); cl != "" {
		o.note("Content-Language of the portal page: %s", cl)
	}
	ps, ok := f.probesOr(o)
	if !ok {
		return
	}
	for _, p := range ps {
		pageLang(f, o, p)
		pageDir(o, p)
	}
}

// rtlScript reports whether script (an ISO 15924 code) is written right
// to left, as a page's language may be (its script named or likely: ar,
// fa, ur, ps, ckb, sd, ug → Arab; he, yi → Hebr; dv → Thaa; syr → Syrc;
// nqo → Nkoo; ff-Adlm → Adlm; rhg-Rohg → Rohg).
func rtlScript(script string) bool {
	switch script {
	case "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr":
		return true
	}
	return false
}

// pageDir warns when a probed page declares a right-to-left language in
// <html lang> (by its script, named or likely: ar-SA is Arab, az-Arab too,
// az alone Latn) but neither its root nor its body is laid out right to
// left (computed CSS direction ltr: no dir="rtl", or dir="ltr"): its
// sentences, punctuation and layout run the wrong way. Nothing is said
// when the probe did not record the direction (a report older than it).
func pageDir(o *outcome, p inspect.Probe) {
	if p.Dir != "ltr" || p.BodyDir == "rtl" || strings.TrimSpace(p.Lang) == "" {
		return
	}
	t, err := canon.Parse(sentTag(p.Lang))
	if err != nil {
		return
	}
	if sc, conf := t.Script(); conf != language.No && rtlScript(sc.String()) {
		o.warn("%s: <html lang=%q> is a right-to-left language (%s script), but the page is laid out left to right (computed direction ltr on <html> and <body>): give <html> dir=\"rtl\" so that its text, punctuation and layout run right to left",
			probeLabel(p), p.Lang, sc)
	}
}

// fallbackLanguage is the language a portal shows when it supports none of
// the user's (contract §1.4: in the user's language "when it can").
const fallbackLanguage = "en"

// pageLang judges one probe's <html lang> against the languages the app
// sent, compared as canonical language and script: the first language
// passes, a later one warns (a fallback the operator may intend), English
// outside the list warns (the usual fallback of a portal that does not
// support the user's language), a bare "zh" for Traditional Chinese warns
// (bareHanForHant: browsers draw it as Simplified), another language
// fails, and no lang attribute, or an empty one (HTML's "unknown"), warns.
func pageLang(f *facts, o *outcome, p inspect.Probe) {
	sent := sentTags(f.in.Languages)
	label := probeLabel(p)
	if strings.TrimSpace(p.Lang) == "" {
		if p.HasLang { // lang="": HTML's "the language is unknown"
			o.warn("%s: <html lang=%q> says the page's language is unknown, so it cannot be checked (expected %q)", label, p.Lang, sent[0])
			return
		}
		o.warn("%s: <html> has no lang attribute, so the page's language cannot be checked (expected %q)", label, sent[0])
		return
	}
	got := parseLang(p.Lang)
	i := slices.IndexFunc(sent, func(l string) bool { return got.same(parseLang(l)) && !bareHanForHant(got, parseLang(l)) })
	switch {
	case i == 0:
		o.note("%s: <html lang=%q> matches %q%s", label, p.Lang, sent[0], canonicalNote(p.Lang, sent[0]))
	case i > 0:
		o.warn("%s: <html lang=%q> is a later choice of Accept-Language (%q), not the first (%q)%s", label, p.Lang, sent[i], sent[0], prefixed(": it names ", bareHanNote(got, sent[:1])))
	case bareHanNote(got, sent) != "":
		o.warn("%s: <html lang=%q> names %s", label, p.Lang, bareHanNote(got, sent))
	case got.base == fallbackLanguage:
		o.warn("%s: <html lang=%q> is not among the languages the app sent (%s) but English, the fallback of a portal that does not support them (contract §1.4: the user's language when it can)",
			label, p.Lang, strings.Join(sent, ", "))
	default:
		o.fail("%s: <html lang=%q> is not among the languages the app sent (%s)%s", label, p.Lang, strings.Join(sent, ", "), scriptNote(got, sent))
	}
}

// bareHanForHant reports whether a page's language, got, is Chinese
// without a script or region ("zh") while want is Chinese in Traditional
// script (zh-Hant, zh-TW, zh-HK, zh-MO): browsers draw a bare zh with
// Simplified Chinese glyph forms and fonts (its likely script is Hans), so
// it does not declare the Traditional script the user asked for.
func bareHanForHant(got, want langID) bool {
	return got.base == "zh" && got.script == "" && want.base == "zh" && want.script == "Hant"
}

// bareHanNote says why a bare zh page does not meet the first of sent
// that asks for Traditional Chinese (bareHanForHant); "" when none does.
func bareHanNote(got langID, sent []string) string {
	for _, l := range sent {
		if bareHanForHant(got, parseLang(l)) {
			return fmt.Sprintf("%s, while %q asks for Traditional Chinese (zh-Hant): %s", BareChineseReason, l, BareChineseFix)
		}
	}
	return ""
}

// BareChineseReason and BareChineseFix say why a page that declares
// Chinese without a script falls short of Traditional Chinese, and what
// to declare instead (BareChinese).
const (
	BareChineseReason = "Chinese without a script, which browsers draw with Simplified Chinese glyph forms and fonts (as zh-Hans)"
	BareChineseFix    = "the page should declare zh-Hant (or zh-TW, zh-HK)"
)

// BareChinese reports whether a page that declares pageLang, Chinese
// without a script or region ("zh"), falls short of wantLang, Chinese in
// Traditional script (zh-Hant, zh-TW, zh-HK, zh-MO): the rule by which
// localization-locale warns of it and a scenario's html_lang expectation
// explains its failure.
func BareChinese(pageLang, wantLang string) bool {
	return bareHanForHant(parseLang(pageLang), parseLang(wantLang))
}

// prefixed is s after prefix, or "" when s is empty.
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// canonicalNote explains a match of two different spellings of one
// language (" (both he)" for he and iw); "" when they read alike.
func canonicalNote(page, sent string) string {
	a, b := parseLang(page), parseLang(sent)
	if a.base == primary(page) && b.base == primary(sent) {
		return ""
	}
	id := a
	if id.script == "" {
		id = b
	}
	return fmt.Sprintf(" (both %s)", id)
}

// scriptNote says when a page is in one of the sent languages but in
// another script (zh-Hans for zh-Hant); "" otherwise.
func scriptNote(got langID, sent []string) string {
	for _, l := range sent {
		if want := parseLang(l); want.base == got.base {
			return fmt.Sprintf(": the page is in %s, %q asks for %s (the same language in another script)", got, l, want)
		}
	}
	return ""
}

// checkLanguages compares the visible text with the run in another
// language when there is one; otherwise it is manual and names the
// language the portal showed.
func checkLanguages(f *facts, o *outcome) {
	if f.in.Compare != nil {
		compareLanguages(f, o)
		return
	}
	o.manual()
	var langs []string
	for _, p := range f.probes() {
		if p.Lang != "" && !slices.Contains(langs, p.Lang) {
			langs = append(langs, p.Lang)
		}
	}
	if len(langs) > 0 {
		o.note("this session showed the portal in %s", strings.Join(langs, ", "))
	}
	if len(f.in.Languages) > 0 {
		o.note("launched with Accept-Language: %s", acceptLanguage(f.in.Languages))
	}
}
