package bridge

import (
	"encoding/json"
)

// DecodeMetadata decodes a purchase-metadata argument (the object from
// MobilePlans.createPurchaseMetaData(), contract §2.2) as the shim forwarded
// it and validates it against the purchase-metadata schema.
//
// Both spellings of contract §5 #5 are accepted: lineType → line and
// modirectStatus → moDirectStatus (warning key-alias). moDirectStatus is
// required; missing optional enums are warnings (§5 #9). Success is taken to
// mean moDirectStatus == Complete, so planName must be non-empty exactly when
// the status is Complete. A JSON string holding the object is accepted with a
// warning. Findings cite the metadata's section of the contract (§2.2), not
// the legacy payload's.
func DecodeMetadata(arg json.RawMessage) (PurchaseResult, []Finding) {
	pr, fs := decodeMetadata(arg)
	return pr, citing(metadataSections, fs...)
}

func decodeMetadata(arg json.RawMessage) (PurchaseResult, []Finding) {
	const field = "purchaseMetaData"
	var fs []Finding
	if marker, ok := isMarker(arg); ok {
		if marker == "undefined" {
			return PurchaseResult{}, []Finding{newFinding(CodeMetadataMissing, field,
				"The purchase metadata argument is undefined; pass the object from MobilePlans.createPurchaseMetaData().")}
		}
		return PurchaseResult{}, []Finding{newFinding(CodeMetadataNotObject, field,
			"The purchase metadata argument is a %s; pass the object from MobilePlans.createPurchaseMetaData().", marker)}
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
	inst, pr, nfs := normalisePurchase(members, metadataSpec, "")
	fs = append(fs, nfs...)
	fs = append(fs, validateSchema(metadataSchemaFile, inst, nil)...)
	for _, k := range purchaseEnumKeys[:3] {
		if _, ok := inst[k]; !ok {
			fs = append(fs, newFinding(CodeMetadataEnumMissing, k,
				"The purchase metadata has no %s; it is optional in the current table but was required earlier: set one of %s.", k, enumList(k)))
		}
	}
	fs = append(fs, statusFindings(pr.MoDirectStatus, "moDirectStatus", true)...)
	return pr, fs
}
