package bridge

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// API names the shim forwards (contract §2.1), as "Object.member".
const (
	APIDataMartNotifyPurchaseResult = "DataMart.notifyPurchaseResult"

	APICreatePurchaseMetaData            = "MobilePlans.createPurchaseMetaData"
	APINotifyPurchaseWithProfileDownload = "MobilePlans.notifyPurchaseWithProfileDownload"
	APINotifyCancelledPurchase           = "MobilePlans.notifyCancelledPurchase"
	APILegacyNotifyBalanceAddition       = "MobilePlans.notifyBalanceAddition"
	APINotifyPurchaseDelayedProfile      = "MobilePlans.notifyPurchaseDelayedProfile"
	APIFAQNotifyPurchaseResult           = "MobilePlans.notifyPurchaseResult"

	APIInlineNotifyProfileDownload = "MobilePlansInlineOperations.notifyProfileDownload"
	APIInlineNotifyOperationCancel = "MobilePlansInlineOperations.notifyOperationCancel"
	APIInlineNotifyBalanceAddition = "MobilePlansInlineOperations.notifyBalanceAddition"

	APIInlineProfileDownload         = "MobilePlansInlineProfile.notifyInlineProfileDownload"
	APIInlineProfileDownloadExample  = "MobilePlansInlineProfileDownload.notifyInlineProfileDownload"
	APIDataMartInlineProfileDownload = "DataMartInlineProfile.notifyInlineProfileDownload"

	APIDataMartCreatePurchaseMetaData            = "DataMart.createPurchaseMetaData"
	APIDataMartNotifyPurchaseWithProfileDownload = "DataMart.notifyPurchaseWithProfileDownload"
	APIDataMartNotifyPurchaseDelayedProfile      = "DataMart.notifyPurchaseDelayedProfile"
	APIDataMartNotifyBalanceAddition             = "DataMart.notifyBalanceAddition"
	APIDataMartNotifyCancelledPurchase           = "DataMart.notifyCancelledPurchase"
)

// Action is what the host does for an accepted call of an API: the one
// place the session learns an API's meaning (contract §3, flows F1–F10).
type Action string

// The actions of the forwarded APIs.
const (
	// ActionNone: the shim answers in the page (createPurchaseMetaData).
	ActionNone Action = "none"
	// ActionPurchaseResult: the legacy hand-back (F1); its payload is the result.
	ActionPurchaseResult Action = "purchaseResult"
	// ActionProfileDownload: an inline download, now or deferred (F3, F4).
	ActionProfileDownload Action = "profileDownload"
	// ActionOperationCancel: cancel a pending deferred download (F5).
	ActionOperationCancel Action = "operationCancel"
	// ActionBalanceAddition: a top-up of an existing plan (F7).
	ActionBalanceAddition Action = "balanceAddition"
	// ActionCancelledPurchase: the portal gives up; control returns (F8).
	ActionCancelledPurchase Action = "cancelledPurchase"
	// ActionAsyncConnectivity: download now, register later (F6).
	ActionAsyncConnectivity Action = "asyncConnectivity"
	// ActionDelayedProfile: the removed SM-DS delayed download (F9).
	ActionDelayedProfile Action = "delayedProfile"
)

// apiInfo describes one forwarded API.
type apiInfo struct {
	name           string
	action         Action
	returnsControl bool
	inline         bool // MobilePlansInlineOperations.* / legacy inline download: portal stays open
	minArgs        int
	maxArgs        int
	status         string // "", "legacy", "legacy-supported", "datamart", "removed", "faq"
}

