package portalproc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
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
	prepared, reuse := "", false // a warm child says in its ready message how it was prepared
	if err == nil && start.Type == ipc.TypePrepare {
		prepared = fmt.Sprintf("prepared x11=%v parent=0x%x", start.OK, start.Parent)
		reuse = start.Reuse
		if reuse {
			prepared += " reuse"
		}
		start, err = r.Next()
	}
	for n := 1; ; n++ {
		if err != nil || start.Type != ipc.TypeStart || start.Start == nil {
			return 2
		}
		ready := prepared
		if n > 1 {
			ready = fmt.Sprintf("%s session=%d", prepared, n)
		}
		if code, stay := fakeSession(mode, r, w, start.Start, ready, reuse); !stay {
			return code
		}
		// Between sessions: what the last one's parent still sent is
		// dropped, up to the next start.
		for start, err = r.Next(); err == nil && start.Type != ipc.TypeStart; start, err = r.Next() {
		}
		if err != nil {
			return 0
		}
	}
}

// fakeSession plays one session of a fake child; stay says the process
// told its parent it takes another one.
func fakeSession(mode string, r *ipc.Reader, w *ipc.Writer, spec *ipc.StartSpec, ready string, reuse bool) (code int, stay bool) {
	os.Stdout.WriteString("GLib noise that is not JSON\n")
	_ = w.Send(ipc.Message{Type: ipc.TypeReady, URL: spec.URL, Message: ready})
	_ = w.Send(ipc.Message{Type: ipc.TypeNavigated, URL: spec.URL})
	switch mode {
	case "linger":
		// The user closes the window: closed, the link ends, and the
		// process takes its time to exit (as WebKit's teardown does), here
		// far longer than the close grace.
		_ = w.Send(ipc.Message{Type: ipc.TypeClosed, Reason: ipc.ReasonUser})
		_ = os.Stdout.Close()
		time.Sleep(time.Minute)
		return 0, false
	case "teardown":
		// closed, then the process keeps the link open while it tears its
		// view down (WebKit's takes tens of ms), here far longer than the
		// close grace, writing more noise.
		_ = w.Send(ipc.Message{Type: ipc.TypeClosed, Reason: ipc.ReasonUser})
		for range 100 {
			os.Stdout.WriteString("Gtk-WARNING: tearing down\n")
		}
		time.Sleep(time.Minute)
		return 0, false
	case "crash":
		fmt.Fprintln(os.Stderr, "Gtk-WARNING: noise first")
		fmt.Fprintln(os.Stderr, "mpsim-portal: the reason it ended")
		return 3, false
	case "longline":
		// A broken child writes a line over the limit, then goes on.
		os.Stdout.WriteString(`{"type":"bridgeCall","envelope":"` + strings.Repeat("x", ipc.MaxLineBytes+10) + "\"}\n")
		_ = w.Send(ipc.Message{Type: ipc.TypeBridge, Envelope: "after"})
	case "tree":
		// A process below the child (WebKit's web process), and a close
		// answered only once stdin ends: the tree lives while the test
		// reads its priorities.
		sub := exec.Command("sleep", "30")
		sub.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := sub.Start(); err != nil {
			return 3, false
		}
		_ = w.Send(ipc.Message{Type: ipc.TypeBridge, Envelope: strconv.Itoa(sub.Process.Pid)})
		for {
			if _, err := r.Next(); err != nil {
				_ = sub.Process.Kill()
				_ = w.Send(ipc.Message{Type: ipc.TypeClosed, Reason: ipc.ReasonStdin})
				return 0, false
			}
		}
	case "hang":
		for {
			if _, err := r.Next(); err != nil {
				time.Sleep(time.Hour) // ignores even stdin closing
			}
		}
	}
	var held *ipc.Message
	for {
		m, err := r.Next()
		if err != nil {
			_ = w.Send(ipc.Message{Type: ipc.TypeClosed, Reason: ipc.ReasonStdin})
			return 0, false
		}
		switch m.Type {
		case ipc.TypeStep:
			held = fakeStep(w, m, held)
		case ipc.TypeEval:
			if m.JS == "notices" { // the user closes the inspector, presses Ctrl+P
				_ = w.Send(ipc.Message{Type: ipc.TypeInspectorClosed})
				_ = w.Send(ipc.Message{Type: ipc.TypeShortcut, Reason: ipc.ShortcutPresenter})
			}
			if m.JS == "transient" {
				m.JS = fmt.Sprintf("transient for 0x%x", spec.TransientFor)
			}
			_ = w.Send(ipc.Message{Type: ipc.TypeBridge, Envelope: m.JS})
		case ipc.TypeProbeRequest:
			_ = w.Send(ipc.Message{Type: ipc.TypeProbe, Probe: &inspect.Probe{Label: m.Reason}})
		case ipc.TypeClose:
			_ = w.Send(ipc.Message{Type: ipc.TypeClosed, Reason: m.Reason, Reuse: reuse})
			return 0, reuse
		default:
			embedControl(w, spec, m)
		}
	}
}

