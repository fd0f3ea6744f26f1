package simulator

import (
	"regexp"
	"strings"
	"testing"
)

func TestGeneratorDeterministic(t *testing.T) {
	op := DemoOperator()
	run := func(seed int64) []string {
		g := NewGenerator(seed)
		return []string{g.ICCID(op), g.ForeignICCID(), g.EID(), g.IMEI(), g.TransactionID(), g.ActivationCode(op.SMDPAddress)}
	}
	a, b, c := run(42), run(42), run(43)
	if strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("same seed differs:\n%v\n%v", a, b)
	}
	if strings.Join(a, " ") == strings.Join(c, " ") {
		t.Errorf("different seeds give the same identifiers: %v", a)
	}
}

var (
	// The docs' transactionIds (waoigFfX00yGH3Vb.1, /7RBTuSJt02OZbX8.4, HADRdRhKI0S5bN4n.1) are 16 characters
	// of the standard base64 alphabet, '/' included, then ".N" (contract §1.3, §5 #18).
	txIDRe = regexp.MustCompile(`^[A-Za-z0-9+/]{16}\.1$`)
	acRe   = regexp.MustCompile(`^1\$smdp\.contoso\.example\$[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$`)
)

// Property: every generated identifier validates.
func TestGeneratedIdentifiersValidate(t *testing.T) {
	op := DemoOperator()
	other := Operator{Name: "Other", ICCIDRanges: []ICCIDRange{{Start: "89440000000000000000", End: "89440000000000000099"}}}
	for seed := int64(0); seed < 300; seed++ {
		g := NewGenerator(seed)
		iccid := g.ICCID(op)
		if err := ValidateICCID(iccid); err != nil || len(iccid) != 19 || !op.OwnsICCID(iccid) {
			t.Fatalf("seed %d: ICCID %s: err=%v owned=%v", seed, iccid, err, op.OwnsICCID(iccid))
		}
		if o := g.ICCID(other); ValidateICCID(o) != nil || !other.OwnsICCID(o) || len(o) != 20 {
			t.Fatalf("seed %d: 20-digit ICCID %s not valid/in range", seed, o)
		}
		if f := g.ForeignICCID(); ValidateICCID(f) != nil || op.OwnsICCID(f) {
			t.Fatalf("seed %d: foreign ICCID %s invalid or owned", seed, f)
		}
		if f := g.ForeignICCIDFor(other); ValidateICCID(f) != nil || other.OwnsICCID(f) {
			t.Fatalf("seed %d: ForeignICCIDFor %s", seed, f)
		}
		if e := g.EID(); ValidateEID(e) != nil {
			t.Fatalf("seed %d: %v", seed, ValidateEID(e))
		}
		if m := g.IMEI(); ValidateIMEI(m) != nil {
			t.Fatalf("seed %d: %v", seed, ValidateIMEI(m))
		}
		if tx := g.TransactionID(); ValidateTransactionID(tx) != nil || !txIDRe.MatchString(tx) {
			t.Fatalf("seed %d: transactionId %q", seed, tx)
		}
		ac := g.ActivationCode(op.SMDPAddress)
		if _, err := ParseActivationCode(ac); err != nil || !acRe.MatchString(ac) {
			t.Fatalf("seed %d: activation code %q: %v", seed, ac, err)
		}
	}
}

// A narrow range with a single Luhn-valid member is still hit, and an empty operator falls back to a
// valid foreign ICCID.
func TestGeneratorICCIDEdgeRanges(t *testing.T) {
	g := NewGenerator(1)
	narrow := Operator{ICCIDRanges: []ICCIDRange{{Start: "8988247000100003310", End: "8988247000100003319"}}}
	for range 20 {
		if got := g.ICCID(narrow); got != "8988247000100003319" {
			t.Fatalf("narrow range gave %s", got)
		}
	}
	if got := g.ICCID(Operator{}); ValidateICCID(got) != nil {
		t.Fatalf("fallback ICCID %s invalid", got)
	}
}

// Property: every single-digit substitution in a generated ICCID, IMEI or EID is caught (Luhn catches all
// single-digit errors; mod 97 does too).
func TestSingleDigitMutationsCaught(t *testing.T) {
	g := NewGenerator(7)
	validators := map[string]func(string) error{"ICCID": ValidateICCID, "IMEI": ValidateIMEI, "EID": ValidateEID}
	for i := range 40 {
		ids := map[string]string{"ICCID": g.ICCID(DemoOperator()), "IMEI": g.IMEI(), "EID": g.EID()}
		for kind, id := range ids {
			for pos := 0; pos < len(id); pos++ {
				for d := byte('0'); d <= '9'; d++ {
					if id[pos] == d {
						continue
					}
					m := id[:pos] + string(d) + id[pos+1:]
					if validators[kind](m) == nil {
						t.Fatalf("round %d: %s %s mutated at %d to %s still validates", i, kind, id, pos, m)
					}
				}
			}
		}
	}
}

// The app's transactionIds use the standard base64 alphabet: the docs' example launch URL carries
// transactionId=%2F7RBTuSJt02OZbX8.4, an id starting with '/' that had to be URL-encoded (contract §1.3,
// §5 #18). Generated ids must be able to need that encoding too, and must not use the URL-safe '-' and '_'
// that no documented id has.
func TestTransactionIDAlphabet(t *testing.T) {
	seen := map[rune]bool{}
	for seed := int64(0); seed < 200; seed++ {
		for _, r := range NewGenerator(seed).TransactionID() {
			seen[r] = true
		}
	}
	for _, r := range "+/" {
		if !seen[r] {
			t.Errorf("no generated transactionId contains %q (the docs' example has '/', sent as %%2F)", r)
		}
	}
	for _, r := range "-_" {
		if seen[r] {
			t.Errorf("a generated transactionId contains %q, which is not in the app's base64 alphabet", r)
		}
	}
	l, err := BuildLaunch(Device{Kind: KindNone, IMEI: docIMEI}, DemoOperator(), LaunchOptions{
		PortalURL: docPrtl, Market: "US", Location: "US", TransactionID: "+7RBTuSJt02OZbX8.4"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(l.URL, "transactionId=%2B7RBTuSJt02OZbX8.4&") {
		t.Errorf("URL %s: a '+' in transactionId must be percent-encoded", l.URL)
	}
}
