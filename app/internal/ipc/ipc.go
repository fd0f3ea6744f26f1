// Package ipc defines the JSON-lines messages exchanged between the mpsim host
// (the parent process) and the portal window (the `mpsim portal` child).
//
// Each message is one JSON object on one line. The child writes to its stdout,
// the parent to the child's stdin. Lines that are not JSON objects are skipped
// by the reader, so stray output from native libraries cannot break the link.
package ipc

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"mpsim/app/internal/inspect"
)

// MaxLineBytes is the longest line either side accepts; longer lines are
// reported as an error message instead of being decoded.
const MaxLineBytes = 4 << 20

// Message types sent by the child (portal window) to the parent.
const (
	// TypeReady says the window exists and navigation is starting.
	TypeReady = "ready"
	// TypeNavigated says a top-level navigation committed (URL in URL).
	TypeNavigated = "navigated"
	// TypeLoadFailed says a load failed (URL, Reason, TLS).
	TypeLoadFailed = "loadFailed"
	// TypeBridge carries one raw bridge envelope from the page (Envelope).
	TypeBridge = "bridgeCall"
	// TypeClosed says the window closed (Reason) and the child is exiting,
	// or, with Reuse, waiting for its next start.
	TypeClosed = "closed"
	// TypeError reports a problem in the child that did not end it (Message).
	TypeError = "error"
	// TypeEvalResult reports that an eval request was run (Seq).
	TypeEvalResult = "evalDone"
	// TypeDropped counts page messages the child refused before the pipe
	// (Dropped): oversize ones and those over the per-second budget. It is
	// sent at most a few times a second while counts change, and once more
	// before TypeClosed. Counts are totals since the window opened.
	TypeDropped = "dropped"
	// TypeDialog reports a JavaScript dialog (alert, confirm, prompt,
	// beforeunload) the child answered at once (Dialog).
	TypeDialog = "dialog"
	// TypeClosing acknowledges a TypeClose request the moment the child
	// reads it, before the window is torn down.
	TypeClosing = "closing"
	// TypeConsole reports a console message or uncaught error (Console).
	TypeConsole = "console"
	// TypeRequest reports a network request that ended, or was still
	// pending when the window closed (Request).
	TypeRequest = "request"
	// TypeNavigation reports a top-frame navigation, redirect, pop-up,
	// download or custom-scheme navigation, or the page entering or
	// leaving HTML fullscreen (Navigation).
	TypeNavigation = "navigation"
	// TypeScreenshot reports a PNG snapshot of the view (Screenshot).
	TypeScreenshot = "screenshot"
	// TypeProbe reports what a TypeProbeRequest read from the DOM (Probe).
	TypeProbe = "probe"
	// TypeWentBack answers a TypeBack request: OK says the view went back
	// one page; false means it was at the first page (the host then asks
	// whether to leave, contract §1.6).
	TypeWentBack = "wentBack"
	// TypeStepResult answers a TypeStep request with the same Seq: the
	// string the step's script returned (JS) or why it failed (Message).
	TypeStepResult = "stepResult"
	// TypeInspectorClosed says WebKit's inspector closed by the user's
	// hand (its own close button, or its window's): the host unticks its
	// DevTools check. A close the parent asked for (TypeDevTools with
	// DevToolsClose) sends none.
	TypeInspectorClosed = "inspectorClosed"
	// TypeShortcut says the user pressed one of the host's keyboard
	// shortcuts while the page had the keyboard (Reason: one of the
	// Shortcut* names); the page never saw the key.
	TypeShortcut = "shortcut"
	// TypeResponsiveness says the page's main thread stopped answering the
	// window's pings (Reason Unresponsive: a script busy in a loop, 5 s
	// without an answer) or answers again (Reason Responsive).
	TypeResponsiveness = "responsiveness"
	// TypeNavDecided says WebKit asked the window whether the page may
	// navigate to URL, and the window let it: the navigation has begun
	// but its load may start much later (a busy page or window). A step
	// waits for the page it led to by it (session's navClock).
	TypeNavDecided = "navDecided"
)

