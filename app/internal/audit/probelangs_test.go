package audit

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/assets"
)

// probeSamples are words of each language a page shows for each kind of
// control (a whole control's text for cancel, whose probe pattern is
// anchored). A language of probeLangs(kind) needs one the probe's pattern
// takes; one of a language that probeLangs leaves out must not be taken,
// or the audit would say the probe knows no words of a language it knows.
var probeSamples = map[string]map[string][]string{
	"cancel": {
		"en": {"Cancel"}, "fr": {"Annuler"}, "de": {"Abbrechen"}, "es": {"Cancelar"}, "pt": {"Cancelar"}, "it": {"Annulla"},
		"nl": {"Annuleren"}, "no": {"Avbryt"}, "nb": {"Avbryt"}, "nn": {"Avbryt"}, "sv": {"Avbryt"}, "da": {"Afbryd", "Annuller"},
		"fi": {"Peruuta"}, "pl": {"Anuluj"}, "cs": {"Zrušit"}, "hu": {"Mégse"}, "ja": {"キャンセル"}, "zh": {"取消"}, "ko": {"취소"},
		"ru": {"Отмена"}, "uk": {"Скасувати"}, "tr": {"iptal"}, "el": {"Ακύρωση"}, "ar": {"إلغاء", "الغاء"}, "he": {"ביטול"},
	},
	"support": {
		"en": {"Customer service", "Help", "Contact us"}, "fr": {"Aide", "Assistance", "Service client"}, "de": {"Kundenservice", "Hilfe"},
		"es": {"Ayuda", "Soporte"}, "pt": {"Ajuda", "Suporte"}, "it": {"Assistenza", "Aiuto"}, "nl": {"Neem contact op", "Klantenservice"},
		"ja": {"サポート", "ヘルプ"}, "zh": {"客服", "帮助"}, "ko": {"고객센터", "도움말"},
		"no": {"Kontakt oss", "Kundeservice"}, "nb": {"Kontakt oss"}, "nn": {"Kontakt oss"}, "sv": {"Kontakta oss", "Kundtjänst"},
		"da": {"Kontakt os", "Kundeservice"}, "pl": {"Kontakt", "Obsługa klienta"}, "cs": {"Kontakt", "Zákaznická podpora"},
		"fi": {"Asiakaspalvelu", "Ohje"}, "hu": {"Ügyfélszolgálat", "Súgó"}, "ru": {"Поддержка", "Помощь"}, "uk": {"Підтримка", "Допомога"},
		"tr": {"Müşteri hizmetleri", "Yardım", "Destek"}, "el": {"Υποστήριξη", "Βοήθεια"},
		"ar": {"خدمة العملاء", "الدعم", "اتصل بنا", "مساعدة"}, "he": {"שירות לקוחות", "תמיכה", "צור קשר", "עזרה"},
	},
	"privacy": {
		"en": {"Privacy policy"}, "fr": {"Confidentialité", "Vie privée"}, "de": {"Datenschutz"}, "es": {"Privacidad"},
		"pt": {"Política de privacidade"}, "it": {"Riservatezza"}, "nl": {"Privacybeleid"}, "ja": {"プライバシー"}, "zh": {"隐私政策"},
		"ko": {"개인정보처리방침"}, "no": {"Personvern"}, "nb": {"Personvern"}, "nn": {"Personvern"}, "sv": {"Integritetspolicy", "Dataskydd"},
		"da": {"Privatlivspolitik"}, "fi": {"Tietosuoja"}, "pl": {"Polityka prywatności"}, "cs": {"Ochrana osobních údajů"},
		"hu": {"Adatvédelem"}, "ru": {"Конфиденциальность"}, "uk": {"Конфіденційність"}, "tr": {"Gizlilik"}, "el": {"Απόρρητο"},
		"ar": {"الخصوصية", "سياسة الخصوصية"}, "he": {"פרטיות", "מדיניות פרטיות"},
	},
	"terms": {
		"en": {"Terms of service"}, "fr": {"Conditions générales", "CGV"}, "de": {"AGB", "Nutzungsbedingungen"},
		"es": {"Términos y condiciones"}, "it": {"Termini e condizioni"}, "nl": {"Algemene voorwaarden"}, "ja": {"利用規約"},
		"zh": {"服务条款"}, "ko": {"이용약관"}, "pt": {"Termos e condições", "Termos de uso"}, "no": {"Vilkår"}, "nb": {"Vilkår"},
		"nn": {"Vilkår"}, "sv": {"Villkor", "Användarvillkor"}, "da": {"Vilkår", "Betingelser"}, "fi": {"Käyttöehdot"},
		"pl": {"Regulamin", "Warunki"}, "cs": {"Obchodní podmínky"}, "hu": {"Felhasználási feltételek"}, "ru": {"Условия использования"},
		"uk": {"Умови використання"}, "tr": {"Kullanım koşulları"}, "el": {"Όροι χρήσης"},
		"ar": {"الشروط والأحكام", "شروط الاستخدام"}, "he": {"תנאי שימוש", "תקנון"},
	},
}

// jsEscape is a JavaScript escape RE2 spells otherwise: \uXXXX, \u{X…}
// and \p{Script=X} (or sc=, with the u flag).
var jsEscape = regexp.MustCompile(`\\u\{([0-9A-Fa-f]+)\}|\\u([0-9A-Fa-f]{4})|\\([pP])\{(?:Script|sc|Script_Extensions|scx)=([A-Za-z_]+)\}`)

