package textcut

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// TestBytesKeepsMarksOnTheirBase: Bytes bounds a long text in bytes and
// cuts only between grapheme clusters. Cut at any rune (as the host once
// did), a Thai vowel or a combining accent was parted from its consonant
// and half an emoji sequence was left; cut at a byte, a URL with a
// non-ASCII path left invalid UTF-8 in the report and the History.
func TestBytesKeepsMarksOnTheirBase(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"ASCII", "abcdefghij", 4, "abcd…"},
		{"fits", "สวัสดี", 18, "สวัสดี"},
		{"Thai: not between ว and its vowel", "สวัสดี", 6, "ส…"},
		{"Thai: at a boundary", "สวัสดี", 9, "สวั…"},
		{"a combining accent", "Cafe\u0301 plan", 4, "Caf…"},
		{"Arabic: a tanween mark", "يومًا", 6, "يو…"},
		{"ZWJ emoji", "👨\u200d👩\u200d👧👨\u200d👩\u200d👧", 22, "👨\u200d👩\u200d👧…"},
		{"a URL that fits", "https://a.example/", 300, "https://a.example/"},
		{"a URL cut at n", "https://a.example/abcdef", 20, "https://a.example/ab…"},
		{"a two-byte letter across n", "https://a.example/é", 19, "https://a.example/…"},
		{"a three-byte letter across n", "https://a.example/日本", 20, "https://a.example/…"},
		{"an accent kept with its letter", "https://a.example/e\u0301x", 19, "https://a.example/…"},
		{"an emoji flag kept whole", "https://a.example/🇫🇷", 22, "https://a.example/…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Bytes(tc.in, tc.n)
			if got != tc.want {
				t.Errorf("Bytes(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
			kept := strings.TrimSuffix(got, "…")
			if len(kept) > tc.n || !utf8.ValidString(kept) {
				t.Errorf("Bytes(%q, %d) kept %q (%d bytes)", tc.in, tc.n, kept, len(kept))
			}
			if rest := strings.TrimPrefix(tc.in, kept); rest != "" {
				if r, _ := utf8.DecodeRuneInString(rest); unicode.In(r, unicode.Mn, unicode.Me) || r == '\u200d' {
					t.Errorf("Bytes(%q, %d) = %q parts %q from its base", tc.in, tc.n, got, r)
				}
			}
		})
	}
}

// TestColumnsNeverHalvesAWideCharacter: Columns counts terminal columns,
// two for a CJK character or an emoji, none for a mark.
func TestColumnsNeverHalvesAWideCharacter(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"購買方案", 3, "購…"},
		{"購買方案", 8, "購買方案"},
		{"Cafe\u0301 plan", 4, "Cafe\u0301…"},
		{"abc", 0, "…"},
	}
	for _, tc := range tests {
		got := Columns(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("Columns(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if w := uniseg.StringWidth(strings.TrimSuffix(got, "…")); w > tc.n {
			t.Errorf("Columns(%q, %d) = %q takes %d columns", tc.in, tc.n, got, w)
		}
	}
}
