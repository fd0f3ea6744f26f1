// Package portalproc is the parent side of the portal window: it starts
// mpsim-portal (installed with mpsim; `mpsim portal` where there is none) as
// a child process, sends it the start message, and turns its JSON-lines
// output into session events. The child
// hosts WebKit; the parent never touches GTK, so a crash in the page's
// process cannot take the host down (see the facts note §3).
package portalproc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"mpsim/app/internal/ipc"
	"mpsim/app/internal/proctree"
	"mpsim/app/internal/session"
	"mpsim/app/internal/sibling"
)

// Opener starts portal windows as child processes of Exe.
type Opener struct {
	// Exe is the binary to run. Empty means mpsim-portal installed with the
	// running executable (package sibling), or, where there is none (a
	// test binary, an old layout), the running executable itself with the
	// portal subcommand.
	Exe string
	// Args are the arguments that select the portal window. Empty means
	// none for mpsim-portal and []string{"portal"} for any other Exe.
	Args []string
	// Env is the child's environment; nil means the parent's.
	Env []string
	// Stderr receives the child's stderr (WebKit console, GTK noise);
	// nil discards it.
	Stderr io.Writer
	// CloseGrace is how long the child may take to exit after a close
	// request before it is killed; 0 means 3 s.
	CloseGrace time.Duration
	// Warm, when set, gives Open a process started ahead of time (see
	// Warm); Open starts one itself when it has none that suits.
	Warm *Warm
	// TransientFor, when set, returns the X11 id of the host's window
	// (0 when it has none): a portal in a window of its own is made
	// transient for it (ipc.StartSpec.TransientFor).
	TransientFor func() uint64
	// YieldAtHandBack lowers the priority (nice 10) of the window process
	// and of WebKit's processes below it once it is asked to close for a
	// hand-back, when the process will not serve another session. Its
	// last work then (the final page's screenshot and DOM probe, axe-core
	// above all) gives way to the host's own frame with the result on a
	// busy machine (issue 15: hand-back → result in the host). The GUI sets
	// it; the command line does not, as its exit waits for that record.
	YieldAtHandBack bool
}

// Open implements session.Opener.
func (o Opener) Open(ctx context.Context, ws session.WindowSpec) (session.Window, error) {
	spec := StartSpec(ws)
	if ws.Embed == nil && o.TransientFor != nil {
		spec.TransientFor = o.TransientFor()
	}
	env := ChildEnv(o.Env, ws.Accelerated)
	w, stdout, err := o.startWarm(env, ws.Embed != nil, &spec)
	if err != nil {
		return nil, err
	}
	if p := w.proc; o.Warm != nil && p.reuse {
		w.giveBack = func() { o.Warm.giveBack(p) }
	}
	go w.read(stdout)
	if ws.Embed != nil && ws.Embed.Attach != nil {
		ws.Embed.Attach(w)
	}
	return w, nil
}

// startWarm sends spec to the warm process when there is one that suits
// (and is still alive), to a process started now otherwise.
func (o Opener) startWarm(env []string, embed bool, spec *ipc.StartSpec) (*window, *ipc.Reader, error) {
	if o.Warm != nil {
		if p := o.Warm.take(env, embed); p != nil {
			if w, err := o.send(p, spec); err == nil {
				return w, p.stdout, nil
			}
			// It died while idle: start another.
		}
	}
	var (
		p   *idleProc
		err error
	)
	if o.Warm != nil && o.Warm.reusing() && !embed {
		p, err = o.Warm.start(env, 0, true) // asked to stay for the next sessions
	} else {
		p, err = o.start(env)
	}
	if err != nil {
		return nil, nil, err
	}
	w, err := o.send(p, spec)
	if err != nil {
		return nil, nil, err
	}
	return w, p.stdout, nil
}

// send gives the process p its start message; p is killed when it cannot
// take it.
func (o Opener) send(p *idleProc, spec *ipc.StartSpec) (*window, error) {
	grace := o.CloseGrace
	if grace <= 0 {
		grace = 3 * time.Second
	}
	w := &window{proc: p, cmd: p.cmd, in: &link{w: ipc.NewWriter(p.stdin)}, stdin: p.stdin, stderr: p.stderr, events: make(chan session.Event, 256), backs: make(chan chan bool, 8), grace: grace, exited: make(chan struct{}), yield: o.YieldAtHandBack && !p.reuse}
	if err := w.in.Send(ipc.Message{Type: ipc.TypeStart, Start: spec}); err != nil {
		_ = p.cmd.Process.Kill()
		_ = p.cmd.Wait()
		err = fmt.Errorf("portal window: %w%s", err, p.stderr.said())
		p.stderr.close()
		return nil, err
	}
	return w, nil
}

