package audit

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
)

// Two tags name the same language when their canonical languages match
// (deprecated and macrolanguage codes replaced) and so do their scripts,
// named or implied by the region; a tag of the language alone matches
// every script of it.
func TestParseLangSame(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
		id   string // parseLang(a).String()
	}{
		{"he", "iw", true, "he"},
		{"he-IL", "iw", true, "he-Hebr"},
		{"iw-IL", "he", true, "he-Hebr"},
		{"nb-NO", "no", true, "nb-Latn"},
		{"no", "nb", true, "nb"},
		{"in", "id-ID", true, "id"},
		{"tl", "fil", true, "fil"},
		{"ji", "yi", true, "yi"},
		{"sh", "sr-Latn", true, "sr-Latn"},
		{"zh-CN", "zh-Hant-TW", false, "zh-Hans"},
		{"zh-CN", "zh-TW", false, "zh-Hans"},
		{"zh-TW", "zh-Hant", true, "zh-Hant"},
		{"zh-HK", "zh-Hant-TW", true, "zh-Hant"},
		{"zh", "zh-TW", true, "zh"},
		{"zh-Hans", "zh", true, "zh-Hans"},
		{"sr-Cyrl", "sr-Latn", false, "sr-Cyrl"},
		{"sr", "sr-Latn", true, "sr"},
		{"en-US", "en-GB", true, "en-Latn"},
		{"FR", "fr-FR", true, "fr"},
		{"fr-FR", "fr-CA", true, "fr-Latn"},
		{"en_GB", "EN-gb", true, "en-Latn"},
		{"fr-FR;q=0.9", "fr", true, "fr-Latn"},
		{"de", "fr", false, "de"},
		{"nn", "nb", false, "nn"},
		{"pt-BR", "pt-PT", true, "pt-Latn"},
		{"english", "en", false, "english"},
		{"x-none", "fi", false, "und"},
		{"und", "en", false, "und"},
		{"und-TW", "zh-TW", false, "und"},
	}
	for _, tt := range tests {
		a, b := parseLang(tt.a), parseLang(tt.b)
		if got := a.same(b); got != tt.same {
			t.Errorf("parseLang(%q).same(parseLang(%q)) = %t, want %t (%s, %s)", tt.a, tt.b, got, tt.same, a, b)
		}
		if got := b.same(a); got != tt.same {
			t.Errorf("parseLang(%q).same(parseLang(%q)) = %t, want %t (%s, %s)", tt.b, tt.a, got, tt.same, b, a)
		}
		if a.String() != tt.id {
			t.Errorf("parseLang(%q) = %s, want %s", tt.a, a, tt.id)
		}
	}
}

// localeCase is a launch's languages, the pages' <html lang> and what
// localization-locale must say.
type localeCase struct {
	name     string
	langs    []string
	page     string
	want     Status
	evidence string
}

