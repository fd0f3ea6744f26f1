package bridge

import (
	"strings"
	"testing"
)

func TestEqualFoldASCII(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"ServiceError", "serviceerror", true},
		{"moDirectStatus", "MODIRECTSTATUS", true},
		{"ſerviceError", "ServiceError", false}, // U+017F LONG S
		{"\u212Aey", "key", false},              // KELVIN SIGN
		{"İd", "id", false},
		{"a", "ab", false},
		{"", "", true},
	} {
		if got := equalFoldASCII(tc.a, tc.b); got != tc.want {
			t.Errorf("equalFoldASCII(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	if got := toLowerASCII("ICCID-\u212A-Ä"); got != "iccid-\u212A-Ä" {
		t.Errorf("toLowerASCII changed more than ASCII: %q", got)
	}
}

// A key or enum value spelt with a letter that only Unicode folding takes
// for an ASCII one is not a case variant of the contract's name: found by
// QA on an unusual desk ("ſerviceError" was accepted as ServiceError, the
// key "ſuccess" as success).
func TestUnicodeLookAlikesAreNotCaseVariants(t *testing.T) {
	inner := `{"moDirectStatus":"ſerviceError","planName":"","line":"None","userAccount":"None","purchaseInstrument":"None"}`
	payload := `{"ver":"1","ſuccess":false,"iccid":"","transactionId":"x","purchaseResult":"` +
		strings.ReplaceAll(inner, `"`, `\"`) + `"}`
	r, fs := DecodeLegacy(asString(payload), Expectation{TransactionID: "x", SIMKind: SIMKindPSIM})
	var codes []string
	for _, f := range fs {
		codes = append(codes, f.Code)
		if f.Code == CodeEnumCase || f.Code == CodeKeyCase {
			t.Errorf("%s: %s", f.Code, f.Message)
		}
	}
	if r.PurchaseResult.MoDirectStatus == "ServiceError" {
		t.Errorf("moDirectStatus %q taken for ServiceError; findings %v", "ſerviceError", codes)
	}
}
