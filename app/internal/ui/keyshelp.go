package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// keysTitle is the title of the keyboard help.
const keysTitle = "Keyboard"

// ShowKeys shows every key of the host window (F1, Ctrl+/) in a dialog,
// from the table that registers them (hostKeyTable); Escape or Enter
// closes it. Nothing happens while a dialog is open already.
func (s *HostScreen) ShowKeys(c fyne.Canvas) {
	win := s.hostWindow()
	if win == nil || c.Overlays().Top() != nil {
		return
	}
	d := dialog.NewCustom(keysTitle, "Close", keysView(hostKeyTable()), win)
	size := fyne.NewSize(720, 600)
	if h := c.Size().Height - 40; h > 0 && h < size.Height {
		size.Height = h // the default 1240x660 window, and smaller
	}
	d.Resize(size)
	showInfo(win, d)
}

// keysView lists keys: each row's keys in bold, what they do beside
// them, and under them which keys work in the embedded portal's page too.
func keysView(keys []hostKey) fyne.CanvasObject {
	var rows []fyne.CanvasObject
	var fromPage []string
	for _, k := range keys {
		what := widget.NewLabel(k.does)
		what.Wrapping = fyne.TextWrapWord
		rows = append(rows, widget.NewLabelWithStyle(k.keysLabel(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), what)
		if k.fromPage {
			fromPage = append(fromPage, k.keysLabel())
		}
	}
	page := widget.NewLabel("The keys act whichever control has the keyboard. While the embedded portal's page has it, " +
		strings.Join(fromPage, ", ") + " work there too.")
	page.Wrapping = fyne.TextWrapWord
	return container.NewVScroll(container.NewVBox(container.New(layout.NewFormLayout(), rows...), widget.NewSeparator(), page))
}