// NavDecidedFrame is the Reason of a TypeNavDecided message that says the
// navigations told before it all started as frames' document loads: none
// starts a top-level load, and a step need not wait for one.
const NavDecidedFrame = "frame"

// The Reasons of TypeResponsiveness.
const (
	Unresponsive = "unresponsive"
	Responsive   = "responsive"
)

// Host shortcuts the window forwards (TypeShortcut's Reason) instead of
// giving them to the page.
const (
	// ShortcutPresenter is Ctrl+P: the host's presenter mode on or off.
	ShortcutPresenter = "presenter"
	// ShortcutRelaunch is Ctrl+R: the host's Relaunch.
	ShortcutRelaunch = "relaunch"
	// ShortcutDevTools is F12: the host's DevTools on or off.
	ShortcutDevTools = "devTools"
	// ShortcutLogSearch is Ctrl+L: the host's log search takes the
	// keyboard (an embedded portal only).
	ShortcutLogSearch = "logSearch"
	// ShortcutBack is Alt+Left: the app's back, the host's Back arrow
	// (an embedded portal only).
	ShortcutBack = "back"
	// ShortcutHostFocus is F6 or Ctrl+F6: the keyboard leaves the page for
	// the host's controls (an embedded portal only).
	ShortcutHostFocus = "hostFocus"
	// ShortcutTabNext and ShortcutTabPrev are Ctrl+PageDown and
	// Ctrl+PageUp: the host's next and previous tab (an embedded portal
	// only).
	ShortcutTabNext = "tabNext"
	ShortcutTabPrev = "tabPrev"
	// ShortcutTab starts the names of Alt+1 … Alt+9, "tab1" … "tab9": the
	// host's tab of that number (an embedded portal only).
	ShortcutTab = "tab"
	// ShortcutKeysHelp is Ctrl+/: the host's list of keys.
	ShortcutKeysHelp = "keysHelp"
)

// Kinds of load failures, in TypeLoadFailed's Kind: of fatal ones, and of
// LoadScheme and LoadNotShown also ones that leave the portal on its page.
const (
	LoadNetwork        = "network"        // refused, DNS, reset … of the main document
	LoadTLS            = "tls"            // the main document's certificate was not trusted
	LoadScheme         = "scheme"         // the URL's scheme cannot be shown
	LoadHTTP           = "http"           // the main document's HTTP status was an error (4xx, 5xx)
	LoadWebProcess     = "webProcess"     // the web content process ended
	LoadNetworkProcess = "networkProcess" // the network process ended
	LoadWalledGarden   = "walledGarden"   // the walled garden refused a top-frame load (URL: the one refused)
	// LoadNotShown: a later top-frame document WebKit did not show (a
	// Content-Type it cannot display, a download, a 204); Reason says why,
	// and the portal stayed on its page. Never fatal.
	LoadNotShown = "notShown"
)

