// Package webkit holds the small amount of cgo the portal window needs beyond
// webview_go: checking the display before GTK is touched, the WebKit settings
// that make the window behave like the Mobile Plans app (preferred languages,
// which is what sets Accept-Language; pinned TLS certificates; hardware
// acceleration policy; an ephemeral context, so no website data outlives
// the process), load signals, window placement, and the SA_ONSTACK repair of
// JavaScriptCore's signal handlers.
//
// See ../shared/notes/webkit-fyne-facts.md §3–§5 for why each exists.
//
// The package builds against the WebKitGTK 4.0 API (libsoup 2) by default
// and against 4.1 (libsoup 3) with the webkit2_41 build tag; the pkg-config
// line for each is in pkgconfig_40.go and pkgconfig_41.go, so a binary
// links exactly one of them. The C code below uses only calls both APIs
// have with the same signatures (docs/portability.md lists them).
package webkit

/*
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include "warmnet.h"

extern void mpsimLoadFailed(uintptr_t h, char *uri, char *msg, int tls, unsigned flags, int kind, char *certPem);
extern void mpsimLoadCommitted(uintptr_t h, char *uri, unsigned status);
extern void mpsimScriptMessage(uintptr_t h, char *data, size_t len, int isString);
extern char *mpsimScriptDialog(uintptr_t h, int kind, char *msg, char *uri);
extern void mpsimWebProcessGone(uintptr_t h, int reason);
extern int mpsimDecidePolicy(uintptr_t h, int kind, char *uri, int navType, int gesture);
extern void mpsimResponse(uintptr_t h, char *uri, char *mime, unsigned status, int supported, int frame, char *contentType, char *disposition);
extern int mpsimHostShortcut(uintptr_t h, unsigned keyval, unsigned mods);
extern void mpsimFullscreen(uintptr_t h, int enter, char *uri);

static int mpsim_display_ok(void) { return gtk_init_check(NULL, NULL) ? 1 : 0; }

static WebKitWebView *mpsim_webview(void *window) {
	if (window == NULL) return NULL;
	GtkWidget *child = gtk_bin_get_child(GTK_BIN(window));
	if (child == NULL || !WEBKIT_IS_WEB_VIEW(child)) return NULL;
	return WEBKIT_WEB_VIEW(child);
}

static void mpsim_set_languages(WebKitWebView *v, char **langs) {
	webkit_web_context_set_preferred_languages(webkit_web_view_get_context(v), (const gchar *const *)langs);
}

static char *mpsim_allow_cert(WebKitWebView *v, const char *pem, const char *host) {
	GError *err = NULL;
	GTlsCertificate *c = g_tls_certificate_new_from_pem(pem, -1, &err);
	if (c == NULL) {
		char *m = g_strdup(err != NULL ? err->message : "unreadable certificate");
		if (err != NULL) g_error_free(err);
		return m;
	}
	webkit_web_context_allow_tls_certificate_for_host(webkit_web_view_get_context(v), c, host);
	g_object_unref(c);
	return NULL;
}

static void mpsim_set_acceleration(WebKitWebView *v, int on) {
	WebKitSettings *s = webkit_web_view_get_settings(v);
	webkit_settings_set_hardware_acceleration_policy(s,
		on ? WEBKIT_HARDWARE_ACCELERATION_POLICY_ALWAYS : WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);
}

static void mpsim_set_user_agent_suffix(WebKitWebView *v, const char *suffix) {
	WebKitSettings *s = webkit_web_view_get_settings(v);
	const char *ua = webkit_settings_get_user_agent(s);
	char *next = g_strconcat(ua, " ", suffix, NULL);
	webkit_settings_set_user_agent(s, next);
	g_free(next);
}

// Kinds of load failures passed to mpsimLoadFailed (LoadFailKind in Go).
enum { MPSIMK_FAIL_NETWORK = 0, MPSIMK_FAIL_CANCELLED = 1, MPSIMK_FAIL_SCHEME = 2, MPSIMK_FAIL_TLS = 3, MPSIMK_FAIL_INTERNAL = 4 };

// WebKit's own "internal error" (API::Error::General::Internal in the
// domain WebKitErrorDomain; WebKitGTK has no public enum for it): the error
// WebKit gives the loads in flight when its network process ends
// (WebLoaderStrategy::networkProcessCrashed), seen as "WebKit encountered
// an internal error" in 2.50.6 with both APIs.
#define WEBKIT_INTERNAL_ERROR_CODE 300

static int mpsim_fail_kind(GError *err) {
	if (err == NULL) return MPSIMK_FAIL_NETWORK;
	if (g_error_matches(err, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
	    g_error_matches(err, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE) ||
	    g_error_matches(err, WEBKIT_PLUGIN_ERROR, WEBKIT_PLUGIN_ERROR_WILL_HANDLE_LOAD) ||
	    g_error_matches(err, WEBKIT_DOWNLOAD_ERROR, WEBKIT_DOWNLOAD_ERROR_CANCELLED_BY_USER)) {
		return MPSIMK_FAIL_CANCELLED;
	}
	if (g_error_matches(err, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_UNKNOWN_PROTOCOL) ||
	    g_error_matches(err, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_CANNOT_SHOW_URI)) {
		return MPSIMK_FAIL_SCHEME;
	}
	if (err->domain == g_quark_from_static_string("WebKitErrorDomain") && err->code == WEBKIT_INTERNAL_ERROR_CODE) {
		return MPSIMK_FAIL_INTERNAL;
	}
	return MPSIMK_FAIL_NETWORK;
}

static gboolean on_load_failed(WebKitWebView *v, WebKitLoadEvent ev, gchar *uri, GError *err, gpointer h) {
	mpsimLoadFailed((uintptr_t)h, uri, err != NULL ? err->message : "load failed", 0, 0, mpsim_fail_kind(err), NULL);
	return FALSE;
}

static gboolean on_tls_failed(WebKitWebView *v, gchar *uri, GTlsCertificate *cert, GTlsCertificateFlags flags, gpointer h) {
	// The certificate the server presented goes to Go, which compares it
	// with the pinned ones: WebKit refusing a pinned certificate means the
	// network process that held the pin ended (its replacement has none).
	gchar *pem = NULL;
	if (cert != NULL) g_object_get(cert, "certificate-pem", &pem, NULL);
	mpsimLoadFailed((uintptr_t)h, uri, "TLS certificate not trusted", 1, (unsigned)flags, MPSIMK_FAIL_TLS, pem);
	g_free(pem);
	return FALSE;
}

// on_load_changed reports each committed top-level load with the HTTP status
// of its main document (0 when it has none: about:, data:, file:).
static void on_load_changed(WebKitWebView *v, WebKitLoadEvent ev, gpointer h) {
	if (ev == WEBKIT_LOAD_COMMITTED) {
		unsigned status = 0;
		WebKitWebResource *res = webkit_web_view_get_main_resource(v);
		WebKitURIResponse *resp = res != NULL ? webkit_web_resource_get_response(res) : NULL;
		if (resp != NULL) status = webkit_uri_response_get_status_code(resp);
		mpsimLoadCommitted((uintptr_t)h, (char *)webkit_web_view_get_uri(v), status);
	}
}

// on_script_message replaces webview_go's handler of the "external" script
// message: it hands Go the raw string with its length, so Go can refuse an
// oversized message without copying it, and never answers the page (the
// bridge shim registers no promise to resolve), so a burst of calls costs
// the UI process no JavaScript evaluation per call.
static void on_script_message(WebKitUserContentManager *m, WebKitJavascriptResult *r, gpointer h) {
	JSCValue *val = webkit_javascript_result_get_js_value(r);
	if (val == NULL || !jsc_value_is_string(val)) {
		mpsimScriptMessage((uintptr_t)h, NULL, 0, 0);
		return;
	}
	GBytes *b = jsc_value_to_string_as_bytes(val);
	gsize n = 0;
	const char *data = b != NULL ? g_bytes_get_data(b, &n) : NULL;
	mpsimScriptMessage((uintptr_t)h, (char *)data, n, 1);
	if (b != NULL) g_bytes_unref(b);
}

static void mpsim_replace_message_handler(WebKitWebView *v, const char *name, uintptr_t h) {
	WebKitUserContentManager *m = webkit_web_view_get_user_content_manager(v);
	guint id = g_signal_lookup("script-message-received", WEBKIT_TYPE_USER_CONTENT_MANAGER);
	g_signal_handlers_disconnect_matched(m, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DETAIL, id,
		g_quark_from_string(name), NULL, NULL, NULL);
	char *sig = g_strconcat("script-message-received::", name, NULL);
	g_signal_connect(m, sig, G_CALLBACK(on_script_message), (gpointer)h);
	g_free(sig);
}

// on_script_dialog answers every JavaScript dialog at once, the way the
// Mobile Plans app's WebView does (no dialog is shown; see docs/security.md):
// Go reports it and returns the answer ("false"/"null"/"leave"/"").
// DIALOG_KIND_PRINT is the dialog kind of window.print() (DialogPrint), past
// WebKitScriptDialogType's values.
#define DIALOG_KIND_PRINT 100

static gboolean on_script_dialog(WebKitWebView *v, WebKitScriptDialog *d, gpointer h) {
	WebKitScriptDialogType t = webkit_script_dialog_get_dialog_type(d);
	char *answer = mpsimScriptDialog((uintptr_t)h, (int)t, (char *)webkit_script_dialog_get_message(d),
		(char *)webkit_web_view_get_uri(v));
	switch (t) {
	case WEBKIT_SCRIPT_DIALOG_CONFIRM:
		webkit_script_dialog_confirm_set_confirmed(d, FALSE);
		break;
	case WEBKIT_SCRIPT_DIALOG_BEFORE_UNLOAD_CONFIRM:
		webkit_script_dialog_confirm_set_confirmed(d, TRUE);
		break;
	default:
		// alert: nothing to answer; prompt: no text set, so it returns null.
		break;
	}
	free(answer);
	return TRUE;
}

// on_print stops window.print() (from the page or any of its frames): left
// to WebKit, it opens GTK's Print dialog, modal, over the portal, and the
// page's script waits until someone closes it (a scenario step that clicked
// "Print receipt" hung until its deadline). The app's WebView shows no
// dialog; Go reports it as a dialog of kind print, and print() returns at
// once.
static gboolean on_print(WebKitWebView *v, WebKitPrintOperation *op, gpointer h) {
	char *answer = mpsimScriptDialog((uintptr_t)h, DIALOG_KIND_PRINT, "", (char *)webkit_web_view_get_uri(v));
	free(answer);
	return TRUE;
}

static void on_web_process_terminated(WebKitWebView *v, WebKitWebProcessTerminationReason r, gpointer h) {
	mpsimWebProcessGone((uintptr_t)h, (int)r);
}

// Which frame a response is for (ResponseFrame in Go): the top frame's
// document, another load (a frame's document), or not known (WebKitGTK
// before 2.40 cannot say).
enum { MPSIMK_FRAME_MAIN = 0, MPSIMK_FRAME_OTHER = 1, MPSIMK_FRAME_UNKNOWN = 2 };

static int mpsim_response_frame(WebKitResponsePolicyDecision *d) {
#if WEBKIT_CHECK_VERSION(2, 40, 0)
	return webkit_response_policy_decision_is_main_frame_main_resource(d) ? MPSIMK_FRAME_MAIN : MPSIMK_FRAME_OTHER;
#else
	return MPSIMK_FRAME_UNKNOWN;
#endif
}

// mpsim_tell_response reports a response WebKit is about to decide on: its
// MIME type, whether WebKit can show that type, which frame it is for and
// its Content-Type and Content-Disposition headers. WebKit's own decision
// follows (the handler returns FALSE): it downloads an attachment, ignores
// a type it cannot show (the load then fails as "Frame load interrupted")
// and shows the rest; Go tells the failure that follows from a load that
// was stopped.
static void mpsim_tell_response(WebKitResponsePolicyDecision *d, uintptr_t h) {
	WebKitURIResponse *resp = webkit_response_policy_decision_get_response(d);
	if (resp == NULL) return;
	SoupMessageHeaders *hd = webkit_uri_response_get_http_headers(resp);
	const char *ct = hd != NULL ? soup_message_headers_get_one(hd, "Content-Type") : NULL;
	const char *disp = hd != NULL ? soup_message_headers_get_one(hd, "Content-Disposition") : NULL;
	mpsimResponse(h, (char *)webkit_uri_response_get_uri(resp), (char *)webkit_uri_response_get_mime_type(resp),
		webkit_uri_response_get_status_code(resp), webkit_response_policy_decision_is_mime_type_supported(d) ? 1 : 0,
		mpsim_response_frame(d), (char *)ct, (char *)disp);
}

// on_decide_policy reports navigations, new-window requests and responses;
// returning TRUE with an ignore blocks pop-ups, which the real app does not
// open either.
static gboolean on_decide_policy(WebKitWebView *v, WebKitPolicyDecision *d, WebKitPolicyDecisionType t, gpointer h) {
	if (t == WEBKIT_POLICY_DECISION_TYPE_RESPONSE) {
		mpsim_tell_response(WEBKIT_RESPONSE_POLICY_DECISION(d), (uintptr_t)h);
		return FALSE;
	}
	WebKitNavigationPolicyDecision *nd = WEBKIT_NAVIGATION_POLICY_DECISION(d);
	WebKitNavigationAction *a = webkit_navigation_policy_decision_get_navigation_action(nd);
	WebKitURIRequest *req = webkit_navigation_action_get_request(a);
	const char *uri = webkit_uri_request_get_uri(req);
	int block = mpsimDecidePolicy((uintptr_t)h, (int)t, (char *)uri,
		(int)webkit_navigation_action_get_navigation_type(a), webkit_navigation_action_is_user_gesture(a) ? 1 : 0);
	if (block) {
		webkit_policy_decision_ignore(d);
		return TRUE;
	}
	return FALSE;
}

// on_key_press forwards the host's shortcuts pressed while the page has the
// keyboard (Ctrl+P, Ctrl+R, F12, Ctrl+L, Alt+Left, F6: mpsimHostShortcut
// says which keys they are) to the host instead of the page; every other key goes to the page.
// Connected before WebKit's own handler (the signal runs its class handler
// last), so the page sees no keydown.
static gboolean on_key_press(GtkWidget *w, GdkEventKey *ev, gpointer h) {
	GdkModifierType mods = ev->state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_MOD1_MASK | GDK_SUPER_MASK | GDK_META_MASK);
	return mpsimHostShortcut((uintptr_t)h, gdk_keyval_to_lower(ev->keyval), mods) ? TRUE : FALSE;
}

// on_enter_fullscreen and on_leave_fullscreen report HTML fullscreen
// (element.requestFullscreen(), document.exitFullscreen(), Escape) and
// keep it inside the view: returning TRUE stops WebKit's own handler, which
// would make the toplevel window fullscreen (with a window manager it
// covered the screen). The page is still told it is fullscreen, and its
// element fills the view, as in the Mobile Plans app's WebView, whose
// window keeps its frame.
static gboolean on_enter_fullscreen(WebKitWebView *v, gpointer h) {
	mpsimFullscreen((uintptr_t)h, 1, (char *)webkit_web_view_get_uri(v));
	return TRUE;
}

static gboolean on_leave_fullscreen(WebKitWebView *v, gpointer h) {
	mpsimFullscreen((uintptr_t)h, 0, (char *)webkit_web_view_get_uri(v));
	return TRUE;
}

// on_download_refused cancels every download of the view's context but the
// warm window's own network warm-up (WarmNetwork): the Mobile Plans app's
// WebView starts none, and left to WebKit a download goes on into the
// user's download directory (with --no-inspect a portal page served with
// Content-Disposition: attachment was saved to $HOME). Connected after the
// other handlers, so the inspection's (on_download) reports it first.
static void on_download_refused(WebKitWebContext *c, WebKitDownload *d, gpointer h) {
	if (g_object_get_data(G_OBJECT(d), WARM_DOWNLOAD_MARK) != NULL) return;
	webkit_download_cancel(d);
}

static void mpsim_connect(WebKitWebView *v, uintptr_t h) {
	g_signal_connect_after(webkit_web_view_get_context(v), "download-started", G_CALLBACK(on_download_refused), NULL);
	g_signal_connect(v, "key-press-event", G_CALLBACK(on_key_press), (gpointer)h);
	g_signal_connect(v, "load-failed", G_CALLBACK(on_load_failed), (gpointer)h);
	g_signal_connect(v, "load-failed-with-tls-errors", G_CALLBACK(on_tls_failed), (gpointer)h);
	g_signal_connect(v, "load-changed", G_CALLBACK(on_load_changed), (gpointer)h);
	g_signal_connect(v, "web-process-terminated", G_CALLBACK(on_web_process_terminated), (gpointer)h);
	g_signal_connect(v, "decide-policy", G_CALLBACK(on_decide_policy), (gpointer)h);
	g_signal_connect(v, "script-dialog", G_CALLBACK(on_script_dialog), (gpointer)h);
	g_signal_connect(v, "print", G_CALLBACK(on_print), (gpointer)h);
	g_signal_connect(v, "enter-fullscreen", G_CALLBACK(on_enter_fullscreen), (gpointer)h);
	g_signal_connect(v, "leave-fullscreen", G_CALLBACK(on_leave_fullscreen), (gpointer)h);
}

static void mpsim_move(void *window, int x, int y) { gtk_window_move(GTK_WINDOW(window), x, y); }

// mpsim_load navigates with extra request headers (the launch's
// X-MP-LPAError-* headers, contract §1.4).
static void mpsim_load(WebKitWebView *v, const char *uri, char **names, char **values, int n) {
	WebKitURIRequest *req = webkit_uri_request_new(uri);
	SoupMessageHeaders *h = webkit_uri_request_get_http_headers(req);
	for (int i = 0; h != NULL && i < n; i++) {
		soup_message_headers_replace(h, names[i], values[i]);
	}
	webkit_web_view_load_request(v, req);
	g_object_unref(req);
}

// The Mobile Plans app shows download progress in a popup over the portal
// while the portal stays usable (contract §1.6, §3 F3). mpsim_overlay puts
// the web view into a GtkOverlay with a small native panel for that, so the
// page's DOM is never touched.
typedef struct {
	GtkWidget *panel;
	GtkWidget *label;
	GtkWidget *bar;
} mpsim_overlay_t;

static mpsim_overlay_t *mpsim_overlay_new(void *window, WebKitWebView *v) {
	GtkWidget *view = GTK_WIDGET(v);
	g_object_ref(view);
	gtk_container_remove(GTK_CONTAINER(window), view);
	GtkWidget *overlay = gtk_overlay_new();
	gtk_container_add(GTK_CONTAINER(overlay), view);
	g_object_unref(view);

	mpsim_overlay_t *o = g_new0(mpsim_overlay_t, 1);
	o->panel = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_widget_set_halign(o->panel, GTK_ALIGN_CENTER);
	gtk_widget_set_valign(o->panel, GTK_ALIGN_END);
	gtk_widget_set_margin_bottom(o->panel, 24);
	gtk_widget_set_size_request(o->panel, 420, -1);
	GtkStyleContext *ctx = gtk_widget_get_style_context(o->panel);
	GtkCssProvider *css = gtk_css_provider_new();
	gtk_css_provider_load_from_data(css,
		"box { background: rgba(32,32,32,0.92); color: white; border-radius: 8px; padding: 12px 16px; }"
		"label { color: white; font-weight: bold; }", -1, NULL);
	gtk_style_context_add_provider(ctx, GTK_STYLE_PROVIDER(css), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
	g_object_unref(css);
	o->label = gtk_label_new("");
	gtk_label_set_line_wrap(GTK_LABEL(o->label), TRUE);
	GtkStyleContext *lctx = gtk_widget_get_style_context(o->label);
	GtkCssProvider *lcss = gtk_css_provider_new();
	gtk_css_provider_load_from_data(lcss, "label { color: white; font-weight: bold; }", -1, NULL);
	gtk_style_context_add_provider(lctx, GTK_STYLE_PROVIDER(lcss), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
	g_object_unref(lcss);
	o->bar = gtk_progress_bar_new();
	gtk_box_pack_start(GTK_BOX(o->panel), o->label, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(o->panel), o->bar, FALSE, FALSE, 0);
	gtk_overlay_add_overlay(GTK_OVERLAY(overlay), o->panel);
	// Clicks pass through the panel's surroundings to the portal.
	gtk_overlay_set_overlay_pass_through(GTK_OVERLAY(overlay), o->panel, FALSE);
	gtk_container_add(GTK_CONTAINER(window), overlay);
	gtk_widget_show_all(overlay);
	gtk_widget_hide(o->panel);
	return o;
}

static void mpsim_overlay_set(mpsim_overlay_t *o, const char *text, double fraction, int visible) {
	if (o == NULL) return;
	if (!visible) {
		gtk_widget_hide(o->panel);
		return;
	}
	gtk_label_set_text(GTK_LABEL(o->label), text);
	if (fraction < 0) {
		gtk_progress_bar_pulse(GTK_PROGRESS_BAR(o->bar));
	} else {
		gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(o->bar), fraction > 1 ? 1 : fraction);
	}
	gtk_widget_show_all(o->panel);
}

// mpsim_fix_signals ORs SA_ONSTACK into the handlers of the fault signals
// JavaScriptCore (or anything else native) installed without it; without
// the flag the Go runtime turns any recovered SIGSEGV into a fatal crash
// (facts §3), because JSC's handler chains to Go's on the thread stack.
//
// Call it on the GTK thread only: run every 250 ms from another thread, the
// read-modify-write of the dispositions raced JavaScriptCore on the GTK
// thread and deadlocked the window under a burst of bridge calls (the
// collector stuck in WTF::Thread::suspend, the main thread in
// JSC::Heap::acquireAccessSlow; issue 12 item 2, docs/security.md).
// SIGUSR1/SIGUSR2 are left alone: WTF suspends threads for the collector
// with SIGUSR1 and its handler expects the thread's own stack (it backs off
// on an alternate one); it never chains to Go's, so it needs no SA_ONSTACK.
static int mpsim_fix_signals(void) {
	int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGPIPE, SIGTRAP};
	int fixed = 0;
	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa;
		if (sigaction(sigs[i], NULL, &sa) != 0) continue;
		if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN) continue;
		if (sa.sa_flags & SA_ONSTACK) continue;
		sa.sa_flags |= SA_ONSTACK;
		if (sigaction(sigs[i], &sa, NULL) == 0) fixed++;
	}
	return fixed;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime/cgo"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// ErrNoDisplay is returned by CheckDisplay when GTK cannot open a display.
var ErrNoDisplay = errors.New("no display: GTK could not open one (set DISPLAY, or use --headless to start a private Xvfb)")

// CheckDisplay initialises GTK and reports whether a display is usable.
// webview_go would segfault instead (facts §3), so call this first. A
// display that refuses the connection is tried again for up to half a
// second: a server busy with other clients connecting at the same moment
// (parallel sessions on one Xvfb, each starting a window and WebKit's
// processes) can refuse one for a moment, and a matrix cell once failed so
// ("no display" on the shared private Xvfb after two cells had run on it).
func CheckDisplay() error {
	for try := 0; ; try++ {
		if C.mpsim_display_ok() != 0 {
			return nil
		}
		if try == 4 {
			return ErrNoDisplay
		}
		time.Sleep(125 * time.Millisecond)
	}
}

// FixSignalStacks re-applies SA_ONSTACK to native signal handlers and returns
// how many it had to repair. JavaScriptCore installs handlers lazily, so call
// it after the web view exists and again from time to time — always on the
// GTK thread (through the webview's Dispatch), never from another goroutine.
func FixSignalStacks() int { return int(C.mpsim_fix_signals()) }

// PolicyKind says what a decide-policy request is about.
type PolicyKind int

// The kinds of WebKit policy decisions reported to Handlers.Decide.
const (
	PolicyNavigation PolicyKind = 0
	PolicyNewWindow  PolicyKind = 1
)

// ResponseFrame says which frame a Response is for.
type ResponseFrame int

// The frames of a Response.
const (
	// FrameMain is the top frame's document (a load of the portal's page).
	FrameMain ResponseFrame = C.MPSIMK_FRAME_MAIN
	// FrameOther is another load: a frame's document.
	FrameOther ResponseFrame = C.MPSIMK_FRAME_OTHER
	// FrameUnknown: WebKitGTK before 2.40 does not say.
	FrameUnknown ResponseFrame = C.MPSIMK_FRAME_UNKNOWN
)

// Response is a response WebKit decides whether to show (a response
// policy decision: a document's, the top frame's or a frame's).
type Response struct {
	URI      string
	MIMEType string // as WebKit reads it (the Content-Type's, else sniffed)
	Status   int
	// Supported says WebKit can show MIMEType
	// (webkit_response_policy_decision_is_mime_type_supported).
	Supported bool
	Frame     ResponseFrame
	// ContentType and Disposition are the Content-Type and
	// Content-Disposition headers; "" when there is none.
	ContentType, Disposition string
}

// Attachment reports whether the response is a download by its
// Content-Disposition, read as WebKit reads it
// (ResourceResponse::isAttachment): its type, before any ";", is
// "attachment", in any case.
func (r Response) Attachment() bool {
	kind, _, _ := strings.Cut(r.Disposition, ";")
	return strings.EqualFold(strings.TrimSpace(kind), "attachment")
}

// NoContent reports whether the response is HTTP 204 No Content or 205
// Reset Content, which WebKit shows nothing of: it stops the load.
func (r Response) NoContent() bool { return r.Status == 204 || r.Status == 205 }

// Shown reports whether WebKit shows the response as a document: it
// downloads an attachment (which the window cancels), ignores a type it
// cannot show and stops at a 204 or 205, so that the load ends as "Frame
// load interrupted" and a frame, the top one included, keeps what it
// showed before.
func (r Response) Shown() bool { return r.Supported && !r.Attachment() && !r.NoContent() }

// LoadFailKind classifies a failed load.
type LoadFailKind int

// The kinds of load failures.
const (
	LoadFailNetwork   LoadFailKind = 0 // refused, DNS, reset, …
	LoadFailCancelled LoadFailKind = 1 // cancelled or replaced by another load; not a failure of the portal
	LoadFailScheme    LoadFailKind = 2 // the scheme cannot be shown
	LoadFailTLS       LoadFailKind = 3 // the certificate was not trusted
	// LoadFailInternal is WebKit's "internal error", which the loads in
	// flight get when WebKit's network process ends: WebKit's failure,
	// not the page's.
	LoadFailInternal LoadFailKind = 4
)

// LoadFailure is a failed load as WebKit reported it.
type LoadFailure struct {
	URI, Reason string
	TLS         bool // load-failed-with-tls-errors
	TLSFlags    uint // its GTlsCertificateFlags
	Kind        LoadFailKind
	// CertPEM is the certificate the server presented (TLS failures; ""
	// when WebKit gave none).
	CertPEM string
}

// DialogKind is the type of a JavaScript dialog (WebKitScriptDialogType).
type DialogKind int

// The dialog kinds.
const (
	DialogAlert        DialogKind = 0
	DialogConfirm      DialogKind = 1
	DialogPrompt       DialogKind = 2
	DialogBeforeUnload DialogKind = 3
	// DialogPrint is window.print(): WebKit's "print" signal, not a
	// script dialog; no Print dialog is shown and print() returns.
	DialogPrint DialogKind = C.DIALOG_KIND_PRINT
)

// String is the JavaScript name of the dialog.
func (k DialogKind) String() string {
	switch k {
	case DialogAlert:
		return "alert"
	case DialogConfirm:
		return "confirm"
	case DialogPrompt:
		return "prompt"
	case DialogBeforeUnload:
		return "beforeunload"
	case DialogPrint:
		return "print"
	}
	return fmt.Sprintf("dialog%d", int(k))
}

// Answer is what the window answers to a dialog of kind k: confirm gets
// false, prompt null, beforeunload leaves the page, alert and print return.
func (k DialogKind) Answer() string {
	switch k {
	case DialogConfirm:
		return "false"
	case DialogPrompt:
		return "null"
	case DialogBeforeUnload:
		return "leave"
	}
	return ""
}

// Handlers receive the web view's signals on the GTK thread; keep them short.
type Handlers struct {
	LoadFailed func(LoadFailure)
	// Committed reports a committed top-level load and the HTTP status of
	// its main document (0 when there is none).
	Committed  func(uri string, status int)
	WebProcess func(reason int)
	// Decide returns true to block the navigation or new window; cause is
	// the WebKitNavigationType (see NavigationTypeName) and gesture whether
	// the user caused it.
	Decide func(kind PolicyKind, uri string, cause int, gesture bool) bool
	// Response is told of each response WebKit decides whether to show,
	// before its decision (which it keeps: see Response.Shown).
	Response func(Response)
	// Message receives each page message to the native handler replaced by
	// ReplaceMessageHandler: size is its length in bytes and data returns
	// a copy (call it only if the message is to be kept). isString is
	// false when the page posted something other than a string.
	Message func(size int, data func() string, isString bool)
	// Dialog is told of each JavaScript dialog and window.print(), already
	// answered with kind.Answer() and never shown.
	Dialog func(kind DialogKind, message, uri string)
	// Shortcut is told of a host shortcut the user pressed while the page
	// had the keyboard (ShortcutPresenter) and says whether a host took
	// it; the page gets the key when none did (a window of mpsim run).
	Shortcut func(name string) bool
	// Fullscreen is told that the page entered (enter true) or left HTML
	// fullscreen, with the view's URI; the window keeps its size either
	// way (the element fills the view).
	Fullscreen func(enter bool, uri string)
	// InspectorClosed is told that the user closed WebKit's inspector
	// (its close button, or its window's); not after CloseInspector.
	InspectorClosed func()

	// inspector is set by View.Inspect, filterReady by AddContentFilter.
	inspector   *Inspector
	filterReady func(err string)
	// steps are the scenario steps waiting for their answers (GTK thread
	// only), by id.
	steps   map[uint]StepDone
	stepSeq uint
}

// View is the WebKitWebView inside a webview_go window.
type View struct {
	window   unsafe.Pointer
	view     *C.WebKitWebView
	handle   cgo.Handle
	handlers *Handlers
	overlay  *C.mpsim_overlay_t
}

// URI returns the web view's current URI (webkit_web_view_get_uri): the top
// page's address as WebKit knows it, whatever the page's script claims, or ""
// before the first load. Call it on the GTK thread.
func (v *View) URI() string {
	u := C.webkit_web_view_get_uri(v.view)
	if u == nil {
		return ""
	}
	return C.GoString(u)
}

// AddProgressOverlay wraps the web view in an overlay that can show the
// app's native progress panel over the portal. Call it once, on the GTK
// thread, before the window is shown.
func (v *View) AddProgressOverlay() {
	if v.overlay == nil {
		v.overlay = C.mpsim_overlay_new(v.window, v.view)
	}
}

// SetProgress shows text and a progress bar over the portal (fraction in
// 0..1; negative pulses), or hides the panel when visible is false. Call it
// on the GTK thread.
func (v *View) SetProgress(text string, fraction float64, visible bool) {
	if v.overlay == nil {
		return
	}
	cs := C.CString(text)
	defer C.free(unsafe.Pointer(cs))
	show := C.int(0)
	if visible {
		show = 1
	}
	C.mpsim_overlay_set(v.overlay, cs, C.double(fraction), show)
}

// webViewOf is the WebKitWebView in the GtkWindow webview_go created, or nil.
func webViewOf(gtkWindow unsafe.Pointer) *C.WebKitWebView { return C.mpsim_webview(gtkWindow) }

// Attach finds the WebKitWebView in the GtkWindow that webview_go created
// (w.Window()) and connects h to its signals. Call Detach when done.
func Attach(gtkWindow unsafe.Pointer, h Handlers) (*View, error) {
	v := webViewOf(gtkWindow)
	if v == nil {
		return nil, errors.New("webkit: the window holds no WebKitWebView")
	}
	hs := &h
	hd := cgo.NewHandle(hs)
	C.mpsim_connect(v, C.uintptr_t(hd))
	return &View{window: gtkWindow, view: v, handle: hd, handlers: hs}, nil
}

// Detach releases the handler registration and forgets the view's place in
// process-wide state; signals that still fire find no handler.
func (v *View) Detach() {
	v.Forget()
	v.handle.Delete()
}

// SetLanguages sets the preferred languages; WebKit derives Accept-Language
// and navigator.language from them (facts §4), whatever the process locale.
// navigator.languages is the first language only: WebKit gives pages no
// more, for privacy (docs/fidelity.md).
func (v *View) SetLanguages(tags []string) {
	if len(tags) == 0 {
		return
	}
	arr := C.malloc(C.size_t(len(tags)+1) * C.size_t(unsafe.Sizeof(uintptr(0))))
	defer C.free(arr)
	ptrs := unsafe.Slice((**C.char)(arr), len(tags)+1)
	for i, t := range tags {
		ptrs[i] = C.CString(t)
	}
	ptrs[len(tags)] = nil
	C.mpsim_set_languages(v.view, (**C.char)(arr))
	for i := range tags {
		C.free(unsafe.Pointer(ptrs[i]))
	}
}

// AllowCertificate pins the PEM certificate for host (an IP or DNS name);
// only that certificate is accepted for that host (facts §5).
func (v *View) AllowCertificate(pem, host string) error {
	cp, ch := C.CString(pem), C.CString(host)
	defer C.free(unsafe.Pointer(cp))
	defer C.free(unsafe.Pointer(ch))
	if msg := C.mpsim_allow_cert(v.view, cp, ch); msg != nil {
		defer C.g_free(C.gpointer(msg))
		return fmt.Errorf("pin certificate for %s: %s", host, C.GoString(msg))
	}
	return nil
}

// SetHardwareAcceleration turns accelerated compositing on or off; off is
// faster where GL is software-only (facts, performance section).
func (v *View) SetHardwareAcceleration(on bool) {
	flag := C.int(0)
	if on {
		flag = 1
	}
	C.mpsim_set_acceleration(v.view, flag)
}

// AppendUserAgent adds suffix to the default User-Agent.
func (v *View) AppendUserAgent(suffix string) {
	cs := C.CString(suffix)
	defer C.free(unsafe.Pointer(cs))
	C.mpsim_set_user_agent_suffix(v.view, cs)
}

// Load navigates to uri sending headers with the request. WebKit sets
// Accept-Language itself from SetLanguages.
func (v *View) Load(uri string, headers map[string]string) {
	names := make([]string, 0, len(headers))
	for k := range headers {
		names = append(names, k)
	}
	n := len(names)
	cu := C.CString(uri)
	defer C.free(unsafe.Pointer(cu))
	size := C.size_t(n+1) * C.size_t(unsafe.Sizeof(uintptr(0)))
	cn, cv := C.malloc(size), C.malloc(size)
	defer C.free(cn)
	defer C.free(cv)
	pn, pv := unsafe.Slice((**C.char)(cn), n+1), unsafe.Slice((**C.char)(cv), n+1)
	for i, k := range names {
		pn[i], pv[i] = C.CString(k), C.CString(headers[k])
	}
	C.mpsim_load(v.view, cu, (**C.char)(cn), (**C.char)(cv), C.int(n))
	for i := 0; i < n; i++ {
		C.free(unsafe.Pointer(pn[i]))
		C.free(unsafe.Pointer(pv[i]))
	}
}

// Move places the window at x, y (Xvfb has no window manager to do it).
func (v *View) Move(x, y int) { C.mpsim_move(v.window, C.int(x), C.int(y)) }

// handlers returns the Handlers of h, or nil once Detach released them (a
// signal during the window's teardown must not panic).
func handlers(h C.uintptr_t) (hs *Handlers) {
	defer func() {
		if recover() != nil {
			hs = nil
		}
	}()
	hs, _ = cgo.Handle(h).Value().(*Handlers)
	return hs
}

// The host shortcuts of Handlers.Shortcut.
const (
	// ShortcutPresenter is Ctrl+P.
	ShortcutPresenter = "presenter"
	// ShortcutRelaunch is Ctrl+R.
	ShortcutRelaunch = "relaunch"
	// ShortcutDevTools is F12.
	ShortcutDevTools = "devTools"
	// ShortcutLogSearch is Ctrl+L.
	ShortcutLogSearch = "logSearch"
	// ShortcutBack is Alt+Left.
	ShortcutBack = "back"
	// ShortcutHostFocus is F6 or Ctrl+F6: the keyboard back to the host.
	ShortcutHostFocus = "hostFocus"
	// ShortcutTabNext and ShortcutTabPrev are Ctrl+PageDown and
	// Ctrl+PageUp: the host's next and previous tab.
	ShortcutTabNext = "tabNext"
	ShortcutTabPrev = "tabPrev"
	// ShortcutTab starts the names of Alt+1 … Alt+9: "tab1" … "tab9".
	ShortcutTab = "tab"
	// ShortcutKeysHelp is Ctrl+/: the host's list of keys.
	ShortcutKeysHelp = "keysHelp"
)

// hostShortcut names the host shortcut a key press in the page is, "" for
// a key of the page's: keyval is the key's GDK keyval, lowered; mods its
// modifiers among Ctrl, Shift, Alt, Super and Meta. Ctrl+P, Ctrl+R, F12,
// Ctrl+L, Alt+Left, F6, Ctrl+F6, Alt+1 … Alt+9, Ctrl+PageUp,
// Ctrl+PageDown and Ctrl+/ (the host's list of keys) are the host's (F12 and F6 without
// other modifiers: Shift+F12 and the like stay the page's). Before, only
// Ctrl+P was, and F12 and Ctrl+R pressed with the page focused did
// nothing; then Ctrl+L, Alt+Left did nothing in an embedded page, and no
// key took the keyboard out of it (both found by GUI QA).
func hostShortcut(keyval, mods uint) string {
	switch mods {
	case uint(C.GDK_CONTROL_MASK):
		if name := controlShortcut(keyval); name != "" {
			return name
		}
	case uint(C.GDK_MOD1_MASK):
		if keyval == C.GDK_KEY_Left || keyval == C.GDK_KEY_KP_Left {
			return ShortcutBack
		}
	case 0:
		switch keyval {
		case C.GDK_KEY_F12:
			return ShortcutDevTools
		case C.GDK_KEY_F6:
			return ShortcutHostFocus
		}
	}
	return tabShortcut(keyval, mods)
}

// controlShortcut names the host's keys with Ctrl alone: Ctrl+P, Ctrl+R,
// Ctrl+L, Ctrl+F6 and Ctrl+/ (on the keypad's / too); "" for another.
func controlShortcut(keyval uint) string {
	switch keyval {
	case C.GDK_KEY_p:
		return ShortcutPresenter
	case C.GDK_KEY_r:
		return ShortcutRelaunch
	case C.GDK_KEY_l:
		return ShortcutLogSearch
	case C.GDK_KEY_F6:
		return ShortcutHostFocus
	case C.GDK_KEY_slash, C.GDK_KEY_KP_Divide:
		return ShortcutKeysHelp
	}
	return ""
}

// tabShortcut names the host's tab keys: Alt+1 … Alt+9 ("tab1" …),
// Ctrl+PageDown and Ctrl+PageUp; "" for another key.
func tabShortcut(keyval, mods uint) string {
	ctrl, alt := uint(C.GDK_CONTROL_MASK), uint(C.GDK_MOD1_MASK)
	switch {
	case mods == ctrl && (keyval == C.GDK_KEY_Page_Down || keyval == C.GDK_KEY_KP_Page_Down):
		return ShortcutTabNext
	case mods == ctrl && (keyval == C.GDK_KEY_Page_Up || keyval == C.GDK_KEY_KP_Page_Up):
		return ShortcutTabPrev
	case mods == alt && keyval >= C.GDK_KEY_1 && keyval <= C.GDK_KEY_9:
		return ShortcutTab + strconv.Itoa(int(keyval-C.GDK_KEY_0))
	}
	return ""
}

//export mpsimHostShortcut
func mpsimHostShortcut(h C.uintptr_t, keyval, mods C.uint) C.int {
	name := hostShortcut(uint(keyval), uint(mods))
	if name == "" {
		return 0
	}
	if hs := handlers(h); hs != nil && hs.Shortcut != nil && hs.Shortcut(name) {
		return 1
	}
	return 0 // no host takes it: the page's key
}

//export mpsimLoadFailed
func mpsimLoadFailed(h C.uintptr_t, uri, msg *C.char, tls C.int, flags C.uint, kind C.int, certPEM *C.char) {
	if hs := handlers(h); hs != nil && hs.LoadFailed != nil {
		f := LoadFailure{URI: C.GoString(uri), Reason: C.GoString(msg), TLS: tls != 0, TLSFlags: uint(flags), Kind: LoadFailKind(kind)}
		if certPEM != nil {
			f.CertPEM = C.GoString(certPEM)
		}
		hs.LoadFailed(f)
	}
}

//export mpsimLoadCommitted
func mpsimLoadCommitted(h C.uintptr_t, uri *C.char, status C.uint) {
	if hs := handlers(h); hs != nil && hs.Committed != nil {
		hs.Committed(C.GoString(uri), int(status))
	}
}

//export mpsimScriptMessage
func mpsimScriptMessage(h C.uintptr_t, data *C.char, n C.size_t, isString C.int) {
	if hs := handlers(h); hs != nil && hs.Message != nil {
		size := int(n)
		hs.Message(size, func() string {
			if data == nil || size == 0 {
				return ""
			}
			return C.GoStringN(data, C.int(size))
		}, isString != 0)
	}
}

//export mpsimScriptDialog
func mpsimScriptDialog(h C.uintptr_t, kind C.int, msg, uri *C.char) *C.char {
	k := DialogKind(kind)
	if hs := handlers(h); hs != nil && hs.Dialog != nil {
		hs.Dialog(k, C.GoString(msg), C.GoString(uri))
	}
	return C.CString(k.Answer())
}

//export mpsimFullscreen
func mpsimFullscreen(h C.uintptr_t, enter C.int, uri *C.char) {
	if hs := handlers(h); hs != nil && hs.Fullscreen != nil {
		hs.Fullscreen(enter != 0, C.GoString(uri))
	}
}

// TerminateWebProcess ends the view's web process (SIGKILL), which
// reports web-process-terminated "by the API"; on the GTK thread.
func (v *View) TerminateWebProcess() { C.webkit_web_view_terminate_web_process(v.view) }

// ReplaceMessageHandler takes over the page messages posted to
// window.webkit.messageHandlers.<name> (webview_go's "external"): they go
// to Handlers.Message instead of webview_go's binding dispatcher. Call it
// on the GTK thread after Attach.
func (v *View) ReplaceMessageHandler(name string) {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	C.mpsim_replace_message_handler(v.view, cs, C.uintptr_t(v.handle))
}

//export mpsimWebProcessGone
func mpsimWebProcessGone(h C.uintptr_t, reason C.int) {
	if hs := handlers(h); hs != nil && hs.WebProcess != nil {
		hs.WebProcess(int(reason))
	}
}

//export mpsimDecidePolicy
func mpsimDecidePolicy(h C.uintptr_t, kind C.int, uri *C.char, navType, gesture C.int) C.int {
	if hs := handlers(h); hs != nil && hs.Decide != nil {
		if hs.Decide(PolicyKind(kind), C.GoString(uri), int(navType), gesture != 0) {
			return 1
		}
	}
	return 0
}

//export mpsimResponse
func mpsimResponse(h C.uintptr_t, uri, mime *C.char, status C.uint, supported, frame C.int, contentType, disposition *C.char) {
	if hs := handlers(h); hs != nil && hs.Response != nil {
		hs.Response(Response{URI: C.GoString(uri), MIMEType: C.GoString(mime), Status: int(status), Supported: supported != 0,
			Frame: ResponseFrame(frame), ContentType: C.GoString(contentType), Disposition: C.GoString(disposition)})
	}
}