// fakeStep answers step requests: "hold" is answered only after the next
// step (so answers come out of order), "throw" fails, others echo.
func fakeStep(w *ipc.Writer, m ipc.Message, held *ipc.Message) *ipc.Message {
	switch m.JS {
	case "hold":
		return &m
	case "throw":
		_ = w.Send(ipc.Message{Type: ipc.TypeStepResult, Seq: m.Seq, Message: "TypeError: x is null"})
	default:
		_ = w.Send(ipc.Message{Type: ipc.TypeStepResult, Seq: m.Seq, JS: "echo " + m.JS})
	}
	if held != nil {
		_ = w.Send(ipc.Message{Type: ipc.TypeStepResult, Seq: held.Seq, JS: "echo " + held.JS})
	}
	return nil
}

func open(t *testing.T, mode string) session.Window {
	t.Helper()
	return openSpec(t, mode, session.WindowSpec{URL: "https://portal.example/", Certs: []session.TrustedCert{{PEM: "pem", Hosts: []string{"127.0.0.1"}}}})
}

func openSpec(t *testing.T, mode string, spec session.WindowSpec) session.Window {
	t.Helper()
	return openGrace(t, mode, spec, 200*time.Millisecond)
}

// openGrace opens a fake child playing mode with a close grace of grace.
func openGrace(t *testing.T, mode string, spec session.WindowSpec, grace time.Duration) session.Window {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	o := Opener{Exe: exe, Args: []string{"-test.run=^$"}, Env: append(os.Environ(), fakeChildEnv+"="+mode), CloseGrace: grace}
	w, err := o.Open(context.Background(), spec)
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

func types(evs []session.Event) []session.WindowEventType {
	var out []session.WindowEventType
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
	if err := w.Close(session.CloseHandBack); err != nil {
		t.Fatal(err)
	}
	evs = append(evs, collect(t, w)...)
	got := types(evs)
	want := []session.WindowEventType{session.WindowReady, session.WindowNavigated, session.WindowBridge, session.WindowClosed}
	if len(got) != len(want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("events %v, want %v", got, want)
		}
	}
	if evs[3].Reason != string(session.CloseHandBack) || evs[0].URL != "https://portal.example/" {
		t.Errorf("events %+v", evs)
	}
}

