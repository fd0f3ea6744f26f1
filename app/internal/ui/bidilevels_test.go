package ui

import (
	"strconv"
	"strings"
	"testing"
)

// bidiCharacterTests are lines in the format of the Unicode Character
// Database's BidiCharacterTest.txt, chosen for explicit embeddings,
// overrides and isolates: code points; paragraph direction (2: auto, the
// only one visualOrder uses); resolved paragraph level; resolved levels
// (x for a character rule X9 removes); visual order, left to right, of
// the characters drawn. Unlike the file's last field, the order leaves
// out the isolate initiators and PDIs too, as visualOrder does (they draw
// nothing). The levels and orders agree with ICU's ubidi.
var bidiCharacterTests = []string{
	// An RLI in a right-to-left paragraph: the Latin inside at level 4.
	"05D0 0020 2067 0061 0062 2069 0020 05D1;2;1;1 1 1 4 4 1 1 1;7 6 3 4 1 0",
	// An RLO spoofs Latin letters right to left (and sets no paragraph
	// direction: P2 reads the letters' own class).
	"202E 0061 0062 0063 202C 0020 0064;2;0;x 1 1 1 x 0 0;3 2 1 5 6",
	// An FSI whose first strong character is Hebrew isolates right to left.
	"0061 0020 2068 05D0 0020 0031 2069 0020 0062;2;0;0 0 0 1 1 2 0 0 0;0 1 5 4 3 7 8",
	// An FSI whose first strong character is Latin isolates left to right.
	"0627 0020 2068 0061 0020 0628 2069 0020 0628;2;1;1 1 1 2 2 3 1 1 1;8 7 3 4 5 1 0",
	// An LRE in a right-to-left paragraph, closed by a PDF.
	"05D0 0020 202A 0061 0020 0031 202C 0020 05D1;2;1;1 1 x 2 2 2 x 1 1;8 7 3 4 5 1 0",
	// An RLE around numbers in a left-to-right paragraph.
	"0061 0020 202B 0031 0020 0032 202C 0020 0062;2;0;0 0 x 2 1 2 x 0 0;0 1 5 4 3 7 8",
	// An LRO shows Hebrew letters left to right.
	"202D 05D0 05D1 05D2 202C 0020 05D3;2;1;x 2 2 2 x 1 1;6 5 1 2 3",
	// Nested isolates; P2 skips the characters inside an isolate.
	"2067 0061 2066 05D0 2069 0062 2069;2;0;0 2 2 3 2 2 0;1 3 5",
	// A PDI that matches no initiator does nothing.
	"05D0 2069 0061 0020 0031;2;1;1 1 2 2 2;2 3 4 0",
	// An FSI without its PDI isolates to the end of the paragraph.
	"0061 0020 2068 05D0 0020 0031;2;0;0 0 0 1 1 2;0 1 5 4 3",
	// An isolate counts as a neutral between the strong characters around it.
	"05D0 0020 2066 0061 2069 0020 05D1;2;1;1 1 1 2 1 1 1;6 5 3 1 0",
	// A PDF inside an isolate closes nothing.
	"0061 2067 05D0 202C 0062 2069 0063;2;0;0 0 1 x 2 0 0;0 4 2 6",
	// A PDI closes the embeddings opened inside its isolate.
	"05D0 2066 202B 0061 2069 0062;2;1;1 1 x 4 1 2;5 3 0",
	// Brackets around an isolate: the text inside the isolate is not inside
	// the brackets for rule N0.
	"05D0 0028 2066 0061 2069 0029;2;1;1 1 1 2 1 1;5 3 1 0",
	// Numbers on both sides of an isolate stay Arabic numbers (W2 across it).
	"0627 0031 2066 0032 2069 0033;2;1;1 2 1 2 1 2;5 3 1 0",
}

