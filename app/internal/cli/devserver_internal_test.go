package cli

import (
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/watch"
	"mpsim/simulator"
)

// mpsim run --watch DIR: a run whose portal did not load because its dev
// server was not up yet runs again when the server comes up (loop QA: it
// waited for a save); a run that ended otherwise, one that a change
// stopped, or a watched URL (which its watch polls) waits for nothing.
func TestWatchedRunWaitsForTheDevServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	down := session.Report{Ended: session.EndedLoadFailed, Launch: simulator.Launch{URL: "http://" + addr + "/?market=US"}}
	tests := []struct {
		name       string
		target     string
		rep        session.Report
		superseded bool
		wantWait   bool
	}{
		{name: "the portal did not load and does not answer", target: t.TempDir(), rep: down, wantWait: true},
		{name: "a hand-back", target: t.TempDir(), rep: session.Report{Ended: session.EndedHandBack, Launch: down.Launch}},
		{name: "stopped by a change", target: t.TempDir(), rep: down, superseded: true},
		{name: "a watched URL", target: "http://" + addr + "/", rep: down},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed := make(chan struct{}, 1)
			var said []string
			d := &devServerWait{ctx: t.Context(), target: tc.target, changed: changed,
				opts: watch.Options{Poll: 10 * time.Millisecond, Say: func(s string) { said = append(said, s) }}}
			defer d.cancel()
			d.after(tc.rep, tc.superseded)
			if waits := d.stop != nil; waits != tc.wantWait {
				t.Fatalf("waiting = %v (said %q), want %v", waits, said, tc.wantWait)
			}
			if !tc.wantWait {
				return
			}
			l, err := net.Listen("tcp", addr)
			if err != nil {
				t.Skipf("the port was taken meanwhile: %v", err)
			}
			srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "portal") })}
			go func() { _ = srv.Serve(l) }()
			defer srv.Close()
			select {
			case <-changed:
			case <-time.After(30 * time.Second):
				t.Fatal("the dev server's first answer did not run the launch again")
			}
		})
	}
}

// mpsim test --watch DIR: the cells whose portal did not load wait for it
// the same way; cells that ran on a portal that answers wait for nothing.
func TestWatchedMatrixWaitsForTheDevServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	up := startAnswering(t)
	down := simulator.Launch{URL: "http://" + addr + "/?market=US", PortalURL: "http://" + addr + "/"}
	tests := []struct {
		name     string
		reps     []session.Report
		wantWait bool
	}{
		{name: "a cell whose portal is down", wantWait: true, reps: []session.Report{
			{Ended: session.EndedHandBack, Launch: simulator.Launch{URL: up}},
			{Ended: session.EndedLoadFailed, Launch: down},
			{Ended: session.EndedLoadFailed, Launch: down},
		}},
		{name: "a load that failed on a portal that answers", reps: []session.Report{{Ended: session.EndedLoadFailed, Launch: simulator.Launch{URL: up}}}},
		{name: "no cell ran"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var said []string
			d := &devServerWait{ctx: t.Context(), target: t.TempDir(), changed: make(chan struct{}, 1),
				opts: watch.Options{Poll: 10 * time.Millisecond, Say: func(s string) { said = append(said, s) }}}
			defer d.cancel()
			d.afterAll(tc.reps)
			if waits := d.stop != nil; waits != tc.wantWait {
				t.Fatalf("waiting = %v (said %q), want %v", waits, said, tc.wantWait)
			}
			if tc.wantWait && len(said) != 1 {
				t.Errorf("said %q, want one line for the one portal down", said)
			}
		})
	}
}

// startAnswering serves a page on 127.0.0.1 and returns its URL.
func startAnswering(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "portal") })}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + l.Addr().String() + "/"
}
