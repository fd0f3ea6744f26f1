// Package xdisplay checks that an X11 display takes clients before a window
// library tries it: GLFW (Fyne) panics when it cannot open the display, and
// a busy server (several sessions starting windows on one Xvfb at once) can
// refuse a connection for a moment. Pure Go: it speaks the first exchange of
// the X11 protocol only, over the local socket.
package xdisplay

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
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
	c, err := open(display, dir, timeout)
	if c != nil {
		c.Close()
	}
	return err
}

// Reachable reports whether the local display's X server takes
// connections, without becoming its client: it connects to the server's
// socket (the abstract one first, as Xlib does) and hangs up before the
// connection setup. The X server counts only clients past the setup, so
// unlike Check this cannot make a server started without -noreset (a bare
// `Xvfb :99 &`) reset as its last client leaves, under the window process
// about to connect. A display on another host is not checked (ErrNotLocal).
func Reachable(display, dir string, timeout time.Duration) error {
	n, err := Number(display)
	if err != nil {
		return err
	}
	path := fmt.Sprintf("%s/X%d", dir, n)
	c, err := net.DialTimeout("unix", "@"+path, timeout)
	if err != nil {
		if c, err = net.DialTimeout("unix", path, timeout); err != nil {
			return fmt.Errorf("display %s: no X server answers at %s: %w", display, path, err)
		}
	}
	return c.Close()
}

// open is Check that returns the connection the server accepted, open (nil
// when it asked for authorization: the server hangs up then).
func open(display, dir string, timeout time.Duration) (net.Conn, error) {
	n, err := Number(display)
	if err != nil {
		return nil, err
	}
	path := fmt.Sprintf("%s/X%d", dir, n)
	c, err := net.DialTimeout("unix", "@"+path, timeout) // the abstract socket, as Xlib tries first
	if err != nil {
		if c, err = net.DialTimeout("unix", path, timeout); err != nil {
			return nil, fmt.Errorf("display %s: %w", display, err)
		}
	}
	accepted, err := setup(c, display, timeout)
	if !accepted {
		c.Close()
		return nil, err
	}
	_ = c.SetDeadline(time.Time{})
	return c, nil
}

// setup sends the connection setup on c and reads the server's whole
// answer: accepted says the server took the client. A server that asks for
// authorization is no error (the window library has the cookie).
func setup(c net.Conn, display string, timeout time.Duration) (accepted bool, err error) {
	_ = c.SetDeadline(time.Now().Add(timeout))
	// Byte order 'l' (little-endian), protocol 11.0, no authorization.
	req := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := c.Write(req); err != nil {
		return false, fmt.Errorf("display %s: %w", display, err)
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(c, head); err != nil {
		return false, fmt.Errorf("display %s: no answer to the connection setup: %w", display, err)
	}
	// The answer's length, in 4-byte units, is in bytes 6–7, for every kind.
	rest := make([]byte, int(binary.LittleEndian.Uint16(head[6:8]))*4)
	if _, err := io.ReadFull(c, rest); err != nil {
		return false, fmt.Errorf("display %s: a short answer to the connection setup: %w", display, err)
	}
	switch head[0] {
	case 1: // success
		return true, nil
	case 2: // authenticate
		return false, nil
	}
	reason := rest[:min(int(head[1]), len(rest))]
	if r := strings.ToLower(string(reason)); strings.Contains(r, "authoriz") || strings.Contains(r, "protocol specified") {
		return false, nil // a cookie is needed: Xlib sends it
	}
	return false, fmt.Errorf("display %s %w: %s", display, ErrRefused, strings.TrimSpace(string(reason)))
}

// Hold checks the display every step until it answers or tries run out,
// like Check, and keeps the connection that answered open until release
// (safe to call more than once) is called: call it once the window
// library has its own connection. An X server resets when its last client
// leaves unless started with -noreset — Xvfb as xvfb-run or a plain `Xvfb
// :99 &` starts it — and a client that connects during the reset fails:
// the host window's GLFW did, in 4 of 6 starts on one Xvfb, right after
// this check had closed its connection (2026-12-03). A display on another
// host is not checked.
func Hold(display string, tries int, step time.Duration) (release func(), err error) {
	c, err := hold(display, SocketDir, tries, step)
	var once sync.Once
	return func() {
		once.Do(func() {
			if c != nil {
				c.Close()
			}
		})
	}, err
}

func hold(display, dir string, tries int, step time.Duration) (net.Conn, error) {
	var err error
	for i := range max(tries, 1) {
		var c net.Conn
		if c, err = open(display, dir, time.Second); err == nil || errors.Is(err, ErrNotLocal) {
			return c, nil
		}
		if i < tries-1 {
			time.Sleep(step)
		}
	}
	return nil, err
}
