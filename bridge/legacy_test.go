package bridge

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"mpsim/simulator"
)

// asString returns the argument as the shim forwards a JS string: a JSON
// string whose content is text (DataMart.notifyPurchaseResult(JSON.stringify(p))).
func asString(text string) json.RawMessage {
	b, _ := json.Marshal(text)
	return b
}

// prString returns purchaseResult as a JSON-encoded string, as a JSON value.
func prString(ua, pi, line, status, plan string) string {
	inner, _ := json.Marshal(map[string]string{
		"userAccount": ua, "purchaseInstrument": pi, "line": line, "moDirectStatus": status, "planName": plan,
	})
	b, _ := json.Marshal(string(inner))
	return string(b)
}

func codesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if !slices.Contains(out, f.Code) {
			out = append(out, f.Code)
		}
	}
	slices.Sort(out)
	return out
}

// checkFindings verifies every finding agrees with the code table.
func checkFindings(t *testing.T, fs []Finding) {
	t.Helper()
	for _, f := range fs {
		ci := codeInfo(f.Code)
		if f.Severity != ci.Severity {
			t.Errorf("finding %s has severity %s, table says %s", f.Code, f.Severity, ci.Severity)
		}
		if f.Message == "" || f.Section == "" {
			t.Errorf("finding %s lacks message or section: %+v", f.Code, f)
		}
		if strings.Contains(f.Message, "%!") {
			t.Errorf("finding %s has a format error: %s", f.Code, f.Message)
		}
	}
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const (
	exampleTxn  = "MSFT_ecf5a4d6-024c-46c3-8fcd-2c1f0deed572"
	dynamoTxn   = "CDE2882E-BD5E-485F-B921-D0D60BBCF7FF"
	esimICCID   = "8988247000101997790"
	psimICCID   = "8988247000100003319"
	exampleAC   = "1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG"
	dynamoICCID = "8988247000100297655"
)

func TestDecodeLegacy(t *testing.T) {
	esim := Expectation{TransactionID: exampleTxn, SIMKind: SIMKindESIM}
	psim := Expectation{TransactionID: exampleTxn, SIMKind: SIMKindPSIM, ICCIDs: []string{psimICCID}}
	complete := prString("New", "New", "New", "Complete", "MyPlan")

	esimOK := `{"ver":"1","success":true,"iccid":"` + esimICCID + `","activationCode":"` + exampleAC +
		`","transactionId":"` + exampleTxn + `","purchaseResult":` + complete + `}`

	// The dynamo examples as their authors intended them (ASCII quotes, valid JSON).
	dynamoESIMIntended := `{"ver":"1","purchaseResult":` + complete + `,"success":true,"Iccid":"` + dynamoICCID +
		`","activationCode":"activationCode","transactionId":"` + dynamoTxn + `"}`
	dynamoPSIMIntended := `{"ver":"1","purchaseResult":{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"},"success":true,"iccid":"` + dynamoICCID + `","transactionId":"` + dynamoTxn + `"}`

	tests := []struct {
		name  string
		arg   json.RawMessage
		exp   Expectation
		codes []string
		check func(t *testing.T, r Result, fs []Finding)
	}{
		{
			name: "§2.7 eSIM success (canonical)", arg: asString(esimOK), exp: esim, codes: nil,
			check: func(t *testing.T, r Result, fs []Finding) {
				want := Result{Success: true, ICCID: esimICCID, ActivationCode: exampleAC, TransactionID: exampleTxn,
					PurchaseResult: PurchaseResult{"New", "New", "New", "Complete", "MyPlan"}}
				if r != want {
					t.Errorf("result = %+v, want %+v", r, want)
				}
			},
		},
		{
			name: "§2.7 pSIM success (no activationCode)",
			arg: asString(`{"ver":"1","success":true,"iccid":"` + psimICCID + `","transactionId":"` + exampleTxn +
				`","purchaseResult":` + prString("Existing", "Existing", "Existing", "Complete", "prepaid_3GperMonth") + `}`),
			exp: psim, codes: nil,
		},
		{
			name: "§2.7 eSIM abandoned",
			arg: asString(`{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"` + exampleTxn +
				`","purchaseResult":"{\"userAccount\":\"Bailed\",\"purchaseInstrument\":\"None\",\"line\":\"None\",\"moDirectStatus\":\"None\",\"planName\":\"\"}"}`),
			exp: esim, codes: []string{CodeStatusTablePartial},
			check: func(t *testing.T, r Result, fs []Finding) {
				if r.Success || r.PurchaseResult.UserAccount != "Bailed" || r.PurchaseResult.MoDirectStatus != "None" {
					t.Errorf("result = %+v", r)
				}
			},
		},
		{
			name: "dynamo eSIM example, literal text (smart quotes)", arg: asString(readTestdata(t, "dynamo-esim-example.txt")),
			exp: Expectation{TransactionID: dynamoTxn, SIMKind: SIMKindESIM}, codes: []string{CodeJSONMalformed, CodeJSONSmartQuotes},
		},
		{
			name: "dynamo eSIM example, intended (Iccid, string purchaseResult, placeholder code)", arg: asString(dynamoESIMIntended),
			exp: Expectation{TransactionID: dynamoTxn, SIMKind: SIMKindESIM}, codes: []string{CodeActivationCodeFormat, CodeKeyCase},
			check: func(t *testing.T, r Result, fs []Finding) {
				if r.ICCID != dynamoICCID {
					t.Errorf("Iccid not accepted: %+v", r)
				}
			},
		},
		{
			name: "dynamo pSIM example, literal text", arg: asString(readTestdata(t, "dynamo-psim-example.txt")),
			exp: Expectation{TransactionID: dynamoTxn, SIMKind: SIMKindPSIM}, codes: []string{CodeJSONMalformed, CodeJSONSmartQuotes},
		},
		{
			name: "dynamo pSIM example, intended (object purchaseResult)", arg: asString(dynamoPSIMIntended),
			exp:   Expectation{TransactionID: dynamoTxn, SIMKind: SIMKindPSIM, ICCIDs: []string{dynamoICCID}},
			codes: []string{CodePurchaseResultNotStr},
			check: func(t *testing.T, r Result, fs []Finding) {
				if r.PurchaseResult.PlanName != "MyPlan" || !r.Success {
					t.Errorf("result = %+v", r)
				}
			},
		},
		{name: "malformed JSON", arg: asString(`{"success":true,`), exp: esim, codes: []string{CodeJSONMalformed}},
		{name: "smart quotes", arg: asString(`{“success”:true}`), exp: esim, codes: []string{CodeJSONMalformed, CodeJSONSmartQuotes}},
		{name: "payload as object (§5 #3)", arg: json.RawMessage(esimOK), exp: esim, codes: []string{CodePayloadNotString}},
		{name: "no argument", arg: nil, exp: esim, codes: []string{CodePayloadMissing}},
		{name: "undefined", arg: json.RawMessage(`{"$undefined":true}`), exp: esim, codes: []string{CodePayloadMissing}},
		{name: "null", arg: json.RawMessage(`null`), exp: esim, codes: []string{CodePayloadMissing}},
		{name: "empty string", arg: asString(""), exp: esim, codes: []string{CodePayloadMissing}},
		{name: "function", arg: json.RawMessage(`{"$function":"cb"}`), exp: esim, codes: []string{CodePayloadNotObject}},
		{name: "number", arg: json.RawMessage(`42`), exp: esim, codes: []string{CodePayloadNotObject}},
		{name: "stringified twice", arg: asString(string(asString(esimOK))), exp: esim, codes: []string{CodePayloadNotObject}},
		{
			name:  "success as string",
			arg:   asString(strings.Replace(esimOK, `"success":true`, `"success":"true"`, 1)),
			exp:   esim,
			codes: []string{CodeSuccessNotBoolean},
		},
		{
			name: "success missing", arg: asString(strings.Replace(esimOK, `"success":true,`, ``, 1)), exp: esim,
			codes: []string{CodeSuccessMissing},
		},
		{
			name: "purchaseResult missing",
			arg:  asString(`{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"` + exampleTxn + `"}`), exp: esim,
			codes: []string{CodePurchaseResultMiss},
		},
		{
			name: "planName empty on success", arg: asString(strings.Replace(esimOK, complete, prString("New", "New", "New", "Complete", " "), 1)),
			exp: esim, codes: []string{CodePlanNameEmptySuccess},
		},
		{
			name: "planName set on failure",
			arg: asString(`{"ver":"1","success":false,"transactionId":"` + exampleTxn + `","purchaseResult":` +
				prString("Existing", "Bailed", "None", "PurchaseFailed", "MyPlan") + `}`),
			exp: esim, codes: []string{CodePlanNameSetFailure},
		},
		{
			name: "planName missing, enum missing, enum unknown, enum case, unknown key",
			arg: asString(`{"ver":"1","success":false,"transactionId":"` + exampleTxn +
				`","purchaseResult":"{\"userAccount\":\"new\",\"line\":\"Maybe\",\"moDirectStatus\":\"serviceerror\",\"extra\":1}"}`),
			exp:   esim,
			codes: []string{CodeEnumCase, CodeEnumMissing, CodeEnumUnknown, CodeKeyUnknown, CodePlanNameMissing},
			check: func(t *testing.T, r Result, fs []Finding) {
				if r.PurchaseResult.UserAccount != "New" || r.PurchaseResult.MoDirectStatus != "ServiceError" {
					t.Errorf("enum not normalised: %+v", r.PurchaseResult)
				}
			},
		},
		{
			name: "Cancelled and BillingError statuses",
			arg: asString(`{"ver":"1","success":false,"transactionId":"` + exampleTxn + `","purchaseResult":` +
				prString("New", "None", "Bailed", "Cancelled", "") + `}`),
			exp: esim, codes: []string{CodeStatusCancelled},
		},
		{
			name: "success with failure status",
			arg:  asString(strings.Replace(esimOK, complete, prString("New", "New", "New", "BillingError", "MyPlan"), 1)),
			exp:  esim, codes: []string{CodeStatusSuccessMismatch, CodeStatusTablePartial},
		},
		{name: "transactionId mismatch", arg: asString(esimOK), exp: Expectation{TransactionID: "other", SIMKind: SIMKindESIM}, codes: []string{CodeTransactionIDMismatch}},
		{
			name: "transactionId URL-encoded",
			arg:  asString(strings.Replace(esimOK, exampleTxn, "%2F7RBTuSJt02OZbX8.4", 1)),
			exp:  Expectation{TransactionID: "/7RBTuSJt02OZbX8.4", SIMKind: SIMKindESIM}, codes: []string{CodeTransactionIDEncoded},
		},
		{
			name: "transactionId missing, ver missing",
			arg:  asString(strings.Replace(strings.Replace(esimOK, `"transactionId":"`+exampleTxn+`",`, ``, 1), `"ver":"1",`, ``, 1)),
			exp:  esim, codes: []string{CodeTransactionIDMissing, CodeVerMissing},
		},
		{
			// §2.7: returning transactionId is not mandatory (FAQ); '' is how
			// the payload says "no value" (iccid '' and activationCode '' on
			// failure), so it is the missing case, not a different id.
			name: "transactionId empty (§2.7 not mandatory)",
			arg:  asString(strings.Replace(esimOK, `"transactionId":"`+exampleTxn+`"`, `"transactionId":""`, 1)),
			exp:  esim, codes: []string{CodeTransactionIDMissing},
		},
		{name: "ver as number", arg: asString(strings.Replace(esimOK, `"ver":"1"`, `"ver":1`, 1)), exp: esim, codes: []string{CodeVerUnexpected}},
		{name: "iccid as number", arg: asString(strings.Replace(esimOK, `"`+esimICCID+`"`, esimICCID, 1)), exp: esim, codes: []string{CodeFieldNotString}}, // not also "iccid is missing"
		{
			name: "eSIM success without activation code",
			arg:  asString(strings.Replace(esimOK, `"activationCode":"`+exampleAC+`",`, ``, 1)),
			exp:  esim, codes: []string{CodeActivationCodeMissing},
		},
		{
			// §3 F2: an eSIM that already has a profile of this operator gets
			// the plan in the operator's back end; the hand-back carries no
			// activation code and nothing is downloaded.
			name: "§3 F2 eSIM with an operator profile, no activation code",
			arg:  asString(strings.Replace(strings.Replace(esimOK, `"activationCode":"`+exampleAC+`",`, ``, 1), esimICCID, "8988247000101867183", 1)),
			exp:  Expectation{TransactionID: exampleTxn, SIMKind: SIMKindESIM, ICCIDs: []string{"8988247000101867183"}}, codes: nil,
		},
		{
			name:  "§3 F2 eSIM with an operator profile, no activation code, no iccid",
			arg:   asString(strings.Replace(strings.Replace(esimOK, `"activationCode":"`+exampleAC+`",`, ``, 1), `"iccid":"`+esimICCID+`",`, ``, 1)),
			exp:   Expectation{TransactionID: exampleTxn, SIMKind: SIMKindESIM, ICCIDs: []string{"8988247000101867183"}},
			codes: []string{CodeICCIDMissingOnSuccess, CodeActivationCodeMissing},
		},
		{
			// The profile is on the eSIM but the launch did not send it in
			// iccids: another operator's, or a new customer's launch.
			name: "§3 F2 only for the operator's profiles the launch sent",
			arg:  asString(strings.Replace(strings.Replace(esimOK, `"activationCode":"`+exampleAC+`",`, ``, 1), esimICCID, "8988247000101867183", 1)),
			exp: Expectation{TransactionID: exampleTxn, SIMKind: SIMKindESIM, ICCIDs: []string{"8988247000101867183"},
				OperatorICCIDs: []string{}},
			codes: []string{CodeActivationCodeMissing},
		},
		{
			name:  "eSIM with an operator profile, no activation code, iccid of no profile",
			arg:   asString(strings.Replace(esimOK, `"activationCode":"`+exampleAC+`",`, ``, 1)),
			exp:   Expectation{TransactionID: exampleTxn, SIMKind: SIMKindESIM, ICCIDs: []string{"8988247000101867183"}},
			codes: []string{CodeActivationCodeMissing},
		},
		{name: "LPA: prefix", arg: asString(strings.Replace(esimOK, exampleAC, "LPA:"+exampleAC, 1)), exp: esim, codes: []string{CodeActivationCodeLPAPrefix}},
		{name: "confirmation code flag", arg: asString(strings.Replace(esimOK, exampleAC, exampleAC+"$$1", 1)), exp: esim, codes: []string{CodeActivationCodeConfirm}},
		{name: "empty matching id", arg: asString(strings.Replace(esimOK, exampleAC, "1$smdp.address$", 1)), exp: esim, codes: []string{CodeActivationCodeEmptyMID}},
		{name: "ICCID fails Luhn (§5 #17)", arg: asString(strings.Replace(esimOK, esimICCID, "8900000000000000001", 1)), exp: esim, codes: []string{CodeICCIDLuhn}},
		{name: "ICCID trailing F", arg: asString(strings.Replace(esimOK, esimICCID, esimICCID+"F", 1)), exp: esim, codes: []string{CodeICCIDTrailingF}},
		{name: "ICCID 18 digits (§5 #12)", arg: asString(strings.Replace(esimOK, esimICCID, "988247000100003555", 1)), exp: esim, codes: []string{CodeICCIDFormat}},
		{
			name: "pSIM success with another ICCID and an activation code",
			arg:  asString(esimOK), exp: psim, codes: []string{CodeActivationCodeUnexpected, CodeICCIDNotOnDevice},
		},
		{
			name: "failure with iccid and activation code",
			arg: asString(`{"ver":"1","success":false,"iccid":"` + esimICCID + `","activationCode":"` + exampleAC + `","transactionId":"` + exampleTxn +
				`","purchaseResult":` + prString("Bailed", "None", "None", "None", "") + `}`),
			exp: esim, codes: []string{CodeActivationCodeOnFailure, CodeICCIDOnFailure, CodeStatusTablePartial},
		},
		{
			name: "purchaseResult malformed string",
			arg: asString(`{"ver":"1","success":true,"iccid":"` + esimICCID + `","activationCode":"` + exampleAC +
				`","transactionId":"` + exampleTxn + `","purchaseResult":"{userAccount:New}"}`),
			exp: esim, codes: []string{CodeJSONMalformed},
		},
		{
			name: "purchaseResult number",
			arg: asString(`{"ver":"1","success":true,"iccid":"` + esimICCID + `","activationCode":"` + exampleAC +
				`","transactionId":"` + exampleTxn + `","purchaseResult":7}`),
			exp: esim, codes: []string{CodePurchaseResultNotObj},
		},
		{
			name: "duplicate keys and lineType alias",
			arg: asString(`{"ver":"1","success":true,"iccid":"` + esimICCID + `","ICCID":"x","activationCode":"` + exampleAC +
				`","transactionId":"` + exampleTxn + `","purchaseResult":"{\"userAccount\":\"New\",\"purchaseInstrument\":\"New\",\"lineType\":\"New\",\"moDirectStatus\":\"Complete\",\"planName\":\"P\"}"}`),
			exp: esim, codes: []string{CodeKeyAlias, CodeKeyCase, CodeKeyDuplicate},
			check: func(t *testing.T, r Result, fs []Finding) {
				if r.ICCID != esimICCID || r.PurchaseResult.Line != "New" {
					t.Errorf("exact key should win: %+v", r)
				}
				for _, f := range fs {
					// The legacy page never uses the alias: the message must not say its examples do.
					if f.Code == CodeKeyAlias && (strings.Contains(f.Message, "examples' spelling") || !strings.Contains(f.Message, "only in the inline APIs' examples")) {
						t.Errorf("alias message in the legacy purchaseResult: %s", f.Message)
					}
				}
			},
		},
		{
			name: "unknown SIM kind still parses the activation code",
			arg:  asString(strings.Replace(esimOK, exampleAC, "garbage", 1)), exp: Expectation{}, codes: []string{CodeActivationCodeFormat},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, fs := DecodeLegacy(tc.arg, tc.exp)
			checkFindings(t, fs)
			got := codesOf(fs)
			want := slices.Clone(tc.codes)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("codes = %v, want %v", got, want)
				for _, f := range fs {
					t.Logf("  %s %s [%s] %s", f.Severity, f.Code, f.Field, f.Message)
				}
			}
			if tc.check != nil {
				tc.check(t, r, fs)
			}
		})
	}
}

