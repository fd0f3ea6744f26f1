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
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	webview "github.com/webview/webview_go"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/window/fontconf"
	"mpsim/app/internal/window/webkit"
	"mpsim/simulator/acceptlanguage"
)

// WarmReady is the text of the ready message of a window whose view and
// WebKit web process were made before its session (a warm process).
const WarmReady = "warm: the view and WebKit's web process were made before the session"

// ReusedReady is what the ready message of the nth session of a reused
// window process says of it (n > 1), after WarmReady when its view was made
// before the session.
func ReusedReady(n int) string {
	return fmt.Sprintf("session %d of this window process", n)
}

// AheadReady is what the ready message of a reused process's session adds
// after ReusedReady when its view was made while the session before it ran
// (see makeNext).
const AheadReady = "its view made while the session before ran"

// ErrNoStart is returned when stdin ends before the start message arrives.
var ErrNoStart = errors.New("portal window: no start message on stdin")

// RunStdio runs the window on the process's standard input and output, as
// mpsim starts it, after moving them where WebKit's own processes do not
// inherit them (ipc.TakeStdio).
func RunStdio() error {
	in, out, err := ipc.TakeStdio()
	if err != nil {
		return err
	}
	pruneFonts()
	return Run(in, out)
}

// pruneFonts gives this process and its WebKit processes the system's
// fontconfig configuration without the rules that cannot change a font
// (package fontconf): a page that names fonts the machine lacks paints
// sooner. Before GTK starts, as the environment is set; when it cannot, the
// system's configuration stays and standard error says why.
func pruneFonts() {
	dir, err := os.UserCacheDir()
	if err == nil {
		_, err = fontconf.Apply(filepath.Join(dir, "mpsim"))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mpsim-portal: fonts: keeping the system's fontconfig configuration:", err)
	}
}

// Run reads the start message from in, opens the window, and serves until
// the window closes, the parent asks it to, or in ends. It writes protocol
// messages to out. It returns an error only when the window could not open.
// A warm process (TypePrepare first) with Reuse serves one session after
// another, each in a view and WebKit context of its own (serveWarm).
func Run(in io.Reader, out io.Writer) error {
	box := newInbox(ipc.NewReader(in))
	w := ipc.NewWriter(out)
	defer endLink(out) // after the views are destroyed
	first, err := box.next()
	if err == nil && first.Type == ipc.TypePrepare {
		prepare(first.OK)
		reuse := first.Reuse && first.Parent == 0
		return serveWarm(box, w, first.Parent, reuse, reuse && first.Ahead)
	}
	spec, err := startOf(first, err)
	if err != nil {
		return err
	}
	p := &portal{started: time.Now(), w: w}
	return p.runFresh(box, spec)
}

// maxReuse bounds the sessions one window process serves: whatever WebKit
// or GTK keeps of a destroyed view is given back when the process exits.
const maxReuse = 50

// serveWarm serves the sessions of a warm process: each in a view made
// before its start (when one can be made), the next one only with reuse
// and while the parent sends starts. Between sessions the process keeps no
// view, no WebKit context and so no website data or pinned certificate;
// messages meant for the session that ended are dropped. With ahead each
// session makes the next one's view while it runs (makeNext).
func serveWarm(box *inbox, w *ipc.Writer, parent uint64, reuse, ahead bool) error {
	var (
		retired []int
		next    *preloadedView // made during the session before (see makeNext)
	)
	defer func() {
		if next != nil {
			next.destroy()
		}
	}()
	for n := 1; ; n++ {
		p := &portal{started: time.Now(), w: w, reuse: reuse && n < maxReuse, retired: retired, serial: n}
		p.makesNext = ahead && p.reuse
		pre := next
		next = nil
		p.ahead = pre != nil
		if pre == nil {
			pre = preload(parent)
		}
		var err error
		if pre != nil {
			err = p.runPreloaded(box, pre)
		} else {
			var spec ipc.StartSpec
			spec, err = p.startOf(box)
			if err == nil {
				p.started = time.Now()
				err = p.runFresh(box, spec)
			}
		}
		next = p.next
		if p.serial > 1 && errors.Is(err, ErrNoStart) {
			return nil // the parent wants no more sessions
		}
		if err != nil || !p.stayed {
			return err
		}
		retired = helperPIDs(os.Getpid(), networkProcessComm)
		if next != nil {
			// The next view's network process is its session's to watch:
			// only those alive before it was made are retired.
			retired = slices.DeleteFunc(retired, func(pid int) bool { return !slices.Contains(p.nextBefore, pid) })
		}
	}
}

