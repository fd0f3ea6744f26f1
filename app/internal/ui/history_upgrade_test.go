package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
)

// rowText is the text of the History panel's row i, as the list draws it.
func rowText(t *testing.T, p *historyPanel, i int) string {
	t.Helper()
	o := p.list.CreateItem()
	p.updateRow(i, o)
	for _, obj := range o.(*fyne.Container).Objects {
		if l, ok := obj.(*widget.Label); ok {
			return l.Text
		}
	}
	t.Fatal("the row has no label")
	return ""
}

// The History rows of sessions an older mpsim saved (before entries kept
// an outcome: a purchase and the customer's cancel, as mpsim 84da5a6
// saved them) say what the portal handed back and the plan bought, as
// new rows do, and the search finds them by both; opening a row whose
// entry still has no outcome fills it in. Before, the rows said neither
// ("PASS · preset team-french · fr-FR · esim · 3 findings · demo portal ·
// via mpsim run") while the older mpsim had named the plan, "Bailed"
// found nothing, and an opened row stayed blank (found by upgrade QA).
func TestOldHistoryRowsSayTheStatusAndPlan(t *testing.T) {
	test.NewTempApp(t)
	dir := filepath.Join(t.TempDir(), "history")
	if err := os.CopyFS(dir, os.DirFS("../history/testdata/old-history")); err != nil {
		t.Fatal(err)
	}
	var opened []history.Entry
	p := newHistoryPanel(&history.Store{Dir: dir}, historyActions{reopen: func(e history.Entry, _ session.Report) { opened = append(opened, e) }})
	p.buildUI()
	if len(p.shown) != 2 {
		t.Fatalf("%d rows, want the 2 old sessions", len(p.shown))
	}
	want := []string{
		"PASS · None (userAccount Bailed) · preset team-french · fr-FR · esim · 3 findings · demo portal · via mpsim run",
		"PASS · Complete · custom launch · en-US · esim · 2 findings · Contoso 5 GB — 30 days · demo portal · via mpsim run",
	}
	for i, w := range want {
		if got := rowText(t, p, i); !strings.HasSuffix(got, w) {
			t.Errorf("row %d: %q, want it to end %q", i, got, w)
		}
	}
	for q, n := range map[string]int{"Bailed": 1, "complete": 1, "Contoso 5 GB": 1, "userAccount bailed team-french": 1} {
		p.search.SetText(q)
		if len(p.shown) != n {
			t.Errorf("search %q: %d rows, want %d", q, len(p.shown), n)
		}
	}
	p.search.SetText("")

	// A row whose entry has no outcome yet (the history could not be
	// written, say) says it once opened.
	p.entries[p.shown[1]].Outcome = ""
	if got := rowText(t, p, 1); strings.Contains(got, "Complete") || strings.Contains(got, "Contoso") {
		t.Fatalf("the blank row says %q", got)
	}
	p.list.Select(1)
	if len(opened) != 1 || opened[0].Outcome != "Complete" {
		t.Errorf("reopened %+v, want the entry with its outcome", opened)
	}
	if got := rowText(t, p, 1); !strings.HasSuffix(got, want[1]) {
		t.Errorf("the opened row says %q, want it to end %q", got, want[1])
	}
}