// json-malformed names the byte offset of the offending byte (the first
// byte of a multi-byte character, as json-smart-quotes does), not the
// number of bytes encoding/json had read.
func TestDecodeLegacyMalformedOffset(t *testing.T) {
	tests := []struct {
		name, text string
		want       string
	}{
		{"first byte", `x`, "at byte offset 0 "},
		{"trailing comma", `{"success":true,}`, "at byte offset 16 "},
		{"after the value", `{"a":1} x`, "at byte offset 8 "},
		{"typographic quote", `{"a":` + "\u201cx\u201d}", `"“" (U+201C) at byte offset 5 `},
		{"bad escape", `{"a":"\x"}`, "at byte offset 6 "},
		{"ends early", `{"success":`, "after 11 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, fs := DecodeLegacy(asString(tc.text), Expectation{})
			checkFindings(t, fs)
			if len(fs) == 0 || fs[0].Code != CodeJSONMalformed || !strings.Contains(fs[0].Message, tc.want) {
				t.Fatalf("want json-malformed saying %q, got %+v", tc.want, fs)
			}
			for _, f := range fs[1:] {
				if f.Code == CodeJSONSmartQuotes && !strings.Contains(f.Message, "at byte offset 5,") {
					t.Errorf("json-smart-quotes disagrees: %s", f.Message)
				}
			}
		})
	}
}