// nextViewAfter is how long after its page committed a session of a reused
// process makes the view of the next session (makeNext): late enough not to
// compete with the page's own load, early enough for WebKit's processes to
// have started when the next start comes.
const nextViewAfter = 300 * time.Millisecond

// makeNextSoon has the view of the next session made nextViewAfter from
// now, once per session, when the parent asked for it (ipc.Message.Ahead).
func (p *portal) makeNextSoon() {
	if !p.makesNext || p.nextAsked {
		return
	}
	p.nextAsked = true
	time.AfterFunc(nextViewAfter, func() { p.dispatch(p.makeNext) })
}

// makeNext makes the view of the process's next session while this one
// runs, so that its WebKit web and network processes start in the time
// this session leaves idle rather than after its end (each cell of
// `mpsim test` waited 250–350 ms between its start and its first request
// for them). Each view still has a WebKit context of its own. On the GTK
// thread, in the session's loop; not once the session is closing.
func (p *portal) makeNext() {
	if p.next != nil || p.isClosing() {
		return
	}
	p.nextBefore = helperPIDs(os.Getpid(), networkProcessComm)
	p.next = preload(0)
}

// startOf reads the start of p's session: the first message of a process,
// or, in a reused one, the next start.
func (p *portal) startOf(box *inbox) (ipc.StartSpec, error) {
	if p.serial > 1 {
		return startOf(box.nextStart())
	}
	return startOf(box.next())
}

// runFresh opens the view of spec and runs its session to the end.
func (p *portal) runFresh(box *inbox, spec ipc.StartSpec) error {
	if err := p.openView(spec); err != nil {
		return err
	}
	defer p.wv.Destroy()
	cleanup, err := p.begin(box, spec, false)
	if err != nil {
		return err
	}
	defer cleanup()
	p.wv.Run()
	p.endLoop()
	p.finish()
	return nil
}

// openView makes the portal's web view for spec (p.wv); a failure to make
// it is reported to the parent.
func (p *portal) openView(spec ipc.StartSpec) error {
	wv, err := newWebView(spec)
	if err != nil {
		p.send(ipc.Message{Type: ipc.TypeError, Message: err.Error()})
		return err
	}
	if wv == nil {
		return errNilWebView
	}
	p.wv = wv
	return nil
}

