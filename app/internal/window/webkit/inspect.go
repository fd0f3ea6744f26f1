package webkit

/*
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "warmnet.h"

extern void mpsimResourceStarted(uintptr_t h, unsigned id, char *method, char *uri, char *headers, int main);
extern void mpsimResourceResponse(uintptr_t h, unsigned id, unsigned status, char *mime, long long length, char *headers, char *uri);
extern void mpsimResourceRedirect(uintptr_t h, unsigned id, char *to, char *method, char *reqHeaders, unsigned status, char *respHeaders);
extern void mpsimResourceData(uintptr_t h, unsigned id, unsigned long long n);
extern void mpsimResourceDone(uintptr_t h, unsigned id, char *err, int tls, int cancelled);
extern void mpsimTopLoad(uintptr_t h, int event, char *uri);
extern void mpsimURIChanged(uintptr_t h, char *uri);
extern void mpsimPopup(uintptr_t h, char *uri, int gesture, int type);
extern void mpsimDownload(uintptr_t h, char *uri, char *mime);
extern void mpsimInspectMessage(uintptr_t h, char *data, size_t len);
extern void mpsimSnapshotDone(uintptr_t h, unsigned id, unsigned char *data, int w, int hgt, int stride, int alpha, char *err);
extern void mpsimProbeDone(uintptr_t h, unsigned id, char *json, char *err);
extern void mpsimInspectorClosed(uintptr_t h);

// Each resource keeps its id and the Go handle; freed with the resource.
typedef struct { uintptr_t h; unsigned id; } mpsim_res_t;

static void mpsim_headers_cb(const char *name, const char *value, gpointer data) {
	GString *s = data;
	if (s->len > 16384) return;
	g_string_append(s, name);
	g_string_append(s, ": ");
	g_string_append(s, value);
	g_string_append_c(s, '\n');
}

static char *mpsim_headers(SoupMessageHeaders *h) {
	GString *s = g_string_new(NULL);
	if (h != NULL) soup_message_headers_foreach(h, mpsim_headers_cb, s);
	return g_string_free(s, FALSE);
}

static void on_res_response(WebKitWebResource *r, GParamSpec *p, gpointer d) {
	mpsim_res_t *x = d;
	WebKitURIResponse *resp = webkit_web_resource_get_response(r);
	if (resp == NULL) return;
	char *hd = mpsim_headers(webkit_uri_response_get_http_headers(resp));
	mpsimResourceResponse(x->h, x->id, webkit_uri_response_get_status_code(resp),
		(char *)webkit_uri_response_get_mime_type(resp),
		(long long)webkit_uri_response_get_content_length(resp), hd,
		(char *)webkit_uri_response_get_uri(resp));
	g_free(hd);
}

static void on_res_sent(WebKitWebResource *r, WebKitURIRequest *req, WebKitURIResponse *redirected, gpointer d) {
	mpsim_res_t *x = d;
	if (redirected == NULL) return;
	char *rq = mpsim_headers(webkit_uri_request_get_http_headers(req));
	char *rs = mpsim_headers(webkit_uri_response_get_http_headers(redirected));
	const char *method = webkit_uri_request_get_http_method(req);
	mpsimResourceRedirect(x->h, x->id, (char *)webkit_uri_request_get_uri(req), (char *)(method != NULL ? method : "GET"), rq,
		webkit_uri_response_get_status_code(redirected), rs);
	g_free(rq);
	g_free(rs);
}

static void on_res_data(WebKitWebResource *r, guint64 n, gpointer d) {
	mpsim_res_t *x = d;
	mpsimResourceData(x->h, x->id, (unsigned long long)n);
}

static void on_res_finished(WebKitWebResource *r, gpointer d) {
	mpsim_res_t *x = d;
	mpsimResourceDone(x->h, x->id, NULL, 0, 0);
}

static void on_res_failed(WebKitWebResource *r, GError *err, gpointer d) {
	mpsim_res_t *x = d;
	int cancelled = err != NULL && (g_error_matches(err, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
		g_error_matches(err, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE));
	mpsimResourceDone(x->h, x->id, err != NULL ? err->message : "failed", 0, cancelled);
}

static void on_res_tls(WebKitWebResource *r, GTlsCertificate *c, GTlsCertificateFlags f, gpointer d) {
	mpsim_res_t *x = d;
	mpsimResourceDone(x->h, x->id, "TLS certificate not trusted", 1, 0);
}

static void mpsim_res_free(gpointer d, GClosure *c) { g_free(d); }

static void on_resource_started(WebKitWebView *v, WebKitWebResource *r, WebKitURIRequest *req, gpointer h) {
	static unsigned next = 0;
	mpsim_res_t *x = g_new0(mpsim_res_t, 1);
	x->h = (uintptr_t)h;
	x->id = ++next;
	char *hd = mpsim_headers(webkit_uri_request_get_http_headers(req));
	const char *method = webkit_uri_request_get_http_method(req);
	mpsimResourceStarted(x->h, x->id, (char *)(method != NULL ? method : "GET"), (char *)webkit_uri_request_get_uri(req),
		hd, r == webkit_web_view_get_main_resource(v) ? 1 : 0);
	g_free(hd);
	g_signal_connect_data(r, "notify::response", G_CALLBACK(on_res_response), x, mpsim_res_free, 0);
	g_signal_connect(r, "sent-request", G_CALLBACK(on_res_sent), x);
	if (g_signal_lookup("received-data", WEBKIT_TYPE_WEB_RESOURCE) != 0) {
		g_signal_connect(r, "received-data", G_CALLBACK(on_res_data), x);
	}
	g_signal_connect(r, "finished", G_CALLBACK(on_res_finished), x);
	g_signal_connect(r, "failed", G_CALLBACK(on_res_failed), x);
	g_signal_connect(r, "failed-with-tls-errors", G_CALLBACK(on_res_tls), x);
}

static void on_top_load(WebKitWebView *v, WebKitLoadEvent ev, gpointer h) {
	mpsimTopLoad((uintptr_t)h, (int)ev, (char *)webkit_web_view_get_uri(v));
}

// on_uri reports each change of the view's URI, same-document navigations
// (pushState, replaceState, fragments) included: WebKit's own, which page
// script cannot set to another origin.
static void on_uri(GObject *o, GParamSpec *p, gpointer h) {
	mpsimURIChanged((uintptr_t)h, (char *)webkit_web_view_get_uri(WEBKIT_WEB_VIEW(o)));
}

// on_create blocks every new window (scripted window.open included) and
// reports it: the Mobile Plans app opens none.
static GtkWidget *on_create(WebKitWebView *v, WebKitNavigationAction *a, gpointer h) {
	WebKitURIRequest *req = webkit_navigation_action_get_request(a);
	mpsimPopup((uintptr_t)h, (char *)webkit_uri_request_get_uri(req), webkit_navigation_action_is_user_gesture(a) ? 1 : 0,
		(int)webkit_navigation_action_get_navigation_type(a));
	return NULL;
}

static void on_download(WebKitWebContext *c, WebKitDownload *d, gpointer h) {
	// A warm window's network warm-up (WarmNetwork) is the window's own
	// download, which WebKit may report once the session has begun.
	if (g_object_get_data(G_OBJECT(d), WARM_DOWNLOAD_MARK) != NULL) return;
	WebKitURIRequest *req = webkit_download_get_request(d);
	mpsimDownload((uintptr_t)h, (char *)(req != NULL ? webkit_uri_request_get_uri(req) : ""), "");
	// on_download_refused (webkit.go), connected after this, cancels it.
}

static void on_inspect_message(WebKitUserContentManager *m, WebKitJavascriptResult *r, gpointer h) {
	JSCValue *val = webkit_javascript_result_get_js_value(r);
	if (val == NULL || !jsc_value_is_string(val)) return;
	GBytes *b = jsc_value_to_string_as_bytes(val);
	gsize n = 0;
	const char *data = b != NULL ? g_bytes_get_data(b, &n) : NULL;
	if (data != NULL) mpsimInspectMessage((uintptr_t)h, (char *)data, n);
	if (b != NULL) g_bytes_unref(b);
}

static void mpsim_inspect_connect(WebKitWebView *v, uintptr_t h, const char *script, const char *handler) {
	// Let window.open without a user gesture reach on_create, which blocks
	// and reports it; the page gets null either way.
	webkit_settings_set_javascript_can_open_windows_automatically(webkit_web_view_get_settings(v), TRUE);
	g_signal_connect(v, "resource-load-started", G_CALLBACK(on_resource_started), (gpointer)h);
	g_signal_connect(v, "load-changed", G_CALLBACK(on_top_load), (gpointer)h);
	g_signal_connect(v, "notify::uri", G_CALLBACK(on_uri), (gpointer)h);
	g_signal_connect(v, "create", G_CALLBACK(on_create), (gpointer)h);
	g_signal_connect(webkit_web_view_get_context(v), "download-started", G_CALLBACK(on_download), (gpointer)h);
	WebKitUserContentManager *m = webkit_web_view_get_user_content_manager(v);
	char *sig = g_strconcat("script-message-received::", handler, NULL);
	g_signal_connect(m, sig, G_CALLBACK(on_inspect_message), (gpointer)h);
	g_free(sig);
	webkit_user_content_manager_register_script_message_handler(m, handler);
	WebKitUserScript *s = webkit_user_script_new(script, WEBKIT_USER_CONTENT_INJECT_ALL_FRAMES,
		WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, NULL, NULL);
	webkit_user_content_manager_add_script(m, s);
	webkit_user_script_unref(s);
}

typedef struct { uintptr_t h; unsigned id; } mpsim_snap_t;

// on_snapshot hands the snapshot's pixels to Go, which encodes the PNG
// from them before it returns (no copy); the surface is freed after.
static void on_snapshot(GObject *src, GAsyncResult *res, gpointer d) {
	mpsim_snap_t *x = d;
	GError *err = NULL;
	cairo_surface_t *s = webkit_web_view_get_snapshot_finish(WEBKIT_WEB_VIEW(src), res, &err);
	if (s == NULL) {
		mpsimSnapshotDone(x->h, x->id, NULL, 0, 0, 0, 0, err != NULL ? err->message : "no snapshot");
	} else if (cairo_surface_get_type(s) != CAIRO_SURFACE_TYPE_IMAGE ||
		(cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32 && cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24)) {
		mpsimSnapshotDone(x->h, x->id, NULL, 0, 0, 0, 0, "the snapshot is not a 32-bit image");
		cairo_surface_destroy(s);
	} else {
		cairo_surface_flush(s);
		mpsimSnapshotDone(x->h, x->id, cairo_image_surface_get_data(s), cairo_image_surface_get_width(s),
			cairo_image_surface_get_height(s), cairo_image_surface_get_stride(s),
			cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32, NULL);
		cairo_surface_destroy(s);
	}
	if (err != NULL) g_error_free(err);
	g_free(x);
}

static void mpsim_snapshot(WebKitWebView *v, uintptr_t h, unsigned id) {
	mpsim_snap_t *x = g_new0(mpsim_snap_t, 1);
	x->h = h;
	x->id = id;
	webkit_web_view_get_snapshot(v, WEBKIT_SNAPSHOT_REGION_VISIBLE, WEBKIT_SNAPSHOT_OPTIONS_NONE, NULL, on_snapshot, x);
}

// A probe runs axe-core, then the probe body, in an isolated world: the
// page shares the DOM but cannot see or change either script.
#define AUDIT_WORLD "mpsim-audit"
typedef struct { uintptr_t h; unsigned id; char *axe; char *body; } mpsim_probe_t;

static void mpsim_probe_free(mpsim_probe_t *x) { g_free(x->axe); g_free(x->body); g_free(x); }

static void on_probe_done(GObject *src, GAsyncResult *res, gpointer d) {
	mpsim_probe_t *x = d;
	GError *err = NULL;
	JSCValue *v = webkit_web_view_call_async_javascript_function_finish(WEBKIT_WEB_VIEW(src), res, &err);
	if (v == NULL) {
		mpsimProbeDone(x->h, x->id, NULL, err != NULL ? err->message : "probe failed");
	} else {
		char *json = jsc_value_is_string(v) ? jsc_value_to_string(v) : NULL;
		mpsimProbeDone(x->h, x->id, json, json == NULL ? "the probe returned no JSON string" : NULL);
		g_free(json);
		g_object_unref(v);
	}
	if (err != NULL) g_error_free(err);
	mpsim_probe_free(x);
}

// AXE_LOADED is true in the audit world once axe-core is defined there: the
// world lives as long as the document, so a second probe of the same page
// (the hand-back's, after the first paint's) does not send and parse the
// 650 KB of axe-core again.
#define AXE_LOADED "typeof axe === 'object' && axe !== null && typeof axe.run === 'function'"

// While one probe loads axe-core into a view's document, the probes that
// find it missing wait for that load (the view's AXE_WAITING list) and then
// check again, instead of sending and parsing it a second time.
#define AXE_LOADING "mpsim-axe-loading"
#define AXE_WAITING "mpsim-axe-waiting"

static void on_axe_checked(GObject *src, GAsyncResult *res, gpointer d);

static void on_axe_loaded(GObject *src, GAsyncResult *res, gpointer d) {
	mpsim_probe_t *x = d;
	GError *err = NULL;
	JSCValue *v = webkit_web_view_evaluate_javascript_finish(WEBKIT_WEB_VIEW(src), res, &err);
	if (v != NULL) g_object_unref(v);
	if (err != NULL) g_error_free(err); // the probe reports that axe is missing
	webkit_web_view_call_async_javascript_function(WEBKIT_WEB_VIEW(src), x->body, -1, NULL, AUDIT_WORLD,
		"mpsim-probe.js", NULL, on_probe_done, x);
	g_object_set_data(src, AXE_LOADING, NULL);
	GSList *waiting = g_object_steal_data(src, AXE_WAITING);
	for (GSList *l = waiting; l != NULL; l = l->next) {
		webkit_web_view_evaluate_javascript(WEBKIT_WEB_VIEW(src), AXE_LOADED, -1, AUDIT_WORLD, "mpsim-axe-check.js", NULL, on_axe_checked, l->data);
	}
	g_slist_free(waiting);
}

static void on_axe_checked(GObject *src, GAsyncResult *res, gpointer d) {
	mpsim_probe_t *x = d;
	GError *err = NULL;
	JSCValue *v = webkit_web_view_evaluate_javascript_finish(WEBKIT_WEB_VIEW(src), res, &err);
	gboolean loaded = v != NULL && jsc_value_is_boolean(v) && jsc_value_to_boolean(v);
	if (v != NULL) g_object_unref(v);
	if (err != NULL) g_error_free(err);
	if (loaded) {
		webkit_web_view_call_async_javascript_function(WEBKIT_WEB_VIEW(src), x->body, -1, NULL, AUDIT_WORLD,
			"mpsim-probe.js", NULL, on_probe_done, x);
		return;
	}
	if (g_object_get_data(src, AXE_LOADING) != NULL) {
		g_object_set_data(src, AXE_WAITING, g_slist_append(g_object_steal_data(src, AXE_WAITING), x));
		return;
	}
	g_object_set_data(src, AXE_LOADING, GINT_TO_POINTER(1));
	webkit_web_view_evaluate_javascript(WEBKIT_WEB_VIEW(src), x->axe, -1, AUDIT_WORLD, "axe.min.js", NULL, on_axe_loaded, x);
}

static void mpsim_probe(WebKitWebView *v, uintptr_t h, unsigned id, const char *axe, const char *body) {
	mpsim_probe_t *x = g_new0(mpsim_probe_t, 1);
	x->h = h;
	x->id = id;
	x->body = g_strdup(body);
	if (axe == NULL || *axe == 0) {
		webkit_web_view_call_async_javascript_function(v, x->body, -1, NULL, AUDIT_WORLD, "mpsim-probe.js", NULL, on_probe_done, x);
		return;
	}
	x->axe = g_strdup(axe);
	webkit_web_view_evaluate_javascript(v, AXE_LOADED, -1, AUDIT_WORLD, "mpsim-axe-check.js", NULL, on_axe_checked, x);
}

// mpsim_inspector_place sizes the inspector's window to the screen's work
// area: up to 1000x720, beside the portal's 800 px frame when at least 640
// px are left there, else at the right edge over the portal, never past the
// screen.
static void mpsim_inspector_place(int *x, int *w, int *h) {
	int sw = 1280, sh = 720;
	GdkDisplay *dpy = gdk_display_get_default();
	GdkMonitor *m = dpy != NULL ? gdk_display_get_primary_monitor(dpy) : NULL;
	if (m == NULL && dpy != NULL && gdk_display_get_n_monitors(dpy) > 0) m = gdk_display_get_monitor(dpy, 0);
	if (m != NULL) {
		GdkRectangle r;
		gdk_monitor_get_workarea(m, &r);
		if (r.width > 0 && r.height > 0) { sw = r.width; sh = r.height; }
	}
	const int beside = 820, wantW = 1000, wantH = 720, minW = 640;
	*h = sh < wantH ? sh : wantH;
	if (sw - beside >= minW) {
		*x = beside;
		*w = sw - beside < wantW ? sw - beside : wantW;
		return;
	}
	*w = sw < wantW ? sw : wantW;
	*x = sw - *w;
}

// on_inspector_window_gone forgets the inspector's window once it is
// destroyed (by on_inspector_closed, or by the user closing it).
static void on_inspector_window_gone(GtkWidget *win, gpointer i) {
	if (g_object_get_data(G_OBJECT(i), "mpsim-window") == win) g_object_set_data(G_OBJECT(i), "mpsim-window", NULL);
}

// on_inspector_closed takes away the window on_inspector_attach made for
// the inspector once WebKit closed it (mpsim_close_inspector), which
// would otherwise stay, empty.
// Unless the host asked for the close (mpsim_close_inspector marks it),
// the user closed it: the host is told (mpsimInspectorClosed), so that its
// DevTools check follows.
static void on_inspector_closed(WebKitWebInspector *i, gpointer h) {
	gboolean asked = g_object_get_data(G_OBJECT(i), "mpsim-host-close") != NULL;
	g_object_set_data(G_OBJECT(i), "mpsim-host-close", NULL);
	GtkWidget *win = g_object_get_data(G_OBJECT(i), "mpsim-window");
	if (win != NULL) {
		g_object_set_data(G_OBJECT(i), "mpsim-window", NULL);
		gtk_widget_destroy(win);
	}
	if (!asked) mpsimInspectorClosed((uintptr_t)h);
}

// on_inspector_delete closes the inspector when the user closes its
// window (the window manager's close button): WebKit then says closed
// (on_inspector_closed), which takes the window away.
static gboolean on_inspector_delete(GtkWidget *win, GdkEvent *ev, gpointer i) {
	webkit_web_inspector_close(WEBKIT_WEB_INSPECTOR(i));
	return TRUE;
}

// on_inspector_detach lets WebKit put the inspector in a window of its own
// when the user detaches it (the inspector's own dock buttons): the view
// leaves the window on_inspector_attach made, which goes.
static gboolean on_inspector_detach(WebKitWebInspector *i, gpointer d) {
	GtkWidget *win = g_object_get_data(G_OBJECT(i), "mpsim-window");
	if (win == NULL) return FALSE;
	GtkWidget *iv = GTK_WIDGET(webkit_web_inspector_get_web_view(i));
	if (iv != NULL && gtk_widget_get_parent(iv) == win) gtk_container_remove(GTK_CONTAINER(win), iv);
	g_object_set_data(G_OBJECT(i), "mpsim-window", NULL);
	gtk_widget_destroy(win);
	return FALSE;
}

// The inspector opens attached to the view by default, which would take
// half of the portal's 800x600 frame. on_inspector_attach takes the
// attachment over and puts the inspector's own web view in a window of its
// own, beside the portal when the screen has room, big enough to use.
static gboolean on_inspector_attach(WebKitWebInspector *i, gpointer d) {
	GtkWidget *iv = GTK_WIDGET(webkit_web_inspector_get_web_view(i));
	if (iv == NULL) return FALSE;
	if (gtk_widget_get_parent(iv) != NULL) return TRUE;
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_title(GTK_WINDOW(win), "DevTools — Mobile Plans portal (mpsim)");
	int x, w, h;
	mpsim_inspector_place(&x, &w, &h);
	gtk_window_set_default_size(GTK_WINDOW(win), w, h);
	gtk_container_add(GTK_CONTAINER(win), iv);
	g_object_set_data(G_OBJECT(i), "mpsim-window", win);
	g_signal_connect(win, "destroy", G_CALLBACK(on_inspector_window_gone), i);
	g_signal_connect(win, "delete-event", G_CALLBACK(on_inspector_delete), i);
	gtk_widget_show_all(win);
	gtk_window_move(GTK_WINDOW(win), x, 0);
	return TRUE;
}

static void mpsim_show_inspector(WebKitWebView *v, uintptr_t h) {
	WebKitSettings *s = webkit_web_view_get_settings(v);
	webkit_settings_set_enable_developer_extras(s, TRUE);
	WebKitWebInspector *i = webkit_web_view_get_inspector(v);
	// Connected once per view: the host may open it again and again.
	if (g_object_get_data(G_OBJECT(i), "mpsim-attach") == NULL) {
		g_object_set_data(G_OBJECT(i), "mpsim-attach", GINT_TO_POINTER(1));
		g_signal_connect(i, "attach", G_CALLBACK(on_inspector_attach), NULL);
		g_signal_connect(i, "detach", G_CALLBACK(on_inspector_detach), NULL);
		g_signal_connect(i, "closed", G_CALLBACK(on_inspector_closed), (gpointer)h);
	}
	// A close the host asked for of an inspector that was not open said
	// nothing: the mark must not swallow the user's next close.
	g_object_set_data(G_OBJECT(i), "mpsim-host-close", NULL);
	webkit_web_inspector_show(i);
}

// mpsim_close_inspector closes the inspector for the host, which is not
// told of it (on_inspector_closed): only an open inspector says closed.
static void mpsim_close_inspector(WebKitWebView *v) {
	WebKitWebInspector *i = webkit_web_view_get_inspector(v);
	if (webkit_web_inspector_get_web_view(i) == NULL) return;
	g_object_set_data(G_OBJECT(i), "mpsim-host-close", GINT_TO_POINTER(1));
	webkit_web_inspector_close(i);
}
*/
import "C"

