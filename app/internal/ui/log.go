package ui

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// logPanel is the live log: every entry of the session (bridge calls with
// their origin, call-backs into the page, navigations, load failures,
// lifecycle events, findings) and a JSON inspector for the selected row.
// It is used from the UI goroutine only.
type logPanel struct {
	clipboard func() fyne.Clipboard
	// redrawAfter delays the list's redraw after live entries (0: at
	// once), and do runs it on the UI goroutine; see appendAll.
	redrawAfter time.Duration
	do          func(func())
	// redrawing says a delayed redraw is queued. It is set and cleared on
	// the UI goroutine; tests read it to wait for the list.
	redrawing atomic.Bool

	entries []session.LogEntry
	// shown are the indexes of the entries the filter and search let
	// through, in order; list rows index into it.
	shown     []int
	selected  int // index into entries, -1 for none
	list      *enterList
	inspector *detailsBox
	count     *widget.Label
	copyBtn   *widget.Button
	filter    *widget.Select
	search    *shortcutEntry
	// tree is the inspector's JSON tree of the selected row; views holds
	// it and the JSON text.
	tree      *jsonTree
	views     *container.AppTabs
	split     *container.Split // the rows, and the views once a row is selected
	exportBtn *widget.Button
	// onExport asks where to export the session as HTML; nil hides the
	// button.
	onExport func()
}

// Log filters: which entries the live log shows.
const (
	filterAll       = "Everything"
	filterCalls     = "Bridge calls"
	filterFindings  = "Findings"
	filterErrors    = "Errors only"
	filterProblems  = "Errors and warnings"
	filterLifecycle = "eSIM lifecycle and call-backs"
	filterPage      = "Page and window"
)

var logFilters = []string{filterAll, filterCalls, filterFindings, filterErrors, filterProblems, filterLifecycle, filterPage}

// isError reports whether e is an error: an error finding, a refused call,
// a load failure or a window error.
func isError(e session.LogEntry) bool {
	return (e.Finding != nil && e.Finding.Severity == bridge.SeverityError) ||
		(e.Call != nil && !e.Call.Accepted) || e.Kind == session.KindLoadFailed || e.Kind == session.KindWindowErr
}

// isWarning reports whether e is a warning: a warning finding, dropped
// messages or a script dialog.
func isWarning(e session.LogEntry) bool {
	return (e.Finding != nil && e.Finding.Severity == bridge.SeverityWarning) ||
		e.Kind == session.KindDropped || e.Kind == session.KindDialog
}

// passes reports whether e belongs to filter.
func passes(e session.LogEntry, filter string) bool {
	switch filter {
	case filterCalls:
		return e.Call != nil
	case filterFindings:
		return e.Finding != nil
	case filterErrors:
		return isError(e)
	case filterProblems:
		return isError(e) || isWarning(e)
	case filterLifecycle:
		return e.Lifecycle != nil || e.Callback != nil
	case filterPage:
		switch e.Kind {
		case session.KindReady, session.KindNavigated, session.KindLoadFailed, session.KindClosed, session.KindWindowErr,
			session.KindHostEvent, session.KindTimeout, session.KindDropped, session.KindDialog:
			return true
		}
		return false
	}
	return true
}

// matches reports whether the row of e or its record contains the search
// text (case-insensitive).
func matches(e session.LogEntry, q string) bool {
	if q == "" {
		return true
	}
	q = strings.ToLower(q)
	return strings.Contains(strings.ToLower(formatLog(e)), q) || strings.Contains(strings.ToLower(inspect(e)), q)
}

func newLogPanel(clipboard func() fyne.Clipboard) *logPanel {
	return &logPanel{clipboard: clipboard, selected: -1, tree: newJSONTree(clipboard)}
}

