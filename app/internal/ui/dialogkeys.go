package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
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
// no key, and opened in the home folder; found by GUI QA), also while the
// name field of a save dialog has the keyboard (escapableName).
func showFileDialog(win fyne.Window, d *dialog.FileDialog, dir string) {
	if l := startFolder(dir); l != nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(760, 520))
	showWithKeys(win, d, func() {}, d.Dismiss)
	escapableName(win.Canvas(), d.Dismiss)
}

// escapableName puts in place of a save dialog's name field, which has the
// keyboard as the dialog opens, a field that shows and edits the same name
// and on which Escape calls cancel: Fyne's field took Escape and did
// nothing with it, so Escape closed the dialog only once the keyboard had
// left the field (found by GUI QA). The dialog still reads its own field,
// which the new one keeps in step both ways (a file picked in the list
// names it). Nothing changes when the keyboard is elsewhere (an open
// dialog) or the dialog is not drawn as Fyne 2.7 draws it.
func escapableName(c fyne.Canvas, cancel func()) {
	name, ok := c.Focused().(*widget.Entry)
	if !ok {
		return
	}
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return
	}
	holder := scrollHolding(pop.Content, name)
	if holder == nil {
		return
	}
	e := &escapeEntry{escape: cancel}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(name.PlaceHolder)
	e.SetText(name.Text)
	e.CursorColumn = len([]rune(name.Text))
	e.OnChanged = func(s string) {
		if name.Text != s {
			name.SetText(s) // the dialog's own reaction too: Save enabled for a name
		}
	}
	e.OnSubmitted = func(s string) {
		if name.OnSubmitted != nil {
			name.OnSubmitted(s)
		}
	}
	own := name.OnChanged
	name.OnChanged = func(s string) {
		if own != nil {
			own(s)
		}
		if e.Text != s {
			e.SetText(s)
		}
	}
	holder.Content = e
	holder.Refresh()
	c.Focus(e)
}

// scrollHolding is the scroll under o whose content is target, nil when
// none is.
func scrollHolding(o fyne.CanvasObject, target fyne.CanvasObject) *container.Scroll {
	switch v := o.(type) {
	case *container.Scroll:
		if v.Content == target {
			return v
		}
		return scrollHolding(v.Content, target)
	case *container.Split:
		if s := scrollHolding(v.Leading, target); s != nil {
			return s
		}
		return scrollHolding(v.Trailing, target)
	case *fyne.Container:
		for _, c := range v.Objects {
			if s := scrollHolding(c, target); s != nil {
				return s
			}
		}
	}
	return nil
}

// escapeEntry is a text field on which Escape calls escape.
type escapeEntry struct {
	widget.Entry
	escape func()
}

// TypedKey implements fyne.Focusable.
func (e *escapeEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		e.escape()
		return
	}
	e.Entry.TypedKey(k)
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
