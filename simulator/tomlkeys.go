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
	last := strings.ToLower(key[len(key)-1])
	best, bestD := "", max(3, len(last)/3+1)
	for _, k := range tomlKeys(t, key[:len(key)-1]) {
		if d := levenshtein.ComputeDistance(last, k); d < bestD {
			best, bestD = k, d
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
	lower := strings.ToLower(name)
	best, bestD := "", max(3, len(lower)/3+1)
	for _, n := range names {
		if d := levenshtein.ComputeDistance(lower, strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	if best != "" {
		return fmt.Errorf("no preset %q %s; did you mean %q? ('mpsim presets' lists them)", name, where, best)
	}
	return fmt.Errorf("no preset %q %s; known: %s", name, where, strings.Join(names, ", "))
}
