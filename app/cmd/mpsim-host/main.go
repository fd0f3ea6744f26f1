// Command mpsim-host is mpsim's host window (Fyne). `mpsim` with no command
// (or `mpsim ui`) execs it with its own arguments, so it parses the same
// command line; run directly it is the whole command line plus the window.
// It is a program of its own so that the mpsim command line does not load
// Fyne's GL and X11 libraries (issue 15); it never loads WebKitGTK either:
// portal windows run in mpsim-portal.
package main

import (
	"io"
	"os"
	"runtime"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/hostwin"
	_ "mpsim/app/internal/localefix" // before Fyne initialises
	"mpsim/app/internal/sibling"
)

func init() {
	// GLFW needs the main OS thread.
	runtime.LockOSThread()
}

func main() {
	env := cli.DefaultEnv()
	env.HostUI = hostwin.Run
	env.PortalWindow = func(io.Reader, io.Writer) error { return sibling.Exec(sibling.Portal, nil) }
	os.Exit(cli.Main(os.Args[1:], env))
}
