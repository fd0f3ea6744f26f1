package bridge

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// messageCase is one finding a test expects from an input: its code (and
// field, when given), the contract section it cites (when given), what its
// message says and does not say, and codes that must not come with it.
// With no code, only the codes that must not come are checked.
type messageCase struct {
	name     string
	findings func() []Finding
	code     string
	field    string
	section  string
	want     []string
	notWant  []string
	noCodes  []string
}

func legacyFindings(payload string, exp Expectation) func() []Finding {
	return func() []Finding {
		_, fs := DecodeLegacy(asString(payload), exp)
		return fs
	}
}

func callFindings(api string, exp Expectation, args ...string) func() []Finding {
	return func() []Finding {
		return CheckCall(Envelope{API: api, Args: rawArgs(args...)}, exp).Findings
	}
}

func runMessageCases(t *testing.T, tests []messageCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := tc.findings()
			checkFindings(t, fs)
			var got *Finding
			for i, f := range fs {
				if f.Code == tc.code && (tc.field == "" || f.Field == tc.field) {
					got = &fs[i]
				}
				for _, c := range tc.noCodes {
					if f.Code == c {
						t.Errorf("unwanted %s [%s]: %s", f.Code, f.Field, f.Message)
					}
				}
			}
			if tc.code == "" {
				return // only noCodes is checked
			}
			if got == nil {
				t.Fatalf("no %s [%s] in %+v", tc.code, tc.field, fs)
			}
			if tc.section != "" && got.Section != tc.section {
				t.Errorf("section %q, want %q (%s)", got.Section, tc.section, got.Message)
			}
			for _, w := range tc.want {
				if !strings.Contains(got.Message, w) {
					t.Errorf("message %q lacks %q", got.Message, w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(got.Message, w) {
					t.Errorf("message %q has %q", got.Message, w)
				}
			}
		})
	}
}

// payloadWith is a failed legacy payload with extra members (JSON text
// without braces) in front.
func payloadWith(extra string) string {
	pr, _ := json.Marshal(`{"userAccount":"None","purchaseInstrument":"None","line":"None","moDirectStatus":"None","planName":""}`)
	return `{` + extra + `"success":false,"transactionId":"t","purchaseResult":` + string(pr) + `}`
}

// payloadPR is a successful legacy payload with extra members (JSON text
// without braces) in front and the given purchaseResult.
func payloadPR(extra, ua, pi, line, status, plan string) string {
	return `{` + extra + `"ver":"1","success":true,"transactionId":"t","purchaseResult":` + prString(ua, pi, line, status, plan) + `}`
}

// mdWith is purchase metadata with the given moDirectStatus and planName.
func mdWith(status, plan string) string {
	b, _ := json.Marshal(map[string]string{"userAccount": "New", "purchaseInstrument": "New", "line": "New", "moDirectStatus": status, "planName": plan})
	return string(b)
}

