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
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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
	closing := false
	setReason := func(reason string) {
		closeMu.Lock()
		defer closeMu.Unlock()
		if closeReason == "" {
			closeReason = reason
		}
	}
	terminate := func(reason string) {
		setReason(reason)
		closeMu.Lock()
		closing = true
		closeMu.Unlock()
		wv.Dispatch(wv.Terminate)
	}
	isClosing := func() bool {
		closeMu.Lock()
		defer closeMu.Unlock()
		return closing
	}

	lim := newLimits(spec)
	committed := false // GTK thread only
	fatal := func(kind, uri, reason string, tls bool) {
		send(ipc.Message{Type: ipc.TypeLoadFailed, URL: uri, Reason: reason, TLS: tls, Fatal: true, Kind: kind})
	}
	view, err := webkit.Attach(wv.Window(), webkit.Handlers{
		LoadFailed: func(uri, reason string, tls bool, _ uint, kind webkit.LoadFailKind) {
			switch {
			case kind == webkit.LoadFailCancelled:
				// Replaced by another navigation or stopped: not a failure.
				send(ipc.Message{Type: ipc.TypeLoadFailed, URL: uri, Reason: reason})
			case kind == webkit.LoadFailScheme && committed:
				// A link to a scheme WebKit cannot show, from a loaded portal:
				// the portal stays on screen.
				send(ipc.Message{Type: ipc.TypeLoadFailed, URL: uri, Reason: reason, Kind: ipc.LoadScheme})
			case kind == webkit.LoadFailScheme:
				fatal(ipc.LoadScheme, uri, reason, false)
			case kind == webkit.LoadFailTLS || tls:
				fatal(ipc.LoadTLS, uri, reason, true)
			default:
				fatal(ipc.LoadNetwork, uri, reason, false)
			}
		},
		Committed: func(uri string, status int) {
			committed = true
			send(ipc.Message{Type: ipc.TypeNavigated, URL: uri})
			if status >= 400 {
				fatal(ipc.LoadHTTP, uri, fmt.Sprintf("the main document answered HTTP %d %s", status, http.StatusText(status)), false)
			}
			fixSignals()
		},
		WebProcess: func(reason int) {
			if isClosing() {
				return
			}
			fatal(ipc.LoadWebProcess, "", "the web content process ended: "+webProcessReason(reason), false)
		},
		Decide: func(kind webkit.PolicyKind, uri string) bool {
			if kind == webkit.PolicyNewWindow {
				send(ipc.Message{Type: ipc.TypeError, URL: uri, Message: "the page tried to open a new window; the Mobile Plans app shows no pop-ups (contract §4), so it was blocked"})
				return true
			}
			return false
		},
		Message: func(size int, data func() string, isString bool) {
			if env, ok := lim.admit(size, data, isString); ok {
				if err := w.Send(stamp(ipc.Message{Type: ipc.TypeBridge, Envelope: env}, started)); errors.Is(err, ipc.ErrLineTooLong) {
					lim.oversize(len(env))
				}
			}
		},
		Dialog: func(kind webkit.DialogKind, message, uri string) {
			if lim.dialog() {
				send(ipc.Message{Type: ipc.TypeDialog, Dialog: &ipc.Dialog{Kind: kind.String(), Text: cut(message, ipc.MaxDialogText), Answer: kind.Answer(), URL: uri}})
			}
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
	// The shim posts every envelope to webview_go's "external" message
	// handler; the window takes those messages over (limits, no per-call
	// JavaScript answer) instead of binding a Go function through webview_go.
	view.ReplaceMessageHandler("external")
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

	// JavaScriptCore installs its handlers lazily: keep repairing them, on
	// the GTK thread only. From this goroutine's thread the repair raced
	// JavaScriptCore and deadlocked the window under a burst of calls
	// (issue 12 item 2; see webkit.FixSignalStacks). Also report what was
	// dropped, and watch the network process, which has no signal of its own.
	stopTicks := make(chan struct{})
	defer close(stopTicks)
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		helpers := newHelperWatch(os.Getpid(), "WebKitNetworkPr")
		for n := 0; ; n++ {
			select {
			case <-stopTicks:
				return
			case <-t.C:
				wv.Dispatch(fixSignals)
				if c, ok := lim.changed(); ok {
					send(ipc.Message{Type: ipc.TypeDropped, Dropped: &c})
				}
				for _, pid := range helpers.poll(n%4 == 0) {
					if !isClosing() {
						fatal(ipc.LoadNetworkProcess, "", fmt.Sprintf("the WebKit network process (pid %d) ended", pid), false)
					}
				}
			}
		}
	}()

	go func() {
		for {
			m, err := r.Next()
			if errors.Is(err, ipc.ErrLineTooLong) {
				continue
			}
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
				// Acknowledge at once, from this goroutine: the session's
				// timing ends here even if the page keeps the window busy.
				send(ipc.Message{Type: ipc.TypeClosing, Reason: m.Reason})
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
	closing = true
	closeMu.Unlock()
	if c, ok := lim.changed(); ok {
		send(ipc.Message{Type: ipc.TypeDropped, Dropped: &c})
	}
	send(ipc.Message{Type: ipc.TypeClosed, Reason: reason})
	return nil
}

// fixSignals repairs the signal handlers; run it on the GTK thread.
func fixSignals() { webkit.FixSignalStacks() }

func stamp(m ipc.Message, started time.Time) ipc.Message {
	m.MonoMs = float64(time.Since(started).Microseconds()) / 1000
	return m
}

// webProcessReason names WebKitWebProcessTerminationReason.
func webProcessReason(r int) string {
	switch r {
	case 0:
		return "it crashed"
	case 1:
		return "it exceeded the memory limit"
	case 2:
		return "it was terminated by the API"
	}
	return fmt.Sprintf("reason %d", r)
}

// cut keeps at most n bytes of s, on a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
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
