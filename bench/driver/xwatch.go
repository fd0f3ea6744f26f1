//go:build bench

package main

/*
#cgo pkg-config: x11 xdamage xfixes
#include <stdlib.h>
#include <poll.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>

static int damage_base;

static Display *xw_open(const char *name, int *why) {
	Display *d = XOpenDisplay(name);
	*why = 1;
	if (!d) return NULL;
	int err_base;
	*why = 2;
	if (!XDamageQueryExtension(d, &damage_base, &err_base)) { XCloseDisplay(d); return NULL; }
	Window root = DefaultRootWindow(d);
	XSelectInput(d, root, SubstructureNotifyMask);
	XDamageCreate(d, root, XDamageReportNonEmpty);
	XSync(d, False);
	return d;
}

// Event kinds returned by xw_next.
enum { XW_NONE = 0, XW_MAP = 1, XW_UNMAP = 2, XW_DAMAGE = 3 };

// xw_next waits up to ms for one interesting event; for a map it reports the
// window and its size; a damage event is acknowledged and every other pending
// damage event drained, so one grab answers a burst of them.
static int xw_next(Display *d, int ms, unsigned long *win, int *w, int *h) {
	if (!XPending(d)) {
		struct pollfd p = { ConnectionNumber(d), POLLIN, 0 };
		if (poll(&p, 1, ms) <= 0) return XW_NONE;
	}
	while (XPending(d)) {
		XEvent e;
		XNextEvent(d, &e);
		if (e.type == MapNotify) {
			XWindowAttributes a;
			*win = e.xmap.window;
			*w = 0; *h = 0;
			if (XGetWindowAttributes(d, e.xmap.window, &a)) { *w = a.width; *h = a.height; }
			return XW_MAP;
		}
		if (e.type == UnmapNotify) { *win = e.xunmap.window; return XW_UNMAP; }
		if (e.type == DestroyNotify) { *win = e.xdestroywindow.window; return XW_UNMAP; }
		if (e.type == damage_base + XDamageNotify) {
			XDamageNotifyEvent *de = (XDamageNotifyEvent *)&e;
			XDamageSubtract(d, de->damage, None, None);
			XEvent more;
			while (XCheckTypedEvent(d, damage_base + XDamageNotify, &more)) {
				XDamageSubtract(d, ((XDamageNotifyEvent *)&more)->damage, None, None);
			}
			return XW_DAMAGE;
		}
	}
	return XW_NONE;
}

static int xw_ignore(Display *d, XErrorEvent *e) { return 0; }

// xw_count grabs win and counts, on a 4-pixel grid, the pixels that are
// exactly c1 and exactly c2 (0xRRGGBB).
static int xw_count(Display *d, unsigned long win, unsigned long c1, unsigned long c2, int *n1, int *n2) {
	XWindowAttributes a;
	XSetErrorHandler(xw_ignore);
	*n1 = 0; *n2 = 0;
	if (!XGetWindowAttributes(d, win, &a) || a.map_state != IsViewable) return 0;
	XImage *img = XGetImage(d, win, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
	if (!img) return 0;
	for (int y = 0; y < a.height; y += 4) {
		for (int x = 0; x < a.width; x += 4) {
			unsigned long p = XGetPixel(img, x, y) & 0xffffff;
			if (p == c1) (*n1)++;
			else if (p == c2) (*n2)++;
		}
	}
	XDestroyImage(img);
	return 1;
}

// xw_count_all grabs win and counts every pixel that is exactly c1 or c2
// (0xRRGGBB): for text, whose strokes a 4-pixel grid would miss.
static int xw_count_all(Display *d, unsigned long win, unsigned long c1, unsigned long c2, int *n) {
	XWindowAttributes a;
	XSetErrorHandler(xw_ignore);
	*n = 0;
	if (!XGetWindowAttributes(d, win, &a) || a.map_state != IsViewable) return 0;
	XImage *img = XGetImage(d, win, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
	if (!img) return 0;
	for (int y = 0; y < a.height; y++) {
		if (img->bits_per_pixel == 32 && img->byte_order == LSBFirst) {
			const unsigned int *row = (const unsigned int *)(img->data + y * img->bytes_per_line);
			for (int x = 0; x < a.width; x++) {
				unsigned int p = row[x] & 0xffffff;
				if (p == c1 || p == c2) (*n)++;
			}
			continue;
		}
		for (int x = 0; x < a.width; x++) {
			unsigned long p = XGetPixel(img, x, y) & 0xffffff;
			if (p == c1 || p == c2) (*n)++;
		}
	}
	XDestroyImage(img);
	return 1;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"time"
	"unsafe"
)

// The colours the bench page paints: pageColour in its header as soon as it
// renders, dataColour in the block that appears once both JSON fetches are
// on screen. Nothing else on an Xvfb screen uses them.
const (
	pageColour = 0x123456
	dataColour = 0x654321
	minPixels  = 20 // grid samples of a colour that count as "on screen"
)

// passColour and failColour are the mpsim GUI's verdict text for a
// hand-back without and with errors (its light theme's success and error
// colours); nothing in the host window has either before a hand-back.
// resultPixels of them (every pixel counted: text strokes are thin) count
// as the result shown; a verdict line has 600–900.
const (
	passColour   = 0x107c10
	failColour   = 0xc42b1c
	resultPixels = 100
)

// marks are the moments one run's watcher saw, as offsets from exec.
type marks struct {
	mapped, page, data, unmapped time.Duration
	// result: when the host window first showed the hand-back's result
	// (watchSpec.handedBack).
	result time.Duration
	win    C.ulong
}

// watchSpec says what to look for in a run's window and what to do then.
type watchSpec struct {
	// pixels: look for the page's colours until the data shows.
	pixels           bool
	onMapped, onData func()
	// handedBack, when set, reports whether the page has handed back;
	// from then on each grab looks for the verdict's colour until it shows, and
	// onResult runs once.
	handedBack func() bool
	onResult   func()
}

// watcher follows one run on the X server: the first top-level window of at
// least 300x200 mapped, the first grab of that window showing each colour
// (grabbed on XDamage notifications of the root window, so no polling), and
// that window's unmap. XDamage on the root reports drawing in every
// top-level window of Xvfb, which has no compositing manager.
type watcher struct {
	d *C.Display
}

func openWatcher(display string) (*watcher, error) {
	cs := C.CString(display)
	defer C.free(unsafe.Pointer(cs))
	var why C.int
	d := C.xw_open(cs, &why)
	for try := 0; d == nil && try < 5; try++ {
		// A busy Xvfb sometimes refuses a connection for a moment.
		time.Sleep(100 * time.Millisecond)
		d = C.xw_open(cs, &why)
	}
	if d == nil {
		if why == 1 {
			return nil, errors.New("cannot open display " + display)
		}
		return nil, errors.New("display " + display + " has no XDamage extension")
	}
	return &watcher{d: d}, nil
}

func (w *watcher) close() { C.XCloseDisplay(w.d) }

// watch follows the run that started at t0 until stop is closed or the
// window is unmapped after its data showed; onData runs once, on the
// watcher's goroutine, when the data colour is first seen.
func (w *watcher) watch(t0 time.Time, stop <-chan struct{}, spec watchSpec) marks {
	var m marks
	stopped := false
	for {
		if !stopped {
			select {
			case <-stop:
				// The process has exited: the server may still be telling of
				// its windows' end; read until 50 ms pass without an event.
				stopped = true
			default:
			}
		}
		var win C.ulong
		var cw, ch C.int
		wait := C.int(20)
		if stopped {
			wait = 50
		}
		kind := C.xw_next(w.d, wait, &win, &cw, &ch)
		if stopped && kind == C.XW_NONE {
			return m
		}
		if w.event(&m, kind, win, int(cw), int(ch), t0, spec) {
			return m
		}
	}
}

// event applies one X event to m; true means the run's window is gone.
func (w *watcher) event(m *marks, kind C.int, win C.ulong, cw, ch int, t0 time.Time, spec watchSpec) bool {
	now := time.Since(t0)
	switch kind {
	case C.XW_MAP:
		w.mapped(m, win, cw, ch, t0, spec)
	case C.XW_UNMAP:
		if m.win != 0 && win == m.win && m.unmapped == 0 {
			m.unmapped = now
			return true
		}
	case C.XW_DAMAGE:
		w.damaged(m, t0, spec)
	}
	return false
}

// mapped takes the first top-level window of at least 100x100 as the
// run's, and looks at it at once.
func (w *watcher) mapped(m *marks, win C.ulong, cw, ch int, t0 time.Time, spec watchSpec) {
	now := time.Since(t0)
	if verbose {
		fmt.Fprintf(os.Stderr, "bench: %v map 0x%x %dx%d\n", now, win, cw, ch)
	}
	if m.win != 0 || cw < 100 || ch < 100 {
		return
	}
	m.win, m.mapped = win, now
	spec.onMapped()
	if spec.pixels {
		w.grab(m, t0, spec.onData)
	}
}

// damaged looks at the run's window again after drawing, for what has not
// shown yet.
func (w *watcher) damaged(m *marks, t0 time.Time, spec watchSpec) {
	if m.win == 0 {
		return
	}
	if spec.pixels && m.data == 0 {
		w.grab(m, t0, spec.onData)
	}
	if spec.handedBack != nil && m.result == 0 && spec.handedBack() {
		w.grabResult(m, t0, spec.onResult)
	}
}

// grabResult looks for the hand-back's result in the run's window; the
// time is taken before the grab, when the pixels were already drawn.
func (w *watcher) grabResult(m *marks, t0 time.Time, onResult func()) {
	now := time.Since(t0)
	var n C.int
	if C.xw_count_all(w.d, m.win, passColour, failColour, &n) == 0 {
		return
	}
	if verbose {
		fmt.Fprintf(os.Stderr, "bench: %v grab 0x%x result %d (wall %s)\n", now, m.win, n, time.Now().Format("15:04:05.000"))
	}
	if n >= resultPixels {
		m.result = now
		if onResult != nil {
			onResult()
		}
	}
}

func (w *watcher) grab(m *marks, t0 time.Time, onData func()) {
	var n1, n2 C.int
	if C.xw_count(w.d, m.win, pageColour, dataColour, &n1, &n2) == 0 {
		return
	}
	now := time.Since(t0)
	if verbose {
		fmt.Fprintf(os.Stderr, "bench: %v grab 0x%x page %d data %d\n", now, m.win, n1, n2)
	}
	if m.page == 0 && (n1 >= minPixels || n2 >= minPixels) {
		m.page = now
	}
	if m.data == 0 && n2 >= minPixels {
		m.data = now
		if onData != nil {
			onData()
		}
	}
}

var verbose = os.Getenv("BENCH_VERBOSE") != ""
