package bridge

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// DecodeMetadata decodes a purchase-metadata argument (the object from
// MobilePlans.createPurchaseMetaData(), contract §2.2) as the shim forwarded
// it and validates it against the purchase-metadata schema.
//
// Both spellings of contract §5 #5 are accepted: lineType → line and
// modirectStatus → moDirectStatus (warning key-alias). moDirectStatus is
// required; missing optional enums are warnings (§5 #9). Judged on its own,
// without the API it was passed to, success is taken to mean moDirectStatus
// == Complete, so planName must be non-empty exactly when the status is
// Complete; [CheckCall] judges planName by the API called instead (see
// callOutcome). A JSON string holding the object is accepted with a warning.
// Findings cite the metadata's section of the contract (§2.2), not the
// legacy payload's.
func DecodeMetadata(arg json.RawMessage) (PurchaseResult, []Finding) {
	pr, fs := decodeMetadata(arg, nil)
	return pr, citing(metadataSections, fs...)
}

// callOutcome is what a call of a MobilePlans API tells the app about the
// purchase (contract §3), whatever its metadata's moDirectStatus says: api
// is the API called, what says what the call does in words, and bought
// whether it hands back a bought plan (a download or balance call) or not
// (notifyCancelledPurchase, F8: a cancel is not a purchase). planName
// follows it: non-empty exactly when bought (§2.2, §5 #9).
type callOutcome struct {
	api, what string
	bought    bool
}

// decodeMetadata decodes and checks metadata; call is the outcome of the
// call that passed it, or nil to judge planName by moDirectStatus.
func decodeMetadata(arg json.RawMessage, call *callOutcome) (PurchaseResult, []Finding) {
	const field = "purchaseMetaData"
	var fs []Finding
	if marker, ok := isMarker(arg); ok {
		if marker == "undefined" {
			return PurchaseResult{}, []Finding{newFinding(CodeMetadataMissing, field,
				"The purchase metadata argument is undefined; pass the object from MobilePlans.createPurchaseMetaData().")}
		}
		return PurchaseResult{}, []Finding{newFinding(CodeMetadataNotObject, field,
			"The purchase metadata argument is %s; pass the object from MobilePlans.createPurchaseMetaData().", markerText(arg))}
	}
	text := arg
	switch jsonKind(arg) {
	case "", "null":
		return PurchaseResult{}, []Finding{newFinding(CodeMetadataMissing, field,
			"The purchase metadata argument is missing or null; pass the object from MobilePlans.createPurchaseMetaData().")}
	case "object":
	case "string":
		var s string
		_ = json.Unmarshal(arg, &s)
		if !strings.HasPrefix(strings.TrimSpace(s), "{") {
			// No JSON object in a string (an activation code, a plan
			// name): saying "no JSON.stringify" and "build it with
			// JSON.stringify" of it would contradict each other.
			return PurchaseResult{}, []Finding{newFinding(CodeMetadataNotObject, field,
				"The purchase metadata argument is the string %s%s; pass the object from MobilePlans.createPurchaseMetaData().", shownValue(s), looksLike(arg))}
		}
		fs = append(fs, newFinding(CodeMetadataString, field,
			"The purchase metadata was passed as a JSON string; pass the metadata object itself (no JSON.stringify). Accepted."))
		if _, pfs := parseJSONText(s, field); len(pfs) > 0 {
			return PurchaseResult{}, append(fs, pfs...)
		}
		text = json.RawMessage(s)
		if jsonKind(text) != "object" {
			return PurchaseResult{}, append(fs, newFinding(CodeMetadataNotObject, field,
				"The purchase metadata string holds a JSON %s, not an object.", jsonKind(text)))
		}
	default:
		return PurchaseResult{}, []Finding{newFinding(CodeMetadataNotObject, field,
			"The purchase metadata argument is a JSON %s (%s); pass the object from MobilePlans.createPurchaseMetaData().", jsonKind(arg), describe(arg))}
	}
	members, err := objectMembers(text)
	if err != nil {
		return PurchaseResult{}, append(fs, newFinding(CodeJSONMalformed, field, "The purchase metadata could not be read as a JSON object: %v.", err))
	}
	// The shim keeps the argument's members set to undefined (a misspelt
	// enum member): they are no value, and the findings say how.
	members, undef := undefinedMembers(members, jsonKind(arg) == "object")
	inst, pr, nfs := normalisePurchase(members, metadataSpec, "")
	fs = append(fs, nfs...)
	fs = append(fs, validateSchema(metadataSchemaFile, inst, nil)...)
	for _, k := range purchaseEnumKeys[:3] {
		if _, ok := inst[k]; !ok {
			fs = append(fs, newFinding(CodeMetadataEnumMissing, k,
				"The purchase metadata has no %s; it is optional in the current table but was required earlier: set one of %s.", k, enumList(k)))
		}
	}
	fs = append(fs, planNameFindings(inst, call)...)
	fs = append(fs, statusFindings(pr.MoDirectStatus, "moDirectStatus", true)...)
	return pr, saidUndefined(fs, undef)
}

