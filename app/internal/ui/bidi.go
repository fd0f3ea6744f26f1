package ui

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// visualOrder returns s ready for a Fyne label when s is right-to-left
// text, such as a Hebrew or Arabic plan name a portal handed back.
//
// Fyne 2.7 shapes each run of one direction in that direction, but places
// the runs left to right in the order they are stored: it applies no
// bidirectional reordering. A right-to-left name with a number or a Latin
// word in it ("א 30 ב", logically) then reads "א30 ב" in the host, its
// words in the wrong order. visualOrder stores the runs of a string whose
// first strong character is right-to-left in the order a right-to-left
// paragraph shows them, each run's own text unchanged for Fyne's shaper,
// so the label shows what a browser shows for the same text (the HTML
// report, the screenshots). Left-to-right text, and right-to-left text of
// one run, come back as they are. The result is only for display: it is
// never written to a report.
//
// Each value is ordered on its own, as an HTML <bdi> isolates it, so a
// name placed in an English sentence keeps its own order there.
func visualOrder(s string) string {
	if !hasRightToLeft(s) || strings.ContainsAny(s, "\n\r") {
		return s
	}
	var p bidi.Paragraph
	if _, err := p.SetString(s); err != nil {
		return s
	}
	o, err := p.Order()
	if err != nil || o.Direction() != bidi.RightToLeft || o.NumRuns() < 2 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := o.NumRuns() - 1; i >= 0; i-- {
		run := o.Run(i)
		if text := run.String(); run.Direction() == bidi.RightToLeft {
			// Fyne draws the spaces at a run's edges left to right with
			// the text around them, not with the run: they change sides
			// here, where a right-to-left paragraph shows them.
			core := strings.TrimRightFunc(text, unicode.IsSpace)
			trailing := text[len(core):]
			rest := strings.TrimLeftFunc(core, unicode.IsSpace)
			leading := core[:len(core)-len(rest)]
			b.WriteString(trailing + rest + leading)
			continue
		}
		// Fyne's own segmentation would join a number that now stands
		// before right-to-left letters to their run, and shape the two
		// together from the right: the marks (invisible, zero width)
		// keep it a left-to-right run of its own.
		b.WriteString(leftToRightMark + run.String() + leftToRightMark)
	}
	return b.String()
}

// leftToRightMark is U+200E LEFT-TO-RIGHT MARK: a strong left-to-right
// character that draws nothing.
const leftToRightMark = "\u200e"

// hasRightToLeft reports whether s holds a character of a right-to-left
// script (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation
// forms), so that text without one costs no bidi analysis.
func hasRightToLeft(s string) bool {
	for _, r := range s {
		switch {
		case r >= 0x0590 && r <= 0x08FF, r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF,
			r >= 0x10800 && r <= 0x10FFF, r >= 0x1E800 && r <= 0x1EFFF:
			return true
		}
	}
	return false
}
