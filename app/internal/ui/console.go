package ui

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	insp "mpsim/app/internal/inspect"
)

// maxPanelRows is how many records the Console and Network panels keep; a
// page can log far more, and a list of a few thousand rows stays fast. The
// ones over it are counted in a "N more not shown" line.
const maxPanelRows = 5000

// Console level filters.
const (
	levelAll      = "All levels"
	levelWarnings = "Errors and warnings"
	levelErrors   = "Errors only"
)

var consoleLevels = []string{levelAll, levelWarnings, levelErrors}

// consolePanel lists the portal's console messages and uncaught errors,
// with a level filter, a search box and the full text and stack of the
// selected row. It is used from the UI goroutine only.
type consolePanel struct {
	// msgs are the messages kept (at most maxPanelRows), in order; more
	// counts the ones received or cut by the session and not kept.
	msgs []insp.ConsoleMessage
	more int
	// shown are the indexes of the messages the filter and search let
	// through; list rows index into it.
	shown    []int
	selected int // index into msgs, -1 for none
	// errors, warnings and uncaught count the kept messages.
	errors, warnings, uncaught int

	list     *enterList
	detail   *detailsBox
	count    *widget.Label
	moreLine *widget.Label
	level    *widget.Select
	search   *shortcutEntry
	// onCounts is told the error count after each change (the tab's title).
	onCounts func(errors int)
}

func newConsolePanel() *consolePanel {
	return &consolePanel{selected: -1}
}

func (p *consolePanel) buildUI() fyne.CanvasObject {
	p.list = newEnterList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			chip := widget.NewLabel("rejection")
			chip.TextStyle.Bold = true
			text := widget.NewLabel("")
			text.Truncation = fyne.TextTruncateEllipsis
			text.TextStyle.Monospace = true
			where := widget.NewLabel("")
			where.Truncation = fyne.TextTruncateEllipsis
			// The source (file:line) is cut first: the message is what a row is for.
			return container.NewBorder(nil, nil, chip, container.NewGridWrap(fyne.NewSize(110, where.MinSize().Height), where), text)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.shown) {
				return
			}
			m := &p.msgs[p.shown[i]]
			row := o.(*fyne.Container)
			text := row.Objects[0].(*widget.Label)
			chip := row.Objects[1].(*widget.Label)
			where := row.Objects[2].(*fyne.Container).Objects[0].(*widget.Label)
			chip.Text = consoleChip(m)
			setTone(chip, consoleImportance(m))
			// In the chip's colour; a dimmed (debug) message's text is
			// upright all the same: Fyne has no italic monospace face.
			text.Importance = chip.Importance
			text.SetText(firstLine(m.Text))
			where.SetText(consoleWhere(m))
		})
	p.list.keepTail = func() bool { return p.selected < 0 } // as add follows the newest messages
	p.list.OnSelected = p.onSelect
	p.list.OnUnselected = func(widget.ListItemID) { p.selected = -1 }
	p.detail = newDetailsBox("Select a message to see its full text, where it was logged and its stack.")
	p.detail.TextStyle.Monospace = true
	p.count = widget.NewLabel("No console messages yet.")
	p.count.Truncation = fyne.TextTruncateEllipsis
	p.moreLine = widget.NewLabel("")
	p.moreLine.Importance = widget.WarningImportance
	p.moreLine.Hide()
	p.level = widget.NewSelect(consoleLevels, func(string) { p.refilter() })
	p.level.SetSelected(levelAll)
	p.search = newShortcutEntry(nil)
	p.search.SetPlaceHolder("Search the console")
	p.search.OnChanged = func(string) { p.refilter() }
	// The detail goes under the list, as wide as the tab: beside it, in
	// the 1240x660 window, it had 200 px for its words and the rows 500.
	split := container.NewVSplit(container.NewBorder(nil, p.moreLine, nil, nil, p.list), container.New(lowMin{}, p.detail))
	split.Offset = detailOffset
	// Tab goes as the eye does (visualBorder): the level, the search, the
	// messages, the detail.
	return visualBorder(
		container.NewVBox(p.count, visualBorder(nil, nil, p.level, nil, p.search)),
		nil, nil, nil, split)
}

// isErrorMessage reports whether m is an error: console.error or a failed
// console.assert, an uncaught error or an unhandled rejection.
func isErrorMessage(m *insp.ConsoleMessage) bool {
	return m.Kind == insp.ConsoleError || m.Kind == insp.ConsoleRejection || m.Level == "error" || m.Level == "assert"
}

// isWarningMessage reports whether m is a console.warn.
func isWarningMessage(m *insp.ConsoleMessage) bool {
	return !isErrorMessage(m) && (m.Level == "warn" || m.Level == "warning")
}

// consoleChip is the level shown at the start of a row: the console
// method, or "uncaught" and "rejection" for errors nobody caught.
func consoleChip(m *insp.ConsoleMessage) string {
	switch m.Kind {
	case insp.ConsoleError:
		return "uncaught"
	case insp.ConsoleRejection:
		return "rejection"
	}
	if m.Level == "" {
		return "log"
	}
	return m.Level
}

// consoleImportance colours a row: errors in the theme's error colour,
// warnings in its warning colour, debug output dimmed (LowImportance, which
// setTone draws italic).
func consoleImportance(m *insp.ConsoleMessage) widget.Importance {
	switch {
	case isErrorMessage(m):
		return widget.DangerImportance
	case isWarningMessage(m):
		return widget.WarningImportance
	case m.Level == "debug" || m.Level == "trace":
		return widget.LowImportance
	}
	return widget.MediumImportance
}