// apiTable is the one table of every forwarded API. Adding an API means a
// row here, its argument checks in [CheckCall] and its object in the shim.
var apiTable = [...]apiInfo{
	{APIDataMartNotifyPurchaseResult, ActionPurchaseResult, true, false, 1, 1, "legacy-supported"},
	{APICreatePurchaseMetaData, ActionNone, false, false, 0, 0, ""},
	{APINotifyPurchaseWithProfileDownload, ActionAsyncConnectivity, true, false, 3, 3, ""},
	{APINotifyCancelledPurchase, ActionCancelledPurchase, true, false, 1, 1, ""},
	{APILegacyNotifyBalanceAddition, ActionBalanceAddition, true, false, 2, 2, "legacy"},
	{APINotifyPurchaseDelayedProfile, ActionDelayedProfile, true, false, 2, 2, "removed"},
	{APIFAQNotifyPurchaseResult, ActionNone, false, false, 1, 1, "faq"}, // the real app has no such method: nothing happens
	{APIInlineNotifyProfileDownload, ActionProfileDownload, false, true, 2, 3, ""},
	{APIInlineNotifyOperationCancel, ActionOperationCancel, false, true, 1, 1, ""},
	{APIInlineNotifyBalanceAddition, ActionBalanceAddition, false, true, 1, 2, ""},
	{APIInlineProfileDownload, ActionProfileDownload, false, true, 2, 2, "legacy"},
	{APIInlineProfileDownloadExample, ActionProfileDownload, false, true, 2, 2, "legacy"},
	{APIDataMartInlineProfileDownload, ActionProfileDownload, false, true, 2, 2, "datamart"},
	{APIDataMartCreatePurchaseMetaData, ActionNone, false, false, 0, 0, "datamart"},
	{APIDataMartNotifyPurchaseWithProfileDownload, ActionAsyncConnectivity, true, false, 3, 3, "datamart"},
	{APIDataMartNotifyPurchaseDelayedProfile, ActionDelayedProfile, true, false, 2, 2, "removed"},
	{APIDataMartNotifyBalanceAddition, ActionBalanceAddition, true, false, 2, 2, "datamart"},
	{APIDataMartNotifyCancelledPurchase, ActionCancelledPurchase, true, false, 1, 1, "datamart"},
}

// ActionOf returns what the host does for an accepted call of api; unknown
// names and host events are ActionNone.
func ActionOf(api string) Action {
	if a, ok := lookupAPI(api); ok {
		return a.action
	}
	return ActionNone
}

func lookupAPI(api string) (apiInfo, bool) {
	for _, a := range apiTable {
		if a.name == api {
			return a, true
		}
	}
	return apiInfo{}, false
}

// APINames returns every Mobile Plans API name the shim forwards.
func APINames() []string {
	out := make([]string, len(apiTable))
	for i, a := range apiTable {
		out[i] = a.name
	}
	return out
}

// ObjectNames returns every global object the shim defines (contract §2.1).
func ObjectNames() []string {
	return []string{
		"DataMart", "MobilePlans", "MobilePlansInlineOperations", "MobilePlansInlineProfileDownload",
		"MobilePlansInlineProfile", "DataMartInlineProfile",
		"MobilePlansUserAccount", "MobilePlansPurchaseInstrument", "MobilePlansLineType", "MobilePlansMoDirectStatus",
		"MobilePlansNetworkRegistrationState", "MobilePlansActivationError",
		"DataMartUserAccount", "DataMartPurchaseInstrument", "DataMartLineType", "DataMartMoDirectStatus",
		"DataMartNetworkRegistrationState", "DataMartActivationErrors",
	}
}

// ReturnsControl reports whether a call to api hands control back to the app
// (the real app leaves the portal): DataMart.notifyPurchaseResult,
// MobilePlans.notifyCancelledPurchase, notifyPurchaseWithProfileDownload, the
// legacy notifyBalanceAddition, the removed notifyPurchaseDelayedProfile and
// their DataMart.* equivalents (contract §2.1, §3). MobilePlansInlineOperations.*
// and the legacy inline downloads keep the portal open and return false, as
// do unknown names, host events and the FAQ-only MobilePlans.notifyPurchaseResult.
func ReturnsControl(api string) bool {
	a, ok := lookupAPI(api)
	return ok && a.returnsControl
}

// ControlReturningAPIs returns every API name for which [ReturnsControl]
// is true, in the table's order: what the portal window needs to give
// hand-backs a budget of their own without linking this package.
func ControlReturningAPIs() []string {
	var out []string
	for _, a := range apiTable {
		if a.returnsControl {
			out = append(out, a.name)
		}
	}
	return out
}

