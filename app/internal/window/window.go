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
	first, err := r.Next()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoStart, err)
	}
	if first.Type != ipc.TypeStart || first.Start == nil {
		return fmt.Errorf("%w: got %q first", ErrNoStart, first.Type)
	}
	spec := *first.Start
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

	var closeMu sync.Mutex
	closeReason := ""
	setReason := func(reason string) {
		closeMu.Lock()
		defer closeMu.Unlock()
		if closeReason == "" {
			closeReason = reason
		}
	}
	terminate := func(reason string) {
		setReason(reason)
		wv.Dispatch(wv.Terminate)
	}

	view, err := webkit.Attach(wv.Window(), webkit.Handlers{
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
	})
	if err != nil {
		return fmt.Errorf("portal window: %w", err)
	}
	defer view.Detach()

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
	title := spec.Title
	if title == "" {
		title = "Mobile Plans — portal"
	}
	wv.SetTitle(title)
	width, height := spec.Width, spec.Height
	if width <= 0 || height <= 0 {
		width, height = 800, 600 // contract §1.6: default frame 800x600
	}
	wv.SetSize(width, height, webview.HintNone)
	if spec.X != 0 || spec.Y != 0 {
		view.Move(spec.X, spec.Y)
	}

	// JavaScriptCore installs its handlers lazily: keep repairing them.
	stopFix := make(chan struct{})
	defer close(stopFix)
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopFix:
				return
			case <-t.C:
				webkit.FixSignalStacks()
			}
		}
	}()

	go func() {
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
	}()

	if len(spec.Headers) > 0 {
		view.Load(spec.URL, spec.Headers)
	} else {
		wv.Navigate(spec.URL)
	}
	send(ipc.Message{Type: ipc.TypeReady, URL: spec.URL})
	wv.Run()
	setReason(ipc.ReasonUser)
	closeMu.Lock()
	reason := closeReason
	closeMu.Unlock()
	send(ipc.Message{Type: ipc.TypeClosed, Reason: reason})
	return nil
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
