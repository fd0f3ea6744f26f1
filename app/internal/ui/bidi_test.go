package ui

import (
	"strings"
	"testing"

	"mpsim/app/internal/history"
)

// visualOrder places the runs of text with right-to-left characters as the
// Unicode Bidirectional Algorithm shows them: neutrals between strong
// characters of one direction take it, others the paragraph's; digits and
// their separators are weak; brackets pair and mirror. Each want is what
// a browser draws, left to right (drawn).
func TestVisualOrder(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"qa plan: dash and arabic-indic digits", qaPlan, "يومًا ٣٠ — جيجابايت ٥ كونتوسو باقة"},
		{"hebrew with a number", "א 30 בבבבבבבב", "בבבבבבבב 30 א"},
		{"arabic with a latin brand", "باقة Contoso", "Contoso باقة"},
		{"one right-to-left run", "חבילת גלישה", "גלישה חבילת"},
		{"a colon between right-to-left words", "باقة: يومًا", "يومًا :باقة"},
		{"english sentence with an arabic name", "Plan باقة ٣٠ يومًا for you", "Plan يومًا ٣٠ باقة for you"},
		{"european digits with a separator", "باقة 1,000 MB", "MB 1,000 باقة"},
		{"a percent sign goes with its number", "הנחה 50% היום", "היום 50% הנחה"},
		{"after arabic letters, digits are arabic numbers", "خصم 50% اليوم", "اليوم %50 خصم"},
		{"a date's slashes", "א 1/2/2026 ב", "ב 1/2/2026 א"},
		{"brackets around latin in arabic, mirrored", "باقة (Contoso) ٣٠", "٣٠ (Contoso) باقة"},
		{"brackets around arabic in english", "Contoso (باقة) plan", "Contoso (باقة) plan"},
		{"brackets with a number and latin", "א (5 GB) ב", "ב (GB 5) א"},
		{"guillemets mirrored", "א «ב» ג", "ג «ב» א"},
		{"set signs mirrored", "א ∈ ב ⊂ ג", "ג ⊃ ב ∋ א"},
		{"much-less-than mirrored", "א ≪ ב", "ב ≫ א"},
		{"an arabic mark stays with its letter", "بَاقة 5", "5 بَاقة"},
		{"latin", "Contoso 5 GB — 30 days", "Contoso 5 GB — 30 days"},
		{"empty", "", ""},
		{"each line on its own", "א 30\nב", "30 א\nב"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := visualOrder(tc.in)
			if d := drawn(got); d != tc.want {
				t.Errorf("visualOrder(%q) = %q, drawn %q, want %q", tc.in, got, d, tc.want)
			}
		})
	}
}

// Explicit embeddings, overrides and isolates (U+202A to U+202E, U+2066
// to U+2069) apply as in a browser, and are left out of the label's text,
// where Fyne would draw them as boxes.
func TestVisualOrderExplicitFormatting(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"an RLO spoofs a file name", "\u202etxt.exe", "exe.txt"},
		{"an RLO reverses and mirrors", "\u202ea<b\u202c", "b>a"},
		{"an LRO shows Hebrew left to right", "\u202dאב גד\u202c", "אב גד"},
		{"an LRI keeps a Latin name and its number together", "باقة \u2066Contoso 5\u2069 GB", "GB Contoso 5 باقة"},
		{"an FSI-wrapped name does not set the direction", "\u2068باقة كونتوسو\u2069 5 GB", "كونتوسو باقة 5 GB"},
		{"an LRE in a right-to-left name", "א \u202aB 1\u202c ב", "ב B 1 א"},
		{"an RLE around numbers", "a \u202b1 2\u202c b", "a 2 1 b"},
		{"an isolate between right-to-left words", "א \u2066b\u2069 ב", "ב b א"},
		{"a Latin name isolated", "\u2068Contoso\u2069", "Contoso"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := visualOrder(tc.in)
			if d := drawn(got); d != tc.want {
				t.Errorf("visualOrder(%q) = %q, drawn %q, want %q", tc.in, got, d, tc.want)
			}
			if strings.ContainsFunc(got, isExplicitFormatting) {
				t.Errorf("visualOrder(%q) = %q keeps a formatting character", tc.in, got)
			}
		})
	}
	// A value broken into lines is resolved as one paragraph: the second
	// line is still inside the right-to-left isolate.
	in := "Plan \u2067Contoso Mobile باقة\u2069 now"
	if got, want := drawn(orderedLines(in, 13)), "Plan Contoso\nباقة Mobile\nnow"; got != want {
		t.Errorf("orderedLines(%q) drew %q, want %q", in, got, want)
	}
	if got, want := drawn(cutThenOrder(in, 40)), "Plan باقة Contoso Mobile now"; got != want {
		t.Errorf("cutThenOrder(%q) drew %q, want %q", in, got, want)
	}
}

// A value is shortened, or broken into lines, in logical order and then
// ordered: a right-to-left name keeps its first words.
func TestCutAndLinesBeforeOrdering(t *testing.T) {
	if got, want := drawn(cutThenOrder(qaPlan, 14)), "…كونتوسو باقة"; got != want {
		t.Errorf("cutThenOrder drew %q, want %q", got, want)
	}
	if got := cutThenOrder("Contoso 5 GB", 40); got != "Contoso 5 GB" {
		t.Errorf("cutThenOrder cut a short name: %q", got)
	}
	if got, want := drawn(orderedLines(qaPlan, 16)), "٥ كونتوسو باقة\n٣٠ — جيجابايت\nيومًا"; got != want {
		t.Errorf("orderedLines drew %q, want %q", got, want)
	}
	if got := orderedLines("Contoso 5 GB — 30 days", 5); got != "Contoso 5 GB — 30 days" {
		t.Errorf("orderedLines broke left-to-right text: %q", got)
	}
}

