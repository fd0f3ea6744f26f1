package portalproc

import (
	"context"
	"os"
	"testing"
	"time"

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

// The window's notices (the user closed the inspector, pressed Ctrl+P in
// the page) go to OnNotice's function, not to the session's events.
func TestNoticesGoToTheHost(t *testing.T) {
	w := openSpec(t, "normal", session.WindowSpec{URL: "https://portal.example/"})
	defer func() { _ = w.Close(session.CloseRequested) }()
	next(t, w) // ready
	next(t, w) // navigated
	n, ok := w.(interface {
		OnNotice(f func(kind, name string))
	})
	if !ok {
		t.Fatal("the portal window has no OnNotice method")
	}
	got := make(chan string, 4)
	n.OnNotice(func(kind, name string) { got <- kind + " " + name })
	if err := w.Eval("notices"); err != nil {
		t.Fatal(err)
	}
	// The bridge message the child sends after the notices comes as an
	// event; the notices came before it, not as events.
	if ev := next(t, w); ev.Type != session.WindowBridge || ev.Envelope != "notices" {
		t.Fatalf("event %+v, want only the bridge message after the notices", ev)
	}
	for _, want := range []string{ipc.TypeInspectorClosed + " ", ipc.TypeShortcut + " " + ipc.ShortcutPresenter} {
		select {
		case g := <-got:
			if g != want {
				t.Errorf("notice %q, want %q", g, want)
			}
		default:
			t.Errorf("no notice %q", want)
		}
	}
}

// A portal in a window of its own is made transient for the host's window
// (Opener.TransientFor); an embedded one is not (it lives inside it).
func TestTransientForReachesTheWindow(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		spec session.WindowSpec
		want string
	}{
		{"a window of its own", session.WindowSpec{URL: "https://portal.example/"}, "transient for 0x3c00007"},
		{"embedded", session.WindowSpec{URL: "https://portal.example/", Embed: &session.Embed{Parent: 0x3c00007, Rect: session.Rect{Width: 800, Height: 600}}}, "transient for 0x0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := Opener{Exe: exe, Args: []string{"-test.run=^$"}, Env: append(os.Environ(), fakeChildEnv+"=normal"), CloseGrace: 200 * time.Millisecond,
				TransientFor: func() uint64 { return 0x3c00007 }}
			w, err := o.Open(context.Background(), c.spec)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = w.Close(session.CloseRequested) }()
			next(t, w) // ready
			next(t, w) // navigated
			if err := w.Eval("transient"); err != nil {
				t.Fatal(err)
			}
			if ev := next(t, w); ev.Envelope != c.want {
				t.Errorf("the child says %q, want %q", ev.Envelope, c.want)
			}
		})
	}
}
