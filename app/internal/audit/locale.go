package audit

import (
	"slices"
	"strings"

	"mpsim/app/internal/inspect"
)

// primary returns the lower-case primary subtag of a language tag.
func primary(tag string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	p, _, _ = strings.Cut(p, "_")
	p, _, _ = strings.Cut(p, ";") // an Accept-Language q-value
	return strings.ToLower(p)
}

// contentLanguage returns the Content-Language header of the first main
// document response ("" when none).
func (f *facts) contentLanguage() string {
	for _, q := range f.in.Network {
		if !q.Main {
			continue
		}
		for _, h := range q.ResponseHeaders {
			if strings.EqualFold(h.Name, "Content-Language") {
				return h.Value
			}
		}
		return ""
	}
	return ""
}

// checkLocale compares each probed page's <html lang> with the first
// Accept-Language: the same primary language passes, a later choice of the
// list warns, another language fails, no lang attribute warns.
func checkLocale(f *facts, o *outcome) {
	if len(f.in.Languages) == 0 {
		o.manual()
		o.note("no Accept-Language in the launch")
		return
	}
	o.note("Accept-Language %s", strings.Join(f.in.Languages, ", "))
	if cl := f.contentLanguage(); cl != "" {
		o.note("Content-Language of the portal page: %s", cl)
	}
	ps := f.probes()
	if len(ps) == 0 {
		o.manual()
		o.note("%s", f.noProbe())
		return
	}
	for _, p := range ps {
		pageLang(f, o, p)
	}
}

// pageLang judges one probe's <html lang>.
func pageLang(f *facts, o *outcome, p inspect.Probe) {
	want := primary(f.in.Languages[0])
	var later []string
	for _, l := range f.in.Languages[1:] {
		later = append(later, primary(l))
	}
	got := primary(p.Lang)
	switch {
	case got == "":
		o.warn("%s: <html> has no lang attribute, so the page's language cannot be checked (expected %q)", probeLabel(p), want)
	case got == want:
		o.note("%s: <html lang=%q> matches %q", probeLabel(p), p.Lang, f.in.Languages[0])
	case slices.Contains(later, got):
		o.warn("%s: <html lang=%q> is a later choice of Accept-Language, not the first (%q)", probeLabel(p), p.Lang, f.in.Languages[0])
	default:
		o.fail("%s: <html lang=%q> is not among the languages the app sent (%s)", probeLabel(p), p.Lang, strings.Join(f.in.Languages, ", "))
	}
}

// checkLanguages compares the visible text with the run in another
// language when there is one; otherwise it is manual and names the
// language the portal showed.
func checkLanguages(f *facts, o *outcome) {
	if f.in.Compare != nil {
		compareLanguages(f, o)
		return
	}
	o.manual()
	var langs []string
	for _, p := range f.probes() {
		if p.Lang != "" && !slices.Contains(langs, p.Lang) {
			langs = append(langs, p.Lang)
		}
	}
	if len(langs) > 0 {
		o.note("this session showed the portal in %s", strings.Join(langs, ", "))
	}
	if len(f.in.Languages) > 0 {
		o.note("launched with Accept-Language %s", strings.Join(f.in.Languages, ", "))
	}
}