import (
	"strings"
	"unsafe"
)

// Inspector receives what the portal does besides its bridge calls, on the
// GTK thread (keep the handlers short). Every field may be nil.
type Inspector struct {
	// ResourceStarted: a request started (main: the view's main resource).
	ResourceStarted func(id uint, method, uri string, headers []string, main bool)
	// ResourceResponse: its response arrived (length -1 when unknown).
	ResourceResponse func(id uint, status int, mime string, length int64, headers []string, uri string)
	// ResourceRedirect: a response of status, with its headers, redirected
	// it; it goes on as a request of method to the URL to, with its own
	// headers.
	ResourceRedirect func(id uint, r Redirect)
	// ResourceData: n more body bytes arrived.
	ResourceData func(id uint, n uint64)
	// ResourceDone: it ended; err is empty on success.
	ResourceDone func(id uint, err string, tls, cancelled bool)
	// TopLoad reports the top frame's load events (started, redirected,
	// committed, finished: WebKitLoadEvent 0–3) with the view's URI.
	TopLoad func(event int, uri string)
	// URIChanged reports each change of the view's URI (notify::uri): the
	// URL of a load as it starts, is redirected and commits, and of each
	// same-document navigation (pushState, replaceState, a fragment).
	URIChanged func(uri string)
	// Popup: the page asked for a new window (blocked).
	Popup func(uri string, gesture bool, navType int)
	// Download: a download started (cancelled at once).
	Download func(uri, mime string)
	// Message: a message posted to the inspection handler.
	Message func(data string)
	// SnapshotDone: the snapshot id was taken (err empty): its pixels,
	// which the handler reads before it returns and does not keep (they
	// are freed then).
	SnapshotDone func(id uint, px Pixels, err string)
	// ProbeDone: probe id returned json (err empty) or failed.
	ProbeDone func(id uint, json, err string)
}

