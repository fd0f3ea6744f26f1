package main

import (
	"io"
	"runtime"

	"mpsim/app/internal/hostwin"
	"mpsim/app/internal/window"
)

// The test binary doubles as mpsim (TestMain, MPSIM_TEST_MAIN=1) and, with
// no mpsim-portal next to it, as the portal window too: portalproc falls
// back to `<test binary> portal`, which runs the window linked in here.
func init() {
	// GTK needs the main OS thread.
	runtime.LockOSThread()
	portalWindow = func(io.Reader, io.Writer) error { return window.RunStdio() }
	hostUI = hostwin.Run
}
