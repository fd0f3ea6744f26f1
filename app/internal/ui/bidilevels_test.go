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