// TestFindingMessages: messages say what is actually wrong, and cite the
// section of the object the value came from.
func TestFindingMessages(t *testing.T) {
	runMessageCases(t, []messageCase{
		// Contract §8: whether ver has other values is not documented.
		{name: "ver 2", findings: legacyFindings(payloadWith(`"ver":"2",`), Expectation{}), code: CodeVerUnexpected,
			want: []string{`"ver" is "2"`, "not documented"}, notWant: []string{"must be", "should be"}},
		{name: "ver number", findings: legacyFindings(payloadWith(`"ver":1,`), Expectation{}), code: CodeVerUnexpected,
			want: []string{`"ver" is 1,`, "not documented"}, notWant: []string{"must be", "should be"}},
		// enum-case also covers surrounding white space: say which.
		{name: "enum trailing space", findings: legacyFindings(payloadPR("", "New", "New", "New", "Complete ", "P"), Expectation{}),
			code: CodeEnumCase, field: "purchaseResult.moDirectStatus",
			want: []string{`"Complete "`, "white space around"}, notWant: []string{"only in case"}},
		{name: "enum leading space", findings: legacyFindings(payloadPR("", " New", "New", "New", "Complete", "P"), Expectation{}),
			code: CodeEnumCase, field: "purchaseResult.userAccount",
			want: []string{`" New"`, "white space around"}, notWant: []string{"only in case"}},
		{name: "enum case", findings: legacyFindings(payloadPR("", "New", "New", "New", "complete", "P"), Expectation{}),
			code: CodeEnumCase, field: "purchaseResult.moDirectStatus",
			want: []string{"only in case"}, notWant: []string{"white space"}},
		{name: "enum case and space", findings: legacyFindings(payloadPR("", "New", "New", "New", " complete", "P"), Expectation{}),
			code: CodeEnumCase, field: "purchaseResult.moDirectStatus",
			want: []string{"in case and has white space"}, notWant: []string{"only in case"}},
		// Sections follow where the value came from: legacy payload (§2.7),
		// purchase metadata (§2.2), API argument (§2.6).
		{name: "empty planName, balance metadata", findings: callFindings(APIInlineNotifyBalanceAddition, Expectation{}, mdWith("Complete", "")),
			code: CodePlanNameEmptySuccess, section: "§2.2, §5 #9"},
		{name: "empty planName, download metadata", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, mdWith("Complete", ""), `"1$smdp.example.com$X"`),
			code: CodePlanNameEmptySuccess, section: "§2.2, §5 #9"},
		{name: "empty planName, legacy payload", findings: legacyFindings(payloadPR("", "New", "New", "New", "Complete", ""), Expectation{}),
			code: CodePlanNameEmptySuccess, section: "§2.7, §5 #9"},
		{name: "planName on failure, cancel metadata", findings: callFindings(APINotifyCancelledPurchase, Expectation{}, mdWith("PurchaseFailed", "P")),
			code: CodePlanNameSetFailure, section: "§2.2, §5 #9"},
		{name: "planName not a string, metadata", findings: callFindings(APINotifyCancelledPurchase, Expectation{}, `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"PurchaseFailed","planName":7}`),
			code: CodeFieldNotString, field: "planName", section: "§2.2"},
		{name: "number iccid argument", findings: callFindings(APIInlineNotifyBalanceAddition, Expectation{}, mdWith("Complete", "P"), `8988247000101997790`),
			code: CodeFieldNotString, field: "iccid", section: "§2.6"},
		{name: "missing iccid argument", findings: callFindings(APILegacyNotifyBalanceAddition, Expectation{}, mdWith("Complete", "P")),
			code: CodeFieldNotString, field: "iccid", section: "§2.6"},
		{name: "number activationCode argument", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, mdWith("Complete", "P"), `7`),
			code: CodeFieldNotString, field: "activationCode", section: "§2.6"},
		{name: "no activationCode argument", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, mdWith("Complete", "P"), `""`),
			code: CodeActivationCodeMissing, section: "§2.6"},
		{name: "number iccid, legacy payload", findings: legacyFindings(payloadPR(`"iccid":8988247000101997790,`, "New", "New", "New", "Complete", "P"), Expectation{}),
			code: CodeFieldNotString, field: "iccid", section: "§2.7"},
		{name: "unknown key, metadata", findings: callFindings(APINotifyCancelledPurchase, Expectation{}, `{"colour":"red",`+mdWith("Cancelled", "")[1:]),
			code: CodeKeyUnknown, field: "colour", section: "§2.2"},
		{name: "unknown key, purchaseResult", findings: legacyFindings(`{"ver":"1","success":false,"transactionId":"t","purchaseResult":`+
			strconv.Quote(`{"userAccount":"None","purchaseInstrument":"None","line":"None","moDirectStatus":"None","planName":"","colour":"red"}`)+`}`, Expectation{}),
			code: CodeKeyUnknown, field: "purchaseResult.colour", section: "§2.7"},
		{name: "unknown enum, metadata", findings: callFindings(APINotifyCancelledPurchase, Expectation{}, mdWith("Maybe", "")),
			code: CodeEnumUnknown, section: "§2.2, §5 #4"},
		// status-success-mismatch says what the API implies and what the
		// metadata says, and cites the metadata's section.
		{name: "download with ServiceError", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, mdWith("ServiceError", ""), `"1$smdp.example.com$X"`),
			code: CodeStatusSuccessMismatch, section: "§2.2",
			want: []string{"asks the app to download", `moDirectStatus is "ServiceError"`, "notifyCancelledPurchase"}, notWant: []string{"reports a successful purchase"}},
		{name: "balance with Cancelled", findings: callFindings(APIInlineNotifyBalanceAddition, Expectation{}, mdWith("Cancelled", "")),
			code: CodeStatusSuccessMismatch, section: "§2.2", want: []string{"balance was added", `"Cancelled"`}},
		{name: "cancel with Complete", findings: callFindings(APINotifyCancelledPurchase, Expectation{}, mdWith("Complete", "P")),
			code: CodeStatusSuccessMismatch, section: "§2.2", want: []string{"did not complete", `"Complete"`}, notWant: []string{"a cancelled purchase but"}},
		{name: "legacy success with ServiceError", findings: legacyFindings(payloadPR("", "New", "New", "New", "ServiceError", ""), Expectation{}),
			code: CodeStatusSuccessMismatch, section: "§2.7"},
		// A number is not a missing value: field-not-string says it.
		{name: "number iccid", findings: legacyFindings(payloadPR(`"iccid":8988247000101997790,"activationCode":"1$smdp.example.com$X",`, "New", "New", "New", "Complete", "P"),
			Expectation{SIMKind: SIMKindESIM}), code: CodeFieldNotString, field: "iccid", noCodes: []string{CodeICCIDMissingOnSuccess}},
		{name: "number activationCode", findings: legacyFindings(payloadPR(`"iccid":"8988247000101997790","activationCode":7,`, "New", "New", "New", "Complete", "P"),
			Expectation{SIMKind: SIMKindESIM}), code: CodeActivationCodeMissing, field: "activationCode",
			want: []string{"activationCode is not a string"}, notWant: []string{"is missing"}},
		{name: "missing iccid", findings: legacyFindings(payloadPR(`"activationCode":"1$smdp.example.com$X",`, "New", "New", "New", "Complete", "P"),
			Expectation{SIMKind: SIMKindESIM}), code: CodeICCIDMissingOnSuccess, want: []string{"iccid is missing"}},
		{name: "empty iccid", findings: legacyFindings(payloadPR(`"iccid":"","activationCode":"1$smdp.example.com$X",`, "New", "New", "New", "Complete", "P"),
			Expectation{SIMKind: SIMKindESIM}), code: CodeICCIDMissingOnSuccess, want: []string{"iccid is empty"}},
		// §5 #18: the launched value may be given URL-encoded, as in the
		// docs' launch URLs; the decoded echo is what the portal read.
		{name: "encoded launch, decoded echo", findings: func() []Finding { return transactionIDFindings("/7RBTuSJt02OZbX8.4", "%2F7RBTuSJt02OZbX8.4") },
			code: "", noCodes: []string{CodeTransactionIDMismatch, CodeTransactionIDEncoded}},
		// The encoded launch stands for /7RB…, as mpsim's launches send it, so
		// echoing it as given is the encoded echo (it passed until 2026-12-06,
		// while mpsim run --transaction-id %2F… warned).
		{name: "encoded launch, encoded echo", findings: func() []Finding { return transactionIDFindings("%2F7RBTuSJt02OZbX8.4", "%2F7RBTuSJt02OZbX8.4") },
			code: CodeTransactionIDEncoded},
		// An escape that decodes to no valid id (invalid UTF-8) is sent as
		// written (simulator.DecodeTransactionID), so its echo as written
		// is right; bridge decoded it on its own rule and called it encoded.
		{name: "an escape that decodes to no valid id, echoed as launched", findings: func() []Finding { return transactionIDFindings("ab%FFcd", "ab%FFcd") },
			code: "", noCodes: []string{CodeTransactionIDMismatch, CodeTransactionIDEncoded}},
		{name: "double-encoded launch, its echo", findings: func() []Finding { return transactionIDFindings("%252F7RB.4", "%252F7RB.4") },
			code: CodeTransactionIDEncoded},
		{name: "decoded launch, encoded echo", findings: func() []Finding { return transactionIDFindings("%2F7RBTuSJt02OZbX8.4", "/7RBTuSJt02OZbX8.4") },
			code: CodeTransactionIDEncoded},
		{name: "encoded launch, other-case encoded echo", findings: func() []Finding { return transactionIDFindings("%2f7RBTuSJt02OZbX8.4", "%2F7RBTuSJt02OZbX8.4") },
			code: CodeTransactionIDEncoded},
		{name: "encoded launch, other echo", findings: func() []Finding { return transactionIDFindings("/7RBTuSJt02OZbX8.5", "%2F7RBTuSJt02OZbX8.4") },
			code: CodeTransactionIDMismatch},
		// A "+" the portal read as a space (form decoding) is explained;
		// the launch URL carries it as %2B (simulator.EncodeParams).
		{name: "plus is literal", findings: func() []Finding { return transactionIDFindings("ab c", "ab+c") },
			code: CodeTransactionIDMismatch, want: []string{`"+" read as a space`, "%2B", "URLSearchParams.get", "form decoding", "encodeURIComponent"}},
		{name: "plus read as a space, then percent-encoded", findings: func() []Finding { return transactionIDFindings("ab%20c", "ab+c") },
			code: CodeTransactionIDMismatch, want: []string{"only by percent-encoding and \"+\" read as a space", "%2B"}},
		{name: "plus percent-encoded in the launch, read as a space", findings: func() []Finding { return transactionIDFindings("ab c", "ab%2Bc") },
			code: CodeTransactionIDMismatch, want: []string{`"+" read as a space`}},
		{name: "another id with a plus says nothing of spaces", findings: func() []Finding { return transactionIDFindings("ab d", "ab+c") },
			code: CodeTransactionIDMismatch, notWant: []string{"read as a space"}},
		{name: "another id without a plus says nothing of spaces", findings: func() []Finding { return transactionIDFindings("ab d", "ab c") },
			code: CodeTransactionIDMismatch, notWant: []string{"read as a space"}},
		// A key of another object is defined: say where it belongs.
		{name: "moDirectStatus at the top level", findings: legacyFindings(payloadWith(`"ver":"1","moDirectStatus":"Complete",`), Expectation{}),
			code: CodeKeyUnknown, field: "moDirectStatus",
			want: []string{"belongs inside purchaseResult"}, notWant: []string{"not defined by any documentation revision"}},
		{name: "lineType at the top level", findings: legacyFindings(payloadWith(`"ver":"1","LineType":"New",`), Expectation{}),
			code: CodeKeyUnknown, field: "LineType", want: []string{"belongs inside purchaseResult"}},
		{name: "iccid inside purchaseResult", findings: legacyFindings(`{"ver":"1","success":false,"transactionId":"t","purchaseResult":`+
			strconv.Quote(`{"userAccount":"None","purchaseInstrument":"None","line":"None","moDirectStatus":"None","planName":"","iccid":""}`)+`}`, Expectation{}),
			code: CodeKeyUnknown, field: "purchaseResult.iccid", want: []string{"top level, beside purchaseResult"}},
		{name: "iccid in metadata", findings: callFindings(APIInlineNotifyBalanceAddition, Expectation{},
			`{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"P","iccid":"8988247000101997790"}`),
			code: CodeKeyUnknown, field: "iccid", want: []string{"not of purchase metadata", "as an argument"}},
		{name: "a key of no object", findings: legacyFindings(payloadWith(`"ver":"1","colour":"red",`), Expectation{}),
			code: CodeKeyUnknown, field: "colour", want: []string{"not defined by any documentation revision"}},
	})
}