// Rules X1 to X10 apply the explicit embeddings, overrides and isolates
// (BidiCharacterTest.txt lines); rules W1 to I2 run on isolating run
// sequences.
func TestBidiCharacterTestLines(t *testing.T) {
	for _, line := range bidiCharacterTests {
		f := strings.Split(line, ";")
		var runes []rune
		for _, h := range strings.Fields(f[0]) {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			runes = append(runes, rune(v))
		}
		_, para := paragraphLevels(runes)
		levels := bidiLevels(runes)
		got := make([]string, len(runes))
		for i, r := range runes {
			got[i] = strconv.Itoa(int(levels[i]))
			if isExplicitFormatting(r) && r < 0x2066 {
				got[i] = "x"
			}
		}
		if g := strconv.Itoa(int(para)) + ";" + strings.Join(got, " ") + ";" + visualIndexes(levels, runes); g != strings.Join(f[2:], ";") {
			t.Errorf("%s\n got %s\nwant %s", f[0], g, strings.Join(f[2:], ";"))
		}
	}
}

// visualIndexes is rule L2 on the positions of runes at levels, without
// the explicit formatting characters, as a BidiCharacterTest.txt order.
func visualIndexes(levels []uint8, runes []rune) string {
	runs := visualRuns(levels[:len(runes)])
	var order []string
	for _, r := range runs {
		for k := range r.end - r.start {
			i := r.start + k
			if r.level%2 == 1 {
				i = r.end - 1 - k
			}
			if !isExplicitFormatting(runes[i]) {
				order = append(order, strconv.Itoa(i))
			}
		}
	}
	return strings.Join(order, " ")
}

// Explicit levels stop at 125 (BD2): an embedding or isolate deeper than
// that overflows, and the PDF or PDI that matches it closes nothing.
func TestBidiOverflow(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     map[rune]uint8
	}{
		{"embeddings", strings.Repeat("\u202b\u202a", 63) + "a\u202cb\u202cc", map[rune]uint8{'a': 126, 'b': 126, 'c': 124}},
		{"isolates", strings.Repeat("\u2067\u2066", 63) + "a\u2069b\u2069c", map[rune]uint8{'a': 126, 'b': 126, 'c': 124}},
		{"a PDF inside an isolate", strings.Repeat("\u202b\u202a", 62) + "\u2067a\u202cb\u2069c\u202cd", map[rune]uint8{'a': 126, 'b': 126, 'c': 124, 'd': 124}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runes := []rune(tc.in)
			levels := bidiLevels(runes)
			for i, r := range runes {
				if want, ok := tc.want[r]; ok && levels[i] != want {
					t.Errorf("%q at level %d, want %d", r, levels[i], want)
				}
			}
		})
	}
}

// levelString writes levels as BidiCharacterTest.txt does: x for a
// character that rule X9 removes (an embedding, override or PDF).
func levelString(runes []rune, levels []uint8) string {
	out := make([]string, len(runes))
	for i, r := range runes {
		out[i] = strconv.Itoa(int(levels[i]))
		if isExplicitFormatting(r) && r < 0x2066 {
			out[i] = "x"
		}
	}
	return strings.Join(out, " ")
}