// metadataUnreadable reports whether the findings of [decodeMetadata] say
// its argument held no metadata object that could be read at all (missing,
// no object, JSON that does not parse), rather than one with wrong values:
// the app has no purchase data to act on then (contract §2.5, invalidJson).
func metadataUnreadable(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool {
		switch f.Code {
		case CodeMetadataMissing, CodeMetadataNotObject, CodeJSONMalformed:
			return true
		}
		return false
	})
}

// planNameFindings checks the rule of contract §2.2 and §5 #9: planName is
// a non-empty, descriptive name exactly when the purchase succeeded, and ""
// otherwise. For a call (call non-nil) the purchase succeeded when the API
// hands back a bought plan; judged on its own, when moDirectStatus is
// Complete (nothing to judge without a status). A planName that is missing
// or no string has its own finding from the schema.
func planNameFindings(inst map[string]any, call *callOutcome) []Finding {
	name, ok := inst["planName"].(string)
	if !ok {
		return nil
	}
	empty := strings.Trim(name, "\t\n\f\r ") == "" // as the schema's former pattern \S saw it
	if call == nil {
		status, _ := inst["moDirectStatus"].(string)
		switch {
		case !isDocumentedStatus(status):
			return nil // no status, or one enum-unknown reports
		case status == "Complete" && empty:
			return []Finding{newFinding(CodePlanNameEmptySuccess, "planName", "%s", planNameEmptyMessage(name))}
		case status != "Complete" && name != "":
			return []Finding{newFinding(CodePlanNameSetFailure, "planName", "%s", violationMessage(CodePlanNameSetFailure, "planName", ""))}
		}
		return nil
	}
	switch {
	case call.bought && empty:
		return []Finding{newFinding(CodePlanNameEmptySuccess, "planName",
			"planName %s, but %s %s, which hands back a bought plan whatever moDirectStatus says: send the plan's non-empty, descriptive name (such as \"MyPlan\"); \"\" is for a purchase that did not happen (notifyCancelledPurchase).",
			planNameEmptiness(name), call.api, call.what)}
	case !call.bought && name != "":
		return []Finding{newFinding(CodePlanNameSetFailure, "planName",
			"planName is %s, but %s %s: a cancel is not a purchase, whatever moDirectStatus says, so planName must be \"\"; hand a bought plan back with a download or balance API instead.",
			shownValue(name), call.api, call.what)}
	}
	return nil
}

// looksLike is ", which looks like an activation code" (or an ICCID) for
// an argument of that shape, else "".
func looksLike(raw json.RawMessage) string {
	switch sh := shapeOf(raw); sh {
	case shapeActivationCode, shapeICCID:
		return ", which looks like " + string(sh)
	}
	return ""
}

// undefinedMembers takes out of members those the shim sent as
// {"$undefined":true}: properties of the argument the page set to
// undefined. fromShim is false for an object parsed from a string the page
// wrote, where such a member is the page's own data (left in).
func undefinedMembers(members []member, fromShim bool) ([]member, []string) {
	if !fromShim {
		return members, nil
	}
	var kept []member
	var undef []string
	for _, m := range members {
		if isUndefined(m.Value) {
			undef = append(undef, m.Key)
			continue
		}
		kept = append(kept, m)
	}
	return kept, undef
}

// undefinedSaid is what the message of a metadata finding says of a
// property the page set to undefined ([saidUndefined]);
// [FoldEnumMemberUnknown] looks for it.
const undefinedSaid = " is undefined:"

// saidUndefined rewrites the findings about a missing enum of the
// metadata (metadata-status-missing, metadata-enum-missing) whose key the
// page did set, to undefined: the usual cause is a misspelt enum member
// (MobilePlansMoDirectStatus.Completed), not a forgotten property.
func saidUndefined(fs []Finding, undef []string) []Finding {
	for i, f := range fs {
		if f.Code != CodeMetadataStatusMissing && f.Code != CodeMetadataEnumMissing {
			continue
		}
		for _, k := range undef {
			if canon, ok := canonicalEnumKey(k); ok && canon == f.Field {
				fs[i].Message = fmt.Sprintf("The purchase metadata's %s"+undefinedSaid+" the page set it (%s = …) to a value that does not exist, usually a misspelt enum member; the members of %s are %s.",
					k, "metadata."+k, enumMember(canon, ""), memberList(canon))
			}
		}
	}
	return fs
}

// canonicalEnumKey is the enum key of the metadata that key names (its
// documented spelling or an alias such as modirectStatus or lineType).
func canonicalEnumKey(key string) (string, bool) {
	if a, ok := purchaseKeyAliases[key]; ok {
		key = a
	}
	for _, k := range purchaseEnumKeys {
		if equalFoldASCII(k, key) {
			return k, true
		}
	}
	return "", false
}

// memberList lists the shim's members of the enum object of key:
// "complete, serviceError, …" for moDirectStatus.
func memberList(key string) string {
	vals := enumValuesFor(key)
	out := make([]string, len(vals))
	for i, v := range vals {
		m := enumMember(key, v)
		out[i] = m[strings.LastIndexByte(m, '.')+1:]
	}
	return strings.Join(out, ", ")
}