// Message types sent by the parent to the child.
const (
	// TypeStart is the first message: what to open and how (Start).
	TypeStart = "start"
	// TypePrepare may come before TypeStart, from a parent that keeps a
	// window process warm: the child does what needs no start spec (GTK
	// and the display; with OK, the X11 backend an embedded window needs)
	// and waits for TypeStart.
	TypePrepare = "prepare"
	// TypeEval asks the child to run JS in the page (JS, Seq).
	TypeEval = "eval"
	// TypeClose asks the child to close the window and exit.
	TypeClose = "close"
	// TypeProgress shows (Visible) or hides the app's progress panel over
	// the portal with Message and Fraction (negative: indeterminate).
	TypeProgress = "progress"
	// TypeSnapshot asks for a screenshot of the view labelled Reason; the
	// child answers with TypeScreenshot. A close that follows waits (a
	// little) for it.
	TypeSnapshot = "snapshot"
	// TypeDevTools opens WebKit's inspector in a window of its own (in
	// the running window too: the host's DevTools check), or closes it
	// when Reason is DevToolsClose.
	TypeDevTools = "devtools"
	// TypeProbeRequest asks the child to read the page's DOM for the
	// policy audit (labelled Reason); it answers with TypeProbe. A close
	// that follows waits (a little) for it.
	TypeProbeRequest = "probeRequest"
	// TypeRect moves and resizes an embedded window (Rect, in pixels of
	// the parent window); a rectangle far off the parent parks it there,
	// hidden, while the host draws a dialog where the portal is.
	TypeRect = "rect"
	// TypeFocus gives the X keyboard focus to the embedded portal, or back
	// to the host window when Reason is FocusHost.
	TypeFocus = "focus"
	// TypeBack walks the view's history one page back, like the app's back
	// button (contract §1.6); the child answers with TypeWentBack.
	TypeBack = "back"
	// TypeStep runs JS, the body of an async function returning a string,
	// in an isolated world of the page (a scenario step); the child
	// answers with TypeStepResult and the same Seq.
	TypeStep = "step"
)

// DevToolsClose, as the Reason of TypeDevTools, closes the inspector
// instead of opening it.
const DevToolsClose = "close"

// Focus targets of TypeFocus (in Reason).
const (
	FocusPortal = "portal" // the embedded portal takes the keyboard
	FocusHost   = "host"   // the host window takes it back
)

// Close reasons reported in TypeClosed messages.
const (
	ReasonUser      = "user"      // the user closed the window
	ReasonRequested = "requested" // the parent sent TypeClose
	ReasonStdin     = "stdin"     // the parent went away (stdin closed)
	ReasonHandBack  = "handBack"  // the portal returned control to the app
)

// Message is one line of the protocol. Only the fields of its Type are set.
type Message struct {
	Type     string `json:"type"`
	URL      string `json:"url,omitempty"`
	Reason   string `json:"reason,omitempty"`
	TLS      bool   `json:"tls,omitempty"`
	Envelope string `json:"envelope,omitempty"`
	JS       string `json:"js,omitempty"`
	Seq      int    `json:"seq,omitempty"`
	Message  string `json:"message,omitempty"`
	// Fatal and Kind are set on TypeLoadFailed: a fatal failure means the
	// portal cannot be shown (the main document failed, or a WebKit process
	// is gone); Kind is one of the Load* constants.
	Fatal bool   `json:"fatal,omitempty"`
	Kind  string `json:"kind,omitempty"`
	// MIME is set on TypeNavigated: the MIME type WebKit took the
	// committed document for (its response's, sniffed when it had none),
	// "" when the window did not see its response.
	MIME string `json:"mime,omitempty"`
	// Dropped is set on TypeDropped, Dialog on TypeDialog.
	Dropped *DropCounts `json:"dropped,omitempty"`
	Dialog  *Dialog     `json:"dialog,omitempty"`
	// MonoMs is the child's monotonic clock in milliseconds since it started,
	// so the parent can compute timings without trusting wall clocks.
	MonoMs float64 `json:"monoMs,omitempty"`
	// OK is set on TypeWentBack; Rect on TypeRect.
	OK   bool  `json:"ok,omitempty"`
	Rect *Rect `json:"rect,omitempty"`
	// Fraction and Visible are set on TypeProgress only.
	Fraction float64 `json:"fraction,omitempty"`
	Visible  bool    `json:"visible,omitempty"`
	// Start is set on TypeStart only.
	Start *StartSpec `json:"start,omitempty"`
	// Parent may be set on TypePrepare: the X11 id of the host window the
	// portal will be embedded in, so that the idle process can make its
	// view there and start WebKit's processes before the start.
	Parent uint64 `json:"parent,omitempty"`
	// Reuse may be set on TypePrepare: the parent may send another start
	// once the session's window closed. On TypeClosed it says the process
	// stays, with no window, and takes the next TypeStart (after
	// TypePrepare's Reuse only): messages between TypeClosed and that start
	// are ignored. Without it the process exits after TypeClosed.
	Reuse bool `json:"reuse,omitempty"`
	// Ahead may be set on TypePrepare with Reuse: during each session the
	// process makes the view of the next one, so that WebKit's processes
	// start in the time the session leaves idle (for a parent with CPU to
	// spare: it costs a second web process while a session runs).
	Ahead bool `json:"ahead,omitempty"`
	// The records of the portal itself (package inspect), one per message
	// of the matching type.
	Console    *inspect.ConsoleMessage `json:"console,omitempty"`
	Request    *inspect.Request        `json:"request,omitempty"`
	Navigation *inspect.Navigation     `json:"navigation,omitempty"`
	Screenshot *inspect.Screenshot     `json:"screenshot,omitempty"`
	Probe      *inspect.Probe          `json:"probe,omitempty"`
	// ShotPath is Screenshot.Path byte for byte, set on TypeScreenshot
	// when the path is not valid UTF-8 (a --screenshots directory named in
	// Latin-1), which Screenshot.Path, a JSON string, cannot carry; the
	// parent puts it back (portalproc.EventOf).
	ShotPath Path `json:"shotPath,omitempty"`
}

