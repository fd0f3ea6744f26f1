package session

import (
	"testing"

	"mpsim/bridge"
)

// The policy audit learns what the hand-back was from the last accepted
// call that set the result, so a top-up or a cancelled purchase is not
// judged as a purchase (docs/policies.md #3).
func TestHandBackAction(t *testing.T) {
	tests := []struct {
		name  string
		calls []CallRecord
		want  bridge.Action
	}{
		{"no calls", nil, ""},
		{"balance addition", []CallRecord{{API: bridge.APICreatePurchaseMetaData, Accepted: true}, {API: bridge.APIInlineNotifyBalanceAddition, Accepted: true}}, bridge.ActionBalanceAddition},
		{"cancelled purchase", []CallRecord{{API: bridge.APINotifyCancelledPurchase, Accepted: true}}, bridge.ActionCancelledPurchase},
		{"a rejected call does not count", []CallRecord{{API: bridge.APIInlineNotifyProfileDownload, Accepted: true}, {API: bridge.APINotifyCancelledPurchase, Rejected: "origin"}}, bridge.ActionProfileDownload},
		{"an operation cancel does not count", []CallRecord{{API: bridge.APIInlineNotifyProfileDownload, Accepted: true}, {API: bridge.APIInlineNotifyOperationCancel, Accepted: true}}, bridge.ActionProfileDownload},
		{"the legacy hand-back after a download", []CallRecord{{API: bridge.APIInlineNotifyProfileDownload, Accepted: true}, {API: bridge.APIDataMartNotifyPurchaseResult, Accepted: true}}, bridge.ActionPurchaseResult},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := handBackAction(tc.calls); got != tc.want {
				t.Errorf("handBackAction = %q, want %q", got, tc.want)
			}
		})
	}
}
