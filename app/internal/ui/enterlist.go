package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// enterList is a list on which Enter selects the row the keyboard is on,
// as Space does: Fyne's list takes Space only, so a keyboard user who
// pressed Enter on a History entry, a log line, a console message, a
// navigation or a policy saw nothing happen (found by keyboard-only QA on
// the Navigations list; the requests table has the same, requestTable).
type enterList struct {
	widget.List
	// keepTail, when set and true, keeps the last row in view when the
	// list's height changes (a live log following its newest entries).
	keepTail func() bool
	rendered bool // its renderer (and scroller) exists
}

// CreateRenderer is the list's renderer. Fyne drops the renderer of a
// widget it has not drawn for a minute (a list in a tab not shown) and
// makes a new one, with a new scroller at the top, when it shows again:
// the live log came back from the Network tab, or from presenter mode,
// at its first entries rather than its last (found by QA with
// screenshots). So a list made anew goes back to where it was: its last
// row with keepTail, else its scroll offset.
func (l *enterList) CreateRenderer() fyne.WidgetRenderer {
	again, offset := l.rendered, l.GetScrollOffset()
	l.rendered = true
	r := l.List.CreateRenderer()
	if !again || (offset <= 0 && l.keepTail == nil) {
		return r
	}
	return &restoringRenderer{WidgetRenderer: r, restore: func() {
		if l.keepTail != nil && l.keepTail() {
			l.ScrollToBottom()
		} else if offset > 0 {
			l.ScrollToOffset(offset)
		}
	}}
}

// restoringRenderer is a list's renderer made anew, which puts the list
// back where it was (restore) once it is first laid out.
type restoringRenderer struct {
	fyne.WidgetRenderer
	restore func() // nil once done
}

// Layout lays the list out, and the first time puts it back where it was.
func (r *restoringRenderer) Layout(s fyne.Size) {
	r.WidgetRenderer.Layout(s)
	if restore := r.restore; restore != nil && !s.IsZero() {
		r.restore = nil
		restore()
	}
}

// Resize resizes the list; with keepTail true, its last row stays in view
// when its height changes. A list made taller keeps its scroll within
// the rows, so a live log at its tail that was laid out taller for a
// moment and then short again showed rows above the tail: switching to
// the Network tab (whose table makes the tabs taller) and back to Log
// left the session's last eight entries out of view (found by QA with
// screenshots).
func (l *enterList) Resize(s fyne.Size) {
	heightChanged := s.Height != l.Size().Height
	l.List.Resize(s)
	if heightChanged && l.rendered && l.keepTail != nil && l.keepTail() {
		l.ScrollToBottom()
	}
}

// newEnterList is widget.NewList that takes Enter too.
func newEnterList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *enterList {
	l := &enterList{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey selects the row at Enter and Return, and is the list's
// otherwise (arrows move, Space selects).
func (l *enterList) TypedKey(k *fyne.KeyEvent) {
	l.List.TypedKey(spaceForEnter(k))
}

// spaceForEnter is k, or Space for Enter and Return: the key with which
// Fyne's lists and tables select the row the keyboard is on.
func spaceForEnter(k *fyne.KeyEvent) *fyne.KeyEvent {
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		return &fyne.KeyEvent{Name: fyne.KeySpace, Physical: k.Physical}
	}
	return k
}
