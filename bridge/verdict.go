package bridge

// Verdict is the outcome of one portal session.
type Verdict string

// The four verdicts.
const (
	VerdictPass       Verdict = "pass"
	VerdictFail       Verdict = "fail"
	VerdictNoCallback Verdict = "no-callback"
	VerdictRejected   Verdict = "rejected"
)

// DecideVerdict returns the session verdict. handBacks counts the accepted
// calls that handed a result to the host; rejected counts calls refused for a
// bad token or origin.
//
//   - rejected > 0 and no hand-back → VerdictRejected;
//   - no hand-back → VerdictNoCallback;
//   - any finding with SeverityError → VerdictFail;
//   - otherwise VerdictPass.
func DecideVerdict(handBacks int, rejected int, findings []Finding) Verdict {
	switch {
	case handBacks <= 0 && rejected > 0:
		return VerdictRejected
	case handBacks <= 0:
		return VerdictNoCallback
	case HasErrors(findings):
		return VerdictFail
	}
	return VerdictPass
}

// SessionFindings returns the findings about the session as a whole: more
// than one control hand-back (the real app leaves the portal after the first,
// contract §1.6) is a warning.
func SessionFindings(handBacks int) []Finding {
	if handBacks > 1 {
		return []Finding{newFinding(CodeHandbackRepeated, "",
			"The portal handed control back %d times; the real app closes the portal after the first hand-back, so later calls are never seen: mpsim keeps the first's result and acts on none after it.", handBacks)}
	}
	return nil
}
