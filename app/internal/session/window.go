// Package session runs one portal session the way the Mobile Plans app does:
// it opens the portal window on the launch URL, receives every bridge call
// from the page, checks where it came from, decodes and validates hand-backs,
// returns control (closes the window) when the portal hands back, and writes
// a report with a verdict.
//
// The session talks to the real window only through the Window and Opener
// interfaces, in the session's own types; the wire protocol to the window
// process (package ipc) stays in package portalproc. Tests drive the session
// with the in-memory fake of package sessiontest.
package session

import (
	"context"
	"time"

	"mpsim/app/internal/inspect"
)

// TrustedCert is a certificate the portal window accepts for the hosts it
// names (a local portal's self-signed certificate, pinned).
type TrustedCert struct {
	PEM   string
	Hosts []string
}

// WindowSpec is what a session asks the window to open and how.
type WindowSpec struct {
	URL       string
	Languages []string
	// Headers are sent with the first request only (contract §1.4).
	Headers     map[string]string
	Certs       []TrustedCert
	InitScript  string
	BindingName string
	Title       string
	Width       int
	Height      int
	X, Y        int
	Debug       bool
	// Accelerated turns WebKit's GL compositing on.
	Accelerated bool
	// Token is the shim's envelope token; the window gives messages that
	// carry it their own budget (the session still checks every one).
	Token string
	// HandBackAPIs are the APIs whose calls the window gives a budget of
	// their own (bridge.PriorityAPIs: hand-backs and inline calls).
	HandBackAPIs []string
	// MaxMessageBytes is the largest page message the window forwards.
	MaxMessageBytes int
	// Inspect records the portal itself (console, network, navigations);
	// ScreenshotDir is where the window saves its snapshots (none when
	// empty); DevTools opens WebKit's inspector with the window.
	Inspect       bool
	ScreenshotDir string
	DevTools      bool
	// NoAxe leaves axe-core out of the DOM probes.
	NoAxe bool
	// Steps says the session performs scenario steps: the window then
	// puts the steps' frame agent in every frame, so that they reach
	// cross-origin frames.
	Steps bool
	// WalledGarden, when not empty, are the only hosts the window may load
	// from (contract §7); the rest is blocked.
	WalledGarden []string
	// Embed puts the portal inside the host's window instead of a window
	// of its own; nil keeps the separate window.
	Embed *Embed
}

// Rect is a rectangle in pixels of the host window.
type Rect struct {
	X, Y, Width, Height int
}

// Embed says where in the host's window the portal lives (issue 18).
type Embed struct {
	// Parent is the host window's X11 id.
	Parent uint64
	// Rect is where the portal starts, in the host window's pixels.
	Rect Rect
	// Scale is the host's scale factor (the page zoom follows it).
	Scale float64
	// Attach, when set, is called once the window process started, with
	// the controls of the embedded window (the host's portal pane keeps it
	// for the session).
	Attach func(Embedded)
}

// Embedded controls a portal window that lives inside the host's window.
type Embedded interface {
	// SetRect moves and resizes the portal (off the window to park it).
	SetRect(Rect) error
	// Focus gives the keyboard to the portal, or back to the host.
	Focus(portal bool) error
	// Back walks the portal's history one page back, as the app's back
	// button does; it reports false when the portal was at its first page.
	Back(ctx context.Context) (bool, error)
}

// WindowEventType says what happened in the portal window.
type WindowEventType string

// The window events.
const (
	WindowReady      WindowEventType = "ready"      // the window exists; navigation starts
	WindowNavigated  WindowEventType = "navigated"  // a top-level navigation committed (URL)
	WindowLoadFailed WindowEventType = "loadFailed" // a load failed (URL, Reason, TLS)
	WindowBridge     WindowEventType = "bridgeCall" // one raw bridge envelope from the page (Envelope)
	WindowClosed     WindowEventType = "closed"     // the window closed (Reason)
	WindowError      WindowEventType = "error"      // a problem that did not end the window (Message)
	WindowDropped    WindowEventType = "dropped"    // page messages the window refused (Dropped, totals)
	WindowDialog     WindowEventType = "dialog"     // a JavaScript dialog the window answered (Dialog)
	WindowClosing    WindowEventType = "closing"    // the window received the close request
	WindowConsole    WindowEventType = "console"    // a console message or uncaught error (Console)
	WindowRequest    WindowEventType = "request"    // a network request ended (Request)
	WindowNavigation WindowEventType = "navigation" // a navigation, pop-up, download, custom scheme (Navigation)
	WindowScreenshot WindowEventType = "screenshot" // a snapshot of the view was saved (Screenshot)
	WindowProbe      WindowEventType = "probe"      // what the page's DOM showed (Probe)
	// WindowResponsiveness: the page's main thread stopped answering
	// (Reason PageUnresponsive: a script busy in a loop) or answers again
	// (Reason PageResponsive).
	WindowResponsiveness WindowEventType = "responsiveness"
	// WindowNavDecided: WebKit asked whether the page may navigate to
	// URL and the window let it (scenario steps only); its load starts
	// later, up to hundreds of ms on a busy machine.
	WindowNavDecided WindowEventType = "navDecided"
)

