// Package hostwin is mpsim's host window: it opens the workspace, builds
// the Fyne host screen (package ui) into a real window and runs it. The
// mpsim-host program (app/cmd/mpsim-host) is this package and the command
// line; the end-to-end tests link it into their binary.
package hostwin

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/rymdport/portal/settings/appearance"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/history"
	"mpsim/app/internal/portalproc"
	"mpsim/app/internal/session"
	"mpsim/app/internal/settings"
	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/ui"
	"mpsim/app/internal/workspace"
	"mpsim/app/internal/xdisplay"
	"mpsim/assets"
)

// Run opens the Fyne host window and returns the exit code when it closes.
// The MPSIM_* variables of scripted demos and screenshots arrive checked in
// env.Settings (see 'mpsim help environment' and scripts/screenshot.sh).
func Run(env cli.Env, args []string) (code int) {
	display := env.Getenv("DISPLAY")
	if msg := displayProblem(env.Getenv, nativeWayland); msg != "" {
		fmt.Fprintln(env.Stderr, msg)
		return cli.ExitUsage
	}
	// GLFW panics when it cannot open the display, and a busy server can
	// refuse a client for a moment (several windows starting on one Xvfb):
	// try it for a second first, and never show the user a Go panic.
	// The check's connection stays open until GLFW has its own (OnStarted):
	// an Xvfb without -noreset resets when its last client leaves, and
	// GLFW then failed to open the display in 4 of 6 starts.
	release := func() {}
	if display != "" {
		held, err := xdisplay.Hold(display, 8, 125*time.Millisecond)
		if err != nil && !errors.Is(err, xdisplay.ErrRefused) {
			fmt.Fprintf(env.Stderr, "mpsim: cannot open the display (DISPLAY=%s): %v. Run it on a desktop, or use `mpsim run --headless` for unattended sessions.\n", display, err)
			return cli.ExitUsage
		}
		release = held
	}
	defer release()
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(env.Stderr, "mpsim: the window could not open (DISPLAY=%s): %v\n", display, p)
			code = cli.ExitUsage
		}
	}()
	// A configuration directory the host cannot write in opens read-only,
	// as `mpsim run` does: the window says once that changes will not be
	// saved (hostConfig.notice).
	cfg, err := openConfigDir()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim:", err)
		return cli.ExitUsage
	}
	// The workspace (device, certificate, demo portal) opens once the window
	// is up (issue 15: exec → window mapped). With -c FILE it opens first, as
	// before: a path that cannot be resolved stops mpsim before any window
	// (the file itself is read at each use, so that edits apply at once).
	var ws openedWorkspace
	defer ws.close()
	if env.ConfigFile != "" {
		h, err := workspace.Open(cfg.dir, cfg.options(env.ConfigFile))
		if err != nil {
			fmt.Fprintln(env.Stderr, "mpsim:", err)
			return cli.ExitUsage
		}
		ws.set(startWorkspace(env, cfg, h))
	}
	// Fyne's own preferences (the file dialog's last folder) are kept in
	// the configuration directory, as the host's choices are, not in
	// Fyne's file that every configuration directory shared; Fyne's own
	// words (its dialogs' buttons) are English, as the host's are.
	a := newFyneApp(func() fyne.App { return fyneapp.NewWithID("io.github.mpsim") }, cfg.dir, cfg.unwritable == nil)
	// The theme is set before Fyne starts: the "Starting mpsim…" window
	// has it, and Fyne does not start the watch of its settings directory,
	// which it may be unable to make (newFyneApp), nor its own lookup of
	// the desktop's colour scheme, which the host makes (desktopTheme).
	// The desktop's answer comes with the workspace: where it is dark and
	// nothing else chose, the window turns dark once the host is built.
	prefs := cfg.hostPrefs()
	a.Settings().SetTheme(ui.NewTheme(ui.StartDark(env.Settings.Theme, prefs, "")))
	// The app's icon is every window's (the host's, and its dialogs'); a
	// small one, as window managers show them (assets.WindowIcon).
	a.SetIcon(fyne.NewStaticResource("mpsim-64.png", assets.WindowIcon()))
	// The presenter's logo is drawn large: the full-size icon.
	icon := fyne.NewStaticResource("mpsim.png", assets.Icon())
	w := a.NewWindow("mpsim — Mobile Plans host")
	// The window shows first, with a placeholder, and the host screen is
	// built once it is up (issue 15: exec → window mapped): building it takes
	// most of the start-up (see docs/performance.md).
	w.SetContent(container.NewCenter(widget.NewLabel("Starting mpsim…")))
	screen := screenSize(env, display)
	w.Resize(fitWindow(screen, 1)) // the canvas's scale is known once the window is up
	var host *ui.HostScreen
	watch := &exitWatch{grace: quitGrace, exit: os.Exit, stderr: env.Stderr}
	w.SetOnClosed(func() {
		watch.arm() // should Fyne never return from ShowAndRun
		if host != nil {
			host.Stop()
			host.Detach() // a session that ends after the window reaches no widget
		}
	})
	// Until the host screen is built, SIGINT and SIGTERM quit at once (Fyne's
	// handler): there is no session to end first.
	stopSignals := func() {}
	a.Lifecycle().SetOnStarted(func() {
		release() // GLFW has its connection to the display
		go func() {
			system := make(chan string, 1)
			go func() { system <- desktopTheme(env.Getenv, appearance.GetColorScheme, colorSchemeWait) }()
			h := ws.get()
			if h == nil {
				h = ws.set(openWorkspace(env, cfg))
			}
			look := hostLook{prefs: prefs, systemTheme: <-system, notice: cfg.windowNotice(h)}
			fyne.Do(func() {
				if sc := w.Canvas().Scale(); sc != 1 {
					w.Resize(fitWindow(screen, sc)) // a HiDPI screen: fewer units fit
				}
				var closeHost func()
				host, closeHost = buildHost(env, a, w, h, icon, look)
				stopSignals = takeTerminationSignals(a, closeHost)
			})
		}()
	})
	w.ShowAndRun()
	if host != nil {
		host.Detach() // Fyne's loop has stopped: nothing more reaches a widget (FollowFocus)
	}
	stopSignals()
	return cli.ExitOK
}

