package bridge

import (
	"encoding/json"
	"strings"
	"testing"
)

// longValue is a value of n bytes that the page supplied, made of unit
// repeated (a digit for an ICCID, a letter for a transactionId).
func longValue(unit string, n int) string { return strings.Repeat(unit, n/len(unit)) }

// TestLongValuesAreShownShortened: a finding quotes a value the page
// supplied through shownValue, at most maxShown bytes of it, whatever its
// length (QA: a 3000–5000 character transactionId, iccid, activationCode
// or unknown key was quoted whole by transaction-id-mismatch, key-unknown,
// iccid-on-failure and activation-code-on-failure, 3–5 KB a message, while
// ver-unexpected and enum-unknown cut it). The decoded result keeps the
// value whole.
func TestLongValuesAreShownShortened(t *testing.T) {
	const n = 5000
	long := longValue("x", n)
	digits := longValue("8", n)
	// payload is a legacy payload (JSON text) of the given members over a
	// failed purchase's defaults.
	payload := func(members map[string]any) string {
		p := map[string]any{"ver": "1", "success": false, "transactionId": "abc",
			"purchaseResult": prJSON("None", "None", "None", "Cancelled", "")}
		for k, v := range members {
			p[k] = v
		}
		b, _ := json.Marshal(p)
		return string(b)
	}
	esim := Expectation{SIMKind: SIMKindESIM, TransactionID: "abc"}
	psim := Expectation{SIMKind: SIMKindPSIM, TransactionID: "abc", ICCIDs: []string{"8988247000100000001"}}
	legacy := func(p string, exp Expectation) func() []Finding { return legacyFindings(p, exp) }
	call := func(api string, exp Expectation, args ...string) func() []Finding {
		return callFindings(api, exp, args...)
	}
	str := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	md := mdWith("Complete", "MyPlan")
	event := func(api string, arg map[string]any) func() []Finding {
		return func() []Finding {
			b, _ := json.Marshal(arg)
			return EventFindings(Envelope{API: api, Args: []json.RawMessage{b}})
		}
	}
	tests := []struct {
		name     string
		code     string
		findings func() []Finding
		value    string // the long value, which the message must not hold whole
	}{
		{"transactionId", CodeTransactionIDMismatch, legacy(payload(map[string]any{"transactionId": long}), esim), long},
		{"launched transactionId", CodeTransactionIDMismatch, legacy(payload(nil), Expectation{SIMKind: SIMKindESIM, TransactionID: long}), long},
		{"encoded transactionId", CodeTransactionIDEncoded,
			legacy(payload(map[string]any{"transactionId": "%2F" + long}), Expectation{TransactionID: "/" + long}), long},
		{"unknown key", CodeKeyUnknown, legacy(payload(map[string]any{long: "1"}), esim), long},
		{"iccid on failure", CodeICCIDOnFailure, legacy(payload(map[string]any{"iccid": digits}), esim), digits},
		{"activationCode on failure", CodeActivationCodeOnFailure, legacy(payload(map[string]any{"activationCode": long}), esim), long},
		{"ver", CodeVerUnexpected, legacy(payload(map[string]any{"ver": long}), esim), long},
		{"enum", CodeEnumUnknown, legacy(payload(map[string]any{"purchaseResult": prJSON(long, "None", "None", "Cancelled", "")}), esim), long},
		{"enum with white space", CodeEnumCase,
			legacy(payload(map[string]any{"purchaseResult": prJSON("None"+longValue(" ", n), "None", "None", "Cancelled", "")}), esim), longValue(" ", n)},
		{"iccid format", CodeICCIDFormat, legacy(payload(map[string]any{"success": true, "iccid": long}), esim), long},
		{"iccid trailing F", CodeICCIDTrailingF, legacy(payload(map[string]any{"success": true, "iccid": digits + "F"}), esim), digits},
		{"iccid of a missing code", CodeActivationCodeMissing, legacy(payload(map[string]any{"success": true, "iccid": digits}), esim), digits},
		{"iccid not the SIM", CodeICCIDNotOnDevice, legacy(payload(map[string]any{"success": true, "iccid": digits}), psim), digits},
		{"activationCode without an eSIM", CodeActivationCodeUnexpected,
			legacy(payload(map[string]any{"success": true, "activationCode": long}), psim), long},
		{"activationCode format", CodeActivationCodeFormat,
			legacy(payload(map[string]any{"success": true, "iccid": "8988247000100000001", "activationCode": "1$smdp.example.com$" + long + "_"}), esim), long},
		{"activationCode's format field", CodeActivationCodeFormat,
			legacy(payload(map[string]any{"success": true, "iccid": "8988247000100000001", "activationCode": long + "$smdp.example.com$id"}), esim), long},
		{"activationCode with LPA:", CodeActivationCodeLPAPrefix,
			legacy(payload(map[string]any{"success": true, "iccid": "8988247000100000001", "activationCode": "LPA:1$smdp.example.com$" + long}), esim), long},
		{"download without an eSIM", CodeActivationCodeUnexpected, call(APIInlineNotifyProfileDownload, psim, md, str("1$smdp.example.com$"+long)), long},
		{"balance iccid", CodeBalanceICCIDNotOnDevice, call(APIInlineNotifyBalanceAddition, psim, md, str(digits)), digits},
		{"api", CodeAPIUnknown, func() []Finding { return APIFindings("DataMart."+long, 0) }, long},
		{"listener name", CodeListenerNotFunc,
			event(EventListenerMissing, map[string]any{"listener": "profileActivationComplete", "reason": "not-a-function", "name": long}), long},
		{"listener that threw", CodeListenerThrew,
			event(EventListenerError, map[string]any{"listener": "profileActivationComplete", "name": long, "message": longValue("y", n)}), long},
		{"what a listener threw", CodeListenerThrew,
			event(EventListenerError, map[string]any{"listener": "profileActivationComplete", "name": "f", "message": longValue("y", n)}), longValue("y", n)},
		{"page URL", CodeOriginInvalid, func() []Finding {
			_, fs := CheckOrigin("data:text/html,"+long, "https://portal.example", nil)
			return fs
		}, long},
	}
	// maxLine bounds a finding's line: the longest message mpsim writes
	// (transaction-id-mismatch with its "+" hint) is under 1 KB.
	const maxLine = 1500
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := tc.findings()
			var got *Finding
			for i := range fs {
				if fs[i].Code == tc.code {
					got = &fs[i]
				}
				if line := fs[i].Line(); len(line) > maxLine || strings.Contains(line, tc.value[:200]) {
					t.Errorf("%s: %d bytes, the %d-byte value not cut: %.200q…", fs[i].Code, len(line), len(tc.value), line)
				}
			}
			if got == nil {
				t.Fatalf("no %s in %v", tc.code, codesOf(fs))
			}
			if !strings.Contains(got.Message, "...") {
				t.Errorf("%s does not show the value cut: %.300q", got.Code, got.Message)
			}
		})
	}
}

