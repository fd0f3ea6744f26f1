package demoportal

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/url"
	"strings"

	"mpsim/simulator"
)

// Launch is what the portal understood from the launch query (contract
// §1.3) and headers (§1.4). Unknown parameters are ignored, as §1.3
// requires of every portal.
type Launch struct {
	EID           string   `json:"eid,omitempty"`
	ICCIDs        []string `json:"iccids,omitempty"`
	ICCID         string   `json:"iccid,omitempty"`
	IMEI          string   `json:"imei,omitempty"`
	Location      string   `json:"location,omitempty"`
	Market        string   `json:"market,omitempty"`
	TransactionID string   `json:"transactionId"`
	// Kind is "esim" (an eid was sent), "psim" (only an iccid was sent) or
	// "" (neither: the launch cannot be served).
	Kind string `json:"kind"`
	// Status is the moDirectStatus the portal would hand back if the user
	// leaves because of the launch problems: "" (no blocking problem),
	// "ClientError" (invalid arguments, §2.2) or "InvalidSIM" (the ICCID
	// passed to the portal is wrong, §2.2).
	Status string `json:"status"`
	// TopUp lists the ICCIDs of this operator's plans on the device that
	// the portal can add data to (flow F7): the valid entries of iccids
	// (eSIM; the app sends only this operator's profiles, §1.3), or the
	// inserted SIM's iccid (physical SIM).
	TopUp    []string      `json:"topUp,omitempty"`
	Problems []LaunchIssue `json:"problems"`
	LPAError *LPAErrorInfo `json:"lpaError,omitempty"`
	Params   []LaunchParam `json:"-"`
}

// LaunchParam is one known launch parameter as received, for display.
type LaunchParam struct {
	Name, Value string
}

