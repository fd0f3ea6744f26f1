package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/sessiontest"
)

// "Show the identifiers" shows them on screen: they come under Start
// again, below the fold of a 720p projector's window, and were revealed
// there unseen (found by exploratory QA). Hiding them again leaves Start
// again in view.
func TestPresenterShowsTheIdentifiersWhenAsked(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1240, Height: 660}, {Width: 1024, Height: 600}, {Width: 1600, Height: 1000}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			s := presenterAfterASession(t, size)
			p := s.presenter
			p.showIDs.SetChecked(true) // as a tap on it does
			layOutAgain(s.win.Content())
			if !p.ids.Visible() {
				t.Fatal("the identifiers are not shown when asked")
			}
			view := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.scroll).Y
			viewEnd := view + p.scroll.Size().Height
			if top(p.ids) < view || bottom(p.ids) > viewEnd {
				t.Errorf("the identifiers are drawn from %.0f to %.0f; the presenter view shows %.0f to %.0f",
					top(p.ids), bottom(p.ids), view, viewEnd)
			}
			if got, want := p.ids.Size().Height, p.ids.MinSize().Height; got < want {
				t.Errorf("the identifiers get %.0f px, their text needs %.0f", got, want)
			}
			p.showIDs.SetChecked(false)
			layOutAgain(s.win.Content())
			if p.ids.Visible() {
				t.Error("the identifiers stay after unticking")
			}
			if top(p.restart) < view || bottom(p.restart) > viewEnd {
				t.Errorf("after hiding the identifiers Start again is drawn from %.0f to %.0f; the presenter view shows %.0f to %.0f",
					top(p.restart), bottom(p.restart), view, viewEnd)
			}
		})
	}
}

// layOutAgain lays o and everything under it out again at their sizes, as
// the window does on its next frame once minimum sizes have changed (the
// test driver does not).
func layOutAgain(o fyne.CanvasObject) {
	if !o.Visible() {
		return
	}
	switch v := o.(type) {
	case *fyne.Container:
		if v.Layout != nil {
			v.Layout.Layout(v.Objects, v.Size())
		}
		for _, c := range v.Objects {
			layOutAgain(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(v)
		r.Layout(v.Size())
		for _, c := range r.Objects() {
			layOutAgain(c)
		}
	}
}

// At the end of a session the audience sees the outcome, what it means and
// Start again without scrolling, down to a 1024x600 screen: there Start
// again was drawn about 40 px below the fold (found by exploratory QA).
func TestPresenterEndFitsWithoutScrolling(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1240, Height: 660}, {Width: 1024, Height: 600}, {Width: 1280, Height: 720}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			s := presenterAfterASession(t, size)
			p := s.presenter
			layOutAgain(s.win.Content())
			if off := p.scroll.Offset.Y; off != 0 {
				t.Fatalf("the view is scrolled by %.0f px", off)
			}
			view := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.scroll).Y
			viewEnd := view + p.scroll.Size().Height
			for _, o := range []struct {
				name string
				o    fyne.CanvasObject
			}{{"the outcome", p.outcome}, {"its detail", p.detail}, {"Start again", p.restart}, {"Show the identifiers", p.showIDs}} {
				if !o.o.Visible() {
					t.Errorf("%s is not shown", o.name)
				}
				if top(o.o) < view || bottom(o.o) > viewEnd {
					t.Errorf("%s is drawn from %.0f to %.0f; the presenter view shows %.0f to %.0f", o.name, top(o.o), bottom(o.o), view, viewEnd)
				}
			}
		})
	}
}

// presenterAfterASession is a host screen of size in presenter mode after
// a session the portal handed back.
func presenterAfterASession(t *testing.T, size fyne.Size) testScreen {
	t.Helper()
	s := newTestScreen(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)})
	s.win.Resize(size)
	s.SetPresenter(true)
	test.Tap(s.presenter.tile)
	waitReport(t, s, 1)
	return s
}
