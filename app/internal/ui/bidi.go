package ui

import (
	"strings"

	"golang.org/x/text/unicode/bidi"
)

// visualOrder returns s ready for a Fyne label when s holds right-to-left
// text, such as a Hebrew or Arabic plan name a portal handed back.
//
// Fyne 2.7 splits a label's text into runs of one direction (its shaper
// resolves the directions of the whole label, with the label's first
// strong character setting the paragraph's direction) and shapes each run
// in its direction, but it places the runs left to right in the order they
// are stored: it does no bidirectional reordering. A right-to-left name with
// a number or a Latin word in it then reads in the wrong order, and a
// neutral character (a dash, a colon, a bracket) takes its direction from
// the sentence the name is placed in, not from the name.
//
// visualOrder resolves the embedding levels of each paragraph of s as the
// Unicode Bidirectional Algorithm (UAX #9) does — each paragraph on its
// own (rule P1: a paragraph ends at each paragraph separator, U+2029, LF,
// CR LF, CR, NEL or U+001C to U+001E), its direction set by its own first
// strong character (P2, P3), explicit embeddings, overrides and isolates
// (U+202A to U+202E, U+2066 to U+2069, at most 125 levels deep, ended by
// the paragraph's end), weak types (European and Arabic-Indic digits and
// their separators and terminators), paired brackets (canonically
// equivalent ones too), neutrals between strong characters, implicit
// levels, on each isolating run sequence — then stores the runs of one
// level of each paragraph, laid out as one line, in the order the
// algorithm shows them (rule L2), leaving the explicit formatting
// characters out: they draw nothing, and Fyne would draw them as boxes.
// The paragraph separator is written as it is, after its paragraph. Each
// run keeps its own text in logical order for Fyne's shaper, which shapes
// a right-to-left run from the right and mirrors its brackets; marks
// (U+200F RIGHT-TO-LEFT MARK around a right-to-left run, U+200E
// LEFT-TO-RIGHT MARK around a left-to-right one; invisible, zero width)
// fence each run so that Fyne gives every character of it the run's
// direction whatever text the label puts around the value. The label
// then shows what a browser shows for the same text (the HTML report, the
// screenshots). Fyne breaks a label's lines at LF only: a paragraph that
// another separator (U+2029, a lone CR) ends shows on the line of the
// next, each still in its own order.
//
// Each value is ordered on its own, as an HTML <bdi> isolates it, so a
// name placed in an English sentence keeps its own order there. Text
// without a right-to-left or explicit formatting character comes back as
// it is, and so does each such paragraph of s. The result is for display
// only, never written to a report; anything that shortens a value (an
// ellipsis, a width limit) does so on the logical text, before
// visualOrder: see cutThenOrder.
func visualOrder(s string) string {
	if !needsBidi(s) {
		return s
	}
	runes := []rune(s)
	var b strings.Builder
	for _, p := range paragraphs(runes) {
		b.WriteString(visualParagraph(runes[p.start:p.end], p.sep-p.start))
	}
	return b.String()
}

// cutThenOrder shortens s to at most limit characters in logical order,
// ending it with an ellipsis when it cut, and then orders it for display:
// a right-to-left name keeps its logical start (the words a reader reads
// first), as a browser's text-overflow does.
func cutThenOrder(s string, limit int) string {
	if r := []rune(s); limit > 0 && len(r) > limit {
		s = strings.TrimRight(string(r[:limit-1]), " ") + "…"
	}
	return visualOrder(s)
}

// Marks that fence a run: strong characters that draw nothing.
const (
	leftToRightMark = "\u200e"
	rightToLeftMark = "\u200f"
)

// visualParagraph orders one paragraph (rule P1), laid out as one line,
// for display: runes[:sep] is its text, runes[sep:] the paragraph
// separator that ends it (none for a text's last paragraph), written
// after it as it is.
func visualParagraph(runes []rune, sep int) string {
	text := runes[:sep]
	if !needsBidi(string(text)) {
		return string(runes)
	}
	levels, para := paragraphLevels(runes)
	lineLevels(runes, levels, para)
	return orderLine(text, levels) + string(runes[sep:])
}

