package ui

import (
	"context"
	"fmt"
	"sync"

	"mpsim/app/internal/session"
)

// DevToolsWindow is a portal window whose WebKit inspector can be opened
// (or closed) while it runs; portalproc's windows are.
type DevToolsWindow interface {
	DevTools(open bool) error
}

// PortalWindows is a session.Opener that keeps the last portal window it
// opened, so that the host can reach the running window: the DevTools
// check opens the inspector beside it, or closes it. The host window's
// Workspace opens its windows through it (Deps.PortalWindows).
type PortalWindows struct {
	opener session.Opener

	mu     sync.Mutex
	last   session.Window
	notice func(kind, name string)
}

// NoticeWindow is a portal window that tells the host what the user did in
// it besides the page's bridge calls (portalproc's windows): closed WebKit's
// inspector (kind ipc.TypeInspectorClosed), pressed a host shortcut while
// the page had the keyboard (ipc.TypeShortcut, name one of ipc.Shortcut*).
type NoticeWindow interface {
	OnNotice(f func(kind, name string))
}

// OnNotice has f called with the notices of every window opened after it
// (NoticeWindow), on a goroutine of the window's.
func (p *PortalWindows) OnNotice(f func(kind, name string)) {
	p.mu.Lock()
	p.notice = f
	p.mu.Unlock()
}

// NewPortalWindows returns a PortalWindows opening its windows with opener.
func NewPortalWindows(opener session.Opener) *PortalWindows {
	return &PortalWindows{opener: opener}
}

// Open implements session.Opener: it opens the window with the opener and
// keeps it.
func (p *PortalWindows) Open(ctx context.Context, spec session.WindowSpec) (session.Window, error) {
	w, err := p.opener.Open(ctx, spec)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.last = w
	notice := p.notice
	p.mu.Unlock()
	if n, ok := w.(NoticeWindow); ok && notice != nil {
		n.OnNotice(notice)
	}
	return w, nil
}

// DevTools opens the inspector of the last window opened, or closes it;
// it reports false when there is no window or one whose inspector cannot
// be reached.
func (p *PortalWindows) DevTools(open bool) (bool, error) {
	p.mu.Lock()
	w := p.last
	p.mu.Unlock()
	d, ok := w.(DevToolsWindow)
	if !ok {
		return false, nil
	}
	if err := d.DevTools(open); err != nil {
		return true, fmt.Errorf("the portal window's inspector: %w", err)
	}
	return true, nil
}
