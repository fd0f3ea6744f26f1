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

// TestFontWarningAdvisesAFontForTheScript: the warning names a Debian and
// Ubuntu package whose fonts cover the language's script, and not one
// that does not. Before, every script was told fonts-wqy-microhei, which
// has no Thai glyph (fc-list :lang=th stays empty with it) nor an Indic one.
func TestFontWarningAdvisesAFontForTheScript(t *testing.T) {
	none := func(context.Context, string) (string, error) { return "", nil }
	tests := []struct {
		lang    string
		want    string // the first package advised
		notWant string
	}{
		{"th-TH", "Debian and Ubuntu: fonts-thai-tlwg", "wqy"},
		{"ja-JP", "Debian and Ubuntu: fonts-wqy-microhei", "tlwg"},
		{"ko-KR", "Debian and Ubuntu: fonts-wqy-microhei", "tlwg"},
		{"zh-Hant-TW", "Debian and Ubuntu: fonts-wqy-microhei", "tlwg"},
		{"zh-CN", "Debian and Ubuntu: fonts-wqy-microhei", "tlwg"},
		{"hi-IN", "Debian and Ubuntu: fonts-lohit-deva", "wqy"},
		{"mr-IN", "Debian and Ubuntu: fonts-lohit-deva", "wqy"},
		{"bn-BD", "Debian and Ubuntu: fonts-lohit-beng-bengali", "wqy"},
		{"ta-IN", "Debian and Ubuntu: fonts-lohit-taml", "wqy"},
		{"si-LK", "Debian and Ubuntu: fonts-lklug-sinhala", "wqy"},
		{"km-KH", "Debian and Ubuntu: fonts-khmeros", "wqy"},
		{"lo-LA", "Debian and Ubuntu: fonts-lao", "wqy"},
		{"my-MM", "Debian and Ubuntu: fonts-sil-padauk", "wqy"},
		{"am-ET", "Debian and Ubuntu: fonts-sil-abyssinica", "wqy"},
		{"bo-CN", "Debian and Ubuntu: fonts-tibetan-machine", "wqy"},
		{"dv-MV", "Debian and Ubuntu: fonts-noto-core", "wqy"}, // Thaana: no table entry
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			got := fontWarning([]string{tc.lang}, none)
			if !strings.Contains(got, tc.want) || strings.Contains(got, tc.notWant) {
				t.Errorf("fontWarning(%q) = %q, want %q and no %q", tc.lang, got, tc.want, tc.notWant)
			}
		})
	}
}
