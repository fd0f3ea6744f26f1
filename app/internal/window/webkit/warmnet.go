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
	"net"
	"time"
	"unsafe"
)

// WarmNetwork has the network process of the view in gtkWindow (a
// webview_go window) make one HTTPS request to a loopback listener that
// closes the connection, so that the session's first request finds TLS, the
// proxy resolver and the certificate store ready. On the GTK thread; it
// returns at once, and the listener closes after its connection or 10 s.
func WarmNetwork(gtkWindow unsafe.Pointer) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return
	}
	go func() {
		defer ln.Close()
		ln.(*net.TCPListener).SetDeadline(time.Now().Add(10 * time.Second))
		if c, err := ln.Accept(); err == nil {
			buf := make([]byte, 512) // the ClientHello: the certificate store is loaded by then
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			c.Read(buf)
			c.Close()
		}
	}()
	uri := C.CString("https://" + ln.Addr().String() + "/mpsim-warm-up")
	defer C.free(unsafe.Pointer(uri))
	C.mpsim_warm_network(webViewOf(gtkWindow), uri)
}