// openWorkspace opens the workspace in cfg's directory (an empty one if it
// cannot be read) and starts it.
func openWorkspace(env cli.Env, cfg hostConfig) *workspace.Workspace {
	h, err := workspace.Open(cfg.dir, cfg.options(""))
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim:", err)
		h = workspace.New(cfg.dir, cli.DeviceSeed)
	}
	return startWorkspace(env, cfg, h)
}

// screenshotProblem says why the sessions cannot take screenshots into
// the screenshot cache (workspace.ScreenshotRoot): its folder cannot be
// made; nil when it can. `mpsim run` asks the same before its session.
func screenshotProblem() error { return workspace.ScreenshotRootProblem() }

// startWorkspace prints h's notices, applies the demo settings and starts
// the demo portal. It warns, as `mpsim run` does, when the sessions
// cannot take screenshots, and when changes will not be saved in the
// configuration directory cfg (hostConfig.notice); the window says them
// too (ui.Deps.ScreenshotProblem, ui.Deps.ConfigNotice).
func startWorkspace(env cli.Env, cfg hostConfig, h *workspace.Workspace) *workspace.Workspace {
	for _, n := range h.Notices() {
		fmt.Fprintln(env.Stderr, "mpsim:", n)
	}
	if n := cfg.notice(h); n != "" {
		fmt.Fprintln(env.Stderr, "mpsim: warning:", termsafe.Line(n))
	}
	if err := screenshotProblem(); err != nil {
		fmt.Fprintf(env.Stderr, "mpsim: warning: no screenshots: %s; set XDG_CACHE_HOME to a directory you can write\n", termsafe.Line(err.Error()))
	}
	set := env.Settings
	h.SetDemoChoice(set.DemoChoice)
	h.SetDemoBreakPolicies(set.DemoBreak)
	if err := h.SetDemoAPI(set.DemoAPI); err != nil { // legacy or inline
		fmt.Fprintln(env.Stderr, "mpsim:", err)
	}
	if _, err := h.StartDemo(); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: the demo portal could not start:", err)
	}
	return h
}

// openedWorkspace is the host's workspace, opened on another goroutine
// than the one that closes it when the window has gone.
type openedWorkspace struct {
	mu     sync.Mutex
	h      *workspace.Workspace
	closed bool
}

func (o *openedWorkspace) get() *workspace.Workspace {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.h
}

// set keeps h, or closes it when the host has already gone.
func (o *openedWorkspace) set(h *workspace.Workspace) *workspace.Workspace {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		h.Close()
		return h
	}
	o.h = h
	return h
}

func (o *openedWorkspace) close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	if o.h != nil {
		o.h.Close()
	}
}

// hostLook is what the host screen's look starts from: the host's kept
// choices, the desktop's theme ("" when it says nothing) and what the
// window says of its configuration directory ("" when it can be written).
type hostLook struct {
	prefs       ui.Prefs
	systemTheme string
	notice      string
}

