package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/sessiontest"
)

// centre is the middle of o on its canvas.
func centre(o fyne.CanvasObject) fyne.Position {
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return at.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
}

// The mouse wheel scrolls the Launch form wherever the pointer is on it,
// over a text field, a picker or a check box too (found by exploratory QA:
// a presenter scrolling the form got stuck each time the pointer crossed
// a field, whose own scroller took the wheel); a multi-line field keeps
// the wheel while it has more lines than it shows, and a tap on a field
// still reaches it.
func TestWheelOverAFieldScrollsTheLaunchForm(t *testing.T) {
	s := newTestScreen(t, &sessiontest.FakeOpener{})
	s.win.Resize(fyne.NewSize(1024, 600))
	s.ShowTab(TabLaunch)
	form, ok := s.leftTabs.Items[0].Content.(*container.Scroll)
	if !ok {
		t.Fatalf("the Launch tab holds a %T, not the form's scroll", s.leftTabs.Items[0].Content)
	}
	entries := shortcutEntries(form)
	var portal, extra *shortcutEntry
	for _, e := range entries {
		switch e.PlaceHolder {
		case "built-in demo portal":
			portal = e
		case "name=value, one per line":
			extra = e
		}
	}
	if portal == nil || extra == nil {
		t.Fatal("no Portal URL or Extra params field in the form")
	}
	tests := []struct {
		name  string
		over  fyne.CanvasObject
		extra string // the Extra params field's text
		moves bool   // the form scrolls
	}{
		{"the portal's field", portal, "", true},
		{"the preset picker", s.launch.preset, "", true},
		{"the preset search", s.launch.presetFind, "", true},
		{"the generation picker", s.launch.generation, "", true},
		{"an empty multi-line field", extra, "", true},
		{"a multi-line field with two lines", extra, "a=1\nb=2", true},
		{"a multi-line field with more lines than it shows", extra, "a=1\nb=2\nc=3\nd=4\ne=5", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_ = s.launch.extra.Set(tc.extra)
			form.ScrollToTop()
			test.Scroll(s.win.Canvas(), centre(tc.over), 0, -60)
			if moved := form.Offset.Y > 0; moved != tc.moves {
				t.Errorf("the wheel over %s: form scrolled by %.0f px, want scrolled %v", tc.name, form.Offset.Y, tc.moves)
			}
		})
	}
	_ = s.launch.extra.Set("")
	form.ScrollToTop()
	// A tap on the field still reaches it: the test driver takes the focus
	// away when a tap lands on anything else.
	s.win.Canvas().Focus(portal)
	test.TapCanvas(s.win.Canvas(), centre(portal))
	if f := s.win.Canvas().Focused(); f != portal {
		t.Errorf("a tap on the portal's field reached something else (focus on %T)", f)
	}
}
