package bridge

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"mpsim/simulator"
)

// PurchaseResult is the decoded purchaseResult of the legacy payload
// (contract §2.7) or a purchase-metadata object (contract §2.2), with enum
// values normalised to their documented PascalCase spelling.
type PurchaseResult struct {
	UserAccount        string `json:"userAccount"`
	PurchaseInstrument string `json:"purchaseInstrument"`
	Line               string `json:"line"`
	MoDirectStatus     string `json:"moDirectStatus"`
	PlanName           string `json:"planName"`
}

// Result is the decoded legacy DataMart.notifyPurchaseResult payload
// (contract §2.7). Fields the portal did not send, or sent with the wrong
// type, are zero; the findings say which.
type Result struct {
	Success        bool           `json:"success"`
	ICCID          string         `json:"iccid"`
	ActivationCode string         `json:"activationCode"`
	TransactionID  string         `json:"transactionId"`
	PurchaseResult PurchaseResult `json:"purchaseResult"`
}

// Expectation is what the host knows about the session a payload belongs to.
type Expectation struct {
	// TransactionID is the transactionId the portal was launched with; empty
	// means unknown (no comparison).
	TransactionID string
	// SIMKind is "esim", "psim" or "none"; empty means unknown, which skips
	// the SIM-specific checks.
	SIMKind string
	// ICCIDs are the ICCIDs known on the device (the physical SIM, or the
	// profiles on the eSIM).
	ICCIDs []string
	// OperatorICCIDs are the operator's profiles on the eSIM that the launch
	// sent in iccids (non-nil and empty: none). On an eSIM, a successful
	// legacy hand-back whose iccid is one of them may carry no activation
	// code (contract §3 F2). Nil: ICCIDs stand for them.
	OperatorICCIDs []string
	// SMDPAddress is the SM-DP+ the operator's profile names; an activation
	// code for another one is CodeActivationCodeOtherSMDP. Empty: no check.
	SMDPAddress string
	// ICCIDRanges are the operator's registered ICCID ranges (contract
	// §1.2 item 6), by which the app tells its profiles from other
	// operators' (§1.3); an eSIM success whose iccid falls outside them is
	// CodeICCIDNotInRange. Empty: no check.
	ICCIDRanges []simulator.ICCIDRange
}

// SIM kinds for Expectation.SIMKind.
const (
	SIMKindESIM = "esim"
	SIMKindPSIM = "psim"
	SIMKindNone = "none"
)

// legacySpec lists the documented keys of the legacy payload; the keys of
// purchaseResult belong inside it.
var legacySpec = keySpec{
	canonical: legacyKeys,
	elsewhere: keysBelong(purchaseKeys, purchaseKeyAliases,
		"it belongs inside purchaseResult, the JSON-encoded string with userAccount, purchaseInstrument, line, moDirectStatus and planName, not at the payload's top level"),
}

