package localefix

import (
	"strings"
	"testing"

	"github.com/jeandeaual/go-locale"
	"golang.org/x/text/language"
)

// Fyne is given a locale it can parse under LC_ALL as under LANG, for
// the C locale and for locales CLDR does not know (found by exploratory
// QA: LC_ALL=C.UTF-8 logged "Fyne error: Error parsing user locale C",
// LC_ALL=xx_YY.UTF-8 eight such blocks, because the fix returned early
// whenever LC_ALL was set), and only LANGUAGE changes, only when needed.
func TestFix(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string // "" when nothing is to change
	}{
		{"nothing set", nil, ""},
		{"LANG=C", map[string]string{"LANG": "C"}, ""},
		{"LANG=POSIX", map[string]string{"LANG": "POSIX"}, ""},
		{"LANG=C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, "en"},
		{"LANG=C.utf8", map[string]string{"LANG": "C.utf8"}, "en"},
		{"LC_ALL=C.UTF-8", map[string]string{"LC_ALL": "C.UTF-8"}, "en"},
		{"LC_ALL=C.UTF-8 over a German LANG", map[string]string{"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8"}, "en"},
		{"LC_ALL=POSIX.UTF-8", map[string]string{"LC_ALL": "POSIX.UTF-8"}, "en"},
		{"LC_MESSAGES=C.UTF-8", map[string]string{"LC_MESSAGES": "C.UTF-8", "LANG": "de_DE.UTF-8"}, "en"},
		{"an unknown LC_ALL", map[string]string{"LC_ALL": "xx_YY.UTF-8"}, "en"},
		{"an unknown LANG", map[string]string{"LANG": "xx_YY.UTF-8"}, "en"},
		{"German LC_ALL", map[string]string{"LC_ALL": "de_DE.UTF-8"}, ""},
		{"Turkish LANG", map[string]string{"LANG": "tr_TR.UTF-8"}, ""},
		{"Japanese LC_MESSAGES", map[string]string{"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "C.UTF-8"}, ""},
		{"a modifier with a character set", map[string]string{"LANG": "sr_RS.UTF-8@latin"}, ""},
		{"a modifier without one", map[string]string{"LANG": "sr_RS@latin"}, "sr_RS.UTF-8@latin"},
		{"LANGUAGE that parses", map[string]string{"LC_ALL": "C.UTF-8", "LANGUAGE": "de:en"}, ""},
		{"LANGUAGE with an unknown entry", map[string]string{"LANG": "de_DE.UTF-8", "LANGUAGE": "de:xx:en"}, "de:en"},
		{"LANGUAGE with only unknown entries", map[string]string{"LANG": "de_DE.UTF-8", "LANGUAGE": "xx:C"}, "en"},
		{"LANGUAGE with a modifier", map[string]string{"LANG": "sr_RS.UTF-8", "LANGUAGE": "sr@latin:sr"}, "sr.UTF-8@latin:sr"},
		{"LANGUAGE under exactly C is not read", map[string]string{"LC_ALL": "C", "LANGUAGE": "xx"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string { return tc.env[k] }
			got, ok := Fix(getenv)
			if ok != (tc.want != "") || got != tc.want {
				t.Fatalf("Fix(%v) = %q, %v; want %q", tc.env, got, ok, tc.want)
			}
			// What Fyne then reads, with go-locale, parses.
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
				if _, set := tc.env[k]; !set {
					t.Setenv(k, "")
				}
			}
			if ok {
				t.Setenv("LANGUAGE", got)
			}
			locales, err := locale.GetLocales()
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range locales {
				if _, err := language.Parse(l); err != nil {
					t.Errorf("Fyne reads %q (of %v), which does not parse: %v", l, locales, err)
				}
			}
			if ok && strings.Contains(got, "C") {
				t.Errorf("LANGUAGE=%q names the C locale", got)
			}
		})
	}
}
