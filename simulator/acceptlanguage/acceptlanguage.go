// Package acceptlanguage builds the Accept-Language header value WebKitGTK
// sends for a list of preferred languages. It has no dependencies, so that
// the portal window process can say what its WebKit sends without the
// simulator package; simulator.ParseLanguageList reads and checks the lists
// users write.
package acceptlanguage

import (
	"strconv"
	"strings"
)

// FromTags is the Accept-Language value WebKitGTK builds (its
// buildAcceptLanguages) from tags, the languages given to
// webkit_web_context_set_preferred_languages in preference order, each with
// its underscores made hyphens as WebKit does (case kept): tags joined by
// "," without spaces, the first
// without a q-value and each next one with q lowered by 0.10 (by 0.05 from
// 10 tags, by 0.01 from 20), printed with two decimals, so
// ["fr-FR","fr","en"] gives "fr-FR,fr;q=0.90,en;q=0.80". Like WebKit, a tag
// whose quality would reach 0 (the 101st and later) gets no q-value, which
// means q=1: simulator.MaxLanguages keeps lists shorter. Tags are not
// checked.
func FromTags(tags []string) string {
	delta := 10
	switch {
	case len(tags) >= 20:
		delta = 1
	case len(tags) >= 10:
		delta = 5
	}
	var b strings.Builder
	for i, t := range tags {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strings.ReplaceAll(t, "_", "-"))
		if q := 100 - i*delta; q > 0 && q < 100 {
			b.WriteString(";q=0.")
			if q < 10 {
				b.WriteByte('0')
			}
			b.WriteString(strconv.Itoa(q))
		}
	}
	return b.String()
}