// DecodeLegacy decodes the single argument of DataMart.notifyPurchaseResult
// (contract §2.7) and validates it against the legacy-payload schema and the
// rules of contract §5 #1–#4, #9 and #17.
//
// arg is the argument as the shim forwarded it. The canonical form is a JSON
// string holding the payload, whose purchaseResult is itself a JSON string;
// the object forms of both are accepted with a warning (§5 #2, #3). Keys are
// matched case-insensitively (§5 #1), enum values case-insensitively and
// normalised to PascalCase. The Result holds whatever could be decoded even
// when findings contain errors.
func DecodeLegacy(arg json.RawMessage, exp Expectation) (Result, []Finding) {
	var res Result
	var fs []Finding
	members, ok, pfs := payloadMembers(arg)
	fs = append(fs, pfs...)
	if !ok {
		return res, fs
	}
	byKey, kfs := normaliseKeys(members, legacySpec, "")
	fs = append(fs, kfs...)

	inst := map[string]any{}
	var skip []string
	for _, k := range []string{"ver", "success", "iccid", "activationCode", "transactionId"} {
		if raw, ok := byKey[k]; ok {
			inst[k] = toSchemaValue(raw)
		}
	}
	if _, ok := byKey["ver"]; !ok {
		fs = append(fs, newFinding(CodeVerMissing, "ver",
			"The payload has no \"ver\"; the documentation's examples send \"ver\":\"1\" (not in the field table, so only informational)."))
	}

	// purchaseResult: JSON string (canonical) or object (§5 #2).
	if raw, ok := byKey["purchaseResult"]; ok {
		prInst, pr, prfs, valid := decodePurchaseResult(raw)
		fs = append(fs, prfs...)
		res.PurchaseResult = pr
		if valid {
			inst["purchaseResult"] = prInst
		} else {
			inst["purchaseResult"] = map[string]any{} // reported already; keep the schema quiet below
			skip = append(skip, "/purchaseResult")
		}
	}

	fs = append(fs, validateSchema(legacySchemaFile, inst, skip)...)

	// Copy typed values.
	success, successKnown := inst["success"].(bool)
	res.Success = success && successKnown
	res.ICCID, _ = inst["iccid"].(string)
	res.ActivationCode, _ = inst["activationCode"].(string)
	res.TransactionID, _ = inst["transactionId"].(string)

	fs = append(fs, statusFindings(res.PurchaseResult.MoDirectStatus, "purchaseResult.moDirectStatus", false)...)
	if successKnown {
		fs = append(fs, successStatusFindings(success, res.PurchaseResult.MoDirectStatus)...)
	}

	_, present := byKey["transactionId"]
	_, isStr := inst["transactionId"].(string)
	fs = append(fs, legacyTransactionIDFindings(present, isStr, res.TransactionID, exp.TransactionID)...)

	switch {
	case successKnown && success:
		fs = append(fs, successSIMFindings(res, exp, unsetHow(inst, "iccid"), unsetHow(inst, "activationCode"))...)
	case successKnown && !success:
		if res.ICCID != "" {
			fs = append(fs, newFinding(CodeICCIDOnFailure, "iccid",
				"iccid is %s although success is false; the documentation sends '' on failure.", shownValue(res.ICCID)))
		}
		if res.ActivationCode != "" {
			fs = append(fs, newFinding(CodeActivationCodeOnFailure, "activationCode",
				"activationCode is %s although success is false; the documentation sends '' on failure.", shownValue(res.ActivationCode)))
		}
	}
	return res, fs
}

// successStatusFindings is status-success-mismatch when success and a
// documented moDirectStatus disagree (contract §2.7). An undocumented
// status has its enum-unknown, which names the value meant; comparing it
// with success would push towards success false for a purchase that
// completed ("Completed" for Complete).
func successStatusFindings(success bool, status string) []Finding {
	if !isDocumentedStatus(status) || success == (status == "Complete") {
		return nil
	}
	return []Finding{newFinding(CodeStatusSuccessMismatch, "purchaseResult.moDirectStatus",
		"success is %v but moDirectStatus is %s; a completed purchase sends success true with Complete, anything else success false.",
		success, shownValue(status))}
}

// isDocumentedStatus says whether status is a moDirectStatus value of
// the documentation, spelt as documented (enum-case normalised it).
func isDocumentedStatus(status string) bool {
	c, ok := canonicalEnum(status, statusValues[:])
	return ok && c == status
}

// payloadMembers unwraps the payload argument into object members.
func payloadMembers(arg json.RawMessage) ([]member, bool, []Finding) {
	if marker, ok := isMarker(arg); ok {
		if marker == "undefined" {
			return nil, false, []Finding{newFinding(CodePayloadMissing, "",
				"DataMart.notifyPurchaseResult was called with undefined; pass JSON.stringify(payload).")}
		}
		return nil, false, []Finding{newFinding(CodePayloadNotObject, "",
			"DataMart.notifyPurchaseResult was called with %s; pass JSON.stringify(payload).", markerText(arg))}
	}
	var fs []Finding
	text := arg
	switch jsonKind(arg) {
	case "":
		return nil, false, []Finding{newFinding(CodePayloadMissing, "",
			"DataMart.notifyPurchaseResult was called without an argument; pass JSON.stringify(payload).")}
	case "null":
		return nil, false, []Finding{newFinding(CodePayloadMissing, "",
			"DataMart.notifyPurchaseResult was called with null; pass JSON.stringify(payload).")}
	case "object":
		fs = append(fs, newFinding(CodePayloadNotString, "",
			"The payload was passed as an object; the documentation requires a string: DataMart.notifyPurchaseResult(JSON.stringify(payload)). Accepted."))
	case "string":
		var s string
		if err := json.Unmarshal(arg, &s); err != nil {
			return nil, false, []Finding{newFinding(CodeJSONMalformed, "", "The payload argument is not valid JSON: %v.", err)}
		}
		if strings.TrimSpace(s) == "" {
			return nil, false, []Finding{newFinding(CodePayloadMissing, "",
				"DataMart.notifyPurchaseResult was called with an empty string; pass JSON.stringify(payload).")}
		}
		if _, pfs := parseJSONText(s, ""); len(pfs) > 0 {
			return nil, false, pfs
		}
		text = json.RawMessage(s)
		if k := jsonKind(text); k != "object" {
			hint := ""
			if k == "string" {
				hint = " It looks stringified twice: call JSON.stringify once."
			}
			return nil, false, []Finding{newFinding(CodePayloadNotObject, "",
				"The payload string holds a JSON %s, not an object.%s", k, hint)}
		}
	default:
		return nil, false, []Finding{newFinding(CodePayloadNotObject, "",
			"The payload is %s (%s); pass JSON.stringify(payload) of an object.", withArticle(jsonKind(arg)), describe(arg))}
	}
	members, err := objectMembers(text)
	if err != nil {
		return nil, false, append(fs, newFinding(CodeJSONMalformed, "", "The payload could not be read as a JSON object: %v.", err))
	}
	// Members the page set to undefined (kept by the shim) are no value,
	// as JSON.stringify would have left them out.
	members, _ = undefinedMembers(members, jsonKind(arg) == "object")
	return members, true, fs
}

