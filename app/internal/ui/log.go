package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
)

// logPanel is the live log: every entry of the session (bridge calls with
// their origin, call-backs into the page, navigations, load failures,
// lifecycle events, findings) and a JSON inspector for the selected row.
// It is used from the UI goroutine only.
type logPanel struct {
	clipboard func() fyne.Clipboard

	entries   []session.LogEntry
	selected  int
	follow    bool
	list      *widget.List
	inspector *widget.Entry
	count     *widget.Label
	copyBtn   *widget.Button
}

func newLogPanel(clipboard func() fyne.Clipboard) *logPanel {
	return &logPanel{clipboard: clipboard, selected: -1, follow: true}
}

func (p *logPanel) buildUI() fyne.CanvasObject {
	p.list = widget.NewList(
		func() int { return len(p.entries) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			l.TextStyle.Monospace = true
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.entries) {
				return
			}
			l := o.(*widget.Label)
			e := p.entries[i]
			l.Importance = rowImportance(e)
			l.SetText(formatLog(e))
		})
	p.list.OnSelected = p.onSelect
	p.list.OnUnselected = func(widget.ListItemID) { p.selected = -1 }
	p.inspector = widget.NewMultiLineEntry()
	p.inspector.TextStyle.Monospace = true
	p.inspector.Wrapping = fyne.TextWrapBreak
	p.inspector.SetPlaceHolder("Select a row to inspect its JSON: the call's arguments as received, a call-back's arguments, a finding.")
	p.count = widget.NewLabel("No session yet.")
	p.copyBtn = widget.NewButtonWithIcon("Copy JSON", theme.ContentCopyIcon(), p.onCopy)
	p.copyBtn.Disable()
	inspector := container.NewBorder(
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("Inspector", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.copyBtn),
		nil, nil, nil, p.inspector)
	split := container.NewHSplit(p.list, inspector)
	split.Offset = 0.62
	return widget.NewCard("", "", container.NewBorder(
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("Live log", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, p.count),
		nil, nil, nil, split))
}

func rowImportance(e session.LogEntry) widget.Importance {
	switch {
	case e.Call != nil && !e.Call.Accepted:
		return widget.DangerImportance
	case e.Call != nil:
		return widget.HighImportance
	case e.Finding != nil:
		return severityImportance(e.Finding.Severity)
	case e.Kind == session.KindLoadFailed:
		return widget.DangerImportance
	case e.Callback != nil:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

// reset empties the log for a new session.
func (p *logPanel) reset() { p.load(nil) }

// load shows a whole log (a reopened report's).
func (p *logPanel) load(entries []session.LogEntry) {
	p.entries = append([]session.LogEntry(nil), entries...)
	p.selected = -1
	p.list.UnselectAll()
	p.inspector.SetText("")
	p.copyBtn.Disable()
	p.updateCount()
	p.list.Refresh()
}

// append adds one live entry and follows the tail unless a row is selected.
func (p *logPanel) append(e session.LogEntry) {
	p.entries = append(p.entries, e)
	p.updateCount()
	p.list.Refresh()
	if p.selected < 0 {
		p.list.ScrollToBottom()
	}
}

func (p *logPanel) updateCount() {
	calls := 0
	for _, e := range p.entries {
		if e.Call != nil {
			calls++
		}
	}
	p.count.SetText(plural(len(p.entries), "entry") + ", " + plural(calls, "bridge call"))
}

func (p *logPanel) onSelect(i widget.ListItemID) {
	if i < 0 || i >= len(p.entries) {
		return
	}
	p.selected = i
	p.inspector.SetText(inspect(p.entries[i]))
	p.copyBtn.Enable()
}

func (p *logPanel) onCopy() {
	if p.clipboard != nil {
		if c := p.clipboard(); c != nil {
			c.SetContent(p.inspector.Text)
		}
	}
}