// begin sets the portal's web view up for spec and starts its session:
// WebKit's hooks, inspection, the parent's messages, the first navigation.
// preloaded says the view was made (and WebKit's processes started) before
// the start: an embedded one then still has to go where spec puts it. On
// the GTK thread; cleanup undoes it once the GTK loop ended.
func (p *portal) begin(box *inbox, spec ipc.StartSpec, preloaded bool) (cleanup func(), err error) {
	webkit.FixSignalStacks()
	p.lim = newLimits(spec)
	view, err := webkit.Attach(p.wv.Window(), p.handlers())
	if err != nil {
		return nil, fmt.Errorf("portal window: %w", err)
	}
	p.view = view
	var undo []func()
	cleanup = func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	undo = append(undo, view.Detach)
	if preloaded && spec.Embed != nil {
		rc := spec.Embed.Rect
		view.SetRect(rc.X, rc.Y, rc.Width, rc.Height)
	}
	p.configure(spec)
	if err := p.addScripts(spec); err != nil {
		cleanup()
		return nil, fmt.Errorf("portal window: %w", err)
	}

	stop, ticked := make(chan struct{}), make(chan struct{})
	p.lookNow = make(chan struct{}, 1)
	p.helpers = newHelperWatch(os.Getpid(), networkProcessComm, p.retired)
	p.stopServing = sync.OnceFunc(func() {
		close(stop)
		<-ticked
	})
	undo = append(undo, p.stopServing)
	go func() {
		defer close(ticked)
		p.tick(stop)
	}()
	go p.serveParent(box, stop)

	navigate := func() {
		if len(spec.Headers) > 0 {
			view.Load(spec.URL, spec.Headers)
		} else {
			p.wv.Navigate(spec.URL)
		}
		if p.rec != nil {
			// What setting the window up left behind (GTK's and WebKit's
			// start, the fonts' configuration) is given back while the page
			// loads in the web process (issue 15: the tree's PSS).
			p.rec.shooter.release()
		}
	}
	if len(spec.WalledGarden) > 0 {
		// The filter compiles asynchronously: navigate once it is in
		// place, so that no load escapes it.
		done, err := p.walledGarden(spec, navigate)
		if err != nil {
			cleanup()
			return nil, err
		}
		undo = append(undo, done)
	} else {
		navigate()
	}
	p.show(spec, preloaded)
	ready := ipc.Message{Type: ipc.TypeReady, URL: spec.URL}
	if preloaded {
		ready.Message = WarmReady
	}
	if p.serial > 1 {
		ready.Message = strings.TrimPrefix(ready.Message+"; "+ReusedReady(p.serial), "; ")
		if p.ahead && preloaded {
			ready.Message += ", " + AheadReady
		}
	}
	p.send(ready)
	if spec.DevTools {
		// Opened once the page committed: WebKit shows no inspector for
		// a view that has not loaded anything yet.
		p.inspecting.Store(true)
		p.showInspector = true
	}
	return cleanup, nil
}

// portal is one portal window: the webview, its WebKit view, the limits on
// what the page may send, and how the window is closing.
type portal struct {
	started time.Time
	w       *ipc.Writer
	wv      webview.WebView
	view    *webkit.View
	lim     *limits
	rec     *recorder // nil unless the start spec asks for inspection
	// garden are the walled garden's hosts (none: it is off).
	garden []string
	// steps says the session runs scenario steps: the window then tells
	// the parent of each navigation WebKit let start (TypeNavDecided),
	// with inspection, at most one message a navDecidedGap (decided, GTK
	// thread only).
	steps   bool
	decided *throttle
	// pending are the navigations told and not yet seen to start (GTK
	// thread only): when a frame's document load starts for the last of
	// them, the parent hears that none starts a top-level load.
	pending decidedLog

	// embedded says the host's pane holds the portal; width and height
	// are a window of its own's frame size (set once, before the loop).
	embedded bool
	// hostKeys says the host window listens for the host shortcuts
	// pressed in the page (forHostWindow).
	hostKeys      bool
	width, height int

	committed     bool // a navigation committed; GTK thread only
	showInspector bool // open the inspector at the next commit; GTK thread only
	// pageURL is the URL of the last committed top-level load; GTK thread
	// only. It, not the envelope's pageUrl, says where a message came from.
	pageURL string
	// notShown is the top frame's last response, when WebKit does not
	// show it (notshown.go); GTK thread only.
	notShown *notShown
	// topMIME is the MIME type of the top frame's last response, which
	// the next commit is of (sent with it: a page shown as text/plain
	// runs none of its scripts); GTK thread only.
	topMIME string

	// inspecting is set once WebKit's inspector opened: it runs WebKit
	// processes of its own, so a network process ending no longer means
	// the portal's is gone.
	inspecting atomic.Bool

	closeMu     sync.Mutex
	closeReason string
	closing     bool

	// reuse says the process may serve another session after this one;
	// stayed that it told the parent so. serial is the session's number in
	// its process (from 1); retired are the WebKit network processes that
	// earlier sessions left ending (not this session's to watch).
	reuse, stayed bool
	serial        int
	retired       []int

	// next is the view made for the next session while this one runs
	// (reuse only; see makeNext), nextBefore the network processes alive
	// just before it was made, and nextAsked says it was asked for.
	next       *preloadedView
	nextBefore []int
	nextAsked  bool
	// ahead says this session's view was made during the session before;
	// makesNext that this session makes the next one's (ipc.Message.Ahead).
	ahead, makesNext bool

	// lookNow asks the ticks to look for the network process now.
	lookNow chan struct{}
	// pings watches whether the page's main thread answers; GTK thread only.
	pings pageWatch
	// helpers watches the session's network processes (the ticks, and a
	// failed load asking whether one ended); guarded by helpersMu.
	helpersMu sync.Mutex
	helpers   *helperWatch
	// pins are the DER certificates pinned per host (configure); a load
	// refused with one of them was refused by a network process that
	// never got the pin. Set before the first load; GTK thread only.
	pins map[string][][]byte

	// stopServing ends the session's goroutines (the ticks, the parent's
	// requests); set by begin.
	stopServing func()

	// loopMu guards loopDone, set once the session's GTK loop ended:
	// nothing dispatched after that runs in its view.
	loopMu   sync.RWMutex
	loopDone bool
	quitting bool // the loop was asked to end; GTK thread only
}