// PriorityAPIs returns the APIs the portal window gives a per-second budget
// of their own: every API that returns control and every inline operation,
// in the table's order. The window process does not link this package, so
// the parent sends it the list.
func PriorityAPIs() []string {
	var out []string
	for _, a := range apiTable {
		if a.returnsControl || a.inline {
			out = append(out, a.name)
		}
	}
	return out
}

// IsInline reports whether api is an inline operation: the portal stays on
// screen and the result arrives through the listeners (contract §2.5, §3 F3).
func IsInline(api string) bool {
	a, ok := lookupAPI(api)
	return ok && a.inline
}

// IsHandBack reports whether a call to api delivers a purchase outcome to
// the host: every API that returns control plus the inline download and
// balance operations. Use it to count hand-backs for [DecideVerdict].
func IsHandBack(api string) bool {
	a, ok := lookupAPI(api)
	if !ok {
		return false
	}
	return a.returnsControl || (a.inline && (a.action == ActionProfileDownload || a.action == ActionBalanceAddition))
}

// APIFindings returns the findings about the use of api itself (legacy,
// renamed, removed or unknown names, contract §2.1) and about the number of
// arguments, given how many the page passed.
func APIFindings(api string, nargs int) []Finding {
	if strings.HasPrefix(api, "mpsim:") {
		return nil
	}
	a, ok := lookupAPI(api)
	if !ok {
		return []Finding{newFinding(CodeAPIUnknown, "api", "%s is not a Mobile Plans API in any documentation revision.", shownValue(api))}
	}
	var fs []Finding
	switch a.status {
	case "legacy-supported":
		fs = append(fs, newFinding(CodeAPILegacySupported, "api",
			"%s is the legacy hand-back: still supported, but new portals should use the MobilePlans / MobilePlansInlineOperations APIs.", api))
	case "legacy":
		fs = append(fs, newFinding(CodeAPILegacy, "api",
			"%s is a legacy API; use MobilePlansInlineOperations.%s instead.", api, legacyReplacement(api)))
	case "datamart":
		fs = append(fs, newFinding(CodeAPIDataMartName, "api",
			"%s is the pre-December-2018 name; use %s.", api, dataMartReplacement(api)))
	case "removed":
		fs = append(fs, newFinding(CodeAPIRemoved, "api",
			"%s was removed in April 2019; use MobilePlansInlineOperations.notifyProfileDownload(metadata, activationCode, downloadDelay).", api))
	case "faq":
		fs = append(fs, newFinding(CodeAPIFAQMisname, "api",
			"%s does not exist in the real app (it only appears in a FAQ); call DataMart.notifyPurchaseResult(JSON.stringify(payload)).", api))
	}
	if nargs < a.minArgs || nargs > a.maxArgs {
		want := fmt.Sprintf("%d", a.minArgs)
		if a.maxArgs != a.minArgs {
			want = fmt.Sprintf("%d to %d", a.minArgs, a.maxArgs)
		}
		fs = append(fs, newFinding(CodeArgsCount, "args", "%s was called with %d argument(s); it takes %s.", api, nargs, want))
	}
	return fs
}

// FAQLookupFinding is the finding for a page that looked up
// MobilePlans.notifyPurchaseResult, the FAQ's name for a method the real app
// does not have (contract §5 #15; the shim leaves it undefined and reports
// the lookup, EventFAQLookup). handedBack says whether the session then got
// a hand-back without error findings: a feature test or a try/catch that
// fell back to DataMart works on Windows too, and gets an info note
// (api-faq-lookup); otherwise the lookup is the likely cause and is an
// error (api-faq-misname).
func FAQLookupFinding(handedBack bool) Finding {
	if handedBack {
		return newFinding(CodeAPIFAQLookup, "api",
			"The page looked up %s, which the real app does not have (it only appears in a FAQ), got undefined as on Windows, and handed back through another API: nothing to fix if that was a feature test.", APIFAQNotifyPurchaseResult)
	}
	return newFinding(CodeAPIFAQMisname, "api",
		"The page looked up %s, which the real app does not have (it only appears in a FAQ: on Windows it is undefined, and calling it throws a TypeError), and never handed back correctly; call DataMart.notifyPurchaseResult(JSON.stringify(payload)).", APIFAQNotifyPurchaseResult)
}