// localization-locale compares <html lang> with the languages the app
// sent by canonical language and script, and reads English outside the
// list as a fallback (warn), any other language as a failure.
func TestLocaleByLanguageAndScript(t *testing.T) {
	tests := []localeCase{
		{"iw sent, he served", []string{"iw"}, "he", StatusPass, `<html lang="he"> matches "iw" (both he)`},
		{"he sent, iw served", []string{"he-IL", "he"}, "iw", StatusPass, `<html lang="iw"> matches "he-IL" (both he`},
		{"no sent, nb served", []string{"no"}, "nb-NO", StatusPass, `<html lang="nb-NO"> matches "no" (both nb`},
		{"nb sent, no served", []string{"nb-NO", "nb"}, "no", StatusPass, `matches "nb-NO"`},
		{"in sent, id served", []string{"in"}, "id", StatusPass, `matches "in" (both id)`},
		{"regional variant", []string{"fr-CA", "fr"}, "fr-FR", StatusPass, `<html lang="fr-FR"> matches "fr-CA"`},
		{"Traditional asked, Simplified served", []string{"zh-Hant-TW", "zh-TW"}, "zh-CN", StatusFail,
			`<html lang="zh-CN"> is not among the languages the app sent (zh-Hant-TW, zh-TW): the page is in zh-Hans, "zh-Hant-TW" asks for zh-Hant (the same language in another script)`},
		{"Traditional by region, Simplified served", []string{"zh-TW"}, "zh-Hans", StatusFail, "another script"},
		{"Traditional asked and served", []string{"zh-TW", "zh"}, "zh-Hant", StatusPass, `matches "zh-TW"`},
		{"Latin Serbian asked, Cyrillic served", []string{"sr-Latn"}, "sr-Cyrl", StatusFail, "the page is in sr-Cyrl"},
		{"Chinese without a script for Traditional", []string{"zh-TW"}, "zh", StatusWarn,
			`<html lang="zh"> names Chinese without a script, which browsers draw with Simplified Chinese glyph forms and fonts (as zh-Hans), while "zh-TW" asks for Traditional Chinese (zh-Hant)`},
		{"Chinese without a script for zh-Hant-TW, zh-HK", []string{"zh-Hant-TW", "zh-HK"}, "zh", StatusWarn, `"zh-Hant-TW" asks for Traditional Chinese (zh-Hant)`},
		{"Chinese without a script for zh-MO", []string{"zh-MO"}, "zh", StatusWarn, "Simplified Chinese glyph forms"},
		{"Chinese without a script for zh-Hant", []string{"zh-Hant"}, "zh", StatusWarn, "Simplified Chinese glyph forms"},
		{"cmn without a script for zh-HK", []string{"zh-HK"}, "cmn", StatusWarn, "Simplified Chinese glyph forms"},
		{"Chinese without a script, a later zh", []string{"zh-TW", "zh"}, "zh", StatusWarn,
			`is a later choice of Accept-Language ("zh"), not the first ("zh-TW"): it names Chinese without a script, which browsers draw with Simplified`},
		{"Chinese without a script, a later zh-CN", []string{"zh-TW", "zh-CN"}, "zh", StatusWarn, `is a later choice of Accept-Language ("zh-CN")`},
		{"Chinese without a script for Simplified", []string{"zh-CN"}, "zh", StatusPass, `matches "zh-CN"`},
		{"Chinese without a script for zh-Hans", []string{"zh-Hans"}, "zh", StatusPass, `matches "zh-Hans"`},
		{"Chinese without a script for zh", []string{"zh"}, "zh", StatusPass, `matches "zh"`},
		{"Traditional page for a bare zh", []string{"zh"}, "zh-Hant", StatusPass, `matches "zh"`},
		{"a later choice", []string{"de-DE", "de", "fr"}, "fr-FR", StatusWarn, `is a later choice of Accept-Language ("fr"), not the first ("de-DE")`},
		{"English outside the list", []string{"tr-TR"}, "en", StatusWarn,
			`<html lang="en"> is not among the languages the app sent (tr-TR) but English, the fallback of a portal that does not support them`},
		{"English as a later choice", []string{"fr-FR", "fr", "en"}, "en-US", StatusWarn, "later choice"},
		{"another language", []string{"fr-FR", "fr"}, "fi", StatusFail, `<html lang="fi"> is not among the languages the app sent (fr-FR, fr)`},
		{"no lang", []string{"fr-FR"}, "", StatusWarn, `no lang attribute, so the page's language cannot be checked (expected "fr-FR")`},
		{"an empty lang", []string{"fr-FR"}, "", StatusWarn, `<html lang=""> says the page's language is unknown, so it cannot be checked (expected "fr-FR")`},
		{"the header as sent", []string{"EN-us", "en_GB", "de", "de"}, "en", StatusPass, "Accept-Language: EN-us,en-GB;q=0.90,de;q=0.80"},
		{"a tag as sent", []string{"en_GB"}, "fr", StatusFail, "not among the languages the app sent (en-GB)"},
		{"und for English", []string{"en-US"}, "und", StatusWarn, `<html lang="und"> names no language (und is BCP 47's "undetermined"`},
		{"und with a region", []string{"zh-TW"}, "und-TW", StatusWarn, `<html lang="und-TW"> names no language`},
		{"und with a script", []string{"en-US"}, "und-Latn", StatusWarn, "the page's language is unknown and cannot be checked"},
		{"a private-use tag", []string{"fr-FR"}, "x-none", StatusWarn, `<html lang="x-none"> names no language`},
		{"an underscore", []string{"en-US"}, "en_US", StatusWarn,
			`<html lang="en_US"> is not a valid BCP 47 language tag: BCP 47 separates subtags with a hyphen, not an underscore (write "en-US")`},
		{"an underscore, read leniently", []string{"en-US"}, "en_US", StatusWarn, `read leniently, <html lang="en_US"> would match "en-US"`},
		{"not well-formed", []string{"en-US"}, "en--US", StatusWarn, "not a valid BCP 47 language tag: tag is not well-formed"},
		{"an invalid tag of another language", []string{"en-US"}, "fi_FI", StatusFail, "not among the languages the app sent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good()
			in.Languages = tt.langs
			probe(&in, func(p *inspect.Probe) { p.Lang, p.HasLang = tt.page, tt.page != "" || tt.name == "an empty lang" })
			p := find(t, Evaluate(in), "localization-locale")
			if p.Status != tt.want {
				t.Errorf("status %s, want %s; evidence %q", p.Status, tt.want, p.Evidence)
			}
			if !strings.Contains(strings.Join(p.Evidence, "\n"), tt.evidence) {
				t.Errorf("evidence %q lacks %q", p.Evidence, tt.evidence)
			}
		})
	}
}