// decodePurchaseResult decodes purchaseResult in either form. valid reports
// whether an object was obtained (otherwise findings explain why).
func decodePurchaseResult(raw json.RawMessage) (map[string]any, PurchaseResult, []Finding, bool) {
	const field = "purchaseResult"
	var fs []Finding
	text := raw
	switch jsonKind(raw) {
	case "string":
		var s string
		_ = json.Unmarshal(raw, &s)
		if _, pfs := parseJSONText(s, field); len(pfs) > 0 {
			return nil, PurchaseResult{}, pfs, false
		}
		text = json.RawMessage(s)
		if jsonKind(text) != "object" {
			return nil, PurchaseResult{}, []Finding{newFinding(CodePurchaseResultNotObj, field,
				"purchaseResult is a string holding a JSON %s; it must hold an object with userAccount, purchaseInstrument, line, moDirectStatus and planName.", jsonKind(text))}, false
		}
	case "object":
		fs = append(fs, newFinding(CodePurchaseResultNotStr, field,
			"purchaseResult is an object; the documented form is a JSON-encoded string: purchaseResult: JSON.stringify({...}). Accepted."))
	default:
		return nil, PurchaseResult{}, []Finding{newFinding(CodePurchaseResultNotObj, field,
			"purchaseResult is a JSON %s (%s); send a JSON-encoded string of an object.", jsonKind(raw), describe(raw))}, false
	}
	members, err := objectMembers(text)
	if err != nil {
		return nil, PurchaseResult{}, append(fs, newFinding(CodeJSONMalformed, field, "purchaseResult could not be read as a JSON object: %v.", err)), false
	}
	inst, pr, nfs := normalisePurchase(members, purchaseResultSpec, field+".")
	return inst, pr, append(fs, nfs...), true
}

// legacyTransactionIDFindings checks the payload's transactionId (contract
// §2.7; FAQ: returning it is not mandatory): missing or empty is a warning
// (an empty string is not returning it, as ” is the payload's "no value",
// as for iccid and activationCode on failure); otherwise it must be the
// launched one, if known. present: the key was sent; isStr: as a string.
func legacyTransactionIDFindings(present, isStr bool, got, want string) []Finding {
	switch {
	case !present:
		return []Finding{newFinding(CodeTransactionIDMissing, "transactionId",
			"The payload has no transactionId; echo the transactionId query parameter the portal was launched with (recommended, not mandatory).")}
	case isStr && got == "":
		return []Finding{newFinding(CodeTransactionIDMissing, "transactionId",
			"transactionId is empty; echo the transactionId query parameter the portal was launched with (recommended, not mandatory).")}
	case isStr && want != "":
		return transactionIDFindings(got, want)
	}
	return nil
}

// transactionIDFindings compares the returned transactionId with the
// launched one (contract §2.7, §5 #18: an opaque value, URL-encoded in the
// launch URL). want may be given in its URL-encoded form, as in the
// documentation's launch URLs (%2F7RBTuSJt02OZbX8.4): the decoded value is
// what the portal reads from its query string, so echoing it is correct.
//
// A want given URL-encoded stands for its decoded value, as in every launch
// mpsim makes (simulator.DecodeTransactionID), so echoing want as given is
// the encoded echo, as the portal that echoes %2F… for a launched /… sends.
func transactionIDFindings(got, want string) []Finding {
	decWant, _ := simulator.DecodeTransactionID(want) // the one rule of the launch, url and validate
	if got == decWant {
		return nil
	}
	if dec, err := url.QueryUnescape(got); err == nil && (dec == want || dec == decWant) || got == want {
		return []Finding{newFinding(CodeTransactionIDEncoded, "transactionId",
			"transactionId %s equals the launched %s only after URL-decoding; send the decoded value the portal received.", shownValue(got), shownValue(want))}
	}
	return []Finding{newFinding(CodeTransactionIDMismatch, "transactionId",
		"transactionId %s is not the one the portal was launched with (%s%s); echo the transactionId query parameter unchanged.%s",
		shownValue(got), shownValue(want), shownDifference(got, want), plusSpaceHint(got, decWant))}
}

