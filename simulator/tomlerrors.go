package simulator

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// utf8BOM is the byte-order mark Windows editors (Notepad) write at the
// start of a UTF-8 file. It is no TOML: go-toml read it as "invalid
// character at start of key: U+00EF 'ï'".
var utf8BOM = []byte("\ufeff")

// trimBOM returns data without a leading UTF-8 byte-order mark. The mark
// takes no column of its own in an editor, so positions stay right.
func trimBOM(data []byte) []byte { return bytes.TrimPrefix(data, utf8BOM) }

// tomlDecodeError turns a go-toml decoding error of the file at path
// (content data), decoded into a value of type file, into file:line:column
// errors, prefixed with what (e.g. "presets"): an unknown key names the key
// it is closest to, if one is; a value of the wrong type is said in the
// file's words — the key, the TOML type given, the kind of value the key
// takes and, when it can be told, the line to write instead — never in
// Go's ("cannot decode TOML string into struct field simulator.Preset.Languages
// of type []string").
func tomlDecodeError(what, path string, data []byte, file reflect.Type, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs []error
		for i := range strict.Errors {
			e := &strict.Errors[i]
			row, col := e.Position()
			hint := ""
			if k := ClosestTOMLKey(file, e.Key()); k != "" {
				hint = fmt.Sprintf("; did you mean %q?", k)
			}
			errs = append(errs, fmt.Errorf("%s:%d:%d: unknown key %q%s\n%s", path, row, col, strings.Join(e.Key(), "."), hint, e.String()))
		}
		return fmt.Errorf("%s: %w", what, errors.Join(errs...))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		raw := strings.TrimPrefix(de.Error(), "toml: ")
		text := typeMismatchText(file, de, raw, lineOf(data, row), col)
		excerpt := strings.ReplaceAll(de.String(), raw, text)
		return fmt.Errorf("%s: %s:%d:%d: %s\n%s", what, path, row, col, text, excerpt)
	}
	return fmt.Errorf("%s: %s: %w", what, path, err)
}

// lineOf returns line row (from 1) of data without its line ending, "" when
// there is none.
func lineOf(data []byte, row int) string {
	all := strings.Split(string(data), "\n")
	if row < 1 || row > len(all) {
		return ""
	}
	return strings.TrimSuffix(all[row-1], "\r")
}

// goTypeMismatch is go-toml's text for a value of the wrong type, which
// names mpsim's Go types ("cannot decode TOML string into struct field
// simulator.Preset.Languages of type []string").
var goTypeMismatch = regexp.MustCompile(`^cannot decode TOML (.+?) into (?:struct field \S+ of type|a Go value of type) \S+`)

// typeMismatchText is raw, go-toml's text for a decoding error de at
// column col of line, in the file's words when it is a value of the wrong
// type: "languages: got a TOML string, want an array of strings; write
// languages = ["fr-FR"]". Other texts are returned as they are.
func typeMismatchText(file reflect.Type, de *toml.DecodeError, raw, line string, col int) string {
	m := goTypeMismatch.FindStringSubmatch(raw)
	if m == nil || len(de.Key()) == 0 {
		return raw
	}
	key := de.Key()[len(de.Key())-1]
	got := m[1]
	t, ok := tomlFieldType(file, de.Key())
	if !ok {
		return fmt.Sprintf("%s: got a TOML %s, want a value of another type", key, got)
	}
	value, whole := valueAt(line, key, col)
	text := fmt.Sprintf("%s: got a TOML %s, want %s", key, got, tomlKind(t))
	if !whole {
		value = scalarToken(value)
		// A value inside an array or inline table: what the element takes.
		if t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		text = fmt.Sprintf("%s: got a TOML %s in it, want %s there", key, got, tomlKind(t))
		if fix := tomlFix(t, got, value); fix != "" {
			text += "; write " + fix
		}
		return text
	}
	if fix := tomlFix(t, got, value); fix != "" {
		text += "; write " + key + " = " + fix
	}
	return text
}

