package simulator

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func presetByName(t *testing.T, ps []Preset, name string) Preset {
	t.Helper()
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no preset %q", name)
	return Preset{}
}

func TestBuiltinPresetsValid(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range BuiltinPresets() {
		if errs := p.Validate(); len(errs) > 0 {
			t.Errorf("%s: %v", p.Name, errs)
		}
		if seen[p.Name] {
			t.Errorf("duplicate preset %s", p.Name)
		}
		seen[p.Name] = true
		if p.Expect == "" || p.Description == "" {
			t.Errorf("%s: missing expect or description", p.Name)
		}
	}
}

// A bad Luhn digit is warned about, not rejected (contract §5 #17), so the
// bad-iccid-check-digit preset, whose expectation lets the purchase go on,
// must not check for InvalidSIM alone: a portal that goes on with Complete
// would get expectation-differs for doing what the contract allows.
func TestBadICCIDCheckDigitAllowsThePurchaseToGoOn(t *testing.T) {
	p := presetByName(t, BuiltinPresets(), "bad-iccid-check-digit")
	if len(p.ExpectStatus) > 0 && !slices.Contains(p.ExpectStatus, "Complete") {
		t.Errorf("expect_status %v rejects a portal that goes on (Complete); expect says %q", p.ExpectStatus, p.Expect)
	}
	if p.ExpectStrict {
		t.Error("bad-iccid-check-digit is strict")
	}
	if !strings.Contains(p.Expect, "goes on") {
		t.Errorf("expect %q does not say the purchase may go on", p.Expect)
	}
}

// An 18-digit ICCID is both a wrong ICCID (InvalidSIM) and an invalid
// argument (ClientError) in the contract's words (§2.2), so the strict
// iccid-18-digits preset accepts either and still fails a portal that
// completes the purchase.
func TestICCID18DigitsAcceptsEitherStatusTheContractAllows(t *testing.T) {
	p := presetByName(t, BuiltinPresets(), "iccid-18-digits")
	for _, status := range []string{"InvalidSIM", "ClientError"} {
		if !slices.Contains(p.ExpectStatus, status) || !strings.Contains(p.Expect, status) {
			t.Errorf("expect_status %v, expect %q: %s is not accepted", p.ExpectStatus, p.Expect, status)
		}
	}
	if slices.Contains(p.ExpectStatus, "Complete") || !p.ExpectStrict {
		t.Errorf("expect_status %v, strict %v: a completed purchase must fail", p.ExpectStatus, p.ExpectStrict)
	}
}

// The esim-new-customer preset accepts every way of handing over a new
// profile's activation code — the session checks no status for it, so the
// legacy F1 hand-back passes without expectation-differs — and its text
// must say so, not only notifyProfileDownload (which it did).
func TestNewCustomerExpectationNamesWhatIsAccepted(t *testing.T) {
	p := presetByName(t, BuiltinPresets(), "esim-new-customer")
	for _, want := range []string{"DataMart.notifyPurchaseResult", "(F1)", "notifyProfileDownload (F3", "notifyPurchaseWithProfileDownload (F6)", "activation code"} {
		if !strings.Contains(p.Expect, want) {
			t.Errorf("expect %q does not name %s", p.Expect, want)
		}
	}
	if len(p.ExpectStatus) > 0 && !slices.Contains(p.ExpectStatus, "Complete") {
		t.Errorf("expect_status %v rejects the F1 hand-back (Complete)", p.ExpectStatus)
	}
}

