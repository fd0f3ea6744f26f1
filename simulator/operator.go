package simulator

import (
	"fmt"
	"strings"
)

// ICCIDRange is one ICCID range an operator registers with Mobile Plans (contract §1.2 item 6). Start and
// End are inclusive bounds of the same length (19 or 20 digits, starting with 89); the COSA database
// convention is that Start ends in 00 and End ends in 99 (contract §1.2).
type ICCIDRange struct {
	Start string `json:"start" toml:"start"`
	End   string `json:"end" toml:"end"`
}

// Contains reports whether the ICCID (trailing F stripped) lies within the range. ICCIDs of a different
// length than the bounds are never contained.
func (r ICCIDRange) Contains(iccid string) bool {
	v := StripICCIDPadding(iccid)
	if !IsDigits(v) || len(v) != len(r.Start) || len(v) != len(r.End) {
		return false
	}
	// Equal-length digit strings compare numerically when compared lexically.
	return r.Start <= v && v <= r.End
}

// Validate returns a description of everything wrong with the range bounds.
func (r ICCIDRange) Validate() []error {
	var errs []error
	for _, b := range []struct{ name, v, suffix string }{{"start", r.Start, "00"}, {"end", r.End, "99"}} {
		switch {
		case !IsDigits(b.v):
			errs = append(errs, fmt.Errorf("ICCID range %s %q: must be decimal digits", b.name, b.v))
		case len(b.v) != 19 && len(b.v) != 20:
			errs = append(errs, fmt.Errorf("ICCID range %s %s: has %d digits, want 19 or 20 (contract §1.2)", b.name, b.v, len(b.v)))
		case !strings.HasPrefix(b.v, "89"):
			errs = append(errs, fmt.Errorf("ICCID range %s %s: must start with 89 (contract §1.2)", b.name, b.v))
		case !strings.HasSuffix(b.v, b.suffix):
			errs = append(errs, fmt.Errorf("ICCID range %s %s: should end in %s (COSA convention, contract §1.2)", b.name, b.v, b.suffix))
		}
	}
	if len(r.Start) == len(r.End) && r.Start > r.End {
		errs = append(errs, fmt.Errorf("ICCID range %s..%s: start is after end", r.Start, r.End))
	} else if len(r.Start) != len(r.End) {
		errs = append(errs, fmt.Errorf("ICCID range %s..%s: start and end differ in length", r.Start, r.End))
	}
	return errs
}

// Operator is the service configuration of one mobile operator (MO) as registered with Mobile Plans
// (contract §1.2).
type Operator struct {
	Name        string       `json:"name" toml:"name"`                // Name is the brand name, e.g. "Contoso Mobile".
	ICCIDRanges []ICCIDRange `json:"iccidRanges" toml:"iccid_ranges"` // ICCIDRanges are the operator's ranges (contract §1.2 item 6).
	SMDPAddress string       `json:"smdpAddress" toml:"smdp_address"` // SMDPAddress is the SM-DP+ FQDN used in activation codes.
	Markets     []string     `json:"markets" toml:"markets"`          // Markets are the supported countries, ISO 3166-1 alpha-2 (contract §1.2 item 3).
}

// DemoOperator returns the built-in demo operator, Contoso Mobile. Its single ICCID range,
// 8988247000100000000..8988247000199999999 (89 = telecom, 882 = E.164 international networks code,
// 47 = issuer), contains every example ICCID of the Mobile Plans docs (contract §6), so the docs' example
// launch URL can be reproduced exactly with it.
func DemoOperator() Operator {
	return Operator{
		Name:        "Contoso Mobile",
		ICCIDRanges: []ICCIDRange{{Start: "8988247000100000000", End: "8988247000199999999"}},
		SMDPAddress: "smdp.contoso.example",
		Markets:     []string{"US", "GB", "FR", "DE"},
	}
}

// OwnsICCID reports whether the ICCID (trailing F stripped, contract §1.3) falls within one of the
// operator's ranges.
func (o Operator) OwnsICCID(iccid string) bool {
	for _, r := range o.ICCIDRanges {
		if r.Contains(iccid) {
			return true
		}
	}
	return false
}

// Validate returns a description of everything wrong with the operator configuration.
func (o Operator) Validate() []error {
	var errs []error
	if strings.TrimSpace(o.Name) == "" {
		errs = append(errs, fmt.Errorf("operator: empty brand name (contract §1.2 item 1)"))
	}
	if len(o.ICCIDRanges) == 0 {
		errs = append(errs, fmt.Errorf("operator %q: no ICCID range (contract §1.2 item 6)", o.Name))
	}
	for _, r := range o.ICCIDRanges {
		for _, err := range r.Validate() {
			errs = append(errs, fmt.Errorf("operator %q: %w", o.Name, err))
		}
	}
	if err := ValidateSMDPAddress(o.SMDPAddress); err != nil {
		errs = append(errs, fmt.Errorf("operator %q: %w", o.Name, err))
	}
	for _, m := range o.Markets {
		if err := ValidateCountryCode(m); err != nil {
			errs = append(errs, fmt.Errorf("operator %q market: %w", o.Name, err))
		}
	}
	return errs
}
