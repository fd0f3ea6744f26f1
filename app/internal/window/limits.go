package window

import (
	"crypto/subtle"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"mpsim/app/internal/ipc"
)

// Per-second budgets besides the main one (spec.MaxCallsPerSecond).
const (
	// controlPerSecond is the budget of the calls that carry the session
	// token and hand control back or run an inline operation
	// (spec.HandBackAPIs). Nothing else draws from it: not other calls, not
	// the shim's host events, which a page can cause at will, so neither a
	// burst of calls nor a loop of assignments can crowd out the hand-back.
	controlPerSecond = 50
	// eventsPerSecond is the budget of the shim's host events ("mpsim:*")
	// that carry the token. The shim coalesces the ones a page can cause at
	// will, so a portal needs a few.
	eventsPerSecond = 50
	// dialogsPerSecond is how many dialogs are reported one by one; all
	// are answered.
	dialogsPerSecond = 20
)

// limits decides which page messages reach the parent. Everything a page
// can post to the native handler is refused here, in the window process,
// when it is too big or too many, so the pipe to the parent never carries
// a line the parent would have to refuse; what was refused is counted and
// reported (ipc.TypeDropped). Safe for concurrent use.
type limits struct {
	maxBytes  int
	perSecond int
	binding   string
	token     []byte
	handBacks map[string]bool // spec.HandBackAPIs
	now       func() time.Time

	mu                                              sync.Mutex
	window                                          time.Time
	trusted, untrusted, control, events, dialogsSec int
	counts                                          ipc.DropCounts
	dirty                                           bool
}

func newLimits(spec ipc.StartSpec) *limits {
	maxBytes := spec.MaxMessageBytes
	if maxBytes <= 0 {
		maxBytes = ipc.DefaultMaxMessageBytes
	}
	if maxBytes > ipc.MaxLineBytes/2 {
		maxBytes = ipc.MaxLineBytes / 2
	}
	per := spec.MaxCallsPerSecond
	if per <= 0 {
		per = ipc.DefaultMaxCallsPerSecond
	}
	handBacks := make(map[string]bool, len(spec.HandBackAPIs))
	for _, api := range spec.HandBackAPIs {
		handBacks[api] = true
	}
	return &limits{maxBytes: maxBytes, perSecond: per, binding: spec.BindingName, token: []byte(spec.Token), handBacks: handBacks, now: time.Now}
}

// roll starts a new one-second window when the current one is over; l.mu
// is held.
func (l *limits) roll() {
	now := l.now()
	if now.Sub(l.window) >= time.Second {
		l.window = now
		l.trusted, l.untrusted, l.control, l.events, l.dialogsSec = 0, 0, 0, 0, 0
	}
}

// admit returns the envelope a page message carries and whether to forward
// it. size is the message's length; data copies it (only called when the
// size is acceptable).
func (l *limits) admit(size int, data func() string, isString bool) (string, callKind, bool) {
	if size > l.maxBytes {
		l.oversize(size)
		return "", callOther, false
	}
	if !isString {
		l.malformed()
		return "", callOther, false
	}
	var rpc struct {
		Method string            `json:"method"`
		Params []json.RawMessage `json:"params"`
	}
	var env string
	if json.Unmarshal([]byte(data()), &rpc) != nil || rpc.Method != l.binding || len(rpc.Params) != 1 ||
		json.Unmarshal(rpc.Params[0], &env) != nil {
		// webview_go dropped these silently (not its RPC format, or not a
		// call of the bridge binding with one string).
		l.malformed()
		return "", callOther, false
	}
	var probe struct {
		Token string `json:"token"`
		API   string `json:"api"`
	}
	_ = json.Unmarshal([]byte(env), &probe) // a broken envelope is the parent's finding
	trusted := len(l.token) > 0 && subtle.ConstantTimeCompare([]byte(probe.Token), l.token) == 1

	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll()
	used, limit, dropped := l.budget(trusted, probe.API)
	if *used >= limit {
		*dropped++
		l.dirty = true
		return "", callOther, false
	}
	*used++
	kind := callOther
	switch {
	case trusted && l.handBacks[probe.API]:
		kind = callHandBack
	case trusted && probe.API == firstPaintEvent:
		kind = callFirstPaint
	}
	return env, kind, true
}

// callKind is what an admitted message is, as far as the window's own
// records need to know: the recorder labels its first-load screenshot by
// whether a hand-back came before it, and the page's first paint.
type callKind int

const (
	callOther      callKind = iota
	callHandBack            // a call of spec.HandBackAPIs with the session token
	callFirstPaint          // the shim's first-paint event (firstPaintEvent)
)

// firstPaintEvent is the shim's first-paint host event (bridge.EventFirstPaint,
// which the window process does not link).
const firstPaintEvent = "mpsim:firstPaint"

// budget returns the counter, limit and drop count of the budget a message
// draws from; l.mu is held.
func (l *limits) budget(trusted bool, api string) (used *int, limit int, dropped *int) {
	switch {
	case trusted && l.handBacks[api]:
		return &l.control, controlPerSecond, &l.counts.FloodControl
	case trusted && strings.HasPrefix(api, "mpsim:"):
		return &l.events, eventsPerSecond, &l.counts.FloodEvents
	case trusted:
		return &l.trusted, l.perSecond, &l.counts.Flood
	default:
		return &l.untrusted, max(1, l.perSecond/10), &l.counts.FloodUntrusted
	}
}

// oversize counts a message refused for its size.
func (l *limits) oversize(size int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts.Oversize++
	l.counts.Largest = max(l.counts.Largest, size)
	l.dirty = true
}

func (l *limits) malformed() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts.Malformed++
	l.dirty = true
}

// dialog reports whether a dialog is reported one by one (within budget);
// otherwise it is counted.
func (l *limits) dialog() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll()
	if l.dialogsSec >= dialogsPerSecond {
		l.counts.Dialogs++
		l.dirty = true
		return false
	}
	l.dialogsSec++
	return true
}

// changed returns the totals when they changed since the last call.
func (l *limits) changed() (ipc.DropCounts, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.dirty {
		return ipc.DropCounts{}, false
	}
	l.dirty = false
	c := l.counts
	c.PerSecond = l.perSecond
	c.ControlPerSecond = controlPerSecond
	c.EventsPerSecond = eventsPerSecond
	c.MaxBytes = l.maxBytes
	return c, true
}

// inspectDropped counts inspection records that were not sent.
func (l *limits) inspectDropped(console, requests, navigations int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts.Console += console
	l.counts.Requests += requests
	l.counts.Navigations += navigations
	l.dirty = true
}
