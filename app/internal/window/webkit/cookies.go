package webkit

/*
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern void mpsimCookie(uintptr_t r, char *name, char *domain, char *path, int httpOnly, int secure, int sameSite,
	long long expires, int persistent, size_t valueLen);
extern void mpsimCookiesDone(uintptr_t r, char *err);

// mpsim_cookie_expires is when c expires (Unix seconds) and whether it
// does: a session cookie has no expiry. libsoup 3 (WebKitGTK 4.1) gives a
// GDateTime, libsoup 2 (4.0) a SoupDate.
static int mpsim_cookie_expires(SoupCookie *c, long long *out) {
#if SOUP_MAJOR_VERSION >= 3
	GDateTime *e = soup_cookie_get_expires(c);
	if (e == NULL) return 0;
	*out = (long long)g_date_time_to_unix(e);
#else
	SoupDate *e = soup_cookie_get_expires(c);
	if (e == NULL) return 0;
	*out = (long long)soup_date_to_time_t(e);
#endif
	return 1;
}

// on_cookies hands Go each cookie of the jar, never its value (only its
// length), then the end of the list or the error.
static void on_cookies(GObject *src, GAsyncResult *res, gpointer d) {
	uintptr_t r = (uintptr_t)d;
	GError *err = NULL;
#if WEBKIT_CHECK_VERSION(2, 42, 0)
	GList *list = webkit_cookie_manager_get_all_cookies_finish(WEBKIT_COOKIE_MANAGER(src), res, &err);
#else
	GList *list = webkit_cookie_manager_get_cookies_finish(WEBKIT_COOKIE_MANAGER(src), res, &err);
#endif
	if (err != NULL) {
		mpsimCookiesDone(r, err->message);
		g_error_free(err);
		return;
	}
	for (GList *l = list; l != NULL; l = l->next) {
		SoupCookie *c = l->data;
		long long expires = 0;
		int persistent = mpsim_cookie_expires(c, &expires);
		const char *v = soup_cookie_get_value(c);
		mpsimCookie(r, (char *)soup_cookie_get_name(c), (char *)soup_cookie_get_domain(c), (char *)soup_cookie_get_path(c),
			soup_cookie_get_http_only(c) ? 1 : 0, soup_cookie_get_secure(c) ? 1 : 0, (int)soup_cookie_get_same_site_policy(c),
			expires, persistent, v != NULL ? strlen(v) : 0);
	}
	g_list_free_full(list, (GDestroyNotify)soup_cookie_free);
	mpsimCookiesDone(r, NULL);
}

// mpsim_cookies reads every cookie of the view's own website data (each
// view has an ephemeral context of its own, so these are the session's),
// or, before WebKitGTK 2.42, those the current page's URI would send.
static void mpsim_cookies(WebKitWebView *v, uintptr_t r) {
	WebKitCookieManager *m = webkit_website_data_manager_get_cookie_manager(webkit_web_view_get_website_data_manager(v));
#if WEBKIT_CHECK_VERSION(2, 42, 0)
	webkit_cookie_manager_get_all_cookies(m, NULL, on_cookies, (gpointer)r);
#else
	const char *uri = webkit_web_view_get_uri(v);
	webkit_cookie_manager_get_cookies(m, uri != NULL ? uri : "about:blank", NULL, on_cookies, (gpointer)r);
#endif
}
*/
import "C"

import (
	"runtime/cgo"
)

// Cookie is one cookie of the view's jar, without its value.
type Cookie struct {
	Name, Domain, Path string
	HTTPOnly, Secure   bool
	// SameSite is "None", "Lax" or "Strict" (SoupSameSitePolicy).
	SameSite string
	// Expires is when a persistent cookie expires, in Unix seconds;
	// Persistent is false for a session cookie (no expiry).
	Expires    int64
	Persistent bool
	// ValueBytes is the length of the value, which is never read out.
	ValueBytes int
}

// cookieRead collects the cookies of one Cookies call: the first
// maxCookies, and the count of all.
type cookieRead struct {
	cookies []Cookie
	total   int
	done    func([]Cookie, int, string)
}

// maxCookies caps the cookies one Cookies call keeps (a page can set
// thousands from script).
const maxCookies = 200

// sameSiteNames are the SoupSameSitePolicy values, in order.
var sameSiteNames = [...]string{"None", "Lax", "Strict"}

// Cookies reads the cookies of the view's website data (every host's;
// before WebKitGTK 2.42 only those the current page would be sent) and
// gives done the first 200, the count of all, and "" or, when the jar
// could not be read, the error. Values are never read out: only their
// lengths. Call it on the GTK thread; done runs there later.
func (v *View) Cookies(done func(cookies []Cookie, total int, err string)) {
	h := cgo.NewHandle(&cookieRead{done: done})
	C.mpsim_cookies(v.view, C.uintptr_t(h))
}

//export mpsimCookie
func mpsimCookie(r C.uintptr_t, name, domain, path *C.char, httpOnly, secure, sameSite C.int, expires C.longlong, persistent C.int, valueLen C.size_t) {
	cr, _ := cgo.Handle(r).Value().(*cookieRead)
	if cr == nil {
		return
	}
	cr.total++
	if len(cr.cookies) >= maxCookies {
		return
	}
	c := Cookie{Name: C.GoString(name), Domain: C.GoString(domain), Path: C.GoString(path), HTTPOnly: httpOnly != 0, Secure: secure != 0,
		Persistent: persistent != 0, ValueBytes: int(valueLen)}
	if s := int(sameSite); s >= 0 && s < len(sameSiteNames) {
		c.SameSite = sameSiteNames[s]
	}
	if c.Persistent {
		c.Expires = int64(expires)
	}
	cr.cookies = append(cr.cookies, c)
}

//export mpsimCookiesDone
func mpsimCookiesDone(r C.uintptr_t, err *C.char) {
	h := cgo.Handle(r)
	cr, _ := h.Value().(*cookieRead)
	h.Delete()
	if cr == nil || cr.done == nil {
		return
	}
	msg := ""
	if err != nil {
		msg = C.GoString(err)
	}
	cr.done(cr.cookies, cr.total, msg)
}
