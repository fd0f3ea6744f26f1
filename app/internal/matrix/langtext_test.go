package matrix

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator"
)

// TestTextPick: a cell takes the key of its first language, else the best
// of its base language, else "*"; with none of those, no value.
func TestTextPick(t *testing.T) {
	table := ByLanguage(map[string]string{"en": "Buy", "de": "Kaufen", "pt-BR": "Comprar", "pt-PT": "Adquirir", "zh-Hant": "購買"})
	withAny := ByLanguage(map[string]string{"de-CH": "Chaufe", "*": "Buy"})
	for _, tc := range []struct {
		name      string
		text      Text
		lang      string
		value     string
		key       string
		ok        bool
		unchanged bool
	}{
		{name: "one string for every cell", text: Plain("Buy"), lang: "ja-JP", value: "Buy", ok: true},
		{name: "exact", text: table, lang: "pt-BR", value: "Comprar", key: "pt-BR", ok: true},
		{name: "exact, case aside", text: table, lang: "pt-br", value: "Comprar", key: "pt-BR", ok: true},
		{name: "exact, underscore", text: table, lang: "pt_PT", value: "Adquirir", key: "pt-PT", ok: true},
		{name: "base language", text: table, lang: "de-AT", value: "Kaufen", key: "de", ok: true},
		{name: "base language of en-US", text: table, lang: "en-US", value: "Buy", key: "en", ok: true},
		{name: "best of the base language", text: table, lang: "pt-AO", value: "Adquirir", key: "pt-PT", ok: true},
		{name: "script", text: table, lang: "zh-TW", value: "購買", key: "zh-Hant", ok: true},
		{name: "no key, no star", text: table, lang: "fr-FR", ok: false},
		{name: "star", text: withAny, lang: "fr-FR", value: "Buy", key: "*", ok: true},
		{name: "region before star", text: withAny, lang: "de-DE", value: "Chaufe", key: "de-CH", ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, k, ok := tc.text.Pick(tc.lang)
			if v != tc.value || k != tc.key || ok != tc.ok {
				t.Errorf("Pick(%q) = %q, %q, %v; want %q, %q, %v", tc.lang, v, k, ok, tc.value, tc.key, tc.ok)
			}
		})
	}
}

const langStepsFile = `[[scenario]]
name = "buy"
portal = "https://127.0.0.1:8443/"
languages = ["en-US", "de-AT", "pt-BR", "fr-FR"]

[[scenario.steps]]
click_text = { en = "Buy", de = "Kaufen", "pt-BR" = "Comprar" }

[[scenario.steps]]
choose = "#plan"
value = { en = "Unlimited", "*" = "Unlimited" }

[[scenario.steps]]
fill = "#email"
value = "ann@example.com"

[[scenario.steps]]
wait_text = "Merci"
`

// TestStepTextsByLanguage: each cell takes the strings of its language
// from a step's table, and its record names the key it took; a cell whose
// language no key (nor "*") matches cannot run, with the file:line, the
// step, the language and the keys in its error, while the others can.
func TestStepTextsByLanguage(t *testing.T) {
	ss, err := parse(t, langStepsFile)
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	byLang := map[string]Cell{}
	for _, c := range cells {
		byLang[c.Lang] = c
	}
	for _, tc := range []struct {
		lang, click, where, choose string
	}{
		{"en-US", "Buy", `s.toml:6, key "en" for en-US`, "Unlimited"},
		{"de-AT", "Kaufen", `s.toml:6, key "de" for de-AT`, "Unlimited"},
		{"pt-BR", "Comprar", `s.toml:6, key "pt-BR" for pt-BR`, "Unlimited"},
	} {
		req, err := byLang[tc.lang].Request(1)
		if err != nil {
			t.Errorf("%s: %v", tc.lang, err)
			continue
		}
		st := req.Steps
		if len(st) != 4 || st[0].Target != tc.click || st[0].Where != tc.where || st[1].Value != tc.choose ||
			st[2].Value != "ann@example.com" || st[2].Where != "s.toml:13" || st[3].Target != "Merci" {
			t.Errorf("%s: steps = %+v", tc.lang, st)
		}
		if got := st[0].String(); got != `click_text "`+tc.click+`"` || byLang[tc.lang].StepString(0) != got {
			t.Errorf("%s: the step's record says %q, the host window %q", tc.lang, got, byLang[tc.lang].StepString(0))
		}
	}
	_, err = byLang["fr-FR"].Request(1)
	want := `s.toml:6: step 1 (click_text) has no value for the cell's language fr-FR: its keys are de, en, pt-BR`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("fr-FR: %v\nwant it to contain %q", err, want)
	}
}

