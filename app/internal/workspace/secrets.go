package workspace

import (
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"

	"mpsim/app/internal/session"
)

// minSecretLen is the shortest secret value masked wherever it occurs in
// a report: a shorter one (a 3-digit code) could not be told from the
// rest of the text (ports, times, counts), as session.hideValue holds.
const minSecretLen = 4

// SecretValues are the values of steps a session's outputs must not
// hold: each fill the scenario made secret before it ran
// (session.Step.Secret: value_env, or a selector naming a password
// field) and each fill whose field turned out to be a password field
// (its result's FieldType), in the order of the steps, without
// duplicates or empty values.
func SecretValues(steps []session.Step, rep session.Report) []string {
	secret := make([]bool, len(steps))
	for i, st := range steps {
		secret[i] = st.Action == session.StepFill && st.Secret
	}
	for _, e := range rep.Log {
		if i, ok := passwordFill(steps, e); ok {
			secret[i] = true
		}
	}
	var out []string
	for i, st := range steps {
		if secret[i] && st.Value != "" && !slices.Contains(out, st.Value) {
			out = append(out, st.Value)
		}
	}
	return out
}

// passwordFill is the index in steps of the fill a log entry is the
// result of, when the session found it secret (its field a password
// field).
func passwordFill(steps []session.Step, e session.LogEntry) (int, bool) {
	res := e.Step
	if e.Kind != session.KindStep || res == nil || res.Step.Action != session.StepFill {
		return 0, false
	}
	i := res.Index - 1
	if i < 0 || i >= len(steps) || steps[i].Target != res.Step.Target {
		return 0, false
	}
	return i, res.FieldType == "password" || res.Step.Secret
}

// MaskSecrets is rep with every secret value (SecretValues) replaced by
// session.Masked in each of its strings — the network's URLs, headers
// and errors, the navigations, the console, the log's texts — as sent
// (the form's or a script's URL encoding of it) or as typed, so that
// none of the files written from it (the history, --report, --json,
// --html, the HAR) holds it. Values shorter than minSecretLen are masked
// only where the session's steps quote them. rep itself is not changed:
// what it shares with the caller (slices, pointers) is copied where it
// is masked.
func MaskSecrets(rep session.Report, secrets []string) session.Report {
	return NewMasker(secrets).Report(rep)
}

// A Masker masks the secret values of one session (SecretValues) in the
// texts the host window shows while the session runs — one log entry or
// one string at a time, as they arrive — exactly as MaskSecrets masks its
// report: each form of a value (as typed, as URLs and JSON encode it)
// becomes session.Masked, and values shorter than minSecretLen are left
// alone. The forms are worked out once, by NewMasker; each call then only
// looks for them. The zero Masker, and one of no value long enough, masks
// nothing. A Masker never changes once made: goroutines may share it.
type Masker struct{ m *masker }

// NewMasker is the Masker of secrets.
func NewMasker(secrets []string) Masker { return Masker{m: newMasker(secrets)} }

// Masks says whether k masks anything (it has a value long enough).
func (k Masker) Masks() bool { return k.m != nil }

// String is s with every form of k's secrets masked.
func (k Masker) String(s string) string {
	if k.m == nil {
		return s
	}
	out, _ := k.m.mask(s)
	return out
}

// Entry is e with every form of k's secrets masked in each of its
// strings (its text, URL, call, finding, result, console message,
// request, navigation, probe, step…). What e shares with the caller
// (its pointers) is copied where it is masked, never changed.
func (k Masker) Entry(e session.LogEntry) session.LogEntry {
	if k.m == nil {
		return e
	}
	if v, ok := k.m.walk(reflect.ValueOf(e)); ok {
		return v.Interface().(session.LogEntry)
	}
	return e
}

// Report is rep masked as MaskSecrets masks it with k's secrets.
func (k Masker) Report(rep session.Report) session.Report {
	m := k.m
	if m == nil {
		return rep
	}
	v := reflect.ValueOf(&rep).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() || slices.Contains(keptFields, t.Field(i).Name) {
			continue
		}
		if e, ok := m.walk(v.Field(i)); ok {
			v.Field(i).Set(e)
		}
	}
	return rep
}

