package simulator

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Preset is a named launch scenario: a SIM kind, launch options, optional mutations that bypass validation,
// and what a correct portal is expected to do. Presets live in one human-editable TOML file of
// [[preset]] tables (see FormatPresets for an example).
type Preset struct {
	Name        string     `toml:"name" json:"name"`
	Operator    string     `toml:"operator,omitempty" json:"operator,omitempty"` // Operator names an operator profile (see LoadOperators); "" keeps the session's.
	Description string     `toml:"description,omitempty" json:"description,omitempty"`
	SIM         SIMKind    `toml:"sim,omitempty" json:"sim,omitempty"`               // SIM is the device kind; "" keeps the device's.
	Market      string     `toml:"market,omitempty" json:"market,omitempty"`         // Market replaces the launch market if non-empty.
	Location    string     `toml:"location,omitempty" json:"location,omitempty"`     // Location replaces the launch location if non-empty.
	Languages   []string   `toml:"languages,omitempty" json:"languages,omitempty"`   // Languages replace the launch languages if non-empty.
	Generation  Generation `toml:"generation,omitempty" json:"generation,omitempty"` // Generation replaces the launch generation if non-empty.
	Extra       []Param    `toml:"extra,omitempty" json:"extra,omitempty"`           // Extra parameters are appended to the launch.
	Mutations   []string   `toml:"mutations,omitempty" json:"mutations,omitempty"`   // Mutations are applied to the built launch (see Mutation).
	// Expect says in words what a correct portal should do, e.g. "moDirectStatus InvalidSIM".
	Expect string `toml:"expect,omitempty" json:"expect,omitempty"`
	// ExpectStatus lists the moDirectStatus values a correct portal may hand
	// back for this launch; the session checks the hand-back against them.
	// Empty: no status is checked.
	ExpectStatus []string `toml:"expect_status,omitempty" json:"expectStatus,omitempty"`
	// ExpectStrict makes another status an error (expectation-not-met);
	// otherwise it is a warning (expectation-differs), for launches where a
	// clear error page instead of a hand-back is also correct.
	ExpectStrict bool `toml:"expect_strict,omitempty" json:"expectStrict,omitempty"`
	// Negative marks a launch a correct host never sends (a broken
	// identifier, an odd parameter), to see how the portal copes.
	Negative bool `toml:"negative,omitempty" json:"negative,omitempty"`
	// ExistingCustomer makes the eSIM hold an active profile of the
	// launch's operator, so that iccids is sent (contract §1.3): one is
	// made from the IMEI when the eSIM has none. Without it an eSIM sends
	// only the profiles it holds of that operator, and no iccids when it
	// holds none, as the app does.
	ExistingCustomer bool `toml:"existing_customer,omitempty" json:"existingCustomer,omitempty"`
	// NewCustomer makes the eSIM hold no profile of the launch's operator
	// for the session: its profiles of that operator are left out (other
	// operators' stay), so iccids is not sent because there is no profile
	// to send, as contract §1.3 has it, and the device the hand-back is
	// checked against agrees with the launch.
	NewCustomer bool `toml:"new_customer,omitempty" json:"newCustomer,omitempty"`
}

// Validate returns every problem with the preset's own fields. Market and Location are not checked:
// presets may send invalid values on purpose.
func (p Preset) Validate() []error {
	var errs []error
	if strings.TrimSpace(p.Name) == "" {
		errs = append(errs, errors.New("empty name"))
	}
	if p.SIM != "" && !p.SIM.Valid() {
		errs = append(errs, keyed("sim", fmt.Errorf("sim %q: want %q, %q or %q", p.SIM, KindESIM, KindPSIM, KindNone)))
	}
	if p.Generation != "" && !p.Generation.Valid() {
		errs = append(errs, keyed("generation", fmt.Errorf("generation %q: want %q, %q or %q", p.Generation, GenerationCurrent, GenerationDynamo2018, GenerationNov2018)))
	}
	if len(p.Languages) > 0 {
		if _, err := AcceptLanguage(p.Languages); err != nil {
			errs = append(errs, keyed("languages", err))
		}
	}
	for i, e := range p.Extra {
		if e.Name == "" {
			errs = append(errs, keyed("extra", fmt.Errorf("extra parameter %d has no name", i+1)))
		}
	}
	if err := CheckMutations(p.Mutations); err != nil {
		errs = append(errs, keyed("mutations", err))
	}
	if p.ExistingCustomer && p.NewCustomer {
		errs = append(errs, errors.New("existing_customer and new_customer are both set; an eSIM cannot both hold and lack a profile of the operator, so set one"))
	}
	return errs
}