// Every built-in preset produces the launch its description promises.
func TestBuiltinPresetLaunches(t *testing.T) {
	op := DemoOperator()
	base := NewDevice(KindESIM, op, NewGenerator(11))
	opts := LaunchOptions{PortalURL: "https://127.0.0.1:4431/", TransactionID: "waoigFfX00yGH3Vb.1"}
	launches := map[string]Launch{}
	devices := map[string]Device{}
	for _, p := range BuiltinPresets() {
		d, _, err := p.Apply(base, op, opts)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if errs := d.Validate(); len(errs) > 0 {
			t.Errorf("%s: converted device invalid: %v", p.Name, errs)
		}
		l, err := p.BuildLaunch(base, op, opts)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		launches[p.Name], devices[p.Name] = l, d
	}
	psim := devices["physical-sim"]
	if psim.Kind != KindPSIM || psim.IMEI != base.IMEI || StripICCIDPadding(psim.ICCID) != base.Profiles[0].ICCID {
		t.Errorf("esim→psim conversion: %+v from %+v", psim, base)
	}
	get := func(name, param string) (string, bool) { return launches[name].Param(param) }
	count := func(name, param string) int {
		n := 0
		for _, p := range launches[name].Params {
			if p.Name == param {
				n++
			}
		}
		return n
	}
	if _, ok := get("esim-new-customer", "iccids"); ok {
		t.Error("esim-new-customer sends iccids")
	}
	if v, _ := get("esim-existing-customer", "iccids"); v != base.Profiles[0].ICCID {
		t.Errorf("esim-existing-customer iccids = %q", v)
	}
	if v, _ := get("bad-iccid-check-digit", "iccid"); ValidateICCID(v) == nil || !strings.Contains(ValidateICCID(v).Error(), "check digit") {
		t.Errorf("bad-iccid-check-digit iccid %q: %v", v, ValidateICCID(v))
	}
	if v, _ := get("iccid-18-digits", "iccid"); len(v) != 18 {
		t.Errorf("iccid-18-digits iccid %q", v)
	}
	if v, _ := get("iccid-padding-not-stripped", "iccid"); !strings.HasSuffix(v, "F") || ValidateICCID(v) != nil {
		t.Errorf("iccid-padding-not-stripped iccid %q", v)
	}
	if _, ok := get("physical-sim-without-iccid", "iccid"); ok {
		t.Error("physical-sim-without-iccid sends iccid")
	}
	if _, ok := get("physical-sim-without-iccid", "imei"); !ok {
		t.Error("physical-sim-without-iccid lost imei")
	}
	if v, _ := get("transaction-id-65-chars", "transactionId"); len(v) != 65 || !strings.HasPrefix(v, "waoigFfX00yGH3Vb.1") {
		t.Errorf("transaction-id-65-chars transactionId %q (%d)", v, len(v))
	}
	if v, _ := get("unknown-parameters", "futureParam"); v != "1" {
		t.Error("unknown-parameters lacks futureParam")
	}
	if !strings.Contains(launches["unknown-parameters"].URL, "x-mpsim-probe=%3Cscript%3Ealert%281%29%3C%2Fscript%3E") {
		t.Errorf("unknown-parameters URL %s", launches["unknown-parameters"].URL)
	}
	if count("duplicate-parameters", "market") != 2 || count("duplicate-parameters", "iccids") != 2 {
		t.Errorf("duplicate-parameters params %v", launches["duplicate-parameters"].Params)
	}
	if v, _ := get("lowercase-country-codes", "market"); v != "us" {
		t.Errorf("lowercase market %q", v)
	}
	if v, _ := get("uk-instead-of-gb", "location"); v != "UK" {
		t.Errorf("uk location %q", v)
	}
	if v, _ := get("bad-eid-check-digits", "eid"); ValidateEID(v) == nil {
		t.Errorf("bad-eid-check-digits eid %q validates", v)
	}
	if v, ok := get("empty-iccids", "iccids"); !ok || v != "" || !strings.HasSuffix(launches["empty-iccids"].URL, "&iccids=") {
		t.Errorf("empty-iccids: %q %v %s", v, ok, launches["empty-iccids"].URL)
	}
	if !strings.HasSuffix(launches["iccids-docs-typo"].URL, "&iccids=8988247000100003319,%20988247000100003555") {
		t.Errorf("iccids-docs-typo URL %s", launches["iccids-docs-typo"].URL)
	}
	if _, ok := get("dynamo-2018-esim", "imei"); ok {
		t.Error("dynamo preset sends imei")
	}
	if _, ok := get("no-sim", "eid"); ok {
		t.Error("no-sim sends eid")
	}
	if got := launches["french-user"].Headers["Accept-Language"]; got != "fr-FR,fr;q=0.90,en;q=0.80" {
		t.Errorf("french-user Accept-Language %q", got)
	}
	if got := launches["lpa-error-reentry"].Headers["X-MP-LPAError-ICCIDs"]; got != "8988247000101997790" {
		t.Errorf("lpa-error-reentry headers %v", launches["lpa-error-reentry"].Headers)
	}
}

