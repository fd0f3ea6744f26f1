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
