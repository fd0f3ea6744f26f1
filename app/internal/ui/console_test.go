package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	insp "mpsim/app/internal/inspect"
)

// newTestConsole is a console panel in a test window.
func newTestConsole(t *testing.T) *consolePanel {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	p := newConsolePanel()
	w := test.NewWindow(p.buildUI())
	w.Resize(fyne.NewSize(900, 400))
	t.Cleanup(w.Close)
	return p
}

// consoleSample is one message of each kind a page produces.
func consoleSample() []insp.ConsoleMessage {
	return []insp.ConsoleMessage{
		{Kind: insp.ConsoleCall, Level: "log", Text: "plans loaded", Source: "https://portal.example/js/app.js", Line: 10, TopFrame: true, AtMs: 100},
		{Kind: insp.ConsoleCall, Level: "warn", Text: "deprecated API", Source: "https://portal.example/js/app.js", Line: 20, TopFrame: true, AtMs: 110},
		{Kind: insp.ConsoleCall, Level: "error", Text: "plans API returned 404\nsecond line", Source: "https://portal.example/js/api.js", Line: 7, Column: 3, TopFrame: true, AtMs: 120},
		{Kind: insp.ConsoleError, Level: "error", Text: "ReferenceError: foo is not defined", Source: "https://portal.example/js/app.js", Line: 42,
			Stack: "at render (app.js:42:5)\nat main (app.js:1:1)", Frame: "https://portal.example/", TopFrame: true, AtMs: 130},
		{Kind: insp.ConsoleRejection, Level: "error", Text: "Unhandled rejection: timeout", Frame: "https://pay.example/frame", AtMs: 140},
		{Kind: insp.ConsoleCall, Level: "debug", Text: "state=ready", TopFrame: true, AtMs: 150},
	}
}

// shownTexts are the texts of the rows the panel shows.
func shownTexts(p *consolePanel) []string {
	var out []string
	for _, i := range p.shown {
		out = append(out, p.msgs[i].Text)
	}
	return out
}

func TestConsoleFilterAndSearch(t *testing.T) {
	tests := []struct {
		level, search string
		want          []string
	}{
		{levelAll, "", []string{"plans loaded", "deprecated API", "plans API returned 404\nsecond line",
			"ReferenceError: foo is not defined", "Unhandled rejection: timeout", "state=ready"}},
		{levelErrors, "", []string{"plans API returned 404\nsecond line", "ReferenceError: foo is not defined", "Unhandled rejection: timeout"}},
		{levelWarnings, "", []string{"deprecated API", "plans API returned 404\nsecond line", "ReferenceError: foo is not defined", "Unhandled rejection: timeout"}},
		{levelAll, "PLANS", []string{"plans loaded", "plans API returned 404\nsecond line"}},
		{levelAll, "api.js", []string{"plans API returned 404\nsecond line"}},        // the source
		{levelAll, "render (app.js", []string{"ReferenceError: foo is not defined"}}, // the stack
		{levelAll, "pay.example", []string{"Unhandled rejection: timeout"}},          // the frame
		{levelErrors, "rejection", []string{"Unhandled rejection: timeout"}},         // the chip
		{levelErrors, "deprecated", nil},
	}
	for _, tt := range tests {
		t.Run(tt.level+"/"+tt.search, func(t *testing.T) {
			p := newTestConsole(t)
			p.add(consoleSample())
			p.level.SetSelected(tt.level)
			p.search.SetText(tt.search)
			if got := shownTexts(p); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("shown %q, want %q", got, tt.want)
			}
			if len(tt.want) != len(consoleSample()) && !strings.HasPrefix(p.count.Text, fmt.Sprintf("%d shown of 6 messages", len(tt.want))) {
				t.Errorf("count %q", p.count.Text)
			}
		})
	}
}

