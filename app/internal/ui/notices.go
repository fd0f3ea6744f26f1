package ui

import "mpsim/app/internal/ipc"

// onWindowNotice follows what the user did in the portal window besides
// the page's bridge calls (NoticeWindow), on the UI goroutine: closed
// WebKit's inspector with its own close button (the DevTools check is
// unticked, and nothing is sent back to the window, whose inspector is
// already closed), or pressed a host shortcut while the page had the
// keyboard: Ctrl+P (presenter mode on or off), Ctrl+R (Relaunch) or F12
// (DevTools on or off), as in the host window. Before, F12 and Ctrl+R
// did nothing there, and once the inspector was closed with its own
// close button it could not be opened again from the page (found by GUI
// QA).
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
	case kind == ipc.TypeShortcut && name == ipc.ShortcutRelaunch:
		s.relaunchByUser()
	case kind == ipc.TypeShortcut && name == ipc.ShortcutDevTools:
		s.ToggleDevTools()
	}
}