// Apply returns the device and launch options for the preset. If the preset names a SIM kind other than
// the device's, the device is converted, keeping its IMEI and reusing its EID or ICCIDs where they fit;
// missing identifiers are generated deterministically from the IMEI. Market, Location, Languages and
// Generation replace the options' values when set; Extra is appended. Mutations are not applied here:
// build the launch and pass it to ApplyMutations with p.Mutations (or use Preset.BuildLaunch).
func (p Preset) Apply(d Device, op Operator, o LaunchOptions) (Device, LaunchOptions, error) {
	if errs := p.Validate(); len(errs) > 0 {
		return d, o, fmt.Errorf("preset %q: %w", p.Name, errors.Join(errs...))
	}
	if p.SIM != "" && p.SIM != d.Kind {
		d = convertDevice(d, p.SIM, op)
	}
	if p.ExistingCustomer {
		d = WithOperatorProfile(d, op)
	}
	if p.NewCustomer {
		d = WithoutOperatorProfiles(d, op)
	}
	if p.Market != "" {
		o.Market = p.Market
	}
	if p.Location != "" {
		o.Location = p.Location
	}
	if len(p.Languages) > 0 {
		o.Languages = append([]string(nil), p.Languages...)
	}
	if p.Generation != "" {
		o.Generation = p.Generation
	}
	o.Extra = append(append([]Param(nil), o.Extra...), p.Extra...)
	return d, o, nil
}

// BuildLaunch applies the preset, builds the launch and applies the preset's mutations.
func (p Preset) BuildLaunch(d Device, op Operator, o LaunchOptions) (Launch, error) {
	d, o, err := p.Apply(d, op, o)
	if err != nil {
		return Launch{}, err
	}
	l, err := BuildLaunch(d, op, o)
	if err != nil {
		return Launch{}, fmt.Errorf("preset %q: %w", p.Name, err)
	}
	return ApplyMutations(l, p.Mutations), nil
}

func convertDevice(d Device, kind SIMKind, op Operator) Device {
	h := fnv.New64a()
	h.Write([]byte(d.IMEI + "/" + string(kind)))
	g := NewGenerator(int64(h.Sum64()))
	imei := d.IMEI
	if imei == "" {
		imei = g.IMEI()
	}
	out := Device{Kind: kind, IMEI: imei}
	switch kind {
	case KindESIM:
		out.EID = d.EID
		if out.EID == "" {
			out.EID = g.EID()
		}
		iccid := d.ICCID
		if iccid == "" || !op.OwnsICCID(iccid) {
			iccid = g.ICCID(op)
		}
		out.Profiles = []Profile{{ICCID: iccid, Operator: op.Name, State: ProfileActive, ActivationCode: g.ActivationCode(op.SMDPAddress)}}
	case KindPSIM:
		if ids := d.OperatorICCIDs(op); len(ids) > 0 {
			out.ICCID = ids[0]
		} else {
			out.ICCID = g.ICCID(op)
		}
	}
	return out
}