func TestConsoleCountsAndRows(t *testing.T) {
	p := newTestConsole(t)
	errs := -1
	p.onCounts = func(n int) { errs = n }
	p.add(consoleSample())
	if want := "6 messages · 1 error · 1 warning · 2 uncaught errors"; p.count.Text != want {
		t.Errorf("count %q, want %q", p.count.Text, want)
	}
	if errs != 3 {
		t.Errorf("onCounts told %d errors, want 3", errs)
	}
	tests := []struct {
		row               int
		chip, text, where string
		importance        widget.Importance
	}{
		{0, "log", "plans loaded", "app.js:10", widget.MediumImportance},
		{1, "warn", "deprecated API", "app.js:20", widget.WarningImportance},
		{2, "error", "plans API returned 404 …", "api.js:7", widget.DangerImportance},
		{3, "uncaught", "ReferenceError: foo is not defined", "app.js:42", widget.DangerImportance},
		{4, "rejection", "Unhandled rejection: timeout", "frame pay.example", widget.DangerImportance},
		{5, "debug", "state=ready", "", widget.LowImportance},
	}
	for _, tt := range tests {
		o := p.list.CreateItem()
		p.list.UpdateItem(tt.row, o)
		row := o.(*fyne.Container)
		text, chip := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
		where := row.Objects[2].(*fyne.Container).Objects[0].(*widget.Label)
		if chip.Text != tt.chip || text.Text != tt.text || where.Text != tt.where || toneOf(chip) != tt.importance {
			t.Errorf("row %d = [%s] %q %q (importance %v, %v), want [%s] %q %q (%v)", tt.row, chip.Text, text.Text, where.Text,
				toneOf(chip), text.Importance, tt.chip, tt.text, tt.where, tt.importance)
		}
	}
}

func TestConsoleSelectionShowsTextAndStack(t *testing.T) {
	p := newTestConsole(t)
	p.add(consoleSample())
	p.list.Select(3)
	for _, want := range []string{"uncaught (error)", "ReferenceError: foo is not defined", "Source: https://portal.example/js/app.js:42",
		"Frame (top frame): https://portal.example/", "Stack:\nat render (app.js:42:5)\nat main (app.js:1:1)"} {
		if !strings.Contains(p.detail.Text, want) {
			t.Errorf("detail lacks %q:\n%s", want, p.detail.Text)
		}
	}
	p.list.Select(2)
	if !strings.Contains(p.detail.Text, "plans API returned 404\nsecond line") || !strings.Contains(p.detail.Text, "api.js:7:3") {
		t.Errorf("detail of a two-line error:\n%s", p.detail.Text)
	}
}

// TestConsoleCap feeds 10,000 messages in batches, as a flooding page
// would: the panel keeps maxPanelRows and says how many it did not show.
func TestConsoleCap(t *testing.T) {
	p := newTestConsole(t)
	batch := make([]insp.ConsoleMessage, 250)
	for n := 0; n < 10000; n += len(batch) {
		for i := range batch {
			batch[i] = insp.ConsoleMessage{Kind: insp.ConsoleCall, Level: "log", Text: fmt.Sprintf("message %d", n+i), TopFrame: true}
		}
		p.add(batch)
	}
	if len(p.msgs) != maxPanelRows || p.more != 10000-maxPanelRows || len(p.shown) != maxPanelRows {
		t.Fatalf("kept %d, more %d, shown %d", len(p.msgs), p.more, len(p.shown))
	}
	if p.msgs[maxPanelRows-1].Text != fmt.Sprintf("message %d", maxPanelRows-1) {
		t.Errorf("last kept %q, want the first %d in order", p.msgs[maxPanelRows-1].Text, maxPanelRows)
	}
	if !p.moreLine.Visible() || p.moreLine.Text != "5000 more not shown (the first 5000 are kept)" {
		t.Errorf("more line %q (visible %t)", p.moreLine.Text, p.moreLine.Visible())
	}
	if !strings.HasPrefix(p.count.Text, "10000 messages") {
		t.Errorf("count %q", p.count.Text)
	}
	p.reset()
	if len(p.msgs) != 0 || p.more != 0 || p.moreLine.Visible() || p.count.Text != "No console messages yet." {
		t.Errorf("after reset: %d kept, %d more, count %q", len(p.msgs), p.more, p.count.Text)
	}
}

func TestConsoleLoadCountsDropped(t *testing.T) {
	p := newTestConsole(t)
	p.load(consoleSample(), 120)
	if !strings.HasPrefix(p.count.Text, "126 messages") || p.moreLine.Text != "120 more not shown (the first 6 are kept)" {
		t.Errorf("count %q, more %q", p.count.Text, p.moreLine.Text)
	}
}
