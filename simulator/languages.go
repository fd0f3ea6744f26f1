package simulator

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"mpsim/simulator/acceptlanguage"
)

// MaxLanguages is the longest language preference list mpsim sends. WebKitGTK builds Accept-Language from
// the list by position (see AcceptLanguage): from 20 languages on it lowers the q-value by 0.01 a
// language, so the 100th gets q=0.01 and a 101st would get no q-value at all, which means q=1 (RFC 7231
// §5.3.1), ranking it with the first. The contract (§1.4, §6) sets no limit; no real list comes near it.
const MaxLanguages = 100

// LanguageList is a language preference list the way the simulated app sends it: the tags WebKit is
// given, in preference order, and what was changed from the list as written.
type LanguageList struct {
	// Tags are BCP 47 language tags, most preferred first, each once, none with q=0; underscores are
	// turned into hyphens, the case is kept as written.
	Tags []string
	// Notes say in full sentences what ParseLanguageList changed: languages given more than once, languages
	// of q=0 left out, an order changed by q-values. Empty when the list is sent as written.
	Notes []string
}

// qValue is a q-value as RFC 7231 §5.3.1 writes it: 0 to 1 with at most three decimals.
var qValue = regexp.MustCompile(`^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$`)

// weighted is one language of a list as written, with its q-value in thousandths.
type weighted struct {
	tag string
	q   int
	pos int
}

// ParseLanguageList reads a language preference list. Each entry is a language tag or a comma-separated
// list of them, each with an optional q-value: an Accept-Language value such as "fr-FR,fr;q=0.9,en;q=0.8"
// can be pasted as it is. The rule is the same for --lang, the GUI's Languages field, presets, operator
// profiles and scenarios:
//
//   - q-values are honoured: the languages are put in the order of their q-values (a stable sort, so
//     equal ones keep their order) and a language of q=0 ("not acceptable") is left out. WebKit takes a
//     list, not q-values, so the header then carries WebKit's own q-values by position (AcceptLanguage).
//   - a language given more than once, compared without case and with "_" as "-", is sent once, in the
//     place of its first (highest-q) occurrence.
//   - at most MaxLanguages languages; a longer list is an error.
//
// Each tag must be a valid BCP 47 tag (golang.org/x/text/language); "C" and "POSIX" locales, "*" and
// parameters other than q are errors. Empty items of a comma-separated entry are skipped; an entry with
// no tag at all is an error.
func ParseLanguageList(entries []string) (LanguageList, error) {
	all, err := parseEntries(entries)
	if err != nil {
		return LanguageList{}, err
	}
	var out LanguageList
	kept := all[:0:0]
	for _, w := range all {
		if w.q == 0 {
			out.Notes = append(out.Notes, fmt.Sprintf("%s has q=0, which means not acceptable (RFC 7231 §5.3.1), so it is not sent.", w.tag))
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 {
		return LanguageList{}, errors.New("every language has q=0 (not acceptable); give at least one with a q-value above 0")
	}
	slices.SortStableFunc(kept, func(a, b weighted) int { return b.q - a.q })
	reordered := !slices.IsSortedFunc(kept, func(a, b weighted) int { return a.pos - b.pos })
	tags, dups := dedupe(kept)
	out.Tags = tags
	out.Notes = append(out.Notes, dups...)
	if len(out.Tags) > MaxLanguages {
		return LanguageList{}, fmt.Errorf("%d languages; mpsim sends at most %d: WebKit lowers the q-value by 0.01 a language from the 20th on, so a %dst would be sent with no q-value, which means q=1", len(out.Tags), MaxLanguages, MaxLanguages+1)
	}
	if reordered {
		out.Notes = append(out.Notes, fmt.Sprintf("The q-values put the languages in the order %s; WebKit sends them with q-values of its own by position: %s.", strings.Join(out.Tags, ", "), out.AcceptLanguage()))
	}
	return out, nil
}

// parseEntries reads the languages of entries in the order written.
func parseEntries(entries []string) ([]weighted, error) {
	if len(entries) == 0 {
		return nil, errors.New("no languages")
	}
	var all []weighted
	for i, entry := range entries {
		n := len(all)
		for item := range strings.SplitSeq(entry, ",") {
			if strings.TrimSpace(item) == "" {
				continue
			}
			w, err := parseWeighted(item)
			if err != nil {
				return nil, err
			}
			w.pos = len(all)
			all = append(all, w)
		}
		if len(all) == n && len(entries) > 1 {
			return nil, fmt.Errorf("language %d is empty", i+1)
		}
	}
	if len(all) == 0 {
		return nil, errors.New("no languages")
	}
	return all, nil
}

// dedupe keeps the first of the languages that are the same but for case,
// and says which were given more than once.
func dedupe(ws []weighted) (tags, notes []string) {
	counts := map[string]int{} // lower-case tag → times given
	for _, w := range ws {
		key := strings.ToLower(w.tag)
		if counts[key]++; counts[key] == 1 {
			tags = append(tags, w.tag)
		}
	}
	for _, t := range tags {
		if n := counts[strings.ToLower(t)]; n > 1 {
			notes = append(notes, fmt.Sprintf("%s is given %d times (language tags are compared without case); it is sent once, in its first place.", t, n))
		}
	}
	return tags, notes
}

// parseWeighted reads one "tag;q=value" item of a list.
func parseWeighted(item string) (weighted, error) {
	tagPart, params, hasParams := strings.Cut(item, ";")
	orig := strings.TrimSpace(item)
	tag := strings.ReplaceAll(strings.TrimSpace(tagPart), "_", "-")
	w := weighted{tag: tag, q: 1000}
	switch {
	case tag == "":
		return w, fmt.Errorf("%q has no language tag before the ;", orig)
	case tag == "*":
		return w, fmt.Errorf("%q is not a valid BCP 47 language tag: the app sends language tags, never * (any language)", orig)
	case strings.EqualFold(tag, "C") || strings.EqualFold(tag, "POSIX"):
		return w, fmt.Errorf("%q is not a valid BCP 47 language tag: it is a POSIX locale name; give a language such as en-US", orig)
	}
	if _, err := language.Parse(tag); err != nil {
		return w, fmt.Errorf("%q is not a valid BCP 47 language tag: %w", strings.TrimSpace(tagPart), err)
	}
	if !hasParams {
		return w, nil
	}
	name, value, ok := strings.Cut(params, "=")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok || !strings.EqualFold(name, "q") || strings.Contains(value, ";") {
		return w, fmt.Errorf("%q: a language takes only a q-value after the ; (like fr;q=0.8, RFC 7231 §5.3.5)", orig)
	}
	if !qValue.MatchString(value) {
		return w, fmt.Errorf("%q: the q-value %q is not a number from 0 to 1 with at most three decimals (RFC 7231 §5.3.1)", orig, value)
	}
	f, err := strconv.ParseFloat(value, 64)
	if err != nil {
		return w, fmt.Errorf("%q: the q-value %q: %w", orig, value, err)
	}
	w.q = int(f*1000 + 0.5)
	return w, nil
}

// AcceptLanguage is the Accept-Language header value WebKitGTK sends for the list (acceptlanguage.FromTags).
func (l LanguageList) AcceptLanguage() string { return acceptlanguage.FromTags(l.Tags) }
