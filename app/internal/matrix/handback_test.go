package matrix

import (
	"encoding/json"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// The moDirectStatus and success checks of a hand-back say what came in
// place of a field the portal did not send, from the decoder's findings:
// an undecodable payload is not "success=false" with an empty status, and
// a success it never sent does not meet "success = false".
func TestHandBackChecksSayWhatCame(t *testing.T) {
	no := false
	tests := []struct {
		name                      string
		payload                   string // the argument of DataMart.notifyPurchaseResult; "" for no hand-back
		wantStatus, wantSuccess   string
		statusMet, successFalseOK bool
	}{
		{"no hand-back", "", "no hand-back", "no hand-back", false, false},
		{"not JSON", `"purchase ok"`, "no decodable hand-back (json-malformed)", "no decodable hand-back (json-malformed)", false, false},
		{"not an object", `42`, "no decodable hand-back (payload-not-object)", "no decodable hand-back (payload-not-object)", false, false},
		{"no purchaseResult nor success", `"{\"ver\":\"1\",\"transactionId\":\"t\"}"`, "no purchaseResult", "no success field", false, false},
		{"a malformed purchaseResult, success a string", `"{\"success\":\"true\",\"purchaseResult\":\"{bad\"}"`,
			"no decodable purchaseResult (json-malformed)", "no boolean success (success-not-boolean)", false, false},
		{"a status of the wrong type", `"{\"success\":true,\"purchaseResult\":\"{\\\"moDirectStatus\\\":7}\"}"`, "no usable moDirectStatus (field-not-string)", "true", false, false},
		{"a real failure", `{"success":false,"purchaseResult":{"moDirectStatus":"Error"}}`, "Error", "false", false, true},
		{"a success", `{"success":true,"purchaseResult":{"moDirectStatus":"Complete"}}`, "Complete", "true", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rep session.Report
			if tt.payload != "" {
				res, fs := bridge.DecodeLegacy(json.RawMessage(tt.payload), bridge.Expectation{})
				rep.Result, rep.Findings = &res, fs
			}
			checks := Evaluate(Expect{Status: []string{"Complete"}, Success: &no}, rep, 0)
			if len(checks) != 2 {
				t.Fatalf("checks = %+v", checks)
			}
			if c := checks[0]; c.Name != "moDirectStatus" || c.Got != tt.wantStatus || c.Met != tt.statusMet {
				t.Errorf("moDirectStatus check = %+v, want got %q met %v", c, tt.wantStatus, tt.statusMet)
			}
			if c := checks[1]; c.Name != "success" || c.Got != tt.wantSuccess || c.Met != tt.successFalseOK {
				t.Errorf("success check = %+v, want got %q met %v", c, tt.wantSuccess, tt.successFalseOK)
			}
		})
	}
}