// TestActivationCodeOtherSMDP: with an operator profile's SM-DP+ to check
// against, a usable code for another one is an info finding; the same
// SM-DP+ in another case, or no profile, is none.
func TestActivationCodeOtherSMDP(t *testing.T) {
	for _, c := range []struct {
		code, profile string
		want          bool
	}{
		{"1$smdp.other.example$ABC-123", "smdp.fabrikam.example", true},
		{"1$SMDP.Fabrikam.Example$ABC-123", "smdp.fabrikam.example", false},
		{"1$smdp.other.example$ABC-123", "", false},
		{"LPA:1$smdp.other.example$ABC-123", "smdp.fabrikam.example", false}, // refused: its own finding
	} {
		fs := checkActivationCode(c.code, "activationCode", Expectation{SMDPAddress: c.profile})
		got := false
		for _, f := range fs {
			if f.Code == CodeActivationCodeOtherSMDP {
				got = true
				if f.Severity != SeverityInfo || !strings.Contains(f.Message, c.profile) {
					t.Errorf("%s: %+v", c.code, f)
				}
			}
		}
		if got != c.want {
			t.Errorf("code %q, profile %q: other-smdp finding %v, want %v (findings %+v)", c.code, c.profile, got, c.want, fs)
		}
	}
}

// An eSIM success whose iccid is outside the operator's ICCID ranges is
// warned about (contract §1.2 item 6, §1.3): the app would install it, but
// the next launch would not count it as the operator's.
func TestICCIDOutsideOperatorRange(t *testing.T) {
	contoso := []simulator.ICCIDRange{simulator.PrefixRange("89882470001")}
	complete := prString("New", "New", "New", "Complete", "MyPlan")
	payload := func(iccid string) json.RawMessage {
		return asString(`{"ver":"1","success":true,"iccid":"` + iccid + `","activationCode":"` + exampleAC +
			`","transactionId":"` + exampleTxn + `","purchaseResult":` + complete + `}`)
	}
	tests := []struct {
		name  string
		iccid string
		exp   Expectation
		want  bool
	}{
		{"eSIM, in the range", esimICCID, Expectation{SIMKind: SIMKindESIM, ICCIDRanges: contoso}, false},
		{"eSIM, in the range, trailing F", esimICCID + "F", Expectation{SIMKind: SIMKindESIM, ICCIDRanges: contoso}, false},
		{"eSIM, another issuer's range", "8944500000000000006", Expectation{SIMKind: SIMKindESIM, ICCIDRanges: contoso}, true},
		{"eSIM, ranges not known", "8944500000000000006", Expectation{SIMKind: SIMKindESIM}, false},
		{"physical SIM (iccid-not-on-device's)", "8944500000000000006", Expectation{SIMKind: SIMKindPSIM, ICCIDRanges: contoso}, false},
		// A malformed ICCID (iccid-format, an error) downloads nothing:
		// the range finding's "the app installs the profile" would be false.
		{"eSIM, 18 digits", "898824700010000012", Expectation{SIMKind: SIMKindESIM, ICCIDRanges: contoso}, false},
		{"eSIM, a letter", "89882470001000001X", Expectation{SIMKind: SIMKindESIM, ICCIDRanges: contoso}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.exp.TransactionID = exampleTxn
			_, fs := DecodeLegacy(payload(tc.iccid), tc.exp)
			checkFindings(t, fs)
			got := slices.ContainsFunc(fs, func(f Finding) bool { return f.Code == CodeICCIDNotInRange })
			if got != tc.want {
				t.Errorf("iccid-not-operator-range %v, want %v; findings %v", got, tc.want, codesOf(fs))
			}
			for _, f := range fs {
				if f.Code == CodeICCIDNotInRange && (!strings.Contains(f.Message, "8988247000100000000..8988247000199999999") || !strings.Contains(f.Message, "next launch")) {
					t.Errorf("message names neither the range nor the consequence: %s", f.Message)
				}
			}
		})
	}
}