// Load events of Inspector.TopLoad (WebKitLoadEvent).
const (
	LoadStarted    = 0
	LoadRedirected = 1
	LoadCommitted  = 2
	LoadFinished   = 3
)

// NavigationTypeName names a WebKitNavigationType.
func NavigationTypeName(t int) string {
	switch t {
	case 0:
		return "link"
	case 1:
		return "form"
	case 2:
		return "back-forward"
	case 3:
		return "reload"
	case 4:
		return "form-resubmit"
	}
	return "other"
}

// Inspect connects ins to the view: every resource load, the top frame's
// load events, new windows (blocked), downloads (cancelled), and a page
// message handler named handler that script (injected at document start in
// every frame) posts to. Call it once on the GTK thread, after Attach and
// before the first navigation.
func (v *View) Inspect(ins Inspector, script, handler string) {
	v.handlers.inspector = &ins
	cs, ch := C.CString(script), C.CString(handler)
	defer C.free(unsafe.Pointer(cs))
	defer C.free(unsafe.Pointer(ch))
	C.mpsim_inspect_connect(v.view, C.uintptr_t(v.handle), cs, ch)
}

// Snapshot takes a snapshot of the visible view and reports its pixels
// through Inspector.SnapshotDone with id. Call it on the GTK thread.
func (v *View) Snapshot(id uint) {
	C.mpsim_snapshot(v.view, C.uintptr_t(v.handle), C.uint(id))
}

