package window

import (
	"strings"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// onShortcut forwards a host shortcut pressed in the page to the host
// window and says whether it did: only the host window (a portal embedded
// in it, or transient for it) listens for them; in a window of mpsim run
// or mpsim test the page keeps its keys. The keys about the host's pane
// (Alt+Left, F6: paneShortcut) go to the host only from an embedded
// portal: a window of its own keeps WebKit's Alt+Left.
func (p *portal) onShortcut(name string) bool {
	reason := ipcShortcut(name)
	if reason == "" || !p.hostKeys || (paneShortcut(reason) && !p.embedded) {
		return false
	}
	p.send(ipc.Message{Type: ipc.TypeShortcut, Reason: reason})
	return true
}

// forHostWindow says whether spec's portal is the host window's, which
// listens for the host shortcuts pressed in the page: embedded in it, or
// a window of its own transient for it.
func forHostWindow(spec ipc.StartSpec) bool {
	return spec.Embed != nil || spec.TransientFor != 0
}

// paneShortcut says whether the ipc shortcut reason is about the host's
// portal pane, so only an embedded portal forwards it.
func paneShortcut(reason string) bool {
	switch reason {
	case ipc.ShortcutBack, ipc.ShortcutHostFocus, ipc.ShortcutTabNext, ipc.ShortcutTabPrev:
		return true
	}
	return strings.HasPrefix(reason, ipc.ShortcutTab)
}

// ipcShortcut is the ipc.Shortcut* name of a webkit.Shortcut* name, ""
// for none.
func ipcShortcut(name string) string {
	switch name {
	case webkit.ShortcutPresenter:
		return ipc.ShortcutPresenter
	case webkit.ShortcutRelaunch:
		return ipc.ShortcutRelaunch
	case webkit.ShortcutDevTools:
		return ipc.ShortcutDevTools
	case webkit.ShortcutLogSearch:
		return ipc.ShortcutLogSearch
	case webkit.ShortcutBack:
		return ipc.ShortcutBack
	case webkit.ShortcutHostFocus:
		return ipc.ShortcutHostFocus
	case webkit.ShortcutTabNext:
		return ipc.ShortcutTabNext
	case webkit.ShortcutTabPrev:
		return ipc.ShortcutTabPrev
	case webkit.ShortcutKeysHelp:
		return ipc.ShortcutKeysHelp
	}
	if n, ok := strings.CutPrefix(name, webkit.ShortcutTab); ok && len(n) == 1 && n >= "1" && n <= "9" {
		return ipc.ShortcutTab + n
	}
	return ""
}
