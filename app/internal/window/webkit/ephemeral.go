package webkit

// Every portal view lives in an ephemeral WebKit context: website data
// (local storage, IndexedDB, service workers, the HTTP cache, HSTS, cookies)
// stays in memory and dies with the window process, so no session sees what
// an earlier one stored, and parallel sessions share no storage directory.
//
// webview_go makes its view with webkit_web_view_new(), which takes WebKit's
// default context: that one keeps its data on disk under the user's data and
// cache directories ($XDG_DATA_HOME/<program>, $XDG_CACHE_HOME/<program>),
// one directory for every mpsim-portal process there ever was. webview_go has
// no hook to choose the context, so the definition below takes the place of
// WebKit's: the executable's own definition of a symbol wins over a shared
// library's (ELF symbol interposition), and webview_go's call lands here.
// Each view gets a context of its own, made here on GTK's thread and held by
// the view alone: a window process that serves several sessions one after
// another (`mpsim test`, see package window) starts each of them with no
// website data, no pinned certificate and no WebKit process of the one
// before; the context and its processes end with the view.
//
// The context accepts every cookie, a third-party frame's too: WebKitGTK's
// default (WEBKIT_COOKIE_POLICY_ACCEPT_NO_THIRD_PARTY) refuses the cookies of
// a frame of another site, so a payment provider's checkout in an iframe
// (3-D Secure style) lost its session in mpsim alone, while the app's WebView
// keeps them: EdgeHTML's WebView and WebView2 both accept third-party
// cookies by default (docs/fidelity.md).

/*
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

GtkWidget *webkit_web_view_new(void) {
	WebKitWebContext *ctx = webkit_web_context_new_ephemeral();
	webkit_cookie_manager_set_accept_policy(
		webkit_website_data_manager_get_cookie_manager(webkit_web_context_get_website_data_manager(ctx)),
		WEBKIT_COOKIE_POLICY_ACCEPT_ALWAYS);
	GtkWidget *v = webkit_web_view_new_with_context(ctx);
	g_object_unref(ctx); // the view holds it
	return v;
}

*/
import "C"
