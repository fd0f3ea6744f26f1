package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/simulator"
)

// idRowText is the text of the visible labels of an identifier row but its
// badge, one label a line.
func idRowText(r idRow) string {
	var out []string
	for _, l := range shownLabels(r.object()) {
		if l != r.badge {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

// An ICCID whose only problem is its Luhn check digit is a warning, as
// `mpsim device show` and the contract (§5 #17) call it: the Device tab
// badge says WARNING in the warning colour, with the CLI's hint. Before, it
// said INVALID in red (found by GUI QA).
func TestIDRowBadgeTellsAWarningFromAnError(t *testing.T) {
	const good = "8988247000101820729"
	badDigit := good[:len(good)-1] + "8"
	tests := []struct {
		name, checked string
		badge         string
		importance    widget.Importance
		want, notWant []string
	}{
		{"valid", good, "valid", widget.SuccessImportance, nil, []string{"check digit"}},
		{"bad check digit", badDigit, "WARNING", widget.WarningImportance,
			[]string{"check digit should be 9, not 8", iccidWarningHint}, nil},
		{"malformed", "12345", "INVALID", widget.DangerImportance, nil, []string{iccidWarningHint}},
		{"a warning and an error", badDigit + ",12345", "INVALID", widget.DangerImportance,
			[]string{"check digit should be 9, not 8" + iccidWarningHint}, nil},
	}
	test.NewTempApp(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newIDRow()
			r.set(tt.checked, tt.checked, simulator.ValidateICCID)
			if r.badge.Text != tt.badge || r.badge.Importance != tt.importance {
				t.Errorf("badge %q (importance %v), want %q (%v)", r.badge.Text, r.badge.Importance, tt.badge, tt.importance)
			}
			text := idRowText(r)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("row %q lacks %q", text, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(text, w) {
					t.Errorf("row %q has %q", text, w)
				}
			}
			// Back to valid: no message is left behind.
			r.set(good, good, simulator.ValidateICCID)
			if got := idRowText(r); got != good || r.badge.Text != "valid" {
				t.Errorf("after a valid ICCID: row %q, badge %q", got, r.badge.Text)
			}
		})
	}
}

// wholeWords reports whether every word of line is a word of text, or the
// line is one piece of a word too long for it.
func wholeWords(line, text string) bool {
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	got := strings.Fields(line)
	if len(got) == 1 && !words[got[0]] {
		for w := range words {
			if len(w) > 16 && strings.Contains(w, got[0]) {
				return true
			}
		}
	}
	for _, w := range got {
		if !words[w] {
			return false
		}
	}
	return true
}

// The Device tab's message under an identifier wraps between words while
// the identifier itself, a long digit string, may break anywhere. Before,
// one label breaking anywhere held both, and "should" came out as "shoul" /
// "d be 8" (found by GUI QA).
func TestIDRowMessageWrapsBetweenWords(t *testing.T) {
	test.NewTempApp(t)
	const bad = "8988247000114134119"
	r := newIDRow()
	r.set(bad+" (active profile)", bad, simulator.ValidateICCID)
	for _, l := range shownLabels(r.object()) {
		if !strings.Contains(l.Text, "check digit") {
			continue
		}
		for w := float32(220); w <= 480; w += 4 {
			l.Resize(fyne.NewSize(w, l.MinSize().Height))
			l.Resize(fyne.NewSize(w, l.MinSize().Height))
			for _, line := range profileLines(l) {
				if !wholeWords(line, l.Text) {
					t.Fatalf("at %.0f px the line %q breaks a word (lines %q)", w, line, profileLines(l))
				}
			}
		}
	}
}
