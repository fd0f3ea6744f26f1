package simulator

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Generation selects which documented version of the launch contract to emulate (contract §1.3).
type Generation string

// The generations. The empty Generation means GenerationCurrent.
const (
	// GenerationCurrent is the current Mobile Plans web portal contract (HEAD mobile-plans-web-portal.md).
	GenerationCurrent Generation = "current"
	// GenerationDynamo2018 is the January 2018 DYNAMO contract: no imei; iccid optional on eSIM devices.
	GenerationDynamo2018 Generation = "dynamo-2018"
	// GenerationNov2018 is the November 2018 contract, which added phoneNumber and countryCode.
	GenerationNov2018 Generation = "nov-2018"
)

// Generations returns every defined generation.
func Generations() []Generation {
	return []Generation{GenerationCurrent, GenerationDynamo2018, GenerationNov2018}
}

// Valid reports whether g is one of Generations (the empty Generation is not).
func (g Generation) Valid() bool {
	return g == GenerationCurrent || g == GenerationDynamo2018 || g == GenerationNov2018
}

// Param is one launch query parameter.
type Param struct {
	Name  string `json:"name" toml:"name"`
	Value string `json:"value" toml:"value"`
}

// LaunchOptions are the inputs of BuildLaunch besides the device and the operator.
type LaunchOptions struct {
	PortalURL string // PortalURL is the MO Direct portal URI; it may already carry a query.
	Market    string // Market is the PC's region setting; sent as given (case preserved, may be invalid on purpose).
	Location  string // Location is the user's physical country; sent as given.
	// Languages are BCP 47 tags in preference order for Accept-Language; empty means ["en-US"].
	Languages []string
	// Generation selects the contract version; "" means GenerationCurrent.
	Generation Generation
	// TransactionID is the session id; required, at most 64 characters (contract §1.3).
	TransactionID string
	// PhoneNumber and CountryCode are sent by GenerationNov2018 only, each when non-empty.
	PhoneNumber, CountryCode string
	// IncludeESIMICCID makes GenerationDynamo2018 add the optional "previous ICCID" on an eSIM device
	// (contract §5 #11).
	IncludeESIMICCID bool
	// Extra parameters are appended after the documented ones, verbatim (unknown or duplicate names are
	// allowed, to test that portals ignore them, contract §1.3).
	Extra []Param
}

// Launch is the request with which the app opens the portal.
type Launch struct {
	URL       string            `json:"url"`
	PortalURL string            `json:"portalUrl,omitempty"` // PortalURL is the URL the parameters were appended to.
	Params    []Param           `json:"params"`              // Params are the appended parameters, in URL order.
	Headers   map[string]string `json:"headers"`             // Headers always include Accept-Language (contract §1.4).
}

