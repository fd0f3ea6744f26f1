package ui

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// NativeWindow is what the portal pane needs from the host's real window;
// app/hostui.go implements it with Fyne's driver.NativeWindow, tests with a
// fake.
type NativeWindow interface {
	// X11Window returns the host window's X11 id, or 0 when it has none
	// (a Wayland-native build, or no window yet).
	X11Window() uint64
}

// Preference key and default of the "Portal inside the host" setting.
const prefPortalInside = "portalInside"

// Rectangle polling: Fyne has no resize or move callback for an object, so
// the pane looks at its rectangle this often (embedding-facts.md: 20–50 ms
// resize lag, mostly this poll).
const paneRectPoll = 30 * time.Millisecond

// parkOffset is where the portal waits, off the host's window, while a Fyne
// dialog or pop-up shows: they are drawn in the GL surface, which the
// native portal window would cover.
const parkOffset = -30000

// backTimeout bounds how long the back button waits for the portal.
const backTimeout = 3 * time.Second

// Pane states.
const (
	paneIdle    = "idle"
	paneRunning = "running"
	paneFailed  = "failed"
	paneDone    = "done"
)

// paneRect is the portal's rectangle in the host window's pixels: the
// placeholder's position and size in Fyne units times the canvas scale,
// rounded; parked moves it off the window, keeping its size.
func paneRect(pos fyne.Position, size fyne.Size, scale float32, parked bool) session.Rect {
	if scale <= 0 {
		scale = 1
	}
	px := func(v float32) int { return int(math.Round(float64(v * scale))) }
	r := session.Rect{X: px(pos.X), Y: px(pos.Y), Width: px(size.Width), Height: px(size.Height)}
	if r.Width < 1 {
		r.Width = 1
	}
	if r.Height < 1 {
		r.Height = 1
	}
	if parked {
		r.X, r.Y = parkOffset, parkOffset
	}
	return r
}

// portalPane is the Mobile Plans frame in the host window (issue 18): a
// title bar with the app's back arrow, "Mobile Plans" and the operator's
// name, and under it the live portal — a native window of the portal
// process laid over a placeholder whose rectangle the pane keeps sending —
// or the app's own pages: idle, the error page with Retry, and "Back in
// Windows" after a hand-back.
type portalPane struct {
	app      func() fyne.App
	native   NativeWindow
	operator string
	keep     Prefs // the host's choices; nil: the app's preferences

	// Set by the host screen.
	onBack   func()       // the back arrow
	onLeave  func()       // the close button: ask to leave
	onRetry  func()       // Retry on the error page
	onFinish func()       // "Done" on the Back in Windows page
	onSides  func(bool)   // hide (true) or show the side panels
	onPlace  func()       // "Portal inside the host" turned on or off; may be nil
	status   func(string) // the host's status line
	// hostCanvas is the host window's canvas: its scale is known before
	// the pane is first drawn.
	hostCanvas func() fyne.Canvas

	embedCheck *widget.Check
	opLabel    *widget.Label
	backBtn    *widget.Button
	closeBtn   *widget.Button
	sidesBtn   *widget.Button
	area       *paneArea
	idleText   *widget.Label
	idle       fyne.CanvasObject
	errTitle   *widget.Label
	errText    *widget.Label
	errPage    fyne.CanvasObject
	retryBtn   *widget.Button
	doneTitle  *widget.Label
	doneText   *widget.Label
	donePage   fyne.CanvasObject
	doneBtn    *widget.Button // "Done" on the Back in Windows page
	root       fyne.CanvasObject

	state      string
	sidesShown bool

	// every is how often the pane sends the portal its rectangle; 0 means
	// never on its own (tests call tick).
	every time.Duration

	// shown says the pane is on screen (its tab selected, the developer
	// view or presenter slot showing); UI goroutine only.
	shown bool

	mu       sync.Mutex
	ctrl     session.Embedded
	stop     chan struct{}
	push     chan session.Rect // the newest rectangle to send (follow sends it)
	takeBack chan bool         // the keyboard to the portal (true) or the host (follow sends it)
	polling  atomic.Bool       // a poll is queued on the UI goroutine
	// gone is set once the host window has gone (windowGone): the pane then
	// looks at no widget. measuring is set while currentRect runs (UI
	// goroutine): Fyne may lay the pane out while it finds the pane's
	// place, and that layout must not measure again.
	gone        atomic.Bool
	measuring   bool
	last        session.Rect
	lastFocused fyne.Focusable
	lastOverlay fyne.CanvasObject
}

