package simulator

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/agnivade/levenshtein"
)

// ClosestTOMLKey returns the key a mistyped TOML key probably meant: of the
// keys its table takes in a file decoded into a value of type t (the toml
// tags along key's path), the closest to key's last part, at most two edits
// away (a third of a longer key); "" when none is that close.
func ClosestTOMLKey(t reflect.Type, key []string) string {
	if len(key) == 0 {
		return ""
	}
	return ClosestWord(key[len(key)-1], tomlKeys(t, key[:len(key)-1]))
}

// ClosestWord returns the candidate a mistyped word probably meant, case
// ignored: the closest, at most two edits away (a third of a longer
// word); "" when none is that close.
func ClosestWord(word string, candidates []string) string {
	lower := strings.ToLower(word)
	best, bestD := "", max(3, len(lower)/3+1)
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(lower, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// tomlKeys returns the keys the table at path takes in a value of type t
// (the toml tags of its struct), or none when path leads to no struct.
func tomlKeys(t reflect.Type, path []string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		if len(path) > 0 {
			if name == path[0] {
				return tomlKeys(f.Type, path[1:])
			}
			continue
		}
		keys = append(keys, name)
	}
	return keys
}

// UnknownPresetError says that no preset is called name among names (where
// says where they were looked up): the closest name when one is near (a
// typo: "did you mean"), else every name.
func UnknownPresetError(name, where string, names []string) error {
	if best := ClosestWord(name, names); best != "" {
		return fmt.Errorf("no preset %q %s; did you mean %q? ('mpsim presets' lists them)", name, where, best)
	}
	return fmt.Errorf("no preset %q %s; known: %s", name, where, strings.Join(names, ", "))
}
