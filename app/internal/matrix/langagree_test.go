package matrix

import (
	"strings"
	"testing"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/simulator"
)

// TestHTMLLangAgreesWithLocalePolicy: for each language asked for and
// page's <html lang>, the scenario expectation html_lang = "cell" is met
// exactly when the design policy localization-locale passes, and what the
// expectation says of the page (after its "(the page at the hand-back): ")
// is what the policy's evidence says; a page of the language asked for
// that the policy does not pass is explained by both.
func TestHTMLLangAgreesWithLocalePolicy(t *testing.T) {
	pairs := [][2]string{ // asked, page
		{"zh", "zh-Hant"}, {"zh", "zh-TW"}, {"zh", "zh-Hans"}, {"zh", "zh-CN"}, {"zh", "zh"},
		{"sr", "sr-Latn"}, {"sr", "sr-Latn-RS"}, {"sr", "sr-Cyrl"}, {"sr", "sr"},
		{"sr-Latn", "sr"}, {"sr-Latn-RS", "sr"}, {"sr-Cyrl", "sr"}, {"sr-RS", "sr"}, {"sr-ME", "sr"},
		{"sr-Latn", "sr-Cyrl"}, {"sr-RS", "sr-Latn"}, {"sr-Latn", "sh"},
		{"zh-TW", "zh"}, {"zh-HK", "zh"}, {"zh-Hant", "zh"}, {"zh-CN", "zh"}, {"zh-Hans", "zh"},
		{"zh-TW", "zh-Hant-HK"}, {"zh-TW", "zh-CN"}, {"zh-Hans", "zh-Hant"},
		{"cmn", "zh-Hans"}, {"zh-HK", "cmn"},
		{"en-US", "en-GB"}, {"en", "en-US"}, {"de-DE", "de"}, {"iw", "he"}, {"he", "iw"},
		{"no", "nb-NO"}, {"nb-NO", "no"}, {"fr-FR", "de"}, {"tr-TR", "en"},
	}
	for _, pr := range pairs {
		asked, page := pr[0], pr[1]
		probe := inspect.Probe{Label: "handback", Lang: page, HasLang: true}
		var policy audit.Policy
		for _, p := range audit.Evaluate(audit.Input{Languages: []string{asked}, Probes: []inspect.Probe{probe}}) {
			if p.ID == "localization-locale" {
				policy = p
			}
		}
		rep := session.Report{Probes: []inspect.Probe{probe},
			Launch: simulator.Launch{Headers: map[string]string{simulator.HeaderAcceptLanguage: asked}}}
		checks := Evaluate(Expect{HTMLLang: Plain("cell")}, rep, 0)
		if len(checks) != 1 {
			t.Fatalf("%s, %s: checks %+v", asked, page, checks)
		}
		c := checks[0]
		evidence := strings.Join(policy.Evidence, "\n")
		if passed := policy.Status == audit.StatusPass; passed != c.Met {
			t.Errorf("asked %s, page %s: localization-locale %s, html_lang met %t; they disagree\n  policy: %q\n  html_lang: want %s, got %s",
				asked, page, policy.Status, c.Met, evidence, c.Want, c.Got)
			continue
		}
		_, words, _ := strings.Cut(c.Got, "(the page at the hand-back): ")
		if words != "" && !strings.Contains(evidence, words) {
			t.Errorf("asked %s, page %s: html_lang says %q, which localization-locale's evidence does not: %q", asked, page, words, evidence)
		}
		if policy.Status != audit.StatusPass && strings.Contains(evidence, "script") && words == "" {
			t.Errorf("asked %s, page %s: localization-locale %s explains a script (%q), html_lang does not (%s)", asked, page, policy.Status, evidence, c.Got)
		}
	}
}
