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

	mu   sync.Mutex
	last session.Window
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
	p.mu.Unlock()
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
