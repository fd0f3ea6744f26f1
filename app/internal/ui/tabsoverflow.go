package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// namedTabs are tabs whose overflow button says what it holds. Fyne's
// AppTabs put the tabs that do not fit behind a button that shows only
// "…": at 150% on a 1366x768 screen History went there, and once picked
// from its menu the tab bar showed a highlighted "…" and no tab name (found
// by GUI QA). namedTabs write on that button the name of the tab in front
// when it is one of the hidden ones, or how many tabs it hides ("2 more");
// its menu lists them by name as before.
type namedTabs struct {
	container.AppTabs
}

// newNamedTabs makes tabs of items, the first in front.
func newNamedTabs(items ...*container.TabItem) *namedTabs {
	t := &namedTabs{}
	t.Items = items
	t.BaseWidget.ExtendBaseWidget(t)
	return t
}

// CreateRenderer implements fyne.Widget.
func (t *namedTabs) CreateRenderer() fyne.WidgetRenderer {
	return &namedTabsRenderer{WidgetRenderer: t.AppTabs.CreateRenderer(), tabs: t}
}

// namedTabsRenderer is AppTabs' renderer, which names the overflow button
// after each layout.
type namedTabsRenderer struct {
	fyne.WidgetRenderer
	tabs *namedTabs
}

// Layout implements fyne.WidgetRenderer.
func (r *namedTabsRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.nameOverflow(size)
}

// Refresh implements fyne.WidgetRenderer (AppTabs' Refresh lays the tabs out
// at their size again).
func (r *namedTabsRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.nameOverflow(r.tabs.Size())
}

// nameOverflow writes the overflow button's text for the tabs the bar shows
// at size, and lays the tabs out again while the longer or shorter text
// changes how many fit (a few rounds at most: the count's text is as wide
// for any count).
func (r *namedTabsRenderer) nameOverflow(size fyne.Size) {
	more, shown := r.overflow()
	if more == nil {
		return
	}
	for range 4 {
		text := overflowText(r.tabs.Items, shown, r.tabs.SelectedIndex())
		if more.Text == text {
			return
		}
		more.Text = text
		more.Refresh()
		r.WidgetRenderer.Layout(size)
		_, shown = r.overflow()
	}
	more.Text = overflowText(r.tabs.Items, shown, r.tabs.SelectedIndex())
	more.Refresh()
}

// overflow finds the overflow button and how many tabs the bar shows beside
// it: the bar is the renderer's first object, the tabs' buttons its first
// and the overflow button its second (nil when Fyne draws them otherwise).
func (r *namedTabsRenderer) overflow() (more *widget.Button, shown int) {
	objs := r.Objects()
	if len(objs) == 0 {
		return nil, 0
	}
	bar, ok := objs[0].(*fyne.Container)
	if !ok || len(bar.Objects) < 2 {
		return nil, 0
	}
	buttons, ok := bar.Objects[0].(*fyne.Container)
	if !ok {
		return nil, 0
	}
	more, _ = bar.Objects[1].(*widget.Button)
	return more, len(buttons.Objects)
}

// overflowText is the overflow button's text when the bar shows the first
// shown of items and selected is in front: none when all are shown, the
// name of the tab in front when it is hidden, else how many are hidden.
func overflowText(items []*container.TabItem, shown, selected int) string {
	hidden := len(items) - shown
	switch {
	case hidden <= 0:
		return ""
	case selected >= shown && selected < len(items) && items[selected].Text != "":
		if hidden == 1 {
			return items[selected].Text
		}
		return fmt.Sprintf("%s +%d", items[selected].Text, hidden-1)
	default:
		return fmt.Sprintf("%d more", hidden)
	}
}

// frontOnly is content for a tab that asks for its height only while it
// is in front (AppTabs hide the content of the others). Fyne's tabs ask
// for the height of their highest content, in front or not: the History
// tab's buttons, wrapped into rows in a narrow column (columnLayout), kept
// asking for it behind Result, and Result over the log then needed 507
// units where a 1366x768 screen at 150% has 480 (found once Alt+9 showed
// the log from History). History in front has the log's height too
// (onRightTab).
func frontOnly(content fyne.CanvasObject) *fyne.Container {
	l := &frontOnlyLayout{}
	l.self = container.New(l, content)
	return l.self
}

// frontOnlyLayout is frontOnly's layout: its objects fill it; its
// minimum height is theirs while self is shown, none while hidden.
type frontOnlyLayout struct{ self *fyne.Container }

var _ fyne.Layout = (*frontOnlyLayout)(nil)

// Layout implements fyne.Layout: its objects fill it, as in a stack.
func (l *frontOnlyLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	layout.NewStackLayout().Layout(objects, size)
}

// MinSize implements fyne.Layout.
func (l *frontOnlyLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	min := layout.NewStackLayout().MinSize(objects)
	if l.self != nil && !l.self.Visible() {
		min.Height = 0
	}
	return min
}
