package session

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// noHandBackFinding explains a session that ended without a hand-back by
// timing out or by its window being closed: the bridge calls the page made
// (none returns control), the page's last error and the page it was on,
// and, as the likely cause, a last page shown as text or a last navigation
// not shown (likelyCauseSentence).
// The other ends without a hand-back have findings of their own (a load
// failure, a crash, calls refused for their origin or token).
func (r *runner) noHandBackFinding(handBacks, rejected int) (bridge.Finding, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := &r.report
	var how string
	switch {
	case handBacks > 0 || rejected > 0:
		return bridge.Finding{}, false
	case rep.Ended == EndedTimeout:
		how = fmt.Sprintf("within the session's timeout (%s)", r.cfg.Timeout.Round(time.Millisecond))
	case rep.Ended == EndedClosed:
		how = "before its window was closed"
	default:
		return bridge.Finding{}, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The portal did not hand back %s. ", how)
	b.WriteString(r.callsSentence())
	b.WriteString("; the app waits for DataMart.notifyPurchaseResult, MobilePlans.notifyPurchaseWithProfileDownload or notifyCancelledPurchase, or an inline operation.")
	b.WriteString(r.likelyCauseSentence())
	b.WriteString(r.unresponsiveSentence(time.Now()))
	b.WriteString(r.nobodyClickedSentence())
	if c, ok := lastError(rep.Console); ok {
		fmt.Fprintf(&b, " The page's last error%s: %s.", c.Place(), strings.TrimSuffix(c.TextLine(), "."))
		if _, ok := bridge.GlobalRedeclaredFinding(c.Declaration, ""); ok {
			fmt.Fprintf(&b, " A script declaring `%s` was refused (%s).", c.Declaration, bridge.CodeGlobalRedeclared)
		}
	}
	for i := len(rep.Log) - 1; i >= 0; i-- {
		// The page shown: the last page load, or a single-page app's
		// route after it (pushState, replaceState, a fragment).
		e := rep.Log[i]
		route := e.Kind == KindNavigation && e.Navigation != nil && e.Navigation.Kind == inspect.NavSameDocument
		if (e.Kind == KindNavigated || route) && e.URL != "" {
			fmt.Fprintf(&b, " It was on %s.", pageWithoutQuery(e.URL))
			break
		}
	}
	return bridge.NewFinding(bridge.CodeHandbackMissing, "", "%s", b.String()), true
}

// nobodyClickedSentence says, for handback-missing after a timeout of a
// page that made no call, answered all along, had no steps and whose main
// document was answered, that an unattended session clicks nothing; r.mu
// is held.
func (r *runner) nobodyClickedSentence() string {
	if r.report.Ended != EndedTimeout || len(r.report.Calls) > 0 || len(r.cfg.Steps) > 0 || !r.unresponsiveSince.IsZero() ||
		r.report.MainDocumentNote() != "" { // no page to click: likelyCauseSentence says why
		return ""
	}
	return " If the page waits for a click: an unattended session (mpsim run, mpsim test) clicks nothing unless its scenario has steps ([[scenario.steps]], docs/scenarios.md); drive it with steps, or open it in the host window (mpsim) and click."
}

// faqLookupFinding judges a lookup of MobilePlans.notifyPurchaseResult,
// which the app does not have (bridge.FAQLookupFinding): an error naming
// the cause when the session has no hand-back, or its findings an error,
// else an info note. An uncaught call of it has its api-faq-misname
// already (pageError), which stands alone.
func (r *runner) faqLookupFinding(handBacks int) (bridge.Finding, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.faqLookup || hasCode(r.report.Findings, bridge.CodeAPIFAQMisname) {
		return bridge.Finding{}, false
	}
	return bridge.FAQLookupFinding(handBacks > 0 && !bridge.HasErrors(r.report.Findings)), true
}

// lastError is the page's last uncaught exception or unhandled rejection,
// else its last console.error call.
func lastError(console []inspect.ConsoleMessage) (inspect.ConsoleMessage, bool) {
	var call *inspect.ConsoleMessage
	for i := len(console) - 1; i >= 0; i-- {
		c := &console[i]
		if c.Kind == inspect.ConsoleError || c.Kind == inspect.ConsoleRejection {
			return *c, true
		}
		if call == nil && c.Kind == inspect.ConsoleCall && c.Level == "error" {
			call = c
		}
	}
	if call != nil {
		return *call, true
	}
	return inspect.ConsoleMessage{}, false
}

// callsSentence says which Mobile Plans calls the page made (none of which
// handed control back) and which it attempted that were too large to be
// forwarded, for handback-missing. r.mu is held.
func (r *runner) callsSentence() string {
	var apis []string
	for _, c := range r.report.Calls {
		if !slices.Contains(apis, c.API) {
			apis = append(apis, c.API)
		}
	}
	over := r.oversizeSentence()
	switch {
	case len(apis) == 0:
		return r.noCallSentence(over)
	case over != "":
		return fmt.Sprintf("The page called %s, which does not hand control back. %s", strings.Join(apis, ", "), over)
	case hasCode(r.report.Findings, bridge.CodeAPIInFrame):
		return fmt.Sprintf("The page called %s, which does not hand control back, and %s", strings.Join(apis, ", "), inFrameClause)
	}
	return fmt.Sprintf("The page called %s, which does not hand control back", strings.Join(apis, ", "))
}

// noCallSentence is callsSentence for a page that made no Mobile Plans
// call: what it attempted instead, as its findings say (over is
// oversizeSentence's). r.mu is held.
func (r *runner) noCallSentence(over string) string {
	switch {
	case over != "":
		return over
	case hasCode(r.report.Findings, bridge.CodeAPIFAQMisname):
		return "The page made no Mobile Plans call the app defines: it called MobilePlans.notifyPurchaseResult, which is undefined (" + bridge.CodeAPIFAQMisname + ")"
	case hasCode(r.report.Findings, bridge.CodeAPIOtherHost):
		return "The page made no Mobile Plans call: it used another host's raw channel (" + bridge.CodeAPIOtherHost + "), which hands nothing back"
	case hasCode(r.report.Findings, bridge.CodeAPIInFrame):
		return "The page made no Mobile Plans call: " + inFrameClause
	case slices.ContainsFunc(r.report.Findings, bridge.IsCrossOriginFrameError):
		return "The page made no Mobile Plans call: " + frameSecurityClause
	}
	return "The page made no Mobile Plans call"
}

// inFrameClause says, in handback-missing, that a frame of the portal used
// the app's objects (QA 'pay' fd: a payment provider's frame calling
// DataMart), where mpsim does not define them: api-in-frame, which only an
// error naming one of the objects gives (a frame's cross-origin
// SecurityError that names none is page-error, QA hostile). That the use
// was the frame's hand-back is a possibility, not a fact: it says so.
const inFrameClause = "a frame of the portal used the app's objects, which mpsim defines only in the top document (see " + bridge.CodeAPIInFrame + "): if that was its hand-back, it reached nothing"

// frameSecurityClause says, in handback-missing of a page that made no
// call, that a frame of the portal threw a SecurityError reaching into
// another origin whose message names nothing of the app's (WebKit's never
// does): a payment provider's frame calling parent.DataMart throws just
// that (QA 'pay'), so it may have been the frame's hand-back.
const frameSecurityClause = "a frame of the portal threw a SecurityError reaching into another origin (see " + bridge.CodePageError + "); if the frame meant to hand back through the app's objects in the portal's page (parent.DataMart.notifyPurchaseResult…), that call reached nothing: post a message to the portal's page and hand back from there"
