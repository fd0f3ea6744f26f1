package session

import (
	"testing"

	"mpsim/bridge"
)

func TestCheckExpectation(t *testing.T) {
	res := func(status string) *bridge.Result {
		return &bridge.Result{PurchaseResult: bridge.PurchaseResult{MoDirectStatus: status}}
	}
	tests := []struct {
		expect   string
		result   *bridge.Result
		wantCode string
	}{
		{"moDirectStatus InvalidSIM", res("InvalidSIM"), ""},
		{"moDirectStatus InvalidSIM", res("Complete"), bridge.CodeExpectationNotMet},
		{"moDirectStatus InvalidSIM or a clear error page; no crash", res("Complete"), bridge.CodeExpectationDiffers},
		{"moDirectStatus InvalidSIM or a clear error page; no crash", res("InvalidSIM"), ""},
		{"portal still works or reports moDirectStatus ClientError", res("Complete"), ""},
		{"moDirectStatus InvalidSIM", nil, ""},
		{"moDirectStatus ClientError or InvalidSIM, or a clear error page", res("InvalidSIM"), ""},
		{"moDirectStatus ClientError or InvalidSIM, or a clear error page", res("ClientError"), ""},
		{"moDirectStatus ClientError or InvalidSIM, or a clear error page", res("Complete"), bridge.CodeExpectationDiffers},
		{"works without imei", res("ServiceError"), ""},
		{"", res("Complete"), ""},
	}
	for _, tc := range tests {
		f, ok := checkExpectation(tc.expect, tc.result)
		got := ""
		if ok {
			got = f.Code
		}
		if got != tc.wantCode {
			t.Errorf("checkExpectation(%q, %+v) = %q, want %q", tc.expect, tc.result, got, tc.wantCode)
		}
	}
}
