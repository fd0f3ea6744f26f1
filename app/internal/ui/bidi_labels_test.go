package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// The QA portal's plan name (qaPlan) in the labels that show it, as i18n
// QA found them: the presenter drew its em-dash on the wrong side of a
// word; the "Back in Windows" pane wrapped the reordered name, its words
// out of order across lines; a History row's ellipsis kept the name's
// logical end.
const (
	// qaPlan is the QA portal's Arabic plan name (its em-dash was drawn
	// on the wrong side of "جيجابايت" in the presenter).
	qaPlan = "باقة كونتوسو ٥ جيجابايت — ٣٠ يومًا"
	// qaPlanDrawn is qaPlan as a browser draws it, left to right (drawn).
	qaPlanDrawn = "يومًا ٣٠ — جيجابايت ٥ كونتوسو باقة"
)

// drawn is what Fyne draws for a label's text s, left to right: a piece
// fenced by U+200F RIGHT-TO-LEFT MARKs is one right-to-left run, each
// word of it shaped from the right (shown here as the word); any other
// text is drawn in stored order; the marks draw nothing.
func drawn(s string) string {
	var b strings.Builder
	for i, piece := range strings.Split(s, "\u200f") {
		if i%2 == 1 {
			words := strings.Split(piece, " ")
			slices.Reverse(words)
			piece = strings.Join(words, " ")
		}
		b.WriteString(piece)
	}
	return strings.ReplaceAll(b.String(), "\u200e", "")
}

func boughtReport(plan string) *session.Report {
	rep := &session.Report{Verdict: bridge.VerdictPass, Ended: session.EndedHandBack, Result: &bridge.Result{Success: true}}
	rep.Result.PurchaseResult.PlanName = plan
	rep.Result.PurchaseResult.MoDirectStatus = "Complete"
	return rep
}

func TestRightToLeftPlanNameInTheLabels(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	rep := boughtReport(qaPlan)

	t.Run("presenter", func(t *testing.T) {
		p := newPresenterView("Contoso", nil, func() {}, func() {})
		w := test.NewWindow(p.buildUI())
		t.Cleanup(w.Close)
		p.done(*rep, simulator.KindESIM)
		// On lines of its own, broken in logical order: the label wraps.
		want := "You're connected:\n٣٠ — جيجابايت ٥ كونتوسو باقة\nيومًا"
		if got := drawn(p.outcome.Text); got != want {
			t.Errorf("outcome %q drawn %q, want %q", p.outcome.Text, got, want)
		}
	})
	t.Run("back in windows", func(t *testing.T) {
		s := newPaneScreen(t, 0, nil)
		s.pane.ended(rep, nil)
		// The name on its own line, in display order: the label wraps
		// the sentence, not the name.
		want := "Contoso Mobile handed back: you bought\n" + qaPlanDrawn + "\nMobile Plans takes you to the plan's page."
		if got := drawn(s.pane.doneText.Text); got != want {
			t.Errorf("pane says %q, drawn %q, want %q", s.pane.doneText.Text, got, want)
		}
		// A longer name is broken into lines in logical order: each line
		// reads from the name's start.
		long := boughtReport(qaPlan + " " + qaPlan)
		s.pane.ended(long, nil)
		lines := strings.Split(drawn(s.pane.doneText.Text), "\n")
		first := "باقة يومًا ٣٠ — جيجابايت ٥ كونتوسو باقة"
		if len(lines) != 4 || lines[1] != first {
			t.Errorf("long name: %q, want its first line %q", lines, first)
		}
	})
	t.Run("history row", func(t *testing.T) {
		p := newHistoryPanel(&history.Store{Dir: t.TempDir()}, historyActions{})
		w := test.NewWindow(p.buildUI())
		t.Cleanup(w.Close)
		long := qaPlan + " " + qaPlan // 69 characters: the row shows its first 40
		p.entries = []history.Entry{{ID: "a", Time: time.Unix(0, 0), Verdict: bridge.VerdictPass, Outcome: "Complete", PlanName: long, Portal: "http://portal.test/"}}
		p.shown = []int{0}
		o := p.list.CreateItem()
		p.updateRow(0, o)
		var texts []string
		for _, obj := range o.(*fyne.Container).Objects {
			if l, ok := obj.(*widget.Label); ok && l.Visible() {
				texts = append(texts, drawn(l.Text))
			}
		}
		wantPlan := "…باقة يومًا ٣٠ — جيجابايت ٥ كونتوسو باقة"
		if len(texts) != 2 || strings.Contains(texts[0], "باقة") || texts[1] != wantPlan {
			t.Errorf("row labels %q, want the row and then the name %q", texts, wantPlan)
		}
	})
}

// A preset from the user's presets file is introduced as such in the Launch
// tab's note ("Yours preset." before, found by i18n QA).
func TestUserPresetNote(t *testing.T) {
	s := newPaneScreen(t, 0, nil)
	s.launch.presets = append(s.launch.presets, simulator.Preset{Name: "saudi", Description: "المملكة العربية السعودية — Arabic launch"})
	s.launch.filterPresets()
	s.SelectPreset("saudi")
	if want := "Your own preset, from the presets file. المملكة العربية السعودية — Arabic launch"; !strings.HasPrefix(s.launch.presetInfo.Text, want) {
		t.Errorf("preset note %q, want it to start %q", s.launch.presetInfo.Text, want)
	}
}
