package cli

import (
	"strings"
	"testing"
)

// TestCellCutsToColumnsBetweenCharacters: a table cell (mpsim history
// list's scenario, plan and outcome) is cut to n terminal columns, "…"
// after them, and only between grapheme clusters. Before, it was cut to n
// bytes: an Arabic or Hebrew plan name of 20-odd letters (two bytes each)
// lost its end in a column that had room for it, a Thai or Chinese one
// (three bytes) lost more, and a cut could leave a Thai vowel mark, a
// combining accent or the rest of an emoji sequence behind its base.
func TestCellCutsToColumnsBetweenCharacters(t *testing.T) {
	family := "👨\u200d👩\u200d👧" // one emoji of three joined by zero-width joiners, two columns
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"ASCII that fits", "Contoso 5 GB — 30 days", 32, "Contoso 5 GB — 30 days"},
		{"ASCII cut", strings.Repeat("abcdefghij", 4), 32, "abcdefghijabcdefghijabcdefghijab…"},
		{"Arabic that fits (42 bytes)", "باقة كونتوسو ٥ جيجابايت", 32, "باقة كونتوسو ٥ جيجابايت"},
		{"Arabic cut at 32 columns, not bytes", "باقة كونتوسو ٥ جيجابايت — ٣٠ يومًا", 32, "باقة كونتوسو ٥ جيجابايت — ٣٠ يومً…"},
		{"Arabic: a tanween mark stays on its letter", "يومًا جديدًا", 3, "يومً…"},
		{"Hebrew that fits (48 bytes)", "חבילת קונטוסו 5 ג״ב ל־30 יום", 32, "חבילת קונטוסו 5 ג״ב ל־30 יום"},
		{"Thai with marks that fits (51 bytes)", "แพ็กเกจ Contoso 5 GB — 30 วัน", 32, "แพ็กเกจ Contoso 5 GB — 30 วัน"},
		{"Thai: the vowel marks stay on their consonants", "สวัสดีครับ", 4, "สวัสดี…"},
		{"Thai: a mark never starts what is left out", "แพ็กเกจ", 2, "แพ็…"},
		{"a combining accent stays on its e", "Cafe\u0301 plan", 4, "Cafe\u0301…"},
		{"CJK that fills the column exactly", "Contoso 5 GB — 30 天方案（繁體）", 32, "Contoso 5 GB — 30 天方案（繁體）"},
		{"CJK cut: two columns a character", strings.Repeat("購買方案", 5), 31, "購買方案購買方案購買方案購買方…"},
		{"CJK: no half character", "購買方案", 3, "購…"},
		{"emoji joined by ZWJ stay whole", strings.Repeat(family, 5), 7, strings.Repeat(family, 3) + "…"},
		{"empty", "", 8, "-"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := cell(tc.in, tc.n)
			if got != tc.want {
				t.Errorf("cell(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
			if w := textWidth(strings.TrimSuffix(got, "…")); w > tc.n {
				t.Errorf("cell(%q, %d) = %q takes %d columns", tc.in, tc.n, got, w)
			}
		})
	}
}