// TestLanguageTablesAreCheckedOnLoad: the keys of a table must be BCP 47
// language tags (or "*"), once each, its strings not empty where the
// step needs a text; each problem is said once, at its line.
func TestLanguageTablesAreCheckedOnLoad(t *testing.T) {
	head := "[[scenario]]\nname = \"a\"\nportal = \"https://x.example/\"\n[[scenario.steps]]\n"
	for _, tc := range []struct {
		name, step string
		want       []string
	}{
		{"not a tag", `click_text = { "en US" = "Buy" }`, []string{`s.toml:5: scenario "a": step 1: click_text: key "en US" is no BCP 47 language tag`}},
		{"bad tag", `wait_text = { "e1" = "Buy" }`, []string{`s.toml:5: scenario "a": step 1: wait_text: key "e1" is no BCP 47 language tag`}},
		{"a tag cut short", `click_text = { "en-" = "Buy" }`, []string{`s.toml:5: scenario "a": step 1: click_text: key "en-" is no BCP 47 language tag`}},
		{"one language twice", `click_text = { "pt-BR" = "Comprar", "pt_br" = "Comprar" }`, []string{`keys "pt-BR" and "pt_br" are the same language`}},
		{"empty table", `wait_url = {}`, []string{`s.toml:5: scenario "a": step 1: wait_url: the table has no language`}},
		{"empty string", `click_text = { en = "Buy", de = "" }`, []string{`step 1: click_text: "de": the string is empty`}},
		{"white space", `click_text = { en = "Buy", de = "  " }`, []string{`s.toml:5: scenario "a": step 1: click_text: "de": the string "  " is only white space`}},
		{"white space, one string", `wait_text = " \t"`, []string{`s.toml:5: scenario "a": step 1: wait_text: the string " \t" is only white space`}},
		// An absolute URL no page's URL contains (before: the step waited
		// for its timeout).
		{"wait_url with a mistyped scheme", `wait_url = "htps://x.example/done"`, []string{`s.toml:5: scenario "a": step 1: wait_url: "htps://x.example/done" is in no page's URL: give an http(s) URL, like https://x.example/done`}},
		{"wait_url in capitals", `wait_url = { en = "/done", de = "HTTPS://x.example/fertig" }`, []string{`s.toml:5: scenario "a": step 1: wait_url: "de": "HTTPS://x.example/fertig" is in no page's URL: give an http(s) URL, like https://x.example/fertig`}},
		{"wait_url with an IPv6 address out of its brackets", `wait_url = "http://::1:8443/done"`, []string{`step 1: wait_url: "http://::1:8443/done" is in no page's URL: an IPv6 address goes in brackets in a URL, like http://[::1]:8443/done`}},
		{"empty choose", "choose = \"#plan\"\nvalue = { en = \"\" }", []string{`step 1: value: "en": the string is empty`}},
		{"wrong type", `click_text = { en = 3 }`, []string{`click_text.en: got number, want string`}},
		{"sub-table", "click = \"#x\"\n[scenario.steps.value]\nen = 1", []string{`value goes with fill and choose only`, `value.en: got number, want string`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(t, head+tc.step+"\n")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) || strings.Count(err.Error(), "\n")+1 != len(tc.want) {
					t.Errorf("errors:\n%v\nwant once: %q", err, w)
				}
			}
		})
	}
	// A fill may clear a field in one language; a sub-table reads as an
	// inline one.
	ss, err := parse(t, head+"fill = \"#x\"\n[scenario.steps.value]\nen = \"\"\nde = \"x\"\n")
	if err != nil || ss[0].Steps[0].Value.String() != `{ de = "x", en = "" }` {
		t.Errorf("fill with a sub-table: %v, %+v", err, ss)
	}
}

