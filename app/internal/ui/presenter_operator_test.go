package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/sessiontest"
	"mpsim/simulator"
)

// labelTexts are the texts of the labels shown in o, inside containers
// and widgets.
func labelTexts(o fyne.CanvasObject) []string {
	var texts []string
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *widget.Label:
			texts = append(texts, v.Text)
		case *fyne.Container:
			for _, c := range v.Objects {
				visit(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				visit(c)
			}
		}
	}
	visit(o)
	return texts
}

// Presenter mode's operator tile and step 1's caption name the operator
// the launch form picks, which the tile opens, and the session's while it
// runs and once it ended. Before, they said Contoso Mobile after a
// Fabrikam session whose pane and "Back in Windows" said Fabrikam (found
// by GUI QA).
func TestPresenterNamesTheOperator(t *testing.T) {
	var during []string
	var s testScreen
	s, _ = newOperatorScreen(t, &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
		// Set on the UI goroutine before the session's goroutine started.
		during = labelTexts(s.presenter.root)
		w.UserClose()
	}})
	s.SetPresenter(true)
	p := s.presenter
	const contoso = simulator.DemoOperatorName
	for _, tc := range []struct {
		step, pick, want, other string
		// session: a session is run after the pick; idle: step 1 shows.
		session, idle bool
	}{
		{step: "Fabrikam picked in the form", pick: "Fabrikam", want: "Fabrikam", other: contoso, idle: true},
		{step: "Contoso picked in the form", pick: contoso, want: contoso, other: "Fabrikam", idle: true},
		{step: "after a Fabrikam session", pick: "Fabrikam", want: "Fabrikam", other: contoso, session: true},
		{step: "Contoso picked after the session", pick: contoso, want: contoso, other: "Fabrikam"},
	} {
		if tc.pick != "" {
			s.launch.operator.SetSelected(tc.pick)
		}
		if tc.session {
			test.Tap(p.tile)
			waitReport(t, s, 1)
			if !slices.Contains(during, tc.want) || slices.Contains(during, tc.other) {
				t.Errorf("during the session the presenter says %q; want %q, not %q", during, tc.want, tc.other)
			}
		}
		texts := labelTexts(p.root)
		if !slices.Contains(texts, tc.want) || slices.Contains(texts, tc.other) {
			t.Errorf("%s: the presenter's labels are %q; want the tile %q, not %q", tc.step, texts, tc.want, tc.other)
		}
		if tc.idle && !strings.Contains(p.caption.Text, "Click "+tc.want) {
			t.Errorf("%s: step 1's caption %q does not name %s", tc.step, p.caption.Text, tc.want)
		}
	}
}
