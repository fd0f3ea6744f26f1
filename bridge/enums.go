package bridge

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