// orderLine writes the runes of one line, at their resolved levels (rule
// L1 done), in display order for Fyne: the runs of one level in the order
// of rule L2. The explicit formatting characters (embeddings, overrides,
// isolates) take their part in L2 but are not written: they draw nothing
// (rule X9), and Fyne would draw them as boxes.
func orderLine(runes []rune, levels []uint8) string {
	runs := visualRuns(levels[:len(runes)])
	var b strings.Builder
	b.Grow(3*len(runes) + 6*len(runs))
	for _, r := range runs {
		var text []rune
		for _, c := range runes[r.start:r.end] {
			if !isExplicitFormatting(c) {
				text = append(text, c)
			}
		}
		if r.level%2 == 0 {
			writeLeftToRightRun(&b, text)
			continue
		}
		writeRightToLeftRun(&b, text)
	}
	return b.String()
}

// writeLeftToRightRun writes the runes of a left-to-right run for Fyne,
// fenced by left-to-right marks. Right-to-left letters in it (a Hebrew or
// Arabic word under a left-to-right override, U+202D) are drawn one by
// one, left to right in stored order, since Fyne would shape a word of
// them from the right.
func writeLeftToRightRun(b *strings.Builder, text []rune) {
	start := 0
	for i, r := range text {
		if !isRightToLeftLetter(r) {
			continue
		}
		if start < i {
			b.WriteString(leftToRightMark + string(text[start:i]) + leftToRightMark)
		}
		b.WriteString(leftToRightMark + string(r) + leftToRightMark)
		start = i + 1
	}
	if start < len(text) {
		b.WriteString(leftToRightMark + string(text[start:]) + leftToRightMark)
	}
}

// writeRightToLeftRun writes the runes of a right-to-left run (logical
// order) for Fyne.
//
// Fyne draws the pieces of one run that its font fallback gives different
// faces (Arabic letters from one font, a space, a dash or a bracket from
// another) left to right in stored order, each shaped in the run's
// direction: a dash after a word was drawn on its right (found by i18n QA).
// So only a word of right-to-left letters (with its marks) is left for
// Fyne to shape from the right, fenced by right-to-left marks; the other
// characters are written in display order, mirrored (rule L4), fenced by
// left-to-right marks, and the pieces are stored right to left.
func writeRightToLeftRun(b *strings.Builder, text []rune) {
	var pieces []string
	for i := 0; i < len(text); {
		j := i + 1
		if isRightToLeftLetter(text[i]) {
			for j < len(text) && (isRightToLeftLetter(text[j]) || isMark(text[j])) {
				j++
			}
			pieces = append(pieces, rightToLeftMark+string(text[i:j])+rightToLeftMark)
		} else {
			pieces = append(pieces, leftToRightMark+string(mirrored(text[i]))+leftToRightMark)
		}
		i = j
	}
	for i := len(pieces) - 1; i >= 0; i-- {
		b.WriteString(pieces[i])
	}
}

// isRightToLeftLetter reports whether r is a strong right-to-left
// character (Hebrew, Arabic and other right-to-left letters).
func isRightToLeftLetter(r rune) bool {
	p, _ := bidi.LookupRune(r)
	return p.Class() == bidi.R || p.Class() == bidi.AL
}

// isMark reports whether r stays with the letter before it: a non-spacing
// mark (an Arabic vowel sign, a Hebrew point) or a boundary neutral (a
// zero-width joiner).
func isMark(r rune) bool {
	p, _ := bidi.LookupRune(r)
	return p.Class() == bidi.NSM || p.Class() == bidi.BN
}

// mirroredGlyphs are the characters other than brackets that a
// right-to-left run shows mirrored (Bidi_Mirroring_Glyph): <, >, «, », ≤,
// ≥, ∈, ⊂ and the other pairs of mirrorPairs. It is read, never written.
var mirroredGlyphs = mirrorTable(mirrorPairs)

// mirrored is r as a right-to-left run shows it: a bracket or another
// mirrored character becomes its counterpart.
func mirrored(r rune) rune {
	if m, ok := mirroredGlyphs[r]; ok {
		return m
	}
	return []rune(bidi.ReverseString(string(r)))[0]
}

// A levelRun is the runes [start, end) of a line, all at one embedding
// level.
type levelRun struct {
	start, end int
	level      uint8
}

// reorderRuns is rule L2 on whole runs: from the highest level down to the
// lowest odd one, every sequence of runs at that level or higher is
// reversed.
func reorderRuns(runs []levelRun) {
	var high, lowOdd uint8 = 0, 255
	for _, r := range runs {
		high = max(high, r.level)
		if r.level%2 == 1 {
			lowOdd = min(lowOdd, r.level)
		}
	}
	for lvl := high; lvl >= lowOdd && lvl > 0; lvl-- {
		for i := 0; i < len(runs); {
			if runs[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(runs) && runs[j].level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
			}
			i = j
		}
	}
}

