package webkit

// Embedding the portal in the host's window (issue 18): a plain undecorated
// GTK window, realized and reparented into the host's X11 window before it
// is ever mapped (so no window manager manages it), then handed to
// webview_go. GtkPlug/XEmbed does not work: Fyne's window does not speak
// XEmbed (../shared/notes/embedding-facts.md). Only GTK 3 and Xlib calls
// that WebKitGTK 4.0 and 4.1 builds share are used.

/*
#cgo pkg-config: x11
#include <gtk/gtk.h>
#include <gdk/gdkx.h>
#include <X11/Xlib.h>
#include <webkit2/webkit2.h>
#include <stdlib.h>
#include <dlfcn.h>

static void mpsim_use_x11(void) { gdk_set_allowed_backends("x11"); }

static int mpsim_is_x11(void) {
	GdkDisplay *d = gdk_display_get_default();
	return d != NULL && GDK_IS_X11_DISPLAY(d);
}

static Display *mpsim_dpy(void) { return GDK_DISPLAY_XDISPLAY(gdk_display_get_default()); }

static Window mpsim_xid(GtkWidget *w) {
	GdkWindow *g = gtk_widget_get_window(w);
	return g != NULL ? GDK_WINDOW_XID(g) : None;
}

static void mpsim_trap(void) { gdk_x11_display_error_trap_push(gdk_display_get_default()); }
static int mpsim_untrap(void) { return gdk_x11_display_error_trap_pop(gdk_display_get_default()); }

// The embedded window's parent; set once.
static Window mpsim_parent;

static void on_embed_destroy(GtkWidget *w, gpointer p) { gtk_main_quit(); }

// mpsim_scaled is n device pixels in GTK's units for win: GDK_SCALE=2
// makes each unit of a window's size two pixels (rounded up, so the page
// fills the pane).
static int mpsim_scaled(GtkWidget *win, int n) {
	int s = gtk_widget_get_scale_factor(win);
	return s > 1 ? (n + s - 1) / s : n;
}

// mpsim_scale_factor is GTK's scale factor of win (GDK_SCALE), 1 without.
static int mpsim_scale_factor(GtkWidget *win) {
	int s = gtk_widget_get_scale_factor(win);
	return s > 0 ? s : 1;
}

// mpsim_embed_new returns a realized GTK window that is a child of the X11
// window parent at x, y, w x h (device pixels, as the host's window has
// them), not yet mapped; *xerr is the X error code of the reparenting (0
// when it worked).
static GtkWidget *mpsim_embed_new(unsigned long parent, int x, int y, int w, int h, int *xerr) {
	mpsim_parent = (Window)parent;
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_decorated(GTK_WINDOW(win), FALSE);
	gtk_window_set_skip_taskbar_hint(GTK_WINDOW(win), TRUE);
	gtk_window_set_skip_pager_hint(GTK_WINDOW(win), TRUE);
	gtk_window_set_default_size(GTK_WINDOW(win), mpsim_scaled(win, w), mpsim_scaled(win, h));
	g_signal_connect(win, "destroy", G_CALLBACK(on_embed_destroy), NULL);
	gtk_widget_realize(win);
	mpsim_trap();
	XReparentWindow(mpsim_dpy(), mpsim_xid(win), mpsim_parent, x, y);
	XMoveResizeWindow(mpsim_dpy(), mpsim_xid(win), x, y, w, h);
	XSync(mpsim_dpy(), False);
	*xerr = mpsim_untrap();
	return win;
}

// mpsim_embed_keys makes w and the X windows under it take key events
// (on = 1) or not (on = 0). With the host's window focused, X gives a key
// to the window under the pointer when it lies inside the focused one, so
// a pointer resting over the page kept the keyboard in the page after the
// host took it back (F6); without key events selected there, the key goes
// up to the host's window. GDK selects them with XInput 2 (XI_KeyPress),
// and core ones on some windows: both are taken away, and given back only
// where they were. libXi's functions are looked up in the process (GTK
// loaded libXi), so the build needs no Xi headers or library.
typedef struct { int deviceid; int mask_len; unsigned char *mask; } mpsim_xi_mask;
typedef mpsim_xi_mask *(*mpsim_xi_get_fn)(Display *, Window, int *);
typedef int (*mpsim_xi_set_fn)(Display *, Window, mpsim_xi_mask *, int);
static GHashTable *mpsim_keys_taken; // X window → 1: core keys, 2: XI keys (or'ed)

static void mpsim_window_keys(Window w, int on) {
	static mpsim_xi_get_fn xi_get;
	static mpsim_xi_set_fn xi_set;
	static int looked;
	if (!looked) {
		looked = 1;
		xi_get = (mpsim_xi_get_fn)dlsym(RTLD_DEFAULT, "XIGetSelectedEvents");
		xi_set = (mpsim_xi_set_fn)dlsym(RTLD_DEFAULT, "XISelectEvents");
	}
	if (mpsim_keys_taken == NULL) mpsim_keys_taken = g_hash_table_new(g_direct_hash, g_direct_equal);
	gpointer key = GSIZE_TO_POINTER(w);
	int taken = GPOINTER_TO_INT(g_hash_table_lookup(mpsim_keys_taken, key));
	if (on && taken == 0) return;
	const long core = KeyPressMask | KeyReleaseMask;
	const unsigned char xi = (1 << 2) | (1 << 3); // XI_KeyPress, XI_KeyRelease
	XWindowAttributes a;
	if (XGetWindowAttributes(mpsim_dpy(), w, &a)) {
		if (!on && (a.your_event_mask & core)) {
			XSelectInput(mpsim_dpy(), w, a.your_event_mask & ~core);
			taken |= 1;
		} else if (on && (taken & 1)) {
			XSelectInput(mpsim_dpy(), w, a.your_event_mask | core);
		}
	}
	if (xi_get != NULL && xi_set != NULL) {
		int n = 0;
		mpsim_xi_mask *m = xi_get(mpsim_dpy(), w, &n);
		int changed = 0;
		for (int i = 0; m != NULL && i < n; i++) {
			if (m[i].mask_len < 1) continue;
			if (!on && (m[i].mask[0] & xi)) {
				m[i].mask[0] &= ~xi;
				changed = 1;
				taken |= 2;
			} else if (on && (taken & 2)) {
				m[i].mask[0] |= xi;
				changed = 1;
			}
		}
		if (changed) xi_set(mpsim_dpy(), w, m, n);
		if (m != NULL) XFree(m);
	}
	if (on) g_hash_table_remove(mpsim_keys_taken, key);
	else if (taken) g_hash_table_insert(mpsim_keys_taken, key, GINT_TO_POINTER(taken));
}

static void mpsim_embed_keys(Window w, int on) {
	mpsim_window_keys(w, on);
	Window root, parent, *kids = NULL;
	unsigned int n = 0;
	if (XQueryTree(mpsim_dpy(), w, &root, &parent, &kids, &n)) {
		for (unsigned int i = 0; i < n; i++) mpsim_embed_keys(kids[i], on);
		if (kids != NULL) XFree(kids);
	}
}

// mpsim_embed_focus gives the X keyboard focus to the portal (portal = 1)
// or back to the host window.
static void mpsim_embed_focus(GtkWidget *win, int portal, guint32 t) {
	Window target = portal ? mpsim_xid(win) : mpsim_parent;
	if (target == None) return;
	mpsim_trap();
	if (mpsim_xid(win) != None) mpsim_embed_keys(mpsim_xid(win), portal);
	XSetInputFocus(mpsim_dpy(), target, RevertToParent, t ? t : CurrentTime);
	XFlush(mpsim_dpy());
	mpsim_untrap();
}

// A click in the page takes the keyboard: without a window manager (or
// with one that focuses only top-levels) keys would reach the page only
// while the pointer is over it.
static gboolean on_embed_button(GtkWidget *w, GdkEventButton *ev, gpointer win) {
	mpsim_embed_focus(GTK_WIDGET(win), 1, ev->time);
	return FALSE;
}

static void mpsim_embed_rect(GtkWidget *win, int x, int y, int w, int h) {
	gtk_window_resize(GTK_WINDOW(win), mpsim_scaled(win, w), mpsim_scaled(win, h));
	mpsim_trap();
	XMoveResizeWindow(mpsim_dpy(), mpsim_xid(win), x, y, w, h);
	XFlush(mpsim_dpy());
	mpsim_untrap();
}

// WebKitGTK 2.50 (GTK 3) leaves the areas another window uncovered grey on
// an X server without a compositor (in a top-level window too); a full
// queue_draw after the burst of exposes repaints them.
static GtkWidget *mpsim_heal_view;
static guint mpsim_heal_id;
static gboolean mpsim_heal(gpointer p) {
	mpsim_heal_id = 0;
	if (mpsim_heal_view != NULL) gtk_widget_queue_draw(mpsim_heal_view);
	return G_SOURCE_REMOVE;
}
static GdkFilterReturn mpsim_expose_filter(GdkXEvent *xe, GdkEvent *ev, gpointer p) {
	XEvent *x = (XEvent *)xe;
	if (x->type == Expose && x->xexpose.count == 0 && mpsim_heal_id == 0)
		mpsim_heal_id = g_timeout_add(30, mpsim_heal, NULL);
	return GDK_FILTER_CONTINUE;
}

static void mpsim_heal_exposes(GtkWidget *win, WebKitWebView *v) {
	if (!mpsim_is_x11()) return;
	mpsim_heal_view = GTK_WIDGET(v);
	gtk_widget_realize(win);
	gdk_window_add_filter(gtk_widget_get_window(win), mpsim_expose_filter, NULL);
}

// mpsim_heal_forget drops v from the repair: its window is about to be
// destroyed, and the process may live on with another view.
static void mpsim_heal_forget(WebKitWebView *v) {
	if (mpsim_heal_view != GTK_WIDGET(v)) return;
	mpsim_heal_view = NULL;
	if (mpsim_heal_id != 0) g_source_remove(mpsim_heal_id);
	mpsim_heal_id = 0;
}

static void mpsim_quit(void) { gtk_main_quit(); }
static void mpsim_destroy_window(GtkWidget *win) { gtk_widget_destroy(win); }

static void mpsim_embed_hooks(GtkWidget *win, WebKitWebView *v) {
	g_signal_connect(v, "button-press-event", G_CALLBACK(on_embed_button), win);
}

// mpsim_show maps the window alone: show_all would also show the hidden
// progress panel of the overlay.
static void mpsim_show(GtkWidget *win) { gtk_widget_show(win); }

// mpsim_hide unmaps the window and sends the request to the X server now:
// no GTK loop may run after it to flush it.
static void mpsim_hide(GtkWidget *win) {
	gtk_widget_hide(win);
	gdk_display_flush(gtk_widget_get_display(win));
}

// on_toplevel_delete ends the GTK loop when the user closes the window, as
// webview_go does for the windows it makes, but keeps the window: the view
// in it stays valid until webview_go destroys it.
static gboolean on_toplevel_delete(GtkWidget *w, GdkEvent *ev, gpointer p) {
	gtk_main_quit();
	return TRUE;
}

// mpsim_toplevel_new returns a realized top-level GTK window, not yet
// mapped; the user closing it ends the GTK loop.
static GtkWidget *mpsim_toplevel_new(void) {
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	g_signal_connect(win, "delete-event", G_CALLBACK(on_toplevel_delete), NULL);
	gtk_widget_realize(win);
	return win;
}

// mpsim_show_toplevel maps a top-level window made by mpsim_toplevel_new
// with the keyboard in the view, as webview_go shows the windows it makes.
static void mpsim_show_toplevel(GtkWidget *win, WebKitWebView *v) {
	gtk_widget_grab_focus(GTK_WIDGET(v));
	gtk_widget_show(win);
}

static int mpsim_go_back(WebKitWebView *v) {
	if (!webkit_web_view_can_go_back(v)) return 0;
	webkit_web_view_go_back(v);
	return 1;
}

static void mpsim_set_zoom(WebKitWebView *v, double z) { webkit_web_view_set_zoom_level(v, z); }

// mpsim_transient_for makes win transient for the foreign X11 window xid
// (WM_TRANSIENT_FOR); it returns 0 when it cannot (not X11, xid gone). The
// foreign GdkWindow lives as long as win.
static int mpsim_transient_for(GtkWidget *win, unsigned long xid) {
	GdkDisplay *d = gdk_display_get_default();
	if (d == NULL || !GDK_IS_X11_DISPLAY(d)) return 0;
	gtk_widget_realize(win);
	GdkWindow *own = gtk_widget_get_window(win);
	if (own == NULL) return 0;
	mpsim_trap();
	GdkWindow *host = gdk_x11_window_foreign_new_for_display(d, (Window)xid);
	if (host != NULL) gdk_window_set_transient_for(own, host);
	int xerr = mpsim_untrap();
	if (host == NULL) return 0;
	g_object_set_data_full(G_OBJECT(win), "mpsim-transient-for", host, g_object_unref);
	return xerr == 0;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// ErrNotX11 is returned when the portal cannot be embedded because GDK does
// not run on X11 (the host falls back to a window of its own).
var ErrNotX11 = errors.New("the display is not an X11 display, so the portal cannot be embedded")

// UseX11 makes GTK use its X11 backend (XWayland under Wayland), the only
// one that can embed; call it before CheckDisplay.
func UseX11() { C.mpsim_use_x11() }

// NewEmbeddedWindow returns a realized, not yet mapped GtkWindow that is a
// child of the X11 window parent at x, y (pixels) with size w x h. Hand it
// to webview.NewWindow, then call View.Show. Call it on the GTK thread after
// CheckDisplay.
func NewEmbeddedWindow(parent uint64, x, y, w, h int) (unsafe.Pointer, error) {
	if C.mpsim_is_x11() == 0 {
		return nil, ErrNotX11
	}
	if w <= 0 || h <= 0 {
		w, h = 800, 600
	}
	var xerr C.int
	win := C.mpsim_embed_new(C.ulong(parent), C.int(x), C.int(y), C.int(w), C.int(h), &xerr)
	if xerr != 0 {
		C.gtk_widget_destroy(win)
		return nil, fmt.Errorf("embed the portal in window 0x%x: X error %d (is the host window gone?)", parent, int(xerr))
	}
	return unsafe.Pointer(win), nil
}

// EmbedHooks connects what an embedded view needs: a click in the page
// takes the X keyboard focus. Call it once after Attach.
func (v *View) EmbedHooks() {
	C.mpsim_embed_hooks((*C.GtkWidget)(v.window), v.view)
}

// HealExposes repaints the view after another window uncovered part of it
// (WebKitGTK 2.50 leaves those areas grey without a compositor).
func (v *View) HealExposes() {
	C.mpsim_heal_exposes((*C.GtkWidget)(v.window), v.view)
}

// Forget drops the view from the process-wide repair of exposes; call it
// before the view is destroyed.
func (v *View) Forget() { C.mpsim_heal_forget(v.view) }

// Quit ends the innermost GTK main loop; on the GTK thread.
func Quit() { C.mpsim_quit() }

// DestroyTopLevel destroys a window made by NewTopLevelWindow, once
// webview_go destroyed the view in it (webview_go leaves windows it did
// not make to their maker); on the GTK thread.
func DestroyTopLevel(window unsafe.Pointer) { C.mpsim_destroy_window((*C.GtkWidget)(window)) }

// Show maps the window (webview_go does not show a window it did not make).
func (v *View) Show() { C.mpsim_show((*C.GtkWidget)(v.window)) }

// Hide unmaps the window at once (the session has ended; its process may
// be killed before it destroys the view); on the GTK thread.
func (v *View) Hide() { C.mpsim_hide((*C.GtkWidget)(v.window)) }

// NewTopLevelWindow returns a realized top-level GtkWindow, not yet mapped,
// for a portal view made before its session (a warm process): hand it to
// webview.NewWindow, then call View.ShowTopLevel when the session starts.
// Closing it ends the GTK loop. Call it on the GTK thread after
// CheckDisplay.
func NewTopLevelWindow() unsafe.Pointer { return unsafe.Pointer(C.mpsim_toplevel_new()) }

// ShowTopLevel maps a window made by NewTopLevelWindow with the keyboard in
// the page.
func (v *View) ShowTopLevel() { C.mpsim_show_toplevel((*C.GtkWidget)(v.window), v.view) }

// SetRect moves and resizes an embedded window inside its parent.
func (v *View) SetRect(x, y, w, h int) {
	if w <= 0 || h <= 0 {
		return
	}
	C.mpsim_embed_rect((*C.GtkWidget)(v.window), C.int(x), C.int(y), C.int(w), C.int(h))
}

// Focus gives the X keyboard focus to the embedded portal (portal true) or
// back to the host window.
func (v *View) Focus(portal bool) {
	p := C.int(0)
	if portal {
		p = 1
	}
	C.mpsim_embed_focus((*C.GtkWidget)(v.window), p, 0)
}

// SetTransientFor makes a window of its own transient for the host's X11
// window xid, so that window managers keep it with the host (above it, no
// taskbar entry of its own); it reports false when it could not (not X11,
// no such window). On the GTK thread.
func (v *View) SetTransientFor(xid uint64) bool {
	if xid == 0 {
		return false
	}
	return C.mpsim_transient_for((*C.GtkWidget)(v.window), C.ulong(xid)) != 0
}

// GoBack goes one page back in the view's history and reports whether
// there was a page to go back to.
func (v *View) GoBack() bool { return C.mpsim_go_back(v.view) != 0 }

// ScaleFactor is GTK's scale factor of the view's window (GDK_SCALE): the
// device pixels of one CSS pixel at zoom 1. 1 when there is none.
func (v *View) ScaleFactor() int {
	if v.window == nil {
		return 1
	}
	return int(C.mpsim_scale_factor((*C.GtkWidget)(v.window)))
}

// SetZoom sets the page zoom (1 is 100%); the embedded portal follows the
// host's scale factor.
func (v *View) SetZoom(z float64) {
	if z > 0 {
		C.mpsim_set_zoom(v.view, C.double(z))
	}
}
