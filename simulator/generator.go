package simulator

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Generator produces realistic, valid identifiers from a seeded pseudo-random source. The same seed gives
// the same sequence of identifiers. A Generator is not safe for concurrent use.
type Generator struct {
	r *rand.Rand
}

// NewGenerator returns a Generator seeded with seed.
func NewGenerator(seed int64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(uint64(seed), 0x6d7073696d2d6964))}
}

// digits returns n random decimal digits.
func (g *Generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// withLuhn appends the Luhn check digit to a digit string.
func withLuhn(payload string) string {
	cd, err := LuhnCheckDigit(payload)
	if err != nil {
		panic(fmt.Sprintf("simulator: internal error: %v", err)) // payloads are generated digits
	}
	return payload + string(rune('0'+cd))
}

// ICCID returns a Luhn-valid ICCID within one of op's ranges (contract §1.2 item 6, §6), of the ranges'
// length (19 digits for the demo operator). If op has no usable range it falls back to ForeignICCID, so
// the result always validates; callers should validate op first (Operator.Validate).
func (g *Generator) ICCID(op Operator) string {
	var usable []ICCIDRange
	for _, r := range op.Ranges() {
		if IsDigits(r.Start) && len(r.Start) == len(r.End) && len(r.Start) >= 2 && r.Start <= r.End {
			usable = append(usable, r)
		}
	}
	for len(usable) > 0 {
		i := g.r.IntN(len(usable))
		if s, ok := g.iccidIn(usable[i]); ok {
			return s
		}
		usable = append(usable[:i], usable[i+1:]...)
	}
	return g.ForeignICCID()
}

// iccidIn picks a payload uniformly in [start/10, end/10] and appends the Luhn digit, retrying until the
// full number lies within the range. It reports false if the range holds no Luhn-valid number. Payloads
// have at most 19 digits, so they fit in a uint64.
func (g *Generator) iccidIn(r ICCIDRange) (string, bool) {
	if len(r.Start) > 20 {
		return "", false
	}
	lo, err1 := strconv.ParseUint(r.Start[:len(r.Start)-1], 10, 64)
	hi, err2 := strconv.ParseUint(r.End[:len(r.End)-1], 10, 64)
	if err1 != nil || err2 != nil || lo > hi {
		return "", false
	}
	width := len(r.Start) - 1
	try := func(p uint64) (string, bool) {
		s := withLuhn(fmt.Sprintf("%0*d", width, p))
		return s, r.Contains(s)
	}
	for range 32 {
		if s, ok := try(lo + g.r.Uint64N(hi-lo+1)); ok {
			return s, true
		}
	}
	// Only the edge payloads can fall outside; try them deterministically.
	for _, p := range []uint64{lo, hi} {
		if s, ok := try(p); ok {
			return s, true
		}
	}
	return "", false
}

// ForeignICCID returns a Luhn-valid 19-digit ICCID of a fictitious other operator (prefix 89999, i.e.
// country code 999, which E.164 keeps spare). It is never inside DemoOperator's range.
func (g *Generator) ForeignICCID() string {
	return withLuhn("89999" + g.digits(13))
}

// ForeignICCIDFor returns a Luhn-valid ICCID that op does not own.
func (g *Generator) ForeignICCIDFor(op Operator) string {
	for {
		if s := g.ForeignICCID(); !op.OwnsICCID(s) {
			return s
		}
	}
}

// EID returns a 32-digit EID starting 89033023 (89 + country 033 + issuer 023, as the docs' examples)
// with correct SGP.29 mod-97 check digits (contract §6).
func (g *Generator) EID() string {
	first := "89033023" + g.digits(22)
	cd, err := EIDCheckDigits(first)
	if err != nil {
		panic(fmt.Sprintf("simulator: internal error: %v", err))
	}
	return first + cd
}

// IMEI returns a 15-digit IMEI: an 8-digit TAC starting with 35 (a common GSMA reporting body), a 6-digit
// serial number and the Luhn check digit (contract §6).
func (g *Generator) IMEI() string {
	return withLuhn("35" + g.digits(12))
}

// base64Chars is the standard base64 alphabet (RFC 4648 §4), the one the app's transactionIds use: the
// docs' example "/7RBTuSJt02OZbX8.4" starts with '/', which the launch URL carries as %2F (contract §1.3).
const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// TransactionID returns a session id in the style of the docs' examples "waoigFfX00yGH3Vb.1" and
// "/7RBTuSJt02OZbX8.4": 16 standard base64 characters followed by ".1" (18 characters, within the 64
// allowed; contract §1.3, §5 #18). About 40% of them contain a '+' or '/' that must be
// URL-encoded in the launch URL.
func (g *Generator) TransactionID() string {
	var b strings.Builder
	for range 16 {
		b.WriteByte(base64Chars[g.r.IntN(len(base64Chars))])
	}
	b.WriteString(".1")
	return b.String()
}

const matchingIDChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// MatchingID returns an SGP.22 style matching ID: four groups of five upper-case alphanumerics separated by
// '-', like "04386-AGYFT-A74Y8-3F815".
func (g *Generator) MatchingID() string {
	var b strings.Builder
	for i := range 20 {
		if i > 0 && i%5 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(matchingIDChars[g.r.IntN(len(matchingIDChars))])
	}
	return b.String()
}

// ActivationCode returns "1$<smdp>$<MATCHING-ID>" (SGP.22 §4.1) with no LPA: prefix and no confirmation
// code flag, as Mobile Plans requires (contract §2.6).
func (g *Generator) ActivationCode(smdp string) string {
	return "1$" + smdp + "$" + g.MatchingID()
}