// TestLanguageTablesOfSeveralSteps: each step's table is its own, whether
// inline or a sub-table ([scenario.steps.click_text] after each
// [[scenario.steps]]): a bad key is said once, at its step and the line of
// its key, and no step loses its action to another's (go-toml gave every
// such sub-table to the first step that had one).
func TestLanguageTablesOfSeveralSteps(t *testing.T) {
	const head = "[[scenario]]\nname = \"x\"\ndemo_choice = \"buy\"\n[[scenario.steps]]\nwait_for = \"#plan-h\"\n"
	_, err := parse(t, head+"[[scenario.steps]]\nclick_text = { \"e\" = \"Next\" }\n[[scenario.steps]]\nclick_text = { \"en-\" = \"Next\" }\n")
	want := []string{
		`s.toml:7: scenario "x": step 2: click_text: key "e" is no BCP 47 language tag;`,
		`s.toml:9: scenario "x": step 3: click_text: key "en-" is no BCP 47 language tag;`,
	}
	if err == nil || strings.Count(err.Error(), "\n")+1 != len(want) {
		t.Fatalf("errors:\n%v\nwant %d", err, len(want))
	}
	for i, line := range strings.Split(err.Error(), "\n") {
		if !strings.HasPrefix(line, want[i]) {
			t.Errorf("error %d = %q\nwant %q…", i+1, line, want[i])
		}
	}
	ss, err := parse(t, head+"[[scenario.steps]]\n[scenario.steps.click_text]\nen = \"Next\"\n[[scenario.steps]]\n[scenario.steps.click_text]\nde = \"Weiter\"\n"+
		"[[scenario.steps]]\nwait_text = \"Done\"\n[[scenario.steps]]\n[scenario.steps.wait_text]\nen = \"Thanks\"\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range ss[0].Steps {
		got = append(got, st.Session().String())
	}
	if w := []string{`wait_for "#plan-h"`, `click_text "{ en = \"Next\" }"`, `click_text "{ de = \"Weiter\" }"`, `wait_text "Done"`, `wait_text "{ en = \"Thanks\" }"`}; !slices.Equal(got, w) {
		t.Errorf("steps = %q\nwant %q", got, w)
	}
	ss, err = parse(t, "[[scenario]]\nname = \"a\"\n[scenario.expect.plan_name]\nen = \"A\"\n[[scenario]]\nname = \"b\"\n[scenario.expect.plan_name]\nde = \"B\"\n")
	if err != nil || len(ss) != 2 || ss[0].Expect.PlanName.String() != `{ en = "A" }` || ss[1].Expect.PlanName.String() != `{ de = "B" }` {
		t.Errorf("plan_name sub-tables of two scenarios: %v, %+v", err, ss)
	}
}

