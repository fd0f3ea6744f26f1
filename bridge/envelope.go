package bridge

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DefaultBindingName is the name of the webview binding the shim captures and
// then removes from the page's global scope.
const DefaultBindingName = "__mpsimBridge"

// DefaultMaxEnvelopeBytes is the default size cap of one envelope, in bytes of
// its JSON text.
const DefaultMaxEnvelopeBytes = 256 << 10

// Host event API names. They start with "mpsim:" so they can never collide
// with a Mobile Plans API name.
const (
	// EventFirstPaint is sent after DOMContentLoaded and two animation frames;
	// Envelope.T is the time in milliseconds since navigation start.
	EventFirstPaint = "mpsim:firstPaint"
	// EventListenerSet is sent whenever page script sets a listener property
	// (contract §2.5). Args[0] is {"listener","property","object","kind","name"}.
	EventListenerSet = "mpsim:listenerSet"
	// EventOversize replaces a call whose envelope would exceed the size cap.
	// Args[0] is {"api","size"}.
	EventOversize = "mpsim:oversize"
	// EventListenerMissing is sent when the host asks to invoke a listener
	// and none usable is registered. Args[0] is {"listener","reason","name","object"}.
	EventListenerMissing = "mpsim:listenerMissing"
	// EventListenerInvoked is sent after the host invoked a listener.
	EventListenerInvoked = "mpsim:listenerInvoked"
	// EventListenerError is sent when a listener threw. Args[0] has "message".
	EventListenerError = "mpsim:listenerError"
	// EventGlobalOverwrite is sent when page script assigns to one of the
	// Mobile Plans globals; the assignment is ignored. Args[0] is {"name"}.
	EventGlobalOverwrite = "mpsim:globalOverwrite"
	// EventFAQLookup is sent when page script looks up
	// MobilePlans.notifyPurchaseResult, which the real app does not have
	// (contract §5 #15): the page gets undefined. Repeated lookups are
	// coalesced. Args[0] is {"name"} and "count" above one.
	EventFAQLookup = "mpsim:faqLookup"
	// EventExternalNotify is sent when page script calls
	// window.external.notify, the WebView's raw ScriptNotify channel
	// (contract §1.1), which the shim defines to do nothing else. Repeated
	// calls are coalesced. Args[0] is {"type","length","text"} (text: the
	// argument, at most 200 characters) and "count" above one.
	EventExternalNotify = "mpsim:externalNotify"
	// EventEnumLookup is sent when page script reads a name one of the
	// enum objects does not have (MobilePlansMoDirectStatus.Completed): the
	// page gets undefined. Repeats of one name are coalesced. Args[0] is
	// {"name"} ("Object.member") and "count" above one.
	EventEnumLookup = "mpsim:enumLookup"
)

// Envelope is one message from the shim: a Mobile Plans API call or a host
// event (API names starting with "mpsim:").
//
// Each element of Args is the argument as received: a JS string stays a JSON
// string, an object stays an object, a function becomes {"$function":"name"},
// undefined becomes {"$undefined":true}; values JSON cannot represent become
// {"$unserializable":"reason"}, symbols {"$symbol":"description"} and
// BigInts {"$bigint":"digits"}.
type Envelope struct {
	Token   string            `json:"token"`
	API     string            `json:"api"`
	Args    []json.RawMessage `json:"args"`
	PageURL string            `json:"pageUrl"`
	OpID    string            `json:"opId,omitempty"`
	T       float64           `json:"t"`
}

// IsHostEvent reports whether the envelope is a host event rather than a
// portal API call.
func (e Envelope) IsHostEvent() bool { return strings.HasPrefix(e.API, "mpsim:") }

// Call is one API call as it appears in a session report.
type Call struct {
	API     string            `json:"api"`
	Args    []json.RawMessage `json:"args"`
	PageURL string            `json:"pageUrl"`
	At      time.Time         `json:"at"`
}

// CallFromEnvelope builds the report form of an envelope received at time at.
func CallFromEnvelope(e Envelope, at time.Time) Call {
	return Call{API: e.API, Args: e.Args, PageURL: e.PageURL, At: at}
}

// Errors returned by [ParseEnvelope]. Callers test them with errors.Is.
var (
	// ErrBadToken means the envelope did not carry the session token: it did
	// not come from the shim (for example an iframe posting to the native
	// handler) and must be recorded as rejected and never acted on.
	ErrBadToken = errors.New("bridge: envelope token mismatch")
	// ErrEnvelopeTooLarge means the raw envelope exceeds the size cap.
	ErrEnvelopeTooLarge = errors.New("bridge: envelope too large")
	// ErrMalformedEnvelope means the raw text is not a valid envelope.
	ErrMalformedEnvelope = errors.New("bridge: malformed envelope")
)

// ParseEnvelope decodes raw, the JSON text the shim passed to the binding.
//
// Checks run in this order: size (len(raw) > maxBytes → ErrEnvelopeTooLarge;
// maxBytes <= 0 means DefaultMaxEnvelopeBytes), JSON syntax and shape
// (ErrMalformedEnvelope), token (ErrBadToken, compared in constant time; an
// empty expected token never matches). The returned errors wrap the
// sentinels. Args is never nil on success.
func ParseEnvelope(raw string, token string, maxBytes int) (Envelope, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxEnvelopeBytes
	}
	if len(raw) > maxBytes {
		return Envelope{}, fmt.Errorf("%w: %d bytes, limit %d", ErrEnvelopeTooLarge, len(raw), maxBytes)
	}
	var env Envelope
	dec := json.NewDecoder(strings.NewReader(raw))
	if err := dec.Decode(&env); err != nil {
		return Envelope{}, fmt.Errorf("%w: %v", ErrMalformedEnvelope, err)
	}
	if dec.More() {
		return Envelope{}, fmt.Errorf("%w: trailing data after the envelope", ErrMalformedEnvelope)
	}
	if _, err := dec.Token(); err == nil {
		return Envelope{}, fmt.Errorf("%w: trailing data after the envelope", ErrMalformedEnvelope)
	}
	if token == "" || subtle.ConstantTimeCompare([]byte(env.Token), []byte(token)) != 1 {
		return Envelope{}, ErrBadToken
	}
	if env.API == "" {
		return Envelope{}, fmt.Errorf("%w: empty api", ErrMalformedEnvelope)
	}
	if env.Args == nil {
		env.Args = []json.RawMessage{}
	}
	for i, a := range env.Args {
		if a == nil { // JSON null element decodes to a nil RawMessage
			env.Args[i] = json.RawMessage("null")
		}
	}
	return env, nil
}
