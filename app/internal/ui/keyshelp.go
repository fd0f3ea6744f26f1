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
	if v := keysScrollIn(c.Overlays().Top()); v != nil {
		c.Focus(v) // the arrows scroll the list at once
	}
}

// keysScrollIn is the list of keys of the keys help shown as top, nil
// for none.
func keysScrollIn(top fyne.CanvasObject) *keysScroll {
	var find func(o fyne.CanvasObject) *keysScroll
	find = func(o fyne.CanvasObject) *keysScroll {
		if k, ok := o.(*keysScroll); ok {
			return k
		}
		if p, ok := o.(*widget.PopUp); ok {
			return find(p.Content)
		}
		for _, c := range children(o) {
			if k := find(c); k != nil {
				return k
			}
		}
		return nil
	}
	if top == nil {
		return nil
	}
	return find(top)
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
	return newKeysScroll(container.NewVBox(container.New(layout.NewFormLayout(), rows...), widget.NewSeparator(), page))
}

// keysScroll is the keys help's list, scrolled, and scrolled by the
// keyboard while it has it, as it does when the help opens: Up and Down
// by a line, PageUp and PageDown by a view, Home and End to either end.
// The list is cut in the default window (1240x660) and smaller, and Tab
// reached only the Close button (found by GUI QA). Its other keys
// (Escape and Enter close the help, F12) are the dialog's, as while no
// control has the keyboard (showWithKeys).
type keysScroll struct {
	widget.BaseWidget
	scroll *container.Scroll
}

var _ fyne.Focusable = (*keysScroll)(nil)

// newKeysScroll is content in a vertical scroll that takes the keyboard.
func newKeysScroll(content fyne.CanvasObject) *keysScroll {
	k := &keysScroll{scroll: container.NewVScroll(content)}
	k.ExtendBaseWidget(k)
	return k
}

// CreateRenderer implements fyne.Widget.
func (k *keysScroll) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(k.scroll)
}

// parts implements holder.
func (k *keysScroll) parts() []fyne.CanvasObject { return []fyne.CanvasObject{k.scroll} }

// FocusGained implements fyne.Focusable; the window's focus ring marks
// the list.
func (k *keysScroll) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (k *keysScroll) FocusLost() {}

// TypedRune implements fyne.Focusable.
func (k *keysScroll) TypedRune(rune) {}

// TypedKey implements fyne.Focusable: the scroll keys scroll, the others
// go to the canvas's typed-key handler (the dialog's).
func (k *keysScroll) TypedKey(ev *fyne.KeyEvent) {
	line := widget.NewLabel("M").MinSize().Height
	view := k.scroll.Size().Height
	y := k.scroll.Offset.Y
	switch ev.Name {
	case fyne.KeyUp:
		y -= line
	case fyne.KeyDown:
		y += line
	case fyne.KeyPageUp:
		y -= max(view-line, line)
	case fyne.KeyPageDown:
		y += max(view-line, line)
	case fyne.KeyHome:
		y = 0
	case fyne.KeyEnd:
		y = k.scroll.Content.Size().Height
	default:
		if c := canvasOf(k); c != nil && c.OnTypedKey() != nil {
			c.OnTypedKey()(ev)
		}
		return
	}
	y = max(0, min(y, k.scroll.Content.Size().Height-view))
	k.scroll.ScrollToOffset(fyne.NewPos(k.scroll.Offset.X, y))
}
