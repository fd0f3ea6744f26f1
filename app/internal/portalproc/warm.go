package portalproc

import (
	"fmt"
	"io"
	"os/exec"
	"slices"
	"sync"

	"mpsim/app/internal/ipc"
)

// Warm keeps one portal window process started and idle, so that the next
// Open only sends it its start message: the process has already been
// exec'd, linked against WebKitGTK and GTK, and has initialised GTK and
// the display, and made its view with WebKit's web process started
// (ipc.TypePrepare). The host window keeps one warm between sessions
// (issue 15: Open portal → data visible); each worker of `mpsim test`
// keeps the window of its next cell warm (Refill); `mpsim run` opens one
// window and does not use it.
//
// A Warm is safe for concurrent use. Its zero value is not: use NewWarm.
type Warm struct {
	opener Opener

	mu     sync.Mutex
	idle   *idleProc
	closed bool
	refill bool
}

// idleProc is a started window process waiting for its start message.
type idleProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout io.ReadCloser
	env    []string
	x11    bool
	// stderr keeps the child's stderr when Opener.Stderr is nil.
	stderr *stderrLog
}

// NewWarm returns a Warm that starts processes as o would.
func NewWarm(o Opener) *Warm {
	o.Warm = nil
	return &Warm{opener: o}
}

// Prepare starts an idle process for a session with compositing
// accelerated (or not), unless one is idle already; parent, the host
// window's X11 id (0: none), prepares it for a portal embedded there
// (GDK's X11 backend, which must be chosen before GTK starts, and a view
// made in advance with WebKit's processes started). Call it when the host
// is idle (at start, after each session): it competes for the CPU for
// about a second.
func (w *Warm) Prepare(accelerated bool, parent uint64) error {
	x11 := parent != 0
	env := ChildEnv(w.opener.Env, accelerated)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	if w.idle != nil {
		if slices.Equal(w.idle.env, env) && w.idle.x11 == x11 {
			return nil
		}
		w.idle.kill()
		w.idle = nil
	}
	p, err := w.start(env, parent)
	if err != nil {
		return err
	}
	w.idle = p
	return nil
}

// start execs one process and sends it the prepare message.
func (w *Warm) start(env []string, parent uint64) (*idleProc, error) {
	p, err := w.opener.start(env)
	if err != nil {
		return nil, err
	}
	p.x11 = parent != 0
	if err := ipc.NewWriter(p.stdin).Send(ipc.Message{Type: ipc.TypePrepare, OK: p.x11, Parent: parent}); err != nil {
		p.kill()
		return nil, fmt.Errorf("warm portal window: %w", err)
	}
	return p, nil
}

// Refill makes Open replace each process it takes: the next one starts, for
// a session like the one just opened, once that session is under way (the
// first DOM probe, which comes after the first paint's, or the window
// closing or failing to load), so that starting it does not compete with
// the page's loading for the CPU. Close stops the last one.
func (w *Warm) Refill() {
	w.mu.Lock()
	w.refill = true
	w.mu.Unlock()
}

// refiller returns what restarts the idle process once a session opened
// with (accelerated, embed parent) is under way; nil without Refill.
func (w *Warm) refiller(accelerated bool, parent uint64) func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.refill {
		return nil
	}
	return func() { _ = w.Prepare(accelerated, parent) }
}

// take hands over the idle process when it suits a window with env (and
// embedded, when embed): nil when there is none or it does not suit
// (it is then stopped).
func (w *Warm) take(env []string, embed bool) *idleProc {
	w.mu.Lock()
	p := w.idle
	w.idle = nil
	w.mu.Unlock()
	if p == nil {
		return nil
	}
	if !slices.Equal(p.env, env) || (embed && !p.x11) {
		p.kill()
		return nil
	}
	return p
}

// Idle reports whether a process is started and waiting.
func (w *Warm) Idle() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.idle != nil
}

// Close stops the idle process, and any Prepare after it starts none.
func (w *Warm) Close() {
	w.mu.Lock()
	p := w.idle
	w.idle, w.closed = nil, true
	w.mu.Unlock()
	if p != nil {
		p.kill()
	}
}

// kill ends an idle process that will never get a start message.
func (p *idleProc) kill() {
	_ = p.cmd.Process.Kill()
	_ = p.stdin.Close()
	go func() {
		_ = p.cmd.Wait()
		p.stderr.close()
	}()
}
