package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/sessiontest"
)

// A configuration directory the host cannot write in is said once in the
// window, under the toolbar, in the host's words (Deps.ConfigNotice): it
// stays while sessions run, whatever the status line says, until the
// user closes it. Before, the host window did not open on such a
// directory, and nothing in the window said that changes would not be
// saved. Without a notice the window has none.
func TestConfigNoticeIsShownUntilClosed(t *testing.T) {
	const notice = "changes will not be saved: configuration directory /ro/mpsim is not writable: it is on a read-only file system"
	tests := []struct {
		name   string
		notice string
	}{
		{"a notice", notice},
		{"none", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestScreenWith(t, &sessiontest.FakeOpener{OnOpen: portalPlays(t, true)}, func(d *Deps) { d.ConfigNotice = tc.notice })
			if tc.notice == "" {
				if s.notice != nil {
					t.Fatal("a window without a notice shows one")
				}
				return
			}
			if s.notice == nil || !s.notice.Visible() {
				t.Fatal("the notice is not shown")
			}
			var text *widget.Label
			var closeBtn *widget.Button
			walk(s.notice, func(o fyne.CanvasObject) {
				switch w := o.(type) {
				case *widget.Label:
					text = w
				case *widget.Button:
					closeBtn = w
				}
			})
			if text == nil || text.Text != tc.notice || text.Wrapping != fyne.TextWrapWord {
				t.Fatalf("the notice says %v, want %q wrapped", text, tc.notice)
			}
			if s.notice.Position().Y < s.toolbar.Position().Y+s.toolbar.Size().Height || s.notice.Size().Height < text.MinSize().Height {
				t.Errorf("the notice is not under the toolbar, whole: at %v, %v", s.notice.Position(), s.notice.Size())
			}
			test.Tap(s.openBtn)
			waitReport(t, s, 1)
			if !s.notice.Visible() {
				t.Error("the notice went with the session")
			}
			test.Tap(closeBtn)
			if s.notice.Visible() {
				t.Error("the notice stays once closed")
			}
		})
	}
}

// walk calls fn with o and every object in it.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			walk(child, fn)
		}
	}
}
