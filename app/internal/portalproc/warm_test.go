package portalproc

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/session"
)

// fakeOpener is an Opener of fake children in mode.
func fakeOpener(t *testing.T, mode string) Opener {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return Opener{Exe: exe, Args: []string{"-test.run=^$"}, Env: append(os.Environ(), fakeChildEnv+"="+mode), CloseGrace: 200 * time.Millisecond}
}

// idlePID is the warm process's PID (0: none).
func idlePID(w *Warm) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.idle == nil {
		return 0
	}
	return w.idle.cmd.Process.Pid
}

// gone waits until process pid has ended (and been reaped).
func gone(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if syscall.Kill(pid, 0) != nil {
			return
		}
	}
	t.Errorf("process %d is still there", pid)
}

// hostXID stands for the host window's X11 id.
const hostXID = 0x2a00007

func TestWarmProcess(t *testing.T) {
	spec := session.WindowSpec{URL: "https://portal.example/"}
	tests := []struct {
		name    string
		parent  uint64 // the host window's X11 id (0: none)
		warmAcc bool   // the warm process was prepared for compositing on
		spoil   func(t *testing.T, pid int)
		embed   bool
		// wantWarm: the session got the warm process (its ready says how
		// it was prepared); otherwise a fresh one, and the warm one ended.
		wantWarm bool
		ready    string
	}{
		{name: "a suiting warm process is used", parent: hostXID, wantWarm: true, ready: "prepared x11=true parent=0x2a00007"},
		{name: "another compositing setting starts a fresh process", warmAcc: true, ready: ""},
		{name: "an embedded window needs a process prepared for X11", embed: true, ready: ""},
		{name: "an embedded window takes one prepared for X11", parent: hostXID, embed: true, wantWarm: true, ready: "prepared x11=true parent=0x2a00007"},
		{name: "a warm process that died while idle is replaced", parent: hostXID, ready: "",
			spoil: func(t *testing.T, pid int) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				time.Sleep(100 * time.Millisecond)
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := fakeOpener(t, "normal")
			warm := NewWarm(o)
			defer warm.Close()
			if err := warm.Prepare(tc.warmAcc, tc.parent); err != nil {
				t.Fatal(err)
			}
			pid := idlePID(warm)
			if pid == 0 || !warm.Idle() {
				t.Fatal("Prepare left no idle process")
			}
			if err := warm.Prepare(tc.warmAcc, tc.parent); err != nil || idlePID(warm) != pid {
				t.Fatalf("a second Prepare replaced the idle process (%v)", err)
			}
			if tc.spoil != nil {
				tc.spoil(t, pid)
			}
			o.Warm = warm
			ws := spec
			if tc.embed {
				ws.Embed = &session.Embed{Parent: 1}
			}
			win, err := o.Open(context.Background(), ws)
			if err != nil {
				t.Fatal(err)
			}
			ready := next(t, win)
			if ready.Type != session.WindowReady || ready.Message != tc.ready {
				t.Errorf("ready %+v, want the message %q", ready, tc.ready)
			}
			got := win.(*window).cmd.Process.Pid
			if tc.wantWarm != (got == pid) {
				t.Errorf("the session's process is %d, the warm one was %d; want warm used = %v", got, pid, tc.wantWarm)
			}
			if !tc.wantWarm {
				gone(t, pid)
			}
			if warm.Idle() {
				t.Error("the warm process is still idle after Open took or stopped it")
			}
			_ = win.Close(session.CloseRequested)
			collect(t, win)
		})
	}
}

func TestWarmCloseStopsTheIdleProcess(t *testing.T) {
	warm := NewWarm(fakeOpener(t, "normal"))
	if err := warm.Prepare(false, 0); err != nil {
		t.Fatal(err)
	}
	pid := idlePID(warm)
	warm.Close()
	gone(t, pid)
	if err := warm.Prepare(false, 0); err != nil || warm.Idle() {
		t.Errorf("Prepare after Close started a process (%v)", err)
	}
}