// TestLanguageExpectations: plan_name and html_lang, one value or a table
// by language, for the cell's first language (the launch's
// Accept-Language), met or not with what was wanted and got.
func TestLanguageExpectations(t *testing.T) {
	report := func(lang, planName string, probes ...inspect.Probe) session.Report {
		rep := session.Report{Verdict: bridge.VerdictPass, Probes: probes,
			Launch: simulator.Launch{Headers: map[string]string{simulator.HeaderAcceptLanguage: lang + ",en;q=0.9"}}}
		if planName != "-" {
			rep.Result = &bridge.Result{Success: true, PurchaseResult: bridge.PurchaseResult{MoDirectStatus: "Complete", PlanName: planName}}
		}
		return rep
	}
	first := inspect.Probe{Label: "first-paint", Lang: "en"}
	handback := inspect.Probe{Label: "handback", Lang: "de-AT", HasLang: true}
	page := func(lang string) inspect.Probe { return inspect.Probe{Label: "handback", Lang: lang, HasLang: true} }
	plans := ByLanguage(map[string]string{"en": "Unlimited", "de": "Unbegrenzt", "ja": "無制限"})
	for _, tc := range []struct {
		name   string
		expect Expect
		rep    session.Report
		want   string // name: met, want, got
	}{
		{"plan name", Expect{PlanName: Plain("Unlimited")}, report("en-US", "Unlimited"), `planName: true, "Unlimited", "Unlimited"`},
		{"plan name by language", Expect{PlanName: plans}, report("de-DE", "Unbegrenzt"), `planName: true, "Unbegrenzt", "Unbegrenzt"`},
		{"plan name of another language", Expect{PlanName: plans}, report("de-DE", "Unlimited"), `planName: false, "Unbegrenzt", "Unlimited"`},
		{"plan name in NFC", Expect{PlanName: Plain("Illimit\u00e9")}, report("fr", "Illimite\u0301"), "planName: true, \"Illimit\u00e9\", \"Illimite\u0301\""},
		{"plan name without a hand-back", Expect{PlanName: plans}, report("ja", "-"), `planName: false, "無制限", no hand-back`},
		{"plan name, no key", Expect{PlanName: plans}, report("fr-FR", "Illimité"), `planName: false, a value for fr-FR, which the table (keys de, en, ja) has not, "Illimité"`},
		{"html lang of the cell", Expect{HTMLLang: Plain("cell")}, report("de-DE", "x", first, handback), `html lang: true, de-Latn (the cell's de-DE: same language and script, any region), "de-AT" (the page at the hand-back)`},
		{"html lang of another language", Expect{HTMLLang: Plain("cell")}, report("fr-FR", "x", first, handback), `html lang: false, fr-Latn (the cell's fr-FR: same language and script, any region), "de-AT" (the page at the hand-back)`},
		{"html lang of the cell, another region", Expect{HTMLLang: Plain("cell")}, report("en-US", "x", page("en-GB")), `html lang: true, en-Latn (the cell's en-US: same language and script, any region), "en-GB" (the page at the hand-back)`},
		{"html lang of the cell, another script", Expect{HTMLLang: Plain("cell")}, report("zh-TW", "x", page("zh-CN")), `html lang: false, zh-Hant (the cell's zh-TW: same language and script, any region), "zh-CN" (the page at the hand-back): the page is in zh-Hans, "zh-TW" asks for zh-Hant (the same language in another script)`},
		{"html lang of the cell, its script", Expect{HTMLLang: Plain("cell")}, report("zh-TW", "x", page("zh-Hant-HK")), `html lang: true, zh-Hant (the cell's zh-TW: same language and script, any region), "zh-Hant-HK" (the page at the hand-back)`},
		{"html lang of the cell, bare zh for Traditional", Expect{HTMLLang: Plain("cell")}, report("zh-Hant-TW", "x", page("zh")),
			`html lang: false, zh-Hant (the cell's zh-Hant-TW: same language and script, any region), "zh" (the page at the hand-back): Chinese without a script, which browsers draw with Simplified Chinese glyph forms and fonts (as zh-Hans), while "zh-Hant-TW" asks for Traditional Chinese (zh-Hant): the page should declare zh-Hant (or zh-TW, zh-HK)`},
		{"html lang of the cell, bare zh for zh-HK", Expect{HTMLLang: Plain("cell")}, report("zh-HK", "x", page("zh")),
			`html lang: false, zh-Hant (the cell's zh-HK: same language and script, any region), "zh" (the page at the hand-back): Chinese without a script, which browsers draw with Simplified Chinese glyph forms and fonts (as zh-Hans), while "zh-HK" asks for Traditional Chinese (zh-Hant): the page should declare zh-Hant (or zh-TW, zh-HK)`},
		{"html lang, bare zh for a zh-Hant tag", Expect{HTMLLang: Plain("zh-Hant")}, report("en", "x", page("zh")),
			`html lang: false, zh-Hant, "zh" (the page at the hand-back): Chinese without a script, which browsers draw with Simplified Chinese glyph forms and fonts (as zh-Hans), while "zh-Hant" asks for Traditional Chinese (zh-Hant): the page should declare zh-Hant (or zh-TW, zh-HK)`},
		{"html lang of the cell, bare zh for Simplified", Expect{HTMLLang: Plain("cell")}, report("zh-CN", "x", page("zh")), `html lang: true, zh-Hans (the cell's zh-CN: same language and script, any region), "zh" (the page at the hand-back)`},
		{"html lang of the cell, bare zh for zh-Hans", Expect{HTMLLang: Plain("cell")}, report("zh-Hans", "x", page("zh")), `html lang: true, zh-Hans (the cell's zh-Hans: same language and script, any region), "zh" (the page at the hand-back)`},
		{"html lang of the cell, Latin Serbian", Expect{HTMLLang: Plain("cell")}, report("sr-RS", "x", page("sr-Latn")), `html lang: false, sr-Cyrl (the cell's sr-RS: same language and script, any region), "sr-Latn" (the page at the hand-back): the page is in sr-Latn, "sr-RS" asks for sr-Cyrl (the same language in another script)`},
		{"html lang of the cell, Serbian", Expect{HTMLLang: Plain("cell")}, report("sr-RS", "x", page("sr")), `html lang: true, sr-Cyrl (the cell's sr-RS: same language and script, any region), "sr" (the page at the hand-back)`},
		{"html lang of a bare zh cell, Traditional", Expect{HTMLLang: Plain("cell")}, report("zh", "x", page("zh-Hant")),
			`html lang: true, zh (the cell's zh: same language, any script and region), "zh-Hant" (the page at the hand-back): "zh" names no script, so zh-Hant meets it, though a bare zh most often means zh-Hans (its likely script); to check the script, ask for zh-Hans or zh-Hant`},
		{"html lang of a bare zh cell, Simplified", Expect{HTMLLang: Plain("cell")}, report("zh", "x", page("zh-Hans")), `html lang: true, zh (the cell's zh: same language, any script and region), "zh-Hans" (the page at the hand-back)`},
		{"html lang of a bare sr cell, Latin", Expect{HTMLLang: Plain("cell")}, report("sr", "x", page("sr-Latn")),
			`html lang: true, sr (the cell's sr: same language, any script and region), "sr-Latn" (the page at the hand-back): "sr" names no script, so sr-Latn meets it, though a bare sr most often means sr-Cyrl (its likely script); to check the script, ask for sr-Cyrl or sr-Latn`},
		{"html lang of a bare sr cell, Cyrillic", Expect{HTMLLang: Plain("cell")}, report("sr", "x", page("sr-Cyrl")), `html lang: true, sr (the cell's sr: same language, any script and region), "sr-Cyrl" (the page at the hand-back)`},
		{"html lang of a Latin Serbian cell, bare sr", Expect{HTMLLang: Plain("cell")}, report("sr-Latn", "x", page("sr")),
			`html lang: false, sr-Latn (the cell's sr-Latn: same language and script, any region), "sr" (the page at the hand-back): sr without a script, which means sr-Cyrl (its likely script, by CLDR's likely subtags), while "sr-Latn" asks for sr-Latn: the page should declare sr-Latn`},
		{"html lang of a zh-TW cell, bare zh", Expect{HTMLLang: Plain("cell")}, report("zh-TW", "x", page("zh")),
			`html lang: false, zh-Hant (the cell's zh-TW: same language and script, any region), "zh" (the page at the hand-back): Chinese without a script, which browsers draw with Simplified Chinese glyph forms and fonts (as zh-Hans), while "zh-TW" asks for Traditional Chinese (zh-Hant): the page should declare zh-Hant (or zh-TW, zh-HK)`},
		{"html lang of a no cell, nb", Expect{HTMLLang: Plain("cell")}, report("no", "x", page("nb-NO")), `html lang: true, no (the cell's no: same language, any script and region), "nb-NO" (the page at the hand-back)`},
		{"html lang, a bare sr tag, Latin", Expect{HTMLLang: Plain("sr")}, report("en", "x", page("sr-Latn-RS")),
			`html lang: true, sr, "sr-Latn-RS" (the page at the hand-back): "sr" names no script, so sr-Latn meets it, though a bare sr most often means sr-Cyrl (its likely script); to check the script, ask for sr-Cyrl or sr-Latn`},
		{"html lang, a region tag, Latin", Expect{HTMLLang: Plain("sr-ME")}, report("en", "x", page("sr-Latn-ME")), `html lang: true, sr-ME, "sr-Latn-ME" (the page at the hand-back)`},
		{"html lang, a region tag, another region", Expect{HTMLLang: Plain("zh-TW")}, report("en", "x", page("zh-Hant-HK")), `html lang: false, zh-TW, "zh-Hant-HK" (the page at the hand-back)`},
		{"html lang of an undetermined cell", Expect{HTMLLang: Plain("cell")}, report("und", "x", page("en")), `html lang: false, the cell's language, which cannot be checked: und names no language (BCP 47's undetermined); give html_lang a language tag for this cell, "en" (the page at the hand-back)`},
		{"html lang with an underscore", Expect{HTMLLang: Plain("cell")}, report("de-DE", "x", page("de_DE")), `html lang: false, de-Latn (the cell's de-DE: same language and script, any region), "de_DE" (the page at the hand-back), not a BCP 47 language tag: HTML's lang separates subtags with hyphens, never underscores ("de-DE")`},
		{"html lang, a word", Expect{HTMLLang: Plain("cell")}, report("en", "x", page("english")), `html lang: false, en (the cell's en: same language, any script and region), "english" (the page at the hand-back), not a BCP 47 language tag (like de, de-AT, zh-Hant)`},
		{"html lang, a tag", Expect{HTMLLang: Plain("de-AT")}, report("fr-FR", "x", first, handback), `html lang: true, de-AT, "de-AT" (the page at the hand-back)`},
		{"html lang, a narrower tag", Expect{HTMLLang: Plain("de-CH")}, report("de", "x", first, handback), `html lang: false, de-CH, "de-AT" (the page at the hand-back)`},
		{"html lang, a tag with a script", Expect{HTMLLang: Plain("zh-Hant")}, report("en", "x", page("zh-CN")), `html lang: false, zh-Hant, "zh-CN" (the page at the hand-back): the page is in zh-Hans, "zh-Hant" asks for zh-Hant (the same language in another script)`},
		{"html lang, a tag with a script met", Expect{HTMLLang: Plain("zh-Hant")}, report("en", "x", page("zh-TW")), `html lang: true, zh-Hant, "zh-TW" (the page at the hand-back)`},
		{"html lang, a deprecated form", Expect{HTMLLang: Plain("he")}, report("en", "x", page("iw")), `html lang: true, he, "iw" (the page at the hand-back)`},
		{"html lang by language", Expect{HTMLLang: ByLanguage(map[string]string{"en": "en", "*": "cell"})}, report("en-GB", "-", first), `html lang: true, en, "en" (the page at its first paint; no hand-back probe)`},
		{"no html lang", Expect{HTMLLang: Plain("cell")}, report("en", "x", inspect.Probe{Label: "handback"}), `html lang: false, en (the cell's en: same language, any script and region), none (the page at the hand-back has no lang attribute)`},
		{"empty html lang", Expect{HTMLLang: Plain("cell")}, report("en", "x", inspect.Probe{Label: "handback", HasLang: true}), `html lang: false, en (the cell's en: same language, any script and region), "" (the page at the hand-back: lang="" says its language is unknown)`},
		{"not recorded", Expect{HTMLLang: Plain("cell")}, report("en", "x"), `html lang: false, en (the cell's en: same language, any script and region), not recorded (no DOM probe: the portal was not recorded)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range Evaluate(tc.expect, tc.rep, 0) {
				got = append(got, c.Name+": "+map[bool]string{true: "true", false: "false"}[c.Met]+", "+c.Want+", "+c.Got)
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("checks = %q\nwant [%q]", got, tc.want)
			}
		})
	}
}

// TestLanguageExpectationsOnLoad: the values of html_lang are "cell" or
// language tags; a table of plan_name without a key for a cell's
// language stops that cell only, naming the file:line.
func TestLanguageExpectationsOnLoad(t *testing.T) {
	_, err := parse(t, "[[scenario]]\nname = \"a\"\n[scenario.expect]\nhtml_lang = \"Deutsch!\"\nplan_name = \"\"\n")
	for _, w := range []string{`s.toml:4: scenario "a": expect.html_lang: "Deutsch!" is no BCP 47 language tag`, `s.toml:5: scenario "a": expect.plan_name: the plan name is empty`} {
		if err == nil || !strings.Contains(err.Error(), w) || strings.Count(err.Error(), "\n") != 1 {
			t.Errorf("errors:\n%v\nwant %q, each problem once", err, w)
		}
	}
	ss, err := parse(t, "[[scenario]]\nname = \"a\"\nlanguages = [\"de-DE\", \"ja\"]\n[scenario.expect]\nhtml_lang = \"cell\"\nplan_name = { de = \"Unbegrenzt\" }\n")
	if err != nil {
		t.Fatal(err)
	}
	cells := Expand(ss, nil)
	if _, err := cells[0].Request(1); err != nil {
		t.Errorf("de-DE: %v", err)
	}
	_, err = cells[1].Request(1)
	if want := `s.toml:6: expect.plan_name has no value for the cell's language ja: its keys are de`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("ja: %v\nwant %q", err, want)
	}
	if err := leaveOut(Options{NoInspect: true}, cells[0], &workspace.Request{}); err == nil || !strings.Contains(err.Error(), "html_lang") {
		t.Errorf("--no-inspect with html_lang: %v", err)
	}
	// "cell" in a cell of und cannot be checked: that cell cannot run;
	// a tag that names no language is refused.
	ss, err = parse(t, "[[scenario]]\nname = \"a\"\nlanguages = [\"und\", \"en\"]\n[scenario.expect]\nhtml_lang = \"cell\"\n")
	if err != nil {
		t.Fatal(err)
	}
	want := `s.toml:5: expect.html_lang = "cell" cannot be checked in the cell of und: und names no language`
	for _, c := range Expand(ss, nil) {
		err := c.LanguageProblem()
		if c.Lang == "und" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("und: %v\nwant %q", err, want)
		}
		if c.Lang != "und" && err != nil {
			t.Errorf("%s: %v", c.Lang, err)
		}
	}
	_, err = parse(t, "[[scenario]]\nname = \"a\"\n[scenario.expect]\nhtml_lang = { en = \"und\" }\n")
	if want := `s.toml:4: scenario "a": expect.html_lang: "en": "und" names no language`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("html_lang und: %v\nwant %q", err, want)
	}
}

