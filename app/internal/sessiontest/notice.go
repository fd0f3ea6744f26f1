package sessiontest

// OnNotice keeps f, which Notify calls: portalproc's windows call it with
// their notices (the user closed WebKit's inspector, pressed a host
// shortcut in the page).
func (w *FakeWindow) OnNotice(f func(kind, name string)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.notice = f
}

// Notify plays a notice of the window process (kind an ipc.Type* of a
// notice, name its detail), as portalproc hands it to the host; it reports
// false when no one listens.
func (w *FakeWindow) Notify(kind, name string) bool {
	w.mu.Lock()
	f := w.notice
	w.mu.Unlock()
	if f == nil {
		return false
	}
	f(kind, name)
	return true
}
