package bridge

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Severity says how bad a [Finding] is.
type Severity string

// The three severities. Only SeverityError fails a session (see [DecideVerdict]).
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Finding is one observation about what a portal did or sent.
//
// Code is a short kebab-case identifier from [Codes]. Codes are stable: once
// published a code is never renamed or given another severity.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Field    string   `json:"field,omitempty"`
	Message  string   `json:"message"`
	Section  string   `json:"section,omitempty"`
}

// Line is the finding on one line: "code [field]: message (contract §x)".
func (f Finding) Line() string {
	var b strings.Builder
	b.WriteString(f.Code)
	if f.Field != "" {
		b.WriteString(" [" + f.Field + "]")
	}
	b.WriteString(": " + f.Message)
	if f.Section != "" {
		b.WriteString(" (contract " + f.Section + ")")
	}
	return b.String()
}

// CodeInfo describes one finding code: its fixed severity, the contract
// section it comes from and a one-line summary.
type CodeInfo struct {
	Code     string
	Severity Severity
	Section  string
	Summary  string
}

// Finding codes. Each code always carries the severity listed in [Codes].
const (
	// Payload and JSON shape.
	CodePayloadMissing       = "payload-missing"
	CodePayloadNotString     = "payload-not-string"
	CodePayloadNotObject     = "payload-not-object"
	CodeJSONMalformed        = "json-malformed"
	CodeJSONSmartQuotes      = "json-smart-quotes"
	CodeKeyCase              = "key-case"
	CodeKeyAlias             = "key-alias"
	CodeKeyDuplicate         = "key-duplicate"
	CodeKeyUnknown           = "key-unknown"
	CodeKeyMistyped          = "key-mistyped"
	CodeVerMissing           = "ver-missing"
	CodeVerUnexpected        = "ver-unexpected"
	CodeSuccessMissing       = "success-missing"
	CodeSuccessNotBoolean    = "success-not-boolean"
	CodeFieldNotString       = "field-not-string"
	CodeSchemaViolation      = "schema-violation"
	CodePurchaseResultMiss   = "purchase-result-missing"
	CodePurchaseResultNotStr = "purchase-result-not-string"
	CodePurchaseResultNotObj = "purchase-result-not-object"

	// Enums and plan name.
	CodeEnumMissing = "enum-missing"
	CodeEnumUnknown = "enum-unknown"
	CodeEnumCase    = "enum-case"
	// CodeEnumMemberUnknown: the page read a member an enum object does
	// not have, near one it has (MobilePlansMoDirectStatus.Completed).
	CodeEnumMemberUnknown     = "enum-member-unknown"
	CodeStatusTablePartial    = "status-table-partial"
	CodeStatusCancelled       = "status-cancelled-untabled"
	CodeStatusSuccessMismatch = "status-success-mismatch"
	CodePlanNameMissing       = "plan-name-missing"
	CodePlanNameEmptySuccess  = "plan-name-empty-on-success"
	CodePlanNameSetFailure    = "plan-name-nonempty-on-failure"

	// Transaction id.
	CodeTransactionIDMissing  = "transaction-id-missing"
	CodeTransactionIDMismatch = "transaction-id-mismatch"
	CodeTransactionIDEncoded  = "transaction-id-encoded"

	// ICCID.
	CodeICCIDMissingOnSuccess = "iccid-missing-on-success"
	CodeICCIDFormat           = "iccid-format"
	CodeICCIDTrailingF        = "iccid-trailing-f"
	CodeICCIDLuhn             = "iccid-luhn"
	CodeICCIDNotOnDevice      = "iccid-not-on-device"
	CodeICCIDNotInRange       = "iccid-not-operator-range"
	CodeICCIDOnFailure        = "iccid-on-failure"

	// Activation code.
	CodeActivationCodeMissing    = "activation-code-missing"
	CodeActivationCodeLPAPrefix  = "activation-code-lpa-prefix"
	CodeActivationCodeFormat     = "activation-code-format"
	CodeActivationCodeConfirm    = "activation-code-confirmation"
	CodeActivationCodeEmptyMID   = "activation-code-empty-matching-id"
	CodeActivationCodeUnexpected = "activation-code-unexpected"
	CodeActivationCodeOnFailure  = "activation-code-on-failure"
	CodeActivationCodeOtherSMDP  = "activation-code-other-smdp"
	// CodeActivationCodeSMDPAddress: the deferred download got a bare
	// SM-DP+ address, which contract §2.6 allows.
	CodeActivationCodeSMDPAddress = "activation-code-smdp-address"

	// Purchase metadata (contract §2.2).
	CodeMetadataMissing       = "metadata-missing"
	CodeMetadataNotObject     = "metadata-not-object"
	CodeMetadataString        = "metadata-string"
	CodeMetadataStatusMissing = "metadata-status-missing"
	CodeMetadataEnumMissing   = "metadata-enum-missing"

	// Origin (contract §1.1, §1.2).
	CodeOriginInvalid    = "origin-invalid"
	CodeOriginInsecure   = "origin-insecure"
	CodeOriginNotAllowed = "origin-not-allowed"
	CodeOriginPort       = "origin-port"
	// CodeOriginOtherPort: an accepted call came from the portal's host
	// on another port than the launch URL's (app/session).
	CodeOriginOtherPort    = "origin-other-port"
	CodeOriginLoopbackHTTP = "origin-loopback-http"
	CodePageURLMismatch    = "page-url-mismatch"

	// APIs, listeners and the session.
	CodeAPIUnknown  = "api-unknown"
	CodeAPIMistyped = "api-mistyped"
	// CodeAPIOtherHost: the page used another host's raw channel
	// (window.external.notify, window.chrome.webview.postMessage).
	CodeAPIOtherHost       = "api-other-host"
	CodeAPIInFrame         = "api-in-frame"
	CodeGlobalRedeclared   = "global-redeclared"
	CodeHandbackMissing    = "handback-missing"
	CodeAPIFAQMisname      = "api-faq-misname"
	CodeAPIFAQLookup       = "api-faq-lookup"
	CodeAPIRemoved         = "api-removed"
	CodeAPIDataMartName    = "api-datamart-name"
	CodeAPILegacy          = "api-legacy"
	CodeAPILegacySupported = "api-legacy-supported"
	CodeArgsCount          = "args-count"
	// CodeArgsSwapped: an API's arguments were passed in the wrong order
	// (the activation code first, the metadata second).
	CodeArgsSwapped      = "args-swapped"
	CodeArgNotUint       = "arg-not-uint"
	CodeIntervalRounded  = "interval-rounded"
	CodeOpContextInvalid = "op-context-invalid"
	CodeListenerFunction = "listener-function"
	CodeListenerMissing  = "listener-missing"
	CodeListenerNotFunc  = "listener-not-function"
	CodeListenerThrew    = "listener-threw"
	CodeGlobalOverwrite  = "global-overwrite-ignored"
	CodeEnvelopeOversize = "envelope-oversize"
	CodeHandbackRepeated = "handback-repeated"
	// CodeHandbackBeforePaint: the portal handed control back before its
	// first paint, so the user never saw it (app/session).
	CodeHandbackBeforePaint = "handback-before-paint"

	// Codes the session layer (app/session) emits; listed here so the table
	// and docs/findings.md are complete.
	CodeEnvelopeBadToken = "envelope-bad-token"
	CodeEnvelopeInvalid  = "envelope-invalid"
	CodePortalLoadFailed = "portal-load-failed"
	CodeWindowCrashed    = "window-crashed"
	// CodeScenarioStepFailed: a scenario step the host performs in the
	// page (click, fill, choose, wait, screenshot) failed (app/session).
	CodeScenarioStepFailed = "scenario-step-failed"
	// Codes of the portal window's limits and answers (app/internal/window,
	// app/internal/session).
	CodeBridgeMessageDropped = "bridge-message-dropped"
	CodeBridgeFloodDropped   = "bridge-flood-dropped"
	CodeScriptDialog         = "script-dialog"
	CodeLogCapped            = "log-capped"
	// Codes of the simulated flows (app/session, contract §3);
	// balance-iccid-not-on-device also comes from [CheckCall], and
	// balance-no-operator-profile only from it.
	CodeCancelUnknownOperation   = "cancel-unknown-operation"
	CodeCancelTooLate            = "cancel-too-late"
	CodeBalanceICCIDNotOnDevice  = "balance-iccid-not-on-device"
	CodeBalanceNoOperatorProfile = "balance-no-operator-profile"
	// CodeHandbackICCIDNotCodesProfile: a legacy success names an iccid
	// other than that of the profile its activation code already installed
	// on the simulated eSIM (a retry, contract §2.6); only the session,
	// which holds the eSIM, finds it.
	CodeHandbackICCIDNotCodesProfile = "handback-iccid-not-codes-profile"
	// CodeHandbackNotInlineProfile: a legacy success after an inline
	// download of the same session names another profile than the one
	// that download installed (contract §2.7, §3 F3); only the session,
	// which saw both calls, finds it.
	CodeHandbackNotInlineProfile = "handback-not-inline-profile"
	// Codes of the preset expectation check (app/session).
	CodeExpectationNotMet  = "expectation-not-met"
	CodeExpectationDiffers = "expectation-differs"
	// Codes of the portal itself: console, network, navigations (app/session,
	// recorded by the portal window; package inspect).
	CodeConsoleError      = "console-error"
	CodePageError         = "page-error"
	CodePageCSPViolation  = "page-csp-violation"
	CodePageRejection     = "page-unhandled-rejection"
	CodeRequestFailed     = "request-failed"
	CodeRequestHTTPError  = "request-http-error"
	CodePopupBlocked      = "popup-blocked"
	CodeDownloadBlocked   = "download-blocked"
	CodeCustomScheme      = "custom-scheme-navigation"
	CodeOffsiteNavigation = "offsite-navigation"
	CodeInspectionCapped  = "inspection-capped"
	CodeWalledGardenBlock = "walled-garden-blocked"
	// CodeNavigationNotShown: a later top-frame navigation got a response
	// WebKit does not show (a Content-Type it cannot display, a download,
	// a 204), so the portal stayed on its page (app/session, told by the
	// portal window).
	CodeNavigationNotShown = "navigation-not-shown"
	// Codes of the design-policy audit (app/internal/audit, docs/policies.md):
	// one per policy that can fail or warn; a required policy's code is a
	// warning, a recommended one's info (the verdict is about the hand-back).
	CodePolicyImmediateActivation = "policy-business-immediate-activation"
	CodePolicyTerms               = "policy-business-terms"
	CodePolicySupport             = "policy-business-support"
	CodePolicyPrivacy             = "policy-business-privacy"
	CodePolicyNoInstalls          = "policy-security-no-installs"
	CodePolicyHTTPS               = "policy-security-https"
	CodePolicyHTTPSResources      = "policy-security-https-resources"
	CodePolicyAdvertising         = "policy-advertising-none"
	CodePolicyStartup             = "policy-capabilities-startup-responsive"
	CodePolicyFocus               = "policy-capabilities-focus"
	CodePolicyNoPopups            = "policy-capabilities-no-popups"
	CodePolicyErrorHandling       = "policy-capabilities-error-handling"
	CodePolicyFrameSize           = "policy-usability-frame-size"
	CodePolicyLoad                = "policy-usability-load"
	CodePolicyWindowButtons       = "policy-usability-no-window-buttons"
	CodePolicyInterference        = "policy-usability-no-interference"
	CodePolicyClutter             = "policy-usability-clutter"
	CodePolicyCancel              = "policy-usability-cancel"
	CodePolicyLocale              = "policy-localization-locale"
	CodePolicyLanguages           = "policy-localization-languages"
	CodePolicySimilar             = "policy-localization-similar"
	CodePolicyAccessibility       = "policy-accessibility"
)

