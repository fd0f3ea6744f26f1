// Package session runs one portal session the way the Mobile Plans app does:
// it opens the portal window on the launch URL, receives every bridge call
// from the page, checks where it came from, decodes and validates hand-backs,
// returns control (closes the window) when the portal hands back, and writes
// a report with a verdict.
//
// The session talks to the real window only through the Window and Opener
// interfaces, so tests drive it with the in-memory Fake.
package session

import (
	"context"
	"time"

	"mpsim/app/internal/ipc"
)

// Event is one message from the portal window, stamped on arrival.
type Event struct {
	ipc.Message
	At time.Time
}

// Window is an open portal window.
type Window interface {
	// Events delivers the window's messages; it is closed once the window
	// (and its process) is gone. The last event before that is TypeClosed.
	Events() <-chan Event
	// Eval runs JavaScript in the page (call-backs into the portal).
	Eval(js string) error
	// Progress shows the app's own progress panel over the portal (the
	// download popup of contract §3 F3) or hides it when visible is false.
	// fraction is 0..1, or negative for an indeterminate bar.
	Progress(text string, fraction float64, visible bool) error
	// Close asks the window to close with the given ipc close reason and
	// makes sure it goes away even if it does not answer.
	Close(reason string) error
}

// Opener opens portal windows.
type Opener interface {
	Open(ctx context.Context, spec ipc.StartSpec) (Window, error)
}
