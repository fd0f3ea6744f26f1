package audit

import (
	"strings"
	"testing"
)

// MatchLang, the rule of localization-locale and of a scenario's
// html_lang: a bare language asked for takes every script of it, a bare
// page is in its likely script, two named scripts must be the same.
func TestMatchLang(t *testing.T) {
	tests := []struct {
		asked, page string
		want        LangVerdict
		why         string // a part of Why; "" when Why must be empty
	}{
		{"zh", "zh-Hant", LangMet, `"zh" names no script, so zh-Hant meets it, though a bare zh most often means zh-Hans (its likely script); to check the script, ask for zh-Hans or zh-Hant`},
		{"zh", "zh-HK", LangMet, `so zh-Hant meets it`},
		{"zh", "zh-Hans", LangMet, ""},
		{"zh", "zh-CN", LangMet, ""},
		{"zh", "zh", LangMet, ""},
		{"cmn", "zh-Hant", LangMet, `"cmn" names no script, so zh-Hant meets it, though a bare zh most often means zh-Hans`},
		{"sr", "sr-Latn", LangMet, `"sr" names no script, so sr-Latn meets it, though a bare sr most often means sr-Cyrl (its likely script); to check the script, ask for sr-Cyrl or sr-Latn`},
		{"sr", "sr-Latn-RS", LangMet, `so sr-Latn meets it`},
		{"sr", "sr-Cyrl", LangMet, ""},
		{"sr", "sr", LangMet, ""},
		{"sr-Latn", "sr", LangBarePage, `sr without a script, which means sr-Cyrl (its likely script, by CLDR's likely subtags), while "sr-Latn" asks for sr-Latn: the page should declare sr-Latn`},
		{"sr-Latn-RS", "sr", LangBarePage, `while "sr-Latn-RS" asks for sr-Latn`},
		{"sr_Latn", "sr", LangBarePage, `while "sr-Latn" asks for sr-Latn`},
		{"sr-Cyrl", "sr", LangMet, ""},
		{"sr-RS", "sr", LangMet, ""},
		{"sr-ME", "sr", LangBarePage, `while "sr-ME" asks for sr-Latn`},
		{"sr-Latn", "sh", LangMet, ""},
		{"sr-Latn", "sr-Cyrl", LangOtherScript, `the page is in sr-Cyrl, "sr-Latn" asks for sr-Latn (the same language in another script)`},
		{"sr-RS", "sr-Latn", LangOtherScript, `the page is in sr-Latn, "sr-RS" asks for sr-Cyrl`},
		{"zh-TW", "zh", LangBarePage, `Chinese without a script, which browsers draw with Simplified Chinese glyph forms and fonts (as zh-Hans), while "zh-TW" asks for Traditional Chinese (zh-Hant): the page should declare zh-Hant (or zh-TW, zh-HK)`},
		{"zh-Hant", "cmn", LangBarePage, `while "zh-Hant" asks for Traditional Chinese`},
		{"zh-CN", "zh", LangMet, ""},
		{"zh-Hans", "zh", LangMet, ""},
		{"zh-TW", "zh-Hant-HK", LangMet, ""},
		{"zh-TW", "zh-CN", LangOtherScript, `the page is in zh-Hans, "zh-TW" asks for zh-Hant (the same language in another script)`},
		{"en-US", "en-GB", LangMet, ""},
		{"en", "en-US", LangMet, ""},
		{"de-DE", "de", LangMet, ""},
		{"iw", "he", LangMet, ""},
		{"no", "nb-NO", LangMet, ""},
		{"fr-FR", "de", LangOther, ""},
		{"en", "english", LangOther, ""},
	}
	for _, tt := range tests {
		got := MatchLang(tt.asked, tt.page)
		if got.Verdict != tt.want {
			t.Errorf("MatchLang(%q, %q) = %d (%q), want %d", tt.asked, tt.page, got.Verdict, got.Why, tt.want)
		}
		if tt.why == "" && got.Why != "" || !strings.Contains(got.Why, tt.why) {
			t.Errorf("MatchLang(%q, %q).Why = %q, want %q", tt.asked, tt.page, got.Why, tt.why)
		}
	}
}
