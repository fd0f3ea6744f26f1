package simulator

import (
	"reflect"
	"strings"
	"testing"
)

func TestClosestTOMLKey(t *testing.T) {
	type inner struct {
		DownloadTime string `toml:"download_time"`
		Hidden       string `toml:"-"`
	}
	type file struct {
		Tables []struct {
			Name      string            `toml:"name"`
			Languages []string          `toml:"languages,omitempty"`
			Inner     *inner            `toml:"inner"`
			Map       map[string]string `toml:"map"`
		} `toml:"table"`
	}
	ft := reflect.TypeFor[file]()
	for _, tc := range []struct {
		key  []string
		want string
	}{
		{[]string{"table", "nmae"}, "name"},
		{[]string{"table", "Langauges"}, "languages"},
		{[]string{"table", "inner", "download_tme"}, "download_time"},
		{[]string{"tabel"}, "table"},
		{[]string{"table", "colour"}, ""},
		{[]string{"table", "inner", "hidden"}, ""},
		{[]string{"table", "map", "x"}, ""},
		{[]string{"nothing", "name"}, ""},
		{nil, ""},
	} {
		if got := ClosestTOMLKey(ft, tc.key); got != tc.want {
			t.Errorf("ClosestTOMLKey(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

// An unknown preset's error names the closest preset when one is near, and
// all of them otherwise.
func TestUnknownPresetError(t *testing.T) {
	names := []string{"happy-esim", "bad-iccid-check-digit", "psim-basic"}
	for _, tc := range []struct{ name, want string }{
		{"bad-iccid-checkdigit", `no preset "bad-iccid-checkdigit" in presets.toml; did you mean "bad-iccid-check-digit"?`},
		{"Happy-ESIM", `did you mean "happy-esim"?`},
		{"roaming", `no preset "roaming" in presets.toml; known: happy-esim, bad-iccid-check-digit, psim-basic`},
	} {
		if err := UnknownPresetError(tc.name, "in presets.toml", names); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("UnknownPresetError(%q) = %v, want %q in it", tc.name, err, tc.want)
		}
	}
}