// An unknown key a few edits from a documented one the object lacks is
// key-mistyped, naming it; a short key only one edit away; the others stay
// key-unknown.
func TestUnknownKeyNamesTheKeyMeant(t *testing.T) {
	pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatsu":"Complete","planName":"P","planNme":"P","type":"x","vers":"1"}`
	payload := `{"ver":"1","success":true,"iccid":"8988247000101997790","activatonCode":"","transactionId":"t","purchaseResult":` + strconv.Quote(pr) + `}`
	_, fs := DecodeLegacy(asString(payload), Expectation{})
	got := map[string]Finding{}
	for _, f := range fs {
		if f.Code == CodeKeyUnknown || f.Code == CodeKeyMistyped {
			got[f.Field] = f
		}
	}
	for field, want := range map[string]string{
		"activatonCode":                 `Did you mean "activationCode"?`,
		"purchaseResult.moDirectStatsu": `Did you mean "moDirectStatus"?`,
		"purchaseResult.planNme":        "",
		"purchaseResult.type":           "",
		"purchaseResult.vers":           "",
	} {
		f := got[field]
		switch {
		case want == "" && f.Code != CodeKeyUnknown:
			t.Errorf("%s: %+v, want key-unknown", field, f)
		case want != "" && (f.Code != CodeKeyMistyped || f.Severity != SeverityWarning || !strings.Contains(f.Message, want)):
			t.Errorf("%s: %+v, want key-mistyped with %q", field, f, want)
		}
	}
}