// LaunchIssue is one problem found in the launch parameters. Severity is
// "error" (the purchase cannot go on; the page offers a ClientError or
// InvalidSIM hand-back) or "warning" (shown, the flow goes on).
type LaunchIssue struct {
	Field    string `json:"field"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// LPAErrorInfo holds the X-MP-LPAError-* headers sent on re-entry after a
// failed profile download (contract §1.4, flow F10).
type LPAErrorInfo struct {
	Codes      string `json:"codes"`
	TimeStamps string `json:"timeStamps"`
	ICCIDs     string `json:"iccids"`
	// Full is true when a download failed with InsufficientSpaceOnCard:
	// the eSIM has no room for another profile, so buying again cannot
	// help until the user removes one; the page says so.
	Full bool `json:"full,omitempty"`
}

// ParseLaunch reads the launch parameters from q and checks them. It never
// fails: problems are reported in Launch.Problems and Launch.Status.
func ParseLaunch(q url.Values, h map[string][]string) Launch {
	l := Launch{
		EID:           strings.TrimSpace(q.Get("eid")),
		ICCID:         strings.TrimSpace(q.Get("iccid")),
		IMEI:          strings.TrimSpace(q.Get("imei")),
		Location:      strings.TrimSpace(q.Get("location")),
		Market:        strings.TrimSpace(q.Get("market")),
		TransactionID: q.Get("transactionId"),
		Problems:      []LaunchIssue{},
	}
	if v := q.Get("iccids"); v != "" {
		// §5 #12: parse with trimming.
		for _, part := range strings.Split(v, ",") {
			if p := strings.TrimSpace(part); p != "" {
				l.ICCIDs = append(l.ICCIDs, p)
			}
		}
	}
	// The launch parameters the demo portal reads (§1.3); others are ignored.
	for _, name := range []string{"eid", "iccids", "iccid", "imei", "location", "market", "transactionId"} {
		if vs, ok := q[name]; ok {
			l.Params = append(l.Params, LaunchParam{Name: name, Value: strings.Join(vs, ",")})
		}
	}
	switch {
	case l.EID != "":
		l.Kind = "esim"
	case l.ICCID != "":
		l.Kind = "psim"
	}
	if hv := headerValue(h, "X-MP-LPAError-Codes"); hv != "" {
		l.LPAError = &LPAErrorInfo{
			Codes:      hv,
			TimeStamps: headerValue(h, "X-MP-LPAError-TimeStamps"),
			ICCIDs:     headerValue(h, "X-MP-LPAError-ICCIDs"),
		}
		for _, c := range strings.Split(hv, ",") {
			if strings.EqualFold(strings.TrimSpace(c), "InsufficientSpaceOnCard") {
				l.LPAError.Full = true
			}
		}
	}
	l.check()
	return l
}

func headerValue(h map[string][]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return strings.Join(v, ",")
		}
	}
	return ""
}

func (l *Launch) add(field, severity, format string, args ...any) {
	l.Problems = append(l.Problems, LaunchIssue{Field: field, Severity: severity, Message: fmt.Sprintf(format, args...)})
}

// check applies the §1.3 parameter rules and the §6 identifier formats. The
// problems are listed in the order of the checks: SIM, transactionId,
// location and market, imei.
func (l *Launch) check() {
	clientErr, invalidSIM := l.checkSIM()
	if l.checkTransactionID() {
		clientErr = true
	}
	if l.checkRegion() {
		clientErr = true
	}
	if l.checkIMEI() {
		clientErr = true
	}
	switch {
	case invalidSIM:
		l.Status = "InvalidSIM"
	case clientErr:
		l.Status = "ClientError"
	}
}

// checkSIM checks eid, iccid and iccids and sets TopUp to the profiles a
// top-up may choose from. It reports whether a SIM identifier is malformed
// (a client error) and whether the physical SIM is not one of ours.
func (l *Launch) checkSIM() (clientErr, invalidSIM bool) {
	if l.EID == "" && l.ICCID == "" {
		l.add("eid", "error", "neither eid (eSIM) nor iccid (physical SIM) was sent (§1.3)")
		clientErr = true
	}
	if l.EID != "" && !ValidEID(l.EID) {
		l.add("eid", "error", "eid %q is not 32 digits with valid check digits (§6)", l.EID)
		clientErr = true
	}
	if l.ICCID != "" {
		switch {
		case !validICCIDForm(l.ICCID):
			l.add("iccid", "error", "iccid %q is not an 18-20 digit number (§6)", l.ICCID)
			clientErr = true
		case !Luhn(l.ICCID):
			l.add("iccid", "error", "iccid %q fails the Luhn check: this is not one of our SIMs (InvalidSIM, §2.2)", l.ICCID)
			invalidSIM = true
		}
	}
	for _, id := range l.ICCIDs {
		if !validICCIDForm(id) || !Luhn(id) {
			l.add("iccids", "warning", "iccids entry %q is not a valid ICCID (§5 #12)", id)
		} else if l.Kind == "esim" {
			l.TopUp = append(l.TopUp, id)
		}
	}
	if l.Kind == "psim" && !clientErr && !invalidSIM {
		l.TopUp = []string{l.ICCID}
	}
	return clientErr, invalidSIM
}

// validICCIDForm reports whether id is an 18-20 digit number (§6); the Luhn
// check is separate.
func validICCIDForm(id string) bool {
	return simulator.IsDigits(id) && len(id) >= 18 && len(id) <= 20
}

// checkTransactionID checks transactionId and reports a client error.
func (l *Launch) checkTransactionID() (clientErr bool) {
	switch {
	case l.TransactionID == "":
		l.add("transactionId", "warning", "transactionId is missing (§1.3); the hand-back will carry an empty one")
	case len(l.TransactionID) > 64:
		l.add("transactionId", "error", "transactionId is %d characters; at most 64 are allowed (§1.3)", len(l.TransactionID))
		return true
	}
	return false
}

// checkRegion checks location and market and reports a client error.
func (l *Launch) checkRegion() (clientErr bool) {
	for _, f := range []struct{ name, v string }{{"location", l.Location}, {"market", l.Market}} {
		switch {
		case f.v == "":
			l.add(f.name, "warning", "%s is missing (§1.3)", f.name)
		case len(f.v) != 2 || !allLetters(f.v):
			l.add(f.name, "error", "%s %q is not a two-letter ISO 3166 code (§1.3)", f.name, f.v)
			clientErr = true
		case strings.EqualFold(f.v, "UK"):
			l.add(f.name, "warning", "%s %q is not ISO 3166 (the code is GB, §5 #13)", f.name, f.v)
		}
	}
	return clientErr
}

// checkIMEI checks imei and reports a client error.
func (l *Launch) checkIMEI() (clientErr bool) {
	switch {
	case l.IMEI == "":
		l.add("imei", "warning", "imei is missing (sent since Nov 2018, §1.3)")
	case !simulator.IsDigits(l.IMEI) || len(l.IMEI) < 14 || len(l.IMEI) > 16:
		l.add("imei", "error", "imei %q is not a 15-digit number (§6)", l.IMEI)
		return true
	case len(l.IMEI) == 15 && !Luhn(l.IMEI):
		l.add("imei", "warning", "imei %q fails the Luhn check (§6, §5 #17)", l.IMEI)
	}
	return false
}

func allLetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return s != ""
}

// Luhn reports whether the digit string s ends in a valid Luhn check digit
// (ICCID per ITU-T E.118, IMEI; contract §6).
func Luhn(s string) bool { return simulator.LuhnValid(s) }

// ValidEID reports whether s is a 32-digit EID starting with 89 whose last
// two digits are the ISO 7064 MOD 97-10 check digits (contract §6).
func ValidEID(s string) bool { return simulator.ValidateEID(s) == nil }

// FallbackProfile makes an eSIM profile when Config.IssueProfile is nil: a
// 19-digit Luhn-valid ICCID in the 8988247 range used by the contract's
// examples, and an SGP.22 activation code "1$<SM-DP+ address>$<matching ID>"
// without the "LPA:" prefix and without a confirmation code (§2.6, §6).
func FallbackProfile() (iccid, activationCode string, err error) {
	digits, err := randomString("0123456789", 9)
	if err != nil {
		return "", "", err
	}
	body := "898824700" + digits
	check, err := simulator.LuhnCheckDigit(body)
	if err != nil {
		return "", "", err
	}
	iccid = body + string(rune('0'+check))
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var groups []string
	for range 4 {
		g, err := randomString(alnum, 5)
		if err != nil {
			return "", "", err
		}
		groups = append(groups, g)
	}
	return iccid, "1$smdp.demo-portal.mpsim.test$" + strings.Join(groups, "-"), nil
}

func randomString(alphabet string, n int) (string, error) {
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", fmt.Errorf("demoportal: random: %w", err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b), nil
}
