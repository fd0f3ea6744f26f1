package bridge

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"mpsim/simulator"
)

// CallCheck is what [CheckCall] decoded from one envelope.
type CallCheck struct {
	// Action is what the host does for the call (from the API table);
	// ActionNone for a notifyOperationCancel without a valid operation
	// context (op-context-invalid), which names no operation to cancel.
	Action Action
	// Result is the decoded legacy payload (DataMart.notifyPurchaseResult and
	// the FAQ mis-name only).
	Result *Result
	// Metadata is the decoded purchase metadata, for APIs that take one.
	// It is set (empty) even when the argument could not be read; see
	// MetadataUnreadable.
	Metadata *PurchaseResult
	// MetadataUnreadable says the purchase-metadata argument holds no
	// metadata object the app can read: it is missing or null
	// (metadata-missing), no object (metadata-not-object) or JSON that
	// does not parse (json-malformed). The real app reports invalidJson
	// ("portal passed invalid JSON") through the activation listener for
	// it and downloads nothing (contract §2.5).
	MetadataUnreadable bool
	// Bought says, for an API that takes purchase metadata, whether the
	// call hands back a bought plan (contract §3): a download, balance or
	// delayed-profile call does, notifyCancelledPurchase does not (F8: a
	// cancel is not a purchase), whatever the metadata's moDirectStatus
	// says. It is the session's result.success, and planName must be
	// non-empty exactly when it is true (§2.2, §5 #9).
	Bought bool
	// ActivationCode is the activation-code argument, if the API takes one.
	ActivationCode string
	// SMDPAddressOnly says ActivationCode is a bare SM-DP+ address, which
	// the deferred notifyProfileDownload takes instead of a code (§2.6).
	SMDPAddressOnly bool
	// ICCID is the iccid argument of the balance APIs, if given.
	ICCID string
	// Minutes is downloadDelay, networkRegistrationInterval or the delayed
	// profile interval, if given and valid.
	Minutes *uint64
	// CancelID is the Id of the operation context passed to notifyOperationCancel.
	CancelID string
	// Findings are all findings about the call: API status and arity
	// ([APIFindings]), argument checks, and host-event findings ([EventFindings]).
	Findings []Finding
}