func newPortalPane(app func() fyne.App, native NativeWindow, operator string) *portalPane {
	return &portalPane{app: app, native: native, operator: operator, state: paneIdle, sidesShown: true, every: paneRectPoll}
}

// xid is the host window's X11 id, 0 when there is none.
func (p *portalPane) xid() uint64 {
	if p.native == nil {
		return 0
	}
	return p.native.X11Window()
}

// canEmbed says the host window can hold the portal (it is an X11 window).
func (p *portalPane) canEmbed() bool { return p.xid() != 0 }

// embedding says the next session opens inside the host: the setting is on
// and the host window is an X11 window.
func (p *portalPane) embedding() bool {
	return p.embedCheck != nil && p.embedCheck.Checked && p.canEmbed()
}

func (p *portalPane) prefs() Prefs {
	if p.keep != nil {
		return p.keep
	}
	if a := p.app(); a != nil {
		return a.Preferences()
	}
	return nil
}

// buildCheck returns the "Portal inside the host" check: remembered, on by
// default where the host window is an X11 window, disabled elsewhere.
func (p *portalPane) buildCheck() *widget.Check {
	p.embedCheck = widget.NewCheck("Portal inside the host", func(on bool) {
		if pr := p.prefs(); pr != nil {
			pr.SetBool(prefPortalInside, on)
		}
		p.showIdleText()
		if p.onPlace != nil {
			p.onPlace()
		}
	})
	p.refreshNative()
	return p.embedCheck
}

// refreshNative applies the setting to what the host window can do now:
// its X11 id exists only once the window is shown.
func (p *portalPane) refreshNative() {
	if p.embedCheck == nil {
		return
	}
	on := true
	if a := p.app(); a != nil && p.keep != nil {
		// The choice an older mpsim kept in the app's preferences, until
		// one is made here.
		on = a.Preferences().BoolWithFallback(prefPortalInside, true)
	}
	if pr := p.prefs(); pr != nil {
		on = pr.BoolWithFallback(prefPortalInside, on)
	}
	if p.canEmbed() {
		p.embedCheck.Enable()
	} else {
		on = false
		p.embedCheck.Disable()
	}
	p.embedCheck.Checked = on
	p.embedCheck.Refresh()
	p.showIdleText()
}

// fallbackNotice is the status line when the portal cannot be embedded.
func (p *portalPane) fallbackNotice() string {
	if p.canEmbed() || p.native == nil {
		return ""
	}
	return "The portal opens in a window of its own: the host window is not an X11 window (Wayland-native), so it cannot hold the portal."
}

// paneTextWidth is the least width of the pane's texts (its idle text,
// the error page, Back in Windows): they take the pane's width up to 460.
const paneTextWidth = 300