func TestApplyMutations(t *testing.T) {
	l := Launch{
		PortalURL: "https://moportal.com/?op=1",
		Params:    []Param{{"market", "US"}, {"eid", "89033023422130000000000199055797"}, {"iccids", "8988247000101867183,8988247000103824828"}},
		Headers:   map[string]string{"Accept-Language": "en-US"},
	}
	l.URL = composeURL(l.PortalURL, l.Params)
	tests := []struct {
		muts    []string
		wantURL string
		wantHdr map[string]string
	}{
		{nil, "https://moportal.com/?op=1&market=US&eid=89033023422130000000000199055797&iccids=8988247000101867183,8988247000103824828", nil},
		{[]string{"drop:eid", "drop:iccids"}, "https://moportal.com/?op=1&market=US", nil},
		{[]string{"set:market=uk", "set:new=a b"}, "https://moportal.com/?op=1&market=uk&eid=89033023422130000000000199055797&iccids=8988247000101867183,8988247000103824828&new=a%20b", nil},
		{[]string{"drop:eid", "drop:iccids", "add:market=FR", "dup:market"}, "https://moportal.com/?op=1&market=US&market=FR&market=US", nil},
		{[]string{"drop:eid", "bad-check:iccids"}, "https://moportal.com/?op=1&market=US&iccids=8988247000101867184,8988247000103824828", nil},
		{[]string{"drop:eid", "chop:iccids", "pad-f:iccids"}, "https://moportal.com/?op=1&market=US&iccids=988247000101867183F,8988247000103824828F", nil},
		{[]string{"drop:eid", "spaces:iccids", "lower:market"}, "https://moportal.com/?op=1&market=us&iccids=8988247000101867183,%208988247000103824828", nil},
		{[]string{"drop:eid", "drop:iccids", "length:market=5"}, "https://moportal.com/?op=1&market=USUSU", nil},
		{[]string{"drop:eid", "drop:iccids", "length:market=1", "upper:market"}, "https://moportal.com/?op=1&market=U", nil},
		{[]string{"drop:eid", "drop:iccids", "set:market=", "length:market=3"}, "https://moportal.com/?op=1&market=xxx", nil},
		{[]string{"drop:market", "drop:eid", "drop:iccids", "header:X-Test=1", "drop-header:Accept-Language"}, "https://moportal.com/?op=1", map[string]string{"X-Test": "1"}},
		{[]string{"bogus", "frob:x"}, "https://moportal.com/?op=1&market=US&eid=89033023422130000000000199055797&iccids=8988247000101867183,8988247000103824828", nil},
	}
	for _, tt := range tests {
		got := ApplyMutations(l, tt.muts)
		if got.URL != tt.wantURL {
			t.Errorf("%v:\n got %s\nwant %s", tt.muts, got.URL, tt.wantURL)
		}
		want := tt.wantHdr
		if want == nil {
			want = l.Headers
		}
		if !reflect.DeepEqual(got.Headers, want) {
			t.Errorf("%v: headers %v, want %v", tt.muts, got.Headers, want)
		}
	}
	// The input launch is untouched.
	if l.Params[0].Value != "US" || len(l.Params) != 3 || l.Headers["Accept-Language"] != "en-US" {
		t.Errorf("input launch modified: %+v", l)
	}
	if _, err := ApplyMutationsChecked(l, []string{"bogus", "drop:eid"}); err == nil || !strings.Contains(err.Error(), `"bogus"`) {
		t.Errorf("ApplyMutationsChecked err = %v", err)
	}
	// Without PortalURL (e.g. decoded from an old report) the portal is recovered from the URL.
	l2 := l
	l2.PortalURL = ""
	if got := ApplyMutations(l2, []string{"drop:eid", "drop:iccids"}); got.URL != "https://moportal.com/?op=1&market=US" {
		t.Errorf("recovered portal: %s", got.URL)
	}
}

