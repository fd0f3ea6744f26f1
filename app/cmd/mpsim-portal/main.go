// Command mpsim-portal is mpsim's portal window: one webview_go (WebKitGTK)
// window per process, driven by the JSON lines of package ipc on stdin and
// stdout. mpsim and mpsim-host start it (package portalproc); it is not
// meant to be run by hand. It is a program of its own so that only the
// window process loads WebKitGTK and GTK (issue 15).
package main

import (
	"fmt"
	"os"
	"runtime"

	"mpsim/app/internal/window"
)

func init() {
	// GTK must stay on the main OS thread for the life of the process.
	runtime.LockOSThread()
}

func main() {
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "mpsim-portal: takes no arguments; mpsim starts it and speaks its IPC on standard input and output")
		os.Exit(2)
	}
	if err := window.RunStdio(); err != nil {
		fmt.Fprintln(os.Stderr, "mpsim-portal:", err)
		os.Exit(2)
	}
}