// start execs a window process with env.
func (o Opener) start(env []string) (*idleProc, error) {
	exe, args, err := o.command()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = env
	cmd.Stderr = o.Stderr
	var errLog *stderrLog
	if o.Stderr == nil {
		errLog = newStderrLog()
		cmd.Stderr = errLog.file()
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("portal window stdin: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("portal window stdout: %w", err)
	}
	if err := cmd.Start(); err != nil {
		errLog.close()
		return nil, fmt.Errorf("start portal window: %w", err)
	}
	return &idleProc{cmd: cmd, stdin: stdin, stdout: ipc.NewReader(stdout), env: env, stderr: errLog}, nil
}

// link is the parent's end of one session's messages to a window process.
// Once that session's window closed in a process that stays for another
// session, it sends nothing more: what it would send now would reach the
// next session (the process drops what comes between sessions, but not
// after the next start).
type link struct {
	mu  sync.Mutex
	w   *ipc.Writer
	cut bool
}

// Send sends m unless the session is over in a process that stays.
func (l *link) Send(m ipc.Message) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cut {
		return nil
	}
	return l.w.Send(m)
}

// release ends the link for good; a Send under way finishes first.
func (l *link) release() {
	l.mu.Lock()
	l.cut = true
	l.mu.Unlock()
}

type window struct {
	proc   *idleProc
	cmd    *exec.Cmd
	in     *link
	stdin  io.Closer
	stderr *stderrLog
	events chan session.Event
	grace  time.Duration
	exited chan struct{}
	// yield lowers the process tree's priority at a hand-back's close
	// (Opener.YieldAtHandBack).
	yield bool
	// yielded is closed once the priority was lowered (tests).
	yielded chan struct{}

	// backs are the Back calls waiting for the child's answer, in order.
	backs chan chan bool
	// stepWait are the Step calls waiting for theirs, by seq.
	stepWait stepWaiters
	// notices go to the host, not to the session (OnNotice).
	notices notices

	// giveBack, when set, takes the process back for another session once
	// its window closed and it said it stays (ipc.Message.Reuse).
	giveBack func()

	// ended is set, by the reading goroutine only, once the window said it
	// closed: the session's events have ended.
	ended bool

	mu        sync.Mutex
	seq       int
	closeOnce sync.Once
}

func (w *window) read(r *ipc.Reader) {
	var readErr error
	for {
		m, err := r.Next()
		if w.ended {
			if err != nil {
				return // reap has the process
			}
			continue // its tear-down: nothing for the session
		}
		if errors.Is(err, ipc.ErrLineTooLong) {
			// The window refuses oversize page messages itself; a line over
			// the limit is skipped, never a reason to kill a healthy child.
			w.events <- session.Event{Type: session.WindowError, Message: "skipped a message from the portal window: " + err.Error(), At: time.Now()}
			continue
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				readErr = err
			}
			break
		}
		if w.take(m) {
			return // the process stays for another session
		}
	}
	if readErr != nil {
		// The pipe itself failed; end the window.
		w.events <- session.Event{Type: session.WindowError, Message: readErr.Error(), At: time.Now()}
		_ = w.cmd.Process.Kill()
	}
	waitErr := w.cmd.Wait()
	close(w.exited)
	reason := "the portal window process ended unexpectedly"
	if waitErr != nil {
		reason += ": " + waitErr.Error()
	}
	reason += w.stderr.said()
	w.events <- session.Event{Type: session.WindowError, Message: reason, At: time.Now()}
	w.stderr.close()
	close(w.events)
}

// take takes one message of the window; it reports true when it was the
// last of a process that stays for another session, which has then been
// released (the read ends).
func (w *window) take(m ipc.Message) (released bool) {
	switch m.Type {
	case ipc.TypeWentBack:
		w.answerBack(m.OK)
		return false
	case ipc.TypeStepResult:
		w.stepWait.answer(m)
		return false
	}
	if isNotice(m) {
		w.notices.deliver(m)
		return false
	}
	w.events <- EventOf(m, time.Now())
	if m.Type != ipc.TypeClosed {
		return false
	}
	if m.Reuse && w.giveBack != nil {
		w.release()
		return true
	}
	// closed is the window's last message of the session: what follows is
	// its tear-down, which the session does not wait for (reap ends it);
	// read drains the link meanwhile.
	w.ended = true
	close(w.events)
	go w.reap()
	return false
}

// release ends the session of a process that stays for another one: the
// session sends it nothing more and sees it as gone, and the process goes
// back to the Warm it came from.
func (w *window) release() {
	w.in.release()
	close(w.exited)
	close(w.events)
	w.giveBack()
}