// Rule P1 splits a text into paragraphs after each paragraph separator
// (bidi class B: U+2029, LF, CR, NEL, U+001C to U+001E; CR LF is one, a
// newline function), which stays with the paragraph it ends. Each
// paragraph takes its level from its own first strong character (P2,
// P3), ends every embedding, override and isolate still open (X8, BD9),
// and is resolved on its own; its separator is at its level (L1). The
// levels were worked out by hand from the rules, as the comment of each
// case says, and agree with ICU 72's ubidi (UBIDI_DEFAULT_LTR, which gives
// an X9-removed character a level where these have x).
func TestBidiParagraphSeparators(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		// Paragraph 1 (שלום U+2029): first strong R, level 1; its letters
		// stay 1 (I2) and U+2029 is at 1 (L1). Paragraph 2: first strong L,
		// level 0; its letters 0.
		{"U+2029 between a Hebrew and an English paragraph", "שלום\u2029hello", "1 1 1 1 1 0 0 0 0 0"},
		// Paragraph 2 (אב!) is at level 1 from א: the "!" between ב and
		// eos (R, the paragraph's level) takes R by N1, level 1, not the
		// first paragraph's direction (N2 would give L, 0).
		{"a neutral takes its own paragraph's direction", "ab\u2029אב!", "0 0 0 1 1 1"},
		// CR LF ends paragraph 1 (level 1 from א): both at level 1 (L1);
		// "cd" is paragraph 2 at level 0.
		{"CR LF", "אב\r\ncd", "1 1 1 1 0 0"},
		// CR LF is one separator: LF is in paragraph 1 at its level 1 (an
		// empty paragraph of its own would be at level 0, P3); "!" alone
		// is paragraph 2, no strong character, level 0 (P3).
		{"CR LF is one separator", "א\r\n!", "1 1 1 0"},
		// A lone CR is a separator too.
		{"a lone CR", "אב\rcd", "1 1 1 0 0"},
		// The second LF is an empty paragraph at level 0 (P3: no strong
		// character); "1" is paragraph 3 at level 0, where W7 (sos L)
		// makes the European number L: level 0, not 2.
		{"an empty paragraph between LFs", "א\n\n1", "1 1 0 0"},
		// NEL ends paragraph 1 (level 0); "א!" is at level 1 from א, the
		// "!" R by N1 between א and eos.
		{"NEL", "a\u0085א!", "0 0 1 1"},
		// U+001C, U+001D and U+001E each end a paragraph: 1, 0, 1, 0 from
		// their first strong characters; the Latin letters are at 0, not
		// at 2 inside a right-to-left paragraph.
		{"information separators", "א\u001cb\u001dב\u001ec", "1 1 0 0 1 1 0"},
		// The RLE opens level 1 for "ab" (L, so 2 by I2); paragraph 1 is at
		// level 0 from "a" (P2 does not skip an embedding); X8 ends the RLE
		// with the paragraph, U+2029 at level 0; "cd" is at level 0.
		{"an embedding ends with its paragraph", "\u202bab\u2029cd", "x 2 2 0 0 0"},
		// The RLI has no matching PDI, so it isolates to the end of its
		// paragraph (BD9): paragraph 1 has no strong character outside it,
		// level 0; "ab" at 1 (L, so 2); U+2029 at 0; "cd" out of the
		// isolate, at level 0.
		{"an isolate ends with its paragraph", "\u2067ab\u2029cd", "0 2 2 0 0 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runes := []rune(tc.in)
			if got := levelString(runes, bidiLevels(runes)); got != tc.want {
				t.Errorf("levels of %+q = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

// Rule BD16 pairs a closing bracket with an opening one when it is its
// Bidi_Paired_Bracket or canonically equivalent to it: U+2329 and U+232A
// are canonically equivalent to U+3008 and U+3009, so an opening U+2329
// pairs with a closing U+3009, and U+3008 with U+232A, as each pairs with
// its own counterpart. The levels were worked out by hand from the rules
// and agree with ICU 72's ubidi.
func TestBidiCanonicalBrackets(t *testing.T) {
	// In a left-to-right paragraph (level 0, from "a"), a pair around a
	// Hebrew letter after a Hebrew letter: the text inside is R, opposite
	// to the embedding direction, and so is the strong character before
	// the pair, so N0 (c.1) makes both brackets R, level 1. Unpaired, the
	// closing bracket lies between ב (R) and b (L) and takes the embedding
	// direction by N2: level 0.
	ltr := "0 1 1 1 1 0"
	// In a right-to-left paragraph (level 1, from א), a pair around "c"
	// after "b": both L, opposite, so N0 makes the brackets L, level 2.
	// Unpaired, the closing bracket lies between c (L) and ב (R): R by
	// N2, level 1.
	rtl := "1 1 2 2 2 2 1 1"
	for _, tc := range []struct{ name, in, want string }{
		{"U+2329 with U+3009", "aא\u2329ב\u3009b", ltr},
		{"U+3008 with U+232A", "aא\u3008ב\u232ab", ltr},
		{"U+2329 with U+3009 in a right-to-left paragraph", "א b\u2329c\u3009 ב", rtl},
		{"U+3008 with U+232A in a right-to-left paragraph", "א b\u3008c\u232a ב", rtl},
		{"U+2329 with its own U+232A", "aא\u2329ב\u232ab", ltr},
		{"U+3008 with its own U+3009", "aא\u3008ב\u3009b", ltr},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runes := []rune(tc.in)
			if got := levelString(runes, bidiLevels(runes)); got != tc.want {
				t.Errorf("levels of %+q = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}
