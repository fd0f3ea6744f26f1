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
