package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
)

// historyItem is one finished session of this run.
type historyItem struct {
	at     time.Time
	preset string
	report session.Report
}

// historyPanel lists the sessions of this run; selecting one reopens its
// report in the result card and its log in the live log. It is used from
// the UI goroutine only.
type historyPanel struct {
	onReopen func(session.Report)
	items    []historyItem
	list     *widget.List
	empty    *widget.Label
}

func newHistoryPanel(onReopen func(session.Report)) *historyPanel {
	return &historyPanel{onReopen: onReopen}
}

func (p *historyPanel) buildUI() fyne.CanvasObject {
	p.list = widget.NewList(
		func() int { return len(p.items) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.items) {
				return
			}
			it := p.items[len(p.items)-1-i] // newest first
			l := o.(*widget.Label)
			l.Importance = verdictImportance(it.report.Verdict)
			l.SetText(historyLine(len(p.items)-i, it))
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.items) && p.onReopen != nil {
			p.onReopen(p.items[len(p.items)-1-i].report)
		}
	}
	p.empty = widget.NewLabel("The sessions of this run appear here; select one to reopen its report.")
	p.empty.Wrapping = fyne.TextWrapWord
	return container.NewBorder(p.empty, nil, nil, nil, p.list)
}

func historyLine(n int, it historyItem) string {
	what := "custom launch"
	if it.preset != "" {
		what = "preset " + it.preset
	}
	plan := ""
	if r := it.report.Result; r != nil && r.PurchaseResult.PlanName != "" {
		plan = " · " + r.PurchaseResult.PlanName
	}
	return fmt.Sprintf("#%d  %s  %s  %s (%s)%s", n, it.at.Format("15:04:05"), what, it.report.Verdict, plural(len(it.report.Findings), "finding"), plan)
}

// add records a finished session.
func (p *historyPanel) add(preset string, rep session.Report) {
	p.items = append(p.items, historyItem{at: time.Now(), preset: preset, report: rep})
	p.empty.SetText(plural(len(p.items), "session") + " this run; select one to reopen its report.")
	p.list.UnselectAll()
	p.list.Refresh()
}