// CheckCall decodes and validates every argument of one accepted envelope
// according to the API's signature (contract §2.1, §2.2, §2.4, §2.6, §2.7).
// Host events yield [EventFindings]. It does not check the origin or count
// hand-backs; see [CheckOrigin] and [IsHandBack].
func CheckCall(env Envelope, exp Expectation) CallCheck {
	var cc CallCheck
	if env.IsHostEvent() {
		cc.Findings = EventFindings(env)
		return cc
	}
	cc.Action = ActionOf(env.API)
	cc.Findings = APIFindings(env.API, len(env.Args))
	// Arguments in the wrong order (an activation code first, the metadata
	// second) are said once, as args-swapped, and checked where they belong:
	// not each one as the wrong type for the place it is in.
	swapped, args := orderArgs(env.API, env.Args)
	cc.Findings = append(cc.Findings, swapped...)
	env.Args = args
	arg := func(i int) json.RawMessage {
		if i < len(env.Args) {
			return env.Args[i]
		}
		return nil
	}
	add := func(fs ...Finding) { cc.Findings = append(cc.Findings, fs...) }
	metadata := func(i int) {
		what, bought := impliedOutcome(cc.Action)
		md, fs := decodeMetadata(arg(i), &callOutcome{api: env.API, what: what, bought: bought})
		add(citing(metadataSections, fs...)...)
		cc.Metadata = &md
		cc.MetadataUnreadable = metadataUnreadable(fs)
		cc.Bought = bought
		add(outcomeFindings(env.API, cc.Action, md.MoDirectStatus)...)
	}
	switch env.API {
	case APIDataMartNotifyPurchaseResult, APIFAQNotifyPurchaseResult:
		res, fs := DecodeLegacy(arg(0), exp)
		add(fs...)
		cc.Result = &res
	case APICreatePurchaseMetaData, APIDataMartCreatePurchaseMetaData:
	case APINotifyPurchaseWithProfileDownload, APIDataMartNotifyPurchaseWithProfileDownload:
		metadata(0)
		cc.ActivationCode = cc.activationCodeArg(arg(1), exp, false, add)
		cc.Minutes = minutesArg(arg(2), "networkRegistrationInterval", true, true, add)
	case APIInlineNotifyProfileDownload:
		metadata(0)
		// The deferred variant takes "activation code or SM-DP+ address" (§2.6).
		cc.ActivationCode = cc.activationCodeArg(arg(1), exp, len(env.Args) > 2, add)
		if len(env.Args) > 2 {
			cc.Minutes = minutesArg(arg(2), "downloadDelay", true, false, add)
		}
	case APIInlineProfileDownload, APIInlineProfileDownloadExample, APIDataMartInlineProfileDownload:
		metadata(0)
		cc.ActivationCode = cc.activationCodeArg(arg(1), exp, false, add)
	case APINotifyCancelledPurchase, APIDataMartNotifyCancelledPurchase:
		metadata(0)
	case APILegacyNotifyBalanceAddition, APIDataMartNotifyBalanceAddition:
		metadata(0)
		cc.ICCID = iccidArg(arg(1), exp, true, add)
		add(balanceProfileFindings(env.API, exp)...)
	case APIInlineNotifyBalanceAddition:
		metadata(0)
		if len(env.Args) > 1 {
			cc.ICCID = iccidArg(arg(1), exp, false, add)
		}
		add(balanceProfileFindings(env.API, exp)...)
	case APINotifyPurchaseDelayedProfile, APIDataMartNotifyPurchaseDelayedProfile:
		metadata(0)
		cc.Minutes = minutesArg(arg(1), "profileDownloadDelayInterval", true, true, add)
	case APIInlineNotifyOperationCancel:
		var ctx map[string]json.RawMessage
		var id string
		if jsonKind(arg(0)) != "object" || json.Unmarshal(arg(0), &ctx) != nil || json.Unmarshal(ctx["Id"], &id) != nil || id == "" {
			add(newFinding(CodeOpContextInvalid, "args[0]",
				"notifyOperationCancel was given %s; pass the MobilePlansOperationContext that notifyProfileDownload returned (an object with a string Id).", describeArg(arg(0))))
			cc.Action = ActionNone // nothing to cancel: no second finding about operation ""
		} else {
			cc.CancelID = id
		}
	}
	cc.forgetSwapped(len(swapped) > 0)
	return cc
}

// outcomeFindings is status-success-mismatch when the outcome an API
// implies (contract §2.1, §3: a download or balance call hands back a
// bought plan, notifyCancelledPurchase one that was not) disagrees with the
// moDirectStatus of its metadata (§2.2: Complete for a completed purchase).
func outcomeFindings(api string, action Action, status string) []Finding {
	what, completed := impliedOutcome(action)
	if !isDocumentedStatus(status) || (status == "Complete") == completed {
		// No status, or an undocumented one (enum-unknown names the value
		// meant): nothing to compare the call's outcome with.
		return nil
	}
	if completed {
		return citing(metadataSections, newFinding(CodeStatusSuccessMismatch, "moDirectStatus",
			"%s %s, which means the user bought the plan, but its metadata's moDirectStatus is %s, not Complete; set Complete and the plan's name when the plan was bought, or call MobilePlans.notifyCancelledPurchase when it was not.",
			api, what, shownValue(status)))
	}
	return citing(metadataSections, newFinding(CodeStatusSuccessMismatch, "moDirectStatus",
		"%s %s, but its metadata's moDirectStatus is \"Complete\" (a completed purchase); send the status that ended the flow (for example Cancelled or PurchaseFailed) with planName \"\", or hand a bought plan back with a download or balance API.",
		api, what))
}