// Pixels is a snapshot as cairo draws it: Height rows of Stride bytes,
// each pixel a native-endian 32-bit word 0xAARRGGBB with the colour
// premultiplied by alpha (Alpha false: the top byte is unused and every
// pixel is opaque). From Inspector.SnapshotDone, Data is the snapshot's
// own memory, not a copy: valid only until SnapshotDone returns.
type Pixels struct {
	Width, Height, Stride int
	Alpha                 bool
	Data                  []byte
}

// Probe runs axe (a script defining axe-core; may be empty; skipped when a
// probe of the same document defined axe-core already) and then body,
// the body of an async function returning a JSON string, in an isolated
// JavaScript world of the top frame, and reports the string through
// Inspector.ProbeDone with id. Call it on the GTK thread.
func (v *View) Probe(id uint, axe, body string) {
	ca, cb := C.CString(axe), C.CString(body)
	defer C.free(unsafe.Pointer(ca))
	defer C.free(unsafe.Pointer(cb))
	C.mpsim_probe(v.view, C.uintptr_t(v.handle), C.uint(id), ca, cb)
}

// ShowInspector opens WebKit's inspector (DevTools) in a window of its own,
// so the portal keeps its 800x600 frame. Call it on the GTK thread.
func (v *View) ShowInspector() { C.mpsim_show_inspector(v.view, C.uintptr_t(v.handle)) }