// A language asked for without a script takes every script of it (the
// evidence says which script a bare tag most often means), while a page
// that names its language alone is in its likely script, which falls
// short of another script asked for (a warning, like a bare zh for
// zh-TW): zh and zh-Hant, sr and sr-Latn pass; sr-Latn and sr warns.
func TestLocaleScriptOfABareLanguage(t *testing.T) {
	tests := []localeCase{
		{"bare zh asked, Traditional served", []string{"zh"}, "zh-Hant", StatusPass,
			`<html lang="zh-Hant"> matches "zh": "zh" names no script, so zh-Hant meets it, though a bare zh most often means zh-Hans (its likely script); to check the script, ask for zh-Hans or zh-Hant`},
		{"bare zh asked, Taiwanese served", []string{"zh"}, "zh-TW", StatusPass, `"zh" names no script, so zh-Hant meets it`},
		{"bare zh asked, Simplified served", []string{"zh"}, "zh-Hans", StatusPass, `<html lang="zh-Hans"> matches "zh"`},
		{"bare sr asked, Latin served", []string{"sr"}, "sr-Latn", StatusPass,
			`<html lang="sr-Latn"> matches "sr": "sr" names no script, so sr-Latn meets it, though a bare sr most often means sr-Cyrl (its likely script); to check the script, ask for sr-Cyrl or sr-Latn`},
		{"bare sr asked, Cyrillic served", []string{"sr"}, "sr-Cyrl", StatusPass, `<html lang="sr-Cyrl"> matches "sr"`},
		{"Latin Serbian asked, bare sr served", []string{"sr-Latn"}, "sr", StatusWarn,
			`<html lang="sr"> names sr without a script, which means sr-Cyrl (its likely script, by CLDR's likely subtags), while "sr-Latn" asks for sr-Latn: the page should declare sr-Latn`},
		{"sr-Latn-RS asked, bare sr served", []string{"sr-Latn-RS", "sr-Latn", "sr"}, "sr", StatusWarn,
			`is a later choice of Accept-Language ("sr"), not the first ("sr-Latn-RS"): it names sr without a script, which means sr-Cyrl`},
		{"Montenegrin Serbian asked, bare sr served", []string{"sr-ME"}, "sr", StatusWarn, `while "sr-ME" asks for sr-Latn: the page should declare sr-Latn`},
		{"Cyrillic Serbian asked, bare sr served", []string{"sr-Cyrl-RS"}, "sr", StatusPass, `<html lang="sr"> matches "sr-Cyrl-RS"`},
		{"Taiwanese asked, bare zh served", []string{"zh-TW"}, "zh", StatusWarn,
			`<html lang="zh"> names Chinese without a script, which browsers draw with Simplified Chinese glyph forms and fonts (as zh-Hans), while "zh-TW" asks for Traditional Chinese (zh-Hant): the page should declare zh-Hant (or zh-TW, zh-HK)`},
		{"bare zh asked and served", []string{"zh"}, "zh", StatusPass, `<html lang="zh"> matches "zh"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good()
			in.Languages = tt.langs
			probe(&in, func(p *inspect.Probe) { p.Lang, p.HasLang = tt.page, true })
			p := find(t, Evaluate(in), "localization-locale")
			if p.Status != tt.want {
				t.Errorf("status %s, want %s; evidence %q", p.Status, tt.want, p.Evidence)
			}
			if !strings.Contains(strings.Join(p.Evidence, "\n"), tt.evidence) {
				t.Errorf("evidence %q lacks %q", p.Evidence, tt.evidence)
			}
		})
	}
	// A script the bare tag most often means needs no word.
	in := good()
	in.Languages = []string{"zh"}
	probe(&in, func(p *inspect.Probe) { p.Lang, p.HasLang = "zh-CN", true })
	if ev := strings.Join(find(t, Evaluate(in), "localization-locale").Evidence, "\n"); strings.Contains(ev, "names no script") {
		t.Errorf("zh-CN for a bare zh: evidence %q explains a script it need not", ev)
	}
}

// The built-in demo portal passes mpsim's own localization-locale for the
// languages it has (pass) and for a language it has not, neighbours of its
// languages included (gsw, lb, rm of de; gl, eu of es; oc of fr), takes
// the English fallback (warn), never a language the app did not send
// (fail).
func TestDemoPortalMeetsItsLocalePolicy(t *testing.T) {
	s, err := demoportal.New(demoportal.Config{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		langs []string
		want  Status
	}{
		{[]string{"gsw-CH"}, StatusWarn},
		{[]string{"lb"}, StatusWarn},
		{[]string{"rm"}, StatusWarn},
		{[]string{"gl"}, StatusWarn},
		{[]string{"eu"}, StatusWarn},
		{[]string{"oc"}, StatusWarn},
		{[]string{"tr-TR"}, StatusWarn},
		{[]string{"gsw-CH", "de"}, StatusWarn}, // a later choice
		{[]string{"fr-CA"}, StatusPass},
		{[]string{"de-CH"}, StatusPass},
		{[]string{"es-419"}, StatusPass},
		{[]string{"ja-JP"}, StatusPass},
		{[]string{"en-US"}, StatusPass},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.langs, ","), func(t *testing.T) {
			header, err := simulator.AcceptLanguage(tt.langs)
			if err != nil {
				t.Fatal(err)
			}
			in := good()
			in.Languages = tt.langs
			served := s.Language(header)
			probe(&in, func(p *inspect.Probe) { p.Lang, p.HasLang = served, true })
			if p := find(t, Evaluate(in), "localization-locale"); p.Status != tt.want {
				t.Errorf("the demo portal serves %q for %q: localization-locale %s, want %s; evidence %q", served, header, p.Status, tt.want, p.Evidence)
			}
		})
	}
}

// localization-locale warns when a page in a right-to-left language (its
// script named or likely) is laid out left to right, root and body; a
// body made rtl, a left-to-right language, or a probe that did not record
// the direction say nothing of it.
func TestLocaleRightToLeftDirection(t *testing.T) {
	tests := []struct {
		name, langs, page, dir, bodyDir string
		want                            Status
		evidence                        string // "" when the evidence must not speak of direction
	}{
		{"Arabic laid out ltr", "ar-SA", "ar", "ltr", "ltr", StatusWarn,
			`<html lang="ar"> is a right-to-left language (Arab script), but the page is laid out left to right (computed direction ltr on <html> and <body>): give <html> dir="rtl"`},
		{"Hebrew, iw", "he-IL", "iw", "ltr", "ltr", StatusWarn, "(Hebr script)"},
		{"Persian", "fa-IR", "fa-IR", "ltr", "ltr", StatusWarn, "(Arab script)"},
		{"Urdu", "ur-PK", "ur", "ltr", "ltr", StatusWarn, "(Arab script)"},
		{"Yiddish", "yi", "yi", "ltr", "ltr", StatusWarn, "(Hebr script)"},
		{"Dhivehi", "dv", "dv", "ltr", "ltr", StatusWarn, "(Thaa script)"},
		{"Central Kurdish", "ckb", "ckb", "ltr", "ltr", StatusWarn, "(Arab script)"},
		{"Azerbaijani in Arabic script", "az-Arab", "az-Arab", "ltr", "ltr", StatusWarn, "(Arab script)"},
		{"Arabic laid out rtl", "ar-SA", "ar", "rtl", "rtl", StatusPass, ""},
		{"Arabic with dir on the body", "ar-SA", "ar", "ltr", "rtl", StatusPass, ""},
		{"Arabic, direction not recorded", "ar-SA", "ar", "", "", StatusPass, ""},
		{"Azerbaijani in Latin script", "az", "az", "ltr", "ltr", StatusPass, ""},
		{"Japanese", "ja-JP", "ja", "ltr", "ltr", StatusPass, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good()
			in.Languages = []string{tt.langs}
			probe(&in, func(p *inspect.Probe) { p.Lang, p.HasLang, p.Dir, p.BodyDir = tt.page, true, tt.dir, tt.bodyDir })
			p := find(t, Evaluate(in), "localization-locale")
			if p.Status != tt.want {
				t.Errorf("status %s, want %s; evidence %q", p.Status, tt.want, p.Evidence)
			}
			ev := strings.Join(p.Evidence, "\n")
			if tt.evidence == "" && strings.Contains(ev, "right-to-left") || !strings.Contains(ev, tt.evidence) {
				t.Errorf("evidence %q, want %q", p.Evidence, cmp.Or(tt.evidence, "nothing of the direction"))
			}
		})
	}
}

// compareCase is a comparison run and what localization-languages and
// -similar must say of it.
type compareCase struct {
	name string
	// main and other are the runs' languages; edit changes the other
	// run's probes (a copy of the main run's, in English by default).
	main, other []string
	mainLang    string // the main run's <html lang>; "" for main[0]
	edit        func(c *Comparison)
	langs       Status // localization-languages
	similar     Status // localization-similar
	evidence    string // a line of localization-languages
}

// The comparison pairs only probes of one label that read the same page
// (path and route, not the query); two runs in one language, or both shown
// a fallback that is neither's language, are manual, not failed.
func TestCompareLanguagesPairsPagesAndLanguages(t *testing.T) {
	route := func(label, url string) func(c *Comparison) {
		return func(c *Comparison) {
			for i := range c.Probes {
				if c.Probes[i].Label == label {
					c.Probes[i].URL = url
				}
			}
		}
	}
	sameText := func(c *Comparison) {
		for i := range c.Probes {
			c.Probes[i].Text = goodProbe("x").Text
		}
	}
	lang := func(l string) func(c *Comparison) {
		return func(c *Comparison) {
			for i := range c.Probes {
				c.Probes[i].Lang = l
			}
		}
	}
	both := func(edits ...func(c *Comparison)) func(c *Comparison) {
		return func(c *Comparison) {
			for _, e := range edits {
				e(c)
			}
		}
	}
	tests := []compareCase{
		{"translated", []string{"fr-FR"}, []string{"en-US"}, "", nil, StatusPass, StatusPass, `fr-FR "Choisissez un forfait" / en-US "Choose a plan"`},
		{"another query, the same page", []string{"fr-FR"}, []string{"en-US"}, "", route("first-paint", "https://portal.example/mp?transactionId=t2&eid=1"),
			StatusPass, StatusPass, "first-paint: 4 of 5 lines of visible text differ"},
		{"another page at first paint", []string{"tr-TR"}, []string{"ko-KR"}, "", both(route("first-paint", "https://portal.example/mp?eid=1#/account"), sameText),
			StatusFail, StatusPass, "first-paint: not compared: the run in tr-TR probed https://portal.example/mp, the run in ko-KR https://portal.example/mp#/account, another page"},
		{"another page in every probe", []string{"tr-TR"}, []string{"ko-KR"}, "", both(route("first-paint", "https://portal.example/mp#/account"), route("handback", "https://portal.example/done"), sameText),
			StatusManual, StatusManual, "handback: not compared: the run in tr-TR probed https://portal.example/mp, the run in ko-KR https://portal.example/done, another page"},
		{"a regional variant", []string{"en-US"}, []string{"en-GB"}, "en", both(sameText, lang("en")),
			StatusManual, StatusPass, "en-US and en-GB are the same language and script (en-Latn): a regional variant may rightly show the same text"},
		{"French of France and Canada", []string{"fr-FR", "fr"}, []string{"fr-CA"}, "", sameText,
			StatusManual, StatusPass, "fr-FR and fr-CA are the same language"},
		{"the same language twice", []string{"fr-FR"}, []string{"fr-FR"}, "", sameText, StatusManual, StatusPass, "both runs asked for fr-FR first"},
		{"Simplified and Traditional", []string{"zh-CN"}, []string{"zh-TW"}, "", both(sameText, lang("zh-CN")), StatusFail, StatusPass, "the page did not change with the language"},
		{"English for both", []string{"tr-TR"}, []string{"ko-KR"}, "en", both(sameText, lang("en")),
			StatusManual, StatusPass, `both runs were shown the page in "en", neither tr-TR nor ko-KR: the portal may support neither language`},
		{"English for one of them", []string{"en-US"}, []string{"fr-FR"}, "", both(sameText, lang("en")), StatusFail, StatusPass, "the page did not change with the language"},
		{"the sent tags", []string{"fr_FR"}, []string{"EN-us", "en_GB"}, "", nil, StatusPass, StatusPass, "the same launch ran with Accept-Language: fr-FR and EN-us,en-GB;q=0.90"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good()
			in.Languages = tt.main
			c := &Comparison{Languages: tt.other, Ended: "handBack"}
			for _, p := range in.Probes {
				english(&p)
				c.Probes = append(c.Probes, p)
			}
			probe(&in, func(p *inspect.Probe) { p.Lang = cmp.Or(tt.mainLang, tt.main[0]) })
			if tt.edit != nil {
				tt.edit(c)
			}
			in.Compare = c
			ps := Evaluate(in)
			p, s := find(t, ps, "localization-languages"), find(t, ps, "localization-similar")
			if p.Status != tt.langs {
				t.Errorf("localization-languages %s, want %s; evidence %q", p.Status, tt.langs, p.Evidence)
			}
			if s.Status != tt.similar {
				t.Errorf("localization-similar %s, want %s; evidence %q", s.Status, tt.similar, s.Evidence)
			}
			if !strings.Contains(strings.Join(p.Evidence, "\n"), tt.evidence) {
				t.Errorf("localization-languages evidence %q lacks %q", p.Evidence, tt.evidence)
			}
		})
	}
}

func TestPageKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://127.0.0.1:8443/?eid=89049032&iccids=8901#/done", "/#/done"},
		{"https://127.0.0.1:9443/?eid=1#/done", "/#/done"},
		{"https://mo.example/plans?x=1", "/plans"},
		{"https://mo.example", "/"},
		{"https://mo.example/cb#access_token=abc&state=1", "/cb"},
		{"", "/"},
	}
	for _, tt := range tests {
		if got := pageKey(tt.in); got != tt.want {
			t.Errorf("pageKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A page with no <html lang> because it was not served as HTML (QA: a
// portal page served as text/plain showed as text and timed out, and
// nothing said why) says what it was served as; an HTML or XML page, or
// one with no record of its document, says nothing more.
func TestNoLangSaysThePageWasNotHTML(t *testing.T) {
	const why = "not as HTML: the WebView shows it as it is, in a document of its own with no lang, and none of its scripts run (serve the page as text/html)"
	for _, tc := range []struct {
		name, mime, want string
	}{
		{"text/plain", "text/plain; charset=utf-8", "; the page was served as text/plain, " + why},
		{"JSON", "application/json", "; the page was served as application/json, " + why},
		{"HTML", "text/html", ""},
		{"XHTML", "application/xhtml+xml", ""},
		{"no type recorded", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good()
			in.Network[0].MimeType = tc.mime
			probe(&in, func(p *inspect.Probe) { p.Lang, p.HasLang = "", false })
			p := find(t, Evaluate(in), "localization-locale")
			want := `first-paint (https://portal.example/mp): <html> has no lang attribute, so the page's language cannot be checked (expected "fr-FR")` + tc.want
			if p.Status != StatusWarn || !slices.Contains(p.Evidence, want) {
				t.Errorf("%s %q, want warn with %q", p.Status, p.Evidence, want)
			}
		})
	}
}