// TestTextsKeepTheirFormInJSON: the results' scenarios keep one string as
// a string and a table as an object, and read back the same (report
// merge).
func TestTextsKeepTheirFormInJSON(t *testing.T) {
	s := Scenario{Name: "a", Steps: []Step{{ClickText: ByLanguage(map[string]string{"de": "Kaufen", "en": "Buy"})}, {Fill: "#x", Value: Plain("")}},
		Expect: Expect{PlanName: Plain("Unlimited")}}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`"clickText":{"de":"Kaufen","en":"Buy"}`, `"value":""`, `"planName":"Unlimited"`} {
		if !bytes.Contains(b, []byte(w)) {
			t.Errorf("JSON %s lacks %s", b, w)
		}
	}
	if bytes.Contains(b, []byte(`"htmlLang"`)) || bytes.Contains(b, []byte(`"waitText"`)) {
		t.Errorf("JSON %s has keys not given", b)
	}
	var back Scenario
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Steps[0].ClickText.String() != `{ de = "Kaufen", en = "Buy" }` || !back.Steps[1].Value.Given() || back.Expect.PlanName.One != "Unlimited" || back.Expect.HTMLLang.Given() {
		t.Errorf("read back: %+v", back)
	}
	var bad Text
	if err := json.Unmarshal([]byte(`{"en":1}`), &bad); err == nil || errors.Is(err, nil) {
		t.Errorf("a table of numbers: %v", err)
	}
}