func (p *portalPane) buildUI() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Mobile Plans", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.opLabel = widget.NewLabel(p.operator)
	p.backBtn = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() {
		if p.onBack != nil {
			p.onBack()
		}
	})
	p.backBtn.Importance = widget.LowImportance
	p.closeBtn = widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
		if p.onLeave != nil {
			p.onLeave()
		}
	})
	p.closeBtn.Importance = widget.LowImportance
	p.sidesBtn = widget.NewButtonWithIcon("Hide panels", theme.ViewFullScreenIcon(), p.toggleSides)
	p.sidesBtn.Importance = widget.LowImportance
	// The operator's name gives way first in a narrow pane (800x600).
	p.opLabel.Truncation = fyne.TextTruncateEllipsis
	header := container.NewBorder(nil, nil,
		container.NewHBox(p.backBtn, title, widget.NewLabel("·")),
		container.NewHBox(p.sidesBtn, p.closeBtn), p.opLabel)

	p.area = newPaneArea()
	p.area.onResize = p.areaResized
	p.idleText = widget.NewLabel("")
	p.idleText.Wrapping = fyne.TextWrapWord
	p.idleText.Alignment = fyne.TextAlignCenter
	p.idle = container.New(&pageLayout{width: 460, minWidth: paneTextWidth, textFloor: 120}, p.idleText)

	p.errTitle = widget.NewLabelWithStyle("This page can't be displayed", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.errTitle.SizeName = theme.SizeNameSubHeadingText
	p.errText = widget.NewLabel("")
	p.errText.Wrapping = fyne.TextWrapWord
	p.errText.Alignment = fyne.TextAlignCenter
	p.retryBtn = widget.NewButtonWithIcon("Retry", theme.ViewRefreshIcon(), func() {
		if p.onRetry != nil {
			p.onRetry()
		}
	})
	p.retryBtn.Importance = widget.HighImportance
	p.errPage = container.New(&pageLayout{width: 460, minWidth: paneTextWidth, textFloor: 90},
		widget.NewIcon(theme.ErrorIcon()), p.errTitle, p.errText, p.retryBtn)

	p.doneTitle = widget.NewLabelWithStyle("Back in Windows", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.doneTitle.SizeName = theme.SizeNameSubHeadingText
	p.doneText = widget.NewLabel("")
	p.doneText.Wrapping = fyne.TextWrapWord
	p.doneText.Alignment = fyne.TextAlignCenter
	p.doneBtn = widget.NewButton("Done", func() {
		if p.onFinish != nil {
			p.onFinish()
		}
	})
	p.donePage = container.New(&pageLayout{width: 460, minWidth: paneTextWidth, textFloor: 90},
		widget.NewIcon(theme.ConfirmIcon()), p.doneTitle, p.doneText, p.doneBtn)

	body := container.NewStack(p.area, p.idle, p.errPage, p.donePage)
	// The header first (visualBorder): Tab went from Done to Hide panels
	// above it.
	p.root = visualBorder(container.NewVBox(header, widget.NewSeparator()), nil, nil, nil, body)
	p.setState(paneIdle)
	return p.root
}

// showIdleText says what the next Open portal does.
func (p *portalPane) showIdleText() {
	if p.idleText == nil {
		return
	}
	switch {
	case p.embedding():
		p.idleText.SetText("Open portal shows the operator's portal here, as the Mobile Plans app does (800x600 by default; it follows the pane's size).")
	case !p.canEmbed() && p.native != nil:
		p.idleText.SetText("The portal opens in a window of its own: this host window cannot hold it (no X11 window).")
	default:
		p.idleText.SetText("The portal opens in a window of its own (Portal inside the host is off).")
	}
}

// setState shows the page of state (UI goroutine).
func (p *portalPane) setState(state string) {
	p.state = state
	show := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	show(p.area, state == paneRunning)
	show(p.idle, state == paneIdle)
	show(p.errPage, state == paneFailed)
	show(p.donePage, state == paneDone)
	if state == paneRunning {
		p.backBtn.Enable()
		p.closeBtn.Enable()
	} else {
		p.backBtn.Disable()
		p.closeBtn.Disable()
	}
	p.showIdleText()
}

// toggleSides hides or shows the host's side panels (presenting).
func (p *portalPane) toggleSides() {
	p.sidesShown = !p.sidesShown
	if p.sidesShown {
		p.sidesBtn.SetText("Hide panels")
		p.sidesBtn.SetIcon(theme.ViewFullScreenIcon())
	} else {
		p.sidesBtn.SetText("Show panels")
		p.sidesBtn.SetIcon(theme.ViewRestoreIcon())
	}
	if p.onSides != nil {
		p.onSides(!p.sidesShown)
	}
}

// embedSpec is what a session needs to open the portal inside the pane, or
// nil when it opens in a window of its own.
func (p *portalPane) embedSpec() *session.Embed {
	if !p.embedding() {
		return nil
	}
	r, scale := p.currentRect()
	return &session.Embed{Parent: p.xid(), Rect: r, Scale: float64(scale), Attach: p.attach}
}

// running shows the placeholder the portal lies over, saying the portal
// loads until it is attached (UI goroutine).
func (p *portalPane) running() {
	p.area.setLoading(true)
	p.setState(paneRunning)
}

// elsewhere says that the session's portal is open in a window of its
// own (UI goroutine): the last session's page (its error page, with Retry)
// stayed in the pane during a session in a window of its own and after it
// (found by exploratory QA).
func (p *portalPane) elsewhere() {
	p.detach()
	p.setState(paneIdle)
	p.idleText.SetText("The operator's portal is open in a window of its own. Close portal in the toolbar ends the session.")
}

// setOperator names the operator whose portal the pane shows.
func (p *portalPane) setOperator(name string) {
	if name == "" || p.opLabel == nil {
		return
	}
	p.operator = name
	p.opLabel.SetText(name)
}

// canvas is the canvas the pane is drawn on, if any.
func (p *portalPane) canvas() fyne.Canvas {
	a := p.app()
	if a == nil || p.area == nil {
		return nil
	}
	return a.Driver().CanvasForObject(p.area)
}

// currentRect is where the portal must be now, and the canvas scale: over
// the placeholder, or parked while the pane is hidden or a dialog shows.
func (p *portalPane) currentRect() (session.Rect, float32) {
	p.measuring = true
	defer func() { p.measuring = false }()
	c := p.canvas()
	var scale float32 = 1
	parked := !p.shown || p.state != paneRunning
	if c == nil {
		// Not drawn yet (its tab just came to the front): parked at the
		// app's default size until the next look, at the window's scale.
		if p.hostCanvas != nil {
			if hc := p.hostCanvas(); hc != nil {
				scale = hc.Scale()
			}
		}
		return paneRect(fyne.Position{}, fyne.NewSize(800, 600), scale, true), scale
	}
	scale = c.Scale()
	if c.Overlays().Top() != nil {
		parked = true
	}
	pos := p.app().Driver().AbsolutePositionForObject(p.area)
	return paneRect(pos, p.area.Size(), scale, parked), scale
}

// attach is called (on the session's goroutine) once the portal process
// started: the pane keeps its controls and follows the placeholder.
func (p *portalPane) attach(ctrl session.Embedded) {
	// The portal lies over the placeholder from now on: the placeholder
	// shows only while the portal is parked (under a dialog), where
	// "Loading" would be stale.
	if !p.gone.Load() {
		fyne.Do(func() {
			if !p.gone.Load() {
				p.area.setLoading(false)
			}
		})
	}
	stop := make(chan struct{})
	p.mu.Lock()
	if p.stop != nil {
		close(p.stop)
	}
	p.ctrl, p.stop, p.last, p.lastFocused, p.lastOverlay = ctrl, stop, session.Rect{}, nil, nil
	p.push, p.takeBack = nil, nil
	every := p.every
	if every > 0 {
		p.push, p.takeBack = make(chan session.Rect, 1), make(chan bool, 1)
	}
	push, takeBack := p.push, p.takeBack
	p.mu.Unlock()
	if every > 0 {
		go p.follow(ctrl, stop, push, takeBack, every)
	}
	if !p.gone.Load() {
		fyne.Do(func() { p.givePortalKeyboard(ctrl) })
	}
}

// givePortalKeyboard gives the keyboard to the page of ctrl, the attached
// portal, when it is on screen and no dialog is over it (UI goroutine): a
// host widget that had the focus loses it, so that the next one to take it
// takes the keyboard back (poll). Before, the page got the X keyboard
// focus only from a click in it: Tab reached the page only while the
// pointer was over it, and WebKit drew no focus ring, as for a window
// without the focus (found by GUI QA). It reports whether it did.
func (p *portalPane) givePortalKeyboard(ctrl session.Embedded) bool {
	c := p.canvas()
	if ctrl == nil || p.gone.Load() || !p.shown || p.state != paneRunning || c == nil || c.Overlays().Top() != nil {
		return false
	}
	if p.control() != ctrl {
		return false // another session's by now
	}
	c.Unfocus()
	p.mu.Lock()
	p.lastFocused = nil
	p.mu.Unlock()
	go func() { _ = ctrl.Focus(true) }()
	return true
}

// areaResized sends the new rectangle at once (UI goroutine, from the
// placeholder's Resize); the poll still corrects what this misses (a move
// of the pane without a resize, a position not laid out yet).
func (p *portalPane) areaResized() {
	if p.measuring || p.gone.Load() {
		return
	}
	p.mu.Lock()
	push := p.push
	p.mu.Unlock()
	if push == nil {
		return
	}
	r, _ := p.currentRect()
	p.mu.Lock()
	defer p.mu.Unlock()
	if r == p.last {
		return
	}
	p.last = r
	offer(push, r)
}

// offer puts r in push, replacing a rectangle not sent yet: only the
// newest matters.
func offer(push chan session.Rect, r session.Rect) {
	for {
		select {
		case push <- r:
			return
		default:
			select {
			case <-push: // replaced by this newer one
			default:
			}
		}
	}
}

// detach forgets the portal's controls when its session ended.
func (p *portalPane) detach() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
	p.ctrl = nil
}

