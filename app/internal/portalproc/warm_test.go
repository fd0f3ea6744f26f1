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

// pidOf is the process of a session's window.
func pidOf(win session.Window) int { return win.(*window).cmd.Process.Pid }

func TestWarmReuse(t *testing.T) {
	spec := session.WindowSpec{URL: "https://portal.example/"}
	o := fakeOpener(t, "normal")
	warm := NewWarm(o)
	warm.Reuse(false)
	o.Warm = warm
	first, err := o.Open(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if ready := next(t, first); ready.Message != "prepared x11=false parent=0x0 reuse" {
		t.Fatalf("the first window's ready says %q; want a process asked to stay for more sessions", ready.Message)
	}
	pid := pidOf(first)
	_ = first.Close(session.CloseRequested)
	collect(t, first) // ends at closed, while the process lives on
	waitIdle(t, warm, true)
	if got := idlePID(warm); got != pid {
		t.Fatalf("the idle process is %d, want the first session's %d back", got, pid)
	}
	second, err := o.Open(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if got := pidOf(second); got != pid {
		t.Errorf("the second session runs in process %d, want the reused %d", got, pid)
	}
	if ready := next(t, second); ready.Message != "prepared x11=false parent=0x0 reuse session=2" {
		t.Errorf("the second window's ready says %q; want the second session of the process", ready.Message)
	}
	// What the ended session still sends must not reach the next one.
	_ = first.Eval("late, from the first session")
	_ = first.Close(session.CloseRequested)
	_ = second.Eval("from the second session")
	for _, ev := range collectUntilBridge(t, second) {
		if ev.Envelope == "late, from the first session" {
			t.Error("the first session's eval reached the second session")
		}
	}
	_ = second.Close(session.CloseRequested)
	collect(t, second)
	waitIdle(t, warm, true)
	warm.Close()
	gone(t, pid)
}

// collectUntilBridge returns win's events up to its first bridge message.
func collectUntilBridge(t *testing.T, win session.Window) []session.Event {
	t.Helper()
	var evs []session.Event
	for {
		ev := next(t, win)
		evs = append(evs, ev)
		if ev.Type == session.WindowBridge {
			return evs
		}
	}
}

func TestWarmReuseGivesBackOnlyWhatStays(t *testing.T) {
	tests := []struct {
		name  string
		reuse bool
		mode  string
	}{
		{name: "a process not asked to stay exits after its session", mode: "normal"},
		{name: "a process that ended is not given back", reuse: true, mode: "crash"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := fakeOpener(t, tc.mode)
			warm := NewWarm(o)
			defer warm.Close()
			if tc.reuse {
				warm.Reuse(false)
			}
			o.Warm = warm
			win, err := o.Open(context.Background(), session.WindowSpec{URL: "https://portal.example/"})
			if err != nil {
				t.Fatal(err)
			}
			pid := pidOf(win)
			_ = win.Close(session.CloseRequested)
			collect(t, win)
			time.Sleep(200 * time.Millisecond)
			if warm.Idle() {
				t.Error("the Warm holds a process after a session that did not stay")
			}
			gone(t, pid)
		})
	}
}

func TestWarmCloseStopsAProcessGivenBackLate(t *testing.T) {
	o := fakeOpener(t, "normal")
	warm := NewWarm(o)
	warm.Reuse(false)
	o.Warm = warm
	win, err := o.Open(context.Background(), session.WindowSpec{URL: "https://portal.example/"})
	if err != nil {
		t.Fatal(err)
	}
	pid := pidOf(win)
	warm.Close() // the run ends while its last session closes
	_ = win.Close(session.CloseRequested)
	collect(t, win)
	gone(t, pid)
}
