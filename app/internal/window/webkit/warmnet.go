package webkit

// A view's network process sets up its TLS backend, its proxy resolver and
// the system's certificate store on its first HTTPS request: on this
// machine 40–60 ms of the first portal request (strace of a warm window's
// network process: the GIO TLS module loaded, libproxy and the GNOME proxy
// settings read, a D-Bus session looked for, ca-certificates.crt parsed).
// A view made ahead of its session (a warm window) can have that done
// before the session starts: WarmNetwork asks its context for a download
// from a loopback address that closes every connection, which goes through
// all of it and fails, invisibly to the page and to the session's network
// record (a download is the context's, not the page's). It also loads the
// window process's own TLS backend, which the session's pinned certificates
// need (15–30 ms of a warm start before this).

/*
#include <stdlib.h>
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include "warmnet.h"

static void mpsim_warm_done(WebKitDownload *d, gpointer data) {
	(void)data;
	g_object_unref(d);
}

static void mpsim_warm_network(WebKitWebView *v, const char *uri) {
	// This process's own TLS backend, which parsing the session's pinned
	// certificates loads (GIO's TLS module and GnuTLS: 15-30 ms).
	g_tls_backend_get_default();
	if (v == NULL) return;
	WebKitWebContext *ctx = webkit_web_view_get_context(v);
	WebKitDownload *d = webkit_web_context_download_uri(ctx, uri);
	if (d == NULL) return;
	// Not the page's: a session whose inspection starts before WebKit
	// reports this download must not record it (see on_download).
	g_object_set_data(G_OBJECT(d), WARM_DOWNLOAD_MARK, GINT_TO_POINTER(1));
	// "finished" follows "failed" too; the download holds the one reference.
	g_signal_connect(d, "finished", G_CALLBACK(mpsim_warm_done), NULL);
}
*/
import "C"

import (
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// WarmNetwork has the network process of the view in gtkWindow (a
// webview_go window) make one HTTPS request to a loopback listener that
// closes the connection, so that the session's first request finds TLS, the
// proxy resolver and the certificate store ready. On the GTK thread; it
// returns at once, and the listener closes after its connection or 10 s.
//
// The listener is a socket of its own (loopbackListener), not package net:
// net and what it brings (its resolver, its poller) were 0.46 MB of the
// window's 5.4 MB binary, which every window process maps in full (issue
// 15: the tree's PSS), for this one listener.
func WarmNetwork(gtkWindow unsafe.Pointer) {
	ln, port, err := loopbackListener()
	if err != nil {
		return
	}
	go answerOnce(ln)
	uri := C.CString("https://127.0.0.1:" + strconv.Itoa(port) + "/mpsim-warm-up")
	defer C.free(unsafe.Pointer(uri))
	C.mpsim_warm_network(webViewOf(gtkWindow), uri)
}

// loopbackListener opens a TCP listener on 127.0.0.1, at a port the
// kernel chooses; it returns its descriptor and port.
func loopbackListener() (fd, port int, err error) {
	fd, err = unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, 0, err
	}
	err = unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}})
	if err == nil {
		err = unix.Listen(fd, 1)
	}
	var sa unix.Sockaddr
	if err == nil {
		sa, err = unix.Getsockname(fd)
	}
	in4, ok := sa.(*unix.SockaddrInet4)
	if err != nil || !ok {
		_ = unix.Close(fd)
		if err == nil {
			err = unix.EAFNOSUPPORT
		}
		return -1, 0, err
	}
	return fd, in4.Port, nil
}

// answerOnce takes one connection on the listener ln within 10 s, reads
// what the client sends first within 2 s (its ClientHello: the certificate
// store is loaded by then) and closes both.
func answerOnce(ln int) {
	defer unix.Close(ln)
	if !readable(ln, 10*time.Second) {
		return
	}
	c, _, err := unix.Accept4(ln, unix.SOCK_CLOEXEC)
	if err != nil {
		return
	}
	defer unix.Close(c)
	if readable(c, 2*time.Second) {
		_, _ = unix.Read(c, make([]byte, 512))
	}
}

// readable waits at most d for fd to have something to read (for a
// listener: a connection to accept).
func readable(fd int, d time.Duration) bool {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	deadline := time.Now().Add(d)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return false
		}
		n, err := unix.Poll(fds, int(left/time.Millisecond)+1)
		if err == unix.EINTR {
			continue // the Go runtime's signals
		}
		return err == nil && n > 0 && fds[0].Revents&unix.POLLIN != 0
	}
}