// control returns the attached portal's controls, or nil.
func (p *portalPane) control() session.Embedded {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ctrl
}

// follow keeps the portal over the placeholder until stop: every
// paneRectPoll it has the UI goroutine look at the pane (poll), and it
// sends what the UI goroutine offers — the newest rectangle, the keyboard
// back to the host — without ever waiting for the UI goroutine, which may
// be busy painting a frame (software GL: ~100 ms).
func (p *portalPane) follow(ctrl session.Embedded, stop <-chan struct{}, push <-chan session.Rect, takeBack <-chan bool, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case r := <-push:
			_ = ctrl.SetRect(r)
		case portal := <-takeBack:
			_ = ctrl.Focus(portal)
		case <-t.C:
			if !p.gone.Load() && p.polling.CompareAndSwap(false, true) {
				fyne.Do(p.pollAndOffer)
			}
		}
	}
}

// pollAndOffer is one look at the pane (UI goroutine) whose result goes to
// follow.
func (p *portalPane) pollAndOffer() {
	defer p.polling.Store(false)
	if p.gone.Load() {
		return
	}
	r, changed, keys := p.poll()
	p.mu.Lock()
	push, takeBack := p.push, p.takeBack
	p.mu.Unlock()
	if changed && push != nil {
		offer(push, r)
	}
	if keys != keysStay && takeBack != nil {
		select {
		case takeBack <- keys == keysPortal:
		default:
		}
	}
}