// plusSpaceHint explains a returned transactionId that differs from the
// launched one (want, decoded) only by "+" read as a space, or by
// percent-encoding as well: the launch URL carries a "+" of the id
// percent-encoded (%2B, simulator.EncodeParams), so URLSearchParams.get
// and decodeURIComponent give it back as "+"; form decoding
// (application/x-www-form-urlencoded: a server's query parser, a "+"
// replaced before decoding) reads a "+" as a space, and so does any query
// the id was put into without encodeURIComponent. "" for other
// differences, and for an id without "+".
func plusSpaceHint(got, want string) string {
	if !strings.Contains(want, "+") {
		return ""
	}
	spaced := strings.ReplaceAll(want, "+", " ")
	how := ""
	switch {
	case got == spaced:
		how = "is the launched one with each \"+\" read as a space"
	case formDecoded(got) == spaced || formDecoded(got) == want:
		how = "differs from the launched one only by percent-encoding and \"+\" read as a space"
	default:
		return ""
	}
	return fmt.Sprintf(" It %s: the launch URL carries \"+\" percent-encoded (%%2B), so URLSearchParams.get('transactionId') and decodeURIComponent give \"+\" back, but form decoding (a server framework's query parser, or replacing \"+\" before decoding) reads \"+\" as a space, and so does a query the id was put into without encodeURIComponent (a link or redirect built as '?transactionId=' + id). Echo the value URLSearchParams.get gives, and encode it with encodeURIComponent when it goes into a URL.", how)
}

// formDecoded is s decoded as a query value (url.QueryUnescape: "+" is a
// space), s itself when it does not decode.
func formDecoded(s string) string {
	if dec, err := url.QueryUnescape(s); err == nil {
		return dec
	}
	return s
}

// Why a string field of the legacy payload has no value ([unsetHow]).
const (
	unsetMissing   = "missing"
	unsetEmpty     = "empty"
	unsetNotString = "not a string"
)

// unsetHow says why the string field key of the schema instance inst has
// no value: unsetMissing, unsetEmpty or unsetNotString (field-not-string
// reports that one); "" when it has one.
func unsetHow(inst map[string]any, key string) string {
	v, ok := inst[key]
	if !ok {
		return unsetMissing
	}
	s, isStr := v.(string)
	switch {
	case !isStr:
		return unsetNotString
	case s == "":
		return unsetEmpty
	}
	return ""
}

// successICCIDFindings checks the iccid of a successful purchase against
// the device (contract §2.7, §6) and returns it normalised. iccidHow is
// [unsetHow] of iccid: an iccid that is not a string has its
// field-not-string finding already, so it is not reported missing too.
func successICCIDFindings(res Result, exp Expectation, iccidHow string) (string, []Finding) {
	if res.ICCID == "" {
		if exp.SIMKind != SIMKindESIM || iccidHow == unsetNotString {
			return "", nil
		}
		return "", []Finding{newFinding(CodeICCIDMissingOnSuccess, "iccid",
			"The eSIM purchase succeeded but iccid is %s; send the ICCID of the profile the plan is for (the one the activation code installs, or the operator profile already on the eSIM).", iccidHow)}
	}
	norm, fs := checkICCID(res.ICCID, "iccid")
	if !HasErrors(fs) { // a malformed ICCID downloads nothing: no range to speak of
		fs = append(fs, rangeFindings(norm, exp)...)
	}
	if exp.SIMKind == SIMKindPSIM && len(exp.ICCIDs) > 0 && !slices.Contains(exp.ICCIDs, norm) {
		fs = append(fs, newFinding(CodeICCIDNotOnDevice, "iccid",
			"iccid %s is not the device's SIM (%s); a physical-SIM purchase applies to the SIM the portal was launched with.",
			shownValue(res.ICCID), strings.Join(exp.ICCIDs, ", ")))
	}
	return norm, fs
}

