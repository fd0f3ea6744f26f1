// Package window is the child side of the portal window: the `mpsim portal`
// process. It hosts one webview_go window, sets WebKit up the way the Mobile
// Plans app would (through package webkit), injects the bridge shim it is
// given, forwards every bridge envelope and load event to the parent as JSON
// lines, and runs the parent's eval and close requests.
//
// It is the only package (with webkit) that imports webview_go. GTK must stay
// on the OS thread that started it, so Run must be called from the main
// goroutine of a process whose main thread is locked (see app/main.go).
package window

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	webview "github.com/webview/webview_go"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/webkit"
)

// ErrNoStart is returned when stdin ends before the start message arrives.
var ErrNoStart = errors.New("portal window: no start message on stdin")

// Run reads the start message from in, opens the window, and serves until
// the window closes, the parent asks it to, or in ends. It writes protocol
// messages to out. It returns an error only when the window could not open.
func Run(in io.Reader, out io.Writer) error {
	started := time.Now()
	w := ipc.NewWriter(out)
	send := func(m ipc.Message) {
		m.MonoMs = float64(time.Since(started).Microseconds()) / 1000
		_ = w.Send(m) // the parent is gone if this fails; nothing else to do
	}
	r := ipc.NewReader(in)
	spec, err := readStart(r)
	if err != nil {
		return err
	}
	if err := webkit.CheckDisplay(); err != nil {
		send(ipc.Message{Type: ipc.TypeError, Message: err.Error()})
		return err
	}

	wv := webview.New(spec.Debug)
	if wv == nil {
		return errors.New("portal window: webview could not be created")
	}
	defer wv.Destroy()
	webkit.FixSignalStacks()
	c := &closer{wv: wv}

	view, err := webkit.Attach(wv.Window(), handlers(send))
	if err != nil {
		return fmt.Errorf("portal window: %w", err)
	}
	defer view.Detach()
	if err := configure(wv, view, spec, send); err != nil {
		return err
	}

	// JavaScriptCore installs its handlers lazily: keep repairing them.
	stopFix := make(chan struct{})
	defer close(stopFix)
	go keepFixingSignalStacks(stopFix)
	go serveParent(r, wv, view, send, c.terminate)

	if len(spec.Headers) > 0 {
		view.Load(spec.URL, spec.Headers)
	} else {
		wv.Navigate(spec.URL)
	}
	send(ipc.Message{Type: ipc.TypeReady, URL: spec.URL})
	wv.Run()
	c.setReason(ipc.ReasonUser)
	send(ipc.Message{Type: ipc.TypeClosed, Reason: c.reason()})
	return nil
}

// readStart reads the start message, which must come first.
func readStart(r *ipc.Reader) (ipc.StartSpec, error) {
	first, err := r.Next()
	if err != nil {
		return ipc.StartSpec{}, fmt.Errorf("%w: %v", ErrNoStart, err)
	}
	if first.Type != ipc.TypeStart || first.Start == nil {
		return ipc.StartSpec{}, fmt.Errorf("%w: got %q first", ErrNoStart, first.Type)
	}
	return *first.Start, nil
}

// closer remembers why the window closes: the first reason given wins.
type closer struct {
	wv  webview.WebView
	mu  sync.Mutex
	why string
}

// setReason records reason unless one is recorded already.
func (c *closer) setReason(reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.why == "" {
		c.why = reason
	}
}

// reason returns the recorded reason.
func (c *closer) reason() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.why
}

// terminate records reason and ends the window's main loop.
func (c *closer) terminate(reason string) {
	c.setReason(reason)
	c.wv.Dispatch(c.wv.Terminate)
}

// handlers forwards WebKit's load events to the parent and blocks new
// windows, which the Mobile Plans app never opens.
func handlers(send func(ipc.Message)) webkit.Handlers {
	return webkit.Handlers{
		LoadFailed: func(uri, reason string, tls bool, _ uint) {
			send(ipc.Message{Type: ipc.TypeLoadFailed, URL: uri, Reason: reason, TLS: tls})
		},
		Committed: func(uri string) {
			send(ipc.Message{Type: ipc.TypeNavigated, URL: uri})
			webkit.FixSignalStacks()
		},
		WebProcess: func(reason int) {
			send(ipc.Message{Type: ipc.TypeLoadFailed, Reason: fmt.Sprintf("the web content process ended (reason %d)", reason)})
		},
		Decide: func(kind webkit.PolicyKind, uri string) bool {
			if kind == webkit.PolicyNewWindow {
				send(ipc.Message{Type: ipc.TypeError, URL: uri, Message: "the page tried to open a new window; the Mobile Plans app shows no pop-ups (contract §4), so it was blocked"})
				return true
			}
			return false
		},
	}
}

// configure sets the window up as the start message asks: WebKit settings,
// pinned certificates, the bridge binding and shim, title, size and place.
func configure(wv webview.WebView, view *webkit.View, spec ipc.StartSpec, send func(ipc.Message)) error {
	view.AddProgressOverlay()
	view.SetLanguages(spec.Languages)
	view.SetHardwareAcceleration(spec.Accelerated)
	if spec.UserAgentSuffix != "" {
		view.AppendUserAgent(spec.UserAgentSuffix)
	}
	for _, c := range spec.Certs {
		for _, h := range c.Hosts {
			if err := view.AllowCertificate(c.PEM, hostForPin(h)); err != nil {
				send(ipc.Message{Type: ipc.TypeError, Message: err.Error()})
			}
		}
	}
	if spec.BindingName != "" {
		err := wv.Bind(spec.BindingName, func(envelope string) {
			send(ipc.Message{Type: ipc.TypeBridge, Envelope: envelope})
		})
		if err != nil {
			return fmt.Errorf("portal window: bind %s: %w", spec.BindingName, err)
		}
	}
	if spec.InitScript != "" {
		wv.Init(spec.InitScript)
	}
	wv.SetTitle(firstNonEmpty(spec.Title, "Mobile Plans — portal"))
	width, height := spec.Width, spec.Height
	if width <= 0 || height <= 0 {
		width, height = 800, 600 // contract §1.6: default frame 800x600
	}
	wv.SetSize(width, height, webview.HintNone)
	if spec.X != 0 || spec.Y != 0 {
		view.Move(spec.X, spec.Y)
	}
	return nil
}

// keepFixingSignalStacks repairs JavaScriptCore's signal handlers every
// 250 ms until stop is closed.
func keepFixingSignalStacks(stop <-chan struct{}) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			webkit.FixSignalStacks()
		}
	}
}

// serveParent runs the parent's eval, progress and close requests until
// the parent asks to close or stdin ends.
func serveParent(r *ipc.Reader, wv webview.WebView, view *webkit.View, send func(ipc.Message), terminate func(string)) {
	for {
		m, err := r.Next()
		if err != nil {
			terminate(ipc.ReasonStdin)
			return
		}
		switch m.Type {
		case ipc.TypeEval:
			js, seq := m.JS, m.Seq
			wv.Dispatch(func() {
				wv.Eval(js)
				send(ipc.Message{Type: ipc.TypeEvalResult, Seq: seq})
			})
		case ipc.TypeProgress:
			text, fraction, visible := m.Message, m.Fraction, m.Visible
			wv.Dispatch(func() { view.SetProgress(text, fraction, visible) })
		case ipc.TypeClose:
			terminate(firstNonEmpty(m.Reason, ipc.ReasonRequested))
			return
		}
	}
}

// hostForPin strips IPv6 brackets: WebKit matches the bare address.
func hostForPin(h string) string {
	return strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
