package bridge

import (
	"strings"
	"testing"
)

// TestICCIDLuhnReason: the reason iccid-luhn is only a warning holds for
// both lengths (contract §5 #17: the documentation's example ICCIDs fail
// Luhn; §6: some 20-digit operator ICCIDs carry no Luhn digit), and the
// 20-digit reason is not given for a 19-digit ICCID.
func TestICCIDLuhnReason(t *testing.T) {
	tests := []struct {
		iccid   string
		want    []string
		notWant []string
	}{
		{"8900000000000000001", []string{"documentation's own example ICCIDs"}, []string{"20-digit"}},
		{"89000000000000000000", []string{"documentation's own example ICCIDs", "20-digit ICCIDs carry no Luhn digit"}, nil},
		{"8988247000101997790", nil, nil}, // Luhn-valid: no finding
	}
	for _, tc := range tests {
		t.Run(tc.iccid, func(t *testing.T) {
			_, fs := checkICCID(tc.iccid, "iccid")
			checkFindings(t, fs)
			if tc.want == nil {
				if len(fs) != 0 {
					t.Fatalf("findings %+v, want none", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Code != CodeICCIDLuhn {
				t.Fatalf("findings %+v, want one %s", fs, CodeICCIDLuhn)
			}
			for _, w := range tc.want {
				if !strings.Contains(fs[0].Message, w) {
					t.Errorf("message %q lacks %q", fs[0].Message, w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(fs[0].Message, w) {
					t.Errorf("message %q has %q", fs[0].Message, w)
				}
			}
		})
	}
}