// startOf returns the start spec of first, the message read (with err)
// where the parent's start must be.
func startOf(first ipc.Message, err error) (ipc.StartSpec, error) {
	if err != nil {
		return ipc.StartSpec{}, fmt.Errorf("%w: %v", ErrNoStart, err)
	}
	if first.Type != ipc.TypeStart || first.Start == nil {
		return ipc.StartSpec{}, fmt.Errorf("%w: got %q first", ErrNoStart, first.Type)
	}
	return *first.Start, nil
}

// prepare is what a warm window process does before its start message:
// everything that does not depend on the session (GTK and the display;
// with x11, GDK's X11 backend first, which an embedded window needs). A
// failure here is left for the start to report.
func prepare(x11 bool) {
	if x11 {
		webkit.UseX11()
	}
	_ = webkit.CheckDisplay()
}

// send writes m to the parent, stamped with the child's clock; the parent
// is gone if this fails and there is nothing else to do.
func (p *portal) send(m ipc.Message) { _ = p.w.Send(stamp(m, p.started)) }

func (p *portal) setReason(reason string) {
	p.closeMu.Lock()
	defer p.closeMu.Unlock()
	if p.closeReason == "" {
		p.closeReason = reason
	}
}

// terminate closes the window for reason, from any goroutine.
func (p *portal) terminate(reason string) {
	p.setReason(reason)
	p.closeMu.Lock()
	p.closing = true
	p.closeMu.Unlock()
	p.dispatch(p.quit)
}

// quit ends the session's GTK loop, once; on the GTK thread. (webview_go's
// Terminate queues a quit of its own, which a loop that ended otherwise
// would leave for the next session's loop.)
func (p *portal) quit() {
	if !p.quitting {
		p.quitting = true
		webkit.Quit()
	}
}

// dispatch runs f on the GTK thread in the session's loop; f does not run
// once the loop ended (a process may serve another session after it, and
// this one's view is then gone).
func (p *portal) dispatch(f func()) {
	p.loopMu.RLock()
	defer p.loopMu.RUnlock()
	if p.loopDone {
		return
	}
	p.wv.Dispatch(func() {
		if !p.loopEnded() {
			f()
		}
	})
}

func (p *portal) loopEnded() bool {
	p.loopMu.RLock()
	defer p.loopMu.RUnlock()
	return p.loopDone
}

// endLoop notes that the session's GTK loop ended; on the GTK thread,
// before its view is destroyed.
func (p *portal) endLoop() {
	p.loopMu.Lock()
	p.loopDone = true
	p.loopMu.Unlock()
}

func (p *portal) isClosing() bool {
	p.closeMu.Lock()
	defer p.closeMu.Unlock()
	return p.closing
}

// fatal reports a load failure that ends the session (contract §1.6).
func (p *portal) fatal(kind, uri, reason string, tls bool) {
	p.send(ipc.Message{Type: ipc.TypeLoadFailed, URL: uri, Reason: reason, TLS: tls, Fatal: true, Kind: kind})
}

