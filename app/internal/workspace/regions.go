package workspace

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Warnings are what a launch request would send that the real app does not
// (contract §1.3, §5 #13): market and location are the two-letter ISO 3166-1
// codes of Windows' region and the user's country, which Windows gives in
// upper case (the documentation shows both us and US), and the United
// Kingdom is GB, not UK. mpsim sends what it is given (negative presets do
// so on purpose) and says so; the CLI prints these, the host window shows
// them under the launch. countryCode (generation nov-2018) is the
// two-letter ISO country of the phone number (contract §1.3), checked the
// same way. The request's LanguageNotes follow: what the languages as
// written were changed into (q-values, duplicates).
func (r LaunchRequest) Warnings() []string {
	var out []string
	for _, f := range []struct{ name, value string }{{"market", r.Market}, {"location", r.Location}, {"countryCode", r.CountryCode}} {
		if w := regionWarning(f.name, f.value); w != "" {
			out = append(out, w)
		}
	}
	return append(out, r.LanguageNotes...)
}

// regionWarning checks one ISO 3166-1 alpha-2 value.
func regionWarning(field, v string) string {
	switch {
	case v == "":
		return ""
	case strings.EqualFold(v, "UK"):
		return fmt.Sprintf("%s %q: the ISO 3166-1 code of the United Kingdom is GB, which is what Windows sends (contract §5 #13)", field, v)
	case len(v) != 2:
		return fmt.Sprintf("%s %q is not a two-letter ISO 3166-1 alpha-2 code", field, v)
	}
	region, err := language.ParseRegion(v)
	if err != nil || !region.IsCountry() {
		return fmt.Sprintf("%s %q is not an ISO 3166-1 country code", field, v)
	}
	if v != strings.ToUpper(v) {
		return fmt.Sprintf("%s %q: Windows sends %s in upper case; portals should compare case-insensitively (contract §5 #13)", field, v, strings.ToUpper(v))
	}
	return ""
}
