package portalproc

import (
	"context"
	"fmt"
	"testing"
	"time"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/session"
)

// embedControl is the fake child's side of the embedding requests: it
// echoes rect, focus and devtools as bridge messages and answers back requests with
// true, then false (the first page).
func embedControl(w *ipc.Writer, start *ipc.StartSpec, m ipc.Message) {
	switch m.Type {
	case ipc.TypeRect:
		_ = w.Send(ipc.Message{Type: ipc.TypeBridge, Envelope: fmt.Sprintf("rect %d %d %d %d in 0x%x", m.Rect.X, m.Rect.Y, m.Rect.Width, m.Rect.Height, start.Embed.Parent)})
	case ipc.TypeFocus:
		_ = w.Send(ipc.Message{Type: ipc.TypeBridge, Envelope: "focus " + m.Reason})
	case ipc.TypeDevTools:
		_ = w.Send(ipc.Message{Type: ipc.TypeBridge, Envelope: "devtools " + m.Reason})
	case ipc.TypeBack:
		backs++
		_ = w.Send(ipc.Message{Type: ipc.TypeWentBack, OK: backs == 1})
	}
}

// backs counts the back requests the fake child answered.
var backs int

// The embedded window's controls reach the child, and its back answers
// reach Back, never the session's events.
func TestEmbeddedControls(t *testing.T) {
	var got session.Embedded
	spec := session.WindowSpec{URL: "https://portal.example/", Embed: &session.Embed{
		Parent: 0x2a00003, Rect: session.Rect{X: 4, Y: 134, Width: 800, Height: 600}, Scale: 1,
		Attach: func(e session.Embedded) { got = e },
	}}
	if s := StartSpec(spec); s.Embed == nil || s.Embed.Parent != 0x2a00003 || s.Embed.Rect != (ipc.Rect{X: 4, Y: 134, Width: 800, Height: 600}) || s.Embed.Scale != 1 {
		t.Fatalf("start spec Embed = %+v", s.Embed)
	}
	if s := StartSpec(session.WindowSpec{}); s.Embed != nil {
		t.Fatalf("start spec Embed = %+v without one asked for", s.Embed)
	}
	w := openSpec(t, "normal", spec)
	defer func() { _ = w.Close(session.CloseRequested) }()
	if got == nil || got != w.(session.Embedded) {
		t.Fatal("Attach was not given the window")
	}
	next(t, w) // ready
	next(t, w) // navigated
	e := w.(session.Embedded)

	steps := []struct {
		name string
		do   func() error
		want string
	}{
		{"rect", func() error { return e.SetRect(session.Rect{X: -30000, Y: -30000, Width: 640, Height: 480}) }, "rect -30000 -30000 640 480 in 0x2a00003"},
		{"focus to the host", func() error { return e.Focus(false) }, "focus " + ipc.FocusHost},
		{"focus to the portal", func() error { return e.Focus(true) }, "focus " + ipc.FocusPortal},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if ev := next(t, w); ev.Type != session.WindowBridge || ev.Envelope != st.want {
			t.Errorf("%s: event %+v, want a bridge message %q", st.name, ev, st.want)
		}
	}
	for i, want := range []bool{true, false} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		went, err := e.Back(ctx)
		cancel()
		if err != nil || went != want {
			t.Errorf("back %d = %v, %v; want %v", i+1, went, err, want)
		}
	}
	select {
	case ev := <-w.Events():
		t.Errorf("unexpected event %+v after the back answers", ev)
	case <-time.After(100 * time.Millisecond):
	}
}