// DropCounts are the page messages the window refused, as totals.
type DropCounts struct {
	// Oversize messages were larger than the limit; Largest is the biggest
	// one's size in bytes.
	Oversize int `json:"oversize,omitempty"`
	Largest  int `json:"largest,omitempty"`
	// Flood messages came over the per-second budget (PerSecond) of their
	// kind: Untrusted ones carried no session token (a frame or script
	// posting to the native handler), the others did.
	Flood          int `json:"flood,omitempty"`
	FloodUntrusted int `json:"floodUntrusted,omitempty"`
	PerSecond      int `json:"perSecond,omitempty"`
	// FloodControl messages were hand-backs or inline calls over their own
	// budget (ControlPerSecond); FloodEvents were the shim's host events
	// over theirs (EventsPerSecond).
	FloodControl     int `json:"floodControl,omitempty"`
	FloodEvents      int `json:"floodEvents,omitempty"`
	ControlPerSecond int `json:"controlPerSecond,omitempty"`
	EventsPerSecond  int `json:"eventsPerSecond,omitempty"`
	// Dialogs were answered but not reported one by one (over the budget).
	Dialogs int `json:"dialogs,omitempty"`
	// Malformed messages were not bridge calls in webview_go's RPC form
	// (webview_go ignored them too).
	Malformed int `json:"malformed,omitempty"`
	// MaxBytes is the size limit that applied.
	MaxBytes int `json:"maxBytes,omitempty"`
	// Console, Requests and Navigations are inspection records the window
	// did not send: over the per-window caps (MaxConsole, MaxRequests,
	// MaxNavigations) or, for console messages, the per-second budget.
	Console     int `json:"console,omitempty"`
	Requests    int `json:"requests,omitempty"`
	Navigations int `json:"navigations,omitempty"`
}

// Caps on the inspection records one window sends.
const (
	MaxConsole          = 2000
	MaxConsolePerSecond = 200
	MaxRequests         = 3000
	MaxNavigations      = 500
	// MaxSameDocument caps the same-document navigations among them
	// (pushState, replaceState, fragments), so that a page calling
	// pushState in a loop leaves room for its page loads and pop-ups.
	MaxSameDocument = 100
	MaxScreenshots  = 30
)

// Dialog is one JavaScript dialog the window answered.
type Dialog struct {
	// Kind is alert, confirm, prompt or beforeunload.
	Kind string `json:"kind"`
	// Text is the dialog's message (cut to MaxDialogText bytes).
	Text string `json:"text"`
	// Answer is what the page got: "" for alert, "false", "null", "leave".
	Answer string `json:"answer"`
	URL    string `json:"url,omitempty"`
}