func TestParseMutationErrors(t *testing.T) {
	for _, s := range []string{"drop", "drop:", "set:x", "length:x=-1", "length:x=abc", "nuke:x", ":x"} {
		if _, err := ParseMutation(s); err == nil {
			t.Errorf("ParseMutation(%q) accepted", s)
		}
	}
	for _, s := range []string{"drop:iccid", "set:iccids=", "header:X-MP-LPAError-Codes=ServerFailure", "length:transactionId=65"} {
		m, err := ParseMutation(s)
		if err != nil || m.String() != s {
			t.Errorf("ParseMutation(%q) = %v, %v", s, m, err)
		}
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "presets.toml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadPresetsMergesAndOverrides(t *testing.T) {
	path := writeFile(t, `
# my presets
[[preset]]
name = "physical-sim"
description = "overridden"
sim = "psim"
market = "FR"
expect = "moDirectStatus Complete"

[[preset]]
name = "my-extra"
sim = "esim"
languages = ["de-DE", "de"]
generation = "nov-2018"
mutations = ["drop:imei"]
extra = [{ name = "foo", value = "bar" }]
`)
	ps, err := LoadPresets(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != len(BuiltinPresets())+1 {
		t.Errorf("%d presets, want %d", len(ps), len(BuiltinPresets())+1)
	}
	if p := presetByName(t, ps, "physical-sim"); p.Market != "FR" || p.Description != "overridden" {
		t.Errorf("override not applied: %+v", p)
	}
	want := Preset{Name: "my-extra", SIM: KindESIM, Languages: []string{"de-DE", "de"}, Generation: GenerationNov2018,
		Mutations: []string{"drop:imei"}, Extra: []Param{{"foo", "bar"}}}
	if p := ps[len(ps)-1]; !reflect.DeepEqual(p, want) {
		t.Errorf("appended preset\n got %+v\nwant %+v", p, want)
	}
}

func TestLoadPresetsErrors(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"syntax", "[[preset]]\nname = \"a\"\nmarket = US\n", ":3:"},
		{"type", "[[preset]]\nname = \"a\"\nlanguages = \"en\"\n", ":3:"},
		{"unknown key", "[[preset]]\nname = \"a\"\ncolour = \"red\"\n", `:3:1: unknown key "preset.colour"`},
		{"mistyped key", "[[preset]]\nname = \"a\"\nlanguage = [\"fr\"]\n", `:3:1: unknown key "preset.language"; did you mean "languages"?`},
		{"bad mutation", "[[preset]]\nname = \"a\"\n\n[[preset]]\nname = \"b\"\nmutations = [\"nuke:x\"]\n", `presets.toml:6: preset "b": mutation "nuke:x"`},
		{"bad sim", "[[preset]]\nname = \"a\"\nsim = \"dual\"\n", `presets.toml:3: preset "a": sim "dual"`},
		{"bad language", "[[preset]]\nname = \"a\"\nlanguages = [\"C\"]\n", `presets.toml:3: preset "a": accept-language: "C" is not a valid`},
		{"all q=0", "[[preset]]\nname = \"a\"\n\nlanguages = [\"fr;q=0\", \"en;q=0.000\"]\n", `presets.toml:4: preset "a": accept-language: every language has q=0`},
		{"bad generation", "[[preset]]\nname = \"a\"\ngeneration = \"2030\"\n", `generation "2030"`},
		{"no name", "[[preset]]\nsim = \"esim\"\n", "empty name"},
		{"duplicate", "[[preset]]\nname = \"a\"\n[[preset]]\nname = \"a\"\n", `presets.toml:3: preset "a": name already used at`},
	}
	for _, tt := range tests {
		_, err := LoadPresets(writeFile(t, tt.content))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want containing %q", tt.name, err, tt.want)
		}
	}
	if _, err := LoadPresets(filepath.Join(t.TempDir(), "missing.toml")); err == nil {
		t.Error("missing file accepted")
	}
}

// FormatPresets output loads back to the same presets.
func TestFormatPresetsRoundTrip(t *testing.T) {
	data, err := FormatPresets(BuiltinPresets())
	if err != nil {
		t.Fatal(err)
	}
	ps, err := LoadPresets(writeFile(t, string(data)))
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(ps, BuiltinPresets()) {
		t.Errorf("round trip differs:\n%s", data)
	}
}

