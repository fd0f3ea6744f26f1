package bridge

import (
	"errors"
	"strings"
	"unicode/utf8"

	"mpsim/simulator"
)

// checkICCID validates an ICCID the portal sent (contract §6, §5 #17): 19 or
// 20 digits starting with 89, no trailing F, Luhn check digit (a warning only:
// the documentation's own example ICCIDs fail it, §5 #17, and some
// operators' 20-digit ICCIDs carry no Luhn digit, §6). It returns the
// normalised ICCID (trailing F stripped) and the findings, reported on field.
func checkICCID(iccid, field string) (string, []Finding) {
	var fs []Finding
	norm := iccid
	if n := len(norm); n > 0 && (norm[n-1] == 'F' || norm[n-1] == 'f') && simulator.IsDigits(norm[:n-1]) {
		norm = norm[:n-1]
		fs = append(fs, newFinding(CodeICCIDTrailingF, field,
			"ICCID %s ends with the padding nibble F; send %s (the app strips F before launch, §1.3).", shownValue(iccid), shownValue(norm)))
	}
	if !simulator.IsDigits(norm) || (len(norm) != 19 && len(norm) != 20) || !strings.HasPrefix(norm, "89") {
		fs = append(fs, newFinding(CodeICCIDFormat, field,
			"ICCID %s is not an ICCID: expected 19 or 20 decimal digits starting with 89 (got %d characters).", shownValue(iccid), utf8.RuneCountInString(iccid)))
		return norm, fs
	}
	if !simulator.LuhnValid(norm) {
		also := ""
		if len(norm) == 20 {
			also = ", and some operators' 20-digit ICCIDs carry no Luhn digit"
		}
		fs = append(fs, newFinding(CodeICCIDLuhn, field,
			"ICCID %s fails the Luhn check digit test; an ICCID normally ends with a Luhn digit (ITU-T E.118). Only a warning: the documentation's own example ICCIDs (8900000000000000001, 89000000000000000000) fail it too%s.", shownValue(norm), also))
	}
	return norm, fs
}

// ActivationCode is a parsed GSMA SGP.22 §4.1 activation code; it is the simulator's, so that the
// bridge and the simulated eSIM judge a code the same way.
type ActivationCode = simulator.ActivationCode

// ParseActivationCode judges an activation code with the one parser mpsim has,
// simulator.ParseActivationCode (SGP.22 §4.1 plus the Mobile Plans rules of
// contract §2.6), and turns its verdict into findings reported on field:
// CodeActivationCodeLPAPrefix, CodeActivationCodeConfirm or
// CodeActivationCodeFormat when the code is refused (ok is false: the app
// cannot download it), CodeActivationCodeEmptyMID when it is accepted with an
// empty matching id.
func ParseActivationCode(code, field string) (ac ActivationCode, ok bool, findings []Finding) {
	ac, err := simulator.ParseActivationCode(code)
	if err != nil {
		why := err.Error()
		var ve *simulator.ValidationError
		if errors.As(err, &ve) {
			why = ve.Reason
		}
		switch {
		case errors.Is(err, simulator.ErrLPAPrefix):
			findings = append(findings, newFinding(CodeActivationCodeLPAPrefix, field,
				"Activation code %s starts with %q; Mobile Plans takes the bare code (§2.6): send %s. The app cannot download it.", shownValue(code), code[:4], shownValue(code[4:])))
		case errors.Is(err, simulator.ErrConfirmationCode):
			findings = append(findings, newFinding(CodeActivationCodeConfirm, field,
				"Activation code %s sets the confirmation-code-required flag; Mobile Plans profiles must not need a confirmation code (§2.6). The app cannot download it.", shownValue(code)))
		default:
			findings = append(findings, newFinding(CodeActivationCodeFormat, field,
				"Activation code %s is not a valid SGP.22 code: %s. A correct code looks like \"1$smdp.example.com$04386-AGYFT-A74Y8-3F815\".", shownValue(code), shortenQuoted(why)))
		}
		return ac, false, findings
	}
	if ac.MatchingID == "" {
		findings = append(findings, newFinding(CodeActivationCodeEmptyMID, field,
			"Activation code %s has an empty matching id; SGP.22 allows it (default SM-DP+/SM-DS cases) but operators normally send one.", shownValue(code)))
	}
	return ac, true, findings
}

// checkActivationCode is ParseActivationCode's findings, and
// CodeActivationCodeOtherSMDP when a usable code names another SM-DP+ than
// the operator's profile (exp.SMDPAddress).
func checkActivationCode(code, field string, exp Expectation) []Finding {
	ac, ok, fs := ParseActivationCode(code, field)
	if ok && exp.SMDPAddress != "" && !equalFoldASCII(ac.SMDPAddress, exp.SMDPAddress) {
		fs = append(fs, newFinding(CodeActivationCodeOtherSMDP, field,
			"Activation code %s names the SM-DP+ %s; the operator profile names %s. The app passes the code to the LPA as it is, so the download goes to %s: check the portal's configuration or the profile's smdp_address.",
			shownValue(code), ac.SMDPAddress, exp.SMDPAddress, ac.SMDPAddress))
	}
	return fs
}
