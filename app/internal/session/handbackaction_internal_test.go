package session

import (
	"slices"
	"testing"

	"mpsim/app/internal/inspect"
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

// TestInsertByTaken: screenshots are listed in the order they were asked
// for (TakenMs), whatever order their pixels came back in; one without
// TakenMs stays where it arrived, and no picture moves past it.
func TestInsertByTaken(t *testing.T) {
	tests := []struct {
		name  string
		taken []float64
		want  []float64
	}{
		{"in order", []float64{10, 20, 30}, []float64{10, 20, 30}},
		{"hand-back's pixels came first", []float64{30, 10}, []float64{10, 30}},
		{"no time stays where it arrived", []float64{20, 0, 10, 5}, []float64{20, 0, 5, 10}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var shots []inspect.Screenshot
			for _, ms := range tc.taken {
				shots = insertByTaken(shots, inspect.Screenshot{TakenMs: ms})
			}
			var got []float64
			for _, s := range shots {
				got = append(got, s.TakenMs)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("order %v, want %v", got, tc.want)
			}
		})
	}
}
