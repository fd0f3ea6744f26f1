package bridge

import (
	"strings"
	"testing"
)

func TestSourcesOf(t *testing.T) {
	for _, c := range []struct {
		section string
		want    []string // page URL suffixes, in order
	}{
		{"", nil},
		{"§2.7", []string{"mobile-plans-legacy-callback-notifications"}},
		{"§2.2, §2.7, §5 #4", []string{"mobile-plans-callback-notifications", "mobile-plans-legacy-callback-notifications"}},
		{"§2.1, §2.5", []string{"mobile-plans-callback-notifications"}},
		{"§1.1, §1.2", []string{"mobile-plans-system-architecture", "mobile-plans-service-configuration"}},
		{"§3 F10", []string{"mobile-plans-esim-error-handling"}},
		{"§4", []string{"mobile-plans-web-portal"}},
		{"§5 #17, §6", nil},
		{"§7", []string{"mobile-plans-walled-garden"}},
	} {
		got := SourcesOf(c.section)
		var urls []string
		for _, s := range got {
			if s.Title == "" || !strings.HasPrefix(s.URL, "https://learn.microsoft.com/") {
				t.Errorf("SourcesOf(%q): %+v is not a titled public page", c.section, s)
			}
			urls = append(urls, s.URL[strings.LastIndex(s.URL, "/")+1:])
		}
		if strings.Join(urls, " ") != strings.Join(c.want, " ") {
			t.Errorf("SourcesOf(%q) = %v, want %v", c.section, urls, c.want)
		}
	}
}

// TestEverySectionOfACodeHasItsPage: every finding code's section that
// names a part of the contract with a page of its own resolves to one.
func TestEverySectionOfACodeHasItsPage(t *testing.T) {
	for _, ci := range Codes() {
		sec := ci.Section
		if sec == "" {
			continue
		}
		if len(SourcesOf(sec)) == 0 && !strings.Contains(sec, "§5") && !strings.Contains(sec, "§6") {
			t.Errorf("code %s, section %q: no public page", ci.Code, sec)
		}
	}
}