func (p *logPanel) buildUI() fyne.CanvasObject {
	p.list = newEnterList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			l.TextStyle.Monospace = true
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.shown) || p.shown[i] >= len(p.entries) {
				return // a redraw between new entries and their rows (load)
			}
			l := o.(*widget.Label)
			e := p.entries[p.shown[i]]
			l.Importance = rowImportance(e)
			l.SetText(formatLog(e))
		})
	p.list.keepTail = func() bool { return p.selected < 0 } // as redraw follows the tail
	p.list.OnSelected = p.onSelect
	p.list.OnUnselected = func(widget.ListItemID) { p.selected = -1; p.showViews(false) }
	p.inspector = newDetailsBox("Select a row to inspect its JSON: the call's arguments as received, a call-back's arguments, a finding.")
	p.inspector.TextStyle.Monospace = true
	p.inspector.Wrapping = fyne.TextWrapBreak
	// One row at the least (it scrolls): the log's minimum height is what
	// the result above it cannot have in a short window.
	p.inspector.SetMinRowsVisible(1)
	p.count = widget.NewLabel("No session yet.")
	p.count.Truncation = fyne.TextTruncateEllipsis // beside the portal in an 800x600 window
	p.filter = widget.NewSelect(logFilters, func(string) { p.refilter() })
	p.filter.SetSelected(filterAll)
	p.search = newShortcutEntry(nil)
	p.search.SetPlaceHolder("Search the log (Ctrl+L)")
	p.search.OnChanged = func(string) { p.refilter() }
	p.copyBtn = widget.NewButtonWithIcon("Copy JSON", theme.ContentCopyIcon(), p.onCopy)
	p.copyBtn.Disable()
	// Each view has its own copy button under it, so that the inspector
	// stays narrow and the log's rows keep their text beside it (its
	// header row with both buttons took ~330 px of a 480 px log).
	tree := p.tree.buildUI() // makes its copy button
	p.views = container.NewAppTabs(
		container.NewTabItem("Tree", container.NewBorder(nil, container.NewHBox(p.tree.copyBtn), nil, nil, tree)),
		container.NewTabItem("JSON", container.NewBorder(nil, container.NewHBox(p.copyBtn), nil, nil, p.inspector)))
	p.exportBtn = widget.NewButtonWithIcon("Export HTML…", theme.DocumentSaveIcon(), func() {
		if p.onExport != nil {
			p.onExport()
		}
	})
	if p.onExport == nil {
		p.exportBtn.Hide()
	}
	// No "Inspector" heading over the Tree and JSON tabs, and no card
	// around the log (the tab names it): at 1024x600 the log kept 315 px
	// and the result above it 184 (TestResultGetsTheHeightOfAShortWindow).
	// The Tree and JSON views show once a row is selected: beside the
	// portal the log is ~420 px wide, and the empty views left its rows
	// "03:46:30.105 host mps…" (found by exploratory QA).
	split := container.NewHSplit(p.list, p.views)
	split.Offset = 0.62
	p.split = split
	p.views.Hide()
	// Tab goes as the eye does (visualBorder): Export HTML…, the filter,
	// the search, then the rows and the inspector.
	return container.NewPadded(visualBorder(
		container.NewVBox(
			container.NewBorder(nil, nil, widget.NewLabelWithStyle("Live log", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), p.exportBtn, p.count),
			visualBorder(nil, nil, p.filter, nil, p.search)),
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
	p.shown = p.shown[:0] // the old rows name the old entries: refilter makes the new ones
	p.selected = -1
	p.list.UnselectAll()
	p.showViews(false)
	p.inspector.SetText("")
	p.tree.clear()
	p.copyBtn.Disable()
	p.refilter()
}

// refilter recomputes the shown rows after the filter or search changed.
func (p *logPanel) refilter() {
	if p.list == nil || p.filter == nil {
		return
	}
	p.shown = p.shown[:0]
	for i, e := range p.entries {
		if p.lets(e) {
			p.shown = append(p.shown, i)
		}
	}
	p.list.UnselectAll()
	p.selected = -1
	p.showViews(false)
	p.updateCount()
	p.list.Refresh()
}

func (p *logPanel) lets(e session.LogEntry) bool {
	return passes(e, p.filter.Selected) && matches(e, p.search.Text)
}

// appendAll adds a batch of live entries. The entries and the count are
// updated at once; the list is redrawn redrawAfter later, once for every
// batch in between: its refresh costs 6–20 ms of the UI goroutine on a
// 2-core machine, and what arrives with the entries — the hand-back's
// result above all — is drawn in the frame before it (issue 15: hand-back
// → result visible in the host).
func (p *logPanel) appendAll(es []session.LogEntry) {
	if len(es) == 0 {
		return
	}
	for _, e := range es {
		p.entries = append(p.entries, e)
		if p.lets(e) {
			p.shown = append(p.shown, len(p.entries)-1)
		}
	}
	p.updateCount()
	if p.redrawAfter <= 0 || p.do == nil {
		p.redraw()
		return
	}
	if p.redrawing.Swap(true) {
		return // a redraw is queued: it shows these entries too
	}
	time.AfterFunc(p.redrawAfter, func() { p.do(p.redraw) })
}

// redraw shows the list as it is and follows its tail unless a row is
// selected.
func (p *logPanel) redraw() {
	p.redrawing.Store(false)
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
	text := plural(len(p.entries), "entry") + ", " + plural(calls, "bridge call")
	if len(p.shown) != len(p.entries) {
		text = fmt.Sprintf("%d shown of %s", len(p.shown), text)
	}
	p.count.SetText(text)
}

func (p *logPanel) onSelect(i widget.ListItemID) {
	if i < 0 || i >= len(p.shown) {
		return
	}
	p.selected = p.shown[i]
	p.inspector.SetText(inspect(p.entries[p.selected]))
	p.tree.show(rawRecord(p.entries[p.selected]))
	p.copyBtn.Enable()
	p.showViews(true)
}

// showViews shows the Tree and JSON views beside the rows (a row is
// selected) or gives the rows the whole width.
func (p *logPanel) showViews(on bool) {
	if p.views == nil || p.views.Visible() == on {
		return
	}
	if on {
		p.views.Show()
	} else {
		p.views.Hide()
	}
	if p.split != nil {
		p.split.Refresh()
	}
}

func (p *logPanel) onCopy() { copyText(p.clipboard, p.inspector.Text) }
