package audit

import (
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"mpsim/app/internal/inspect"
)

// probeLangs returns the primary language subtags (as parseLang
// canonicalises them: no → nb, iw → he) whose words the DOM probe knows
// for kind (cancel, support, privacy, terms). It must follow the `words`
// of assets/inspect/probe.js: TestProbeLangsFollowProbeJS matches sample
// words of each language against the probe's regular expressions, both
// ways, and fails when the two drift apart.
func probeLangs(kind string) []string {
	switch kind {
	case "cancel":
		return []string{"en", "fr", "de", "es", "pt", "it", "nl", "no", "nb", "nn", "sv", "da", "fi", "pl", "cs", "hu", "ja", "zh", "ko", "ru", "uk", "tr", "el", "ar", "he"}
	case "support":
		// "kontakt" is also the Scandinavian, Polish and Czech word.
		return []string{"en", "fr", "de", "es", "pt", "it", "nl", "ja", "zh", "ko", "ar", "he", "no", "nb", "nn", "sv", "da", "pl", "cs"}
	case "privacy":
		return []string{"en", "fr", "de", "es", "pt", "it", "nl", "ja", "zh", "ko", "ar", "he"}
	case "terms":
		return []string{"en", "fr", "de", "es", "pt", "it", "nl", "ja", "zh", "ko", "ar", "he"}
	}
	return nil
}

// unknownLangNote is " (the probe knows no KIND words in Thai (th): check
// by eye)" when a probed page declares a language (<html lang>) whose
// words the probe does not know for kind, else "": its "none found" says
// little about such a page.
func unknownLangNote(ps []inspect.Probe, kind string) string {
	known := probeLangs(kind)
	var names, seen []string
	for _, p := range ps {
		base := parseLang(p.Lang).base
		if base == "" || slices.Contains(seen, base) {
			continue
		}
		seen = append(seen, base)
		b, err := language.ParseBase(base)
		if err != nil || base == "und" || base == "zxx" || base == "mul" || base == "mis" || slices.Contains(known, base) {
			continue
		}
		names = append(names, display.English.Languages().Name(language.Make(b.String()))+" ("+base+")")
	}
	if len(names) == 0 {
		return ""
	}
	return " (the probe knows no " + kind + " words in " + strings.Join(names, " or ") + ": check by eye)"
}