// Rect is a rectangle in pixels, relative to the parent window.
type Rect struct {
	X      int `json:"x"`
	Y      int `json:"y"`
	Width  int `json:"width"`
	Height int `json:"height"`
}

// Embed says the portal lives inside a region of the host's window rather
// than in a top-level window of its own (issue 18): the child's window is
// made a child of Parent, an X11 window id, before it is ever mapped.
type Embed struct {
	// Parent is the host window's X11 id.
	Parent uint64 `json:"parent"`
	// Rect is where the portal starts, in Parent's pixels.
	Rect Rect `json:"rect"`
	// Scale is the host's scale factor; the page zoom follows it (1 when 0).
	Scale float64 `json:"scale,omitempty"`
}

// MaxDialogText is how much of a dialog's message is reported.
const MaxDialogText = 500

// PinnedCert is a certificate the window accepts for the hosts it names.
type PinnedCert struct {
	PEM   string   `json:"pem"`
	Hosts []string `json:"hosts"`
}

// StartSpec tells the child which page to open and how to set up WebKit.
type StartSpec struct {
	URL       string   `json:"url"`
	Languages []string `json:"languages"`
	// Headers are sent with the first request only, as the app sends the
	// X-MP-LPAError-* headers with the launch (contract §1.4).
	Headers     map[string]string `json:"headers,omitempty"`
	Certs       []PinnedCert      `json:"certs,omitempty"`
	InitScript  string            `json:"initScript"`
	BindingName string            `json:"bindingName"`
	Title       string            `json:"title"`
	Width       int               `json:"width"`
	Height      int               `json:"height"`
	X           int               `json:"x"`
	Y           int               `json:"y"`
	Debug       bool              `json:"debug,omitempty"`
	// Accelerated turns WebKit's GL compositing on; off is faster on
	// software GL (Xvfb, no GPU).
	Accelerated bool `json:"accelerated,omitempty"`
	// UserAgentSuffix is appended to WebKit's default User-Agent.
	UserAgentSuffix string `json:"userAgentSuffix,omitempty"`
	// Token is the session's envelope token. The child only uses it to
	// give messages that carry it their own budget; the parent still
	// checks every envelope.
	Token string `json:"token,omitempty"`
	// HandBackAPIs are the bridge APIs whose calls hand control back to
	// the app or run an inline operation (bridge.PriorityAPIs): messages
	// that carry the token and call one of them get a budget of their own,
	// so neither a flood of other calls nor the shim's host events can
	// crowd them out. The parent sends them so that the
	// window process does not link the bridge package.
	HandBackAPIs []string `json:"handBackAPIs,omitempty"`
	// MaxMessageBytes is the largest page message the child forwards;
	// 0 means DefaultMaxMessageBytes. It is capped so that a forwarded
	// message always fits in MaxLineBytes.
	MaxMessageBytes int `json:"maxMessageBytes,omitempty"`
	// MaxCallsPerSecond bounds the page messages the child forwards per
	// second (messages without the token get a tenth of it); 0 means
	// DefaultMaxCallsPerSecond.
	MaxCallsPerSecond int `json:"maxCallsPerSecond,omitempty"`
	// Inspect turns on the recording of the portal itself: console,
	// network, navigations (package inspect). Pop-ups are blocked either way.
	Inspect bool `json:"inspect,omitempty"`
	// Steps says the session performs scenario steps: the window puts
	// the steps' frame agent in every frame (cross-origin ones included).
	Steps bool `json:"steps,omitempty"`
	// NoAxe leaves axe-core out of the DOM probes of a recorded portal:
	// the rest of the recording stays, for about a third less CPU.
	NoAxe bool `json:"noAxe,omitempty"`
	// ScreenshotDir is where the window writes its snapshots (PNG); empty
	// means no screenshots. Byte for byte, whatever its encoding (Path).
	ScreenshotDir Path `json:"screenshotDir,omitempty"`
	// DevTools opens WebKit's inspector with the window (implies Debug).
	DevTools bool `json:"devTools,omitempty"`
	// WalledGarden, when not empty, are the only hosts the window may load
	// from, as on a device with no data plan (contract §7); every other
	// http(s) and ws(s) load is blocked by a WebKit content filter.
	WalledGarden []string `json:"walledGarden,omitempty"`
	// Embed puts the portal inside the host's window; nil opens a
	// top-level window of its own (Width, Height, X, Y).
	Embed *Embed `json:"embed,omitempty"`
	// TransientFor, for a window of its own (Embed nil), is the host
	// window's X11 id: the portal's window is made transient for it
	// (WM_TRANSIENT_FOR), so that window managers keep it above the host
	// and out of the taskbar. 0: none (no host window, or not X11).
	TransientFor uint64 `json:"transientFor,omitempty"`
}