// NavDecidedFrame is the Reason of a WindowNavDecided event that says the
// navigations let go before it all started as frames' document loads:
// none will start a top-level load.
const NavDecidedFrame = "frame"

// The Reasons of WindowResponsiveness.
const (
	PageUnresponsive = "unresponsive"
	PageResponsive   = "responsive"
)

// Kinds of load failures (Event.Kind of WindowLoadFailed): of fatal ones,
// and of LoadScheme and LoadNotShown also ones that leave the portal on
// its page.
const (
	LoadNetwork        = "network"
	LoadTLS            = "tls"
	LoadScheme         = "scheme"
	LoadHTTP           = "http"
	LoadWebProcess     = "webProcess"
	LoadNetworkProcess = "networkProcess"
	// LoadWalledGarden: the walled garden refused a top-frame load; the
	// event's URL is the one refused (a link's, or a redirect's target,
	// which WebKit's own error does not name).
	LoadWalledGarden = "walledGarden"
	// LoadNotShown: a later top-frame document WebKit did not show (a
	// Content-Type it cannot display, a download, a 204); Reason says
	// why, and the portal stayed on its page. Never fatal.
	LoadNotShown = "notShown"
)

// DropCounts are the page messages the window refused, as totals since it
// opened (see ipc.DropCounts).
type DropCounts struct {
	Oversize, Largest, Flood, FloodUntrusted, PerSecond, Dialogs, Malformed, MaxBytes int
	// Hand-backs and inline calls, and the shim's host events, over their
	// own budgets.
	FloodControl, FloodEvents, ControlPerSecond, EventsPerSecond int
	// Inspection records over the window's caps.
	Console, Requests, Navigations int
}

// Dialog is a JavaScript dialog the window answered without showing it.
type Dialog struct {
	Kind, Text, Answer, URL string
}

// CloseReason says why a window closed.
type CloseReason string

// The close reasons.
const (
	CloseUser      CloseReason = "user"      // the user closed the window
	CloseRequested CloseReason = "requested" // the session asked
	CloseHandBack  CloseReason = "handBack"  // the portal returned control to the app
)

// Event is one thing the portal window reports, stamped on arrival.
type Event struct {
	Type     WindowEventType
	URL      string
	Reason   string
	TLS      bool
	Envelope string
	Message  string
	// Fatal (WindowLoadFailed) says the portal cannot be shown: the session
	// ends at once. Kind is one of the Load* constants.
	Fatal bool
	Kind  string
	// MIME (WindowNavigated) is the MIME type WebKit took the committed
	// document for, "" when unknown.
	MIME    string
	Dropped *DropCounts
	Dialog  *Dialog
	// The records of the portal itself, one per event of the matching type.
	Console    *inspect.ConsoleMessage
	Request    *inspect.Request
	Navigation *inspect.Navigation
	Screenshot *inspect.Screenshot
	Probe      *inspect.Probe
	At         time.Time
}

// Window is an open portal window.
type Window interface {
	// Events delivers the window's events; it is closed once the window
	// (and its process) is gone. The last event before that is WindowClosed.
	Events() <-chan Event
	// Eval runs JavaScript in the page (call-backs into the portal).
	Eval(js string) error
	// Progress shows the app's own progress panel over the portal (the
	// download popup of contract §3 F3) or hides it when visible is false.
	// fraction is 0..1, or negative for an indeterminate bar.
	Progress(text string, fraction float64, visible bool) error
	// Snapshot asks for a screenshot of the view labelled label; it
	// arrives as a WindowScreenshot event (none when screenshots are off).
	Snapshot(label string) error
	// Probe asks the window to read the page's DOM for the policy audit;
	// it arrives as a WindowProbe event (none when inspection is off).
	Probe(label string) error
	// Step runs body, the body of an async JavaScript function returning a
	// string, in an isolated world of the page (the page shares the DOM
	// but cannot see the script) and returns that string; it fails when
	// the script threw, the window is gone or ctx ended first.
	Step(ctx context.Context, body string) (string, error)
	// Close asks the window to close for reason and makes sure it goes away
	// even if it does not answer.
	Close(reason CloseReason) error
}

// Opener opens portal windows.
type Opener interface {
	Open(ctx context.Context, spec WindowSpec) (Window, error)
}