// BuiltinPresets returns mpsim's built-in presets: ordinary journeys first, then negative presets that
// send what a correct host never would, each saying what a correct portal should do.
func BuiltinPresets() []Preset {
	return []Preset{
		{Name: "esim-existing-customer", SIM: KindESIM, Market: "US", Location: "US", ExistingCustomer: true,
			Description: "eSIM device holding an active profile of this operator: eid, imei and iccids are sent (contract §1.3).",
			Expect:      "account / top-up flow for the ICCID in iccids; notifyBalanceAddition or moDirectStatus Complete"},
		{Name: "esim-new-customer", SIM: KindESIM, Market: "US", Location: "US", NewCustomer: true,
			Description: "eSIM device with no profile of this operator (other operators' profiles stay): iccids is omitted (contract §1.3).",
			Expect:      "purchase flow handing over a valid activation code for a new profile: the legacy hand-back DataMart.notifyPurchaseResult with moDirectStatus Complete and the code (F1), or MobilePlansInlineOperations.notifyProfileDownload (F3; F4 deferred) or MobilePlans.notifyPurchaseWithProfileDownload (F6)"},
		{Name: "physical-sim", SIM: KindPSIM, Market: "US", Location: "US",
			Description: "Physical SIM of this operator: iccid and imei are sent (contract §1.3).",
			Expect:      "plan purchase for the SIM in iccid; moDirectStatus Complete, no activation code"},
		{Name: "no-sim", SIM: KindNone, Market: "US", Location: "US",
			Description: "Device with neither SIM nor eSIM; the contract does not document this launch (§1.3), mpsim sends market, location, transactionId and imei.",
			Expect:      "a clear page explaining a SIM is needed, or moDirectStatus InvalidSIM; no crash"},
		{Name: "french-user", SIM: KindESIM, Market: "FR", Location: "FR", Languages: []string{"fr-FR", "fr", "en"},
			Description: "French region, location and languages: Accept-Language fr-FR,fr;q=0.90,en;q=0.80 (contract §1.4).",
			Expect:      "portal rendered in French if supported, else in English"},
		{Name: "dynamo-2018-esim", SIM: KindESIM, Market: "US", Location: "US", Generation: GenerationDynamo2018,
			Description: "January 2018 DYNAMO launch: no imei parameter (contract §1.3).",
			Expect:      "works without imei"},
		{Name: "nov-2018-phone-number", SIM: KindPSIM, Market: "US", Location: "US", Generation: GenerationNov2018,
			Extra:       []Param{{"phoneNumber", "+14255550100"}, {"countryCode", "US"}},
			Description: "November 2018 launch with the phone number the user typed (contract §1.3).",
			Expect:      "works; phoneNumber and countryCode may be ignored"},
		{Name: "lpa-error-reentry", SIM: KindESIM, Market: "US", Location: "US", NewCustomer: true, Mutations: []string{
			"header:X-MP-LPAError-Codes=ServerFailure,ServerNotReachable",
			"header:X-MP-LPAError-TimeStamps=5/18/2018 11:17:23 PM,5/18/2018 11:27:33 PM",
			"header:X-MP-LPAError-ICCIDs=8988247000101997790"},
			Description: "Re-entry after two failed profile downloads, with the X-MP-LPAError-* headers of the docs' example and, as in its URL, no iccids: the failed profile is not on the eSIM, which holds no profile of this operator (contract §1.4).",
			Expect:      "portal recognises the failed download and re-issues or fixes the profile (new notifyProfileDownload)"},

		// Negative presets.
		{Name: "bad-iccid-check-digit", Negative: true, SIM: KindPSIM, Market: "US", Location: "US", Mutations: []string{"bad-check:iccid"},
			Description: "Physical SIM ICCID with a wrong Luhn check digit (contract §6).",
			// No status is checked: a bad Luhn digit is warned about, not
			// rejected (§5 #17, §6); the documentation's own example ICCIDs
			// fail the check and some operators' ICCIDs carry no Luhn digit,
			// so a portal that goes on with this SIM is as right as one that
			// hands back InvalidSIM.
			Expect: "moDirectStatus InvalidSIM, or the purchase goes on (a bad Luhn digit is warned about, not rejected: some operators' ICCIDs carry no Luhn digit)"},
		{Name: "iccid-18-digits", Negative: true, SIM: KindPSIM, Market: "US", Location: "US", Mutations: []string{"chop:iccid"},
			Description:  "18-digit ICCID missing its leading 8, like the docs' own example 988247000100003555 (contract §5 #12).",
			Expect:       "moDirectStatus InvalidSIM (the ICCID passed to the portal was wrong) or ClientError (an invalid argument), contract §2.2; never Complete",
			ExpectStatus: []string{"InvalidSIM", "ClientError"}, ExpectStrict: true},
		{Name: "iccid-padding-not-stripped", Negative: true, SIM: KindPSIM, Market: "US", Location: "US", Mutations: []string{"pad-f:iccid"},
			Description: "ICCID with the trailing F the app must strip (contract §1.3).",
			Expect:      "portal strips the F and continues, or moDirectStatus InvalidSIM; no crash"},
		{Name: "physical-sim-without-iccid", Negative: true, SIM: KindPSIM, Market: "US", Location: "US", Mutations: []string{"drop:iccid"},
			Description:  "Physical SIM launch without the required iccid parameter (contract §1.3).",
			Expect:       "moDirectStatus ClientError or InvalidSIM, or a clear error page; no crash (a missing argument is ClientError, contract §2.2)",
			ExpectStatus: []string{"ClientError", "InvalidSIM"}},
		{Name: "transaction-id-65-chars", Negative: true, SIM: KindESIM, Market: "US", Location: "US", Mutations: []string{"length:transactionId=65"},
			Description: "transactionId one character over the 64 allowed (contract §1.3, §5 #18).",
			Expect:      "portal still works or reports moDirectStatus ClientError; it must not crash or truncate silently when echoing it"},
		{Name: "unknown-parameters", Negative: true, SIM: KindESIM, Market: "US", Location: "US",
			Extra:       []Param{{"futureParam", "1"}, {"x-mpsim-probe", "<script>alert(1)</script>"}},
			Description: "Parameters the portal does not know, including one with HTML in it.",
			Expect:      "ignored (contract §1.3: the portal must ignore unknown parameters); same behaviour as esim-existing-customer; nothing reflected unescaped"},
		{Name: "duplicate-parameters", Negative: true, SIM: KindESIM, Market: "US", Location: "US", Extra: []Param{{"market", "FR"}}, Mutations: []string{"dup:iccids"},
			Description: "market sent twice with different values and iccids sent twice.",
			Expect:      "one value used consistently (normally the first) or a clear error; no crash"},
		{Name: "lowercase-country-codes", Negative: true, SIM: KindPSIM, Market: "us", Location: "us",
			Description: "Lower-case market and location, as in the docs' physical SIM example (contract §5 #13).",
			Expect:      "same as US: codes compared case-insensitively"},
		{Name: "uk-instead-of-gb", Negative: true, SIM: KindESIM, Market: "UK", Location: "UK",
			Description: "UK, which is not ISO 3166-1 (GB is), in market and location (contract §5 #13).",
			Expect:      "treated as GB, or a clear unsupported-market page; no crash"},
		{Name: "bad-eid-check-digits", Negative: true, SIM: KindESIM, Market: "US", Location: "US", Mutations: []string{"bad-check:eid"},
			Description:  "EID whose mod-97 check digits are wrong (contract §6).",
			Expect:       "moDirectStatus InvalidSIM; no activation code issued for this EID",
			ExpectStatus: []string{"InvalidSIM"}},
		{Name: "empty-iccids", Negative: true, SIM: KindESIM, Market: "US", Location: "US", Mutations: []string{"set:iccids="},
			Description: "iccids present but empty; the app omits it when no profile matches (contract §1.3).",
			Expect:      "treated as no profile of this operator (new-customer purchase flow)"},
		{Name: "iccids-docs-typo", Negative: true, SIM: KindESIM, Market: "US", Location: "US",
			Mutations:   []string{"set:iccids=8988247000100003319, 988247000100003555"},
			Description: "The docs' iccids example: a space after the comma and an 18-digit ICCID (contract §5 #12).",
			Expect:      "first ICCID used after trimming; the 18-digit one ignored or moDirectStatus InvalidSIM"},
	}
}

