package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// closable is a Fyne dialog: shown, hidden, told when it closes.
type closable interface {
	Show()
	Hide()
	SetOnClosed(func())
}

// showWithKeys shows d over win with the keys a dialog is expected to
// have, which Fyne's dialogs lack: Escape calls cancel (the safe choice:
// Stay, No, Close) and Enter or Return calls accept (the default button:
// Leave, Close). While d is shown the window's other keys (F12) still
// work; when it closes, the window's own key handler is back.
func showWithKeys(win fyne.Window, d closable, accept, cancel func()) {
	c := win.Canvas()
	before := c.OnTypedKey()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyEscape:
			cancel()
		case fyne.KeyReturn, fyne.KeyEnter:
			accept()
		default:
			if before != nil {
				before(e)
			}
		}
	})
	d.SetOnClosed(func() { c.SetOnTypedKey(before) })
	d.Show()
}

// showConfirm shows a confirm dialog over win: Enter confirms, Escape
// dismisses.
func showConfirm(win fyne.Window, d *dialog.ConfirmDialog) {
	showWithKeys(win, d, d.Confirm, d.Hide)
}

// showInfo shows a dialog whose one button closes it over win: Enter and
// Escape close it.
func showInfo(win fyne.Window, d dialog.Dialog) {
	showWithKeys(win, d, d.Hide, d.Hide)
}
