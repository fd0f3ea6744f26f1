package ui

import (
	"testing"

	"mpsim/app/internal/history"
)

// rtlRun and ltrRun are a run of visualOrder's result: its text in logical
// order, fenced by marks of its direction.
func rtlRun(s string) string { return "\u200f" + s + "\u200f" }
func ltrRun(s string) string { return "\u200e" + s + "\u200e" }

// visualOrder places the runs of text with right-to-left characters as the
// Unicode Bidirectional Algorithm shows them: neutrals between strong
// characters of one direction take it, others the paragraph's; digits and
// their separators are weak; brackets pair. Each run is fenced so that the
// sentence a label puts around the value changes nothing in it.
func TestVisualOrder(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"qa plan: dash and arabic-indic digits", qaPlan,
			rtlRun(" يومًا") + ltrRun("٣٠") + rtlRun(" جيجابايت — ") + ltrRun("٥") + rtlRun("باقة كونتوسو ")},
		{"hebrew with a number", "א 30 בבבבבבבב", rtlRun(" בבבבבבבב") + ltrRun("30") + rtlRun("א ")},
		{"arabic with a latin brand", "باقة Contoso", ltrRun("Contoso") + rtlRun("باقة ")},
		{"one right-to-left run", "חבילת גלישה", rtlRun("חבילת גלישה")},
		{"a colon between right-to-left words", "باقة: يومًا", rtlRun("باقة: يومًا")},
		{"english sentence with an arabic name", "Plan باقة ٣٠ يومًا for you",
			ltrRun("Plan ") + rtlRun(" يومًا") + ltrRun("٣٠") + rtlRun("باقة ") + ltrRun(" for you")},
		{"european digits with a separator", "باقة 1,000 MB", ltrRun("MB") + rtlRun(" ") + ltrRun("1,000") + rtlRun("باقة ")},
		{"a percent sign goes with its number", "הנחה 50% היום", rtlRun(" היום") + ltrRun("50%") + rtlRun("הנחה ")},
		{"after arabic letters, digits are arabic numbers", "خصم 50% اليوم", rtlRun("% اليوم") + ltrRun("50") + rtlRun("خصم ")},
		{"a date's slashes", "א 1/2/2026 ב", rtlRun(" ב") + ltrRun("1/2/2026") + rtlRun("א ")},
		{"brackets around latin in arabic", "باقة (Contoso) ٣٠",
			ltrRun("٣٠") + rtlRun(") ") + ltrRun("Contoso") + rtlRun("باقة (")},
		{"brackets around arabic in english", "Contoso (باقة) plan", ltrRun("Contoso (") + rtlRun("باقة") + ltrRun(") plan")},
		{"brackets with a number and latin", "א (5 GB) ב", rtlRun(") ב") + ltrRun("GB") + rtlRun(" ") + ltrRun("5") + rtlRun("א (")},
		{"an arabic mark after a letter", "بَاقة 5", ltrRun("5") + rtlRun("بَاقة ")},
		{"latin", "Contoso 5 GB — 30 days", "Contoso 5 GB — 30 days"},
		{"empty", "", ""},
		{"each line on its own", "א 30\nב", ltrRun("30") + rtlRun("א ") + "\n" + rtlRun("ב")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := visualOrder(tc.in); got != tc.want {
				t.Errorf("visualOrder(%q)\n = %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// A value is shortened, or broken into lines, in logical order and then
// ordered: a right-to-left name keeps its first words.
func TestCutAndLinesBeforeOrdering(t *testing.T) {
	if got, want := cutThenOrder(qaPlan, 14), rtlRun("باقة كونتوسو…"); got != want {
		t.Errorf("cutThenOrder = %q, want %q", got, want)
	}
	if got := cutThenOrder("Contoso 5 GB", 40); got != "Contoso 5 GB" {
		t.Errorf("cutThenOrder cut a short name: %q", got)
	}
	want := ltrRun("٥") + rtlRun("باقة كونتوسو ") + "\n" + ltrRun("٣٠") + rtlRun("جيجابايت — ") + "\n" + rtlRun("يومًا")
	if got := orderedLines(qaPlan, 16); got != want {
		t.Errorf("orderedLines =\n %q, want\n %q", got, want)
	}
	if got := orderedLines("Contoso 5 GB — 30 days", 5); got != "Contoso 5 GB — 30 days" {
		t.Errorf("orderedLines broke left-to-right text: %q", got)
	}
}

// The History search still finds a name as the portal handed it back.
func TestHistorySearchFindsRightToLeftName(t *testing.T) {
	if !historyMatches(history.Entry{PlanName: "א 30 בבבבבבבב"}, "א 30") {
		t.Error("the History search does not find the name as it was handed back")
	}
}