// reap ends a window process that has closed, and waits for it. closed is
// its last message: all it would do next is WebKit's tear-down (its view,
// its web and network processes), which took both cores of a 2-core
// machine for tens of ms while the session's end was saved, for nothing
// the session needs; `mpsim run`'s hand-back → exit was 15 ms shorter in
// the median without it (issue 15). So it is killed at once, and WebKit's
// processes end with it (TestE2ERunLeavesNoProcess).
func (w *window) reap() {
	_ = w.cmd.Process.Kill()
	_ = w.cmd.Wait()
	close(w.exited)
	w.stderr.close()
}

func (w *window) Events() <-chan session.Event { return w.events }

func (w *window) Eval(js string) error {
	w.mu.Lock()
	w.seq++
	seq := w.seq
	w.mu.Unlock()
	return w.in.Send(ipc.Message{Type: ipc.TypeEval, JS: js, Seq: seq})
}

func (w *window) Progress(text string, fraction float64, visible bool) error {
	return w.in.Send(ipc.Message{Type: ipc.TypeProgress, Message: text, Fraction: fraction, Visible: visible})
}

func (w *window) Snapshot(label string) error {
	return w.in.Send(ipc.Message{Type: ipc.TypeSnapshot, Reason: label})
}

func (w *window) Probe(label string) error {
	return w.in.Send(ipc.Message{Type: ipc.TypeProbeRequest, Reason: label})
}

func (w *window) Close(reason session.CloseReason) error {
	w.closeOnce.Do(func() {
		_ = w.in.Send(ipc.Message{Type: ipc.TypeClose, Reason: string(reason)})
		if w.yield && reason == session.CloseHandBack {
			go func() {
				// Best effort: a process that has gone needs no priority.
				_ = lowerPriority(proctree.Sys(), w.cmd.Process.Pid, yieldNice)
				if w.yielded != nil {
					close(w.yielded)
				}
			}()
		}
		go func() {
			select {
			case <-w.exited:
			case <-time.After(w.grace):
				_ = w.stdin.Close()
				select {
				case <-w.exited:
				case <-time.After(w.grace):
					_ = w.cmd.Process.Kill()
				}
			}
		}()
	})
	return nil
}

// command is the program and arguments Open runs.
func (o Opener) command() (string, []string, error) {
	if o.Exe != "" {
		if len(o.Args) == 0 {
			return o.Exe, []string{"portal"}, nil
		}
		return o.Exe, o.Args, nil
	}
	if p, err := sibling.Path(sibling.Portal); err == nil {
		return p, o.Args, nil
	}
	self, err := os.Executable()
	if err != nil {
		return "", nil, fmt.Errorf("find own executable: %w", err)
	}
	if len(o.Args) == 0 {
		return self, []string{"portal"}, nil
	}
	return self, o.Args, nil
}

// CompositingEnv is the WebKitGTK environment variable that keeps a web view
// out of accelerated compositing from the moment WebKit starts.
const CompositingEnv = "WEBKIT_DISABLE_COMPOSITING_MODE"

// DMABufEnv is the WebKitGTK environment variable that keeps the window
// process from setting up WebKit's DMA-BUF renderer (an EGL display and
// Mesa's GL driver, for accelerated compositing).
const DMABufEnv = "WEBKIT_DISABLE_DMABUF_RENDERER"

// JITEnv is the JavaScriptCore option, read from the environment when a
// web process starts, that turns its optimising JIT tiers (DFG, and FTL
// above it) on or off.
const JITEnv = "JSC_useDFGJIT"