// An enum value outside the documented ones is quoted in its finding, a
// value of another JSON type than string is field-not-string (it was
// enum-unknown until 2026-12-08), and a null enum is a missing one (the
// app has no value to read).
func TestEnumFindingsShowTheValue(t *testing.T) {
	pr, _ := json.Marshal(`{"userAccount":true,"purchaseInstrument":null,"line":"Maybe","moDirectStatus":["Complete"],"planName":""}`)
	_, fs := DecodeLegacy(asString(`{"ver":"1","success":false,"transactionId":"`+exampleTxn+`","purchaseResult":`+string(pr)+`}`),
		Expectation{TransactionID: exampleTxn, SIMKind: SIMKindESIM})
	want := map[string]string{
		"purchaseResult.userAccount":        `got the JSON boolean true`,
		"purchaseResult.line":               `got "Maybe"`,
		"purchaseResult.moDirectStatus":     `got the JSON array ["Complete"]`,
		"purchaseResult.purchaseInstrument": `purchaseResult.purchaseInstrument has no value (null or ""); it is required: one of`,
	}
	for _, f := range fs {
		if w, ok := want[f.Field]; ok && strings.Contains(f.Message, w) {
			if f.Field == "purchaseResult.purchaseInstrument" && f.Code != CodeEnumMissing {
				t.Errorf("a null enum is %s, want %s", f.Code, CodeEnumMissing)
			}
			if (f.Field == "purchaseResult.userAccount" || f.Field == "purchaseResult.moDirectStatus") && f.Code != CodeFieldNotString {
				t.Errorf("an enum of another type is %s, want %s", f.Code, CodeFieldNotString)
			}
			delete(want, f.Field)
		}
	}
	for field, w := range want {
		t.Errorf("no finding on %s saying %q in %+v", field, w, fs)
	}
}