// consoleWhere is the short location of a row: the source file's name and
// line, and the frame's host when a sub-frame logged it.
func consoleWhere(m *insp.ConsoleMessage) string {
	where := shortSource(m.Source)
	if where != "" && m.Line > 0 {
		where += fmt.Sprintf(":%d", m.Line)
	}
	if !m.TopFrame && m.Frame != "" {
		host := m.Frame
		if u, err := url.Parse(m.Frame); err == nil && u.Host != "" {
			host = u.Host
		}
		where = strings.TrimPrefix(where+" · frame "+host, " · ")
	}
	return where
}

// shortSource is the last path element of a source URL ("app.js"), or the
// URL itself when it has none.
func shortSource(src string) string {
	if src == "" {
		return ""
	}
	u, err := url.Parse(src)
	if err != nil || u.Path == "" || u.Path == "/" {
		return src
	}
	return path.Base(u.Path)
}

// firstLine is the first line of s, with an ellipsis when there is more.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// consoleDetail is everything recorded about one message, for the detail
// pane.
func consoleDetail(m *insp.ConsoleMessage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) at %.0f ms\n\n%s\n", consoleChip(m), orDash(m.Kind), m.AtMs, m.Text)
	if m.Source != "" {
		fmt.Fprintf(&b, "\nSource: %s", m.Source)
		if m.Line > 0 {
			fmt.Fprintf(&b, ":%d", m.Line)
			if m.Column > 0 {
				fmt.Fprintf(&b, ":%d", m.Column)
			}
		}
		b.WriteString("\n")
	}
	if m.Frame != "" {
		frame := "top frame"
		if !m.TopFrame {
			frame = "sub-frame"
		}
		fmt.Fprintf(&b, "Frame (%s): %s\n", frame, m.Frame)
	}
	if m.Stack != "" {
		fmt.Fprintf(&b, "\nStack:\n%s\n", m.Stack)
	}
	return b.String()
}

// lets reports whether m passes the level filter and the search text.
func (p *consolePanel) lets(m *insp.ConsoleMessage) bool {
	switch p.level.Selected {
	case levelErrors:
		if !isErrorMessage(m) {
			return false
		}
	case levelWarnings:
		if !isErrorMessage(m) && !isWarningMessage(m) {
			return false
		}
	}
	q := strings.ToLower(p.search.Text)
	if q == "" {
		return true
	}
	for _, s := range []string{m.Text, m.Source, m.Frame, m.Stack, consoleChip(m)} {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	return false
}

// reset empties the panel for a new session.
func (p *consolePanel) reset() { p.load(nil, 0) }

// load shows a whole console (a finished report's): msgs and the number
// of messages the session did not keep.
func (p *consolePanel) load(msgs []insp.ConsoleMessage, dropped int) {
	p.msgs, p.more = nil, max(dropped, 0)
	p.errors, p.warnings, p.uncaught = 0, 0, 0
	p.keep(msgs)
	p.selected = -1
	p.list.UnselectAll()
	p.detail.SetText("")
	p.refilter()
}

// keep appends msgs up to the cap, counting the rest, and returns the index
// of the first one appended.
func (p *consolePanel) keep(msgs []insp.ConsoleMessage) int {
	first := len(p.msgs)
	room := max(maxPanelRows-len(p.msgs), 0)
	if len(msgs) > room {
		p.more += len(msgs) - room
		msgs = msgs[:room]
	}
	for i := range msgs {
		m := &msgs[i]
		switch {
		case m.Kind == insp.ConsoleError || m.Kind == insp.ConsoleRejection:
			p.uncaught++
		case isErrorMessage(m):
			p.errors++
		case isWarningMessage(m):
			p.warnings++
		}
	}
	p.msgs = append(p.msgs, msgs...)
	return first
}

// add appends a batch of live messages and follows the tail unless a row
// is selected.
func (p *consolePanel) add(msgs []insp.ConsoleMessage) {
	if len(msgs) == 0 {
		return
	}
	first := p.keep(msgs)
	for i := first; i < len(p.msgs); i++ {
		if p.lets(&p.msgs[i]) {
			p.shown = append(p.shown, i)
		}
	}
	p.updateCount()
	p.list.Refresh()
	if p.selected < 0 {
		p.list.ScrollToBottom()
	}
}

// refilter recomputes the shown rows after the filter or search changed.
func (p *consolePanel) refilter() {
	if p.list == nil || p.level == nil || p.search == nil {
		return
	}
	p.shown = p.shown[:0]
	for i := range p.msgs {
		if p.lets(&p.msgs[i]) {
			p.shown = append(p.shown, i)
		}
	}
	p.list.UnselectAll()
	p.selected = -1
	p.updateCount()
	p.list.Refresh()
}

func (p *consolePanel) updateCount() {
	total := len(p.msgs) + p.more
	text := "No console messages yet."
	if total > 0 {
		text = fmt.Sprintf("%s · %s · %s · %s", plural(total, "message"), plural(p.errors, "error"),
			plural(p.warnings, "warning"), plural(p.uncaught, "uncaught error"))
		if len(p.shown) != len(p.msgs) {
			text = fmt.Sprintf("%d shown of %s", len(p.shown), text)
		}
	}
	p.count.SetText(text)
	if p.more > 0 {
		p.moreLine.SetText(fmt.Sprintf("%d more not shown (the first %d are kept)", p.more, len(p.msgs)))
		p.moreLine.Show()
	} else {
		p.moreLine.Hide()
	}
	if p.onCounts != nil {
		p.onCounts(p.errors + p.uncaught)
	}
}

func (p *consolePanel) onSelect(i widget.ListItemID) {
	if i < 0 || i >= len(p.shown) {
		return
	}
	p.selected = p.shown[i]
	p.detail.SetText(consoleDetail(&p.msgs[p.selected]))
}
