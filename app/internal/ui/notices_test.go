package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/sessiontest"
	"mpsim/app/internal/workspace"
)

// The portal window's notices reach the host (through Deps.PortalWindows):
// the user closing WebKit's inspector in the window unticks the DevTools
// check without sending a close back, so that F12 then opens it again
// (before, the check stayed ticked and F12 "closed" a closed inspector);
// Ctrl+P, F12 and Ctrl+R pressed while the page has the keyboard toggle
// presenter mode, toggle DevTools and relaunch as they do in the host
// window (before, the page swallowed Ctrl+P, and F12 and Ctrl+R did
// nothing there).
func TestPortalWindowNotices(t *testing.T) {
	opener := &sessiontest.FakeOpener{} // the portal stays open until left
	windows := NewPortalWindows(opener)
	s := newTestScreenWith(t, opener, func(d *Deps) {
		d.Workspace = workspace.Runner{Workspace: d.Workspace.(workspace.Runner).Workspace, Opener: windows}
		d.PortalWindows = windows
	})
	s.Open()
	waitFor(t, "the portal window", func() bool { return len(opener.Windows()) == 1 && s.isRunning() })
	w := opener.Windows()[0]
	notify := func(kind, name string) func() {
		return func() {
			if !w.Notify(kind, name) {
				t.Fatalf("no one listens to the portal window's %s notices", kind)
			}
		}
	}
	f12 := func() { s.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF12}) }
	for i, step := range []struct {
		name      string
		do        func()
		devTools  bool
		sent      []bool
		presenter bool
	}{
		{"check ticked", func() { test.Tap(s.devToolsCheck) }, true, []bool{true}, false},
		{"inspector closed in the window", notify(ipc.TypeInspectorClosed, ""), false, []bool{true}, false},
		{"F12 opens it again", f12, true, []bool{true, true}, false},
		{"unticked from the host", func() { test.Tap(s.devToolsCheck) }, false, []bool{true, true, false}, false},
		{"the host's own close said nothing more", notify(ipc.TypeInspectorClosed, ""), false, []bool{true, true, false}, false},
		{"Ctrl+P in the page", notify(ipc.TypeShortcut, ipc.ShortcutPresenter), false, []bool{true, true, false}, true},
		{"Ctrl+P in the page again", notify(ipc.TypeShortcut, ipc.ShortcutPresenter), false, []bool{true, true, false}, false},
		{"an unknown shortcut", notify(ipc.TypeShortcut, "print"), false, []bool{true, true, false}, false},
		{"F12 in the page", notify(ipc.TypeShortcut, ipc.ShortcutDevTools), true, []bool{true, true, false, true}, false},
		{"F12 in the page again", notify(ipc.TypeShortcut, ipc.ShortcutDevTools), false, []bool{true, true, false, true, false}, false},
	} {
		step.do()
		waitFor(t, step.name, func() bool {
			on, _ := s.devTools.Get()
			p, _ := s.presenterMode.Get()
			return on == step.devTools && s.devToolsCheck.Checked == step.devTools && p == step.presenter
		})
		if got := w.DevToolsSent(); !slices.Equal(got, step.sent) {
			t.Errorf("step %d (%s): the window got DevTools requests %v, want %v", i+1, step.name, got, step.sent)
		}
		if closedThere := strings.Contains(s.status.Text, "closed in the portal window"); closedThere != (i == 1) {
			t.Errorf("step %d (%s): status %q", i+1, step.name, s.status.Text)
		}
	}
	// Ctrl+R pressed while the page has the keyboard relaunches, as in the
	// host window.
	notify(ipc.TypeShortcut, ipc.ShortcutRelaunch)()
	waitFor(t, "the relaunched portal window", func() bool { return len(opener.Windows()) == 2 && s.isRunning() })
	s.Stop()
	waitFor(t, "the session's end", func() bool { return !s.isRunning() })
}
