package session_test

import (
	"encoding/json"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// TestResultSuccessFollowsTheAPICalled: for a MobilePlans* API the report's
// result.success is what the API called hands back (contract §3: a
// download a bought plan, notifyCancelledPurchase none, F8), whatever the
// metadata's moDirectStatus says; planName must agree with it (§5 #9, an
// error), and a status that contradicts it is a warning. Until 2026-12-06
// result.success was moDirectStatus == Complete: a cancel with Complete and
// "MyPlan" passed as a purchase of MyPlan, and a download with
// PurchaseFailed installed a profile the report called no purchase.
func TestResultSuccessFollowsTheAPICalled(t *testing.T) {
	md := func(status, plan string) json.RawMessage {
		b, _ := json.Marshal(map[string]string{"userAccount": "New", "purchaseInstrument": "New", "line": "New", "moDirectStatus": status, "planName": plan})
		return b
	}
	tests := []struct {
		name        string
		api         string
		metadata    json.RawMessage
		wantSuccess bool
		wantVerdict bridge.Verdict
	}{
		{"cancel with Complete and a plan name", "MobilePlans.notifyCancelledPurchase", md("Complete", "MyPlan"), false, bridge.VerdictFail},
		{"cancel with Cancelled and a plan name", "MobilePlans.notifyCancelledPurchase", md("Cancelled", "MyPlan"), false, bridge.VerdictFail},
		{"cancel with Complete, no plan name", "MobilePlans.notifyCancelledPurchase", md("Complete", ""), false, bridge.VerdictPass},
		{"download with PurchaseFailed and a plan name", "MobilePlansInlineOperations.notifyProfileDownload", md("PurchaseFailed", "MyPlan"), true, bridge.VerdictPass},
		{"download with PurchaseFailed, no plan name", "MobilePlansInlineOperations.notifyProfileDownload", md("PurchaseFailed", ""), true, bridge.VerdictFail},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := lifecycleConfig(t)
			var rep session.Report
			if tc.api == "MobilePlans.notifyCancelledPurchase" {
				rep = runUntilEnd(t, cfg, inlineEnvelope(t, tc.api, "", tc.metadata))
			} else { // the portal stays open: the user closes it after both call-backs
				rep = runInline(t, cfg, inlineEnvelope(t, tc.api, "op-1", tc.metadata, "1$smdp.contoso.example$OUTCOME-1"), 2)
			}
			if rep.Result == nil || rep.Result.Success != tc.wantSuccess {
				t.Errorf("result %+v, want success=%v", rep.Result, tc.wantSuccess)
			}
			if rep.Verdict != tc.wantVerdict {
				t.Errorf("verdict %s, want %s; findings %+v", rep.Verdict, tc.wantVerdict, rep.Findings)
			}
		})
	}
}
