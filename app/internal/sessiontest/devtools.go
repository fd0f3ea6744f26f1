package sessiontest

// DevTools records a request to open (or close) the window's inspector
// while it runs, as the host's DevTools check sends it (portalproc's
// windows send ipc.TypeDevTools).
func (w *FakeWindow) DevTools(open bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.devTools = append(w.devTools, open)
	return nil
}

// DevToolsSent returns the DevTools requests so far, in order: true to
// open the inspector, false to close it.
func (w *FakeWindow) DevToolsSent() []bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]bool(nil), w.devTools...)
}