// rangeFindings is iccid-not-operator-range when an eSIM success names an
// ICCID (normalised) outside the operator's ranges: the app installs the
// profile, but on the next launch it is no profile "that belongs to this
// MO" (contract §1.3), so iccids leaves it out.
func rangeFindings(norm string, exp Expectation) []Finding {
	if exp.SIMKind != SIMKindESIM || len(exp.ICCIDRanges) == 0 || norm == "" {
		return nil
	}
	for _, r := range exp.ICCIDRanges {
		if r.Contains(norm) {
			return nil
		}
	}
	ranges := make([]string, len(exp.ICCIDRanges))
	for i, r := range exp.ICCIDRanges {
		ranges[i] = r.Start + ".." + r.End
	}
	return []Finding{newFinding(CodeICCIDNotInRange, "iccid",
		"iccid %s is outside the operator's ICCID ranges (%s), which its service configuration registers; the app installs the profile, but takes it for another operator's: the next launch leaves it out of iccids and the portal's own customer looks new. Hand back an ICCID of the operator's ranges, or register its range with Microsoft (in mpsim: the operator's iccid_prefix or iccid_ranges).",
		shownValue(norm), strings.Join(ranges, ", "))}
}

// successSIMFindings checks iccid and activationCode of a successful
// purchase against the device (contract §2.6, §2.7, §3 F1/F2, §5 #17).
// iccidHow and acHow are [unsetHow] of the two fields.
func successSIMFindings(res Result, exp Expectation, iccidHow, acHow string) []Finding {
	norm, fs := successICCIDFindings(res, exp, iccidHow)
	switch exp.SIMKind {
	case SIMKindESIM:
		own := exp.OperatorICCIDs
		if own == nil {
			own = exp.ICCIDs
		}
		switch {
		case res.ActivationCode != "":
			fs = append(fs, checkActivationCode(res.ActivationCode, "activationCode", exp)...)
		case norm != "" && slices.Contains(own, norm):
			// §3 F2: the plan is for a profile of this operator already on
			// the eSIM (§2.7: iccid is "the ICCID the client must use"); the
			// plan is activated in the operator's back end and nothing is
			// downloaded, so no activation code is needed.
		case exp.OperatorICCIDs == nil && exp.ICCIDs == nil:
			// The eSIM's profiles are not known (a payload validated on its
			// own): say what the missing code means in both flows.
			fs = append(fs, newFinding(CodeActivationCodeMissing, "activationCode",
				"The eSIM purchase succeeded but activationCode is %s: unless iccid (%s) is the operator's profile already on the eSIM (flow F2, where nothing is downloaded; the eSIM's profiles are not known here), the app has no profile to download; send \"1$<SM-DP+ address>$<matching id>\" for a new profile.",
				acHow, shownValue(res.ICCID)))
		case len(own) > 0:
			fs = append(fs, newFinding(CodeActivationCodeMissing, "activationCode",
				"The eSIM purchase succeeded but activationCode is %s and iccid (%s) names none of the operator's profiles on the eSIM (%s), so the app has no profile to download or use; send \"1$<SM-DP+ address>$<matching id>\" for a new profile, or the ICCID of the installed one.",
				acHow, shownValue(res.ICCID), strings.Join(own, ", ")))
		default:
			fs = append(fs, newFinding(CodeActivationCodeMissing, "activationCode",
				"The eSIM purchase succeeded but activationCode is %s, and the eSIM has no profile of this operator, so the app has no profile to download; send \"1$<SM-DP+ address>$<matching id>\".", acHow))
		}
	case SIMKindPSIM, SIMKindNone:
		if res.ActivationCode != "" {
			fs = append(fs, newFinding(CodeActivationCodeUnexpected, "activationCode",
				"activationCode %s was sent but the device has no eSIM; the app ignores it (the physical-SIM example sends none).", shownValue(res.ActivationCode)))
		}
	default:
		if res.ActivationCode != "" {
			fs = append(fs, checkActivationCode(res.ActivationCode, "activationCode", exp)...)
		}
	}
	return fs
}

// withArticle puts "a" or "an" before word.
func withArticle(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// payloadCodes are the findings of a legacy payload that could not be
// decoded at all (their field is the payload's, ""): DecodeLegacy then
// returns a zero Result.
var payloadCodes = []string{CodeJSONMalformed, CodePayloadMissing, CodePayloadNotObject}

// Undecoded says whether res, with its findings, is the zero result of a
// legacy payload that did not decode at all, and which finding says why:
// its "success false" and empty fields are no hand-back's, and output for
// people should say so instead of showing them.
func Undecoded(res Result, findings []Finding) (Finding, bool) {
	if res != (Result{}) {
		return Finding{}, false
	}
	for _, f := range findings {
		if f.Field == "" && slices.Contains(payloadCodes, f.Code) {
			return f, true
		}
	}
	return Finding{}, false
}
