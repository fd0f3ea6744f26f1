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
	// likely is script, or for a tag of the language alone the script
	// its likely subtags (CLDR) give it (zh → Hans, sr → Cyrl, en → Latn);
	// "" when none is known.
	likely string
}

// undetermined is the base of a tag that names no language: BCP 47's und
// ("undetermined") with or without a script or region, or a private-use
// tag (x-…).
const undetermined = "und"

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
	base, baseConf := t.Base()
	if baseConf != language.Exact {
		// und ("undetermined"), und-TW, a private-use x-…: the tag names
		// no language; Base would guess one from the region or script
		// (und → en, und-TW → zh), which the page never declared.
		return langID{base: undetermined}
	}
	id := langID{base: base.String()}
	sc, scriptConf := t.Script()
	if scriptConf != language.No && sc.String() != "Zzzz" {
		id.likely = sc.String()
	}
	if _, regionConf := t.Region(); scriptConf == language.Exact || regionConf == language.Exact {
		// The script is named or follows from the region: likely subtags
		// (CLDR) infer it for a tag that has a region but no script.
		id.script = id.likely
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

// servedAs is the MIME type of the last top-level document of pageURL
// (its query and data left out) the network record holds, lower-case and
// without parameters; "" when there is none.
func (f *facts) servedAs(pageURL string) string {
	served := ""
	for _, q := range f.in.Network {
		if q.Main && q.MimeType != "" && withoutQuery(q.URL) == withoutQuery(pageURL) {
			served = q.MimeType
		}
	}
	mime, _, _ := strings.Cut(served, ";")
	return strings.ToLower(strings.TrimSpace(mime))
}

// notHTMLNote says why a page has no <html lang> when it was served as
// mime, a type that is neither HTML nor XML (text/plain, JSON, an image):
// WebKit shows it in a document it makes, which has no lang, and runs no
// script of the page, so the portal shows its source and waits for the
// timeout (QA: a portal page served as text/plain); "" for HTML, XML or an
// unknown type.
func notHTMLNote(mime string) string {
	switch {
	case mime == "", mime == "text/html", strings.HasSuffix(mime, "/xml"), strings.HasSuffix(mime, "+xml"):
		return ""
	}
	return fmt.Sprintf("; the page was served as %s, not as HTML: the WebView shows it as it is, in a document of its own with no lang, and none of its scripts run (serve the page as text/html)", mime)
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
// sent, by MatchLang: the first language met passes (with the script a
// bare request left open, when it says one), a later one warns (a
// fallback the operator may intend), a page that names the language alone
// when the first language of it asks for another script than its likely
// one warns (LangBarePage: a bare zh for zh-TW), English outside the list
// warns (the usual fallback of a portal that does not support the user's
// language), another language or script fails, and no lang attribute, or
// an empty one (HTML's "unknown"), warns.
func pageLang(f *facts, o *outcome, p inspect.Probe) {
	sent := sentTags(f.in.Languages)
	label := probeLabel(p)
	if strings.TrimSpace(p.Lang) == "" {
		if p.HasLang { // lang="": HTML's "the language is unknown"
			o.warn("%s: <html lang=%q> says the page's language is unknown, so it cannot be checked (expected %q)", label, p.Lang, sent[0])
			return
		}
		o.warn("%s: <html> has no lang attribute, so the page's language cannot be checked (expected %q)%s", label, sent[0], notHTMLNote(f.servedAs(p.URL)))
		return
	}
	if parseLang(p.Lang).base == undetermined {
		o.warn("%s: <html lang=%q> names no language (und is BCP 47's \"undetermined\", x-… a private-use tag), so the page's language is unknown and cannot be checked (expected %q)", label, p.Lang, sent[0])
		return
	}
	invalid := invalidTag(p.Lang)
	if invalid != "" {
		o.warn("%s: <html lang=%q> is not a valid BCP 47 language tag: %s; browsers, screen readers and translators may not recognise it", label, p.Lang, invalid)
	}
	ms := make([]LangMatch, len(sent))
	for j, l := range sent {
		ms[j] = MatchLang(l, p.Lang)
	}
	i := slices.IndexFunc(ms, func(m LangMatch) bool { return m.Verdict == LangMet })
	short := slices.IndexFunc(ms, func(m LangMatch) bool { return m.Verdict == LangBarePage })
	switch {
	case i == 0 && invalid != "":
		o.note("%s: read leniently, <html lang=%q> would match %q%s", label, p.Lang, sent[0], canonicalNote(p.Lang, sent[0]))
	case i == 0:
		o.note("%s: <html lang=%q> matches %q%s%s", label, p.Lang, sent[0], canonicalNote(p.Lang, sent[0]), prefixed(": ", ms[0].Why))
	case i > 0:
		o.warn("%s: <html lang=%q> is a later choice of Accept-Language (%q), not the first (%q)%s", label, p.Lang, sent[i], sent[0], prefixed(": it names ", barePageWhy(ms[0])))
	case short >= 0:
		o.warn("%s: <html lang=%q> names %s", label, p.Lang, ms[short].Why)
	case parseLang(p.Lang).base == fallbackLanguage:
		o.warn("%s: <html lang=%q> is not among the languages the app sent (%s) but English, the fallback of a portal that does not support them (contract §1.4: the user's language when it can)",
			label, p.Lang, strings.Join(sent, ", "))
	default:
		o.fail("%s: <html lang=%q> is not among the languages the app sent (%s)%s", label, p.Lang, strings.Join(sent, ", "), scriptNote(ms))
	}
}

// invalidTag says why tag, a page's <html lang>, is not a valid BCP 47
// language tag (an underscore for the hyphen, a tag that is not
// well-formed, a subtag no registry knows); "" when it is valid. parseLang
// reads such a tag leniently, as the app's own tags are read, but a page
// must declare a valid one (axe's html-lang-valid).
func invalidTag(tag string) string {
	tag = strings.TrimSpace(tag)
	if strings.Contains(tag, "_") {
		return fmt.Sprintf("BCP 47 separates subtags with a hyphen, not an underscore (write %q)", sentTag(tag))
	}
	if _, err := language.Parse(tag); err != nil {
		return strings.TrimPrefix(err.Error(), "language: ")
	}
	return ""
}

// barePageWhy is m.Why when m is LangBarePage, else "".
func barePageWhy(m LangMatch) string {
	if m.Verdict != LangBarePage {
		return ""
	}
	return m.Why
}

// scriptNote is the reason of the first of ms that is the page's language
// in another script (": the page is in zh-Hans, …"); "" when none is.
func scriptNote(ms []LangMatch) string {
	for _, m := range ms {
		if m.Verdict == LangOtherScript {
			return ": " + m.Why
		}
	}
	return ""
}

// LangVerdict is how a page's language tag meets a language asked for
// (MatchLang).
type LangVerdict int

// The verdicts of MatchLang.
const (
	// LangOther: another language (or a tag that names none).
	LangOther LangVerdict = iota
	// LangMet: the language asked for, in its script; any script of it
	// when the tag asked for names the language alone.
	LangMet
	// LangBarePage: the page names the language alone, whose likely
	// script is not the one asked for (a bare zh for zh-TW, a bare sr for
	// sr-Latn): it falls short, and localization-locale warns of it.
	LangBarePage
	// LangOtherScript: the language asked for in another script, both
	// named or implied by a region (zh-CN for zh-TW, sr-Cyrl for sr-Latn).
	LangOtherScript
)

// LangMatch is the verdict of MatchLang and its words.
type LangMatch struct {
	Verdict LangVerdict
	// Why says, for LangBarePage and LangOtherScript, why the page falls
	// short and, for LangBarePage, what it should declare; for LangMet,
	// when the tag asked for names no script and the page's script is not
	// the one the bare tag most often means, that assumption; else "".
	Why string
}

// MatchLang is the one rule by which the design policy
// localization-locale judges a page's <html lang> against each language
// the app sent and a scenario's html_lang expectation against the cell's
// language or its tag: the same language, canonical forms aside (iw is
// he, cmn zh, no nb), and by script. Each tag is read as its reader reads
// it.
//
// The language asked for is read as content negotiation reads a language
// range (RFC 4647): a tag of the language alone (zh, sr) takes every
// script of it, so zh-Hant meets zh and sr-Latn meets sr; Why then says
// that the bare tag most often means its likely script (zh-Hans, sr-Cyrl)
// and how to check the script. The app passes the Windows display
// language, which names a region or a script (zh-CN, zh-TW, sr-Latn-RS),
// so a bare language is a scenario's or --lang's shorthand, and Serbian
// readers read both of its scripts.
//
// The page's lang is read as a browser reads it: a tag of the language
// alone has its likely script (CLDR likely subtags: zh is zh-Hans, sr
// sr-Cyrl). It meets a request for that script (zh for zh-CN) and falls
// short of another (LangBarePage: zh for zh-TW, which browsers draw with
// Simplified Chinese glyph forms; sr for sr-Latn-RS).
//
// A script named, or implied by a region (zh-TW is Hant, sr-RS Cyrl,
// sr-ME Latn), on both sides must be the same (LangOtherScript). Tags are
// read as the app sends them and pages declare them (sentTag, parseLang);
// whether a page's lang is well-formed is the caller's to check.
func MatchLang(asked, page string) LangMatch {
	a, p := parseLang(asked), parseLang(page)
	switch {
	case a.base != p.base, p.base == undetermined:
		return LangMatch{Verdict: LangOther}
	case a.script != "" && p.script != "" && a.script != p.script:
		return LangMatch{Verdict: LangOtherScript,
			Why: fmt.Sprintf("the page is in %s, %q asks for %s (the same language in another script)", p, sentTag(asked), a)}
	case a.script != "" && p.script == "" && p.likely != "" && p.likely != a.script:
		return LangMatch{Verdict: LangBarePage, Why: barePageReason(p, a, sentTag(asked))}
	case a.script == "" && p.script != "" && a.likely != "" && p.script != a.likely:
		return LangMatch{Verdict: LangMet,
			Why: fmt.Sprintf("%q names no script, so %s meets it, though a bare %s most often means %s-%s (its likely script); to check the script, ask for %s-%s or %s",
				sentTag(asked), p, a.base, a.base, a.likely, a.base, a.likely, p)}
	}
	return LangMatch{Verdict: LangMet}
}

// barePageReason says why a page that names its language alone, p, falls
// short of want, asked for as asked, in another script than p's likely
// one, and what the page should declare.
func barePageReason(p, want langID, asked string) string {
	if p.base == "zh" && want.script == "Hant" {
		return fmt.Sprintf("Chinese without a script, which browsers draw with Simplified Chinese glyph forms and fonts (as zh-Hans), while %q asks for Traditional Chinese (zh-Hant): the page should declare zh-Hant (or zh-TW, zh-HK)", asked)
	}
	return fmt.Sprintf("%s without a script, which means %s-%s (its likely script, by CLDR's likely subtags), while %q asks for %s: the page should declare %s", p.base, p.base, p.likely, asked, want, want)
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
