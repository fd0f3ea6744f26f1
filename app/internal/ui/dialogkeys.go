package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
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

// showFileDialog shows a file open or save dialog over win, starting in
// dir (the folder last used), else in the working directory, where the
// examples/ of a checkout are: Escape cancels it (Fyne's file dialogs had
// no key, and opened in the home folder; found by GUI QA). In a save
// dialog the name field has the keyboard first, and takes Escape itself:
// Tab out of it, or Cancel.
func showFileDialog(win fyne.Window, d *dialog.FileDialog, dir string) {
	if l := startFolder(dir); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(760, 520))
	showWithKeys(win, d, func() {}, d.Dismiss)
}

// startFolder is the folder a file dialog starts in: dir when it lists,
// else the working directory; nil for neither (Fyne's own choice).
func startFolder(dir string) fyne.ListableURI {
	for _, d := range []string{dir, workingDir()} {
		if d == "" {
			continue
		}
		if l, err := storage.ListerForURI(storage.NewFileURI(d)); err == nil {
			return l
		}
	}
	return nil
}

// workingDir is the process's working directory, "" when unknown.
func workingDir() string {
	d, err := os.Getwd()
	if err != nil {
		return ""
	}
	return d
}
