package hostwin

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// fyneNative is the host's real window as the portal pane needs it: its
// X11 id (ui.NativeWindow). The id exists once the window is shown; a
// Wayland-native build has none, and the portal opens in a window of its
// own (docs/portability.md).
type fyneNative struct {
	w fyne.Window

	mu  sync.Mutex
	xid uint64
}

// X11Window implements ui.NativeWindow.
func (n *fyneNative) X11Window() uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.xid != 0 {
		return n.xid
	}
	nw, ok := n.w.(driver.NativeWindow)
	if !ok {
		return 0
	}
	nw.RunNative(func(ctx any) {
		if c, ok := ctx.(driver.X11WindowContext); ok {
			n.xid = uint64(c.WindowHandle)
		}
	})
	return n.xid
}

// whenShown calls ready on the UI goroutine once the window has its X11 id,
// or after two seconds without one.
func (n *fyneNative) whenShown(ready func()) {
	go func() {
		for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if n.X11Window() != 0 {
				break
			}
		}
		fyne.Do(ready)
	}()
}