// valueAt returns the value written at column col (from 1) of line, up to
// a comment, and whether it is the whole value of key ("key = value" with
// the value starting at col) rather than a part of an array or table.
func valueAt(line, key string, col int) (string, bool) {
	if col < 1 || col > len(line)+1 {
		return "", false
	}
	value := strings.TrimSpace(stripComment(line[col-1:]))
	head := regexp.MustCompile(`^\s*(?:` + regexp.QuoteMeta(key) + `|"` + regexp.QuoteMeta(key) + `"|'` + regexp.QuoteMeta(key) + `')\s*=\s*`)
	loc := head.FindStringIndex(line)
	return value, loc != nil && loc[1] == col-1
}

// scalarToken is the scalar value s starts with: a quoted string up to its
// closing quote, else up to a separator of an array or inline table.
func scalarToken(s string) string {
	if s == "" {
		return ""
	}
	if q := s[0]; q == '"' || q == '\'' {
		for i := 1; i < len(s); i++ {
			switch {
			case q == '"' && s[i] == '\\':
				i++
			case s[i] == q:
				return s[:i+1]
			}
		}
		return s
	}
	if i := strings.IndexAny(s, ",]} \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// stripComment cuts a TOML comment off s, a value and what follows it on
// its line; a "#" inside a quoted string is kept.
func stripComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == '\\' && quote == '"':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '#':
			return s[:i]
		}
	}
	return s
}

// tomlKind says in TOML's words the kind of value type t takes.
func tomlKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		switch t.Elem().Kind() {
		case reflect.String:
			return "an array of strings"
		case reflect.Struct:
			return "an array of tables"
		}
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "a table"
	}
	return "a value of another type"
}

// tomlFix is what to write for value, a TOML got given where type t is
// wanted: the value quoted for a string, put in an array for an array of
// strings, true or false for a yes or no; "" when that cannot be told.
func tomlFix(t reflect.Type, got, value string) string {
	if value == "" {
		return ""
	}
	scalar := got == "string" || got == "integer" || got == "float" || got == "boolean" || strings.Contains(got, "date") || strings.Contains(got, "time")
	switch t.Kind() {
	case reflect.String:
		if scalar && got != "string" {
			return fmt.Sprintf("%q", value)
		}
	case reflect.Slice:
		return arrayFix(t, got, value, scalar)
	case reflect.Bool:
		return boolFix(value)
	}
	return ""
}

// arrayFix is tomlFix for an array type t: a scalar in brackets, quoted
// for an array of strings; an example table for an array of tables.
func arrayFix(t reflect.Type, got, value string, scalar bool) string {
	if t.Elem().Kind() == reflect.Struct {
		return tableArrayExample(t.Elem())
	}
	if !scalar || t.Elem().Kind() != reflect.String {
		return ""
	}
	if got != "string" {
		value = fmt.Sprintf("%q", value)
	}
	return "[" + value + "]"
}

// boolFix is tomlFix for a boolean: true or false for the yes or no value
// means.
func boolFix(value string) string {
	switch strings.ToLower(strings.Trim(value, `"'`)) {
	case "yes", "y", "on", "1", "true":
		return "true"
	case "no", "n", "off", "0", "false":
		return "false"
	}
	return "true or false, without quotes"
}

// tableArrayExample is an array of one inline table of type t, with its
// keys: [{ name = …, value = … }].
func tableArrayExample(t reflect.Type) string {
	keys := tomlKeys(t, nil)
	if len(keys) == 0 || len(keys) > 4 { // a [[preset]] or [[operator]] table: too long to write on one line
		return ""
	}
	return "[{ " + strings.Join(keys, " = …, ") + " = … }]"
}

// tomlFieldType returns the Go type of the value at key (a path of TOML
// keys) in a value of type t, following the toml tags of its structs
// through slices (arrays of tables); false when key leads to no field.
func tomlFieldType(t reflect.Type, key []string) (reflect.Type, bool) {
	for len(key) > 0 {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		found := false
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if name == key[0] && f.IsExported() {
				t, found = f.Type, true
				break
			}
		}
		if !found {
			return nil, false
		}
		key = key[1:]
	}
	return t, true
}
