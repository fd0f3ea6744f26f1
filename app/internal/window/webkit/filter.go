package webkit

/*
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <stdint.h>
#include <stdlib.h>

extern void mpsimFilterReady(uintptr_t h, char *err);

typedef struct { uintptr_t h; WebKitWebView *view; } mpsim_filter_t;

static void on_filter_saved(GObject *src, GAsyncResult *res, gpointer d) {
	mpsim_filter_t *x = d;
	GError *err = NULL;
	WebKitUserContentFilter *f = webkit_user_content_filter_store_save_finish(WEBKIT_USER_CONTENT_FILTER_STORE(src), res, &err);
	if (f == NULL) {
		mpsimFilterReady(x->h, err != NULL ? err->message : "the content filter did not compile");
	} else {
		webkit_user_content_manager_add_filter(webkit_web_view_get_user_content_manager(x->view), f);
		webkit_user_content_filter_unref(f);
		mpsimFilterReady(x->h, NULL);
	}
	if (err != NULL) g_error_free(err);
	g_object_unref(src);
	g_free(x);
}

static void mpsim_add_filter(WebKitWebView *v, uintptr_t h, const char *dir, const char *id, const char *rules) {
	mpsim_filter_t *x = g_new0(mpsim_filter_t, 1);
	x->h = h;
	x->view = v;
	WebKitUserContentFilterStore *store = webkit_user_content_filter_store_new(dir);
	GBytes *src = g_bytes_new(rules, strlen(rules));
	webkit_user_content_filter_store_save(store, id, src, NULL, on_filter_saved, x);
	g_bytes_unref(src);
}
*/
import "C"

import "unsafe"

// AddContentFilter compiles rules (WebKit's content-blocker JSON) in a
// filter store at dir and adds the filter to the view; done runs on the GTK
// thread when the filter is in place, or with the compiler's error. Call it
// on the GTK thread before the first navigation and navigate in done, so
// that no load escapes the filter.
func (v *View) AddContentFilter(dir, id, rules string, done func(err string)) {
	v.handlers.filterReady = done
	cd, ci, cr := C.CString(dir), C.CString(id), C.CString(rules)
	defer C.free(unsafe.Pointer(cd))
	defer C.free(unsafe.Pointer(ci))
	defer C.free(unsafe.Pointer(cr))
	C.mpsim_add_filter(v.view, C.uintptr_t(v.handle), cd, ci, cr)
}

//export mpsimFilterReady
func mpsimFilterReady(h C.uintptr_t, err *C.char) {
	if hs := handlers(h); hs != nil && hs.filterReady != nil {
		msg := ""
		if err != nil {
			msg = C.GoString(err)
		}
		hs.filterReady(msg)
	}
}
