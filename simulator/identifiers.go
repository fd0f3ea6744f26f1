package simulator

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// ValidationError reports why one identifier value is not valid. Its Error method names the field and the
// value, followed by the reason, for example
// "ICCID 8988247000100003313: check digit should be 9, not 3".
type ValidationError struct {
	Field  string // Field is the kind of identifier, such as "ICCID", "EID" or "market".
	Value  string // Value is the offending value exactly as given.
	Reason string // Reason explains what is wrong and, where possible, what the value should be.
	// Kind, if set, classifies the problem (e.g. ErrLPAPrefix) for errors.Is.
	Kind error
}

// Unwrap returns Kind, so that errors.Is(err, ErrLPAPrefix) and the like work.
func (e *ValidationError) Unwrap() error { return e.Kind }

// Error returns "<Field> <Value>: <Reason>". Empty values and values containing spaces or control
// characters are quoted so that the message stays unambiguous.
func (e *ValidationError) Error() string {
	v := e.Value
	if v == "" || strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '"' }) {
		v = strconv.Quote(v)
	}
	return e.Field + " " + v + ": " + e.Reason
}

func invalid(field, value, reason string, args ...any) *ValidationError {
	if len(args) > 0 {
		reason = fmt.Sprintf(reason, args...)
	}
	return &ValidationError{Field: field, Value: value, Reason: reason}
}

// IsDigits reports whether s is non-empty and made of ASCII decimal digits only.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// firstNonDigit describes the first character of s that is not an ASCII digit.
func firstNonDigit(s string) string {
	for i, r := range s {
		if r < '0' || r > '9' {
			return fmt.Sprintf("%q at position %d", r, i+1)
		}
	}
	return ""
}