// keptFields are the fields of a session.Report MaskSecrets leaves
// alone: what the device and the launch are (ICCIDs, EIDs, the launch's
// parameters), which a history entry launches again from and no step
// typed — a short secret (a PIN) may be part of such a number.
var keptFields = []string{"Launch", "Device", "Opened"}

// masker replaces the forms of secret values in strings.
type masker struct {
	r *strings.Replacer
	// forms are the texts replaced, for a quick look before replacing.
	forms []string
}

// newMasker is the masker of secrets, nil when there is nothing to mask.
func newMasker(secrets []string) *masker {
	var forms []string
	add := func(f string) {
		if f != "" && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	for _, s := range secrets {
		if len(s) < minSecretLen {
			continue
		}
		for _, f := range secretForms(s) {
			add(f)
		}
	}
	if len(forms) == 0 {
		return nil
	}
	// The longest first, so that a form is not cut by a shorter one.
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	var pairs []string
	for _, f := range forms {
		pairs = append(pairs, f, session.Masked)
	}
	return &masker{r: strings.NewReplacer(pairs...), forms: forms}
}

// secretForms are the texts a secret value s may take in a session's
// records: as typed, and as a URL carries it — a form sent with GET
// (application/x-www-form-urlencoded: a space is +), encodeURIComponent,
// a path segment, and the part-encoded forms a browser leaves in a URL's
// fragment, query or path when a page writes the value there unencoded
// (location.hash = s encodes a space, ", <, >, ` but not & or \) —
// each of these encoded once more (encodeURIComponent applied twice,
// which a URL decoded once, such as a HAR's queryString, shows as the
// single-encoded form), with its escapes in upper or lower case.
func secretForms(s string) []string {
	once := []string{s, url.QueryEscape(s), url.PathEscape(s), formEncode(s, "*"), formEncode(s, "!'()*")}
	for _, set := range browserSets {
		once = append(once, percentEncode(s, set))
	}
	once = withLowerEscapes(once)
	forms := slices.Clone(once)
	for _, f := range once {
		if strings.Contains(f, "%") {
			forms = append(forms, url.QueryEscape(f), formEncode(f, "!'()*"))
		}
	}
	if q, err := json.Marshal(s); err == nil {
		forms = append(forms, strings.Trim(string(q), `"`))
	}
	return withLowerEscapes(forms)
}

// withLowerEscapes is forms followed by those with %XX escapes in lower
// case (lowerEscapes).
func withLowerEscapes(forms []string) []string {
	for _, f := range forms {
		if strings.Contains(f, "%") {
			forms = append(forms, lowerEscapes(f))
		}
	}
	return forms
}

// browserSets are the bytes besides controls and non-ASCII a browser's
// URL parser percent-encodes in a URL it was given unencoded (the URL
// Standard's percent-encode sets): a fragment's, a query's (a special
// scheme's also encodes '), a path's.
var browserSets = []string{" \"<>`", " \"#<>", " \"#<>'", " \"#<>?`{}"}

// percentEncode is s with its controls, its non-ASCII bytes and the bytes
// in set as %XX, the rest as it is.
func percentEncode(s, set string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || strings.IndexByte(set, c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// formEncode is s percent-encoded as a browser encodes a form field
// (keep "*") or as encodeURIComponent does (keep "!'()*"): letters,
// digits, "-", "_", ".", "~" and keep stay, a space is + for a form
// (%20 for encodeURIComponent), every other byte is %XX.
func formEncode(s, keep string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-_.~", c) >= 0,
			strings.IndexByte(keep, c) >= 0:
			b.WriteByte(c)
		case c == ' ' && keep == "*":
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// lowerEscapes is f with the hex digits of its %XX escapes in lower case.
func lowerEscapes(f string) string {
	b := []byte(f)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// mask is s with every form of a secret masked, and whether it changed.
func (m *masker) mask(s string) (string, bool) {
	for _, f := range m.forms {
		if strings.Contains(s, f) {
			return m.r.Replace(s), true
		}
	}
	return s, false
}

// walk is v with its strings masked, and whether any was: a value that
// holds a masked string is a copy (a struct's unexported fields as they
// were), one that holds none is v itself.
func (m *masker) walk(v reflect.Value) (reflect.Value, bool) {
	if !holdsStrings(v.Type()) {
		return v, false
	}
	switch v.Kind() {
	case reflect.String:
		s, ok := m.mask(v.String())
		if !ok {
			return v, false
		}
		return reflect.ValueOf(s).Convert(v.Type()), true
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			s, ok := m.mask(string(v.Bytes()))
			if !ok {
				return v, false
			}
			return reflect.ValueOf([]byte(s)).Convert(v.Type()), true
		}
		return m.walkElems(v, func() reflect.Value {
			c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			reflect.Copy(c, v)
			return c
		})
	case reflect.Array:
		return m.walkElems(v, func() reflect.Value {
			c := reflect.New(v.Type()).Elem()
			c.Set(v)
			return c
		})
	case reflect.Map:
		return m.walkMap(v)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		e, ok := m.walk(v.Elem())
		if !ok {
			return v, false
		}
		if v.Kind() == reflect.Interface {
			c := reflect.New(v.Type()).Elem()
			c.Set(e)
			return c, true
		}
		p := reflect.New(e.Type())
		p.Elem().Set(e)
		return p, true
	case reflect.Struct:
		return m.walkStruct(v)
	}
	return v, false
}

// walkElems walks a slice's or an array's elements; clone copies v, once
// an element changed.
func (m *masker) walkElems(v reflect.Value, clone func() reflect.Value) (reflect.Value, bool) {
	var out reflect.Value
	for i := 0; i < v.Len(); i++ {
		e, ok := m.walk(v.Index(i))
		if !ok {
			continue
		}
		if !out.IsValid() {
			out = clone()
		}
		out.Index(i).Set(e)
	}
	if !out.IsValid() {
		return v, false
	}
	return out, true
}

// walkMap walks a map's values (its keys are left as they are).
func (m *masker) walkMap(v reflect.Value) (reflect.Value, bool) {
	var out reflect.Value
	iter := v.MapRange()
	for iter.Next() {
		e, ok := m.walk(iter.Value())
		if !ok {
			continue
		}
		if !out.IsValid() {
			out = reflect.MakeMapWithSize(v.Type(), v.Len())
			inner := v.MapRange()
			for inner.Next() {
				out.SetMapIndex(inner.Key(), inner.Value())
			}
		}
		out.SetMapIndex(iter.Key(), e)
	}
	if !out.IsValid() {
		return v, false
	}
	return out, true
}

// walkStruct walks a struct's exported fields.
func (m *masker) walkStruct(v reflect.Value) (reflect.Value, bool) {
	var out reflect.Value
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() {
			continue
		}
		e, ok := m.walk(v.Field(i))
		if !ok {
			continue
		}
		if !out.IsValid() {
			out = reflect.New(t).Elem()
			out.Set(v)
		}
		out.Field(i).Set(e)
	}
	if !out.IsValid() {
		return v, false
	}
	return out, true
}

// stringTypes caches holdsStrings.
var stringTypes sync.Map // reflect.Type → bool

// holdsStrings says whether a value of type t may hold a string that
// walk can reach (an interface may hold anything).
func holdsStrings(t reflect.Type) bool {
	if v, ok := stringTypes.Load(t); ok {
		return v.(bool)
	}
	seen := map[reflect.Type]bool{}
	var holds func(reflect.Type) bool
	holds = func(t reflect.Type) bool {
		if seen[t] {
			return false // a cycle: its other paths decide
		}
		seen[t] = true
		switch t.Kind() {
		case reflect.String, reflect.Interface:
			return true
		case reflect.Slice:
			return t.Elem().Kind() == reflect.Uint8 || holds(t.Elem())
		case reflect.Array, reflect.Pointer:
			return holds(t.Elem())
		case reflect.Map:
			return holds(t.Elem())
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				if t.Field(i).IsExported() && holds(t.Field(i).Type) {
					return true
				}
			}
		}
		return false
	}
	h := holds(t)
	stringTypes.Store(t, h)
	return h
}
