package matrix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

// AnyLanguage is the key of a Text table whose value is for every cell
// whose language no other key matches.
const AnyLanguage = "*"

// Text is a text or value of a scenario that a portal shows in its
// user's language (a step's click_text, wait_text, wait_url or value, the
// expected plan_name or html_lang), as the file writes it: one string for
// every cell, or a table of strings keyed by BCP 47 language tag, of which
// each cell takes the one for its first language (Pick).
type Text struct {
	// One is the string for every cell, when ByLang is nil.
	One string
	// ByLang are the strings by language tag; AnyLanguage ("*") is for
	// the languages no other key matches.
	ByLang map[string]string
	// set: the file gives the key (a string, even "", or a table).
	set bool
	// bad: the file gives a value of another type, which the schema
	// reports; the checks leave it alone.
	bad bool
}

// Plain returns the Text of one string for every cell.
func Plain(s string) Text { return Text{One: s, set: true} }

// ByLanguage returns the Text of a table of strings by language tag.
func ByLanguage(m map[string]string) Text {
	return Text{ByLang: maps.Clone(m), set: true}
}

// Given reports whether the file gives the key.
func (t Text) Given() bool { return t.set }

// IsZero reports whether the file does not give the key (for JSON's
// omitzero).
func (t Text) IsZero() bool { return !t.set }

// Empty reports whether the key is not given or is the empty string.
func (t Text) Empty() bool { return !t.set || !t.bad && t.ByLang == nil && t.One == "" }

// locs are the schema's instance locations of the text at loc (like
// "steps/0/click_text") and of each of its table's keys, which a check
// of the text covers (problem.covers).
func (t Text) locs(loc string) []string {
	out := []string{loc}
	for k := range t.ByLang {
		out = append(out, loc+"/"+k)
	}
	return out
}

// Table reports whether the text is a table by language.
func (t Text) Table() bool { return t.ByLang != nil }

// Keys are the table's language keys, sorted ("*" first).
func (t Text) Keys() []string { return slices.Sorted(maps.Keys(t.ByLang)) }

