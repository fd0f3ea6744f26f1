package simulator

import (
	"fmt"
	"net/url"
	"strings"

	"mpsim/simulator/urlhint"
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
// (contract §1.2), plus what mpsim needs to launch its portal the way the app would. An operator profile
// is one [[operator]] table of the operators file (see LoadOperators); DemoOperator is the built-in one.
type Operator struct {
	Name string `json:"name" toml:"name"` // Name is the brand name, e.g. "Contoso Mobile".
	// ICCIDPrefix is the issuer identification number of the operator's ICCIDs (ITU-T E.118): 89, the
	// E.164 country code and the issuer identifier, e.g. "8988247". Without ICCIDRanges the range is every
	// 19-digit ICCID starting with it.
	ICCIDPrefix string       `json:"iccidPrefix,omitempty" toml:"iccid_prefix,omitempty"`
	ICCIDRanges []ICCIDRange `json:"iccidRanges,omitempty" toml:"iccid_ranges,omitempty"` // ICCIDRanges are the operator's ranges (contract §1.2 item 6).
	SMDPAddress string       `json:"smdpAddress" toml:"smdp_address"`                     // SMDPAddress is the SM-DP+ FQDN used in activation codes.
	// PortalURL is the MO Direct portal URI (contract §1.2 item 4); empty: the built-in demo portal.
	PortalURL string `json:"portalUrl,omitempty" toml:"portal_url,omitempty"`
	// NotifyHosts are the hosts a hand-back may come from (AllowedScriptNotifyUris, contract §1.1);
	// empty: the portal's host.
	NotifyHosts []string `json:"notifyHosts,omitempty" toml:"notify_hosts,omitempty"`
	// AllowedHosts are extra hosts of the walled garden the portal may use (contract §1.2, §7); enforced with
	// --walled-garden (docs/fidelity.md).
	AllowedHosts []string `json:"allowedHosts,omitempty" toml:"allowed_hosts,omitempty"`
	Markets      []string `json:"markets" toml:"markets"` // Markets are the supported countries, ISO 3166-1 alpha-2 (contract §1.2 item 3); the first is the default market and location.
	// Languages are the default languages of the launch, sent as Accept-Language (contract §1.4);
	// empty: en-US.
	Languages []string `json:"languages,omitempty" toml:"languages,omitempty"`
	// Generation is the default generation of the launch contract; empty: current.
	Generation Generation `json:"generation,omitempty" toml:"generation,omitempty"`
}

// DemoOperatorName is the name of the built-in operator.
const DemoOperatorName = "Contoso Mobile"

// DemoOperator returns the built-in demo operator, Contoso Mobile. Its single ICCID range,
// 8988247000100000000..8988247000199999999 (89 = telecom, 882 = E.164 international networks code,
// 47 = issuer), contains every example ICCID of the Mobile Plans docs (contract §6), so the docs' example
// launch URL can be reproduced exactly with it.
func DemoOperator() Operator {
	return Operator{
		Name:        DemoOperatorName,
		ICCIDPrefix: "8988247",
		ICCIDRanges: []ICCIDRange{{Start: "8988247000100000000", End: "8988247000199999999"}},
		SMDPAddress: "smdp.contoso.example",
		Markets:     []string{"US", "GB", "FR", "DE"},
	}
}

// Ranges returns the operator's ICCID ranges: ICCIDRanges, or, when there are none, the 19-digit range of
// ICCIDPrefix.
func (o Operator) Ranges() []ICCIDRange {
	if len(o.ICCIDRanges) > 0 || o.ICCIDPrefix == "" {
		return o.ICCIDRanges
	}
	return []ICCIDRange{PrefixRange(o.ICCIDPrefix)}
}

// PrefixRange returns the 19-digit ICCID range of an issuer prefix: prefix followed by zeros up to
// prefix followed by nines.
func PrefixRange(prefix string) ICCIDRange {
	const n = 19
	if len(prefix) >= n {
		return ICCIDRange{Start: prefix, End: prefix}
	}
	return ICCIDRange{Start: prefix + strings.Repeat("0", n-len(prefix)), End: prefix + strings.Repeat("9", n-len(prefix))}
}

// OwnsICCID reports whether the ICCID (trailing F stripped, contract §1.3) falls within one of the
// operator's ranges.
func (o Operator) OwnsICCID(iccid string) bool {
	for _, r := range o.Ranges() {
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
	wrap := func(err error) { errs = append(errs, fmt.Errorf("operator %q: %w", o.Name, err)) }
	if o.ICCIDPrefix != "" {
		if err := ValidateICCIDPrefix(o.ICCIDPrefix); err != nil {
			wrap(keyed("iccid_prefix", err))
		}
	}
	if len(o.Ranges()) == 0 {
		wrap(fmt.Errorf("no ICCID range: give iccid_prefix (89 + country code + issuer) or iccid_ranges (contract §1.2 item 6)"))
	}
	for _, r := range o.ICCIDRanges {
		for _, err := range r.Validate() {
			wrap(keyed("iccid_ranges", err))
		}
		if o.ICCIDPrefix != "" && (!strings.HasPrefix(r.Start, o.ICCIDPrefix) || !strings.HasPrefix(r.End, o.ICCIDPrefix)) {
			wrap(keyed("iccid_ranges", fmt.Errorf("ICCID range %s..%s does not start with the issuer prefix %s", r.Start, r.End, o.ICCIDPrefix)))
		}
	}
	if err := ValidateSMDPAddress(o.SMDPAddress); err != nil {
		wrap(keyed("smdp_address", err))
	}
	for _, m := range o.Markets {
		if err := ValidateCountryCode(m); err != nil {
			wrap(keyed("markets", fmt.Errorf("market: %w", err)))
		} else if m != strings.ToUpper(m) {
			wrap(keyed("markets", fmt.Errorf("market %q: write it in upper case, %s, as Windows reports regions", m, strings.ToUpper(m))))
		}
	}
	errs = append(errs, o.validateLaunch()...)
	return errs
}

// validateLaunch checks the launch defaults of the profile: portal URL, hosts, languages, generation.
func (o Operator) validateLaunch() []error {
	var errs []error
	wrap := func(err error) { errs = append(errs, fmt.Errorf("operator %q: %w", o.Name, err)) }
	if o.PortalURL != "" {
		u, err := url.Parse(o.PortalURL)
		hint := urlhint.Portal(o.PortalURL)
		switch {
		case hint != nil:
			// No scheme, a mistyped one, an IPv6 address out of its
			// brackets: the URL meant, as --portal and scenarios say.
			wrap(keyed("portal_url", fmt.Errorf("portal_url %q: %w", o.PortalURL, hint)))
		case err != nil:
			wrap(keyed("portal_url", fmt.Errorf("portal_url: %w", err)))
		case u.Scheme != "https" && u.Scheme != "http" || u.Host == "":
			wrap(keyed("portal_url", fmt.Errorf("portal_url %q: give an absolute https:// (or loopback http://) URL", o.PortalURL)))
		}
	}
	for _, list := range []struct {
		key   string
		hosts []string
	}{{"notify_hosts", o.NotifyHosts}, {"allowed_hosts", o.AllowedHosts}} {
		for _, h := range list.hosts {
			if h == "" || strings.ContainsAny(h, "/ ?#@") {
				wrap(keyed(list.key, fmt.Errorf("%s: %q is not a host name (no scheme, path or spaces)", list.key, h)))
			}
		}
	}
	if len(o.Languages) > 0 {
		if _, err := AcceptLanguage(o.Languages); err != nil {
			wrap(keyed("languages", fmt.Errorf("languages: %w", err)))
		}
	}
	if o.Generation != "" && !o.Generation.Valid() {
		wrap(keyed("generation", fmt.Errorf("generation %q: want %q, %q or %q", o.Generation, GenerationCurrent, GenerationDynamo2018, GenerationNov2018)))
	}
	return errs
}

// ValidateICCIDPrefix checks an ICCID issuer prefix (ITU-T E.118 issuer identification number): 89 (the
// telecom industry identifier), an assigned E.164 country code of 1 to 3 digits, and an issuer identifier
// of 1 to 4 digits, so 4 to 9 digits in all, e.g. 8988247 (89, 882, 47) or 894411 (89, 44, 11).
func ValidateICCIDPrefix(prefix string) error {
	const field = "ICCID issuer prefix"
	if !IsDigits(prefix) {
		return invalid(field, prefix, "must be decimal digits")
	}
	if !strings.HasPrefix(prefix, "89") {
		return invalid(field, prefix, "must start with 89, the telecom industry identifier (ITU-T E.118)")
	}
	cc, ok := e164CountryCode(prefix[2:])
	if !ok {
		return invalid(field, prefix, "89 must be followed by an assigned E.164 country code (e.g. 1, 44, 882), found %.3s", prefix[2:])
	}
	issuer := prefix[2+len(cc):]
	if len(issuer) < 1 || len(issuer) > 4 {
		return invalid(field, prefix, "the issuer identifier after 89 and country code %s has %d digits, want 1 to 4 (ITU-T E.118)", cc, len(issuer))
	}
	return nil
}
