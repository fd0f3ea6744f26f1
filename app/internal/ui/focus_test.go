package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/sessiontest"
)

// objectsUnder are o's objects as the tests walk a window: a container's,
// or those of a widget's renderer; none for other objects.
func objectsUnder(o fyne.CanvasObject) []fyne.CanvasObject {
	switch v := o.(type) {
	case *fyne.Container:
		return v.Objects
	case fyne.Widget:
		return test.WidgetRenderer(v).Objects()
	}
	return nil
}

// shownPath returns the objects from root down to o, each of them visible,
// or nil when o is not under root or something on the way is hidden.
func shownPath(root, o fyne.CanvasObject) []fyne.CanvasObject {
	if root == nil || !root.Visible() {
		return nil
	}
	if root == o {
		return []fyne.CanvasObject{root}
	}
	for _, c := range objectsUnder(root) {
		if p := shownPath(c, o); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

// describe names a focused object for a failure message.
func describe(o fyne.CanvasObject) string {
	switch v := o.(type) {
	case *shortcutEntry:
		return fmt.Sprintf("field %q/%q", v.PlaceHolder, v.Text)
	}
	return fmt.Sprintf("%T", o)
}

// tabThrough presses Tab until the focus comes back to a widget it was on
// and fails for each widget it reaches that the window does not show: on
// a tab not shown, at no size, outside the window or outside the part of
// a scroll in view.
func tabThrough(t *testing.T, s testScreen, size fyne.Size) {
	t.Helper()
	c := s.win.Canvas()
	seen := map[fyne.Focusable]bool{}
	for i := 0; i < 300; i++ {
		c.FocusNext()
		s.revealFocused(c) // as FollowFocus does in the window
		f := c.Focused()
		if f == nil {
			t.Fatalf("after %d Tabs nothing has the focus", i+1)
		}
		if seen[f] {
			return
		}
		seen[f] = true
		o, ok := f.(fyne.CanvasObject)
		if !ok {
			continue
		}
		path := shownPath(c.Content(), o)
		if path == nil {
			t.Errorf("Tab %d focused %s, which the window does not show", i+1, describe(o))
			continue
		}
		at := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
		if sz := o.Size(); sz.Width <= 0 || sz.Height <= 0 {
			t.Errorf("Tab %d focused %s at size %v", i+1, describe(o), sz)
		}
		if at.X < 0 || at.Y < 0 || at.X >= size.Width || at.Y >= size.Height {
			t.Errorf("Tab %d focused %s at %v, outside the %v window", i+1, describe(o), at, size)
		}
		for _, p := range path {
			if sc, ok := p.(*container.Scroll); ok && !within(o, sc) {
				t.Errorf("Tab %d focused %s at %v (%v), out of its scroll's view (%v at %v)", i+1, describe(o), at, o.Size(),
					sc.Size(), fyne.CurrentApp().Driver().AbsolutePositionForObject(sc))
			}
		}
	}
	t.Error("Tab never came back to a widget it was on")
}

// Tab moves the focus through the widgets the window shows and no others
// (found by exploratory QA: the focus went below the fold of the Launch
// form, which did not scroll to it, and disappeared): on each tab, after
// a session and in presenter mode, each focused widget is shown, at a
// size, inside the window and in its scroll's view.
func TestTabVisitsOnlyShownWidgets(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1240, Height: 660}, {Width: 1024, Height: 600}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, false)})
			s.win.Resize(size)
			tabThrough(t, s, size)
			test.Tap(s.openBtn)
			waitReport(t, s, 1)
			for _, tab := range []string{TabDevice, TabPortal, TabScenario, TabLifecycle, TabPolicies, TabHistory, TabResult, TabLaunch} {
				s.ShowTab(tab)
				t.Run(tab, func(t *testing.T) { tabThrough(t, s, size) })
			}
			s.SetPresenter(true)
			t.Run("presenter", func(t *testing.T) { tabThrough(t, s, size) })
		})
	}
}

// A decoded value of the Result tab shows that it has the focus: Tab puts
// it on a selectable label, which Fyne marks only once text is selected,
// so ten Tab stops showed nothing (found by GUI QA). Its frame shows
// while it has the focus and goes when the focus moves on.
func TestFocusedValueShowsAFrame(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	c := s.win.Canvas()
	s.ShowTab(TabResult)
	frames := 0
	var last fyne.Focusable
	var valueFrames []*canvas.Rectangle
	for i := 0; i < 300; i++ {
		c.FocusNext()
		s.revealFocused(c)
		f := c.Focused()
		if f == nil || f == last {
			break
		}
		o, _ := f.(fyne.CanvasObject)
		var value *widget.Label
		for _, l := range s.result.values {
			if holds(l, o) {
				value = l
			}
		}
		switch {
		case value != nil && (s.focusFrame == nil || !s.focusFrame.Visible()):
			t.Errorf("Tab %d: the value %q has the focus and shows no frame", i+1, value.Text)
		case value != nil:
			frames++
			valueFrames = append(valueFrames, s.focusFrame)
			if got, want := s.focusFrame.Size(), value.Size(); got != want {
				t.Errorf("Tab %d: the frame is %v, the value %v", i+1, got, want)
			}
		}
		if frames > 0 && value == nil {
			break // past the values
		}
		last = f
	}
	for i, f := range valueFrames {
		if f.Visible() {
			t.Errorf("the frame of value %d still shows once the focus moved on", i+1)
		}
	}
	if frames != len(resultFields) {
		t.Errorf("%d values showed a frame on Tab, want %d", frames, len(resultFields))
	}
}