const notesFile = `[[scenario]]
name = "a"
sims = ["esim", "psim"]
languages = ["de-DE;q=0,fr-FR", "en-US,en-us", "ja"]
compare_language = "es;q=0.5,it"
`

// TestLanguageNotes: what the language-list rule changes in a languages
// entry or compare_language is said once for each entry, at its
// file:line, and each cell carries its own into the HTML report and the
// JUnit system-out; the cell still runs.
func TestLanguageNotes(t *testing.T) {
	ss, err := parse(t, notesFile)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`s.toml:4: scenario "a": languages entry "de-DE;q=0,fr-FR": de-DE has q=0, which means not acceptable (RFC 7231 §5.3.1), so it is not sent.`,
		`s.toml:4: scenario "a": languages entry "en-US,en-us": en-US is given 2 times (language tags are compared without case); it is sent once, in its first place.`,
		`s.toml:5: scenario "a": compare_language "es;q=0.5,it": The q-values put the languages in the order it, es;`,
	}
	got := ss[0].LanguageNotes()
	if len(got) != len(want) {
		t.Fatalf("notes = %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("note %d = %q\nwant %q…", i+1, got[i], want[i])
		}
	}
	cells := Expand(ss, nil)
	res := Results{Tool: "mpsim", Parallel: 1}
	for _, c := range cells {
		if c.Lang == "fr-FR" && c.SIM == simulator.KindESIM {
			if len(c.LanguageNotes) != 2 || !strings.HasPrefix(c.LanguageNotes[0], `s.toml:4: languages entry "de-DE;q=0,fr-FR": de-DE has q=0`) ||
				!strings.HasPrefix(c.LanguageNotes[1], `s.toml:5: compare_language "es;q=0.5,it": The q-values`) {
				t.Errorf("fr-FR cell notes = %q", c.LanguageNotes)
			}
			res.Cells = append(res.Cells, CellResult{Cell: c, Status: StatusMet, Checks: []Check{}})
		}
		if c.Lang == "ja" && len(c.LanguageNotes) != 1 {
			t.Errorf("ja cell notes = %q", c.LanguageNotes)
		}
		if _, err := c.Request(1); err != nil {
			t.Errorf("%s: %v", c.ID, err)
		}
	}
	var junit, html bytes.Buffer
	if err := WriteJUnit(&junit, res); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(junit.String(), "warning: s.toml:4: languages entry &#34;de-DE;q=0,fr-FR&#34;: de-DE has q=0") {
		t.Errorf("JUnit lacks the note:\n%s", junit.String())
	}
	if !strings.Contains(html.String(), `<p class="sev-warning">Languages: <bdi>s.toml:4: languages entry`) ||
		!strings.Contains(html.String(), "de-DE has q=0, which means not acceptable") {
		t.Errorf("HTML lacks the note:\n%s", html.String())
	}
}
