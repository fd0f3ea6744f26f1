// Package sessiontest is the in-memory portal window for tests of the
// session, the workspace and the UI: FakeOpener opens FakeWindows whose
// events a test scripts, playing the portal's part without a process,
// a display or WebKit.
package sessiontest

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
)

// FakeOpener is an in-memory session.Opener for tests: each Open returns a FakeWindow
// whose events the test scripts.
type FakeOpener struct {
	mu      sync.Mutex
	windows []*FakeWindow
	// OnOpen, when set, is called with each new window (in a goroutine), so
	// a test can play the portal's part.
	OnOpen func(w *FakeWindow)
	// Err, when set, makes Open fail.
	Err error
	// Step, when set, answers the scenario steps of every window it opens
	// (FakeWindow.Step); nil answers each with {"ok":true}.
	Step func(w *FakeWindow, body string) (string, error)
	// Record makes its windows answer Snapshot and Probe as the real
	// window does, with a WindowScreenshot or WindowProbe event of that
	// label (sent from a goroutine); otherwise they only note the request.
	Record bool
}

// Open records spec and returns a new FakeWindow.
func (o *FakeOpener) Open(_ context.Context, spec session.WindowSpec) (session.Window, error) {
	if o.Err != nil {
		return nil, o.Err
	}
	w := &FakeWindow{Spec: spec, events: make(chan session.Event, 64), step: o.Step, record: o.Record}
	o.mu.Lock()
	o.windows = append(o.windows, w)
	o.mu.Unlock()
	if o.OnOpen != nil {
		go o.OnOpen(w)
	}
	return w, nil
}

// Windows returns the windows opened so far.
func (o *FakeOpener) Windows() []*FakeWindow {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]*FakeWindow(nil), o.windows...)
}

// FakeWindow is a scripted session.Window.
type FakeWindow struct {
	// Spec is what the session asked to open.
	Spec session.WindowSpec

	mu        sync.Mutex
	events    chan session.Event
	closed    bool
	evals     []string
	progress  []string
	snapshots []string
	reason    string
	steps     []string
	step      func(w *FakeWindow, body string) (string, error)
	devTools  []bool
	notice    func(kind, name string)
	record    bool
}

// Emit delivers ev to the session as if the window had sent it, stamped
// now. It returns false once the window is closed.
func (w *FakeWindow) Emit(ev session.Event) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return false
	}
	ev.At = time.Now()
	w.events <- ev
	return true
}

// Envelope emits a bridge envelope.
func (w *FakeWindow) Envelope(raw string) bool {
	return w.Emit(session.Event{Type: session.WindowBridge, Envelope: raw})
}

// Envelopes emits bridge envelopes back to back, as a page that calls
// twice in one task does: the window cannot close between them (a
// session that closes it at the first still gets the others, as the real
// window's queue holds them), so a test of the later ones cannot race.
func (w *FakeWindow) Envelopes(raws ...string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return false
	}
	for _, raw := range raws {
		w.events <- session.Event{Type: session.WindowBridge, Envelope: raw, At: time.Now()}
	}
	return true
}

// Events implements session.Window.
func (w *FakeWindow) Events() <-chan session.Event { return w.events }

// Eval implements session.Window and records js.
func (w *FakeWindow) Eval(js string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errors.New("fake window: closed")
	}
	w.evals = append(w.evals, js)
	return nil
}

// Progress implements session.Window and records the panel's text ("" when hidden).
func (w *FakeWindow) Progress(text string, _ float64, visible bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !visible {
		text = ""
	}
	w.progress = append(w.progress, text)
	return nil
}

// Snapshot implements session.Window and records the label; with
// FakeOpener.Record it answers with a screenshot of that label.
func (w *FakeWindow) Snapshot(label string) error {
	w.note(label)
	if w.record {
		shot := &inspect.Screenshot{Label: label, Path: filepath.Join(w.Spec.ScreenshotDir, label+".png")}
		go w.Emit(session.Event{Type: session.WindowScreenshot, Screenshot: shot})
	}
	return nil
}

// Probe implements session.Window and records the label as "probe:label"
// among the snapshots; with FakeOpener.Record it answers with an empty
// probe of that label.
func (w *FakeWindow) Probe(label string) error {
	w.note("probe:" + label)
	if w.record {
		go w.Emit(session.Event{Type: session.WindowProbe, Probe: &inspect.Probe{Label: label}})
	}
	return nil
}

func (w *FakeWindow) note(label string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.snapshots = append(w.snapshots, label)
}

// Step implements session.Window: it records body and answers with the
// opener's Step function, or {"ok":true}.
func (w *FakeWindow) Step(ctx context.Context, body string) (string, error) {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return "", errors.New("fake window: closed")
	}
	w.steps = append(w.steps, body)
	answer := w.step
	w.mu.Unlock()
	if answer == nil {
		return `{"ok":true}`, nil
	}
	// The answer stands even when the session ended meanwhile (a click
	// that made the portal hand back): the real window answers the step
	// before it closes.
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return answer(w, body)
}

// Steps returns the step scripts run so far.
func (w *FakeWindow) Steps() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.steps...)
}

// Snapshots returns the screenshot labels asked for so far.
func (w *FakeWindow) Snapshots() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.snapshots...)
}

// ProgressShown returns the progress panel texts so far ("" = hidden).
func (w *FakeWindow) ProgressShown() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.progress...)
}

// Evals returns the scripts run so far.
func (w *FakeWindow) Evals() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.evals...)
}

// Close implements Window: it emits WindowClosed with reason and ends Events.
func (w *FakeWindow) Close(reason session.CloseReason) error {
	w.finish(string(reason))
	return nil
}

// UserClose simulates the user closing the window.
func (w *FakeWindow) UserClose() { w.finish(string(session.CloseUser)) }

// Crash simulates the window process dying without a closed message.
func (w *FakeWindow) Crash() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.closed = true
		w.reason = "crashed"
		close(w.events)
	}
}

// CloseReason returns why the window closed ("" while open).
func (w *FakeWindow) CloseReason() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reason
}

func (w *FakeWindow) finish(reason string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.closed = true
	w.reason = reason
	w.events <- session.Event{Type: session.WindowClosed, Reason: reason, At: time.Now()}
	close(w.events)
}
