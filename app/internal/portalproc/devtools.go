package portalproc

import "mpsim/app/internal/ipc"

// DevTools opens WebKit's inspector beside the running portal window, or
// closes it when open is false: the host's DevTools check, ticked or
// unticked while the window runs (a window opened with
// session.WindowSpec.DevTools has it from the start). The window opens it
// once its page committed, when that has not happened yet.
func (w *window) DevTools(open bool) error {
	m := ipc.Message{Type: ipc.TypeDevTools}
	if !open {
		m.Reason = ipc.DevToolsClose
	}
	return w.in.Send(m)
}