// Param returns the value of the first parameter with the given name.
func (l Launch) Param(name string) (string, bool) {
	for _, p := range l.Params {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// The launch header names (contract §1.4).
const (
	HeaderAcceptLanguage     = "Accept-Language"
	HeaderLPAErrorCodes      = "X-MP-LPAError-Codes"
	HeaderLPAErrorTimeStamps = "X-MP-LPAError-TimeStamps"
	HeaderLPAErrorICCIDs     = "X-MP-LPAError-ICCIDs"
)

// LPAErrorTimeLayout is the time stamp layout of X-MP-LPAError-TimeStamps, taken from the docs' example
// "5/18/2018 11:17:23 PM" (US M/d/yyyy h:mm:ss tt, UTC). The docs call it "Date Time UTC offset" but the
// example has no offset; mpsim emits the example's form (contract §5 #16).
const LPAErrorTimeLayout = "1/2/2006 3:04:05 PM"

// BuildLaunch builds the launch URL and headers that the Mobile Plans app would use to open op's portal on
// device d (contract §1.3, §1.4). Market and Location are sent exactly as given. Values are URL-encoded,
// except that the commas separating iccids stay literal as in the docs' example. BuildLaunch does not
// validate the device's identifiers (use Device.Validate), so deliberately broken devices can be launched;
// it does reject what the host itself controls: an unparsable portal URL, a missing or over-long
// transactionId, invalid languages, generation-specific options used with another generation, and a
// physical-SIM device without an ICCID (required, contract §1.3). A transactionId given URL-encoded is
// sent as the id it stands for (DecodeTransactionID). The X-MP-LPAError-* headers carry op's failed
// downloads only (Device.OperatorLPAErrors), as iccids carries op's profiles only.
func BuildLaunch(d Device, op Operator, o LaunchOptions) (Launch, error) {
	o.TransactionID, _ = DecodeTransactionID(o.TransactionID) // given URL-encoded, it is sent encoded once
	gen, err := checkLaunchOptions(o)
	if err != nil {
		return Launch{}, fmt.Errorf("build launch: %w", err)
	}
	langs := o.Languages
	if len(langs) == 0 {
		langs = []string{"en-US"}
	}
	acceptLanguage, err := AcceptLanguage(langs)
	if err != nil {
		return Launch{}, fmt.Errorf("build launch: %w", err)
	}
	// Order follows the docs' full example URL: market, location, transactionId, eid, imei, iccids
	// (contract §1.3). Every generation sends market, location and transactionId.
	params := []Param{
		{"market", o.Market},
		{"location", o.Location},
		{"transactionId", o.TransactionID},
	}
	sim, err := simParams(d, op, gen, o.IncludeESIMICCID)
	if err != nil {
		return Launch{}, fmt.Errorf("build launch: %w", err)
	}
	params = append(params, sim...)
	if gen == GenerationNov2018 {
		if o.PhoneNumber != "" {
			params = append(params, Param{"phoneNumber", o.PhoneNumber})
		}
		if o.CountryCode != "" {
			params = append(params, Param{"countryCode", o.CountryCode})
		}
	}
	params = append(params, o.Extra...)

	headers := map[string]string{HeaderAcceptLanguage: acceptLanguage}
	addLPAErrorHeaders(headers, d.LaunchLPAErrors(op), d.Kind, gen)
	l := Launch{PortalURL: o.PortalURL, Params: params, Headers: headers}
	l.URL = composeURL(o.PortalURL, params)
	return l, nil
}

// checkLaunchOptions rejects the launch options the host controls and gets wrong (languages aside), and
// returns the generation, GenerationCurrent when o leaves it empty.
func checkLaunchOptions(o LaunchOptions) (Generation, error) {
	gen := o.Generation
	if gen == "" {
		gen = GenerationCurrent
	}
	if gen != GenerationCurrent && gen != GenerationDynamo2018 && gen != GenerationNov2018 {
		return "", fmt.Errorf("unknown generation %q", o.Generation)
	}
	if o.PortalURL == "" {
		return "", errors.New("empty portal URL")
	}
	if u, err := url.Parse(o.PortalURL); err != nil {
		return "", fmt.Errorf("portal URL: %w", err)
	} else if !u.IsAbs() || u.Host == "" {
		return "", fmt.Errorf("portal URL %q is not an absolute URL with a host", o.PortalURL)
	}
	if err := ValidateTransactionID(o.TransactionID); err != nil {
		return "", err
	}
	if o.IncludeESIMICCID && gen != GenerationDynamo2018 {
		return "", fmt.Errorf("the previous ICCID (--previous-iccid) is sent only by generation %q (contract §5 #11), not %q", GenerationDynamo2018, gen)
	}
	if (o.PhoneNumber != "" || o.CountryCode != "") && gen != GenerationNov2018 {
		return "", fmt.Errorf("phoneNumber/countryCode exist only in generation %q (contract §1.3), not %q", GenerationNov2018, gen)
	}
	return gen, nil
}

// simParams returns the launch parameters that identify the device's SIM, in the docs' order (eid,
// iccid, imei, iccids; contract §1.3), for generation gen.
func simParams(d Device, op Operator, gen Generation, includeESIMICCID bool) ([]Param, error) {
	var params []Param
	sendIMEI := gen != GenerationDynamo2018 // imei first appears Nov 2018 (contract §1.3)
	imei := func() {
		if sendIMEI {
			params = append(params, Param{"imei", d.IMEI})
		}
	}
	switch d.Kind {
	case KindESIM:
		params = append(params, Param{"eid", d.EID})
		if gen == GenerationDynamo2018 && includeESIMICCID {
			// DYNAMO: iccid "optional for eSIM", described as the previous ICCID (contract §1.3, §5 #11).
			// mpsim sends the active profile's ICCID, else the first profile's; nothing if there is none.
			if iccid := previousICCID(d); iccid != "" {
				params = append(params, Param{"iccid", iccid})
			}
		}
		imei()
		// iccids: only this MO's profiles, omitted if none match, trailing F stripped (contract §1.3).
		if ids := d.OperatorICCIDs(op); len(ids) > 0 {
			params = append(params, Param{"iccids", strings.Join(ids, ",")})
		}
	case KindPSIM:
		if d.ICCID == "" {
			return nil, errors.New("a physical-SIM device has no ICCID, which is required (contract §1.3)")
		}
		params = append(params, Param{"iccid", StripICCIDPadding(d.ICCID)})
		imei()
	case KindNone:
		// Not documented by the contract (§1.3: "no SIM / no eSIM: not documented"). mpsim's choice: send
		// what the app knows without a SIM, i.e. market, location, transactionId and (where the
		// generation has it) imei, and no SIM identifiers at all.
		imei()
	default:
		return nil, fmt.Errorf("unknown device kind %q", d.Kind)
	}
	return params, nil
}

// addLPAErrorHeaders adds the X-MP-LPAError-* headers for errs, the failed downloads of the launch's
// operator's latest failed profile (Device.LaunchLPAErrors): eSIM (kind) only, on the next launch after a failed download, app
// v1807+, so never for the January 2018 DYNAMO generation (contract §1.4).
func addLPAErrorHeaders(headers map[string]string, errs []LPAError, kind SIMKind, gen Generation) {
	if kind != KindESIM || len(errs) == 0 || gen == GenerationDynamo2018 {
		return
	}
	codes := make([]string, len(errs))
	stamps := make([]string, len(errs))
	for i, e := range errs {
		codes[i] = e.Code
		stamps[i] = FormatLPAErrorTime(e.At)
	}
	headers[HeaderLPAErrorCodes] = strings.Join(codes, ",")
	headers[HeaderLPAErrorTimeStamps] = strings.Join(stamps, ",")
	// "Exactly one ICCID": the one handed back at control hand-off, i.e. that of the latest failure, which
	// every error of errs has.
	headers[HeaderLPAErrorICCIDs] = StripICCIDPadding(errs[len(errs)-1].ICCID)
}

func previousICCID(d Device) string {
	if p, ok := d.ActiveProfile(); ok {
		return StripICCIDPadding(p.ICCID)
	}
	if len(d.Profiles) > 0 {
		return StripICCIDPadding(d.Profiles[0].ICCID)
	}
	return ""
}

// EncodeParams encodes parameters as a query string in order. Names and values are escaped as
// url.QueryEscape does, except that a space becomes %20, not "+" (a portal reading the query with
// decodeURIComponent would see a literal "+"; URLSearchParams reads either), and that commas in the
// iccids value stay literal, as in the docs' example "iccids=8988247000101867183,8988247000103824828"
// (contract §1.3).
func EncodeParams(params []Param) string {
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(queryEscape(p.Name))
		b.WriteByte('=')
		if p.Name == "iccids" {
			parts := strings.Split(p.Value, ",")
			for j, part := range parts {
				parts[j] = queryEscape(part)
			}
			b.WriteString(strings.Join(parts, ","))
		} else {
			b.WriteString(queryEscape(p.Value))
		}
	}
	return b.String()
}

// queryEscape is url.QueryEscape with a space as %20: QueryEscape writes a
// literal "+" as %2B, so each "+" it leaves is a space.
func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// composeURL appends the encoded parameters to portal, keeping any query it already has and any fragment
// at the end. The portal URL is otherwise kept byte for byte (no "/" is added before "?", matching the
// docs' "https://moportal.com?market=…").
func composeURL(portal string, params []Param) string {
	base, frag, hasFrag := strings.Cut(portal, "#")
	q := EncodeParams(params)
	if q != "" {
		switch {
		case !strings.Contains(base, "?"):
			base += "?" + q
		case strings.HasSuffix(base, "?") || strings.HasSuffix(base, "&"):
			base += q
		default:
			base += "&" + q
		}
	}
	if hasFrag {
		base += "#" + frag
	}
	return base
}

// AcceptLanguage builds the Accept-Language header value the way WebKitGTK does (its
// buildAcceptLanguages) from the preference list langs, read by ParseLanguageList (q-values honoured,
// q=0 left out, duplicates sent once, at most MaxLanguages): tags joined by "," without spaces, the first
// without a q-value and each next one with q lowered by 0.10 (by 0.05 from 10 tags, by 0.01 from 20),
// printed with two decimals, so ["fr-FR","fr","en"] gives "fr-FR,fr;q=0.90,en;q=0.80" and
// ["fr-FR;q=0.5","en"] gives "en,fr-FR;q=0.90". Underscores are turned into hyphens, as WebKit does; case
// is kept.
func AcceptLanguage(langs []string) (string, error) {
	list, err := ParseLanguageList(langs)
	if err != nil {
		return "", fmt.Errorf("accept-language: %w", err)
	}
	return list.AcceptLanguage(), nil
}

// FormatLPAErrorTime formats t as X-MP-LPAError-TimeStamps does (contract §5 #16).
func FormatLPAErrorTime(t time.Time) string { return t.UTC().Format(LPAErrorTimeLayout) }