// String is the text as people read it: the one string, or the table as
// { de = "Kaufen", en = "Buy" }.
func (t Text) String() string {
	if t.ByLang == nil {
		return t.One
	}
	parts := make([]string, 0, len(t.ByLang))
	for _, k := range t.Keys() {
		parts = append(parts, fmt.Sprintf("%s = %q", k, t.ByLang[k]))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// UnmarshalTOML reads a string or a table of strings (inline or a
// sub-table). A value of another type is kept as bad: the scenario
// schema reports it at its line, which an error here could not.
func (t *Text) UnmarshalTOML(data []byte) error {
	var one struct {
		V any `toml:"v"`
	}
	if err := toml.Unmarshal(append([]byte("v = "), data...), &one); err != nil {
		// A sub-table ([scenario.steps.click_text]) comes as its lines.
		var table map[string]any
		if err := toml.Unmarshal(data, &table); err != nil {
			*t = Text{set: true, bad: true}
			return nil // the schema says what is wrong, at its line
		}
		one.V = table
	}
	*t = textOf(one.V)
	return nil
}

// textOf is the Text of a decoded TOML or JSON value.
func textOf(v any) Text {
	switch x := v.(type) {
	case string:
		return Plain(x)
	case map[string]any:
		m := make(map[string]string, len(x))
		for k, s := range x {
			str, ok := s.(string)
			if !ok {
				return Text{set: true, bad: true}
			}
			m[k] = str
		}
		return ByLanguage(m)
	}
	return Text{set: true, bad: true}
}

// MarshalJSON writes the one string, or the table as an object.
func (t Text) MarshalJSON() ([]byte, error) {
	if t.ByLang != nil {
		return json.Marshal(t.ByLang)
	}
	return json.Marshal(t.One)
}

// UnmarshalJSON reads a string or an object of strings.
func (t *Text) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*t = Text{}
		return nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if *t = textOf(v); t.bad {
		return fmt.Errorf("want a string or an object of strings by language tag, got %s", b)
	}
	return nil
}

// parseKey reads a table key as a language tag ("_" as "-", as the
// languages entries take it).
func parseKey(k string) (language.Tag, error) {
	if strings.TrimSpace(k) != k || k == "" {
		return language.Und, fmt.Errorf("%q is no language tag", k)
	}
	tag, err := language.Parse(strings.ReplaceAll(k, "_", "-"))
	if err != nil {
		return language.Und, fmt.Errorf("%q is no BCP 47 language tag", k)
	}
	return tag, nil
}

// check says what is wrong with a table: no key, a key that is no BCP
// 47 language tag (or "*"), two keys for one language. value checks each
// string (nil: any).
func (t Text) check(value func(string) error) error {
	if !t.set || t.bad {
		return nil // not given; or of another type, which the schema says
	}
	if t.ByLang == nil {
		if value != nil {
			return value(t.One)
		}
		return nil
	}
	if len(t.ByLang) == 0 {
		return errors.New("the table has no language; give one string, or strings by language tag like { en = \"Buy\", de = \"Kaufen\" }")
	}
	seen := map[string]string{}
	var errs []error
	for _, k := range t.Keys() {
		if k != AnyLanguage {
			tag, err := parseKey(k)
			if err != nil {
				errs = append(errs, fmt.Errorf("key %w; the keys are language tags like en, de-AT, pt-BR, or \"*\" for every other language", err))
				continue
			}
			if prev, dup := seen[tag.String()]; dup {
				errs = append(errs, fmt.Errorf("keys %q and %q are the same language; keep one", prev, k))
				continue
			}
			seen[tag.String()] = k
		}
		if value != nil {
			if err := value(t.ByLang[k]); err != nil {
				errs = append(errs, fmt.Errorf("%q: %w", k, err))
			}
		}
	}
	return errors.Join(errs...)
}

// Pick returns the string for a cell whose first language is lang, and
// the key it took ("" for one string): the key that is lang itself (case
// aside, "_" as "-"); else the key of lang's base language that the BCP
// 47 matcher (golang.org/x/text/language) ranks best (de-AT takes de, or
// de-DE); else "*". ok is false when no key fits.
func (t Text) Pick(lang string) (value, key string, ok bool) {
	if t.ByLang == nil {
		return t.One, "", true
	}
	want, err := parseKey(lang)
	if err != nil {
		return t.fallback()
	}
	var keys []string
	var tags []language.Tag
	for _, k := range t.Keys() {
		if k == AnyLanguage {
			continue
		}
		tag, err := parseKey(k)
		if err != nil {
			continue
		}
		if tag == want || strings.EqualFold(tag.String(), want.String()) {
			return t.ByLang[k], k, true
		}
		keys, tags = append(keys, k), append(tags, tag)
	}
	if k := sameBase(want, keys, tags); k != "" {
		return t.ByLang[k], k, true
	}
	return t.fallback()
}

// sameBase is the key (of keys, whose tags are tags) of want's base
// language that the matcher ranks best, or "".
func sameBase(want language.Tag, keys []string, tags []language.Tag) string {
	base, _ := want.Base()
	var same []int
	for i, tag := range tags {
		if b, _ := tag.Base(); b == base {
			same = append(same, i)
		}
	}
	switch len(same) {
	case 0:
		return ""
	case 1:
		return keys[same[0]]
	}
	supported := make([]language.Tag, len(same))
	for j, i := range same {
		supported[j] = tags[i]
	}
	_, j, conf := language.NewMatcher(supported).Match(want)
	if conf == language.No || j < 0 || j >= len(same) {
		return keys[same[0]]
	}
	return keys[same[j]]
}

// fallback is the "*" value, if the table has one.
func (t Text) fallback() (string, string, bool) {
	v, ok := t.ByLang[AnyLanguage]
	if !ok {
		return "", "", false
	}
	return v, AnyLanguage, true
}

// noKeyError says that a table has no string for the language lang: what
// (like "step 3 (click_text)") and where (file:line) it is.
func noKeyError(where, what, lang string, t Text) error {
	return fmt.Errorf("%s: %s has no value for the cell's language %s: its keys are %s; add a key for %s (or its base language), or \"*\" for every other language",
		where, what, lang, strings.Join(t.Keys(), ", "), lang)
}

// textsFrom sets the texts of s (its steps' click_text, wait_text,
// wait_url and value, and expect.plan_name and expect.html_lang) from t,
// its [[scenario]] table as decoded into plain maps. go-toml's Unmarshaler
// interface (v2.4.3) gives a sub-table ([scenario.steps.click_text]) to
// the first array-table element that had one: the second step's table
// went to the first step's text, with both keys, and the second step had
// no action. The plain maps hold each table where the file wrote it.
func (s *Scenario) textsFrom(t map[string]any) {
	steps, _ := t["steps"].([]any)
	if len(steps) == len(s.Steps) {
		for j, v := range steps {
			m, _ := v.(map[string]any)
			st := &s.Steps[j]
			for key, into := range map[string]*Text{"click_text": &st.ClickText, "wait_text": &st.WaitText, "wait_url": &st.WaitURL, "value": &st.Value} {
				*into = textAt(m, key)
			}
		}
	}
	expect, _ := t["expect"].(map[string]any)
	s.Expect.PlanName = textAt(expect, "plan_name")
	s.Expect.HTMLLang = textAt(expect, "html_lang")
}

// textAt is the Text of m's key (not given when m has no such key).
func textAt(m map[string]any, key string) Text {
	v, ok := m[key]
	if !ok {
		return Text{}
	}
	return textOf(v)
}