// codeTable is the authoritative list behind [Codes]. It is never modified.
var codeTable = [...]CodeInfo{
	{CodePayloadMissing, SeverityError, "§2.7", "DataMart.notifyPurchaseResult was called without a payload (or with undefined/null)."},
	{CodePayloadNotString, SeverityWarning, "§5 #3", "The payload was passed as an object; the documented form is JSON.stringify(payload)."},
	{CodePayloadNotObject, SeverityError, "§2.7", "The payload is valid JSON but not a JSON object (for example a number, an array, or a doubly stringified string)."},
	{CodeJSONMalformed, SeverityError, "§2.7", "A JSON string (payload, purchaseResult or metadata) does not parse; the message gives the byte offset."},
	{CodeJSONSmartQuotes, SeverityInfo, "§5 #2, §5 #14", "Malformed JSON contains typographic quotes (“ ” ‘ ’), as in the documentation's examples; JSON needs ASCII quotes."},
	{CodeKeyCase, SeverityWarning, "§5 #1", "A key matches a documented key only when case is ignored (for example Iccid for iccid); accepted."},
	{CodeKeyAlias, SeverityWarning, "§5 #5", "A metadata key uses the alternative spelling seen in the inline APIs' examples (lineType, modirectStatus); accepted and normalised."},
	{CodeKeyDuplicate, SeverityWarning, "§2.7", "The same key appears more than once (possibly in different case); one value was used."},
	{CodeKeyUnknown, SeverityInfo, "§2.7", "A key that no documentation revision defines for this object; ignored. A key of another object of the hand-back (moDirectStatus at the legacy payload's top level instead of inside purchaseResult) is named as belonging there."},
	{CodeKeyMistyped, SeverityWarning, "§2.7", "A key that no documentation revision defines is a few edits from a documented key the object lacks (moDirectStatsu for moDirectStatus): a typo; ignored, as the app ignores it, and the finding names the key meant."},
	{CodeVerMissing, SeverityInfo, "§2.7", "The legacy payload has no \"ver\"; it only appears in examples (\"1\")."},
	{CodeVerUnexpected, SeverityInfo, "§2.7", "\"ver\" is not the string \"1\", the only value the documentation's examples show (whether it has others is not documented, §8)."},
	{CodeSuccessMissing, SeverityError, "§2.7", "The legacy payload has no \"success\"."},
	{CodeSuccessNotBoolean, SeverityError, "§2.7", "\"success\" is not a JSON boolean (for example the string \"true\")."},
	{CodeFieldNotString, SeverityError, "§2.7", "A field documented as String has another JSON type."},
	{CodeSchemaViolation, SeverityError, "§2.7", "The JSON Schema rejected the value for a reason without a more specific code."},
	{CodePurchaseResultMiss, SeverityError, "§2.7", "The legacy payload has no \"purchaseResult\"."},
	{CodePurchaseResultNotStr, SeverityWarning, "§5 #2", "\"purchaseResult\" is an object; the canonical form is a JSON-encoded string."},
	{CodePurchaseResultNotObj, SeverityError, "§2.7", "\"purchaseResult\" is neither a JSON object nor a string containing one."},
	{CodeEnumMissing, SeverityError, "§2.7", "A required purchase-result enum (userAccount, purchaseInstrument, line, moDirectStatus) is missing."},
	{CodeEnumUnknown, SeverityError, "§2.7", "An enum value is not one of the documented values (case ignored)."},
	{CodeEnumCase, SeverityWarning, "§2.3", "An enum value differs from the documented PascalCase value only in case or surrounding white space (\"complete\", \"Complete \"); accepted and normalised."},
	{CodeEnumMemberUnknown, SeverityWarning, "§2.3, §2.5", "The page read a member an enum object does not have, a few edits or a case from one it has (MobilePlansMoDirectStatus.Completed, MobilePlansLineType.New): it got undefined, as on Windows, so the property it set from it is undefined too."},
	{CodeStatusTablePartial, SeverityInfo, "§5 #4", "moDirectStatus is BillingError or None, which only some documentation pages list (in purchase metadata only None: the metadata table lists BillingError)."},
	{CodeStatusCancelled, SeverityWarning, "§5 #4", "moDirectStatus is Cancelled, which examples use but no value table lists."},
	{CodeStatusSuccessMismatch, SeverityWarning, "§2.7", "success and moDirectStatus disagree (success without Complete, or Complete without success); for a MobilePlans API, the outcome the call implies (a download or balance call: a bought plan; notifyCancelledPurchase: none) and its metadata's moDirectStatus disagree."},
	{CodePlanNameMissing, SeverityError, "§2.7", "planName is missing; it is required (empty string on failure)."},
	{CodePlanNameEmptySuccess, SeverityError, "§2.7, §5 #9", "planName is empty or only white space although the purchase succeeded; it must be a non-empty descriptive name."},
	{CodePlanNameSetFailure, SeverityError, "§2.7, §5 #9", "planName is not empty although the purchase did not succeed; it must be \"\"."},
	{CodeTransactionIDMissing, SeverityWarning, "§2.7", "transactionId is missing or empty; returning it is not mandatory (FAQ) but recommended."},
	{CodeTransactionIDMismatch, SeverityError, "§2.7, §1.3", "transactionId differs from the one the portal was launched with (a launched value given URL-encoded is compared decoded too)."},
	{CodeTransactionIDEncoded, SeverityWarning, "§1.3, §5 #18", "transactionId matches the launched one only after URL-decoding; send the decoded value."},
	{CodeICCIDMissingOnSuccess, SeverityWarning, "§2.7", "An eSIM purchase succeeded without an iccid."},
	{CodeICCIDFormat, SeverityError, "§6", "The ICCID is not 19 or 20 digits starting with 89."},
	{CodeICCIDTrailingF, SeverityWarning, "§1.3, §6", "The ICCID ends with the BCD padding F, which must be stripped."},
	{CodeICCIDLuhn, SeverityWarning, "§5 #17, §6", "The ICCID's last digit is not a valid Luhn check digit (warned, not rejected)."},
	{CodeICCIDNotOnDevice, SeverityWarning, "§2.7", "A physical-SIM success names an ICCID the device does not have."},
	{CodeICCIDNotInRange, SeverityWarning, "§1.2, §1.3", "An eSIM success names an ICCID outside the operator's registered ICCID ranges; the app takes the profile for another operator's, so the next launch leaves it out of iccids and the customer looks new."},
	{CodeICCIDOnFailure, SeverityInfo, "§2.7", "iccid is not empty although the purchase did not succeed (documented as '' on failure)."},
	{CodeActivationCodeMissing, SeverityError, "§2.6, §2.7", "A download call, or an eSIM success whose iccid is no profile of the operator already on the eSIM (§3 F2), has no activation code, so no profile can be downloaded. The profiles on the eSIM are those the launch's iccids named and those the session's own downloads installed since, or an inline download of it is installing (not one that failed or was cancelled): a legacy hand-back naming the profile just downloaded inline, with no code, is flow F2 for it."},
	{CodeActivationCodeLPAPrefix, SeverityError, "§2.6", "The activation code starts with \"LPA:\"; Mobile Plans requires the code without the prefix."},
	{CodeActivationCodeFormat, SeverityError, "§2.6, §6", "The activation code is not SGP.22 \"1$<SM-DP+ address>$<matching id>\"."},
	{CodeActivationCodeConfirm, SeverityError, "§2.6", "The activation code requires a confirmation code, which Mobile Plans does not support."},
	{CodeActivationCodeEmptyMID, SeverityWarning, "§2.6, §6", "The activation code has an empty matching id (allowed by SGP.22, shown once in history)."},
	{CodeActivationCodeUnexpected, SeverityWarning, "§2.7", "An activation code was sent for a device without an eSIM; it is ignored."},
	{CodeActivationCodeOnFailure, SeverityInfo, "§2.7", "activationCode is not empty although the purchase did not succeed (documented as '' on failure)."},
	{CodeActivationCodeOtherSMDP, SeverityInfo, "§1.2, §2.6", "The activation code names another SM-DP+ than the operator profile (smdp_address). mpsim's own check of the profile: the app passes the code to the LPA as it is, so the download goes where the code says."},
	{CodeActivationCodeSMDPAddress, SeverityInfo, "§2.6", "The deferred download (notifyProfileDownload with downloadDelay) was given a bare SM-DP+ address instead of an activation code, which its documentation allows (\"activation code or SM-DP+ address\"); accepted."},
	{CodeMetadataMissing, SeverityError, "§2.2", "A purchase-metadata argument is missing, undefined or null."},
	{CodeMetadataNotObject, SeverityError, "§2.2", "A purchase-metadata argument is not an object."},
	{CodeMetadataString, SeverityWarning, "§2.2", "Purchase metadata was passed as a JSON string; the API takes the object from createPurchaseMetaData()."},
	{CodeMetadataStatusMissing, SeverityError, "§2.2", "Purchase metadata has no moDirectStatus, the one required property."},
	{CodeMetadataEnumMissing, SeverityWarning, "§2.2, §5 #9", "An optional purchase-metadata enum (userAccount, purchaseInstrument, line) is missing."},
	{CodeOriginInvalid, SeverityError, "§1.1", "The page URL cannot be parsed or has no host; the call is refused."},
	{CodeOriginInsecure, SeverityError, "§1.2", "The page is not https (and not the loopback http origin the portal was launched from); the call is refused. No setting accepts it (--notify-host takes https hosts only): the message says to serve the page over https or hand back from the launch origin."},
	{CodeOriginNotAllowed, SeverityError, "§1.1, §1.2", "The page host is not a configured notification host; the call is refused."},
	{CodeOriginPort, SeverityInfo, "§1.2", "The page URL has a port; real service configuration does not allow ports."},
	{CodeOriginOtherPort, SeverityWarning, "§1.1, §1.2", "An accepted call came from the portal's host but on another port than the launched portal's (a payment or sign-in provider's server on the same test machine, such as 127.0.0.1:9545 beside the portal's 127.0.0.1:9543). The app compares notification hosts without ports, so the call counts as the portal's; in production, where ports are not allowed, that page is most likely on another host, where the app refuses the call unless it is a notification host."},
	{CodeOriginLoopbackHTTP, SeverityWarning, "§1.2", "Plain http on a loopback host is accepted as a developer exception; production needs https."},
	{CodePageURLMismatch, SeverityError, "§1.1", "A message's pageUrl names another origin than the page the portal window showed; the window's page is the one checked (a message written by hand with a stolen token, or one that raced a navigation)."},
	{CodeAPIUnknown, SeverityError, "§2.1", "The API name is not in any documentation revision."},
	{CodeGlobalRedeclared, SeverityWarning, "§2.1", "A script of the page declares one of the app's objects with let, const, class or function at its top level (const DataMart = window.DataMart || stub, function DataMart() {}): WebKit refused the whole script, reporting only \"Script error.\", because mpsim defines the objects before the page runs and the page cannot replace them; how Windows defines them is not documented. It takes the place of page-error for that exception."},
	{CodeAPIMistyped, SeverityWarning, "§2.1", "The page threw an uncaught exception calling a Mobile Plans object or method the app does not define: a mistyped name (DataMart.notifyPurchaseResults, MobilePlan); the finding names the closest one the app defines. It takes the place of page-error for that exception."},
	{CodeAPIOtherHost, SeverityWarning, "§1.1, §2.1", "The page used another host's raw channel instead of the app's objects: window.external.notify(…) (ScriptNotify, which the app's WebView has; mpsim notes the call and does nothing else) or window.chrome.webview.postMessage(…) (WebView2's, which it does not have); the message names the APIs to hand back with."},
	{CodeAPIInFrame, SeverityWarning, "§2, §1.6", "A frame of the portal (an iframe, often a payment provider's) threw an uncaught exception using one of the app's objects (DataMart, MobilePlans…), which mpsim defines only in the portal's top document; the public pages do not say whether the real app's WebView gives them to frames, so hand back from the top document (the frame posts a message to it)."},
	{CodeHandbackMissing, SeverityWarning, "§3", "The session timed out or its window was closed before the portal handed back (verdict no-callback); the finding lists the bridge calls the page made, its last error and the page it was on."},
	{CodeAPIFAQMisname, SeverityError, "§2.1, §5 #15", "The page called MobilePlans.notifyPurchaseResult, which only appears in a FAQ and is undefined in the real app as in mpsim, and the call's TypeError went uncaught or the page never handed back; the real API is DataMart.notifyPurchaseResult."},
	{CodeAPIFAQLookup, SeverityInfo, "§2.1, §5 #15", "The page looked up MobilePlans.notifyPurchaseResult (undefined, as in the real app) and then handed back: a feature test or a try/catch that fell back, which works on Windows."},
	{CodeAPIRemoved, SeverityError, "§2.1, §3 F9", "notifyPurchaseDelayedProfile was removed in April 2019."},
	{CodeAPIDataMartName, SeverityWarning, "§2.1", "A pre-December-2018 DataMart* name was used; current names are MobilePlans*."},
	{CodeAPILegacy, SeverityWarning, "§2.1", "A legacy API was used (legacy notifyBalanceAddition or notifyInlineProfileDownload)."},
	{CodeAPILegacySupported, SeverityInfo, "§2.1, §2.7", "DataMart.notifyPurchaseResult is legacy: still supported but not recommended for new work."},
	{CodeArgsCount, SeverityError, "§2.1", "The API was called with a number of arguments its signature does not allow."},
	{CodeArgsSwapped, SeverityError, "§2.1", "An API's arguments are in the wrong order: one looks like the argument of another place (an activation code or ICCID first, the purchase metadata second; a number of minutes before the activation code); the finding names the order the API takes and what each argument looks like, and replaces the wrong-type findings of each argument (metadata-string, json-malformed, field-not-string), which contradicted each other."},
	{CodeArgNotUint, SeverityError, "§2.6", "A minutes argument (downloadDelay, networkRegistrationInterval, delay) is not an unsigned 32-bit integer (0 to 4294967295); the app does nothing with the call."},
	{CodeIntervalRounded, SeverityInfo, "§2.6, §5 #21", "A minutes interval is not a multiple of 15; the app rounds it up to a 15-minute step."},
	{CodeOpContextInvalid, SeverityError, "§2.4", "notifyOperationCancel was not given an operation context with a string Id."},
	{CodeListenerFunction, SeverityWarning, "§2.5", "A listener property was set to a function; the documented form is the name of a global function."},
	{CodeListenerMissing, SeverityWarning, "§2.5", "The host had a listener result to deliver but the page registered no listener."},
	{CodeListenerNotFunc, SeverityError, "§2.5", "The registered listener name does not name a global function."},
	{CodeListenerThrew, SeverityWarning, "§2.5", "The page's listener threw when the host invoked it."},
	{CodeGlobalOverwrite, SeverityInfo, "§2.1", "Page script assigned to a Mobile Plans global; the host object was kept."},
	{CodeEnvelopeOversize, SeverityError, "§2", "A call's arguments were larger than the envelope limit and were not forwarded."},
	{CodeHandbackRepeated, SeverityWarning, "§1.6, §3", "The portal handed control back more than once; the real app leaves the portal after the first."},
	{CodeHandbackBeforePaint, SeverityWarning, "§3, §4", "The portal handed control back before its first paint (DOMContentLoaded and two animation frames): the user never saw it, so made no choice and saw no confirmation (an inline script that hands back as the page loads). The start-up policy does not count a first paint after the hand-back."},
	{CodeEnvelopeBadToken, SeverityError, "§1.1", "A call reached the host without the session token (a frame or script posting to the native handler directly) and was refused."},
	{CodeEnvelopeInvalid, SeverityError, "§1.1", "A message reached the host that is not a valid envelope (malformed or over the size limit) and was refused."},
	{CodePortalLoadFailed, SeverityError, "§1.6", "The portal page did not load (network or TLS error), or a later page of its flow did not after the portal had loaded; the real app shows its own error page."},
	{CodeWindowCrashed, SeverityInfo, "§1.6", "The portal window's process ended without closing normally, or one of WebKit's own processes (its web content or network process) ended after the portal had loaded; the session ended with what it had received."},
	{CodeScenarioStepFailed, SeverityError, "§1.6", "A step of the scenario (click, fill, choose, wait for a selector, text or URL, screenshot) could not be done in the page; the message names the step and why (for a text that never appeared, the page's lines of text; for a mistyped target, the closest the page had), the page's last uncaught error or rejection (else its last console.error) with the step under way when it came, and the screenshot step-N-failed of the page at that moment. The session ended there."},
	{CodeBridgeMessageDropped, SeverityWarning, "§2", "Messages posted to the native bridge handler were refused in the portal window before reaching the host: over the size limit, or not a bridge call; the message counts them."},
	{CodeBridgeFloodDropped, SeverityWarning, "§2", "Bridge calls over the per-second budget were dropped in the portal window (hand-backs with the session token have their own budget); the message counts them."},
	{CodeScriptDialog, SeverityWarning, "§1.6", "The page opened a JavaScript dialog (alert, confirm, prompt, beforeunload) or called print(); the app's WebView shows no dialog and answers at once (confirm false, prompt null, beforeunload leaves, print() prints nothing and returns)."},
	{CodeLogCapped, SeverityInfo, "§1.6", "The session's log, calls or stored call arguments reached their caps; the message counts what was not kept. (Findings are capped per code: the rest of a code are counted in one finding of that code.)"},
	{CodeCancelUnknownOperation, SeverityError, "§3 F5", "notifyOperationCancel named an operation that is no pending deferred download of this session."},
	{CodeCancelTooLate, SeverityWarning, "§3 F5", "notifyOperationCancel came after the deferred download was offered to the user; the app can no longer cancel it."},
	{CodeBalanceICCIDNotOnDevice, SeverityWarning, "§3 F7", "A balance addition named an ICCID that is not a profile on the device (nor, on a physical SIM, the inserted SIM's), so the app cannot switch to it."},
	{CodeBalanceNoOperatorProfile, SeverityWarning, "§3 F7", "A balance addition was handed back for an eSIM that holds no profile of this operator (the launch sent no iccids): a new customer has no plan to top up; sell a profile with an activation code instead."},
	{CodeHandbackICCIDNotCodesProfile, SeverityWarning, "§2.6, §2.7", "A successful legacy eSIM hand-back names an iccid other than that of the profile its activation code already installed (a retry: the code is reusable, one code yields one profile): the app activates the code's profile, so the ICCID the portal recorded for the purchase is not the customer's."},
	{CodeHandbackNotInlineProfile, SeverityWarning, "§2.7, §3 F3", "A successful legacy eSIM hand-back (DataMart.notifyPurchaseResult) came after an inline download of the same session (notifyProfileDownload) and names another profile than the one that download installed: an iccid of another profile with no activation code, or an activation code of another profile. The app acts on both calls (§3 F3: the inline download installs and activates its profile while the portal stays open; §2.7: the legacy success names the ICCID the device must use, or downloads its own code), so the profile downloaded for the purchase is not the one the portal recorded, or two were installed."},
	{CodeExpectationNotMet, SeverityError, "§2.2", "The launch preset requires one moDirectStatus (for example InvalidSIM for a bad ICCID) and the portal handed back another."},
	{CodeExpectationDiffers, SeverityWarning, "§2.2", "The launch preset suggests some moDirectStatus values and the portal handed back none of them; check that it handled the broken launch."},
	{CodeConsoleError, SeverityInfo, "§4", "The page logged with console.error; the message counts them and quotes the first."},
	{CodePageError, SeverityWarning, "§4", "A script of the page threw an uncaught exception (message, source line and stack in the report's console); the portal must handle its errors and stay responsive."},
	{CodePageCSPViolation, SeverityWarning, "§4", "The page's own Content-Security-Policy stopped one of its scripts or loads (the directive, the policy and the source line in the report's console): what it stopped did not run, so the flow may never hand back. It takes the place of page-error for that refusal."},
	{CodePageRejection, SeverityWarning, "§4", "A promise of the page was rejected and nothing handled it (for example a failed fetch without catch)."},
	{CodeRequestFailed, SeverityWarning, "§4", "A request of the portal failed without a response (refused, DNS, reset, untrusted certificate); the message names the URL and the reason."},
	{CodeRequestHTTPError, SeverityWarning, "§4", "A request of the portal (not its main document) got an HTTP error status (4xx or 5xx)."},
	{CodePopupBlocked, SeverityWarning, "§4", "The page tried to open a new window or pop-up (window.open, target=_blank); the Mobile Plans app opens none, so it was blocked."},
	{CodeDownloadBlocked, SeverityWarning, "§4", "The page started a download; portals must not deliver apps, modules or files, so it was cancelled."},
	{CodeCustomScheme, SeverityWarning, "§4", "The page navigated to a scheme the WebView does not show (ms-windows-store:, market:, tel:, …), i.e. to another app; the portal must keep the user until the flow completes."},
	{CodeNavigationNotShown, SeverityWarning, "§1.6, §4", "A later navigation of the portal's top frame (a link, a form) got a response the WebView does not show as a page: a Content-Type it cannot display (application/octet-stream, application/pdf), a download (Content-Disposition: attachment) or HTTP 204 or 205. The portal stayed on its page, so the user saw nothing happen; the message names the URL and why."},
	{CodeOffsiteNavigation, SeverityInfo, "§4", "The top frame navigated to a host other than the portal's and the notification hosts; allowed only as needed to finish the purchase. A hop the walled garden refused (--walled-garden) is none: the page never left, and walled-garden-blocked says so."},
	{CodeInspectionCapped, SeverityInfo, "§4", "The portal window recorded more console messages, requests or navigations than it keeps; the message counts what was not kept."},
	{CodeWalledGardenBlock, SeverityWarning, "§7", "With --walled-garden, the portal loaded from hosts outside the walled garden (as on a device with no plan), or went to one (a link, a redirect, an iframe); those loads were blocked, as they would be on a real device. The message names the hosts (the first 10 and how many more; a URL's host, never a user name before an '@'; for a top-frame hop, the URL refused: a redirect's target), how to allow one (--allow-host, the profile's allowed_hosts, a scenario's allow_hosts) and which hosts the garden allowed; a refused top-frame hop ends the session (the app shows its error page), and is portal-load-failed too only when it was the portal's first page."},
	{CodePolicyImmediateActivation, SeverityWarning, "§4", "A successful eSIM purchase handed back neither an activation code nor an ICCID, so the app has nothing to activate at once (design policy business-immediate-activation, docs/policies.md)."},
	{CodePolicyTerms, SeverityWarning, "§4", "No terms-of-service link or text was found on the probed pages (design policy business-terms, docs/policies.md)."},
	{CodePolicySupport, SeverityWarning, "§4", "No customer-support contact was found on the probed pages (design policy business-support, docs/policies.md)."},
	{CodePolicyPrivacy, SeverityWarning, "§4", "No privacy-policy link or text was found on the probed pages (design policy business-privacy, docs/policies.md)."},
	{CodePolicyNoInstalls, SeverityWarning, "§4", "The portal started a download, linked to an app store or fetched an installable app or module (design policy security-no-installs, docs/policies.md)."},
	{CodePolicyHTTPS, SeverityWarning, "§4", "The portal URI, a request, a navigation or a notification used plain http (on loopback: a warning for local development) (design policy security-https, docs/policies.md)."},
	{CodePolicyHTTPSResources, SeverityWarning, "§4", "A page references a resource, form action, frame or script over plain http (design policy security-https-resources, docs/policies.md)."},
	{CodePolicyAdvertising, SeverityWarning, "§4", "The portal shows video, audio, embeds, content from ad, video or map hosts or large images (fail), or running animations, animated images or an ad network's tracking tag (warn) (design policy advertising-none, docs/policies.md)."},
	{CodePolicyStartup, SeverityWarning, "§4", "The portal's first paint came later than the start-up thresholds after launch (design policy capabilities-startup-responsive, docs/policies.md)."},
	{CodePolicyFocus, SeverityWarning, "§4", "The portal opened a new window or sent the user to another app before handing back (design policy capabilities-focus, docs/policies.md)."},
	{CodePolicyNoPopups, SeverityWarning, "§4", "The portal opened a pop-up or new window or redirected to another app (fail), or navigated to another site (warn: allowed only as the purchase needs) (design policy capabilities-no-popups, docs/policies.md)."},
	{CodePolicyErrorHandling, SeverityWarning, "§4", "A script of the portal threw an uncaught exception or left a promise rejection unhandled (design policy capabilities-error-handling, docs/policies.md)."},
	{CodePolicyFrameSize, SeverityWarning, "§4", "A probed page is wider than the 800x600 frame (horizontal overflow) (design policy usability-frame-size, docs/policies.md)."},
	{CodePolicyLoad, SeverityWarning, "§4", "The first page's bytes or load time are over the thresholds (design policy usability-load, docs/policies.md)."},
	{CodePolicyWindowButtons, SeverityWarning, "§4", "A page shows window-like close, minimise or maximise buttons (design policy usability-no-window-buttons, docs/policies.md)."},
	{CodePolicyInterference, SeverityWarning, "§4", "The portal opened script dialogs, did not load or flooded the bridge, getting in the way of the app (design policy usability-no-interference, docs/policies.md)."},
	{CodePolicyClutter, SeverityWarning, "§4", "A probed page has more images, links to other sites or visible text than the clutter thresholds (design policy usability-clutter, docs/policies.md)."},
	{CodePolicyCancel, SeverityInfo, "§4", "No on-screen Cancel control was found on the probed pages (recommended design policy usability-cancel, docs/policies.md)."},
	{CodePolicyLocale, SeverityWarning, "§4", "A page's <html lang> is missing or is not the first language of the Accept-Language the app sent, a language asked for in one script got a page of the language alone, whose likely script is another (a bare zh for zh-TW, sr for sr-Latn), or a right-to-left language's page is laid out left to right (design policy localization-locale, docs/policies.md)."},
	{CodePolicyLanguages, SeverityInfo, "§4", "The same launch in two languages (mpsim run --compare-lang) showed (nearly) the same visible text, or only partly translated text (recommended design policy localization-languages, docs/policies.md)."},
	{CodePolicySimilar, SeverityInfo, "§4", "The same launch in two languages (mpsim run --compare-lang) showed pages with different controls, images or links, or a cancel control in one language only (recommended design policy localization-similar, docs/policies.md)."},
	{CodePolicyAccessibility, SeverityInfo, "§4", "axe-core found serious or critical accessibility violations (recommended design policy accessibility, docs/policies.md)."},
}

