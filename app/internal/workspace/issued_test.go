package workspace

import (
	"fmt"
	"testing"
)

// A host left running issues an activation code per new line; the
// workspace keeps the last maxIssued of them, so the map does not grow
// without bound, and the recent ones still resolve.
func TestIssuedCodesAreBounded(t *testing.T) {
	h := &Workspace{}
	const n = maxIssued + 300
	for i := range n {
		h.rememberIssued(fmt.Sprintf("LPA:1$smdp$%d", i), fmt.Sprintf("ICCID%d", i))
	}
	if len(h.issued) != maxIssued || len(h.issuedOrder) != maxIssued {
		t.Fatalf("after %d codes: %d kept, %d in order; want %d", n, len(h.issued), len(h.issuedOrder), maxIssued)
	}
	for _, tc := range []struct {
		i    int
		want bool
	}{{0, false}, {n - maxIssued - 1, false}, {n - maxIssued, true}, {n - 1, true}} {
		iccid, ok := h.ResolveProfile(fmt.Sprintf("LPA:1$smdp$%d", tc.i))
		if ok != tc.want || ok && iccid != fmt.Sprintf("ICCID%d", tc.i) {
			t.Errorf("code %d: %q, %v; want found %v", tc.i, iccid, ok, tc.want)
		}
	}
	h.rememberIssued("LPA:1$smdp$again", "A")
	h.rememberIssued("LPA:1$smdp$again", "B") // the same code again takes no second place
	if got, _ := h.ResolveProfile("LPA:1$smdp$again"); got != "B" || len(h.issuedOrder) != maxIssued {
		t.Errorf("a code issued twice: %q, %d in order", got, len(h.issuedOrder))
	}
}
