// Command mpsim is the simulated Windows Mobile Plans host: it opens an
// operator's MO Direct portal in a real WebKit window with the launch the
// Mobile Plans app would send, injects the app's JavaScript bridge, and shows
// the decoded, validated hand-back. See README.md.
package main

import (
	"os"
	"runtime"

	"mpsim/app/internal/cli"
	_ "mpsim/app/internal/localefix" // before Fyne initialises
	"mpsim/app/internal/window"
)

func init() {
	// GTK (portal child) and GLFW (host UI) both need the main OS thread.
	runtime.LockOSThread()
}

func main() {
	env := cli.DefaultEnv()
	env.HostUI = runHostUI
	env.PortalWindow = window.Run
	os.Exit(cli.Main(os.Args[1:], env))
}
