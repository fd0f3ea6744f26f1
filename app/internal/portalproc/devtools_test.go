package portalproc

import (
	"testing"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/session"
)

// DevTools reaches the running window as a devtools message: with no
// reason to open the inspector, with DevToolsClose to close it.
func TestDevToolsReachesTheRunningWindow(t *testing.T) {
	w := openSpec(t, "normal", session.WindowSpec{URL: "https://portal.example/"})
	defer func() { _ = w.Close(session.CloseRequested) }()
	next(t, w) // ready
	next(t, w) // navigated
	d, ok := w.(interface{ DevTools(open bool) error })
	if !ok {
		t.Fatal("the portal window has no DevTools method")
	}
	for _, c := range []struct {
		open bool
		want string
	}{
		{true, "devtools "},
		{false, "devtools " + ipc.DevToolsClose},
		{true, "devtools "},
	} {
		if err := d.DevTools(c.open); err != nil {
			t.Fatalf("DevTools(%v): %v", c.open, err)
		}
		if ev := next(t, w); ev.Type != session.WindowBridge || ev.Envelope != c.want {
			t.Errorf("DevTools(%v): event %+v, want the child to get %q", c.open, ev, c.want)
		}
	}
}
