package main

import (
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
)

// fullscreenPage shows a 200x100 element in the middle of the view: a
// click on it asks for HTML fullscreen for it (a plan's video or map
// would), a second click leaves it, and the page reports each change
// (/entered, /left: the fullscreen element, the viewport's and the
// element's sizes) and hands back once it left.
const fullscreenPage = `<!doctype html><html><body style="margin:0">
<div id="box" style="position:absolute;left:300px;top:250px;width:200px;height:100px;background:#246;color:#fff">video</div><script>
var box = document.getElementById("box");
function report(path) {
  var el = document.fullscreenElement;
  return fetch(path + "?el=" + (el ? el.id : "") + "&w=" + innerWidth + "&h=" + innerHeight +
    "&bw=" + Math.round(box.getBoundingClientRect().width) + "&bh=" + Math.round(box.getBoundingClientRect().height));
}
document.addEventListener("fullscreenchange", function () {
  if (document.fullscreenElement) { report("/entered"); return; }
  report("/left").then(function () { ` + handBackJS + ` });
});
document.addEventListener("fullscreenerror", function () { fetch("/refused"); });
box.addEventListener("click", function () {
  fetch("/clicked");
  if (document.fullscreenElement) { document.exitFullscreen(); return; }
  box.requestFullscreen().catch(function (e) { fetch("/refused?why=" + encodeURIComponent(String(e))); });
});
fetch("/ready");
</script></body></html>`

// HTML fullscreen (element.requestFullscreen() after a real click) stays
// inside the portal's frame, as in the app's WebView: the page is told it
// is fullscreen (document.fullscreenElement, a viewport of the view's size)
// but the window keeps its size and place, with a window manager (which
// made the whole window cover the screen before) and without one. The
// report's navigations say when the page entered and left it, and on
// which URL.
func TestE2EFullscreenStaysInTheFrame(t *testing.T) {
	needE2E(t)
	needXTools(t)
	for _, wm := range []bool{false, true} {
		name := "no window manager"
		if wm {
			name = "openbox"
		}
		t.Run(name, func(t *testing.T) { testFullscreenStaysInTheFrame(t, wm) })
	}
}

func testFullscreenStaysInTheFrame(t *testing.T, wm bool) {
	p := startTestPortal(t, map[string]string{"/": fullscreenPage, "/ready": "", "/clicked": "", "/entered": "", "/left": "", "/refused": ""})
	x := privateX(t, "1024x768x24")
	if wm {
		startOpenbox(t, x.Display)
	}
	cmd, stderr, report := startOnDisplay(t, x.Display, "run", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "40s")
	waitRequested(t, p, "/ready", 30*time.Second, stderr)
	win := strings.Fields(xdo(t, x.Display, "search", "--sync", "--onlyvisible", "--name", "Mobile Plans"))
	if len(win) == 0 {
		t.Fatal("no portal window")
	}
	top := wmFrame(t, x.Display, win[0])
	time.Sleep(300 * time.Millisecond) // the window manager placed it
	bx, by, bw, bh := xAbs(t, x.Display, top)

	inputUntil(t, x.Display, p, "/entered", "mousemove", "--window", win[0], "400", "300", "click", "1")
	time.Sleep(700 * time.Millisecond) // time for a window manager to make it cover the screen
	ax, ay, aw, ah := xAbs(t, x.Display, top)
	t.Logf("the window: %dx%d+%d+%d before, %dx%d+%d+%d in HTML fullscreen", bw, bh, bx, by, aw, ah, ax, ay)
	if aw != bw || ah != bh || ax != bx || ay != by {
		t.Errorf("the window went from %dx%d+%d+%d to %dx%d+%d+%d when the page asked for fullscreen; want it to keep its frame",
			bw, bh, bx, by, aw, ah, ax, ay)
	}
	entered := queryOf(p, "/entered")
	t.Logf("the page in fullscreen: %v", entered)
	if want := map[string]string{"el": "box", "w": "800", "h": "600", "bw": "800", "bh": "600"}; !sameMap(entered, want) {
		t.Errorf("the page in fullscreen saw %v, want %v: the element filling the 800x600 view", entered, want)
	}

	// Escape leaves it, as the user would (WebKit's own key handling).
	inputUntil(t, x.Display, p, "/left", "key", "Escape")
	if left, want := queryOf(p, "/left"), map[string]string{"el": "", "w": "800", "h": "600", "bw": "200", "bh": "100"}; !sameMap(left, want) {
		t.Errorf("the page after Escape saw %v, want %v", left, want)
	}
	rep := reportWhenDone(t, cmd, stderr, report)
	if rep.Ended != session.EndedHandBack {
		t.Errorf("ended %q, want a hand-back after leaving fullscreen\nmpsim:\n%s", rep.Ended, tail(stderr.String()))
	}
	checkFullscreenRecords(t, rep, p.base)
}

// checkFullscreenRecords wants a fullscreen-enter and then a
// fullscreen-leave navigation record of page, with their times, and no
// finding about them.
func checkFullscreenRecords(t *testing.T, rep session.Report, page string) {
	t.Helper()
	var got []inspect.Navigation
	for _, n := range rep.Navigations {
		if strings.HasPrefix(n.Kind, "fullscreen") {
			got = append(got, n)
		}
	}
	if len(got) != 2 || got[0].Kind != inspect.NavFullscreenEnter || got[1].Kind != inspect.NavFullscreenLeave {
		t.Fatalf("fullscreen records %+v, want %s then %s", got, inspect.NavFullscreenEnter, inspect.NavFullscreenLeave)
	}
	for _, n := range got {
		if !strings.HasPrefix(n.URL, page) || n.AtMs <= 0 || n.Blocked {
			t.Errorf("record %+v: want the page's URL (%s…), its time, not blocked", n, page)
		}
	}
	if got[1].AtMs < got[0].AtMs {
		t.Errorf("left fullscreen at %.0f ms, before entering it at %.0f ms", got[1].AtMs, got[0].AtMs)
	}
	for _, f := range rep.Findings {
		if strings.Contains(strings.ToLower(f.Message), "fullscreen") {
			t.Errorf("finding about fullscreen: %s %s", f.Code, f.Message)
		}
	}
}

// waitRequested waits until the test portal got a request for path.
func waitRequested(t *testing.T, p *testPortal, path string, limit time.Duration, stderr *strings.Builder) {
	t.Helper()
	for deadline := time.Now().Add(limit); !p.requested(path); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the page never requested %s\nmpsim:\n%s", path, tail(stderr.String()))
		}
	}
}

// inputUntil sends X11 input with xdotool args (real events: a user
// gesture for WebKit) until the page requests path; again if the input
// came before the view took events.
func inputUntil(t *testing.T, display string, p *testPortal, path string, args ...string) {
	t.Helper()
	for i := 0; i < 5 && !p.requested(path); i++ {
		xdo(t, display, args...)
		for w := 0; w < 10 && !p.requested(path); w++ {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !p.requested(path) {
		t.Fatalf("the page never requested %s after xdotool %v; refused: %v", path, args, queryOf(p, "/refused"))
	}
}

// queryOf is the query of the last request for path, by key.
func queryOf(p *testPortal, path string) map[string]string {
	out := map[string]string{}
	for _, r := range p.requests() {
		if r.URL.Path == path {
			for k, v := range r.URL.Query() {
				out[k] = v[0]
			}
		}
	}
	return out
}

// sameMap reports whether got has want's keys with want's values.
func sameMap(got, want map[string]string) bool {
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			return false
		}
	}
	return true
}
