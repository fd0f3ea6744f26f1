package bridge

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestCallOutcomeFollowsTheAPI: for a MobilePlans API, whether the purchase
// succeeded is what the API called hands back (contract §3: a download or
// balance call a bought plan, notifyCancelledPurchase none, F8), and
// planName must be non-empty exactly then (§2.2, §5 #9, an error either
// way); a moDirectStatus that contradicts the call is only flagged
// (status-success-mismatch, a warning, §5 #4). Until 2026-12-06 both
// followed moDirectStatus: notifyCancelledPurchase with Complete and
// "MyPlan" passed as a bought plan, the same call with Cancelled and
// "MyPlan" failed, and a download with PurchaseFailed and "" installed a
// profile the session recorded as no purchase.
func TestCallOutcomeFollowsTheAPI(t *testing.T) {
	metadata := func(status, plan string) json.RawMessage {
		b, _ := json.Marshal(map[string]string{"userAccount": "New", "purchaseInstrument": "New", "line": "New", "moDirectStatus": status, "planName": plan})
		return b
	}
	ac := json.RawMessage(`"1$smdp.address$matchingID"`)
	esim := Expectation{SIMKind: SIMKindESIM}
	tests := []struct {
		name       string
		api        string
		status     string
		plan       string
		wantBought bool
		wantErrors []string // error findings
		wantWarn   bool     // status-success-mismatch
	}{
		{"cancel, Complete, MyPlan", APINotifyCancelledPurchase, "Complete", "MyPlan", false, []string{CodePlanNameSetFailure}, true},
		{"cancel, Cancelled, MyPlan", APINotifyCancelledPurchase, "Cancelled", "MyPlan", false, []string{CodePlanNameSetFailure}, false},
		{"cancel, Complete, empty", APINotifyCancelledPurchase, "Complete", "", false, nil, true},
		{"cancel, PurchaseFailed, empty", APINotifyCancelledPurchase, "PurchaseFailed", "", false, nil, false},
		{"DataMart cancel, Complete, MyPlan", APIDataMartNotifyCancelledPurchase, "Complete", "MyPlan", false, []string{CodePlanNameSetFailure}, true},
		{"download, PurchaseFailed, empty", APIInlineNotifyProfileDownload, "PurchaseFailed", "", true, []string{CodePlanNameEmptySuccess}, true},
		{"download, PurchaseFailed, MyPlan", APIInlineNotifyProfileDownload, "PurchaseFailed", "MyPlan", true, nil, true},
		{"download, Complete, blank", APIInlineNotifyProfileDownload, "Complete", " ", true, []string{CodePlanNameEmptySuccess}, false},
		{"download, Complete, MyPlan", APIInlineNotifyProfileDownload, "Complete", "MyPlan", true, nil, false},
		{"async connectivity, Cancelled, MyPlan", APINotifyPurchaseWithProfileDownload, "Cancelled", "MyPlan", true, nil, true},
		{"inline balance, ServiceError, empty", APIInlineNotifyBalanceAddition, "ServiceError", "", true, []string{CodePlanNameEmptySuccess}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []json.RawMessage{metadata(tc.status, tc.plan)}
			switch ActionOf(tc.api) {
			case ActionProfileDownload:
				args = append(args, ac)
			case ActionAsyncConnectivity:
				args = append(args, ac, json.RawMessage("0"))
			}
			cc := CheckCall(Envelope{API: tc.api, Args: args}, esim)
			checkFindings(t, cc.Findings)
			if cc.Bought != tc.wantBought {
				t.Errorf("Bought = %v, want %v", cc.Bought, tc.wantBought)
			}
			var errs []string
			for _, f := range cc.Findings {
				if f.Severity == SeverityError {
					errs = append(errs, f.Code)
				}
			}
			if !slices.Equal(errs, tc.wantErrors) {
				t.Errorf("errors = %v, want %v", errs, tc.wantErrors)
				for _, f := range cc.Findings {
					t.Logf("  %s %s [%s] %s (%s)", f.Severity, f.Code, f.Field, f.Message, f.Section)
				}
			}
			if got := slices.ContainsFunc(cc.Findings, func(f Finding) bool { return f.Code == CodeStatusSuccessMismatch }); got != tc.wantWarn {
				t.Errorf("status-success-mismatch = %v, want %v", got, tc.wantWarn)
			}
			for _, f := range cc.Findings {
				if (f.Code == CodePlanNameEmptySuccess || f.Code == CodePlanNameSetFailure) && f.Section != "§2.2, §5 #9" {
					t.Errorf("%s cites %q, want the metadata's §2.2, §5 #9", f.Code, f.Section)
				}
			}
		})
	}
	// Judged on its own, metadata has only its status to go by.
	for _, tc := range []struct {
		status, plan, want string
	}{
		{"Complete", "", CodePlanNameEmptySuccess},
		{"Cancelled", "MyPlan", CodePlanNameSetFailure},
		{"Complete", "MyPlan", ""},
		{"PurchaseFailed", "", ""},
	} {
		_, fs := DecodeMetadata(metadata(tc.status, tc.plan))
		var got string
		for _, f := range fs {
			if f.Severity == SeverityError {
				got = f.Code
			}
		}
		if got != tc.want {
			t.Errorf("DecodeMetadata(%s, %q): error %q, want %q (%+v)", tc.status, tc.plan, got, tc.want, fs)
		}
	}
}
