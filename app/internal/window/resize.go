package window

import (
	"encoding/json"
	"fmt"
	iofs "io/fs"
	"strconv"
	"strings"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
	"mpsim/assets"
)

// resizeSizes are the window sizes the hand-back probe measures besides the
// frame's (contract §1.6: 800x600 by default, and responsive when the user
// resizes the app): one larger, one smaller.
func resizeSizes() [][2]int { return [][2]int{{1024, 768}, {640, 480}} }

// resizeBudget bounds the resize check: no size is started after it, so
// that the hand-back probe reaches the parent well within the close's wait
// (see serveParent), even on a slow machine.
const resizeBudget = 1500 * time.Millisecond

// resizeRun is the resize check of a hand-back probe in progress: the
// probe waits for it, then goes to the parent with its Resized measures.
type resizeRun struct {
	probe    inspect.Probe
	sizes    [][2]int
	next     int       // index in sizes of the size being measured
	prev     int       // the viewport width before the last resize
	body     string    // resize.js with dom.js, before __PREV_WIDTH__ is set
	deadline time.Time // no size starts after it
	// waitingShot says the check waits for the screenshots in progress
	// (onSnapshot resumes it when the last one is in).
	waitingShot bool
}

// domScript returns the asset at path with dom.js's helpers before it.
func domScript(path string) (string, error) {
	dom, err := iofs.ReadFile(assets.FS(), "inspect/dom.js")
	if err != nil {
		return "", fmt.Errorf("DOM helpers: %w", err)
	}
	body, err := iofs.ReadFile(assets.FS(), path)
	if err != nil {
		return "", fmt.Errorf("DOM script: %w", err)
	}
	return string(dom) + "\n" + string(body), nil
}

// resizable reports whether the window may be resized for the hand-back
// probe: only a window of its own (the host's portal pane sets an embedded
// portal's size) whose frame size is known, and not once the window's
// wait for the last probes is over.
func (r *recorder) resizable() bool {
	return !r.p.embedded && r.p.width > 0 && r.p.height > 0 && !r.closed
}

// finishProbes lets the snapshots and DOM probes asked for just before the
// window's close (the hand-back's) finish, briefly: 3 s, a second more for
// a resize check still running, which then ends with what it has (the
// parent kills the window only 6 s after asking it to close). Not on the
// GTK thread.
func (r *recorder) finishProbes() {
	r.closeAsked.Store(true)
	r.waitSnapshots(3 * time.Second)
	if r.resizing.Load() {
		r.waitSnapshots(time.Second)
	}
	r.p.dispatch(r.closing)
	r.waitSnapshots(500 * time.Millisecond)
}

// closing ends the resize check in progress with what it has, and starts
// none after: the window is about to close. On the GTK thread.
func (r *recorder) closing() {
	r.closed = true
	r.endResize("the window closed first")
	// A probe not back by now never will be: the report says so instead
	// of having no probe and no reason (a page of 60,000 elements kept
	// its main thread past the close's wait).
	for id, label := range r.probes {
		delete(r.probes, id)
		delete(r.jars, id)
		r.p.send(ipc.Message{Type: ipc.TypeProbe, Probe: &inspect.Probe{Label: label,
			Error: "the DOM probe did not finish before the window closed (once asked to close, at the hand-back or at the session's end, the window waits about 3 s for its probes): a page this large, or a main thread this busy, takes longer"}})
	}
}

// startResize measures pr's page at the other window sizes, then sends pr;
// on the GTK thread. The probe stays pending until then, so a close waits.
func (r *recorder) startResize(pr inspect.Probe) {
	body, err := domScript("inspect/resize.js")
	if err != nil {
		pr.Resized = []inspect.ProbeSize{{Error: err.Error()}}
		r.p.send(ipc.Message{Type: ipc.TypeProbe, Probe: &pr})
		return
	}
	r.mu.Lock()
	r.pending++
	r.mu.Unlock()
	r.stalls.busy(r.now())
	r.resizing.Store(true)
	r.resize = &resizeRun{probe: pr, sizes: resizeSizes(), prev: pr.ViewportWidth, body: body, deadline: time.Now().Add(resizeBudget)}
	r.resizeNext()
}

// resizeNext resizes the window to the next size and measures the page
// there, or, after the last size, restores the frame's size and sends the
// probe; on the GTK thread. It waits for a screenshot in progress (the
// hand-back's) so that it shows the frame's size.
func (r *recorder) resizeNext() {
	run := r.resize
	if run == nil {
		return // ended by endResize
	}
	if len(r.shotMeta) > 0 && time.Now().Before(run.deadline) {
		// onSnapshot resumes the check when the screenshots are in; the
		// deadline, if one never is.
		run.waitingShot = true
		time.AfterFunc(time.Until(run.deadline), func() { r.p.dispatch(func() { r.resumeResize(run) }) })
		return
	}
	if run.next >= len(run.sizes) || time.Now().After(run.deadline) {
		r.endResize("out of time")
		return
	}
	sz := run.sizes[run.next]
	r.p.setSize(sz[0], sz[1])
	r.probeSeq++
	r.resizeID = uint(r.probeSeq)
	r.p.view.Probe(r.resizeID, "", strings.ReplaceAll(run.body, "__PREV_WIDTH__", strconv.Itoa(run.prev)))
}

// resumeResize goes on with the resize check run once it no longer waits
// for screenshots, unless it went on or ended already; on the GTK thread.
func (r *recorder) resumeResize(run *resizeRun) {
	if r.resize != run || !run.waitingShot {
		return
	}
	run.waitingShot = false
	r.resizeNext()
}

// endResize ends the resize check in progress, if any: the sizes not
// measured say why, the window goes back to its frame size (unless it was
// asked to close) and the probe goes to the parent. On the GTK thread.
func (r *recorder) endResize(why string) {
	run := r.resize
	if run == nil {
		return
	}
	r.resize = nil
	r.resizing.Store(false)
	for _, sz := range run.sizes[run.next:] {
		run.probe.Resized = append(run.probe.Resized, inspect.ProbeSize{Width: sz[0], Height: sz[1], Error: why})
	}
	if !r.closeAsked.Load() {
		// A window about to close is not laid out and painted once more.
		r.p.setSize(r.p.width, r.p.height)
	}
	r.p.send(ipc.Message{Type: ipc.TypeProbe, Probe: &run.probe})
	r.stalls.idle(r.now())
	r.probeDone()
}

// onResized takes the measure of one size; it reports false when id is not
// the resize check's.
func (r *recorder) onResized(id uint, data, errText string) bool {
	if id == 0 || id != r.resizeID {
		return false
	}
	run := r.resize
	if run == nil {
		return true // the check ended without this measure
	}
	sz := run.sizes[run.next]
	m := inspect.ProbeSize{Width: sz[0], Height: sz[1]}
	if errText == "" {
		if err := json.Unmarshal([]byte(data), &m); err != nil {
			errText = "the measure's JSON: " + err.Error()
		}
		m.Width, m.Height = sz[0], sz[1]
	}
	if errText != "" {
		m.Error = cut(errText, 500)
	}
	if len(m.Overflowing) > inspect.MaxProbeItems {
		m.Overflowing = m.Overflowing[:inspect.MaxProbeItems]
	}
	run.probe.Resized = append(run.probe.Resized, m)
	run.prev = m.ViewportWidth
	run.next++
	r.resizeNext()
	return true
}