// CloseInspector closes the inspector ShowInspector opened, and its
// window; nothing happens when it is not open. Call it on the GTK thread.
func (v *View) CloseInspector() { C.mpsim_close_inspector(v.view) }

// inspectorOf returns the Inspector of handle h, or nil.
func inspectorOf(h C.uintptr_t) *Inspector {
	if hs := handlers(h); hs != nil {
		return hs.inspector
	}
	return nil
}

func splitHeaders(s *C.char) []string {
	if s == nil {
		return nil
	}
	text := strings.TrimSuffix(C.GoString(s), "\n")
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

//export mpsimResourceStarted
func mpsimResourceStarted(h C.uintptr_t, id C.uint, method, uri, headers *C.char, main C.int) {
	if in := inspectorOf(h); in != nil && in.ResourceStarted != nil {
		in.ResourceStarted(uint(id), C.GoString(method), C.GoString(uri), splitHeaders(headers), main != 0)
	}
}

//export mpsimResourceResponse
func mpsimResourceResponse(h C.uintptr_t, id C.uint, status C.uint, mime *C.char, length C.longlong, headers, uri *C.char) {
	if in := inspectorOf(h); in != nil && in.ResourceResponse != nil {
		in.ResourceResponse(uint(id), int(status), C.GoString(mime), int64(length), splitHeaders(headers), C.GoString(uri))
	}
}

// Redirect is one redirect of a resource: the redirect response (Status,
// ResponseHeaders) and the request it led to (Method, To, RequestHeaders).
type Redirect struct {
	To, Method      string
	RequestHeaders  []string
	Status          int
	ResponseHeaders []string
}

//export mpsimResourceRedirect
func mpsimResourceRedirect(h C.uintptr_t, id C.uint, to, method, reqHeaders *C.char, status C.uint, respHeaders *C.char) {
	if in := inspectorOf(h); in != nil && in.ResourceRedirect != nil {
		in.ResourceRedirect(uint(id), Redirect{To: C.GoString(to), Method: C.GoString(method), RequestHeaders: splitHeaders(reqHeaders),
			Status: int(status), ResponseHeaders: splitHeaders(respHeaders)})
	}
}

//export mpsimResourceData
func mpsimResourceData(h C.uintptr_t, id C.uint, n C.ulonglong) {
	if in := inspectorOf(h); in != nil && in.ResourceData != nil {
		in.ResourceData(uint(id), uint64(n))
	}
}

//export mpsimResourceDone
func mpsimResourceDone(h C.uintptr_t, id C.uint, err *C.char, tls, cancelled C.int) {
	if in := inspectorOf(h); in != nil && in.ResourceDone != nil {
		msg := ""
		if err != nil {
			msg = C.GoString(err)
		}
		in.ResourceDone(uint(id), msg, tls != 0, cancelled != 0)
	}
}

//export mpsimTopLoad
func mpsimTopLoad(h C.uintptr_t, event C.int, uri *C.char) {
	if in := inspectorOf(h); in != nil && in.TopLoad != nil {
		in.TopLoad(int(event), C.GoString(uri))
	}
}

//export mpsimURIChanged
func mpsimURIChanged(h C.uintptr_t, uri *C.char) {
	if in := inspectorOf(h); in != nil && in.URIChanged != nil {
		in.URIChanged(C.GoString(uri))
	}
}

//export mpsimPopup
func mpsimPopup(h C.uintptr_t, uri *C.char, gesture, navType C.int) {
	if in := inspectorOf(h); in != nil && in.Popup != nil {
		in.Popup(C.GoString(uri), gesture != 0, int(navType))
	}
}

//export mpsimDownload
func mpsimDownload(h C.uintptr_t, uri, mime *C.char) {
	if in := inspectorOf(h); in != nil && in.Download != nil {
		in.Download(C.GoString(uri), C.GoString(mime))
	}
}

//export mpsimInspectMessage
func mpsimInspectMessage(h C.uintptr_t, data *C.char, n C.size_t) {
	if in := inspectorOf(h); in != nil && in.Message != nil && n <= 1<<20 {
		in.Message(C.GoStringN(data, C.int(n)))
	}
}

//export mpsimSnapshotDone
func mpsimSnapshotDone(h C.uintptr_t, id C.uint, data *C.uchar, w, hgt, stride C.int, alpha C.int, err *C.char) {
	in := inspectorOf(h)
	if in == nil || in.SnapshotDone == nil {
		return
	}
	if err != nil || data == nil || w <= 0 || hgt <= 0 || stride < 4*w || int64(stride)*int64(hgt) > 1<<30 {
		msg := "no pixels in the snapshot"
		if err != nil {
			msg = C.GoString(err)
		}
		in.SnapshotDone(uint(id), Pixels{}, msg)
		return
	}
	px := Pixels{Width: int(w), Height: int(hgt), Stride: int(stride), Alpha: alpha != 0,
		Data: unsafe.Slice((*byte)(unsafe.Pointer(data)), int(stride)*int(hgt))}
	in.SnapshotDone(uint(id), px, "")
}

//export mpsimInspectorClosed
func mpsimInspectorClosed(h C.uintptr_t) {
	if hs := handlers(h); hs != nil && hs.InspectorClosed != nil {
		hs.InspectorClosed()
	}
}

//export mpsimProbeDone
func mpsimProbeDone(h C.uintptr_t, id C.uint, json, err *C.char) {
	if in := inspectorOf(h); in != nil && in.ProbeDone != nil {
		j, msg := "", ""
		if json != nil {
			j = C.GoString(json)
		}
		if err != nil {
			msg = C.GoString(err)
		}
		in.ProbeDone(uint(id), j, msg)
	}
}
