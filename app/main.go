// Command mpsim is the simulated Windows Mobile Plans host: it opens an
// operator's MO Direct portal in a real WebKit window with the launch the
// Mobile Plans app would send, injects the app's JavaScript bridge, and shows
// the decoded, validated hand-back. See README.md.
//
// This is the command line. It links neither WebKitGTK nor Fyne, so the
// commands that open no window (url, validate, device, presets, --version)
// start in milliseconds (issue 15). The windows are helper executables
// installed with it (package sibling): mpsim-portal hosts the portal
// window, which every session starts, and mpsim-host is the Fyne host
// window, which mpsim with no command (or mpsim ui) turns into by exec.
package main

import (
	"fmt"
	"io"
	"os"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/sibling"
)

// hostUI and portalWindow are the entry points that need a window; in the
// released command they exec the helper. The end-to-end tests link the
// windows themselves into the test binary (e2e_main_test.go).
var (
	hostUI = func(env cli.Env, _ []string) int {
		err := sibling.Exec(sibling.Host, os.Args[1:])
		fmt.Fprintln(env.Stderr, "mpsim: the host window:", err)
		return cli.ExitUsage
	}
	portalWindow = func(io.Reader, io.Writer) error {
		return sibling.Exec(sibling.Portal, nil)
	}
)

func main() {
	env := cli.DefaultEnv()
	env.HostUI = hostUI
	env.PortalWindow = portalWindow
	os.Exit(cli.Main(os.Args[1:], env))
}