// probePattern is the DOM probe's regular expression for kind in
// assets/inspect/probe.js (`kind: /…/flags,`) as Go reads it, case
// folded; it skips the test when RE2 cannot compile it.
func probePattern(t *testing.T, src []byte, kind string) *regexp.Regexp {
	t.Helper()
	m := regexp.MustCompile(`(?m)^\s*` + kind + `:\s*/(.*)/([a-z]*),?\s*$`).FindSubmatch(src)
	if m == nil {
		t.Fatalf("no %s words in assets/inspect/probe.js", kind)
	}
	pat := jsEscape.ReplaceAllStringFunc(string(m[1]), func(e string) string {
		s := jsEscape.FindStringSubmatch(e)
		switch {
		case s[1] != "":
			return `\x{` + s[1] + `}`
		case s[2] != "":
			return `\x{` + s[2] + `}`
		}
		return `\` + s[3] + `{` + s[4] + `}`
	})
	re, err := regexp.Compile("(?i)" + pat)
	if err != nil {
		t.Skipf("the probe's %s pattern is no RE2 (%v): its languages cannot be checked here", kind, err)
	}
	return re
}

// The audit's table of the languages whose words the probe knows
// (probeLangs) follows assets/inspect/probe.js: each language it lists has
// a sample word the probe's pattern takes, and a language it leaves out
// has none, so that a word list extended in probe.js (Arabic, Hebrew)
// without the table, or the reverse, fails here.
func TestProbeLangsFollowProbeJS(t *testing.T) {
	src, err := fs.ReadFile(assets.FS(), "inspect/probe.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"cancel", "support", "privacy", "terms"} {
		t.Run(kind, func(t *testing.T) {
			re := probePattern(t, src, kind)
			for _, lang := range probeLangs(kind) {
				if _, ok := probeSamples[kind][lang]; !ok {
					t.Errorf("probeLangs(%q) lists %s, which has no sample words here", kind, lang)
				}
			}
			for lang, words := range probeSamples[kind] {
				taken := slices.ContainsFunc(words, re.MatchString)
				switch listed := slices.Contains(probeLangs(kind), lang); {
				case listed && !taken:
					t.Errorf("probeLangs(%q) lists %s, but the probe's pattern takes none of %q: take it out, or the words into probe.js", kind, lang, words)
				case !listed && taken:
					t.Errorf("the probe's %s pattern takes %s words (%q): add %s to probeLangs(%q)", kind, lang, words, lang, kind)
				}
			}
		})
	}
}

// A warning of "none found" on a page in a language whose words the probe
// does not know says so; a known language, or none declared, adds nothing.
func TestNoneFoundNamesAnUnknownLanguage(t *testing.T) {
	none := func(p *inspect.Probe) { p.Terms, p.Support, p.Privacy, p.Cancel = nil, nil, nil, nil }
	for _, c := range []struct {
		name   string
		langs  [2]string // of the first-paint and the hand-back probes
		policy string
		want   string // the end of the warning; "" for none
	}{
		{"Thai terms", [2]string{"th", "th-TH"}, "business-terms", " (the probe knows no terms words in Thai (th): check by eye)"},
		{"Persian support", [2]string{"fa-IR", "fa-IR"}, "business-support", " (the probe knows no support words in Persian (fa): check by eye)"},
		{"Finnish privacy", [2]string{"fi", "fi-FI"}, "business-privacy", " (the probe knows no privacy words in Finnish (fi): check by eye)"},
		{"two languages", [2]string{"th", "vi"}, "usability-cancel", " (the probe knows no cancel words in Thai (th) or Vietnamese (vi): check by eye)"},
		{"Arabic is known", [2]string{"ar", "ar-EG"}, "business-terms", ""},
		{"Hebrew is known, legacy tag", [2]string{"iw", "he-IL"}, "business-privacy", ""},
		{"Norwegian is known, macrolanguage", [2]string{"no", "no-NO"}, "usability-cancel", ""},
		{"Swedish cancel is known", [2]string{"sv-SE", "sv"}, "usability-cancel", ""},
		{"Swedish terms", [2]string{"sv-SE", "sv"}, "business-terms", " (the probe knows no terms words in Swedish (sv): check by eye)"},
		{"French", [2]string{"fr-FR", "fr"}, "business-terms", ""},
		{"Chinese in a script", [2]string{"zh-Hant-TW", "zh-Hant-TW"}, "business-privacy", ""},
		{"no lang", [2]string{"", ""}, "business-support", ""},
		{"undetermined", [2]string{"und", "und"}, "business-support", ""},
		{"not a tag", [2]string{"english", "english"}, "business-support", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := good()
			probe(&in, none)
			in.Probes[0].Lang, in.Probes[1].Lang = c.langs[0], c.langs[1]
			p := find(t, Evaluate(in), c.policy)
			if p.Status != StatusWarn || len(p.Evidence) == 0 {
				t.Fatalf("%s %q, want warn", p.Status, p.Evidence)
			}
			got := p.Evidence[0]
			if c.want == "" && strings.Contains(got, "the probe knows no") || c.want != "" && !strings.HasSuffix(got, ")"+c.want) {
				t.Errorf("warning %q, want it to end in %q", got, c.want)
			}
		})
	}
}
