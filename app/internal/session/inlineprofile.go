package session

import (
	"slices"

	"mpsim/bridge"
	"mpsim/simulator"
)

// inlineProfile is a profile an inline download of this session installs
// (F3) or will install (F4): the API called, its operation's id, its
// activation code and the ICCID of the profile behind the code. gone says
// the download installs nothing after all: it failed (the activation
// listener got another result than success) or the portal cancelled the
// deferred download before it was offered (F5).
type inlineProfile struct {
	api, op, code, iccid string
	gone                 bool
}

// noteInlineProfile remembers the profile an accepted inline download
// (notifyProfileDownload, F3 or F4) installs, for a later legacy hand-back
// of the same session to be compared with (checkInlineProfile). A call
// whose input the app refuses (invalidJson, invalidActivationCode) installs
// nothing and is not noted.
func (r *runner) noteInlineProfile(api, opID string, chk bridge.CallCheck) {
	if r.device.Kind != simulator.KindESIM || badInput(chk) != "" {
		return
	}
	code := chk.ActivationCode
	if chk.SMDPAddressOnly {
		code = "1$" + code + "$" // as startDownload asks the LPA for it
	}
	r.inlineProfiles = append(r.inlineProfiles, inlineProfile{api: api, op: opID, code: code, iccid: r.profileICCID(code)})
}

// inlineProfileGone marks the latest inline download that matches as one
// that installs nothing (it failed, or was cancelled): a later legacy
// hand-back is not compared with it (checkInlineProfile), and its profile
// is not one the eSIM holds or will hold (expectNow).
func (r *runner) inlineProfileGone(match func(inlineProfile) bool) {
	for i := len(r.inlineProfiles) - 1; i >= 0; i-- {
		if p := r.inlineProfiles[i]; !p.gone && match(p) {
			r.inlineProfiles[i].gone = true
			return
		}
	}
}

// expectNow is what a call is checked against now: the launch's
// expectation (Config.Expect) with the profiles this session's downloads
// installed on the eSIM, or an inline download of it is installing, among
// the profiles on the device and those of the operator. The launch's
// iccids name the operator's profiles on the eSIM when the portal opened
// (contract §1.3); a profile downloaded since is on the eSIM as well, so a
// legacy hand-back that names it without an activation code is flow F2
// for it (§2.7: iccid is "the ICCID the device must use"; §3 F2), not
// activation-code-missing, and a balance addition for it (§3 F7) is for
// a profile on the device. Before, only the launch's were known, and a
// correct portal that handed back the profile it had just downloaded
// inline failed. A list the expectation leaves unknown (nil) stays so.
func (r *runner) expectNow() bridge.Expectation {
	exp := r.cfg.Expect
	if r.device.Kind != simulator.KindESIM {
		return exp
	}
	var since []string
	add := func(iccid string) {
		iccid = simulator.StripICCIDPadding(iccid)
		if iccid != "" && !slices.Contains(since, iccid) {
			since = append(since, iccid)
		}
	}
	for _, p := range r.device.Profiles {
		if !slices.ContainsFunc(r.cfg.Device.Profiles, func(q simulator.Profile) bool { return sameICCID(p.ICCID, q.ICCID) }) {
			add(p.ICCID)
		}
	}
	for _, p := range r.inlineProfiles {
		if !p.gone {
			add(p.iccid)
		}
	}
	if len(since) == 0 {
		return exp
	}
	exp.ICCIDs = withICCIDs(exp.ICCIDs, since)
	exp.OperatorICCIDs = withICCIDs(exp.OperatorICCIDs, since)
	return exp
}

// withICCIDs is list with the ICCIDs of more it lacks (trailing F
// ignored), in a new slice; a nil list (unknown) stays nil.
func withICCIDs(list, more []string) []string {
	if list == nil {
		return nil
	}
	out := slices.Clone(list)
	for _, id := range more {
		if !slices.ContainsFunc(out, func(o string) bool { return sameICCID(o, id) }) {
			out = append(out, id)
		}
	}
	return out
}

// sameICCID reports whether a and b name the same ICCID, the BCD padding F
// ignored (contract §1.3).
func sameICCID(a, b string) bool {
	return simulator.StripICCIDPadding(a) == simulator.StripICCIDPadding(b)
}

// checkInlineProfile compares a successful legacy eSIM hand-back with the
// profiles this session's inline downloads installed. The app acts on both
// calls (contract §3 F3: the inline download leaves the portal open and
// downloads and activates its profile; §2.7, F1/F2: the legacy success
// names "the ICCID the device must use", downloading its own activation
// code first): when the hand-back names another profile than every inline
// download's, by its iccid or by an activation code of another profile,
// the purchase ends with two profiles, and the one the portal's
// hand-back named is not the one it downloaded, so
// handback-not-inline-profile says so. A hand-back with the inline
// download's own activation code is the same profile (a retry, §2.6;
// handback-iccid-not-codes-profile checks its iccid).
func (r *runner) checkInlineProfile(res bridge.Result) {
	if len(r.inlineProfiles) == 0 {
		return
	}
	live := slices.DeleteFunc(slices.Clone(r.inlineProfiles), func(p inlineProfile) bool { return p.gone })
	if len(live) == 0 {
		return // every inline download failed or was cancelled: nothing installed to compare with
	}
	handed := simulator.StripICCIDPadding(res.ICCID)
	for _, p := range live {
		if res.ActivationCode != "" && res.ActivationCode == p.code {
			return
		}
		if res.ActivationCode == "" && handed == simulator.StripICCIDPadding(p.iccid) {
			return
		}
		if res.ActivationCode != "" && handed == "" && simulator.StripICCIDPadding(r.profileICCID(res.ActivationCode)) == simulator.StripICCIDPadding(p.iccid) {
			return
		}
	}
	p := live[len(live)-1]
	var what, act string
	switch {
	case res.ActivationCode != "":
		named := handed
		if named == "" {
			named = r.profileICCID(res.ActivationCode)
		}
		what = "names another profile: its activation code " + res.ActivationCode + " is that of profile " + named
		act = "downloads that profile too and activates it (§3 F1), so the purchase ends with two profiles"
	default:
		what = "names iccid " + res.ICCID + ", another profile, with no activation code"
		act = "switches to " + res.ICCID + ", the ICCID the device must use for the plan (§2.7, §3 F2), away from the profile just downloaded"
	}
	r.addFinding(bridge.NewFinding(bridge.CodeHandbackNotInlineProfile, "iccid",
		"The legacy hand-back (DataMart.notifyPurchaseResult) reports a successful purchase and %s, but this session's inline download (%s with %s) installed profile %s for it. The app acts on both calls: it downloaded and activated %s while the portal stayed open (§3 F3), then %s. The ICCID the portal recorded for the purchase is not the profile it downloaded. Use one hand-back: after an inline download the portal stays open and needs no legacy hand-back; if it sends one, name the downloaded profile (iccid %s, or the same activation code).",
		what, p.api, p.code, p.iccid, p.iccid, act, p.iccid))
}
