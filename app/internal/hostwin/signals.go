package hostwin

import (
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
)

// terminationSignals are what Ctrl+C in the terminal and a service manager's
// stop send.
func terminationSignals() []os.Signal { return []os.Signal{os.Interrupt, syscall.SIGTERM} }

// takeTerminationSignals makes SIGINT and SIGTERM close the host the way
// its close button does: graceful runs on Fyne's goroutine at the first
// signal (the running session ends and is saved, an embedded portal drops
// its window, then the window closes); a second signal quits at once.
//
// Fyne's own handler quits the app at once: the host's X11 window went
// while an embedded portal was still inside it (GTK criticals in the
// portal process) and the session was never saved. signal.Reset removes
// that handler, so this must run after Fyne's goroutine has registered it.
// That goroutine starts with Fyne's Run, yet was seen to register after
// the app's OnStarted had run: this runs once the host screen is built,
// after the workspace has opened. Should Fyne register later still, both
// handlers run and the host quits at once, as before.
func takeTerminationSignals(a fyne.App, graceful func()) (stop func()) {
	signal.Reset(terminationSignals()...)
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, terminationSignals()...)
	done := make(chan struct{})
	go func() {
		select {
		case <-signals:
			fyne.Do(graceful)
		case <-done:
			return
		}
		select {
		case <-signals:
			fyne.Do(a.Quit)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(signals)
		close(done)
	}
}
