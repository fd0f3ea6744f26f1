package xdisplay

import (
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// acceptedScreens is a server's acceptance of the connection with a vendor
// name, two pixmap formats and a screen of each size, each with two
// depths (of one and three visuals), laid out as the X11 protocol says.
func acceptedScreens(sizes ...[2]int) []byte {
	le := binary.LittleEndian
	vendor := "The X.Org Foundation!" // 21 bytes, padded to 24
	data := make([]byte, 32)
	le.PutUint16(data[16:], uint16(len(vendor)))
	data[20], data[21] = byte(len(sizes)), 2
	data = append(data, pad4([]byte(vendor))...)
	data = append(data, make([]byte, 2*8)...)
	for _, s := range sizes {
		scr := make([]byte, 40)
		le.PutUint16(scr[20:], uint16(s[0]))
		le.PutUint16(scr[22:], uint16(s[1]))
		scr[39] = 2
		for _, visuals := range []int{1, 3} {
			depth := make([]byte, 8)
			le.PutUint16(depth[2:], uint16(visuals))
			scr = append(append(scr, depth...), make([]byte, 24*visuals)...)
		}
		data = append(data, scr...)
	}
	head := []byte{1, 0, 11, 0, 0, 0, 0, 0}
	le.PutUint16(head[6:], uint16(len(data)/4))
	return append(head, data...)
}

func TestRootSize(t *testing.T) {
	tests := []struct {
		name, display string
		reply         []byte
		w, h          int
		err           string // "" no error
	}{
		{"one screen", ":7", acceptedScreens([2]int{1024, 600}), 1024, 600, ""},
		{"the first of two", ":7.0", acceptedScreens([2]int{1280, 800}, [2]int{640, 480}), 1280, 800, ""},
		{"the second of two", ":7.1", acceptedScreens([2]int{1280, 800}, [2]int{640, 480}), 640, 480, ""},
		{"a screen it does not have", ":7.2", acceptedScreens([2]int{1280, 800}), 0, 0, ErrNoSize.Error()},
		{"cut short", ":7", accepted(36), 0, 0, ErrNoSize.Error()},
		{"asks for a cookie", ":7", failed("Authorization required, but no authorization protocol specified"), 0, 0, ErrNoSize.Error()},
		{"hangs up", ":7", nil, 0, 0, "no answer to the connection setup"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, err := os.MkdirTemp("", "x")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(dir)
			fakeServer(t, dir, tc.reply)
			w, h, err := rootSize(tc.display, dir, "", time.Second)
			if w != tc.w || h != tc.h || (tc.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.err) {
				t.Errorf("rootSize = %dx%d, %v; want %dx%d, %q", w, h, err, tc.w, tc.h, tc.err)
			}
		})
	}
	if _, _, err := RootSize("remote:0", "", time.Second); !errors.Is(err, ErrNotLocal) {
		t.Errorf("remote display: %v", err)
	}
}

// xauthEntry is one entry of an Xauthority file.
func xauthEntry(family uint16, addr, number, name string, data []byte) []byte {
	out := binary.BigEndian.AppendUint16(nil, family)
	for _, f := range [][]byte{[]byte(addr), []byte(number), []byte(name), data} {
		out = binary.BigEndian.AppendUint16(out, uint16(len(f)))
		out = append(out, f...)
	}
	return out
}

func TestFindCookie(t *testing.T) {
	mine, wild, other := []byte("0123456789abcdef"), []byte("wildwildwildwild"), []byte("otherotherotherX")
	tests := []struct {
		name    string
		entries [][]byte
		want    []byte
	}{
		{"this host and display", [][]byte{xauthEntry(256, "box", "3", cookieName, other), xauthEntry(256, "box", "7", cookieName, mine)}, mine},
		{"another host's", [][]byte{xauthEntry(256, "elsewhere", "7", cookieName, other)}, nil},
		{"any address", [][]byte{xauthEntry(0xffff, "", "7", cookieName, wild)}, wild},
		{"another protocol", [][]byte{xauthEntry(256, "box", "7", "XDM-AUTHORIZATION-1", other)}, nil},
		{"a cut entry", [][]byte{xauthEntry(256, "box", "7", cookieName, mine)[:20]}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Xauthority")
			var b []byte
			for _, e := range tc.entries {
				b = append(b, e...)
			}
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if got := findCookie(path, "box", "7"); string(got) != string(tc.want) {
				t.Errorf("findCookie = %q, want %q", got, tc.want)
			}
		})
	}
	if got := findCookie(filepath.Join(t.TempDir(), "none"), "box", "7"); got != nil {
		t.Errorf("no file: %q", got)
	}
}

// A real Xvfb started as xvfb-run starts it, with a cookie (-auth): the
// root window's size comes with the cookie from the Xauthority file, and
// without it is not known.
func TestRootSizeOfARealXvfb(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb is not installed (make deps)")
	}
	host, err := os.Hostname()
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	auth := filepath.Join(dir, "Xauthority")
	cookie := []byte("0123456789abcdef")
	// The display's number is known once Xvfb has started: a wild-number
	// entry serves it, as `xauth add` with the number would.
	if err := os.WriteFile(auth, xauthEntry(256, host, "", cookieName, cookie), 0o600); err != nil {
		t.Fatal(err)
	}
	display := startXvfb(t, "-screen", "0", "1024x600x24", "-nolisten", "tcp", "-auth", auth, "-noreset")
	if w, h, err := RootSize(display, auth, time.Second); w != 1024 || h != 600 || err != nil {
		t.Errorf("with the cookie: %dx%d, %v; want 1024x600", w, h, err)
	}
	if _, _, err := RootSize(display, "", time.Second); !errors.Is(err, ErrNoSize) {
		t.Errorf("without the cookie: %v, want ErrNoSize", err)
	}
}