// handlers are the WebKit signal handlers of the window.
func (p *portal) handlers() webkit.Handlers {
	return webkit.Handlers{
		LoadFailed: p.onLoadFailed,
		Committed:  p.onCommitted,
		WebProcess: p.onWebProcess,
		Decide:     p.onDecide,
		Response:   p.onResponse,
		Message:    p.onMessage,
		Dialog:     p.onDialog,
		Fullscreen: p.onFullscreen,
		// The host's, not the session's: the host unticks its DevTools
		// check, or gets the host's shortcuts (the page never gets Ctrl+P,
		// Ctrl+R, F12).
		InspectorClosed: func() { p.send(ipc.Message{Type: ipc.TypeInspectorClosed}) },
		Shortcut:        p.onShortcut,
	}
}

func (p *portal) onLoadFailed(f webkit.LoadFailure) {
	uri, reason, kind := f.URI, f.Reason, f.Kind
	if p.notShownFailure(f) || p.failureOfItsOwn(f) {
		return
	}
	switch {
	case kind == webkit.LoadFailCancelled:
		// Replaced by another navigation or stopped: not a failure.
		p.send(ipc.Message{Type: ipc.TypeLoadFailed, URL: uri, Reason: reason})
	case kind == webkit.LoadFailScheme && p.committed:
		// A link to a scheme WebKit cannot show, from a loaded portal: the
		// portal stays on screen.
		p.send(ipc.Message{Type: ipc.TypeLoadFailed, URL: uri, Reason: reason, Kind: ipc.LoadScheme})
	case kind == webkit.LoadFailScheme:
		p.fatal(ipc.LoadScheme, uri, reason, false)
	case kind == webkit.LoadFailTLS || f.TLS:
		p.fatal(ipc.LoadTLS, uri, reason, true)
	default:
		p.fatal(ipc.LoadNetwork, uri, reason, false)
	}
}

// failureOfItsOwn reports (and says it did) a failed load whose cause is
// not the page's: the network process ended, or the walled garden refused
// it. Any failed load readies the recorder for WebKit's error page.
func (p *portal) failureOfItsOwn(f webkit.LoadFailure) bool {
	if f.Kind == webkit.LoadFailCancelled {
		return false
	}
	if f.Kind != webkit.LoadFailScheme {
		if why, ok := p.networkProcessFailure(f); ok {
			p.fatal(ipc.LoadNetworkProcess, f.URI, why, false)
			return true
		}
	}
	if p.rec != nil {
		// The failed load used up WebKit's last question; its error
		// page comes next, under the URL that failed.
		p.rec.errorPage, p.rec.lastNav = f.URI, navDecision{}
	}
	tls := f.TLS || f.Kind == webkit.LoadFailTLS
	return f.Kind != webkit.LoadFailScheme && !tls && p.walledGardenFailure(f.URI, f.Reason)
}

func (p *portal) onCommitted(uri string, status int) {
	p.committed = true
	p.notShown = nil
	p.pageURL = uri
	p.lookForNetwork()
	p.makeNextSoon()
	p.view.FailSteps("the page navigated to " + cut(uri, 300) + " while the step ran")
	if p.showInspector {
		p.showInspector = false
		p.view.ShowInspector()
	}
	p.send(p.navigated(uri))
	if status >= 400 {
		end := func() {
			p.fatal(ipc.LoadHTTP, uri, fmt.Sprintf("the main document answered HTTP %d %s", status, statusText(status)), false)
		}
		if p.rec != nil {
			// The error page's body is still coming: its record ends
			// first, with its status, bytes and time, then the session.
			p.rec.whenMainEnds(end)
		} else {
			end()
		}
	}
	fixSignals()
}

