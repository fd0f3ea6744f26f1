package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/sessiontest"
)

// overflowOf is the overflow button of tabs and the names of the tabs its
// bar shows (nil when the bar is not drawn as AppTabs draw it).
func overflowOf(tabs fyne.Widget) (*widget.Button, int) {
	objs := test.WidgetRenderer(tabs).Objects()
	bar, ok := objs[0].(*fyne.Container)
	if !ok || len(bar.Objects) < 2 {
		return nil, 0
	}
	more, _ := bar.Objects[1].(*widget.Button)
	return more, len(bar.Objects[0].(*fyne.Container).Objects)
}

// When the right tabs do not all fit, the overflow button names what it
// holds (found by GUI QA: at 150% on a 1366x768 screen History went behind
// a "…" button, and once picked from its menu the tab bar showed a
// highlighted "…" and no tab name): with a shown tab in front it says how
// many tabs it hides, with a hidden one in front that tab's name; in a
// window wide enough for all it is hidden.
func TestOverflowTabSaysWhatItHides(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.win.Resize(fyne.NewSize(800, 600))
	s.ShowTab(TabResult)
	layOutAgain(s.win.Content())
	more, shown := overflowOf(s.tabs)
	if more == nil {
		t.Fatal("no overflow button in the right tabs' bar")
	}
	hidden := len(s.tabs.Items) - shown
	if !more.Visible() || hidden < 1 {
		t.Fatalf("at 800x600 the right tabs show %d of %d: want some behind the overflow button", shown, len(s.tabs.Items))
	}
	if want := fmt.Sprintf("%d more", hidden); more.Text != want {
		t.Errorf("with Result in front the overflow button says %q, want %q", more.Text, want)
	}
	s.ShowTab(TabHistory)
	layOutAgain(s.win.Content())
	more, shown = overflowOf(s.tabs)
	if shown == len(s.tabs.Items) {
		t.Fatal("with History in front all the right tabs fit: the test needs a narrower window")
	}
	if !strings.HasPrefix(more.Text, TabHistory) {
		t.Errorf("with History (hidden) in front the overflow button says %q, want the tab's name", more.Text)
	}
	if w := s.tabs.Size().Width; s.tabs.MinSize().Width > w+0.5 {
		t.Errorf("the named overflow button made the tabs %.0f px wide at least, more than their %.0f", s.tabs.MinSize().Width, w)
	}

	s.win.Resize(fyne.NewSize(1900, 900))
	s.SetPresenter(false)
	layOutAgain(s.win.Content())
	if more, shown = overflowOf(s.tabs); shown != len(s.tabs.Items) || more.Visible() {
		t.Errorf("at 1900 px the right tabs show %d of %d, overflow button visible %v (%q)", shown, len(s.tabs.Items), more.Visible(), more.Text)
	}
}

func TestOverflowText(t *testing.T) {
	items := []*container.TabItem{
		container.NewTabItem("Result", widget.NewLabel("")), container.NewTabItem("Scenario", widget.NewLabel("")),
		container.NewTabItem("Policies", widget.NewLabel("")), container.NewTabItem("History", widget.NewLabel("")),
	}
	for _, tc := range []struct {
		shown, selected int
		want            string
	}{
		{4, 0, ""}, {4, 3, ""}, {3, 0, "1 more"}, {3, 3, "History"}, {2, 1, "2 more"}, {2, 3, "History +1"}, {1, 2, "Policies +2"},
	} {
		if got := overflowText(items, tc.shown, tc.selected); got != tc.want {
			t.Errorf("overflowText(%d shown, %d in front) = %q, want %q", tc.shown, tc.selected, got, tc.want)
		}
	}
}
