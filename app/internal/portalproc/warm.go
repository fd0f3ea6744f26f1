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
// has its window process serve its cells one after another (Reuse);
// `mpsim run` opens one window and does not use it.
//
// A Warm is safe for concurrent use. Its zero value is not: use NewWarm.
type Warm struct {
	opener Opener

	mu     sync.Mutex
	idle   *idleProc
	closed bool
	reuse  bool
	ahead  bool
}

// idleProc is a started window process waiting for its start message.
type idleProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *ipc.Reader
	env    []string
	x11    bool
	// reuse says the process was asked to stay for another session after
	// each one (Warm.Reuse).
	reuse bool
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
	p, err := w.start(env, parent, w.reuse)
	if err != nil {
		return err
	}
	w.idle = p
	return nil
}

// start execs one process and sends it the prepare message; with reuse
// (and no parent) it asks the process to stay after each session.
func (w *Warm) start(env []string, parent uint64, reuse bool) (*idleProc, error) {
	p, err := w.opener.start(env)
	if err != nil {
		return nil, err
	}
	p.x11 = parent != 0
	p.reuse = reuse && !p.x11
	if err := ipc.NewWriter(p.stdin).Send(ipc.Message{Type: ipc.TypePrepare, OK: p.x11, Parent: parent, Reuse: p.reuse, Ahead: p.reuse && w.ahead}); err != nil {
		p.kill()
		return nil, fmt.Errorf("warm portal window: %w", err)
	}
	return p, nil
}

// Reuse makes each process serve one session after another: once a
// session's window closed, the process makes its next view (a new WebKit
// context, so nothing of the session before is left) and goes back to w
// instead of exiting, which saves starting a process, GTK and the display
// for every session (`mpsim test`: about a third of a cell's CPU without
// inspection, docs/performance.md). Only for windows of their own, not
// embedded ones. With ahead the process makes the next view while each
// session runs (ipc.Message.Ahead): for a parent with a CPU to spare, as
// WebKit's processes then start beside the session.
func (w *Warm) Reuse(ahead bool) {
	w.mu.Lock()
	w.reuse, w.ahead = true, ahead
	w.mu.Unlock()
}

func (w *Warm) reusing() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reuse
}

// giveBack takes p back idle after its session, unless w is closed or has
// an idle process already (p is then stopped).
func (w *Warm) giveBack(p *idleProc) {
	w.mu.Lock()
	keep := !w.closed && w.idle == nil
	if keep {
		w.idle = p
	}
	w.mu.Unlock()
	if !keep {
		p.kill()
	}
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
