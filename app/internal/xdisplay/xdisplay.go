// Package xdisplay checks that an X11 display takes clients before a window
// library tries it: GLFW (Fyne) panics when it cannot open the display, and
// a busy server (several sessions starting windows on one Xvfb at once) can
// refuse a connection for a moment. Pure Go: it speaks the first exchange of
// the X11 protocol only, over the local socket.
package xdisplay

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// SocketDir is where local X servers listen (/tmp/.X11-unix/X<n>).
const SocketDir = "/tmp/.X11-unix"

// ErrNotLocal is returned for a DISPLAY on another host: it is not checked.
var ErrNotLocal = errors.New("not a local display")

// ErrRefused wraps the reason of a server that answered but refused the
// client (for instance "Maximum number of clients reached"): a server is
// there, unlike when nothing answers.
var ErrRefused = errors.New("refused the connection")

// Number returns the display number of a local DISPLAY value (":0",
// ":1.0", "unix:2"), or ErrNotLocal (a host name, or not a DISPLAY value).
func Number(display string) (int, error) {
	host, rest, ok := strings.Cut(display, ":")
	if !ok || (host != "" && host != "unix") || strings.HasPrefix(rest, ":") {
		return 0, ErrNotLocal
	}
	num, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 {
		return 0, ErrNotLocal
	}
	return n, nil
}

// Check connects once to the local display and sends the X11 connection
// setup. It returns nil when the server answers it: accepted, or asking for
// authorization (the window library has the cookie). A server that cannot
// be reached or refuses the client for another reason is an error saying
// why; a display on another host is not checked (ErrNotLocal).
func Check(display, dir string, timeout time.Duration) error {
	n, err := Number(display)
	if err != nil {
		return err
	}
	path := fmt.Sprintf("%s/X%d", dir, n)
	c, err := net.DialTimeout("unix", "@"+path, timeout) // the abstract socket, as Xlib tries first
	if err != nil {
		if c, err = net.DialTimeout("unix", path, timeout); err != nil {
			return fmt.Errorf("display %s: %w", display, err)
		}
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(timeout))
	// Little-endian, protocol 11.0, no authorization.
	setup := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := c.Write(setup); err != nil {
		return fmt.Errorf("display %s: %w", display, err)
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(c, head); err != nil {
		return fmt.Errorf("display %s: no answer to the connection setup: %w", display, err)
	}
	switch head[0] {
	case 1, 2: // success, or authenticate
		return nil
	}
	reason := make([]byte, head[1])
	_, _ = io.ReadFull(c, reason)
	if r := strings.ToLower(string(reason)); strings.Contains(r, "authoriz") || strings.Contains(r, "protocol specified") {
		return nil // a cookie is needed: Xlib sends it
	}
	return fmt.Errorf("display %s %w: %s", display, ErrRefused, strings.TrimSpace(string(reason)))
}

// Wait checks the display every step until it answers or tries run out,
// and returns the last error. A display on another host is not checked.
func Wait(display string, tries int, step time.Duration) error {
	return wait(display, SocketDir, tries, step)
}

func wait(display, dir string, tries int, step time.Duration) error {
	var err error
	for i := range max(tries, 1) {
		if err = Check(display, dir, time.Second); err == nil || errors.Is(err, ErrNotLocal) {
			return nil
		}
		if i < tries-1 {
			time.Sleep(step)
		}
	}
	return err
}