// impliedOutcome says what a call of an API with this action tells the app
// about the purchase, and whether that is a completed purchase.
func impliedOutcome(action Action) (what string, completed bool) {
	switch action {
	case ActionCancelledPurchase:
		return "tells the app the purchase did not complete (§3 F8)", false
	case ActionBalanceAddition:
		return "tells the app balance was added to the user's plan (§3 F7)", true
	case ActionAsyncConnectivity:
		return "asks the app to download and activate the purchased profile and register later (§3 F6)", true
	case ActionDelayedProfile:
		return "asks the app to fetch the purchased profile later (§3 F9)", true
	default: // ActionProfileDownload
		return "asks the app to download and activate the purchased profile (§3 F3, F4)", true
	}
}

// activationCodeArg checks the activation-code argument of a download API.
// smdpAllowed: the API also takes a bare SM-DP+ address instead of a code
// (the deferred notifyProfileDownload, contract §2.6).
func (cc *CallCheck) activationCodeArg(raw json.RawMessage, exp Expectation, smdpAllowed bool, add func(...Finding)) string {
	const field = "activationCode"
	add = addCiting(argumentSections, add)
	var s string
	if jsonKind(raw) != "string" || json.Unmarshal(raw, &s) != nil {
		if _, ok := isMarker(raw); ok || len(raw) == 0 || jsonKind(raw) == "null" {
			add(newFinding(CodeActivationCodeMissing, field,
				"No activation code was passed (%s); pass \"1$<SM-DP+ address>$<matching id>\".", describeArg(raw)))
		} else {
			add(newFinding(CodeFieldNotString, field, "The activation code must be a string, got %s.", describeArg(raw)))
		}
		return ""
	}
	if s == "" {
		add(newFinding(CodeActivationCodeMissing, field,
			"The activation code is empty, so the app has no profile to download; pass \"1$<SM-DP+ address>$<matching id>\"."))
		return ""
	}
	if exp.SIMKind == SIMKindPSIM || exp.SIMKind == SIMKindNone {
		add(newFinding(CodeActivationCodeUnexpected, field,
			"A profile download was requested but the device has no eSIM; the real app cannot install %s.", shownValue(s)))
	}
	if smdpAllowed && isBareSMDPAddress(s) {
		add(smdpAddressFindings(s, field, exp)...)
		cc.SMDPAddressOnly = true
		return s
	}
	add(checkActivationCode(s, field, exp)...)
	return s
}

// isBareSMDPAddress reports whether s is an SM-DP+ address on its own (a
// fully qualified host name, no "$" fields) rather than an activation code.
func isBareSMDPAddress(s string) bool {
	return !strings.Contains(s, "$") && strings.Contains(s, ".") && simulator.ValidateSMDPAddress(s) == nil
}

// smdpAddressFindings reports a bare SM-DP+ address given to the deferred
// download, which its documentation allows (contract §2.6), and, as for a
// code, another SM-DP+ than the operator profile's.
func smdpAddressFindings(addr, field string, exp Expectation) []Finding {
	fs := []Finding{newFinding(CodeActivationCodeSMDPAddress, field,
		"The deferred download was given the SM-DP+ address %s instead of an activation code; its documentation allows \"activation code or SM-DP+ address\" (no matching id). Accepted.", shownValue(addr))}
	if exp.SMDPAddress != "" && !equalFoldASCII(addr, exp.SMDPAddress) {
		fs = append(fs, newFinding(CodeActivationCodeOtherSMDP, field,
			"The SM-DP+ address %s is not the one the operator profile names (%s); the app passes it to the LPA as it is: check the portal's configuration or the profile's smdp_address.",
			shownValue(addr), exp.SMDPAddress))
	}
	return fs
}

