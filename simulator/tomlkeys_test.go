package simulator

import (
	"reflect"
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
