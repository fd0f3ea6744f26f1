package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// urlLineChars is how many characters of a URL a urlLine shows: the start
// and the end, the middle elided.
const urlLineChars = 80

// urlLine shows a URL on one line, elided in the middle so that its host
// and its last path segment stay visible, with a button that copies the
// whole URL.
type urlLine struct {
	prefix    string
	full      string
	label     *widget.Label
	copyBtn   *widget.Button
	row       *fyne.Container // hidden while there is no URL
	clipboard func() fyne.Clipboard
}

func newURLLine(prefix string, clipboard func() fyne.Clipboard) *urlLine {
	u := &urlLine{prefix: prefix, clipboard: clipboard}
	u.label = widget.NewLabel("")
	u.label.Truncation = fyne.TextTruncateEllipsis
	u.label.TextStyle.Monospace = true
	u.copyBtn = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), u.onCopy)
	u.copyBtn.Importance = widget.LowImportance
	u.copyBtn.Disable()
	u.row = container.NewBorder(nil, nil, nil, u.copyBtn, u.label)
	u.row.Hide()
	return u
}

// buildUI returns the line: the label, and the copy button at its end.
func (u *urlLine) buildUI() fyne.CanvasObject { return u.row }

// set shows raw; an empty raw hides the line.
func (u *urlLine) set(raw string) {
	u.full = raw
	if raw == "" {
		u.label.SetText("")
		u.copyBtn.Disable()
		u.row.Hide()
		return
	}
	u.label.SetText(u.prefix + elideMiddle(raw, urlLineChars))
	u.copyBtn.Enable()
	u.row.Show()
}

// onCopy puts the whole URL on the clipboard.
func (u *urlLine) onCopy() {
	if u.full != "" {
		copyText(u.clipboard, u.full)
	}
}

// copyText puts text on the clipboard clipboard returns; a nil function or
// clipboard (no app, as in some tests) copies nothing.
func copyText(clipboard func() fyne.Clipboard, text string) {
	if clipboard == nil {
		return
	}
	if cb := clipboard(); cb != nil {
		cb.SetContent(text)
	}
}

// statusURL is a portal URL for the status line: its query (which holds
// the device's identifiers, EID and ICCID) left out, "?…" in its place,
// and the rest shortened in the middle to 100 characters, so that the path
// and the fragment, which change with the portal's routes, stay in view.
// Before, the URL was cut 100 characters from its start, and its long
// query hid every route change (found by GUI QA).
func statusURL(raw string) string {
	base, frag, hasFrag := strings.Cut(raw, "#")
	if path, _, hasQuery := strings.Cut(base, "?"); hasQuery {
		base = path + "?…"
	}
	if hasFrag {
		base += "#" + frag
	}
	return elideMiddle(base, 100)
}
