package window

import (
	"errors"
	"fmt"

	webview "github.com/webview/webview_go"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// newWebView creates the webview: in a top-level window of its own, or,
// when spec.Embed is set, in a window reparented into the host's window
// before it is mapped (issue 18). Call it on the GTK thread before the
// display is checked; it checks it.
func newWebView(spec ipc.StartSpec) (webview.WebView, error) {
	if spec.Embed != nil {
		// Embedding needs X11 (XWayland under Wayland): the host's window
		// is an X11 window.
		webkit.UseX11()
	}
	if err := webkit.CheckDisplay(); err != nil {
		return nil, err
	}
	if spec.Embed == nil {
		return webview.New(spec.Debug), nil
	}
	r := spec.Embed.Rect
	win, err := webkit.NewEmbeddedWindow(spec.Embed.Parent, r.X, r.Y, r.Width, r.Height)
	if err != nil {
		return nil, err
	}
	return webview.NewWindow(spec.Debug, win), nil
}

// show finishes the window: an embedded one gets its hooks, zoom, and its
// first map (already inside the host's window, so no window manager sees
// it); a preloaded one of its own is mapped now, at its session's size
// (webview_go mapped the others when it made them).
func (p *portal) show(spec ipc.StartSpec, preloaded bool) {
	p.view.HealExposes()
	if spec.Embed == nil {
		if spec.TransientFor != 0 && !p.view.SetTransientFor(spec.TransientFor) {
			p.send(ipc.Message{Type: ipc.TypeError, Message: fmt.Sprintf("the portal window could not be made transient for the host window 0x%x", spec.TransientFor)})
		}
		if preloaded {
			p.view.ShowTopLevel()
		}
		return
	}
	p.view.EmbedHooks()
	if z := embedZoom(spec.Embed.Scale, p.view.ScaleFactor()); z != 1 {
		p.view.SetZoom(z)
	}
	p.view.Show()
}

// embedControl runs the host's requests about an embedded window (rect,
// focus, back) on the GTK thread; it reports whether m was one of them.
func (p *portal) embedControl(m ipc.Message) bool {
	switch m.Type {
	case ipc.TypeRect:
		if r := m.Rect; r != nil {
			x, y, w, h := r.X, r.Y, r.Width, r.Height
			p.dispatch(func() { p.view.SetRect(x, y, w, h) })
		}
	case ipc.TypeFocus:
		portal := m.Reason != ipc.FocusHost
		p.dispatch(func() { p.view.Focus(portal) })
	case ipc.TypeBack:
		p.dispatch(func() {
			p.send(ipc.Message{Type: ipc.TypeWentBack, OK: p.view.GoBack()})
		})
	default:
		return false
	}
	return true
}

// errNilWebView is returned when webview_go could not create its window.
var errNilWebView = errors.New("portal window: webview could not be created")

// embedZoom is the page zoom of an embedded portal: the page lays out in
// the host's units, hostScale device pixels each (Fyne's scale), while
// WebKit already draws each CSS pixel as gtkScale device pixels (GDK_SCALE).
// At GDK_SCALE=2 with the host at 1 the zoom is 0.5; without it the
// portal was twice its pane's size in a window twice as large (QA desk2).
func embedZoom(hostScale float64, gtkScale int) float64 {
	if hostScale <= 0 {
		hostScale = 1
	}
	return hostScale / float64(max(gtkScale, 1))
}
