package webkit

import (
	"errors"
	"io"
	"net"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestWarmListenerAnswersOnce checks the warm-up's own listener (no
// package net in the window): it listens on 127.0.0.1 only, takes one
// connection, reads its first bytes, closes it, and then takes no more.
func TestWarmListenerAnswersOnce(t *testing.T) {
	ln, port, err := loopbackListener()
	if err != nil {
		t.Fatalf("loopbackListener: %v", err)
	}
	done := make(chan struct{})
	go func() { answerOnce(ln); close(done) }()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("\x16\x03\x01 a ClientHello")); err != nil {
		t.Fatalf("write: %v", err)
	}
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	if n, err := c.Read(make([]byte, 16)); !errors.Is(err, io.EOF) {
		t.Errorf("read after the hello: %d bytes, %v; want the listener to close the connection (EOF)", n, err)
	}
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("answerOnce did not return after its one connection")
	}
	if c2, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c2.Close()
		t.Errorf("a second connection to %s was taken; the listener should be closed", addr)
	}
	if lc, err := net.Dial("tcp", "[::1]:"+strconv.Itoa(port)); err == nil {
		lc.Close()
		t.Errorf("the listener took a connection on ::1; it should be on 127.0.0.1 only")
	}
}

// TestReadableWaitsAtMost checks that the wait for a connection ends by
// its time when none comes.
func TestReadableWaitsAtMost(t *testing.T) {
	ln, _, err := loopbackListener()
	if err != nil {
		t.Fatalf("loopbackListener: %v", err)
	}
	start := time.Now()
	if readable(ln, 50*time.Millisecond) {
		t.Error("readable with no connection = true")
	}
	if took := time.Since(start); took < 50*time.Millisecond {
		t.Errorf("readable returned after %v, before its 50 ms", took)
	}
	_ = unix.Close(ln)
}