// ChildEnv is the portal window's environment: base (nil means the
// parent's) with compositing decided before WebKit starts, and
// JavaScriptCore's optimising tiers off unless base says otherwise.
//
// Compositing: switching it off through WebKitSettings once the view
// exists costs a compositing set-up first (issue 15 measured data-visible
// 932 → 852 ms with the variable), so the parent sets
// WEBKIT_DISABLE_COMPOSITING_MODE=1 in the child's environment when
// accelerated is false and removes it when it is true, whatever the
// parent's own environment says. With compositing off it also sets
// WEBKIT_DISABLE_DMABUF_RENDERER=1: WebKit then draws as before (the web
// process paints into shared memory; the DMA-BUF renderer only carries
// composited frames), but the window process no longer sets up its EGL
// display, which took 4–5 MB of PSS for nothing (docs/performance.md,
// batch 46). With compositing on the parent's own setting is kept.
//
// The JIT: axe-core runs once or twice per page for a few hundred ms, long
// enough for JavaScriptCore to compile its hot functions in the DFG tier on
// other threads and too short for that to pay back. Without the tier a
// `mpsim test --parallel 2` of 24 demo cells took 17% less CPU and 15% less
// time (docs/performance.md, batch 22); a page's own long computations run
// about 1.3–1.5× slower, short ones no slower. JSC_useDFGJIT=true in the
// parent's environment keeps WebKit's default.
//
// Text scaling: GDK_DPI_SCALE (a HiDPI desk's GDK_SCALE=2 GDK_DPI_SCALE=0.5)
// zooms WebKit's pages, so the portal's 800x600 frame was a 1600x1200 or
// a 533x400 viewport in CSS pixels, and the frame-size policy judged
// another frame than the app's. The child never gets it; an embedded
// portal follows the host's scale through its zoom (ipc.EmbedSpec.Scale).
func ChildEnv(base []string, accelerated bool) []string {
	if base == nil {
		base = os.Environ()
	}
	env := make([]string, 0, len(base)+3)
	jitSet := false
	for _, kv := range base {
		jitSet = jitSet || strings.HasPrefix(kv, JITEnv+"=")
		switch {
		case strings.HasPrefix(kv, CompositingEnv+"="), strings.HasPrefix(kv, textScaleEnv+"="):
		case !accelerated && strings.HasPrefix(kv, DMABufEnv+"="):
		default:
			env = append(env, kv)
		}
	}
	if !accelerated {
		env = append(env, CompositingEnv+"=1", DMABufEnv+"=1")
	}
	if !jitSet {
		env = append(env, JITEnv+"=false")
	}
	return env
}

// textScaleEnv is GDK's text scaling factor, which WebKitGTK applies to the
// page's zoom.
const textScaleEnv = "GDK_DPI_SCALE"

// StartSpec is the wire form of what a session asks the window to open.
func StartSpec(ws session.WindowSpec) ipc.StartSpec {
	certs := make([]ipc.PinnedCert, 0, len(ws.Certs))
	for _, c := range ws.Certs {
		certs = append(certs, ipc.PinnedCert{PEM: c.PEM, Hosts: c.Hosts})
	}
	if len(certs) == 0 {
		certs = nil
	}
	return ipc.StartSpec{
		URL: ws.URL, Languages: ws.Languages, Headers: ws.Headers, Certs: certs,
		InitScript: ws.InitScript, BindingName: ws.BindingName, Title: ws.Title,
		Width: ws.Width, Height: ws.Height, X: ws.X, Y: ws.Y,
		Debug: ws.Debug || ws.DevTools, Accelerated: ws.Accelerated,
		Token: ws.Token, HandBackAPIs: ws.HandBackAPIs, MaxMessageBytes: ws.MaxMessageBytes,
		Inspect: ws.Inspect, ScreenshotDir: ipc.Path(ws.ScreenshotDir), DevTools: ws.DevTools, WalledGarden: ws.WalledGarden, NoAxe: ws.NoAxe, Steps: ws.Steps,
		Embed: embedSpec(ws.Embed),
	}
}

// EventOf is the session's form of a message from the window process,
// stamped at. Message types the session does not know keep their name.
func EventOf(m ipc.Message, at time.Time) session.Event {
	ev := session.Event{URL: m.URL, Reason: m.Reason, TLS: m.TLS, Envelope: m.Envelope, Message: m.Message, Fatal: m.Fatal, Kind: m.Kind, MIME: m.MIME, At: at,
		Console: m.Console, Request: m.Request, Navigation: m.Navigation, Screenshot: m.Screenshot, Probe: m.Probe}
	if m.Screenshot != nil && m.ShotPath != "" {
		// The path byte for byte (not valid UTF-8: ipc.Path).
		shot := *m.Screenshot
		shot.Path = string(m.ShotPath)
		ev.Screenshot = &shot
	}
	if d := m.Dropped; d != nil {
		ev.Dropped = &session.DropCounts{Oversize: d.Oversize, Largest: d.Largest, Flood: d.Flood, FloodUntrusted: d.FloodUntrusted,
			PerSecond: d.PerSecond, Dialogs: d.Dialogs, Malformed: d.Malformed, MaxBytes: d.MaxBytes,
			Console: d.Console, Requests: d.Requests, Navigations: d.Navigations,
			FloodControl: d.FloodControl, FloodEvents: d.FloodEvents, ControlPerSecond: d.ControlPerSecond, EventsPerSecond: d.EventsPerSecond}
	}
	if d := m.Dialog; d != nil {
		ev.Dialog = &session.Dialog{Kind: d.Kind, Text: d.Text, Answer: d.Answer, URL: d.URL}
	}
	// The session's event types are the wire's message names
	// (TestWireConversions checks each), so the name carries over.
	ev.Type = session.WindowEventType(m.Type)
	return ev
}
