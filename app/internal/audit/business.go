package audit

import (
	"fmt"
	"strings"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// checkConnectivityOnly is manual; it quotes the plan the portal sold.
func checkConnectivityOnly(f *facts, o *outcome) {
	o.manual()
	if f.succeeded() {
		o.note("handed back plan %q", f.in.HandBack.PurchaseResult.PlanName)
	}
}

// checkImmediateActivation reads a successful hand-back: an eSIM purchase
// with an activation code can be installed and activated at once; one with
// only an ICCID names a profile already on the device (a person checks the
// plan is live on it); one with neither leaves the app nothing to activate.
// A physical SIM's activation happens in the network: manual. So are a
// balance addition, which tops up a plan already on the SIM or profile
// (contract §3 F7), and notifyCancelledPurchase, which is no purchase
// (§3 F8) whatever moDirectStatus it carries (docs/policies.md #3).
func checkImmediateActivation(f *facts, o *outcome) {
	o.manual()
	hb := f.in.HandBack
	switch {
	case hb == nil:
		o.note("no hand-back in this session")
		return
	case f.in.HandBackAction == bridge.ActionCancelledPurchase:
		o.note("no purchase in this session: the portal handed back notifyCancelledPurchase (moDirectStatus %q), so there is nothing to activate", hb.PurchaseResult.MoDirectStatus)
		return
	case f.in.HandBackAction == bridge.ActionBalanceAddition:
		noteTopUp(f, o)
		return
	case !hb.Success:
		o.note("no purchase in this session (moDirectStatus %q)", hb.PurchaseResult.MoDirectStatus)
		return
	}
	switch {
	case f.in.SIM == "esim" && hb.ActivationCode != "":
		o.fallback = StatusPass
		o.note("eSIM purchase handed back with activation code %q: the app downloads and enables the profile at once", hb.ActivationCode)
	case f.in.SIM == "esim" && hb.ICCID != "":
		o.note("eSIM purchase handed back for the existing profile ICCID %s (no activation code)", hb.ICCID)
		o.look = "The plan was sold on a profile already on the device: check it is active on that profile right after the hand-back."
	case f.in.SIM == "esim" && len(f.findings(bridge.CodeArgsSwapped)) > 0:
		// The swap is why no code reached the app: args-swapped says it
		// and how to fix it; the policy restates it, with no finding of
		// its own (QA: a second finding that only followed from the swap).
		for _, x := range f.findings(bridge.CodeArgsSwapped) {
			o.restate(bridge.CodeArgsSwapped, "eSIM purchase handed back success with neither an activation code nor an ICCID, as the call's arguments were swapped: "+x, true)
		}
	case f.in.SIM == "esim":
		o.fail("eSIM purchase handed back success with neither an activation code nor an ICCID: the app has nothing to activate")
	default:
		o.note("%s purchase handed back for ICCID %q", simName(f.in.SIM), hb.ICCID)
		o.look = "Check that the line is active on the SIM right after the hand-back, with no waiting period or second step."
	}
}

// noteTopUp reads a balance addition, which adds to a plan already on a
// physical SIM or an installed eSIM profile (contract §3 F7): no new
// product, so a person checks the balance is usable at once.
func noteTopUp(f *facts, o *outcome) {
	hb := f.in.HandBack
	switch {
	case !hb.Success:
		o.note("balance addition handed back with moDirectStatus %q: no plan was bought", hb.PurchaseResult.MoDirectStatus)
	case hb.ICCID != "":
		o.note("balance added to the existing plan of %s profile ICCID %s (notifyBalanceAddition): no new product to activate", simName(f.in.SIM), hb.ICCID)
	default:
		o.note("balance added to the existing plan on the %s (notifyBalanceAddition): no new product to activate", simName(f.in.SIM))
	}
	o.look = "The top-up was for a plan already on the SIM or profile: check the added balance can be used right after the hand-back, with no waiting period or second step."
}

// simName names a SIM kind in evidence.
func simName(sim string) string {
	switch sim {
	case "psim":
		return "physical SIM"
	case "esim":
		return "eSIM"
	case "":
		return "unknown SIM"
	}
	return sim
}

// Accessors of the probe's control lists.
func termsOf(p inspect.Probe) []string   { return p.Terms }
func supportOf(p inspect.Probe) []string { return p.Support }
func privacyOf(p inspect.Probe) []string { return p.Privacy }

// checkReachable passes when a probe found the control (a link or text)
// where a user can see it and warns when the probes found none: it may be
// on a page mpsim did not probe, or worded in a way the probe does not
// know. One the page has but hides (off-screen, a pixel wide, clipped
// away, white on white) does not count; the warning names it.
func checkReachable(f *facts, o *outcome, what, kind string, get func(inspect.Probe) []string) {
	ps, ok := f.probesOr(o)
	if !ok {
		return
	}
	found := false
	for _, p := range ps {
		for _, sel := range get(p) {
			found = true
			o.note("%s: %s", probeLabel(p), sel)
		}
	}
	if !found {
		o.warn("no %s link or text found on the probed pages (%s)%s%s", what, labels(ps), hiddenSummary(ps, kind), unknownLangNote(ps, kind))
		noteHidden(o, ps, kind)
	}
}

// hiddenSummary is "; found but not visible: CONTROL (WHY)" for the first
// control or text of kind the probes found hidden (and how many other
// ones), else "". A control is counted once however many probes found it
// hidden (the hand-back's probe sees the first page's control again on a
// single-page portal): "and 1 more" read as a second hidden element.
func hiddenSummary(ps []inspect.Probe, kind string) string {
	var first *inspect.ProbeHidden
	seen := map[string]bool{}
	for _, p := range ps {
		for i, h := range p.Hidden {
			if h.Kind != kind || seen[h.Control] {
				continue
			}
			if first == nil {
				first = &p.Hidden[i]
			}
			seen[h.Control] = true
		}
	}
	if first == nil {
		return ""
	}
	more := ""
	if len(seen) > 1 {
		more = fmt.Sprintf(" and %d more", len(seen)-1)
	}
	return fmt.Sprintf("; found but not visible: %s (%s)%s", first.Control, first.Why, more)
}

// noteHidden notes each control or text of kind the probes found hidden.
func noteHidden(o *outcome, ps []inspect.Probe, kind string) {
	for _, p := range ps {
		for _, h := range p.Hidden {
			if h.Kind == kind {
				o.note("%s: found but not visible: %s (%s)", probeLabel(p), h.Control, h.Why)
			}
		}
	}
}

// labels lists the probes' labels.
func labels(ps []inspect.Probe) string {
	var ls []string
	for _, p := range ps {
		ls = append(ls, p.Label)
	}
	return strings.Join(ls, ", ")
}

// checkOrderConfirmation is manual; it points at the screenshot taken at
// the hand-back of a successful purchase.
func checkOrderConfirmation(f *facts, o *outcome) {
	o.manual()
	if !f.succeeded() {
		o.note("no successful purchase in this session")
		return
	}
	o.note("purchase of %q handed back", f.in.HandBack.PurchaseResult.PlanName)
	for _, s := range f.in.Screenshots {
		if s.Label == "handback" {
			o.note("screenshot at the hand-back: %s", s.Path)
		}
	}
}