// navigated is the message that the top frame committed uri, with the
// MIME type WebKit took it for (its last response's): the session says a
// page shown as text (text/plain), whose scripts never run, is why the
// portal did not hand back. On the GTK thread.
func (p *portal) navigated(uri string) ipc.Message {
	m := ipc.Message{Type: ipc.TypeNavigated, URL: uri, MIME: cut(p.topMIME, 200)}
	p.topMIME = ""
	return m
}

func (p *portal) onWebProcess(reason int) {
	if p.isClosing() {
		return
	}
	p.fatal(ipc.LoadWebProcess, "", "the web content process ended: "+webProcessReason(reason), false)
}

// onDecide blocks new windows (the Mobile Plans app shows no pop-ups) and,
// with inspection on, notes navigations and blocks custom schemes.
func (p *portal) onDecide(kind webkit.PolicyKind, uri string, cause int, gesture bool) bool {
	if kind == webkit.PolicyNewWindow {
		if p.rec != nil {
			p.rec.onPopup(uri, gesture, cause)
		} else {
			p.send(ipc.Message{Type: ipc.TypeError, URL: uri, Message: "the page tried to open a new window; the Mobile Plans app shows no pop-ups (contract §4), so it was blocked"})
		}
		return true
	}
	blocked := p.rec != nil && p.rec.onDecide(kind, uri, cause, gesture)
	// Only with inspection: the parent learns when a navigation's load
	// starts from the navigation records, which only inspection sends.
	if kind == webkit.PolicyNavigation && !blocked && p.tellsDecided() {
		p.tellDecided(uri)
	}
	return blocked
}

// onMessage forwards a bridge envelope the limits admit, with the URL of the
// page WebKit shows (hostPageURL), which the parent checks the origin of
// instead of the envelope's own claim; what the limits refuse is counted,
// never sent.
func (p *portal) onMessage(size int, data func() string, isString bool) {
	if env, kind, ok := p.lim.admit(size, data, isString); ok {
		m := ipc.Message{Type: ipc.TypeBridge, Envelope: env, URL: hostPageURL(p.pageURL, p.view.URI())}
		if err := p.w.Send(stamp(m, p.started)); errors.Is(err, ipc.ErrLineTooLong) {
			p.lim.oversize(len(env))
		}
		if p.rec != nil {
			p.rec.onCall(kind)
		}
	}
}

func (p *portal) onDialog(kind webkit.DialogKind, message, uri string) {
	if p.lim.dialog() {
		p.send(ipc.Message{Type: ipc.TypeDialog, Dialog: &ipc.Dialog{Kind: kind.String(), Text: cut(message, ipc.MaxDialogText), Answer: kind.Answer(), URL: uri}})
	}
}

// addScripts registers the user scripts of every frame: with spec.Steps
// the steps' frame agent, so that a scenario's steps reach cross-origin
// frames (a payment provider's card form), and with spec.Inspect the
// inspection script. On
// the GTK thread, before the first navigation.
func (p *portal) addScripts(spec ipc.StartSpec) error {
	p.steps = spec.Steps
	if spec.Steps {
		watchToken := newStepToken()
		agent, err := stepAgent(newStepToken(), watchToken)
		if err != nil {
			return err
		}
		watch, err := stepWatch(watchToken)
		if err != nil {
			return err
		}
		p.view.AddStepAgent(agent)
		p.view.AddStepWatch(watch)
	}
	if !spec.Inspect {
		return nil
	}
	p.rec = newRecorder(p, string(spec.ScreenshotDir))
	p.rec.garden = spec.WalledGarden
	p.rec.noAxe = spec.NoAxe
	// What the languages configure gave the view make WebKit send.
	p.rec.acceptLanguage = acceptlanguage.FromTags(spec.Languages)
	script, err := p.rec.script()
	if err != nil {
		return err
	}
	p.view.Inspect(p.rec.handlers(), script, inspectHandler)
	return nil
}

