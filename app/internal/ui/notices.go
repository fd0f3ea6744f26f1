package ui

import "mpsim/app/internal/ipc"

// onWindowNotice follows what the user did in the portal window besides
// the page's bridge calls (NoticeWindow), on the UI goroutine: closed
// WebKit's inspector with its own close button (the DevTools check is
// unticked, and nothing is sent back to the window, whose inspector is
// already closed), or pressed Ctrl+P while the page had the keyboard
// (presenter mode on or off, as Ctrl+P in the host window).
func (s *HostScreen) onWindowNotice(kind, name string) {
	switch {
	case kind == ipc.TypeInspectorClosed:
		on, _ := s.devTools.Get()
		if !on || s.devToolsCheck == nil {
			return
		}
		s.devToolsFollow = true
		s.devToolsCheck.SetChecked(false)
		s.devToolsFollow = false
		s.status.SetText("DevTools off: the WebKit inspector was closed in the portal window; the next portal windows open without it.")
	case kind == ipc.TypeShortcut && name == ipc.ShortcutPresenter:
		s.togglePresenter()
	}
}