// iccidArg checks the iccid argument of the balance APIs (contract §2.6,
// §3 F7).
func iccidArg(raw json.RawMessage, exp Expectation, required bool, add func(...Finding)) string {
	const field = "iccid"
	add = addCiting(argumentSections, add)
	var s string
	if jsonKind(raw) != "string" || json.Unmarshal(raw, &s) != nil {
		if _, isM := isMarker(raw); isM || len(raw) == 0 || jsonKind(raw) == "null" {
			if required {
				add(newFinding(CodeFieldNotString, field, "The iccid argument is missing (%s); pass the ICCID as a string.", describeArg(raw)))
			}
			return ""
		}
		add(newFinding(CodeFieldNotString, field, "The iccid argument must be a string, got %s.", describeArg(raw)))
		return ""
	}
	norm, fs := checkICCID(s, field)
	add(fs...)
	switch {
	case len(exp.ICCIDs) > 0 && !slices.Contains(exp.ICCIDs, norm):
		add(newFinding(CodeBalanceICCIDNotOnDevice, field,
			"iccid %s is not on the device (%s); a balance addition applies to an installed profile or the inserted SIM, so the app cannot switch to it.", shownValue(s), strings.Join(exp.ICCIDs, ", ")))
	case len(exp.ICCIDs) == 0 && noOperatorProfile(exp):
		add(newFinding(CodeBalanceICCIDNotOnDevice, field,
			"iccid %s is not on the device, whose eSIM holds no profiles; a balance addition applies to an installed profile or the inserted SIM, so the app cannot switch to it.", shownValue(s)))
	}
	return norm
}

// noOperatorProfile reports whether exp knows the device is an eSIM that
// holds no profile of the operator: the launch sent no iccids (contract
// §1.3), the state of a new customer.
func noOperatorProfile(exp Expectation) bool {
	return exp.SIMKind == SIMKindESIM && exp.OperatorICCIDs != nil && len(exp.OperatorICCIDs) == 0
}

// balanceProfileFindings is balance-no-operator-profile when a balance
// addition, which is for a physical SIM or an installed eSIM profile
// (contract §3 F7), comes for an eSIM with no profile of the operator.
func balanceProfileFindings(api string, exp Expectation) []Finding {
	if !noOperatorProfile(exp) {
		return nil
	}
	return []Finding{newFinding(CodeBalanceNoOperatorProfile, "",
		"%s adds balance to the user's plan, but the eSIM holds no profile of this operator (the launch sent no iccids), so this new customer has no plan to top up; sell a profile instead, handing it back with notifyProfileDownload and an activation code.", api)}
}

// maxMinutes is the largest minutes argument: the APIs take an unsigned
// int (contract §2.1, §2.6; §5 #24's header reads uint), 32 bits on WinRT.
// It is a multiple of 15, so rounding up never goes past it.
const maxMinutes = math.MaxUint32

// minutesArg checks an unsigned-integer minutes argument (contract §2.6,
// §5 #21): a whole number from 0 to maxMinutes. rounding reports values
// that are not multiples of 15.
func minutesArg(raw json.RawMessage, field string, required, rounding bool, add func(...Finding)) *uint64 {
	if jsonKind(raw) != "number" {
		if !required && (len(raw) == 0 || isUndefined(raw)) {
			return nil
		}
		add(newFinding(CodeArgNotUint, field, "%s must be an unsigned 32-bit integer number of minutes (0 to %d), got %s.", field, uint64(maxMinutes), describeArg(raw)))
		return nil
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(raw)), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(strings.TrimSpace(string(raw)), 64)
		if ferr == nil && f >= 0 && f == float64(uint64(f)) && f < 1<<53 {
			n, err = uint64(f), nil // e.g. 15.0 or 1e1
		}
	}
	if err != nil {
		add(newFinding(CodeArgNotUint, field, "%s must be an unsigned 32-bit integer number of minutes (0 to %d), got %s.", field, uint64(maxMinutes), describeArg(raw)))
		return nil
	}
	if n > maxMinutes {
		add(newFinding(CodeArgNotUint, field, "%s must be an unsigned 32-bit integer number of minutes (0 to %d), got %s.", field, uint64(maxMinutes), describeArg(raw)))
		return nil
	}
	if rounding && n%15 != 0 {
		add(newFinding(CodeIntervalRounded, field,
			"%s is %d minutes; the app works in 15-minute steps and will use %d.", field, n, (n/15+1)*15))
	}
	return &n
}

func isUndefined(raw json.RawMessage) bool {
	m, ok := isMarker(raw)
	return ok && m == "undefined"
}

// describeArg renders an argument for a message.
func describeArg(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	if _, ok := isMarker(raw); ok {
		return markerText(raw)
	}
	return jsonKind(raw) + " " + describe(raw)
}