// QA: a value of the wrong type in the presets or operators file was told
// in Go's words ("cannot decode TOML string into struct field
// simulator.Preset.Languages of type []string"). It is told in the file's:
// file:line, the key, what was given and what to write.
func TestConfigFileTypeErrorsInTheFilesWords(t *testing.T) {
	tests := []struct {
		name, body string
		operators  bool
		want       string
	}{
		{name: "languages a string", body: "[[preset]]\nname = \"a\"\nlanguages = \"fr-FR\"\n",
			want: `presets.toml:3:13: languages: got a TOML string, want an array of strings; write languages = ["fr-FR"]`},
		{name: "market a number", body: "[[preset]]\nname = \"a\"\nmarket = 5 # five\n",
			want: `presets.toml:3:10: market: got a TOML integer, want a string; write market = "5"`},
		{name: "bool a string", body: "[[preset]]\nname = \"a\"\nnegative = \"yes\"\n",
			want: `presets.toml:3:12: negative: got a TOML string, want true or false; write negative = true`},
		{name: "element of an array", body: "[[preset]]\nname = \"a\"\nlanguages = [\n  \"fr\",\n  2, # two\n]\n",
			want: `presets.toml:5:3: languages: got a TOML integer in it, want a string there; write "2"`},
		{name: "extra a table", body: "[[preset]]\nname = \"a\"\nextra = {name = \"x\"}\n",
			want: `presets.toml:3:9: extra: got a TOML inline table, want an array of tables; write extra = [{ name = …, value = … }]`},
		{name: "operator markets a string", operators: true, body: "[[operator]]\nname = \"Fabrikam\"\nmarkets = \"GB\"\n",
			want: `operators.toml:3:11: markets: got a TOML string, want an array of strings; write markets = ["GB"]`},
		{name: "operator prefix a number", operators: true, body: "[[operator]]\nname = \"Fabrikam\"\niccid_prefix = 894412\n",
			want: `operators.toml:3:16: iccid_prefix: got a TOML integer, want a string; write iccid_prefix = "894412"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.operators {
				_, err = LoadOperators(writeOperators(t, tc.body))
			} else {
				_, err = LoadPresets(writeFile(t, tc.body))
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v\nwant it to contain %q", err, tc.want)
			}
			if err != nil && (strings.Contains(err.Error(), "struct field") || strings.Contains(err.Error(), "simulator.")) {
				t.Errorf("err = %v\nnames Go types", err)
			}
		})
	}
}

// QA: a UTF-8 byte-order mark at the start of a presets or operators file
// (Windows Notepad writes one) was refused as "1:1: invalid character at
// start of key: U+00EF 'ï'". It is ignored, as scenario files ignore it,
// and the lines after it are counted as before.
func TestConfigFilesAcceptAByteOrderMark(t *testing.T) {
	ps, err := LoadPresets(writeFile(t, "\ufeff[[preset]]\r\nname = \"bom\"\r\nmarket = \"DE\"\r\n"))
	if err != nil {
		t.Fatalf("presets with a BOM: %v", err)
	}
	if p := presetByName(t, ps, "bom"); p.Market != "DE" {
		t.Errorf("preset = %+v", p)
	}
	ops, err := LoadOperators(writeOperators(t, "\ufeff[[operator]]\nname = \"Fabrikam\"\niccid_prefix = \"894412\"\nsmdp_address = \"smdp.fabrikam.example\"\nmarkets = [\"GB\"]\n"))
	if err != nil {
		t.Fatalf("operators with a BOM: %v", err)
	}
	if _, err := FindOperator(ops, "Fabrikam"); err != nil {
		t.Error(err)
	}
	if _, err := LoadPresets(writeFile(t, "\ufeff[[preset]]\nname = \"a\"\nsim = \"dual\"\n")); err == nil || !strings.Contains(err.Error(), `presets.toml:3: preset "a": sim "dual"`) {
		t.Errorf("a problem after a BOM: %v, want it at line 3", err)
	}
}

// A PresetCheck's keyed error is said at its key's line (expect_status gave
// the file but no line).
func TestLoadPresetsCheckAtTheKeysLine(t *testing.T) {
	check := func(p Preset) []error {
		if slices.Contains(p.ExpectStatus, "Completed") {
			return []error{KeyError("expect_status", errors.New(`expect_status "Completed" is no moDirectStatus`))}
		}
		return nil
	}
	_, err := LoadPresets(writeFile(t, "[[preset]]\nname = \"a\"\n\nexpect_status = [\"Completed\"]\n"), check)
	if err == nil || !strings.Contains(err.Error(), `presets.toml:4: preset "a": expect_status "Completed"`) {
		t.Errorf("err = %v, want it at line 4", err)
	}
}
