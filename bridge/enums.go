package bridge

import "strings"

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
	obj, member, _ := strings.Cut(name, ".")
	vals, ok := enumObjects[obj]
	if !ok || member == "" {
		return nil
	}
	members := make([]string, len(vals))
	best, bestD := "", -1
	for i, v := range vals {
		members[i] = toLowerASCII(v[:1]) + v[1:]
		if d, near := closeTo(toLowerASCII(member), toLowerASCII(members[i])); near && (bestD < 0 || d < bestD) {
			best, bestD = members[i], d
		}
	}
	if best == "" {
		return nil
	}
	return []Finding{newFinding(CodeEnumMemberUnknown, name,
		"%s is not a member of %s, so it is undefined, and so is whatever the page set from it; did you mean %s.%s? Its members are %s.",
		name, obj, obj, best, strings.Join(members, ", "))}
}
