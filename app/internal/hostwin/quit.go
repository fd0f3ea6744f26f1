package hostwin

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// quitGrace is how long the host process may take to end once its window
// has closed: the session was saved before the close (CloseWhenIdle), and
// what is left — Fyne's teardown and the workspace's — takes milliseconds.
const quitGrace = 5 * time.Second

// exitWatch ends the process a grace period after the host window closed,
// should Fyne not end it. Its GLFW driver can wait forever for a lifecycle
// event queued while its loop was stopping: seen once in about twenty
// closes under Xvfb (2026-12-03), SIGTERM given, the window gone, goroutine
// 1 in Lifecycle.WaitForEvents and the event queue in runOnMainWithWait,
// for 34 minutes, until SIGQUIT. fyne-io/fyne#5724 is alike.
type exitWatch struct {
	grace  time.Duration
	exit   func(code int)
	stderr io.Writer
	once   sync.Once
}

// arm starts the grace period, once: later calls do nothing.
func (x *exitWatch) arm() {
	x.once.Do(func() {
		time.AfterFunc(x.grace, func() {
			fmt.Fprintf(x.stderr, "mpsim: the window closed %s ago and the window toolkit has not ended the host; ending it (the session was saved)\n", x.grace)
			x.exit(0)
		})
	})
}