// Step answers find their callers by seq, in whatever order they come.
func TestStepAnswersBySeq(t *testing.T) {
	w := open(t, "normal")
	next(t, w) // ready
	type answer struct {
		out string
		err error
	}
	held := make(chan answer, 1)
	go func() {
		out, err := w.Step(t.Context(), "hold")
		held <- answer{out, err}
	}()
	time.Sleep(100 * time.Millisecond) // "hold" goes first
	if out, err := w.Step(t.Context(), "second"); out != "echo second" || err != nil {
		t.Errorf("second step = %q, %v", out, err)
	}
	if a := <-held; a.out != "echo hold" || a.err != nil {
		t.Errorf("held step = %q, %v", a.out, a.err)
	}
	if _, err := w.Step(t.Context(), "throw"); err == nil || !strings.Contains(err.Error(), "TypeError: x is null") {
		t.Errorf("throwing step: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if _, err := w.Step(ctx, "hold"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("unanswered step: %v", err)
	}
	_ = w.Close(session.CloseRequested)
	collect(t, w)
	if _, err := w.Step(t.Context(), "late"); err == nil {
		t.Error("a step on a closed window succeeded")
	}
}

// TestCrashedChildIsReported checks that a window process that ends without
// closing is reported, with the last line it wrote on stderr (nobody asked
// to see its stderr) and its exit status.
func TestCrashedChildIsReported(t *testing.T) {
	evs := collect(t, open(t, "crash"))
	last := evs[len(evs)-1]
	if last.Type != session.WindowError {
		t.Fatalf("last event %+v, want an error saying the process ended", last)
	}
	for _, want := range []string{"ended unexpectedly", "exit status 3", "it said: mpsim-portal: the reason it ended"} {
		if !strings.Contains(last.Message, want) {
			t.Errorf("message %q does not say %q", last.Message, want)
		}
	}
}

// TestClosedWindowEndsTheSessionAtOnce checks that a window process that
// said closed and ended the link ends the session's events without waiting
// for its exit, and that it is killed.
func TestClosedWindowEndsTheSessionAtOnce(t *testing.T) {
	w := open(t, "linger")
	evs := collect(t, w) // the session does not ask it to close
	if last := evs[len(evs)-1]; last.Type != session.WindowClosed {
		t.Fatalf("events %v, want them to end with closed", types(evs))
	}
	select {
	case <-w.(*window).exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the lingering process was not killed after the close grace")
	}
}

// TestClosedMessageEndsTheSession checks that the window's closed message
// ends the session's events at once, while its process still tears down
// with the link open, and that the process is killed then, not after the
// close grace (an hour here).
func TestClosedMessageEndsTheSession(t *testing.T) {
	w := openGrace(t, "teardown", session.WindowSpec{URL: "https://portal.example/"}, time.Hour)
	start := time.Now()
	evs := collect(t, w) // the child holds the link for a minute
	if last := evs[len(evs)-1]; last.Type != session.WindowClosed {
		t.Fatalf("events %v, want them to end with closed", types(evs))
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the events ended %v after the start; want them to end at closed", took)
	}
	select {
	case <-w.(*window).exited:
	case <-time.After(30 * time.Second):
		t.Fatal("the process tearing down was not killed once it said closed")
	}
}

func TestHungChildIsKilled(t *testing.T) {
	w := open(t, "hang")
	_ = w.Close(session.CloseRequested)
	evs := collect(t, w) // fails if the child is never killed
	if evs[len(evs)-1].Type != session.WindowError {
		t.Errorf("events %v, want the unexpected end reported", types(evs))
	}
}

// TestWireConversions keeps the wire types at the wire: every field of a
// session.WindowSpec reaches ipc.StartSpec, and every message type the
// child sends becomes its session event type.
func TestWireConversions(t *testing.T) {
	ws := session.WindowSpec{URL: "https://p/", Languages: []string{"fr-FR"}, Headers: map[string]string{"X-A": "1"},
		Certs: []session.TrustedCert{{PEM: "pem", Hosts: []string{"h"}}}, InitScript: "js", BindingName: "b", Title: "t",
		Width: 800, Height: 600, X: 1, Y: 2, Debug: true, Accelerated: true, Token: "tok", HandBackAPIs: []string{"DataMart.notifyPurchaseResult"}, Steps: true}
	got := StartSpec(ws)
	want := ipc.StartSpec{URL: "https://p/", Languages: []string{"fr-FR"}, Headers: map[string]string{"X-A": "1"},
		Certs: []ipc.PinnedCert{{PEM: "pem", Hosts: []string{"h"}}}, InitScript: "js", BindingName: "b", Title: "t",
		Width: 800, Height: 600, X: 1, Y: 2, Debug: true, Accelerated: true, Token: "tok", HandBackAPIs: []string{"DataMart.notifyPurchaseResult"}, Steps: true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("StartSpec = %+v, want %+v", got, want)
	}
	at := time.Now()
	for wire, typ := range map[string]session.WindowEventType{
		ipc.TypeReady: session.WindowReady, ipc.TypeNavigated: session.WindowNavigated, ipc.TypeLoadFailed: session.WindowLoadFailed,
		ipc.TypeBridge: session.WindowBridge, ipc.TypeClosed: session.WindowClosed, ipc.TypeError: session.WindowError,
		ipc.TypeResponsiveness: session.WindowResponsiveness, ipc.TypeNavDecided: session.WindowNavDecided,
	} {
		ev := EventOf(ipc.Message{Type: wire, URL: "u", Reason: "r", TLS: true, Envelope: "e", Message: "m"}, at)
		if want := (session.Event{Type: typ, URL: "u", Reason: "r", TLS: true, Envelope: "e", Message: "m", At: at}); ev != want {
			t.Errorf("EventOf(%s) = %+v, want %+v", wire, ev, want)
		}
	}
}

func TestResponsivenessReasonsAreTheSessions(t *testing.T) {
	if ipc.Unresponsive != session.PageUnresponsive || ipc.Responsive != session.PageResponsive {
		t.Errorf("ipc %q/%q, session %q/%q", ipc.Unresponsive, ipc.Responsive, session.PageUnresponsive, session.PageResponsive)
	}
}

func TestNavDecidedReasonIsTheSessions(t *testing.T) {
	if ipc.NavDecidedFrame != session.NavDecidedFrame {
		t.Errorf("ipc %q, session %q", ipc.NavDecidedFrame, session.NavDecidedFrame)
	}
}

func TestEventOfWindowLimitsAndDialogs(t *testing.T) {
	at := time.Now()
	ev := EventOf(ipc.Message{Type: ipc.TypeDropped, Dropped: &ipc.DropCounts{Oversize: 1, Largest: 52428847, Flood: 3, PerSecond: 500,
		FloodControl: 4, FloodEvents: 5, ControlPerSecond: 50, EventsPerSecond: 51}}, at)
	if ev.Type != session.WindowDropped || ev.Dropped == nil || ev.Dropped.Oversize != 1 || ev.Dropped.Largest != 52428847 || ev.Dropped.Flood != 3 ||
		ev.Dropped.FloodControl != 4 || ev.Dropped.FloodEvents != 5 || ev.Dropped.ControlPerSecond != 50 || ev.Dropped.EventsPerSecond != 51 {
		t.Errorf("dropped → %+v", ev)
	}
	ev = EventOf(ipc.Message{Type: ipc.TypeDialog, Dialog: &ipc.Dialog{Kind: "prompt", Text: "name?", Answer: "null"}}, at)
	if ev.Type != session.WindowDialog || ev.Dialog == nil || ev.Dialog.Kind != "prompt" || ev.Dialog.Answer != "null" {
		t.Errorf("dialog → %+v", ev)
	}
	ev = EventOf(ipc.Message{Type: ipc.TypeLoadFailed, Reason: "refused", Fatal: true, Kind: ipc.LoadNetwork}, at)
	if ev.Type != session.WindowLoadFailed || !ev.Fatal || ev.Kind != session.LoadNetwork {
		t.Errorf("loadFailed → %+v", ev)
	}
	// A later navigation WebKit did not show, and the type of a page it did.
	ev = EventOf(ipc.Message{Type: ipc.TypeLoadFailed, Reason: "the response is HTTP 204 No Content", Kind: ipc.LoadNotShown}, at)
	if ev.Type != session.WindowLoadFailed || ev.Fatal || ev.Kind != session.LoadNotShown {
		t.Errorf("loadFailed, not shown → %+v", ev)
	}
	ev = EventOf(ipc.Message{Type: ipc.TypeNavigated, URL: "https://portal.example/a.txt", MIME: "text/plain"}, at)
	if ev.Type != session.WindowNavigated || ev.MIME != "text/plain" {
		t.Errorf("navigated → %+v, want its MIME type", ev)
	}
	if ev := EventOf(ipc.Message{Type: ipc.TypeClosing}, at); ev.Type != session.WindowClosing {
		t.Errorf("closing → %+v", ev)
	}
}

// A line over the limit is skipped with an error event; the child is not
// killed and its later messages still arrive (issue 12 item 1).
func TestOverlongLineDoesNotKillTheChild(t *testing.T) {
	w := open(t, "longline")
	var evs []session.Event
	timeout := time.After(10 * time.Second)
	for len(evs) == 0 || evs[len(evs)-1].Envelope != "after" {
		select {
		case ev, ok := <-w.Events():
			if !ok {
				t.Fatalf("events ended: %+v", evs)
			}
			evs = append(evs, ev)
		case <-timeout:
			t.Fatalf("no message after the long line: %+v", evs)
		}
	}
	_ = w.Close(session.CloseHandBack)
	rest := collect(t, w)
	if last := rest[len(rest)-1]; last.Type != session.WindowClosed {
		t.Errorf("the child did not close normally: %+v", rest)
	}
	var skipped bool
	for _, e := range evs {
		skipped = skipped || (e.Type == session.WindowError && strings.Contains(e.Message, "too long"))
	}
	if !skipped {
		t.Errorf("no error event for the skipped line: %+v", evs)
	}
}

// Compositing is decided in the child's environment, before WebKit starts
// (issue 15): off sets WEBKIT_DISABLE_COMPOSITING_MODE=1 (and
// WEBKIT_DISABLE_DMABUF_RENDERER=1), on removes it,
// whatever the parent's environment held. JavaScriptCore's DFG tier is off
// unless the parent's environment sets it. GDK's text scaling is left out.
func TestChildEnv(t *testing.T) {
	base := []string{"A=1", CompositingEnv + "=0", "B=2"}
	tests := []struct {
		name        string
		base        []string
		accelerated bool
		want        string
	}{
		{"compositing off", base, false, "A=1 B=2 " + CompositingEnv + "=1 " + DMABufEnv + "=1 " + JITEnv + "=false"},
		{"compositing on", base, true, "A=1 B=2 " + JITEnv + "=false"},
		// The DMA-BUF renderer carries only composited frames: off with
		// compositing off, the parent's choice with it on.
		{"compositing off, the renderer asked for", []string{DMABufEnv + "=0"}, false, CompositingEnv + "=1 " + DMABufEnv + "=1 " + JITEnv + "=false"},
		{"compositing on, the renderer refused", []string{DMABufEnv + "=1"}, true, DMABufEnv + "=1 " + JITEnv + "=false"},
		{"the JIT tier asked for", []string{"A=1", JITEnv + "=true"}, true, "A=1 " + JITEnv + "=true"},
		{"the JIT tier refused", []string{JITEnv + "=0"}, false, JITEnv + "=0 " + CompositingEnv + "=1 " + DMABufEnv + "=1"},
		// A HiDPI desk's text scaling zoomed the page: 800x600 became a
		// 1600x1200 viewport with 0.5 (found on a developer's desk).
		{"text scaling left out", []string{"GDK_SCALE=2", "GDK_DPI_SCALE=0.5"}, true, "GDK_SCALE=2 " + JITEnv + "=false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(ChildEnv(tt.base, tt.accelerated), " "); got != tt.want {
				t.Fatalf("env %q, want %q", got, tt.want)
			}
		})
	}
	if base[1] != CompositingEnv+"=0" {
		t.Fatal("ChildEnv changed its argument")
	}
	parent := strings.Join(os.Environ(), "\n")
	if env := ChildEnv(nil, false); !strings.Contains(parent, CompositingEnv) && !strings.Contains(parent, JITEnv) && !strings.Contains(parent, DMABufEnv) && len(env) != len(os.Environ())+3 {
		t.Fatalf("nil base: want the parent's environment plus the three variables, got %d entries", len(env))
	}
}

// A screenshot whose path is not valid UTF-8 reaches the session with its
// bytes (ipc.Message.ShotPath), and the start carries the directory so.
func TestScreenshotPathsKeepTheirBytes(t *testing.T) {
	const dir = "/tmp/caf\xe9-shots"
	m := ipc.Message{Type: ipc.TypeScreenshot, Screenshot: &inspect.Screenshot{Label: "first-load", Path: "/tmp/caf\uFFFD-shots/01.png"}, ShotPath: dir + "/01.png"}
	ev := EventOf(m, time.Now())
	if ev.Screenshot == nil || ev.Screenshot.Path != dir+"/01.png" || ev.Screenshot.Label != "first-load" {
		t.Errorf("event screenshot %+v, want the path %q", ev.Screenshot, dir+"/01.png")
	}
	if m.Screenshot.Path == dir+"/01.png" {
		t.Error("EventOf changed the message's screenshot")
	}
	if got := StartSpec(session.WindowSpec{ScreenshotDir: dir}).ScreenshotDir; string(got) != dir {
		t.Errorf("start's screenshot directory %q, want %q", got, dir)
	}
}