// dataMartReplacement names the current API for a pre-December-2018 name
// (contract §2.1): DataMart.x became MobilePlans.x; the inline download of
// DataMartInlineProfile became the legacy MobilePlansInlineProfile one, whose
// current replacement is MobilePlansInlineOperations.notifyProfileDownload
// (MobilePlansInlineOperations has no notifyInlineProfileDownload).
func dataMartReplacement(api string) string {
	if strings.HasPrefix(api, "DataMartInlineProfile.") {
		return "MobilePlansInlineOperations.notifyProfileDownload(metadata, activationCode)"
	}
	return strings.Replace(api, "DataMart.", "MobilePlans.", 1)
}

func legacyReplacement(api string) string {
	if strings.HasSuffix(api, "notifyBalanceAddition") {
		return "notifyBalanceAddition(metadata, iccid)"
	}
	return "notifyProfileDownload(metadata, activationCode)"
}

// hostEventArg decodes the first argument of a host event.
type hostEventArg struct {
	Listener string  `json:"listener"`
	Property string  `json:"property"`
	Object   string  `json:"object"`
	Kind     string  `json:"kind"`
	Name     string  `json:"name"`
	Reason   string  `json:"reason"`
	Message  string  `json:"message"`
	API      string  `json:"api"`
	Size     float64 `json:"size"`
	// Count is how many times a coalesced event happened (0 or 1: once).
	Count int `json:"count"`
	// Call is the host's number of the listener invocation a listener
	// event answers (CallbackScriptFor); 0 when it had none.
	Call int `json:"call"`
	// Type, Length and Text describe the argument of window.external.notify
	// (EventExternalNotify).
	Type   string `json:"type"`
	Length int    `json:"length"`
	Text   string `json:"text"`
}

// ListenerAnswer is the shim's answer to one listener invocation of the
// host ([CallbackScriptFor]): whether the page's listener received the call.
type ListenerAnswer struct {
	// Listener is "profileActivationComplete" or "registrationChanged".
	Listener string
	// Call is the host's number of the invocation, 0 when the script
	// carried none.
	Call int
	// Delivered says the shim found the registered global function and
	// called it; Threw is the message of what it threw, if it threw.
	Delivered bool
	Threw     string
	// NotDelivered says why the listener was not called, in words: no
	// listener registered, or a name that is no global function.
	NotDelivered string
	// Unset says the page answering had no listener registered
	// (listener-missing, as against listener-not-function).
	Unset bool
}

// ListenerSetOf decodes a mpsim:listenerSet event: the listener whose
// property the page set, and whether it registered one (a function or a
// non-empty name) rather than clearing it; ok is false for other
// envelopes.
func ListenerSetOf(env Envelope) (listener string, registered, ok bool) {
	if env.API != EventListenerSet {
		return "", false, false
	}
	var a hostEventArg
	if len(env.Args) > 0 {
		_ = json.Unmarshal(env.Args[0], &a)
	}
	return a.Listener, a.Kind == "function" || (a.Kind == "string" && a.Name != ""), true
}

// AnswerOf decodes a listener event (mpsim:listenerInvoked,
// mpsim:listenerError, mpsim:listenerMissing) into the answer it gives; ok is
// false for other envelopes.
func AnswerOf(env Envelope) (ans ListenerAnswer, ok bool) {
	switch env.API {
	case EventListenerInvoked, EventListenerError, EventListenerMissing:
	default:
		return ListenerAnswer{}, false
	}
	var a hostEventArg
	if len(env.Args) > 0 {
		_ = json.Unmarshal(env.Args[0], &a)
	}
	ans = ListenerAnswer{Listener: a.Listener, Call: a.Call}
	switch env.API {
	case EventListenerInvoked:
		ans.Delivered = true
	case EventListenerError:
		ans.Delivered, ans.Threw = true, orDefault(a.Message, "error")
	case EventListenerMissing:
		if a.Reason == "not-a-function" {
			ans.NotDelivered = fmt.Sprintf("the page registered %s as its %s listener, but window[%s] is not a function (listener-not-function)", shownValue(a.Name), a.Listener, shownValue(a.Name))
		} else {
			ans.NotDelivered, ans.Unset = fmt.Sprintf("the page registered no %s listener (listener-missing)", a.Listener), true
		}
	}
	return ans, true
}

