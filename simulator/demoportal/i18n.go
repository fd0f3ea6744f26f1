package demoportal

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Languages returns the portal's languages, the fallback (English) first.
func Languages() []string { return []string{"en", "fr", "de", "es", "ja"} }

// translations holds every language's strings (missing keys filled from
// English) and the Accept-Language matcher. The portal must honour the
// locale the app passes (contract §1.4 Accept-Language, §4 "Localization").
type translations struct {
	strings map[string]map[string]string
	matcher language.Matcher
}

// loadTranslations reads i18n/<lang>.json for every language.
func loadTranslations(files fs.FS) (*translations, error) {
	tr := &translations{strings: map[string]map[string]string{}}
	var tags []language.Tag
	for _, lang := range Languages() {
		raw, err := fs.ReadFile(files, "i18n/"+lang+".json")
		if err != nil {
			return nil, fmt.Errorf("demoportal: read translation %s: %w", lang, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("demoportal: parse translation %s: %w", lang, err)
		}
		if lang != "en" {
			merged := maps.Clone(tr.strings["en"])
			maps.Copy(merged, m)
			m = merged
		}
		tr.strings[lang] = m
		tags = append(tags, language.MustParse(lang))
	}
	tr.matcher = language.NewMatcher(tags)
	return tr, nil
}

// match picks the portal language for an Accept-Language value: the first
// entry, in q-value order (RFC 7231 §5.3.5), that the portal has in the
// same base language (fr-CA → fr, de-CH → de) with High or Exact
// confidence; English when no entry is one of the portal's languages, or
// the header is absent or malformed. A neighbouring language the matcher
// would guess (gsw, lb, rm → de; gl, eu → es; oc, br → fr) is not what the
// header asked for: its user gets the English fallback, as for any other
// language the portal does not have, not a page in a language they did not
// ask for.
func (tr *translations) match(acceptLanguage string) string {
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		prefs = lenientAcceptLanguage(acceptLanguage)
	}
	langs := Languages()
	for _, pref := range prefs {
		base, conf := pref.Base()
		if conf != language.Exact { // und: the header names no language
			continue
		}
		_, index, conf := tr.matcher.Match(pref)
		if conf < language.High {
			continue
		}
		if got, _ := language.MustParse(langs[index]).Base(); got == base {
			return langs[index]
		}
	}
	return "en"
}

// lenientAcceptLanguage parses an Accept-Language value entry by entry,
// skipping malformed entries instead of rejecting the whole header, and
// orders the tags by q-value (highest first, ties in header order).
func lenientAcceptLanguage(v string) []language.Tag {
	type pref struct {
		tag language.Tag
		q   float64
	}
	var prefs []pref
	for _, entry := range strings.Split(v, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(entry), ";")
		tag, err := language.Parse(strings.TrimSpace(name))
		if err != nil || name == "*" {
			continue
		}
		q := 1.0
		if qs, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if q, err = strconv.ParseFloat(qs, 64); err != nil {
				continue
			}
		}
		if q > 0 {
			prefs = append(prefs, pref{tag, q})
		}
	}
	slices.SortStableFunc(prefs, func(a, b pref) int { return cmp.Compare(b.q, a.q) })
	tags := make([]language.Tag, len(prefs))
	for i, p := range prefs {
		tags[i] = p.tag
	}
	return tags
}
