package session

import (
	"testing"

	"mpsim/bridge"
)

func TestExpectationCheck(t *testing.T) {
	res := func(status string) *bridge.Result {
		return &bridge.Result{PurchaseResult: bridge.PurchaseResult{MoDirectStatus: status}}
	}
	strict := Expectation{Text: "moDirectStatus InvalidSIM", Statuses: []string{"InvalidSIM"}, Strict: true}
	either := Expectation{Text: "ClientError or InvalidSIM, or a clear error page", Statuses: []string{"ClientError", "InvalidSIM"}}
	prose := Expectation{Text: "works without imei"}
	tests := []struct {
		name     string
		expect   Expectation
		result   *bridge.Result
		wantCode string
		wantMet  string // "", "met", "missed"
	}{
		{"strict met", strict, res("InvalidSIM"), "", "met"},
		{"strict met, other case", strict, res("invalidsim"), "", "met"},
		{"strict missed", strict, res("Complete"), bridge.CodeExpectationNotMet, "missed"},
		{"lenient missed", either, res("Complete"), bridge.CodeExpectationDiffers, "missed"},
		{"lenient first", either, res("ClientError"), "", "met"},
		{"lenient second", either, res("InvalidSIM"), "", "met"},
		{"no hand-back", strict, nil, "", ""},
		{"prose only", prose, res("ServiceError"), "", ""},
		{"nothing", Expectation{}, res("Complete"), "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, met := tc.expect.check(tc.result)
			if f.Code != tc.wantCode {
				t.Errorf("code = %q, want %q", f.Code, tc.wantCode)
			}
			gotMet := ""
			if met != nil {
				gotMet = map[bool]string{true: "met", false: "missed"}[*met]
			}
			if gotMet != tc.wantMet {
				t.Errorf("met = %q, want %q", gotMet, tc.wantMet)
			}
		})
	}
}

func TestRoundUp15(t *testing.T) {
	for in, want := range map[uint64]uint64{0: 0, 1: 15, 5: 15, 15: 15, 16: 30, 60: 60} {
		if got := roundUp15(in); got != want {
			t.Errorf("roundUp15(%d) = %d, want %d", in, got, want)
		}
	}
}
