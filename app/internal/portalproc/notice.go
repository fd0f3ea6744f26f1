package portalproc

import (
	"sync"

	"mpsim/app/internal/ipc"
)

// notices hands the window's notices to the host: what the user did in
// the window process outside the page's bridge (closed WebKit's inspector,
// pressed a host shortcut with the page focused). They are no session
// events: the session neither records nor waits for them.
type notices struct {
	mu sync.Mutex
	f  func(kind, name string)
}

// isNotice says whether m is a notice rather than a session event.
func isNotice(m ipc.Message) bool {
	return m.Type == ipc.TypeInspectorClosed || m.Type == ipc.TypeShortcut
}

// deliver hands m to the host's function, if there is one yet.
func (n *notices) deliver(m ipc.Message) {
	n.mu.Lock()
	f := n.f
	n.mu.Unlock()
	if f != nil {
		f(m.Type, m.Reason)
	}
}

// OnNotice has f called, on the window's reading goroutine, with each
// notice of the window: kind ipc.TypeInspectorClosed when the user closed
// WebKit's inspector, ipc.TypeShortcut with the shortcut's name (an
// ipc.Shortcut* name) when the user pressed a host shortcut while the page
// had the keyboard. nil stops them.
func (w *window) OnNotice(f func(kind, name string)) {
	w.notices.mu.Lock()
	w.notices.f = f
	w.notices.mu.Unlock()
}
