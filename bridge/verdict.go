package bridge

import "fmt"

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
// bad token or origin, messages that were no valid envelope, and a hand-back
// over the envelope limit (the real app leaves the portal there).
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
	return SessionFindingsFlooded(handBacks, 0)
}

// SessionFindingsFlooded is SessionFindings for a session whose portal
// window also dropped flooded hand-back or inline calls over their
// per-second budget (bridge-flood-dropped): the hand-backs mpsim received
// are then not all the page made (QA hostile: 100 hand-backs in a loop
// read "handed control back 50 times"), and since the window counts the
// inline calls it dropped with them, how many more were hand-backs is not
// known: the finding says "at least" and counts the dropped calls.
func SessionFindingsFlooded(handBacks, flooded int) []Finding {
	if handBacks <= 1 {
		return nil
	}
	times := fmt.Sprintf("%d times", handBacks)
	if flooded > 0 {
		times = fmt.Sprintf("at least %d times (%d reached mpsim; the portal window dropped %d more hand-back or inline call(s) over their per-second budget, see %s)", handBacks, handBacks, flooded, CodeBridgeFloodDropped)
	}
	return []Finding{newFinding(CodeHandbackRepeated, "",
		"The portal handed control back %s; the real app closes the portal after the first hand-back, so later calls are never seen: mpsim keeps the first's result and acts on none after it.", times)}
}
