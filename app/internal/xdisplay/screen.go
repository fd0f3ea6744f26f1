package xdisplay

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// ErrNoSize is returned by RootSize when the server did not say its
// screens' sizes: it wants a cookie the Xauthority file does not hold, or
// its answer is not one this package reads.
var ErrNoSize = errors.New("the screen size is not known")

// cookieName is the one authorization protocol RootSize speaks, as Xvfb
// (xvfb-run) and desktop X servers use it.
const cookieName = "MIT-MAGIC-COOKIE-1"

// RootSize returns the size in pixels of the root window of DISPLAY's
// screen (":0" the first, ":0.1" the second), which the server says in
// its answer to the connection setup. xauthority is the Xauthority file
// (XAUTHORITY, or ~/.Xauthority) whose MIT-MAGIC-COOKIE-1 for the display
// is sent, as Xlib does; "" sends none. A display on another host is not
// asked (ErrNotLocal); a server that wants a cookie it is not given is
// ErrNoSize.
func RootSize(display, xauthority string, timeout time.Duration) (width, height int, err error) {
	return rootSize(display, SocketDir, xauthority, timeout)
}

func rootSize(display, dir, xauthority string, timeout time.Duration) (width, height int, err error) {
	n, err := Number(display)
	if err != nil {
		return 0, 0, err
	}
	screen := 0
	if _, s, ok := strings.Cut(display[strings.LastIndex(display, ":")+1:], "."); ok {
		if screen, err = strconv.Atoi(s); err != nil || screen < 0 {
			return 0, 0, ErrNotLocal
		}
	}
	var cookie []byte
	if xauthority != "" {
		host, _ := os.Hostname()
		cookie = findCookie(xauthority, host, strconv.Itoa(n))
	}
	path := fmt.Sprintf("%s/X%d", dir, n)
	c, err := net.DialTimeout("unix", "@"+path, timeout)
	if err != nil {
		if c, err = net.DialTimeout("unix", path, timeout); err != nil {
			return 0, 0, fmt.Errorf("display %s: %w", display, err)
		}
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(timeout))
	if _, err := c.Write(setupRequest(cookie)); err != nil {
		return 0, 0, fmt.Errorf("display %s: %w", display, err)
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(c, head); err != nil {
		return 0, 0, fmt.Errorf("display %s: no answer to the connection setup: %w", display, err)
	}
	rest := make([]byte, int(binary.LittleEndian.Uint16(head[6:8]))*4)
	if _, err := io.ReadFull(c, rest); err != nil {
		return 0, 0, fmt.Errorf("display %s: a short answer to the connection setup: %w", display, err)
	}
	if head[0] != 1 {
		return 0, 0, fmt.Errorf("display %s: %w", display, ErrNoSize)
	}
	w, h, ok := screenSize(rest, screen)
	if !ok {
		return 0, 0, fmt.Errorf("display %s: screen %d: %w", display, screen, ErrNoSize)
	}
	return w, h, nil
}

// setupRequest is the connection setup, little-endian, protocol 11.0, with
// the MIT-MAGIC-COOKIE-1 cookie when there is one.
func setupRequest(cookie []byte) []byte {
	req := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if len(cookie) == 0 {
		return req
	}
	binary.LittleEndian.PutUint16(req[6:], uint16(len(cookieName)))
	binary.LittleEndian.PutUint16(req[8:], uint16(len(cookie)))
	req = append(req, pad4([]byte(cookieName))...)
	return append(req, pad4(cookie)...)
}

// pad4 is b followed by zeros up to a multiple of 4 bytes.
func pad4(b []byte) []byte {
	return append(append([]byte(nil), b...), make([]byte, (4-len(b)%4)%4)...)
}

// screenSize reads the width and height of screen from the additional
// data of the server's acceptance (X11 protocol, "Connection Setup"):
// fixed fields, the vendor, the pixmap formats, then the screens, each with
// its depths and their visuals.
func screenSize(data []byte, screen int) (width, height int, ok bool) {
	if len(data) < 32 {
		return 0, 0, false
	}
	le := binary.LittleEndian
	vendor := int(le.Uint16(data[16:18]))
	screens, formats := int(data[20]), int(data[21])
	if screen >= screens {
		return 0, 0, false
	}
	off := 32 + (vendor+3)/4*4 + 8*formats
	for i := 0; ; i++ {
		if off+40 > len(data) {
			return 0, 0, false
		}
		if i == screen {
			return int(le.Uint16(data[off+20:])), int(le.Uint16(data[off+22:])), true
		}
		depths := int(data[off+39])
		off += 40
		for range depths {
			if off+8 > len(data) {
				return 0, 0, false
			}
			off += 8 + 24*int(le.Uint16(data[off+2:]))
		}
	}
}

// findCookie returns the MIT-MAGIC-COOKIE-1 of display number in the
// Xauthority file at path: an entry for this host's local connections or
// for any address, and for that display or any; nil when there is none.
func findCookie(path, host, number string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	const familyLocal, familyWild = 256, 0xffff
	r := bytes.NewReader(b)
	for {
		var family uint16
		if binary.Read(r, binary.BigEndian, &family) != nil {
			return nil
		}
		var f [4][]byte // address, number, name, data
		for i := range f {
			if f[i] = readCounted(r); f[i] == nil {
				return nil
			}
		}
		addrOK := family == familyWild || family == familyLocal && string(f[0]) == host
		numOK := len(f[1]) == 0 || string(f[1]) == number
		if addrOK && numOK && string(f[2]) == cookieName {
			return f[3]
		}
	}
}

// readCounted reads a big-endian 16-bit length and that many bytes; nil at
// the end of the file or a short entry.
func readCounted(r *bytes.Reader) []byte {
	var n uint16
	if binary.Read(r, binary.BigEndian, &n) != nil {
		return nil
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil
	}
	return b
}