// Codes returns the table of every finding code the package can emit.
// The returned slice is a copy.
func Codes() []CodeInfo { return slices.Clone(codeTable[:]) }

// codeInfo returns the table entry of code; it panics on an unknown code,
// which is a programming error caught by the tests.
func codeInfo(code string) CodeInfo {
	for _, c := range codeTable {
		if c.Code == code {
			return c
		}
	}
	panic("bridge: finding code not in table: " + code)
}

// newFinding builds a finding with the severity and section from the table.
func newFinding(code, field, format string, args ...any) Finding {
	return NewFinding(code, field, format, args...)
}

// NewFinding builds a finding of code with the severity and the contract
// section the table gives that code, and the message format makes of args.
// Every finding of a code in the table is built here, so that none lacks
// its section; it panics on a code not in the table, a programming error
// the tests catch.
func NewFinding(code, field, format string, args ...any) Finding {
	ci := codeInfo(code)
	return Finding{
		Code:     code,
		Severity: ci.Severity,
		Field:    field,
		Message:  fmt.Sprintf(format, args...),
		Section:  ci.Section,
	}
}

// HasErrors reports whether any finding has SeverityError.
func HasErrors(findings []Finding) bool {
	for _, f := range findings {
		if f.Severity == SeverityError {
			return true
		}
	}
	return false
}

// EnvelopeErrorFinding returns the finding for an envelope [ParseEnvelope]
// refused: envelope-bad-token for ErrBadToken, envelope-invalid otherwise.
func EnvelopeErrorFinding(err error) Finding {
	if errors.Is(err, ErrBadToken) {
		return newFinding(CodeEnvelopeBadToken, "envelope",
			"A call reached the host without the bridge's session token and was refused (a cross-origin frame, or script posting to the native handler directly).")
	}
	return newFinding(CodeEnvelopeInvalid, "envelope", "A message reached the host that is not a valid bridge envelope and was refused: %v.", err)
}