// hasRightToLeft reports whether s has right-to-left text: a Hebrew,
// Arabic, Syriac, Thaana or N'Ko letter (or their presentation forms), or
// an explicit formatting character that starts right-to-left text (RLE,
// RLO, RLI). The labels give such a value lines of its own. A Latin name
// that an i18n library wrapped in an isolate (FSI … PDI, as Fluent and
// FormatJS do with every placeable) is not right-to-left text: it keeps
// the left-to-right layout, its formatting characters only left out
// (needsBidi).
func hasRightToLeft(s string) bool {
	for _, r := range s {
		switch {
		case r >= 0x0590 && r <= 0x08FF, r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF,
			r >= 0x10800 && r <= 0x10FFF, r >= 0x1E800 && r <= 0x1EFFF, r == 0x202B, r == 0x202E, r == 0x2067:
			return true
		}
	}
	return false
}

// needsBidi reports whether s needs the bidi pass: it has right-to-left
// text (hasRightToLeft) or any explicit formatting character, which
// visualOrder applies and leaves out. Other text costs no bidi analysis.
func needsBidi(s string) bool {
	return hasRightToLeft(s) || strings.IndexFunc(s, isExplicitFormatting) >= 0
}

// isExplicitFormatting reports whether r is an explicit directional
// formatting character: U+202A to U+202E (LRE, RLE, PDF, LRO, RLO) or
// U+2066 to U+2069 (LRI, RLI, FSI, PDI).
func isExplicitFormatting(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// orderedLines breaks s, in logical order, into lines of at most perLine
// characters at its spaces (a longer word keeps a line of its own), and
// orders each line for display. Each paragraph of s (rule P1) starts a
// line: a paragraph separator (U+2029, LF, CR LF, CR, NEL, U+001C to
// U+001E) is a line break; other white space is a space. A paragraph of
// white space only is an empty line, unless it starts or ends s.
//
// A label that wraps a right-to-left value itself breaks the value's
// display order, not its logical order: the first line then held the
// name's last words (found by i18n QA in the "Back in Windows" pane). A
// value given to such a label as orderedLines, on lines of its own, is
// broken where a reader expects; perLine is chosen so that a line fits
// the label's usual width, where the label does not break it again. The
// levels are resolved once for each paragraph, with the direction of its
// own first strong character (rules P2 and P3), as for a paragraph that a
// browser wraps, so that an embedding or isolate broken across lines
// keeps its direction on each; each line is then ordered on its own
// (rules L1 and L2).
func orderedLines(s string, perLine int) string {
	if !needsBidi(s) {
		return s
	}
	runes := []rune(s)
	var lines []string
	for _, p := range paragraphs(runes) {
		lines = append(lines, paragraphLines(string(runes[p.start:p.sep]), perLine)...)
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// paragraphLines is orderedLines for the text of one paragraph, without
// its separator (which, at the paragraph's end and at its level, changes
// no other level): its lines, one empty line for white space only.
func paragraphLines(text string, perLine int) []string {
	runes := []rune(strings.Join(strings.Fields(text), " "))
	if len(runes) == 0 {
		return []string{""}
	}
	levels, para := paragraphLevels(runes)
	var lines []string
	for _, l := range lineBreaks(runes, perLine) {
		line := levels[l[0]:l[1]]
		lineLevels(runes[l[0]:l[1]], line, para)
		lines = append(lines, orderLine(runes[l[0]:l[1]], line))
	}
	return lines
}

// lineBreaks breaks runes, words joined by single spaces, into lines of
// at most perLine runes at the spaces (a longer word keeps a line of its
// own): the [start, end) of each line, without the space it breaks at.
func lineBreaks(runes []rune, perLine int) [][2]int {
	var lines [][2]int
	start, end := 0, 0
	for i := 0; i <= len(runes); i++ {
		if i < len(runes) && runes[i] != ' ' {
			continue
		}
		// runes[end:i] is the next word, after a space unless end is start.
		if end > start && i-start > perLine {
			lines = append(lines, [2]int{start, end})
			start = end + 1
		}
		end = i
	}
	if end > start {
		lines = append(lines, [2]int{start, end})
	}
	return lines
}

// visualRuns cuts levels into runs of one level, in logical order, and
// puts them in display order (rule L2).
func visualRuns(levels []uint8) []levelRun {
	var runs []levelRun
	for i, level := range levels {
		if n := len(runs); n > 0 && runs[n-1].level == level {
			runs[n-1].end = i + 1
			continue
		}
		runs = append(runs, levelRun{i, i + 1, level})
	}
	reorderRuns(runs)
	return runs
}
