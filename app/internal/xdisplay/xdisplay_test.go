package xdisplay

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		display string
		want    int
		local   bool
	}{
		{":0", 0, true}, {":153", 153, true}, {":1.0", 1, true}, {"unix:2", 2, true},
		{"host:0", 0, false}, {"", 0, false}, {":x", 0, false}, {"::1:0", 0, false}, {"/tmp/launch-x/org.xquartz:0", 0, false},
	}
	for _, tc := range tests {
		n, err := Number(tc.display)
		if (err == nil) != tc.local || (tc.local && n != tc.want) {
			t.Errorf("Number(%q) = %d, %v; want %d, local %v", tc.display, n, err, tc.want, tc.local)
		}
	}
}

// fakeServer answers the X11 connection setup on dir/X7 with reply (the
// first bytes of the server's answer), after delay.
func fakeServer(t *testing.T, dir string, reply []byte) {
	t.Helper()
	l, err := net.Listen("unix", filepath.Join(dir, "X7"))
	if err != nil {
		t.Error(err) // not Fatal: TestWait calls this from a goroutine of its own
		return
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 12)
			if _, err := c.Read(buf); err == nil && buf[0] == 'l' && buf[2] == 11 {
				c.Write(reply)
			}
			c.Close()
		}
	}()
}

// failed is a server's refusal with reason.
func failed(reason string) []byte {
	return append([]byte{0, byte(len(reason)), 11, 0, 0, 0, 0, 0}, reason...)
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		reply []byte
		want  string // "" accepted
	}{
		{"accepted", []byte{1, 0, 11, 0, 0, 0, 0, 0}, ""},
		{"asks for a cookie", failed("Authorization required, but no authorization protocol specified"), ""},
		{"no cookie", failed("No protocol specified\n"), ""},
		{"full", failed("Maximum number of clients reached"), "display :7 refused the connection: Maximum number of clients reached"},
		{"hangs up", nil, "no answer to the connection setup"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, err := os.MkdirTemp("", "x")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(dir)
			fakeServer(t, dir, tc.reply)
			err = Check(":7", dir, time.Second)
			if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Check = %v, want %q", err, tc.want)
			}
			if refused := errors.Is(err, ErrRefused); refused != (tc.name == "full") {
				t.Errorf("Check = %v: ErrRefused %v", err, refused)
			}
		})
	}
	if err := Check("remote:0", t.TempDir(), time.Second); !errors.Is(err, ErrNotLocal) {
		t.Errorf("remote display: %v", err)
	}
	// A real Xvfb, when there is one.
	if x := os.Getenv("DISPLAY"); x != "" {
		if err := Check(x, SocketDir, time.Second); err != nil {
			t.Errorf("DISPLAY=%s: %v", x, err)
		}
	}
}

// A display that comes up while Wait tries is taken; one that never comes
// is an error after the tries.
func TestWait(t *testing.T) {
	dir, err := os.MkdirTemp("", "x")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := wait(":7", dir, 3, 10*time.Millisecond); err == nil || !strings.Contains(err.Error(), "display :7") {
		t.Errorf("no server: %v", err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		fakeServer(t, dir, []byte{1, 0, 11, 0, 0, 0, 0, 0})
	}()
	if err := wait(":7", dir, 40, 25*time.Millisecond); err != nil {
		t.Errorf("a server that came up: %v", err)
	}
}