// TestEnumAndPlanNameFindingsCiteTheirField: an enum-unknown cites the
// section of the object the value came from (§2.7 in the legacy payload,
// §2.2 in purchase metadata) and §5 #4 only for moDirectStatus, whose value
// sets differ between pages; userAccount, purchaseInstrument and line have
// one. Until 2026-12-08 every enum-unknown in a legacy payload cited
// "§2.2, §2.7, §5 #4" and in metadata "§2.2, §5 #4". An enum of another
// JSON type than string is field-not-string, not an undocumented value
// (it was enum-unknown "got 1"); a planName of only spaces on success says
// so, not "planName is empty"; plan-name-missing in the legacy payload
// cites §2.7 (it cited §2.2, §2.7).
func TestEnumAndPlanNameFindingsCiteTheirField(t *testing.T) {
	legacyPR := func(pr string) func() []Finding {
		return legacyFindings(`{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"t","purchaseResult":`+strconv.Quote(pr)+`}`, Expectation{})
	}
	cancel := func(md string) func() []Finding { return callFindings(APINotifyCancelledPurchase, Expectation{}, md) }
	const rest = `"moDirectStatus":"None","planName":""}`
	runMessageCases(t, []messageCase{
		{name: "legacy userAccount", findings: legacyPR(`{"userAccount":"Nope","purchaseInstrument":"None","line":"None",` + rest),
			code: CodeEnumUnknown, field: "purchaseResult.userAccount", section: "§2.7"},
		{name: "legacy purchaseInstrument", findings: legacyPR(`{"userAccount":"None","purchaseInstrument":"Nope","line":"None",` + rest),
			code: CodeEnumUnknown, field: "purchaseResult.purchaseInstrument", section: "§2.7"},
		{name: "legacy line", findings: legacyPR(`{"userAccount":"None","purchaseInstrument":"None","line":"Nope",` + rest),
			code: CodeEnumUnknown, field: "purchaseResult.line", section: "§2.7"},
		{name: "legacy moDirectStatus", findings: legacyPR(`{"userAccount":"None","purchaseInstrument":"None","line":"None","moDirectStatus":"Nope","planName":""}`),
			code: CodeEnumUnknown, field: "purchaseResult.moDirectStatus", section: "§2.7, §5 #4"},
		{name: "metadata userAccount", findings: cancel(`{"userAccount":"Nope","purchaseInstrument":"None","line":"None","moDirectStatus":"Cancelled","planName":""}`),
			code: CodeEnumUnknown, field: "userAccount", section: "§2.2"},
		{name: "metadata line", findings: cancel(`{"userAccount":"None","purchaseInstrument":"None","line":"Nope","moDirectStatus":"Cancelled","planName":""}`),
			code: CodeEnumUnknown, field: "line", section: "§2.2"},
		{name: "metadata moDirectStatus", findings: cancel(mdWith("Nope", "")),
			code: CodeEnumUnknown, field: "moDirectStatus", section: "§2.2, §5 #4"},
		{name: "legacy number enum", findings: legacyPR(`{"userAccount":"None","purchaseInstrument":1,"line":"None",` + rest),
			code: CodeFieldNotString, field: "purchaseResult.purchaseInstrument", section: "§2.7",
			want: []string{"must be a string", "New, Existing, Bailed, None", "number 1"}, noCodes: []string{CodeEnumUnknown}},
		{name: "legacy boolean status", findings: legacyPR(`{"userAccount":"None","purchaseInstrument":"None","line":"None","moDirectStatus":true,"planName":""}`),
			code: CodeFieldNotString, field: "purchaseResult.moDirectStatus", section: "§2.7",
			want: []string{"must be a string", "Complete", "boolean true"}, noCodes: []string{CodeEnumUnknown}},
		{name: "metadata number enum", findings: cancel(`{"userAccount":"None","purchaseInstrument":"None","line":2,"moDirectStatus":"Cancelled","planName":""}`),
			code: CodeFieldNotString, field: "line", section: "§2.2", want: []string{"number 2"}, noCodes: []string{CodeEnumUnknown}},
		{name: "legacy planName missing", findings: legacyPR(`{"userAccount":"None","purchaseInstrument":"None","line":"None","moDirectStatus":"None"}`),
			code: CodePlanNameMissing, section: "§2.7"},
		{name: "legacy planName of spaces", findings: legacyFindings(payloadPR("", "New", "New", "New", "Complete", "   "), Expectation{}),
			code: CodePlanNameEmptySuccess, section: "§2.7, §5 #9", want: []string{`planName is only spaces ("   ")`, "counts as empty"}, notWant: []string{"planName is empty"}},
		{name: "legacy planName of a tab", findings: legacyFindings(payloadPR("", "New", "New", "New", "Complete", "\t"), Expectation{}),
			code: CodePlanNameEmptySuccess, want: []string{"planName is only white space", "counts as empty"}},
		{name: "legacy planName empty", findings: legacyFindings(payloadPR("", "New", "New", "New", "Complete", ""), Expectation{}),
			code: CodePlanNameEmptySuccess, want: []string{"planName is empty although"}},
		{name: "metadata planName of spaces on its own", findings: func() []Finding { _, fs := DecodeMetadata([]byte(mdWith("Complete", "  "))); return fs },
			code: CodePlanNameEmptySuccess, section: "§2.2, §5 #9", want: []string{`planName is only spaces ("  ")`}, notWant: []string{"planName is empty"}},
		{name: "download metadata planName of spaces", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, mdWith("Complete", "  "), `"1$smdp.example.com$X"`),
			code: CodePlanNameEmptySuccess, section: "§2.2, §5 #9", want: []string{`planName is only spaces ("  ")`, "counts as empty"}},
	})
}
