package session

import (
	"mpsim/bridge"
	"mpsim/simulator"
)

// inlineProfile is a profile an inline download of this session installs
// (F3) or will install (F4): the API called, its activation code and the
// ICCID of the profile behind the code.
type inlineProfile struct {
	api, code, iccid string
}

// noteInlineProfile remembers the profile an accepted inline download
// (notifyProfileDownload, F3 or F4) installs, for a later legacy hand-back
// of the same session to be compared with (checkInlineProfile). A call
// whose input the app refuses (invalidJson, invalidActivationCode) installs
// nothing and is not noted.
func (r *runner) noteInlineProfile(api string, chk bridge.CallCheck) {
	if r.device.Kind != simulator.KindESIM || badInput(chk) != "" {
		return
	}
	code := chk.ActivationCode
	if chk.SMDPAddressOnly {
		code = "1$" + code + "$" // as startDownload asks the LPA for it
	}
	r.inlineProfiles = append(r.inlineProfiles, inlineProfile{api: api, code: code, iccid: r.profileICCID(code)})
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
	handed := simulator.StripICCIDPadding(res.ICCID)
	for _, p := range r.inlineProfiles {
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
	p := r.inlineProfiles[len(r.inlineProfiles)-1]
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
