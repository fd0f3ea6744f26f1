package main

import (
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
)

// A beforeunload handler asks WebKit to confirm leaving the page only once
// the user has touched it. After a real click (xdotool on the test's own
// display), the page's navigation goes on as in the app's WebView (the
// prompt is answered "leave", never shown) and the prompt is a
// script-dialog finding (issue 12 item 6).
func TestE2EWindowBeforeUnloadAfterAUserGesture(t *testing.T) {
	needE2E(t)
	needXTools(t)
	page := `<!doctype html><html><body style="margin:0">
<button id="go" style="width:100vw;height:100vh;font-size:40px">leave</button><script>
window.addEventListener("beforeunload", function (e) { e.preventDefault(); e.returnValue = "stay"; return "stay"; });
document.getElementById("go").addEventListener("click", function () {
  fetch("/clicked").then(function () { location.href = "/next" + location.search; });
});
fetch("/ready");
</script></body></html>`
	next := `<!doctype html><html><body><p>next</p><script>` + handBackJS + `</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page, "/next": next, "/ready": "", "/clicked": ""})

	x := privateX(t, "1024x768x24")
	cmd, stderr, report := startOnDisplay(t, x.Display, "run", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "40s")

	for deadline := time.Now().Add(30 * time.Second); !p.requested("/ready"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the page never loaded\nmpsim:\n%s", tail(stderr.String()))
		}
	}
	win := strings.Fields(xdo(t, x.Display, "search", "--sync", "--onlyvisible", "--name", "Mobile Plans"))
	if len(win) == 0 {
		t.Fatal("no portal window")
	}
	// A real click (an X11 button event, so a user gesture for WebKit) in
	// the middle of the page, where the button is; again if the first
	// came before the view took events.
	for i := 0; i < 5 && !p.requested("/clicked"); i++ {
		xdo(t, x.Display, "mousemove", "--window", win[0], "400", "300", "click", "1")
		time.Sleep(300 * time.Millisecond)
	}
	if !p.requested("/clicked") {
		t.Fatalf("the click never reached the page\nmpsim:\n%s", tail(stderr.String()))
	}
	rep := reportWhenDone(t, cmd, stderr, report)
	if rep.Ended != session.EndedHandBack || !p.requested("/next") {
		t.Fatalf("ended %q (/next requested: %v), want the navigation to go on and the page to hand back\nmpsim:\n%s", rep.Ended, p.requested("/next"), tail(stderr.String()))
	}
	got := strings.Join(findingsOf(rep, "script-dialog"), "\n")
	if !strings.Contains(got, "beforeunload: ") {
		t.Errorf("no beforeunload script-dialog finding after a user gesture; script-dialog findings:\n%s", got)
	}
	t.Logf("script-dialog findings: %s", got)
}