// tick is a synchronous poll for tests: it sends ctrl the rectangle if it
// changed, and takes the keyboard back for the host if a Fyne widget took
// the focus.
func (p *portalPane) tick(ctrl session.Embedded) {
	var r session.Rect
	var changed bool
	var keys keyboardMove
	fyne.DoAndWait(func() { r, changed, keys = p.poll() })
	if changed {
		_ = ctrl.SetRect(r)
	}
	if keys != keysStay {
		_ = ctrl.Focus(keys == keysPortal)
	}
}

// windowGone says the host window has gone: the pane stops looking at its
// widgets (once the window closed, finding the pane's place made Fyne
// build its renderers again, which laid the pane out, which looked again:
// the host spun at 100% CPU and never exited).
func (p *portalPane) windowGone() { p.gone.Store(true) }

// keyboardMove is where poll moves the X keyboard focus.
type keyboardMove int

const (
	keysStay   keyboardMove = iota // where it is
	keysHost                       // to the host window
	keysPortal                     // to the portal's page
)

// poll is one look at the pane (UI goroutine): the rectangle if it changed,
// and where the keyboard goes: to the host when a Fyne widget newly took
// the focus or a dialog came over the pane, back to the page when the
// dialog went and left no widget focused. Before, the keyboard stayed in
// the parked page under a dialog (Leave?, after Alt+Left in the page), so
// Escape and Tab did nothing in the dialog.
func (p *portalPane) poll() (session.Rect, bool, keyboardMove) {
	r, _ := p.currentRect()
	var focused fyne.Focusable
	var overlay fyne.CanvasObject
	if c := p.canvas(); c != nil {
		focused = c.Focused()
		overlay = c.Overlays().Top()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	changed := r != p.last
	p.last = r
	keys := keysStay
	switch {
	case focused != nil && focused != p.lastFocused,
		overlay != nil && overlay != p.lastOverlay:
		keys = keysHost
	case overlay == nil && p.lastOverlay != nil && focused == nil && p.shown && p.state == paneRunning:
		keys = keysPortal
	}
	p.lastFocused, p.lastOverlay = focused, overlay
	return r, changed, keys
}

// back walks the portal's history one page back; at the first page it
// calls atStart (on the UI goroutine).
func (p *portalPane) back(atStart func()) {
	ctrl := p.control()
	if ctrl == nil {
		return
	}
	go p.backWith(ctrl, atStart)
}

// backWith asks ctrl to go back and, on the UI goroutine, calls atStart
// when the portal was at its first page.
func (p *portalPane) backWith(ctrl session.Embedded, atStart func()) {
	ctx, cancel := context.WithTimeout(context.Background(), backTimeout)
	defer cancel()
	went, err := ctrl.Back(ctx)
	fyne.Do(func() {
		switch {
		case err != nil:
			if p.status != nil {
				p.status(err.Error())
			}
		case !went:
			atStart()
		}
	})
}

// ended shows what the app shows after the session (UI goroutine): its
// error page when the portal could not be shown or died, "Back in Windows"
// after a hand-back, the idle page otherwise.
func (p *portalPane) ended(rep *session.Report, err error) {
	p.detach()
	switch {
	case err != nil:
		p.errText.SetText("The portal could not be opened: " + err.Error())
		p.setState(paneFailed)
	case rep.Ended == session.EndedLoadFailed || rep.Ended == session.EndedCrashed:
		p.errText.SetText(failureText(rep))
		p.setState(paneFailed)
	case rep.Ended == session.EndedHandBack:
		p.doneText.SetText(handBackText(rep, p.operator))
		p.setState(paneDone)
	default:
		p.setState(paneIdle)
		where := "here"
		if !p.embedding() {
			where = "in a window of its own"
		}
		p.idleText.SetText(fmt.Sprintf("The session ended (%s). Open portal shows the operator's portal %s again.", orDefault(endedWords[rep.Ended], rep.Ended), where))
	}
}

// keyboardToPage gives the keyboard to the button of the page the pane
// shows after a session (UI goroutine): Done on "Back in Windows", Retry
// on the error page. Before, after a hand-back nothing had the keyboard
// (the page that had it was gone) and the first Tab went to Open portal
// (found by keyboard-only QA). It takes the keyboard from nothing but the
// pane itself: not from a field the user is typing in, nor from under a
// dialog, nor while the pane is not on screen.
func (p *portalPane) keyboardToPage() {
	var b *widget.Button
	switch p.state {
	case paneDone:
		b = p.doneBtn
	case paneFailed:
		b = p.retryBtn
	}
	c := p.canvas()
	if b == nil || !b.Visible() || b.Disabled() || !p.shown || c == nil || c.Overlays().Top() != nil {
		return
	}
	if f := c.Focused(); f != nil {
		if o, ok := f.(fyne.CanvasObject); !ok || p.root == nil || !holds(p.root, o) {
			return
		}
	}
	c.Focus(b)
}

// reopened shows, instead of the last live session's end, that the host
// shows a session reopened from the history, which ended as what says
// (UI goroutine). The next session shows the live portal again.
func (p *portalPane) reopened(when, what string) {
	p.detach()
	p.setState(paneIdle)
	p.idleText.SetText(fmt.Sprintf("Reopened from history: the session of %s — %s. Open portal shows the operator's portal here again.", when, what))
}

// failureText says why the portal could not be shown: the fatal load
// failure of the log (its reason, without the long launch URL). A long
// reason is cut, but not the hint the session added after it in brackets
// (the URL to try, the certificate to pin): cut with the rest at 140
// characters, the hint for https to a plain-http server lost the URL to
// try, and ended "…." (found by GUI QA).
func failureText(rep *session.Report) string {
	if rep.Ended == session.EndedCrashed {
		// mpsim's own window process ended, not the operator's portal; or
		// one of WebKit's, which a page's scripts can end (the web content
		// process's memory limit): the text names which.
		if p := rep.CrashedProcess(); p != session.WindowProcess {
			return "The simulator's portal window stopped unexpectedly (" + p + " ended); the developer view says why. Retry opens it again."
		}
		return "The simulator's portal window stopped unexpectedly (mpsim's window process ended, not the operator's portal); Retry opens it again."
	}
	for i := len(rep.Log) - 1; i >= 0; i-- {
		e := rep.Log[i]
		if e.Kind == session.KindLoadFailed && !strings.HasPrefix(e.Text, "while closing") && !strings.HasPrefix(e.Text, "navigation stopped") {
			reason, hint := splitHint(e.Text)
			text := "The operator's portal could not be loaded — " + truncateWords(reason, failureReasonRunes)
			if hint != "" {
				text += " " + hint
			}
			return endSentence(text)
		}
	}
	return "The operator's portal could not be loaded."
}

// failureReasonRunes is how many characters of a load failure's reason
// the pane's error page shows, its hint aside.
const failureReasonRunes = 140

// truncateWords is s cut to n characters or fewer, at a word's end if
// there is one in its second half, and marked "…".
func truncateWords(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := r[:n]
	if !unicode.IsSpace(r[n]) {
		for i := n - 1; i > n/2; i-- {
			if unicode.IsSpace(r[i]) {
				cut = r[:i]
				break
			}
		}
	}
	return strings.TrimRightFunc(string(cut), func(c rune) bool { return unicode.IsSpace(c) || strings.ContainsRune(",;:", c) }) + "…"
}

// splitHint parts a load failure's text into its reason and the hint in
// brackets that ends it, "(the server at … answers plain http; try
// http://…)" (session's loadFailure adds it), brackets included; hint is
// "" for a text that does not end in brackets.
func splitHint(text string) (reason, hint string) {
	text = strings.TrimSpace(text)
	if !strings.HasSuffix(text, ")") {
		return text, ""
	}
	depth := 0
	for i := len(text) - 1; i >= 0; i-- {
		switch text[i] {
		case ')':
			depth++
		case '(':
			depth--
		}
		if depth == 0 {
			if i == 0 {
				return text, "" // all of it in brackets: no reason before
			}
			return strings.TrimSpace(text[:i]), text[i:]
		}
	}
	return text, ""
}

// endSentence ends text with a full stop, unless it ends with one, an
// ellipsis, or another mark that ends a sentence.
func endSentence(text string) string {
	if strings.HasSuffix(text, ".") || strings.HasSuffix(text, "…") || strings.HasSuffix(text, "!") || strings.HasSuffix(text, "?") {
		return text
	}
	return text + "."
}

// handBackText is the app's next step after a hand-back, and, when the
// hand-back has errors, that the app may not take it (loop QA: "you
// bought …" beside a Result tab saying FAIL).
func handBackText(rep *session.Report, operator string) string {
	if res := rep.Result; res != nil {
		text := fmt.Sprintf("%s handed back without a purchase. Mobile Plans takes you back to its start page.", operator)
		if res.Success {
			plan := orDefault(res.PurchaseResult.PlanName, "a plan")
			text = fmt.Sprintf("%s handed back: you bought %s. Mobile Plans takes you to the plan's page.", operator, plan)
			if hasRightToLeft(plan) {
				// The label wraps: a right-to-left name has lines of its
				// own, broken in logical order (orderedLines).
				text = fmt.Sprintf("%s handed back: you bought\n%s\nMobile Plans takes you to the plan's page.", operator, orderedLines(plan, paneNameRunes))
			}
		}
		if rep.Verdict == bridge.VerdictFail {
			text += " But the hand-back has errors (verdict fail): the app may not take it so; the Result tab says why."
		}
		return text
	}
	return fmt.Sprintf("%s handed control back to Mobile Plans (verdict %s).", operator, rep.Verdict)
}

// paneNameRunes is how many characters of a right-to-left plan name a line
// of the pane's "Back in Windows" text holds.
const paneNameRunes = 40

// paneLoadingText is what the placeholder says until the portal is there.
const paneLoadingText = "Loading the operator's portal…"

// paneArea is the placeholder the portal's native window lies over; it is
// seen only for a moment, or where the portal does not reach, or while
// the portal is parked under a dialog. It says the portal is loading only
// while loading is set.
type paneArea struct {
	widget.BaseWidget
	onResize func()
	loading  bool
}

// setLoading shows or hides the placeholder's "Loading" (UI goroutine).
func (a *paneArea) setLoading(on bool) {
	if a.loading != on {
		a.loading = on
		a.Refresh()
	}
}

func newPaneArea() *paneArea {
	a := &paneArea{}
	a.ExtendBaseWidget(a)
	return a
}

// Resize lays the placeholder out and tells the pane at once: waiting for
// the next poll cost a frame of the host (about 100 ms in software GL).
func (a *paneArea) Resize(sz fyne.Size) {
	a.BaseWidget.Resize(sz)
	if a.onResize != nil {
		a.onResize()
	}
}

// MinSize keeps room for a usable portal.
func (a *paneArea) MinSize() fyne.Size { return fyne.NewSize(320, 240) }

// CreateRenderer implements fyne.Widget.
func (a *paneArea) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	text := canvas.NewText(paneLoadingText, theme.Color(theme.ColorNamePlaceHolder))
	r := &paneAreaRenderer{area: a, bg: bg, text: text, objects: []fyne.CanvasObject{bg, container.New(layout.NewCenterLayout(), text)}}
	r.text.Hidden = !a.loading
	return r
}

type paneAreaRenderer struct {
	area    *paneArea
	bg      *canvas.Rectangle
	text    *canvas.Text
	objects []fyne.CanvasObject
}

func (r *paneAreaRenderer) Layout(s fyne.Size) {
	for _, o := range r.objects {
		o.Resize(s)
		o.Move(fyne.Position{})
	}
}
func (r *paneAreaRenderer) MinSize() fyne.Size { return fyne.NewSize(320, 240) }
func (r *paneAreaRenderer) Refresh() {
	r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.text.Color = theme.Color(theme.ColorNamePlaceHolder)
	r.text.Hidden = !r.area.loading
	r.bg.Refresh()
	r.text.Refresh()
}
func (r *paneAreaRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *paneAreaRenderer) Destroy()                     {}