// buildHost builds the host screen into w, on Fyne's goroutine, and starts
// the MPSIM_AUTOOPEN sessions once the window has its X11 id. closeHost
// closes the window the way its close button does.
func buildHost(env cli.Env, a fyne.App, w fyne.Window, h *workspace.Workspace, icon fyne.Resource, look hostLook) (screen *ui.HostScreen, closeHost func()) {
	set := env.Settings
	tab := set.Tab
	sessions := set.AutoOpen  // MPSIM_AUTOOPEN=N runs N sessions in a row
	var warm *portalproc.Warm // an idle portal process between sessions (MPSIM_WARM)
	if !set.NoWarm {
		warm = portalproc.NewWarm(portalproc.Opener{Stderr: childStderr(set)})
	}
	accelerated := cli.Compositing(set.Compositing)
	native := &fyneNative{w: w}
	// prepare readies the idle process for where the next portal opens:
	// inside the host window (its X11 id) or in a window of its own (0).
	prepare := func() {
		if warm != nil {
			var parent uint64
			if screen.OpensInside() {
				parent = native.X11Window()
			}
			go func() { _ = warm.Prepare(accelerated, parent) }() // a failure shows when a session opens
		}
	}
	runner, windows, store := hostRunner(env, h, warm, native.X11Window)
	screen = ui.NewHostScreen(ui.Deps{
		Prefs:            look.prefs, // per configuration directory
		Native:           native,
		Workspace:        runner,
		PortalWindows:    windows,
		History:          store,
		Accelerated:      accelerated,
		Initial:          workspace.LaunchRequest{Preset: set.Preset, PortalURL: env.HostLaunch.PortalURL},
		InitialTrustCert: env.HostLaunch.TrustCert,
		LiveLogRedraw:    ui.LiveLogRedrawDelay,
		LiveLogHold:      ui.LiveLogHoldDelay,
		// The window's UI goroutine decodes no screenshot.
		ThumbnailsInBackground: true,
		App:                    a,
		Icon:                   icon,
		Theme:                  set.Theme,
		Demo:                   ui.DemoSettings{Choice: set.DemoChoice, API: set.DemoAPI, Break: set.DemoBreak},
		SystemTheme:            look.systemTheme,
		PortalAt:               portalAt(set.PortalAt),
		ScreenshotProblem:      screenshotProblem,
		ConfigNotice:           look.notice,
		// The user moved the portal: the idle process is for the other place.
		PortalPlaceChanged: prepare,
		AfterSession: func(session.Report) {
			if set.Inspect {
				screen.InspectFirstCall()
			}
			if tab != "" {
				screen.ShowTab(tab)
			}
			if sessions--; sessions > 0 {
				openNext(screen, set.Scenario)
				return
			}
			prepare() // the next Open portal finds a process waiting
		},
	})
	w.SetContent(screen.WithFocusRing(screen.BuildUI(), ui.FocusFollowEvery)) // the focused control ringed
	screen.AddShortcuts(w.Canvas())
	screen.FollowFocus(w.Canvas(), ui.FocusFollowEvery) // Tab's focus kept in view
	if tab != "" {
		screen.ShowTab(tab)
	}
	if set.Scenario != "" {
		if err := screen.OpenScenario(set.Scenario); err != nil {
			fmt.Fprintf(env.Stderr, "mpsim: %s=%s: %v\n", settings.Scenario, set.Scenario, err)
		}
	}
	screen.SetPresenter(set.Presenter)
	// An embedded portal drops its window before the host's window goes,
	// and the running session ends and is saved first.
	closeHost = func() {
		if warm != nil {
			warm.Close()
		}
		screen.CloseWhenIdle(w.Close)
	}
	w.SetCloseIntercept(closeHost)
	a.Lifecycle().SetOnEnteredForeground(screen.HostActivated)
	// The first automatic session waits for the window's X11 id, so that
	// it opens inside the host when it can.
	native.whenShown(func() {
		screen.NativeReady()
		prepare()
		if sessions > 0 {
			go func() {
				time.Sleep(300 * time.Millisecond)
				fyne.Do(func() { openNext(screen, set.Scenario) })
			}()
		}
	})
	return screen, closeHost
}

// openNext opens the next automatic session: the scenario's picked cell
// when MPSIM_SCENARIO named one, the form's launch otherwise.
func openNext(screen *ui.HostScreen, scenario string) {
	if scenario != "" {
		screen.RunScenario()
		return
	}
	screen.Open()
}

// hostRunner is the host window's session runner: portal windows from this
// binary (opened through a ui.PortalWindows, through which the DevTools
// check reaches the running one), every session saved in the history (nil
// when it is off), which the History tab lists across restarts. A portal in
// a window of its own is made transient for the host's window, whose X11 id
// hostXID returns (0: none). A window closing for a hand-back gives way to
// the host (Opener.YieldAtHandBack): its final page's record runs at a
// lower priority than the frame that shows the result.
func hostRunner(env cli.Env, h *workspace.Workspace, warm *portalproc.Warm, hostXID func() uint64) (workspace.Runner, *ui.PortalWindows, *history.Store) {
	windows := ui.NewPortalWindows(portalproc.Opener{Stderr: childStderr(env.Settings), Warm: warm, TransientFor: hostXID, YieldAtHandBack: true})
	runner := workspace.Runner{Workspace: h, Opener: windows}
	store, err := history.Open(env.Getenv, env.Settings)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: warning: sessions are not saved in the history:", err)
	}
	if store != nil {
		runner.Recorder = history.Recorder{Store: store, Source: history.SourceHost}
	}
	return runner, windows, store
}

// portalAt is MPSIM_PORTAL_AT as a Fyne position; nil means the default place.
func portalAt(p *settings.Point) *fyne.Position {
	if p == nil {
		return nil
	}
	return &fyne.Position{X: p.X, Y: p.Y}
}

func childStderr(set settings.Settings) io.Writer {
	if set.Verbose {
		return os.Stderr
	}
	return nil
}
