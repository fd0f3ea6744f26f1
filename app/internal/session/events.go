package session

import (
	"fmt"
	"strings"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// EntryKind says what a log entry records. The values are the report's
// "kind" strings, a contract with scripts that read reports.
type EntryKind string

// The kinds of log entries.
const (
	KindReady      EntryKind = "ready"      // the portal window is up
	KindNavigated  EntryKind = "navigated"  // the page moved to URL
	KindLoadFailed EntryKind = "loadFailed" // a navigation failed (Text says why)
	KindClosed     EntryKind = "closed"     // the window closed (Text is the reason)
	KindWindowErr  EntryKind = "error"      // the window process reported an error
	KindCall       EntryKind = "bridgeCall" // a bridge call (Call)
	KindHostEvent  EntryKind = "host"       // a shim event such as mpsim:firstPaint (Text is its name)
	KindFinding    EntryKind = "finding"    // a finding (Finding)
	KindResult     EntryKind = "result"     // the hand-back's decoded result (Result)
	KindLifecycle  EntryKind = "lifecycle"  // a step of the simulated eSIM (Lifecycle)
	KindCallback   EntryKind = "callback"   // a call the host made into the page (Callback)
	KindTimeout    EntryKind = "timeout"    // the session timed out
	KindEnded      EntryKind = "ended"      // the session ended (End); never in Report.Log
	KindDropped    EntryKind = "dropped"    // the window refused page messages (Text has the totals)
	KindDialog     EntryKind = "dialog"     // a JavaScript dialog, answered at once (Text is kind: message)
	// The portal itself (package inspect). Console and request entries go
	// to the observer only: the report keeps them in Report.Console and
	// Report.Network, not in its log.
	KindConsole    EntryKind = "console"    // a console message or uncaught error (Console)
	KindRequest    EntryKind = "request"    // a network request ended (Request)
	KindNavigation EntryKind = "navigation" // a navigation, pop-up, download, custom scheme or HTML fullscreen (Navigation)
	KindScreenshot EntryKind = "screenshot" // a snapshot of the portal view (Screenshot)
	KindProbe      EntryKind = "probe"      // what the page's DOM showed, for the policy audit (Probe)
	KindStep       EntryKind = "step"       // a scenario step the host performed in the page (Step)
)

// LifecycleKind and CallbackKind are the former names of KindLifecycle and
// KindCallback.
const (
	LifecycleKind = KindLifecycle
	CallbackKind  = KindCallback
)

// LifecycleStep is one step of the simulated eSIM's lifecycle (contract §3,
// flows F1–F10).
type LifecycleStep string

// The lifecycle steps.
const (
	StepDownloadStarted       LifecycleStep = "downloadStarted"       // F3: the download panel shows
	StepDownloadProgress      LifecycleStep = "downloadProgress"      // Fraction of the download done
	StepProfileInstalled      LifecycleStep = "profileInstalled"      // ICCID installed and active
	StepDownloadFailed        LifecycleStep = "downloadFailed"        // State is the activation error
	StepDeferred              LifecycleStep = "deferredScheduled"     // F4: Minutes until the offer
	StepDownloadOffered       LifecycleStep = "downloadOffered"       // F4: the toast; the user accepts
	StepDeferredCancelled     LifecycleStep = "deferredCancelled"     // F5: OperationID cancelled in time
	StepRegistered            LifecycleStep = "networkRegistered"     // State is the registration state
	StepRegistrationScheduled LifecycleStep = "registrationScheduled" // F6: Minutes until registration
	StepBalanceAdded          LifecycleStep = "balanceAdded"          // F7: ICCID is the active profile, if named
	StepPurchaseCancelled     LifecycleStep = "purchaseCancelled"     // F8
	StepDelayedProfile        LifecycleStep = "delayedProfile"        // F9 (removed API): Minutes
	StepNote                  LifecycleStep = "note"                  // anything else worth showing
	StepProblem               LifecycleStep = "problem"               // the host could not do something
)

// LifecycleEvent is a typed lifecycle step; the entry's Text says the same
// for people.
type LifecycleEvent struct {
	Step        LifecycleStep `json:"step"`
	Fraction    float64       `json:"fraction,omitempty"`
	ICCID       string        `json:"iccid,omitempty"`
	State       string        `json:"state,omitempty"`
	Minutes     uint64        `json:"minutes,omitempty"`
	OperationID string        `json:"operationId,omitempty"`
}

// EndEvent is how a session ended.
type EndEvent struct {
	Ended   string         `json:"ended"`
	Verdict bridge.Verdict `json:"verdict"`
}

// LogEntry is one typed event of a session, in the order it happened. Kind
// says which of the optional fields is set.
type LogEntry struct {
	At      time.Time       `json:"at"`
	Kind    EntryKind       `json:"kind"`
	URL     string          `json:"url,omitempty"`
	Text    string          `json:"text,omitempty"`
	Call    *CallRecord     `json:"call,omitempty"`
	Finding *bridge.Finding `json:"finding,omitempty"`
	// Replaces, on a finding's entry, is an earlier finding that this one
	// takes the place of and that has left the report's findings (its own
	// entry stays in the log): the page's read of a misspelt enum member
	// (enum-member-unknown) folded into the metadata finding of the
	// property set from it. A live view of the findings drops it then, so
	// that it agrees with the report.
	Replaces  *bridge.Finding `json:"replaces,omitempty"`
	Result    *bridge.Result  `json:"result,omitempty"`
	Lifecycle *LifecycleEvent `json:"lifecycle,omitempty"`
	Callback  *CallbackRecord `json:"callback,omitempty"`
	End       *EndEvent       `json:"end,omitempty"`

	Console    *inspect.ConsoleMessage `json:"console,omitempty"`
	Request    *inspect.Request        `json:"request,omitempty"`
	Navigation *inspect.Navigation     `json:"navigation,omitempty"`
	Screenshot *inspect.Screenshot     `json:"screenshot,omitempty"`
	Probe      *inspect.Probe          `json:"probe,omitempty"`
	Step       *StepResult             `json:"step,omitempty"`
}

// LastWindowError returns what the window process last reported as an
// error — a helper program not found, the last line a dying process wrote
// — or "" if it reported none.
func (r Report) LastWindowError() string {
	for i := len(r.Log) - 1; i >= 0; i-- {
		if r.Log[i].Kind == KindWindowErr {
			return r.Log[i].Text
		}
	}
	return ""
}

// CrashedProcess names the process whose end ended a crashed session
// (Ended is EndedCrashed): one of WebKit's own, the web content process or
// the network process, which the window reported after the portal had
// loaded (engineEnded logs them as "webProcess: …" and "networkProcess:
// …"), or else mpsim's own portal window process. A page's scripts can end
// the web content process (its memory limit), never the window process, so
// the host's captions must not blame the one for the other.
func (r Report) CrashedProcess() string {
	for i := len(r.Log) - 1; i >= 0; i-- {
		e := r.Log[i]
		if e.Kind != KindWindowErr {
			continue
		}
		switch {
		case strings.HasPrefix(e.Text, LoadWebProcess+": "):
			return "WebKit's web content process"
		case strings.HasPrefix(e.Text, LoadNetworkProcess+": "):
			return "WebKit's network process"
		}
	}
	return WindowProcess
}

// WindowProcess is what CrashedProcess names when mpsim's own portal window
// process ended, not one of WebKit's.
const WindowProcess = "mpsim's window process"

// ScreenshotsNotSaved says which screenshots the window took but could not
// save (a full disk), in a line for a warning ("2 screenshots not saved
// (first-paint, handback): writing the PNG: … no space left on device"),
// or "" when none.
func (r Report) ScreenshotsNotSaved() string {
	var labels []string
	why := ""
	for _, s := range r.ScreenshotsSkipped {
		if reason, ok := strings.CutPrefix(s.Skipped, inspect.SkippedNotSaved+": "); ok {
			labels = append(labels, s.Label)
			if why == "" {
				why = reason
			}
		}
	}
	switch len(labels) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("the screenshot %s was not saved: %s", labels[0], why)
	}
	return fmt.Sprintf("%d screenshots were not saved (%s): %s", len(labels), strings.Join(labels, ", "), why)
}
