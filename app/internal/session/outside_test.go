package session

import (
	"testing"

	"mpsim/bridge"
)

func TestFoundOutsideCalls(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{bridge.CodeExpectationNotMet, true},
		{bridge.CodePortalLoadFailed, true},
		{bridge.CodePolicyTerms, true},
		{bridge.CodeEnvelopeBadToken, true},
		{bridge.CodeHandbackBeforePaint, true}, // the calls do not say when the page painted
		{bridge.CodeJSONMalformed, false},
		{bridge.CodeICCIDLuhn, false},
		{bridge.CodeHandbackRepeated, false}, // the replay counts the hand-backs again
	}
	for _, tc := range tests {
		if got := FoundOutsideCalls(tc.code); got != tc.want {
			t.Errorf("FoundOutsideCalls(%q) = %v, want %v", tc.code, got, tc.want)
		}
	}
}
