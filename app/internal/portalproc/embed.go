package portalproc

import (
	"context"
	"errors"
	"fmt"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/session"
)

var _ session.Embedded = (*window)(nil)

// errBackBusy is returned when too many back requests wait for an answer.
var errBackBusy = errors.New("portal window: too many back requests pending")

// SetRect implements session.Embedded: it moves and resizes the portal
// inside the host's window.
func (w *window) SetRect(r session.Rect) error {
	return w.in.Send(ipc.Message{Type: ipc.TypeRect, Rect: &ipc.Rect{X: r.X, Y: r.Y, Width: r.Width, Height: r.Height}})
}

// Focus implements session.Embedded.
func (w *window) Focus(portal bool) error {
	target := ipc.FocusHost
	if portal {
		target = ipc.FocusPortal
	}
	return w.in.Send(ipc.Message{Type: ipc.TypeFocus, Reason: target})
}

// Back implements session.Embedded: it asks the child to go back one page
// and waits for its answer (or ctx, or the end of the window).
func (w *window) Back(ctx context.Context) (bool, error) {
	answer := make(chan bool, 1)
	select {
	case w.backs <- answer:
	default:
		return false, errBackBusy
	}
	if err := w.in.Send(ipc.Message{Type: ipc.TypeBack}); err != nil {
		return false, err
	}
	select {
	case ok := <-answer:
		return ok, nil
	case <-ctx.Done():
		return false, fmt.Errorf("portal window: back: %w", ctx.Err())
	case <-w.exited:
		return false, errors.New("portal window: back: the window is gone")
	}
}

// answerBack hands the child's answer to the oldest waiting Back call.
func (w *window) answerBack(ok bool) {
	select {
	case a := <-w.backs:
		a <- ok
	default:
	}
}

// embedSpec is the wire form of e (nil stays nil).
func embedSpec(e *session.Embed) *ipc.Embed {
	if e == nil {
		return nil
	}
	return &ipc.Embed{Parent: e.Parent, Rect: ipc.Rect{X: e.Rect.X, Y: e.Rect.Y, Width: e.Rect.Width, Height: e.Rect.Height}, Scale: e.Scale}
}
