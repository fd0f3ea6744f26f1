package window

import (
	"time"
	"unsafe"

	webview "github.com/webview/webview_go"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// preloadedView is a portal view a warm process made before its start, with
// WebKit's web process started: the start then only configures it and
// navigates (issue 15: making the view and starting the process took 0.7 s
// of Open portal → first paint on a 2-core machine). It waits embedded
// (unmapped) in the host window parent, or, with parent 0, in a top-level
// window that is not mapped yet (the host's portal in a window of its own,
// and `mpsim test`, which starts each cell's window while the cell before
// it runs). The process is started by running a script in the view's
// initial empty document, not by loading a page, so the portal's history
// starts with the portal (history.length 1), as in the real app.
type preloadedView struct {
	wv     webview.WebView
	parent uint64
	// window is the top-level window made for the view (parent 0), which
	// webview_go leaves to its maker to destroy.
	window unsafe.Pointer
}

// preloadRect is where a preloaded view waits, unmapped, until the start
// says where the portal goes.
var preloadRect = ipc.Rect{Width: 800, Height: 600}

// preload makes the view of a warm process: embedded in the X11 window
// parent, or in a top-level window of its own when parent is 0. It returns
// nil when the view could not be made (the start then makes one and
// reports why). On the GTK thread, after prepare.
func preload(parent uint64) *preloadedView {
	var (
		wv     webview.WebView
		window unsafe.Pointer
	)
	if parent == 0 {
		if webkit.CheckDisplay() != nil {
			return nil
		}
		window = webkit.NewTopLevelWindow()
		wv = webview.NewWindow(false, window)
	} else {
		v, err := newWebView(ipc.StartSpec{Embed: &ipc.Embed{Parent: parent, Rect: preloadRect}})
		if err != nil {
			return nil
		}
		wv = v
	}
	if wv == nil {
		if window != nil {
			webkit.DestroyTopLevel(window)
		}
		return nil
	}
	webkit.FixSignalStacks()
	wv.Eval("void 0") // starts the web process, with no page in the history
	webkit.WarmNetwork(wv.Window())
	return &preloadedView{wv: wv, parent: parent, window: window}
}

// destroy destroys the view and the window made for it; on the GTK thread.
func (v *preloadedView) destroy() {
	v.wv.Destroy()
	if v.window != nil {
		webkit.DestroyTopLevel(v.window)
	}
}

// suits reports whether the preloaded view can be the portal of spec: an
// embedded portal in the same host window, or a window of its own for a
// top-level view; without DevTools (webview_go sets those up when it makes
// the view).
func (v *preloadedView) suits(spec ipc.StartSpec) bool {
	if spec.Debug {
		return false
	}
	if spec.Embed == nil {
		return v.parent == 0
	}
	return spec.Embed.Parent == v.parent
}

// runPreloaded runs the GTK loop (which WebKit's processes need to start)
// while the process waits for its start, then begins the session in it:
// in the preloaded view when it suits the start, else in a new one.
func (p *portal) runPreloaded(box *inbox, pre *preloadedView) error {
	defer pre.destroy()
	var (
		cleanup = func() {}
		failed  error
		began   bool
	)
	go func() {
		spec, err := p.startOf(box)
		pre.wv.Dispatch(func() {
			if err == nil {
				cleanup, err = p.beginIn(box, pre, spec)
			}
			if err != nil {
				failed = err
				webkit.Quit()
				return
			}
			began = true
		})
	}()
	pre.wv.Run()
	p.endLoop()
	if !began {
		return failed
	}
	p.finish() // as in Run: the last records and closed, then the clean-up
	cleanup()
	if p.wv != pre.wv {
		p.wv.Destroy()
	}
	return nil
}

// beginIn begins the session of spec in the preloaded view, or in a new
// view when it does not suit spec; on the GTK thread, in the loop.
func (p *portal) beginIn(box *inbox, pre *preloadedView, spec ipc.StartSpec) (func(), error) {
	p.started = time.Now() // stamps count from the start, as in Run
	if pre.suits(spec) {
		p.wv = pre.wv
		return p.begin(box, spec, true)
	}
	if err := p.openView(spec); err != nil {
		return nil, err
	}
	cleanup, err := p.begin(box, spec, false)
	if err != nil {
		p.wv.Destroy()
	}
	return cleanup, err
}
