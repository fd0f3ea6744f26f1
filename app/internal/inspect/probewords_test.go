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
	m := regexp.MustCompile(`(?m)^\s*` + key + `: /(.*)/i,?$`).FindSubmatch(src)
	if m == nil {
		t.Fatalf("no %s words in probe.js", key)
	}
	return regexp.MustCompile("(?i)" + string(m[1]))
}

// TestSupportWordsTakeHelp: business-support looks for a support contact
// among the page's links and buttons; "Hilfe", "Ayuda" and "aide" counted
// and the English "Help" did not (QA: an SPA's Help link to its phone
// number got the required policy's warning in every run).
func TestSupportWordsTakeHelp(t *testing.T) {
	re := probeWords(t, "support")
	for _, text := range []string{"Help", "Get help", "Hilfe", "Ayuda", "Contact us", "Aiuto", "ヘルプ", "Customer Service"} {
		if !re.MatchString(text) {
			t.Errorf("%q is no support link", text)
		}
	}
	for _, text := range []string{"Helpful tips", "Whelp", "Plans", "Buy now"} {
		if re.MatchString(text) {
			t.Errorf("%q counts as a support link", text)
		}
	}
}