// exampleListenerName is a global function name that suits the listener
// property prop, for listener-function's example: onRegistrationChanged for
// registrationChangedScript (and its older name registrationCompleteScript),
// onActivationComplete for profileActivationCompleteScript and any other.
func exampleListenerName(prop string) string {
	switch prop {
	case "registrationChangedScript", "registrationCompleteScript":
		return "onRegistrationChanged"
	}
	return "onActivationComplete"
}

// EventFindings returns the findings a host event implies: a function
// assigned to a listener property (listener-function), a missing or broken
// listener (listener-missing, listener-not-function, listener-threw), an
// overwritten global (global-overwrite-ignored) or an oversize call
// (envelope-oversize). Other envelopes yield none.
func EventFindings(env Envelope) []Finding {
	var a hostEventArg
	if len(env.Args) > 0 {
		_ = json.Unmarshal(env.Args[0], &a)
	}
	field := ""
	if a.Object != "" && a.Property != "" {
		field = a.Object + "." + a.Property
	}
	switch env.API {
	case EventListenerSet:
		if a.Kind == "function" {
			return []Finding{newFinding(CodeListenerFunction, field,
				"%s was set to a function; the documented form is the name of a global function as a string, e.g. %s = %q (mpsim accepts both).",
				orDefault(field, "A listener property"), orDefault(field, "MobilePlansInlineOperations.profileActivationCompleteScript"), exampleListenerName(a.Property))}
		}
	case EventListenerMissing:
		if a.Reason == "not-a-function" {
			return []Finding{newFinding(CodeListenerNotFunc, field,
				"The %s listener is registered as %s but window[%s] is not a function when the app invokes it; define it as a global function.", a.Listener, shownValue(a.Name), shownValue(a.Name))}
		}
		return []Finding{newFinding(CodeListenerMissing, "",
			"The app had a %s result to deliver but the page registered no listener; set MobilePlansInlineOperations.%sScript = \"<global function name>\" before calling the API.", a.Listener, a.Listener)}
	case EventListenerError:
		return []Finding{newFinding(CodeListenerThrew, field,
			"The %s listener %s threw: %s.", a.Listener, shownValue(a.Name), cutShown(a.Message, maxReason))}
	case EventGlobalOverwrite:
		return []Finding{newFinding(CodeGlobalOverwrite, a.Name,
			"Page script assigned to window.%s%s; the host object was kept (the real app's injected objects are not page-defined).", a.Name, times(a.Count))}
	case EventExternalNotify:
		return []Finding{externalNotifyFinding(a)}
	case EventEnumLookup:
		return enumLookupFindings(a.Name)
	case EventOversize:
		return []Finding{newFinding(CodeEnvelopeOversize, "args",
			"A call to %s carried %.0f bytes of arguments, more than the envelope limit; it was not forwarded.", a.API, a.Size)}
	}
	return nil
}

// times is " (n times)" for a coalesced event that happened more than once.
func times(n int) string {
	if n > 1 {
		return fmt.Sprintf(" (%d times)", n)
	}
	return ""
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// listenerNames are the listeners the host can invoke (contract §2.5).
var listenerNames = []string{"profileActivationComplete", "registrationChanged"}

// ListenerNames returns the listener names [CallbackScript] accepts.
func ListenerNames() []string { return slices.Clone(listenerNames) }

// OversizeCall returns the API and the size of the arguments of the call an
// "mpsim:oversize" host event replaced; ok is false for other envelopes.
func OversizeCall(env Envelope) (api string, size int, ok bool) {
	if env.API != EventOversize || len(env.Args) == 0 {
		return "", 0, false
	}
	var a hostEventArg
	if err := json.Unmarshal(env.Args[0], &a); err != nil || a.API == "" {
		return "", 0, false
	}
	return a.API, int(a.Size), true
}
