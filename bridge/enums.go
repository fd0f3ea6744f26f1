package bridge

import (
	"fmt"
	"strings"
)

// Purchase-result enum values (contract §2.2, §2.7). The shim's enum objects
// (MobilePlansUserAccount.new == "New", …) carry these PascalCase strings.
var (
	stepValues = [...]string{"New", "Existing", "Bailed", "None"}
	// moDirectStatus: the union of every page (contract §5 #4).
	statusValues = [...]string{"Complete", "ServiceError", "InvalidSIM", "LogOnFailed", "PurchaseFailed",
		"ClientError", "BillingError", "None", "Cancelled"}
	registrationStates = [...]string{"none", "deregistered", "searching", "home", "roaming", "partner", "denied"}
	activationErrors   = [...]string{
		"success", "notAuthorized", "notFound", "policyViolation", "insufficientSpaceOnCard", "serverFailure",
		"serverNotReachable", "timeoutWaitingForUserConsent", "incorrectConfirmationCode",
		"confirmationCodeMaxRetriesExceeded", "cardRemoved", "cardBusy", "other", "cardGeneralFailure",
		"confirmationCodeMissing", "invalidMatchingId", "noEligibleProfileForThisDevice", "operationAborted",
		"eidMismatch", "profileNotAvailableForNewBinding", "profileNotReleasedByOperator",
		"operationProhibitedByProfileClass", "profileNotPresent", "noCorrespondingRequest",
		"unknownError", "lpaInitializationError", "modemNotFound", "localSettingsAccessFailed", "invalidJson",
		"invalidActivationCode", "invalidIccid",
	}
)

// StepValues returns the documented values of userAccount, purchaseInstrument
// and line (contract §2.2).
func StepValues() []string { return append([]string(nil), stepValues[:]...) }

// MoDirectStatusValues returns the accepted moDirectStatus values: the union
// of every documentation page (contract §5 #4).
func MoDirectStatusValues() []string { return append([]string(nil), statusValues[:]...) }

// RegistrationStates returns the MobilePlansNetworkRegistrationState values
// (contract §2.5).
func RegistrationStates() []string { return append([]string(nil), registrationStates[:]...) }

// ActivationErrors returns the 31 MobilePlansActivationError values
// (contract §2.5), in documentation order.
func ActivationErrors() []string { return append([]string(nil), activationErrors[:]...) }

// canonicalEnum returns the documented spelling of v among values, matching
// case-insensitively, and whether a match was found.
func canonicalEnum(v string, values []string) (string, bool) {
	for _, c := range values {
		if equalFoldASCII(c, v) {
			return c, true
		}
	}
	return "", false
}

// enumObjects maps each enum object of the shim (contract §2.3, §2.5) to
// its values; its members are the values with a lower-case first letter.
var enumObjects = map[string][]string{
	"MobilePlansUserAccount": stepValues[:], "MobilePlansPurchaseInstrument": stepValues[:], "MobilePlansLineType": stepValues[:],
	"MobilePlansMoDirectStatus": statusValues[:], "MobilePlansNetworkRegistrationState": registrationStates[:],
	"MobilePlansActivationError": activationErrors[:],
	"DataMartUserAccount":        stepValues[:], "DataMartPurchaseInstrument": stepValues[:], "DataMartLineType": stepValues[:],
	"DataMartMoDirectStatus": statusValues[:], "DataMartNetworkRegistrationState": registrationStates[:],
	"DataMartActivationErrors": activationErrors[:],
}

// enumLookupFindings is enum-member-unknown for a read of name
// ("MobilePlansMoDirectStatus.Completed", EventEnumLookup) a few edits or
// a case from a member of the object; none for other names (a library
// probing any object for toJSON or then).
func enumLookupFindings(name string) []Finding {
	obj, best, members, ok := closestEnumMember(name)
	if !ok {
		return nil
	}
	return []Finding{newFinding(CodeEnumMemberUnknown, name,
		"%s is not a member of %s, so it is undefined, and so is whatever the page set from it; did you mean %s.%s? Its members are %s.",
		name, obj, obj, best, strings.Join(members, ", "))}
}

// closestEnumMember splits name ("MobilePlansMoDirectStatus.Completed")
// into its enum object and the member meant (complete), with the
// object's members; ok is false when name is no member read of an enum
// object, or is far from every member.
func closestEnumMember(name string) (obj, best string, members []string, ok bool) {
	obj, member, _ := strings.Cut(name, ".")
	vals, known := enumObjects[obj]
	if !known || member == "" {
		return "", "", nil, false
	}
	members = make([]string, len(vals))
	bestD := -1
	for i, v := range vals {
		members[i] = toLowerASCII(v[:1]) + v[1:]
		if d, near := closeTo(toLowerASCII(member), toLowerASCII(members[i])); near && (bestD < 0 || d < bestD) {
			best, bestD = members[i], d
		}
	}
	return obj, best, members, best != ""
}

// metadataKeyOfEnum maps the purchase enum objects (contract §2.3) to the
// purchase-metadata property a page sets from them.
var metadataKeyOfEnum = map[string]string{
	"MobilePlansUserAccount": "userAccount", "DataMartUserAccount": "userAccount",
	"MobilePlansPurchaseInstrument": "purchaseInstrument", "DataMartPurchaseInstrument": "purchaseInstrument",
	"MobilePlansLineType": "line", "DataMartLineType": "line",
	"MobilePlansMoDirectStatus": "moDirectStatus", "DataMartMoDirectStatus": "moDirectStatus",
}

// FoldEnumMemberUnknown folds an enum-member-unknown finding (read, a
// read of MobilePlansMoDirectStatus.Completed the page made) into the
// finding of a call's purchase metadata whose property the page set to
// undefined (metadata-status-missing or metadata-enum-missing, saying
// "is undefined"), when read's enum object is that property's: the
// misspelt member is why the property is undefined, so one finding says
// both. The result keeps missing's code, severity, field and section (a
// missing moDirectStatus stays the error it is) with read's explanation;
// ok is false when the two are not about the same property.
func FoldEnumMemberUnknown(read, missing Finding) (Finding, bool) {
	if read.Code != CodeEnumMemberUnknown || (missing.Code != CodeMetadataStatusMissing && missing.Code != CodeMetadataEnumMissing) ||
		!strings.Contains(missing.Message, undefinedSaid) {
		return Finding{}, false
	}
	obj, best, members, ok := closestEnumMember(read.Field)
	if !ok || metadataKeyOfEnum[obj] != missing.Field {
		return Finding{}, false
	}
	required := ""
	if missing.Code == CodeMetadataStatusMissing {
		required = ", the one required property, so the app cannot take the metadata"
	}
	f := missing
	f.Message = fmt.Sprintf("The purchase metadata's %s is undefined%s: the page set it from %s, which is not a member of %s, so it got undefined. Did you mean %s.%s? Its members are %s.",
		missing.Field, required, read.Field, obj, obj, best, strings.Join(members, ", "))
	return f, true
}
