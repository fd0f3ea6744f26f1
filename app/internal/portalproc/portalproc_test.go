package portalproc

import (
	"context"
	"os"
	"testing"
	"time"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/session"
)

const fakeChildEnv = "PORTALPROC_FAKE_CHILD"

// TestMain lets this test binary play the portal child: a fake that speaks
// the protocol without WebKit, in the mode named by PORTALPROC_FAKE_CHILD.
func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeChildEnv); mode != "" {
		os.Exit(fakeChild(mode))
	}
	os.Exit(m.Run())
}

func fakeChild(mode string) int {
	r, w := ipc.NewReader(os.Stdin), ipc.NewWriter(os.Stdout)
	start, err := r.Next()
	if err != nil || start.Type != ipc.TypeStart || start.Start == nil {
		return 2
	}
	os.Stdout.WriteString("GLib noise that is not JSON\n")
	_ = w.Send(ipc.Message{Type: ipc.TypeReady, URL: start.Start.URL})
	_ = w.Send(ipc.Message{Type: ipc.TypeNavigated, URL: start.Start.URL})
	switch mode {
	case "crash":
		return 3
	case "hang":
		for {
			if _, err := r.Next(); err != nil {
				time.Sleep(time.Hour) // ignores even stdin closing
			}
		}
	}
	for {
		m, err := r.Next()
		if err != nil {
			_ = w.Send(ipc.Message{Type: ipc.TypeClosed, Reason: ipc.ReasonStdin})
			return 0
		}
		switch m.Type {
		case ipc.TypeEval:
			_ = w.Send(ipc.Message{Type: ipc.TypeBridge, Envelope: m.JS})
		case ipc.TypeClose:
			_ = w.Send(ipc.Message{Type: ipc.TypeClosed, Reason: m.Reason})
			return 0
		}
	}
}

func open(t *testing.T, mode string) session.Window {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	o := Opener{Exe: exe, Args: []string{"-test.run=^$"}, Env: append(os.Environ(), fakeChildEnv+"="+mode), CloseGrace: 200 * time.Millisecond}
	w, err := o.Open(context.Background(), ipc.StartSpec{URL: "https://portal.example/"})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func collect(t *testing.T, w session.Window) []session.Event {
	t.Helper()
	var evs []session.Event
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-w.Events():
			if !ok {
				return evs
			}
			evs = append(evs, ev)
		case <-timeout:
			t.Fatalf("events did not end; got %+v", evs)
		}
	}
}

func types(evs []session.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Type)
	}
	return out
}

// next waits for the window's next event.
func next(t *testing.T, w session.Window) session.Event {
	t.Helper()
	select {
	case ev, ok := <-w.Events():
		if !ok {
			t.Fatal("the events ended early")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event in 10s")
	}
	return session.Event{}
}

func TestProtocolAndClose(t *testing.T) {
	w := open(t, "normal")
	// Each step waits for the child's answer rather than a fixed time: a
	// race-instrumented child on a busy machine takes a while to start.
	evs := []session.Event{next(t, w), next(t, w)} // ready, navigated
	if err := w.Eval(`{"api":"x"}`); err != nil {
		t.Fatal(err)
	}
	evs = append(evs, next(t, w)) // the bridge message
	if err := w.Close(ipc.ReasonHandBack); err != nil {
		t.Fatal(err)
	}
	evs = append(evs, collect(t, w)...)
	got := types(evs)
	want := []string{ipc.TypeReady, ipc.TypeNavigated, ipc.TypeBridge, ipc.TypeClosed}
	if len(got) != len(want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("events %v, want %v", got, want)
		}
	}
	if evs[3].Reason != ipc.ReasonHandBack || evs[0].URL != "https://portal.example/" {
		t.Errorf("events %+v", evs)
	}
}

func TestCrashedChildIsReported(t *testing.T) {
	evs := collect(t, open(t, "crash"))
	last := evs[len(evs)-1]
	if last.Type != ipc.TypeError || last.Message.Message == "" {
		t.Fatalf("last event %+v, want an error saying the process ended", last)
	}
}

func TestHungChildIsKilled(t *testing.T) {
	w := open(t, "hang")
	_ = w.Close(ipc.ReasonRequested)
	evs := collect(t, w) // fails if the child is never killed
	if evs[len(evs)-1].Type != ipc.TypeError {
		t.Errorf("events %v, want the unexpected end reported", types(evs))
	}
}
