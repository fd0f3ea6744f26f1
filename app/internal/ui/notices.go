package ui

import (
	"strings"

	"mpsim/app/internal/ipc"
)

// onWindowNotice follows what the user did in the portal window besides
// the page's bridge calls (NoticeWindow), on the UI goroutine: closed
// WebKit's inspector with its own close button (the DevTools check is
// unticked, and nothing is sent back to the window, whose inspector is
// already closed), or pressed a host shortcut while the page had the
// keyboard: Ctrl+P (presenter mode on or off), Ctrl+R (Relaunch), F12
// (DevTools on or off), Ctrl+L (the log's search), Alt+Left (the app's
// back) or F6 (the keyboard back to the host's controls), as in the host
// window. Before, F12 and Ctrl+R did nothing there, nor Ctrl+L and
// Alt+Left in an embedded page, no key left it, and once the inspector was closed with its own
// close button it could not be opened again from the page (found by GUI
// QA).
func (s *HostScreen) onWindowNotice(kind, name string) {
	switch kind {
	case ipc.TypeInspectorClosed:
		on, _ := s.devTools.Get()
		if !on || s.devToolsCheck == nil {
			return
		}
		s.devToolsFollow = true
		s.devToolsCheck.SetChecked(false)
		s.devToolsFollow = false
		s.status.SetText("DevTools off: the WebKit inspector was closed in the portal window; the next portal windows open without it.")
	case ipc.TypeShortcut:
		s.onPageShortcut(name)
	}
}

// onPageShortcut does what the host shortcut name (an ipc.Shortcut*)
// pressed in the page asks; an unknown one does nothing.
func (s *HostScreen) onPageShortcut(name string) {
	switch name {
	case ipc.ShortcutPresenter:
		s.togglePresenter()
	case ipc.ShortcutRelaunch:
		s.relaunchByUser()
	case ipc.ShortcutDevTools:
		s.ToggleDevTools()
	case ipc.ShortcutLogSearch:
		if c := s.pane.hostCanvas(); c != nil {
			s.FocusLogSearch(c)
		}
	case ipc.ShortcutBack:
		if s.pane.state == paneRunning {
			s.PortalBack()
		}
	case ipc.ShortcutHostFocus:
		s.KeyboardToHost()
	case ipc.ShortcutKeysHelp:
		if c := s.pane.hostCanvas(); c != nil {
			s.ShowKeys(c)
		}
	case ipc.ShortcutTabNext, ipc.ShortcutTabPrev:
		if c := s.pane.hostCanvas(); c != nil {
			s.StepTab(c, map[string]int{ipc.ShortcutTabNext: 1, ipc.ShortcutTabPrev: -1}[name])
		}
	default:
		s.pageTabKey(name)
	}
}

// pageTabKey brings to the front the tab of Alt+1 … Alt+9 pressed in the
// embedded page ("tab3"), as the keys do in the host: the keyboard then
// leaves the page for the tab's first control.
func (s *HostScreen) pageTabKey(name string) {
	n, ok := strings.CutPrefix(name, ipc.ShortcutTab)
	if !ok || len(n) != 1 || n < "1" || n > "9" {
		return
	}
	if c := s.pane.hostCanvas(); c != nil {
		s.SwitchTab(c, tabKeys[n[0]-'1'])
	}
}