// Defaults of the child's limits on page messages.
const (
	// DefaultMaxMessageBytes is 1 MiB: the bridge's envelope limit
	// (256 KiB) with room for the RPC wrapper and JSON escaping.
	DefaultMaxMessageBytes = 1 << 20
	// DefaultMaxCallsPerSecond is far above what a portal does (a few
	// calls per session) and low enough for the host to keep up.
	DefaultMaxCallsPerSecond = 500
)

// Writer writes messages as JSON lines; it is safe for concurrent use.
type Writer struct {
	mu sync.Mutex
	w  io.Writer
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Send writes m as one line.
func (w *Writer) Send(m Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode %s message: %w", m.Type, err)
	}
	if len(b) >= MaxLineBytes {
		return fmt.Errorf("send %s message: %w (%d bytes, limit %d)", m.Type, ErrLineTooLong, len(b)+1, MaxLineBytes)
	}
	b = append(b, '\n')
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := w.w.Write(b); err != nil {
		return fmt.Errorf("send %s message: %w", m.Type, err)
	}
	return nil
}

// Reader reads messages from JSON lines, skipping lines that are not JSON
// objects (native libraries sometimes print to stdout).
type Reader struct {
	br *bufio.Reader
	// Skipped counts lines that were not messages.
	Skipped int
	// TooLong counts lines over MaxLineBytes that were skipped.
	TooLong int
}

// NewReader returns a Reader on r.
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10)}
}

// ErrLineTooLong is returned (wrapped) when a line exceeds MaxLineBytes. The
// line is skipped without being kept in memory, and the stream goes on: the
// next call to Next reads the following line.
var ErrLineTooLong = errors.New("message line too long")

// Next returns the next message, or io.EOF at the end of the stream.
func (r *Reader) Next() (Message, error) {
	for {
		line, n, err := r.readLine()
		if n >= MaxLineBytes {
			r.TooLong++
			return Message{}, fmt.Errorf("%w: %d bytes or more skipped (limit %d)", ErrLineTooLong, n, MaxLineBytes)
		}
		if len(line) > 0 {
			text := strings.TrimSpace(string(line))
			if strings.HasPrefix(text, "{") {
				var m Message
				if jerr := json.Unmarshal([]byte(text), &m); jerr == nil && m.Type != "" {
					return m, nil
				}
			}
			if text != "" {
				r.Skipped++
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return Message{}, io.EOF
			}
			return Message{}, fmt.Errorf("read message: %w", err)
		}
	}
}

// readLine returns the next line without its newline and its length; a
// line of MaxLineBytes or more is read to its end but not kept (nil).
func (r *Reader) readLine() ([]byte, int, error) {
	var buf []byte
	n := 0
	for {
		chunk, err := r.br.ReadSlice('\n')
		n += len(chunk)
		if n < MaxLineBytes {
			buf = append(buf, chunk...)
		} else {
			buf = nil
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if len(buf) > 0 && buf[len(buf)-1] == '\n' {
			buf = buf[:len(buf)-1]
			n--
		}
		if err == nil && n == 0 && len(chunk) > 0 {
			// An empty line: go on to the next one.
			return nil, 0, nil
		}
		return buf, n, err
	}
}
