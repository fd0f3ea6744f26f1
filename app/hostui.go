package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"mpsim/app/cli"
	"mpsim/app/host"
	"mpsim/app/portalproc"
	"mpsim/app/ui"
	"mpsim/assets"
)

// runHostUI opens the Fyne host window.
func runHostUI(env cli.Env, args []string) int {
	if env.Getenv("DISPLAY") == "" && env.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintln(env.Stderr, "mpsim: no display (DISPLAY is not set). Run it on a desktop, or use `mpsim run --headless` for unattended sessions.")
		return cli.ExitUsage
	}
	dir, err := host.ConfigDir()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim:", err)
		return cli.ExitUsage
	}
	h := host.New(dir, cli.DeviceSeed)
	defer h.Close()
	h.SetDemoChoice(env.Getenv("MPSIM_DEMO_CHOICE")) // scripted demos and screenshots
	if _, err := h.StartDemo(); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: the demo portal could not start:", err)
	}
	a := fyneapp.NewWithID("io.github.mpsim")
	a.SetIcon(fyne.NewStaticResource("mpsim.png", assets.Icon()))
	w := a.NewWindow("mpsim — Mobile Plans host")
	screen := ui.NewHostScreen(ui.Deps{
		Host:        h,
		Opener:      portalproc.Opener{Stderr: childStderr(env)},
		Accelerated: cli.Compositing(env.Getenv("MPSIM_COMPOSITING")),
	})
	w.SetContent(screen.BuildUI())
	w.Resize(fyne.NewSize(1100, 720))
	w.SetOnClosed(screen.Stop)
	if env.Getenv("MPSIM_AUTOOPEN") == "1" {
		go func() {
			time.Sleep(500 * time.Millisecond)
			fyne.Do(screen.Open)
		}()
	}
	w.ShowAndRun()
	return cli.ExitOK
}

func childStderr(env cli.Env) io.Writer {
	if env.Getenv("MPSIM_VERBOSE") == "1" {
		return os.Stderr
	}
	return nil
}