// configure sets WebKit up the way the Mobile Plans app does: overlay,
// languages, compositing, pinned certificates, the bridge, title, size, place.
func (p *portal) configure(spec ipc.StartSpec) {
	view := p.view
	view.AddProgressOverlay()
	view.SetLanguages(spec.Languages)
	view.SetHardwareAcceleration(spec.Accelerated)
	if spec.UserAgentSuffix != "" {
		view.AppendUserAgent(spec.UserAgentSuffix)
	}
	for _, c := range spec.Certs {
		for _, h := range c.Hosts {
			if err := view.AllowCertificate(c.PEM, hostForPin(h)); err != nil {
				p.send(ipc.Message{Type: ipc.TypeError, Message: err.Error()})
				continue
			}
			p.pin(hostForPin(h), c.PEM)
		}
	}
	// The shim posts every envelope to webview_go's "external" message
	// handler; the window takes those messages over (limits, no per-call
	// JavaScript answer) instead of binding a Go function through webview_go.
	view.ReplaceMessageHandler("external")
	if spec.InitScript != "" {
		p.wv.Init(spec.InitScript)
	}
	p.wv.SetTitle(firstNonEmpty(spec.Title, "Mobile Plans — portal"))
	p.hostKeys = forHostWindow(spec)
	if spec.Embed != nil {
		p.embedded = true
		return // the host's pane gives the size and place
	}
	width, height := spec.Width, spec.Height
	if width <= 0 || height <= 0 {
		width, height = 800, 600 // contract §1.6: default frame 800x600
	}
	p.width, p.height = width, height
	p.setSize(width, height)
	if spec.X != 0 || spec.Y != 0 {
		view.Move(spec.X, spec.Y)
	}
}

// setSize resizes a window of its own; on the GTK thread.
func (p *portal) setSize(width, height int) { p.wv.SetSize(width, height, webview.HintNone) }

// tick runs until stop: JavaScriptCore installs its handlers lazily, so keep
// repairing them, on the GTK thread only. From this goroutine's thread the
// repair raced JavaScriptCore and deadlocked the window under a burst of
// calls (issue 12 item 2; see webkit.FixSignalStacks). It also reports what
// was dropped, and watches the network process, which has no signal of its own.
func (p *portal) tick(stop <-chan struct{}) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		case <-p.lookNow:
			p.watchNetwork(true)
		case <-t.C:
			p.dispatch(fixSignals)
			p.reportDropped()
			p.watchNetwork(n%4 == 0)
			if n%4 == 0 {
				p.dispatch(p.pingPage)
			}
		}
	}
}

// watchNetwork ends the session when a network process the watch knew has
// gone; with rescan it also looks for new ones.
func (p *portal) watchNetwork(rescan bool) {
	for _, pid := range p.pollNetwork(rescan) {
		if !p.isClosing() && !p.inspecting.Load() {
			p.fatal(ipc.LoadNetworkProcess, "", networkProcessEnded(pid, ""), false)
		}
	}
}

// lookForNetwork has the ticks look for the network process at once: it
// exists once a page committed, and a kill soon after, before the next
// tick, would otherwise go unseen (WebKit starts another in silence).
func (p *portal) lookForNetwork() {
	select {
	case p.lookNow <- struct{}{}:
	default:
	}
}

// reportDropped tells the parent what the limits refused since last time.
func (p *portal) reportDropped() {
	if c, ok := p.lim.changed(); ok {
		p.send(ipc.Message{Type: ipc.TypeDropped, Dropped: &c})
	}
}

// serveParent runs the parent's requests until close, the end of stdin, or
// stop (the session ended otherwise).
func (p *portal) serveParent(box *inbox, stop <-chan struct{}) {
	for {
		m, err, stopped := box.nextUntil(stop)
		if stopped {
			return
		}
		if errors.Is(err, ipc.ErrLineTooLong) {
			continue
		}
		if err != nil {
			p.terminate(ipc.ReasonStdin)
			return
		}
		if p.serve(m) {
			return
		}
	}
}