// A payload nested too deep is valid JSON: its finding does not tell the
// portal to use JSON.stringify, which made it.
func TestTooDeepPayloadIsNotCalledHandMade(t *testing.T) {
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	_, fs := DecodeLegacy(asString(`{"ver":"1","success":false,"transactionId":"`+exampleTxn+`","purchaseResult":`+string(asString(deep))+`}`),
		Expectation{TransactionID: exampleTxn, SIMKind: SIMKindESIM})
	found := false
	for _, f := range fs {
		if f.Code == CodeJSONMalformed {
			found = true
			if strings.Contains(f.Message, "instead of by hand") || !strings.Contains(f.Message, "deeper than a JSON reader accepts") {
				t.Errorf("message %q", f.Message)
			}
		}
	}
	if !found {
		t.Errorf("no %s finding in %+v", CodeJSONMalformed, fs)
	}
}

// Without the eSIM's profiles (a payload validated on its own), a success
// without an activation code does not claim the eSIM has no profile of
// the operator: it may be flow F2's. With them, it says which it has.
func TestActivationCodeMissingSaysWhatIsKnown(t *testing.T) {
	payload := asString(`{"ver":"1","success":true,"iccid":"` + esimICCID + `","activationCode":"","transactionId":"` + exampleTxn +
		`","purchaseResult":` + prString("Existing", "New", "Existing", "Complete", "MyPlan") + `}`)
	tests := []struct {
		name string
		exp  Expectation
		want string
	}{
		{"profiles unknown", Expectation{SIMKind: SIMKindESIM}, "the eSIM's profiles are not known here"},
		{"no profile of the operator", Expectation{SIMKind: SIMKindESIM, ICCIDs: []string{}, OperatorICCIDs: []string{}}, "the eSIM has no profile of this operator"},
		{"another profile", Expectation{SIMKind: SIMKindESIM, OperatorICCIDs: []string{"8988247000101867183"}}, "names none of the operator's profiles on the eSIM (8988247000101867183)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, fs := DecodeLegacy(payload, tc.exp)
			for _, f := range fs {
				if f.Code == CodeActivationCodeMissing {
					if !strings.Contains(f.Message, tc.want) {
						t.Errorf("message %q lacks %q", f.Message, tc.want)
					}
					return
				}
			}
			t.Errorf("no %s in %v", CodeActivationCodeMissing, codesOf(fs))
		})
	}
}

