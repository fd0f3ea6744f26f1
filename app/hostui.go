package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/portalproc"
	"mpsim/app/internal/session"
	"mpsim/app/internal/ui"
	"mpsim/app/internal/workspace"
	"mpsim/assets"
)

// Environment variables of the host window, for scripted demos and
// screenshots (see scripts/screenshot.sh).
const (
	envAutoOpen   = "MPSIM_AUTOOPEN"    // "1": open the portal once the window shows
	envDemoChoice = "MPSIM_DEMO_CHOICE" // the demo portal completes on its own (buy, buy-slow, cancel …)
	envPresenter  = "MPSIM_PRESENTER"   // "1": start in presenter mode
	envTheme      = "MPSIM_THEME"       // "dark" or "light"; default: the system's
	envPreset     = "MPSIM_PRESET"      // a launch preset to preselect
	envTab        = "MPSIM_TAB"         // the tab to show: Launch, Device, Result, eSIM lifecycle, History
	envInspect    = "MPSIM_INSPECT"     // "1": inspect the first bridge call after a session
	envPortalAt   = "MPSIM_PORTAL_AT"   // "X,Y": where the portal window opens
)

// runHostUI opens the Fyne host window.
func runHostUI(env cli.Env, args []string) int {
	if env.Getenv("DISPLAY") == "" && env.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintln(env.Stderr, "mpsim: no display (DISPLAY is not set). Run it on a desktop, or use `mpsim run --headless` for unattended sessions.")
		return cli.ExitUsage
	}
	dir, err := workspace.ConfigDir()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim:", err)
		return cli.ExitUsage
	}
	h, err := workspace.Open(dir, workspace.Options{PresetsFile: env.ConfigFile})
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim:", err)
		if env.ConfigFile != "" {
			return cli.ExitUsage
		}
		h = workspace.New(dir, cli.DeviceSeed)
	}
	defer h.Close()
	for _, n := range h.Notices() {
		fmt.Fprintln(env.Stderr, "mpsim:", n)
	}
	h.SetDemoChoice(env.Getenv(envDemoChoice))
	if err := h.SetDemoAPI(env.Getenv("MPSIM_DEMO_API")); err != nil { // legacy or inline
		fmt.Fprintln(env.Stderr, "mpsim:", err)
	}
	if _, err := h.StartDemo(); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: the demo portal could not start:", err)
	}
	a := fyneapp.NewWithID("io.github.mpsim")
	icon := fyne.NewStaticResource("mpsim.png", assets.Icon())
	a.SetIcon(icon)
	w := a.NewWindow("mpsim — Mobile Plans host")
	w.SetIcon(icon)
	tab := env.Getenv(envTab)
	sessions, _ := strconv.Atoi(env.Getenv(envAutoOpen)) // MPSIM_AUTOOPEN=N runs N sessions in a row
	var screen *ui.HostScreen
	screen = ui.NewHostScreen(ui.Deps{
		Host:        h,
		Opener:      portalproc.Opener{Stderr: childStderr(env)},
		Accelerated: cli.Compositing(env.Getenv("MPSIM_COMPOSITING")),
		Initial:     workspace.LaunchRequest{Preset: env.Getenv(envPreset)},
		App:         a,
		Icon:        icon,
		Theme:       env.Getenv(envTheme),
		PortalAt:    portalAt(env.Getenv(envPortalAt)),
		AfterSession: func(session.Report) {
			if env.Getenv(envInspect) == "1" {
				screen.InspectFirstCall()
			}
			if tab != "" {
				screen.ShowTab(tab)
			}
			if sessions--; sessions > 0 {
				screen.Open()
			}
		},
	})
	w.SetContent(screen.BuildUI())
	screen.AddShortcuts(w.Canvas())
	if tab != "" {
		screen.ShowTab(tab)
	}
	screen.SetPresenter(env.Getenv(envPresenter) == "1")
	w.Resize(fyne.NewSize(1180, 760))
	w.SetOnClosed(screen.Stop)
	if sessions > 0 {
		go func() {
			time.Sleep(500 * time.Millisecond)
			fyne.Do(screen.Open)
		}()
	}
	w.ShowAndRun()
	return cli.ExitOK
}

// portalAt parses "X,Y"; anything else means the default place.
func portalAt(s string) *fyne.Position {
	var x, y float32
	if _, err := fmt.Sscanf(s, "%g,%g", &x, &y); err != nil {
		return nil
	}
	return &fyne.Position{X: x, Y: y}
}

func childStderr(env cli.Env) io.Writer {
	if env.Getenv("MPSIM_VERBOSE") == "1" {
		return os.Stderr
	}
	return nil
}