// presetFile is the layout of a presets TOML file.
type presetFile struct {
	Presets []Preset `toml:"preset"`
}

// PresetCheck is a check of a file preset that the simulator cannot make on its own, such as
// expect_status against the bridge's moDirectStatus values. An error it returns about one key's value
// should be made with KeyError, so that LoadPresets names that key's line.
type PresetCheck func(Preset) []error

// KeyError marks err as a problem with the value of the TOML key key of a preset (see PresetCheck), so
// that LoadPresets names the line of the key rather than that of its [[preset]] table.
func KeyError(key string, err error) error { return keyed(key, err) }

// LoadPresets reads presets from a TOML file of [[preset]] tables and merges them with BuiltinPresets: a
// file preset replaces the built-in preset of the same name, other file presets are appended in file
// order. Each file preset is checked with Validate and with checks. Errors name the file and line:
// syntax and type errors, unknown keys, and invalid or duplicate presets. A UTF-8 byte-order mark at the
// start of the file (Windows Notepad writes one) is ignored.
func LoadPresets(path string, checks ...PresetCheck) ([]Preset, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("presets: %w", err)
	}
	data = trimBOM(data)
	var f presetFile
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, tomlDecodeError("presets", path, data, reflect.TypeFor[presetFile](), err)
	}
	where := tableLocator(path, data, "preset", len(f.Presets))
	var errs []error
	seen := map[string]int{}
	for i, p := range f.Presets {
		problems := p.Validate()
		for _, check := range checks {
			problems = append(problems, check(p)...)
		}
		for _, e := range problems {
			errs = append(errs, fmt.Errorf("%s: preset %q: %w", where.of(i, e), p.Name, e))
		}
		if j, dup := seen[p.Name]; dup && p.Name != "" {
			errs = append(errs, fmt.Errorf("%s: preset %q: name already used at %s", where.at(i), p.Name, where.at(j)))
		}
		seen[p.Name] = i
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("presets: %w", errors.Join(errs...))
	}
	// Index the built-ins by name once: replacing by a linear scan of the
	// growing result made loading n presets take O(n²) (200,000 presets: 326 s).
	out := BuiltinPresets()
	builtin := make(map[string]int, len(out))
	for i, b := range out {
		builtin[b.Name] = i
	}
	out = slices.Grow(out, len(f.Presets))
	for _, p := range f.Presets {
		// File names are unique (checked above), so a file preset can only
		// replace a built-in, never another file preset.
		if i, ok := builtin[p.Name]; ok {
			out[i] = p
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// keyError is a problem with the value of one key of a TOML table, so that a
// loader can name the key's line rather than the table's.
type keyError struct {
	key string
	err error
}

func (e keyError) Error() string { return e.err.Error() }
func (e keyError) Unwrap() error { return e.err }

// keyed marks err as a problem with the value of key (see keyError).
func keyed(key string, err error) error { return keyError{key: key, err: err} }

// locator finds where the decoded [[table]]s of a TOML file and their keys
// are, to locate semantic errors.
type locator struct {
	path  string
	table string
	lines []string // the file's lines
	heads []int    // index in lines of each [[table]] header; nil when they do not match the decoded tables
}

// tableLocator returns the locator of the n decoded [[table]]s of the TOML file at path.
func tableLocator(path string, data []byte, table string, n int) locator {
	header := regexp.MustCompile(`^\s*\[\[\s*` + regexp.QuoteMeta(table) + `\s*\]\]`)
	l := locator{path: path, table: table}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for sc.Scan() {
		if header.MatchString(sc.Text()) {
			l.heads = append(l.heads, len(l.lines))
		}
		l.lines = append(l.lines, sc.Text())
	}
	if len(l.heads) != n {
		l.heads = nil
	}
	return l
}

// at is where the i-th table starts, as "path:line", or "path: table N" when
// the headers cannot be matched to the decoded tables.
func (l locator) at(i int) string {
	if l.heads == nil {
		return fmt.Sprintf("%s: %s %d", l.path, l.table, i+1)
	}
	return fmt.Sprintf("%s:%d", l.path, l.heads[i]+1)
}

// of is where err, a problem of the i-th table, is: the line of its key when
// err is keyed (keyError) and the table sets that key on a line of its own,
// else where the table starts.
func (l locator) of(i int, err error) string {
	var ke keyError
	if l.heads == nil || !errors.As(err, &ke) {
		return l.at(i)
	}
	end := len(l.lines)
	if i+1 < len(l.heads) {
		end = l.heads[i+1]
	}
	key := regexp.MustCompile(`^\s*(` + regexp.QuoteMeta(ke.key) + `|"` + regexp.QuoteMeta(ke.key) + `"|'` + regexp.QuoteMeta(ke.key) + `')\s*=`)
	for j := l.heads[i] + 1; j < end; j++ {
		if key.MatchString(l.lines[j]) {
			return fmt.Sprintf("%s:%d", l.path, j+1)
		}
	}
	return l.at(i)
}

// FormatPresets encodes presets as a TOML file that LoadPresets reads back, e.g. to give users an
// editable copy of the built-ins.
func FormatPresets(ps []Preset) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# mpsim launch presets. Each [[preset]] replaces the built-in preset of the same name or adds a new one.\n")
	buf.WriteString("# Mutations (applied after the launch is built, bypassing validation): drop:NAME, set:NAME=VALUE,\n")
	buf.WriteString("# add:NAME=VALUE, dup:NAME, bad-check:NAME, chop:NAME, pad-f:NAME, spaces:NAME, length:NAME=N,\n")
	buf.WriteString("# lower:NAME, upper:NAME, header:NAME=VALUE, drop-header:NAME.\n\n")
	enc := toml.NewEncoder(&buf)
	enc.SetIndentTables(false)
	if err := enc.Encode(presetFile{Presets: ps}); err != nil {
		return nil, fmt.Errorf("presets: encode: %w", err)
	}
	return buf.Bytes(), nil
}