// A key of the other object of a legacy hand-back (moDirectStatus at the
// top level, transactionId inside purchaseResult) is named as belonging
// there; its line cites the contract's section once, as every finding's
// line does (Finding.Line adds it), not again in the message.
func TestKeyOfTheOtherObjectCitesItsSectionOnce(t *testing.T) {
	pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"P","transactionId":"t"}`
	payload := `{"ver":"1","success":true,"iccid":"8988247000101997790","activationCode":"","transactionId":"t","moDirectStatus":"Complete","purchaseResult":` + strconv.Quote(pr) + `}`
	_, fs := DecodeLegacy(asString(payload), Expectation{})
	seen := 0
	for _, f := range fs {
		if f.Code != CodeKeyUnknown {
			continue
		}
		seen++
		if n := strings.Count(f.Line(), "§2.7"); n != 1 {
			t.Errorf("%s cites §2.7 %d times", f.Line(), n)
		}
	}
	if seen != 2 {
		t.Errorf("%d key-unknown findings, want 2: %v", seen, codesOf(fs))
	}
}

// A payload that does not decode at all leaves a zero result that
// Undecoded names with the finding that says why; a decoded payload,
// even an empty object, is a hand-back with fields.
func TestUndecoded(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       string // the finding's code, "" for a decoded payload
	}{
		{"malformed", `{bad json`, CodeJSONMalformed},
		{"stringified twice", `"{\"success\":true}"`, CodePayloadNotObject},
		{"null", `null`, CodePayloadNotObject},
		{"empty", ``, CodePayloadMissing},
		{"empty object", `{}`, ""},
		{"a failure", `{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"t","purchaseResult":"{}"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, fs := DecodeLegacy(asString(tc.text), Expectation{})
			f, ok := Undecoded(res, fs)
			if ok != (tc.want != "") || f.Code != tc.want {
				t.Errorf("Undecoded = %q, %v; want %q (findings %v)", f.Code, ok, tc.want, fs)
			}
		})
	}
}
