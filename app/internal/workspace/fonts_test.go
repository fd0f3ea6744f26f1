package workspace

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestFontWarning(t *testing.T) {
	has := func(fonts map[string]string) fontLister {
		return func(_ context.Context, lang string) (string, error) { return fonts[lang], nil }
	}
	dejavuOnly := has(map[string]string{"ar": "DejaVu Sans\n"})
	noLookUp := func(_ context.Context, lang string) (string, error) {
		t.Errorf("fc-list asked for %q, a language with no script", lang)
		return "", nil
	}
	tests := []struct {
		name  string
		langs []string
		list  fontLister
		want  string // a part of the warning; "" for none
	}{
		{"Japanese without a font", []string{"ja-JP", "ja", "en"}, dejavuOnly, "no installed font covers Japanese (Japanese script)"},
		{"Japanese with a font", []string{"ja-JP"}, has(map[string]string{"ja": "Noto Sans CJK JP\n"}), ""},
		{"traditional Chinese asks for zh-tw", []string{"zh-TW"}, has(map[string]string{"zh-cn": "Noto Sans CJK SC\n"}), "Traditional Han script"},
		{"simplified Chinese asks for zh-cn", []string{"zh-CN"}, has(map[string]string{"zh-cn": "Noto Sans CJK SC\n"}), ""},
		{"Thai", []string{"th-TH;q=0.9"}, dejavuOnly, "Thai"},
		{"Latin script: no look-up", []string{"fr-FR"}, func(context.Context, string) (string, error) {
			t.Error("fc-list asked for a Latin-script language")
			return "", nil
		}, ""},
		{"Arabic: no look-up", []string{"ar-SA"}, dejavuOnly, ""},
		{"only the first language counts", []string{"en-US", "ja"}, dejavuOnly, ""},
		{"fontconfig cannot tell", []string{"ko-KR"}, func(context.Context, string) (string, error) { return "", errors.New("no fc-list") }, ""},
		{"no language", nil, dejavuOnly, ""},
		{"not a tag", []string{"!!"}, dejavuOnly, ""},
		{"a sign language: no script", []string{"sgn-BE-FR"}, noLookUp, ""},
		{"a private-use language: no script", []string{"qaa"}, noLookUp, ""},
		{"a language with no linguistic content", []string{"zxx"}, noLookUp, ""},
		{"undetermined language", []string{"und-Tibt"}, noLookUp, ""},
		{"Tibetan", []string{"bo-CN"}, dejavuOnly, "no installed font covers Tibetan (Tibetan script): WebKit will draw none of the page's Tibetan text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := fontWarning(tc.langs, tc.list)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("fontWarning(%q) = %q, want %q", tc.langs, got, tc.want)
			}
		})
	}
}