// LuhnCheckDigit returns the Luhn (ISO/IEC 7812-1) check digit to append to payload, which must be a
// non-empty string of decimal digits. ICCIDs and IMEIs end in such a digit (contract §6).
func LuhnCheckDigit(payload string) (int, error) {
	if !IsDigits(payload) {
		if payload == "" {
			return 0, errors.New("luhn: empty payload")
		}
		return 0, fmt.Errorf("luhn: payload %q has a non-digit %s", payload, firstNonDigit(payload))
	}
	sum := 0
	double := true // the digit just left of the check digit is doubled
	for i := len(payload) - 1; i >= 0; i-- {
		d := int(payload[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return (10 - sum%10) % 10, nil
}

// LuhnValid reports whether s is a string of at least two decimal digits
// whose last digit is its Luhn check digit (ICCIDs, IMEIs; contract §6).
func LuhnValid(s string) bool {
	if len(s) < 2 || !IsDigits(s) {
		return false
	}
	ok, _ := luhnValid(s)
	return ok
}

// luhnValid reports whether the digit string s ends in a correct Luhn check digit, and returns the
// expected check digit.
func luhnValid(s string) (ok bool, want int) {
	want, err := LuhnCheckDigit(s[:len(s)-1])
	if err != nil {
		return false, -1
	}
	return int(s[len(s)-1]-'0') == want, want
}

// ErrICCIDCheckDigit is the Kind of the ValidationError ValidateICCID returns when only the Luhn check
// digit is wrong. That is a warning, never a reason to refuse the ICCID: the docs' own examples carry no
// Luhn digit (contract §5 #17, §6). Test with errors.Is, or ICCIDUsable.
var ErrICCIDCheckDigit = errors.New("ICCID check digit is not the Luhn digit")

// ICCIDUsable reports whether an ICCID is well formed enough to be used (ValidateICCID returns nil or
// only ErrICCIDCheckDigit), as the real app uses ICCIDs without a Luhn digit (contract §5 #17).
func ICCIDUsable(iccid string) bool {
	err := ValidateICCID(iccid)
	return err == nil || errors.Is(err, ErrICCIDCheckDigit)
}

// StripICCIDPadding removes one trailing 'F' (or 'f'): a 19-digit ICCID is stored on the card as 10 bytes
// of swapped BCD and padded with F, and the app strips it before sending (contract §1.3, §6).
func StripICCIDPadding(iccid string) string {
	if n := len(iccid); n > 0 && (iccid[n-1] == 'F' || iccid[n-1] == 'f') {
		return iccid[:n-1]
	}
	return iccid
}

// ValidateICCID checks an ICCID against contract §6 and ITU-T E.118: 19 or 20 decimal digits, starting with
// 89 (telecom), ending in a Luhn check digit. A single trailing F after 19 digits is padding and is
// ignored; after 20 digits it is an error, as 20 digits already fill the card's 10 bytes of BCD and only
// a 19-digit ICCID is padded (contract §6). A 20-digit ICCID whose last digit is not a Luhn digit is
// still reported, with a note that some operators' 20-digit ICCIDs carry no Luhn digit. It returns nil
// or a *ValidationError listing every problem found.
func ValidateICCID(s string) error {
	const field = "ICCID"
	v := StripICCIDPadding(s)
	if v == "" {
		return invalid(field, s, "empty")
	}
	if !IsDigits(v) {
		return invalid(field, s, "must contain only decimal digits (and an optional trailing F), found %s", firstNonDigit(v))
	}
	var reasons []string
	lengthOK := len(v) == 19 || len(v) == 20
	if !lengthOK {
		reasons = append(reasons, fmt.Sprintf("has %d digits, want 19 or 20", len(v)))
	}
	if !strings.HasPrefix(v, "89") {
		reasons = append(reasons, fmt.Sprintf("must start with 89 (the telecom industry identifier), starts with %.2s", v))
	}
	if !lengthOK || !strings.HasPrefix(v, "89") {
		// A common slip, seen in the docs' own example (contract §5 #12): the leading 8 is missing.
		if len(v) == 18 && ValidateICCID("8"+v) == nil {
			reasons = append(reasons, "8"+v+" would be valid, so the leading 8 is probably missing")
		}
		return invalid(field, s, "%s", strings.Join(reasons, "; "))
	}
	if len(v) == 20 && len(s) == 21 {
		return invalid(field, s, "a 20-digit ICCID has no F padding: the card stores 20 digits in its 10 BCD bytes "+
			"and pads only a 19-digit ICCID with F (contract §6)")
	}
	if ok, want := luhnValid(v); !ok {
		reason := fmt.Sprintf("check digit should be %d, not %c", want, v[len(v)-1])
		if len(v) == 20 {
			reason += " (some operators' 20-digit ICCIDs carry no Luhn check digit; contract §6)"
		}
		e := invalid(field, s, "%s", reason)
		e.Kind = ErrICCIDCheckDigit
		return e
	}
	return nil
}

// EIDCheckDigits returns the two check digits of an EID whose first 30 digits are given (GSMA SGP.29:
// append 00, take the number mod 97, check = 98 - remainder; contract §6).
func EIDCheckDigits(first30 string) (string, error) {
	if len(first30) != 30 || !IsDigits(first30) {
		return "", fmt.Errorf("eid: check digits need exactly 30 leading decimal digits, got %q", first30)
	}
	rem := mod97(first30 + "00")
	return fmt.Sprintf("%02d", 98-rem), nil
}

func mod97(digits string) int {
	rem := 0
	for i := 0; i < len(digits); i++ {
		rem = (rem*10 + int(digits[i]-'0')) % 97
	}
	return rem
}

// ValidateEID checks an eUICC identifier (contract §6, GSMA SGP.29): 32 decimal digits, starting with 89,
// and the whole number mod 97 equal to 1.
func ValidateEID(s string) error {
	const field = "EID"
	if s == "" {
		return invalid(field, s, "empty")
	}
	if !IsDigits(s) {
		return invalid(field, s, "must contain only decimal digits, found %s", firstNonDigit(s))
	}
	var reasons []string
	if len(s) != 32 {
		reasons = append(reasons, fmt.Sprintf("has %d digits, want 32", len(s)))
	}
	if !strings.HasPrefix(s, "89") {
		reasons = append(reasons, fmt.Sprintf("must start with 89, starts with %.2s", s))
	}
	if len(reasons) > 0 {
		return invalid(field, s, "%s", strings.Join(reasons, "; "))
	}
	if mod97(s) != 1 {
		want, _ := EIDCheckDigits(s[:30])
		return invalid(field, s, "check digits should be %s, not %s (the number mod 97 must be 1)", want, s[30:])
	}
	return nil
}

// ValidateIMEI checks an IMEI (contract §6): 14 digits (8-digit TAC and 6-digit serial) followed by a Luhn
// check digit. A 14-digit value is reported as missing its check digit, a 16-digit value as a likely IMEISV.
func ValidateIMEI(s string) error {
	const field = "IMEI"
	if s == "" {
		return invalid(field, s, "empty")
	}
	if !IsDigits(s) {
		return invalid(field, s, "must contain only decimal digits, found %s", firstNonDigit(s))
	}
	switch len(s) {
	case 15:
		if ok, want := luhnValid(s); !ok {
			return invalid(field, s, "check digit should be %d, not %c", want, s[14])
		}
		return nil
	case 14:
		want, _ := LuhnCheckDigit(s)
		return invalid(field, s, "has 14 digits: the Luhn check digit is missing (it would be %d, giving %s%d)", want, s, want)
	case 16:
		return invalid(field, s, "has 16 digits, which looks like an IMEISV (software version instead of a check digit); an IMEI has 15")
	default:
		return invalid(field, s, "has %d digits, want 15", len(s))
	}
}

// MaxTransactionIDLength is the documented maximum length of the transactionId launch parameter
// (contract §1.3).
const MaxTransactionIDLength = 64

// ValidateTransactionID checks a transactionId: it is opaque (contract §5 #18) but must be non-empty, valid
// UTF-8 and at most 64 characters long (contract §1.3).
func ValidateTransactionID(s string) error {
	const field = "transactionId"
	switch {
	case s == "":
		return invalid(field, s, "empty; the app always sends a session id (contract §1.3)")
	case !utf8.ValidString(s):
		return invalid(field, s, "not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > MaxTransactionIDLength {
		return invalid(field, s, "%d characters, at most %d allowed (contract §1.3)", n, MaxTransactionIDLength)
	}
	return nil
}

// DecodeTransactionID returns the transactionId that s, as a user gives it (--transaction-id, the launch
// form), stands for: the value s URL-encodes when it holds a %XX escape and decodes (percent escapes only; a
// '+' stays a '+') to a valid transactionId, as the docs' launch URLs show it (%2F7RBTuSJt02OZbX8.4 is
// /7RBTuSJt02OZbX8.4, contract §1.3, §5 #18); otherwise s as it is (a '%' that starts no escape, like 50%off).
// decoded reports which. The launch URL encodes the id once, so either form sends
// transactionId=%2F7RBTuSJt02OZbX8.4, and mpsim validate --transaction-id takes either alike.
func DecodeTransactionID(s string) (id string, decoded bool) {
	if !strings.Contains(s, "%") {
		return s, false
	}
	dec, err := url.PathUnescape(s)
	if err != nil || dec == s || ValidateTransactionID(dec) != nil {
		return s, false
	}
	return dec, true
}

// reservedRegion explains ISO 3166-1 codes that golang.org/x/text accepts as regions but that are not
// assigned alpha-2 country codes. The code must be upper case.
func reservedRegion(code string) (string, bool) {
	switch code {
	case "UK":
		return "UK is not an ISO 3166-1 alpha-2 code (it is only exceptionally reserved); use GB (contract §5 #13)", true
	case "EU":
		return "EU is the European Union, not a country; use the member state's code", true
	case "EZ":
		return "EZ is the eurozone, not a country", true
	case "UN":
		return "UN is the United Nations, not a country", true
	case "AC":
		return "AC (Ascension Island) is only exceptionally reserved; use SH", true
	case "TA":
		return "TA (Tristan da Cunha) is only exceptionally reserved; use SH", true
	case "CP":
		return "CP (Clipperton Island) is only exceptionally reserved; use FR", true
	case "DG":
		return "DG (Diego Garcia) is only exceptionally reserved; use IO", true
	case "EA":
		return "EA (Ceuta, Melilla) is only exceptionally reserved; use ES", true
	case "IC":
		return "IC (Canary Islands) is only exceptionally reserved; use ES", true
	case "FX":
		return "FX (metropolitan France) is only exceptionally reserved; use FR", true
	case "SU":
		return "SU (Soviet Union) is no longer assigned", true
	case "AN":
		return "AN (Netherlands Antilles) was withdrawn in 2010; use BQ, CW or SX", true
	case "CS":
		return "CS (Serbia and Montenegro) was withdrawn; use RS or ME", true
	case "YU":
		return "YU (Yugoslavia) was withdrawn; use RS, ME, BA, HR, MK or SI", true
	case "NT":
		return "NT (Neutral Zone) was withdrawn", true
	}
	return "", false
}

// ValidateCountryCode checks a market or location value: a two-letter ISO 3166-1 alpha-2 country code
// (contract §1.3, §6). Lower case is accepted because the docs' own examples use it (contract §5 #13).
// Regions are resolved with golang.org/x/text/language; "UK" is rejected with a hint to use GB.
func ValidateCountryCode(s string) error {
	const field = "country code"
	if s == "" {
		return invalid(field, s, "empty")
	}
	if len(s) != 2 || !isASCIILetter(s[0]) || !isASCIILetter(s[1]) {
		return invalid(field, s, "must be two ASCII letters (ISO 3166-1 alpha-2, e.g. US)")
	}
	up := strings.ToUpper(s)
	if why, ok := reservedRegion(up); ok {
		return invalid(field, s, "%s", why)
	}
	r, err := language.ParseRegion(up)
	if err != nil {
		return invalid(field, s, "not an ISO 3166-1 alpha-2 code: %v", err)
	}
	if c := r.Canonicalize(); c.String() != up {
		return invalid(field, s, "%s is a deprecated code; use %s", up, c)
	}
	if up == "XK" { // Kosovo: user-assigned but in general use (CLDR, most operators).
		return nil
	}
	if r.IsPrivateUse() || !r.IsCountry() {
		return invalid(field, s, "%s is not a country (private-use or grouping code)", up)
	}
	return nil
}

func isASCIILetter(c byte) bool { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') }