// TestLongValuesStayWholeInTheResult: the decoded result keeps what the
// findings show cut.
func TestLongValuesStayWholeInTheResult(t *testing.T) {
	long := longValue("x", 5000)
	p, _ := json.Marshal(map[string]any{"ver": "1", "success": false, "transactionId": long, "iccid": long,
		"activationCode": long, "purchaseResult": prJSON("None", "None", "None", "Cancelled", "")})
	res, _ := DecodeLegacy(asString(string(p)), Expectation{TransactionID: "abc"})
	if res.TransactionID != long || res.ICCID != long || res.ActivationCode != long {
		t.Errorf("the result lost the long values: %d, %d, %d bytes", len(res.TransactionID), len(res.ICCID), len(res.ActivationCode))
	}
}

// TestShownDifference: two long values quoted side by side, cut where they
// agree, say where they first differ.
func TestShownDifference(t *testing.T) {
	long := longValue("x", 5000)
	tests := []struct {
		name, a, b, want string
	}{
		{"differ at the end", long + "1", long + "2", " (they first differ at character 5001)"},
		{"differ at the start", "1" + long, "2" + long, ""},
		{"one short", long, "abc", ""},
		{"equal", long, long, ""},
		{"a multi-byte character", long + "é", long + "è", " (they first differ at character 5001)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := shownDifference(tc.a, tc.b); got != tc.want {
				t.Errorf("shownDifference = %q, want %q", got, tc.want)
			}
		})
	}
	fs := transactionIDFindings(long+"1", long+"2")
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "differ at character 5001") {
		t.Errorf("transaction-id-mismatch of two long ids does not say where they differ: %v", fs)
	}
}

// prJSON is purchaseResult as a JSON-encoded string (a Go string, for a
// payload built with json.Marshal).
func prJSON(ua, pi, line, status, plan string) string {
	inner, _ := json.Marshal(map[string]string{
		"userAccount": ua, "purchaseInstrument": pi, "line": line, "moDirectStatus": status, "planName": plan,
	})
	return string(inner)
}