// waitIdle waits until warm has an idle process (want) or has none.
func waitIdle(t *testing.T, warm *Warm, want bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if warm.Idle() == want {
			return
		}
	}
	t.Fatalf("idle process: %v after 5 s, want %v", warm.Idle(), want)
}

// bridgeMessage has the fake window post a bridge message and waits for it.
func bridgeMessage(t *testing.T, win session.Window, _ *Warm) {
	t.Helper()
	_ = win.Eval("first-paint message")
	if ev := next(t, win); ev.Type != session.WindowBridge {
		t.Fatalf("got %+v, want the bridge message", ev)
	}
}

func TestWarmRefill(t *testing.T) {
	tests := []struct {
		name    string
		inspect bool
		// underWay drives the first session until its window shows it
		// under way.
		underWay func(t *testing.T, win session.Window, warm *Warm)
	}{
		{name: "the first probe", inspect: true, underWay: func(t *testing.T, win session.Window, warm *Warm) {
			// The shim's message at the first paint: the first paint's
			// probe is still to come.
			bridgeMessage(t, win, warm)
			time.Sleep(100 * time.Millisecond)
			if warm.Idle() {
				t.Fatal("the next window started at the page's first bridge message, before the first paint's probe")
			}
			_ = win.Probe("first-paint")
			if ev := next(t, win); ev.Type != session.WindowProbe {
				t.Fatalf("got %+v, want the probe", ev)
			}
		}},
		{name: "the first bridge message when nothing is probed", underWay: bridgeMessage},
		{name: "the window's end", inspect: true, underWay: func(t *testing.T, win session.Window, _ *Warm) {
			_ = win.Close(session.CloseRequested)
			collect(t, win)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := session.WindowSpec{URL: "https://portal.example/", Inspect: tc.inspect}
			o := fakeOpener(t, "normal")
			warm := NewWarm(o)
			warm.Refill()
			defer warm.Close()
			o.Warm = warm
			first, err := o.Open(context.Background(), spec)
			if err != nil {
				t.Fatal(err)
			}
			if ready := next(t, first); ready.Message != "" {
				t.Fatalf("the first window had no warm process to take, but it was prepared: %q", ready.Message)
			}
			if ev := next(t, first); ev.Type != session.WindowNavigated {
				t.Fatalf("got %+v, want the navigation", ev)
			}
			// Loading the page is not under way yet: nothing competes
			// with it.
			time.Sleep(100 * time.Millisecond)
			if warm.Idle() {
				t.Fatal("the next window started while the first one loaded its page")
			}
			tc.underWay(t, first, warm)
			waitIdle(t, warm, true)
			pid := idlePID(warm)
			second, err := o.Open(context.Background(), spec)
			if err != nil {
				t.Fatal(err)
			}
			if ready := next(t, second); ready.Message != "prepared x11=false parent=0x0" {
				t.Errorf("the second window's ready says %q; want it to be the warm one, prepared for a window of its own", ready.Message)
			}
			if got := second.(*window).cmd.Process.Pid; got != pid {
				t.Errorf("the second session runs in process %d, not the warm one %d", got, pid)
			}
			_ = second.Close(session.CloseRequested)
			collect(t, second)
			_ = first.Close(session.CloseRequested)
			collect(t, first)
			// The second window's end started a third; Close stops it.
			waitIdle(t, warm, true)
			last := idlePID(warm)
			warm.Close()
			gone(t, last)
		})
	}
}

func TestWarmWithoutRefillStartsNoNext(t *testing.T) {
	o := fakeOpener(t, "normal")
	warm := NewWarm(o)
	defer warm.Close()
	o.Warm = warm
	win, err := o.Open(context.Background(), session.WindowSpec{URL: "https://portal.example/"})
	if err != nil {
		t.Fatal(err)
	}
	_ = win.Probe("first-paint")
	_ = win.Close(session.CloseRequested)
	collect(t, win)
	time.Sleep(200 * time.Millisecond)
	if warm.Idle() {
		t.Error("a Warm without Refill started a process by itself (the host window prepares its own)")
	}
}
