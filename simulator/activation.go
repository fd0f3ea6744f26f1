package simulator

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ActivationCode is a parsed GSMA SGP.22 §4.1 activation code:
// <AC_Format>$<SM-DP+ address>$<Matching ID>[$<SM-DP+ OID>[$<Confirmation Code Required Flag>]],
// optionally followed by the SGP.22 v3 fields CI public key indicator and delete-notification flag.
type ActivationCode struct {
	Format               string // Format is the AC_Format field; only "1" is defined.
	SMDPAddress          string // SMDPAddress is the SM-DP+ FQDN.
	MatchingID           string // MatchingID is the AC_Token; it may be empty (SM-DS / default SM-DP+ cases).
	OID                  string // OID is the optional SM-DP+ object identifier (dotted decimal).
	ConfirmationRequired bool   // ConfirmationRequired is true when the confirmation-code flag is "1".
	CIPublicKeyID        string // CIPublicKeyID is the optional SGP.22 v3 CI public key indicator.
	DeleteNotification   string // DeleteNotification is the optional SGP.22 v3 delete-notification flag.
}

// String formats the code back into its "$"-separated form, without trailing empty optional fields.
func (a ActivationCode) String() string {
	fields := []string{a.Format, a.SMDPAddress, a.MatchingID, a.OID, "", a.CIPublicKeyID, a.DeleteNotification}
	if a.ConfirmationRequired {
		fields[4] = "1"
	}
	n := len(fields)
	for n > 3 && fields[n-1] == "" {
		n--
	}
	return strings.Join(fields[:n], "$")
}

// The kinds of activation-code problems that Mobile Plans rules add to SGP.22 (contract §2.6); the
// errors ParseActivationCode returns wrap them.
var (
	// ErrLPAPrefix: the code carries the "LPA:" prefix of QR codes and lpa: links.
	ErrLPAPrefix = errors.New("activation code carries the LPA: prefix")
	// ErrConfirmationCode: the code sets the confirmation-code-required flag.
	ErrConfirmationCode = errors.New("activation code requires a confirmation code")
)

// ParseActivationCode parses an activation code as a portal passes it to notifyProfileDownload
// (GSMA SGP.22 §4.1). Beyond SGP.22 it applies the Mobile Plans service configuration rules (contract §2.6,
// §6): an "LPA:" prefix is an error (that prefix is for QR codes and lpa: URIs only) and so is a set
// confirmation-code flag (operators must not require a confirmation code). A lower-case Matching ID is
// accepted, as in the docs' own example "1$smdp.address$matchingID". On error the returned value holds
// whatever could be parsed.
func ParseActivationCode(s string) (ActivationCode, error) {
	const field = "activation code"
	var ac ActivationCode
	if s == "" {
		return ac, invalid(field, s, "empty")
	}
	if strings.TrimSpace(s) != s {
		return ac, invalid(field, s, "has leading or trailing white space")
	}
	if len(s) >= 4 && strings.EqualFold(s[:4], "LPA:") {
		e := invalid(field, s, "must not carry the %q prefix: Mobile Plans service configuration forbids it "+
			"(it is only for QR codes and lpa: links; contract §2.6, §6); pass %q", s[:4], s[4:])
		e.Kind = ErrLPAPrefix
		return ac, e
	}
	parts := strings.Split(s, "$")
	if len(parts) < 3 {
		return ac, invalid(field, s, "has %d field(s); want at least 3: 1$<SM-DP+ address>$<matching ID> (SGP.22 §4.1)", len(parts))
	}
	if len(parts) > 7 {
		return ac, invalid(field, s, "has %d fields; SGP.22 defines at most 7", len(parts))
	}
	ac.Format, ac.SMDPAddress, ac.MatchingID = parts[0], parts[1], parts[2]
	if len(parts) > 3 {
		ac.OID = parts[3]
	}
	if ac.Format != "1" {
		return ac, invalid(field, s, "format field is %q; only \"1\" is defined (SGP.22 §4.1)", ac.Format)
	}
	if err := ValidateSMDPAddress(ac.SMDPAddress); err != nil {
		return ac, invalid(field, s, "bad SM-DP+ address: %s", reasonOf(err))
	}
	for i, r := range ac.MatchingID {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return ac, invalid(field, s, "matching ID has %q at position %d; only letters, digits and '-' are allowed", r, i+1)
		}
	}
	if ac.OID != "" && !isOID(ac.OID) {
		return ac, invalid(field, s, "SM-DP+ OID %q is not a dotted-decimal object identifier", ac.OID)
	}
	if err := parseOptionalFields(&ac, parts, s); err != nil {
		return ac, err
	}
	if ac.ConfirmationRequired {
		e := invalid(field, s, "requires a confirmation code, which Mobile Plans service configuration forbids (contract §2.6)")
		e.Kind = ErrConfirmationCode
		return ac, e
	}
	return ac, nil
}

func isOID(s string) bool {
	for _, arc := range strings.Split(s, ".") {
		if !IsDigits(arc) {
			return false
		}
	}
	return strings.Contains(s, ".")
}

// ValidateSMDPAddress checks that s is a plain fully qualified domain name as SGP.22 requires for the
// SM-DP+ address: dot-separated labels of letters, digits and '-', no scheme, port or path.
func ValidateSMDPAddress(s string) error {
	const field = "SM-DP+ address"
	if s == "" {
		return invalid(field, s, "empty")
	}
	if len(s) > 253 {
		return invalid(field, s, "longer than 253 characters")
	}
	if strings.ContainsAny(s, ":/") {
		return invalid(field, s, "must be a bare host name (no scheme, port or path)")
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return invalid(field, s, "has an empty or over-long label")
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return invalid(field, s, "label %q starts or ends with '-'", label)
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(isASCIILetter(c) || c >= '0' && c <= '9' || c == '-') {
				return invalid(field, s, "has %s; host names allow only letters, digits, '-' and '.'", fmt.Sprintf("%q", c))
			}
		}
	}
	return nil
}

// reasonOf returns the Reason of a *ValidationError, or the error text for any other error.
func reasonOf(err error) string {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return err.Error()
}

// printableToken reports whether s is valid UTF-8 with only printable,
// non-space characters (an SGP.22 field has neither spaces nor controls).
func printableToken(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// parseOptionalFields reads the optional fields 5–7 of an activation code s
// (split into parts): the confirmation code flag, the CI public key
// indicator and the delete-notification flag (SGP.22 §4.1, v3).
func parseOptionalFields(ac *ActivationCode, parts []string, s string) error {
	const field = "activation code"
	if len(parts) > 4 {
		switch parts[4] {
		case "":
		case "1":
			ac.ConfirmationRequired = true
		default:
			return invalid(field, s, "confirmation code required flag is %q; SGP.22 allows only \"1\" or empty", parts[4])
		}
	}
	if len(parts) > 5 {
		ac.CIPublicKeyID = parts[5]
		if !printableToken(ac.CIPublicKeyID) {
			return invalid(field, s, "CI public key indicator %q has white space or characters that are not printable", ac.CIPublicKeyID)
		}
	}
	if len(parts) > 6 {
		ac.DeleteNotification = parts[6]
		if ac.DeleteNotification != "" && ac.DeleteNotification != "0" && ac.DeleteNotification != "1" {
			return invalid(field, s, "delete-notification flag is %q; SGP.22 allows \"0\", \"1\" or empty", ac.DeleteNotification)
		}
	}
	return nil
}