// serve runs one request of the parent; it reports true for the close,
// after which the session takes no more.
func (p *portal) serve(m ipc.Message) (closed bool) {
	switch m.Type {
	case ipc.TypeEval:
		js, seq := m.JS, m.Seq
		p.dispatch(func() {
			p.wv.Eval(js)
			p.send(ipc.Message{Type: ipc.TypeEvalResult, Seq: seq})
		})
	case ipc.TypeProgress:
		text, fraction, visible := m.Message, m.Fraction, m.Visible
		p.dispatch(func() { p.view.SetProgress(text, fraction, visible) })
	case ipc.TypeSnapshot:
		if p.rec != nil {
			p.rec.requestSnapshot(m.Reason)
		}
	case ipc.TypeProbeRequest:
		if p.rec != nil {
			p.rec.requestProbe(m.Reason)
		}
	case ipc.TypeStep:
		p.step(m.Seq, m.JS)
	case ipc.TypeDevTools:
		p.devTools(m.Reason != ipc.DevToolsClose)
	case ipc.TypeRect, ipc.TypeFocus, ipc.TypeBack:
		p.embedControl(m)
	case ipc.TypeClose:
		// Acknowledge at once, from this goroutine: the session's
		// timing ends here even if the page keeps the window busy.
		p.send(ipc.Message{Type: ipc.TypeClosing, Reason: m.Reason})
		if p.rec != nil {
			p.rec.finishProbes()
		}
		p.terminate(firstNonEmpty(m.Reason, ipc.ReasonRequested))
		return true
	}
	return false
}

// devTools opens WebKit's inspector, or closes it (the host's DevTools
// check, ticked or unticked while the window runs). Before the page
// committed it is opened then: WebKit shows no inspector for a view that
// has not loaded anything yet.
func (p *portal) devTools(open bool) {
	if open {
		// Its own WebKit processes may end before the portal's now.
		p.inspecting.Store(true)
	}
	p.dispatch(func() {
		switch {
		case open && p.committed:
			p.view.ShowInspector()
		case open:
			p.showInspector = true
		default:
			p.showInspector = false
			p.view.CloseInspector()
		}
	})
}

// finish reports why the window closed, after the GTK loop ended: the
// window is unmapped and the session's goroutines are stopped first, so
// that closed is its last message (with reuse, what follows belongs to the
// next session) and nothing is left to see once the parent has it (it
// kills a process that does not stay, portalproc).
func (p *portal) finish() {
	if p.view != nil {
		p.view.Hide()
	}
	if p.stopServing != nil {
		p.stopServing()
	}
	p.setReason(ipc.ReasonUser)
	p.closeMu.Lock()
	reason := p.closeReason
	p.closing = true
	p.closeMu.Unlock()
	if p.view != nil && p.pings.stuck(time.Now()) {
		// A page busy in an endless loop never reads that its view is
		// gone: its web process went on spinning a core, orphaned, for
		// 10-15 s after mpsim exited (QA). Its records are what came.
		p.view.TerminateWebProcess()
	}
	if p.rec != nil {
		p.rec.flush()
	}
	p.reportDropped()
	p.stayed = p.reuse && reason != ipc.ReasonStdin
	p.send(ipc.Message{Type: ipc.TypeClosed, Reason: reason, Reuse: p.stayed})
}

// endLink closes the link to the parent once the last window is destroyed:
// the parent then has every message and need not wait for this process to
// exit, which takes tens of ms more while the kernel unmaps WebKit.
func endLink(out io.Writer) {
	if c, ok := out.(io.Closer); ok {
		_ = c.Close()
	}
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

// hostPageURL is the URL a page message is attributed to: the view's current
// URI when it has the origin of the last committed load (it follows
// history.pushState), else the committed URL (the view's URI already names
// the target of a navigation that has not committed, while the page that
// posted is still the committed one). WebKitGTK tells a message handler
// neither the frame nor the origin, so a frame's message is attributed to
// the top page; the token keeps frames out.
func hostPageURL(committed, current string) string {
	if committed == "" || sameOrigin(committed, current) {
		return current
	}
	return committed
}

// sameOrigin reports whether a and b have the same scheme, host and port.
func sameOrigin(a, b string) bool {
	ua, err := url.Parse(a)
	if err != nil {
		return false
	}
	ub, err := url.Parse(b)
	if err != nil {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host)
}
