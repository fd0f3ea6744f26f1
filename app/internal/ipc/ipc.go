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
	// TypeClosed says the window closed (Reason) and the child is exiting.
	TypeClosed = "closed"
	// TypeError reports a problem in the child that did not end it (Message).
	TypeError = "error"
	// TypeEvalResult reports that an eval request was run (Seq).
	TypeEvalResult = "evalDone"
)

// Message types sent by the parent to the child.
const (
	// TypeStart is the first message: what to open and how (Start).
	TypeStart = "start"
	// TypeEval asks the child to run JS in the page (JS, Seq).
	TypeEval = "eval"
	// TypeClose asks the child to close the window and exit.
	TypeClose = "close"
	// TypeProgress shows (Visible) or hides the app's progress panel over
	// the portal with Message and Fraction (negative: indeterminate).
	TypeProgress = "progress"
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
	// MonoMs is the child's monotonic clock in milliseconds since it started,
	// so the parent can compute timings without trusting wall clocks.
	MonoMs float64 `json:"monoMs,omitempty"`
	// Fraction and Visible are set on TypeProgress only.
	Fraction float64 `json:"fraction,omitempty"`
	Visible  bool    `json:"visible,omitempty"`
	// Start is set on TypeStart only.
	Start *StartSpec `json:"start,omitempty"`
}

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
}

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
	sc *bufio.Scanner
	// Skipped counts lines that were not messages.
	Skipped int
}

// NewReader returns a Reader on r.
func NewReader(r io.Reader) *Reader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLineBytes)
	return &Reader{sc: sc}
}

// ErrLineTooLong is returned (wrapped) when a line exceeds MaxLineBytes; the
// stream cannot continue after it.
var ErrLineTooLong = errors.New("message line too long")

// Next returns the next message, or io.EOF at the end of the stream.
func (r *Reader) Next() (Message, error) {
	for r.sc.Scan() {
		line := strings.TrimSpace(r.sc.Text())
		if !strings.HasPrefix(line, "{") {
			if line != "" {
				r.Skipped++
			}
			continue
		}
		var m Message
		if err := json.Unmarshal([]byte(line), &m); err != nil || m.Type == "" {
			r.Skipped++
			continue
		}
		return m, nil
	}
	if err := r.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return Message{}, fmt.Errorf("%w (limit %d bytes)", ErrLineTooLong, MaxLineBytes)
		}
		return Message{}, fmt.Errorf("read message: %w", err)
	}
	return Message{}, io.EOF
}
