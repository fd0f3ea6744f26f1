//go:build bench

// Command bare is the bench's anchor: a bare webview_go window (800x600, the
// same library and WebKitGTK API as mpsim's portal window) that trusts one
// certificate for 127.0.0.1, opens a URL and exits when the page calls
// handback(). Compositing follows the environment
// (WEBKIT_DISABLE_COMPOSITING_MODE=1 turns it off), nothing else is set up.
package main

/*
#cgo pkg-config: webkit2gtk-4.0
#include <stdlib.h>
#include <webkit2/webkit2.h>

static char *bare_allow(void *window, const char *pem) {
	GtkWidget *view = gtk_bin_get_child(GTK_BIN(window));
	if (!WEBKIT_IS_WEB_VIEW(view)) return "no web view in the window";
	GError *err = NULL;
	GTlsCertificate *c = g_tls_certificate_new_from_pem(pem, -1, &err);
	if (!c) return "bad certificate";
	webkit_web_context_allow_tls_certificate_for_host(webkit_web_view_get_context(WEBKIT_WEB_VIEW(view)), c, "127.0.0.1");
	g_object_unref(c);
	return NULL;
}
*/
import "C"

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"unsafe"

	webview "github.com/webview/webview_go"
)

func init() { runtime.LockOSThread() }

func main() {
	url := flag.String("url", "", "page to open")
	cert := flag.String("cert", "", "PEM certificate to trust for 127.0.0.1")
	flag.Parse()
	w := webview.New(false)
	if w == nil {
		fmt.Fprintln(os.Stderr, "bare: no webview (no display?)")
		os.Exit(2)
	}
	defer w.Destroy()
	if *cert != "" {
		pem, err := os.ReadFile(*cert)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bare:", err)
			os.Exit(2)
		}
		cs := C.CString(string(pem))
		defer C.free(unsafe.Pointer(cs))
		if msg := C.bare_allow(w.Window(), cs); msg != nil {
			fmt.Fprintln(os.Stderr, "bare:", C.GoString(msg))
			os.Exit(2)
		}
	}
	w.SetTitle("bare webview")
	w.SetSize(800, 600, webview.HintNone)
	_ = w.Bind("handback", func(payload string) {
		w.Dispatch(w.Terminate)
	})
	w.Navigate(*url)
	w.Run()
}