// Each piece visualOrder writes is fenced by marks of its direction, so
// that the label's text around it cannot change its direction; only words
// of right-to-left letters are left for Fyne to shape from the right.
func TestVisualOrderFences(t *testing.T) {
	w := func(s string) string { return "\u200f" + s + "\u200f" }
	n := func(s string) string { return "\u200e" + s + "\u200e" }
	want := w("يومًا") + n(" ") + n("٣٠") + n(" ") + n("—") + n(" ") + w("جيجابايت") + n(" ") + n("٥") + n(" ") + w("كونتوسو") + n(" ") + w("باقة")
	if got := visualOrder(qaPlan); got != want {
		t.Errorf("visualOrder(%q)\n = %q\nwant %q", qaPlan, got, want)
	}
}

// The History search still finds a name as the portal handed it back.
func TestHistorySearchFindsRightToLeftName(t *testing.T) {
	if !historyMatches(history.Entry{PlanName: "א 30 בבבבבבבב"}, "א 30") {
		t.Error("the History search does not find the name as it was handed back")
	}
}

// TestIsolatedLatinNameIsNotRightToLeft checks that a Latin plan name an
// i18n library wrapped in an isolate (Fluent and FormatJS wrap every
// placeable in FSI … PDI) keeps the left-to-right layout of the labels,
// its formatting characters left out, while an RTL override or a Hebrew
// letter still counts as right-to-left text.
func TestIsolatedLatinNameIsNotRightToLeft(t *testing.T) {
	tests := []struct {
		name, in, shown string
		rightToLeft     bool
	}{
		{"FSI-wrapped Latin", "\u2068Contoso 5 GB\u2069", "Contoso 5 GB", false},
		{"LRI-wrapped Latin", "Plan \u2066Contoso\u2069 30 days", "Plan Contoso 30 days", false},
		{"LRE and PDF", "\u202aContoso\u202c", "Contoso", false},
		{"RLO override", "\u202etxt.exe", "exe.txt", true},
		{"RLI", "\u2067Contoso\u2069", "Contoso", true},
		{"Hebrew", "חבילה", "חבילה", true},
		{"plain Latin", "Contoso 5 GB", "Contoso 5 GB", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hasRightToLeft(tt.in); got != tt.rightToLeft {
				t.Errorf("hasRightToLeft(%q) = %v, want %v", tt.in, got, tt.rightToLeft)
			}
			got := visualOrder(tt.in)
			if d := drawn(got); d != tt.shown {
				t.Errorf("visualOrder(%q) = %q, drawn %q, want %q", tt.in, got, d, tt.shown)
			}
			if strings.ContainsFunc(got, isExplicitFormatting) {
				t.Errorf("visualOrder(%q) = %q keeps a formatting character", tt.in, got)
			}
		})
	}
}

// Each paragraph of a value (rule P1: a paragraph separator ends it) is
// ordered on its own, in the direction of its own first strong character,
// and its separator is written after it as it is; mixed canonically
// equivalent brackets pair (BD16) and mirror. Each want is what a browser
// draws, left to right (drawn), each paragraph on a line of its own.
func TestBidiVisualOrderParagraphsAndBrackets(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		// The Hebrew paragraph right to left, the English one left to
		// right; as one right-to-left paragraph, "hello" was drawn first.
		{"a Hebrew and an English paragraph", "שלום\u2029hello", "שלום\u2029hello"},
		// The second paragraph is right to left: its "!" is drawn on the
		// left of the Hebrew word.
		{"an English and a Hebrew paragraph", "hello\u2029שלום!", "hello\u2029!שלום"},
		// The CR of CR LF ends the line, not drawn at its left as part of
		// the right-to-left line.
		{"CR LF", "א 1\r\nb", "1 א\r\nb"},
		// The embedding ends with its paragraph: "cd" is not reversed.
		{"an RLO ends with its paragraph", "\u202eab\u2029cd", "ba\u2029cd"},
		// U+2329 pairs with U+3009: both right to left, mirrored.
		{"mixed canonical brackets", "aא\u2329ב\u3009b", "a\u3008ב\u232aאb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := visualOrder(tc.in)
			if d := drawn(got); d != tc.want {
				t.Errorf("visualOrder(%+q) = %+q, drawn %+q, want %+q", tc.in, got, d, tc.want)
			}
		})
	}
}

// orderedLines starts each paragraph of a value on a line of its own,
// ordered in its own direction; other white space stays a space, and a
// blank paragraph is an empty line unless it starts or ends the value.
func TestBidiOrderedLinesParagraphs(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"U+2029", "שלום\u2029hello", "שלום\nhello"},
		{"CR LF and an empty paragraph", "א 1\r\n\r\nb c", "1 א\n\nb c"},
		{"NEL and a tab", "hello\u0085שלום\tעולם!", "hello\n!עולם שלום"},
		{"separators at the ends", "\u2029א ב\u2029", "ב א"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := orderedLines(tc.in, 30)
			if d := drawn(got); d != tc.want {
				t.Errorf("orderedLines(%+q) = %+q, drawn %+q, want %+q", tc.in, got, d, tc.want)
			}
		})
	}
}
