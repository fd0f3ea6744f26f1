package inspect_test

import (
	"io/fs"
	"regexp"
	"testing"

	"mpsim/assets"
)

// probeWords is the regular expression of the DOM probe's words for key
// (assets/inspect/probe.js: `key: /…/i,`), compiled as Go reads it: the
// patterns use nothing RE2 lacks.
func probeWords(t *testing.T, key string) *regexp.Regexp {
	t.Helper()
	src, err := fs.ReadFile(assets.FS(), "inspect/probe.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*` + key + `: /(.*)/iu?,?$`).FindSubmatch(src)
	if m == nil {
		t.Fatalf("no %s words in probe.js", key)
	}
	return regexp.MustCompile("(?i)" + string(m[1]))
}

// TestProbeWords: the words the DOM probe takes for each kind of control,
// and near misses it must not take. business-support looks for a support
// contact among the page's links and buttons: "Hilfe", "Ayuda" and "aide"
// counted and the English "Help" did not (QA: an SPA's Help link to its
// phone number got the required policy's warning in every run); then
// "Supported devices" and "Contact-less payment" counted as support and
// French "Service client" and Arabic words did not (policy QA). The
// exceptions (wordsExcept) are applied by the probe; the cases here need
// none.
func TestProbeWords(t *testing.T) {
	for _, tc := range []struct {
		key      string
		take     []string
		takeNone []string
	}{
		{"support", []string{"Help", "Get help", "Hilfe", "Hilfecenter", "Kontaktformular", "Ayuda", "Contact us", "Aiuto", "ヘルプ",
			"Customer Service", "Service client", "Support", "Customer support", "24/7 support:", "خدمة العملاء", "תמיכה"},
			[]string{"Helpful tips", "Whelp", "Plans", "Buy now", "Supported devices", "Unsupported", "Contacts-free", "Contactless", "Helper"}},
		{"privacy", []string{"Privacy policy", "Datenschutzerklärung", "Confidentialité", "Política de privacidad", "隐私政策", "سياسة الخصوصية"},
			[]string{"Privacyless", "Privateness"}},
		{"terms", []string{"Terms of service", "Terms & conditions", "AGB", "Allgemeine Geschäftsbedingungen", "Nutzungsbedingungen", "CGV",
			"Términos y condiciones", "利用規約", "الشروط والأحكام"},
			[]string{"Preconditions apply", "Long-termsaver", "Bagbeit"}},
		// Cancel and Back lead the control's text as whole words (QA:
		// "Cancel purchase" and "← Back" read as no such control); "Cancel
		// plan" (a subscription's, not the flow's) is left out by the
		// probe's exceptions, as "Back to top" is.
		{"cancel", []string{"Cancel", "Annuler", "İptal", "İPTAL", "iptal", "إلغاء", "ביטול", "Cancel purchase", "Cancel order", "Cancel, go back", "取消订单"},
			[]string{"Cancellation", "Cancellation policy", "Don't cancel", "No cancel fees"}},
		{"back", []string{"Back", "Zurück", "رجوع", "חזרה", "← Back", "Back to plans", "‹ Back", "< Back", "Go back", "←", "返回首页"},
			[]string{"Backup", "Cash back", "Background", "Feedback", "Money-back guarantee"}},
	} {
		re := probeWords(t, tc.key)
		for _, text := range tc.take {
			if !re.MatchString(text) {
				t.Errorf("%s: %q not taken", tc.key, text)
			}
		}
		for _, text := range tc.takeNone {
			if re.MatchString(text) {
				t.Errorf("%s: %q taken", tc.key, text)
			}
		}
	}
}
