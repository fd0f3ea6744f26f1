package wcag

import (
	"image/color"
	"math"
	"testing"
)

// TestContrast checks the ratios WCAG's own examples and tools give.
func TestContrast(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000", "#fff", 21},
		{"#fff", "#fff", 1},
		{"#777777", "#ffffff", 4.48},
		{"#0078d4", "#ffffff", 4.53},
		{"#9a6700", "#fff1c2", 4.31},
	} {
		a, err := Hex(tc.a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Hex(tc.b)
		if err != nil {
			t.Fatal(err)
		}
		if got := Contrast(a, b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestHex checks the notations it reads and refuses.
func TestHex(t *testing.T) {
	if c, err := Hex("#0a0"); err != nil || c != (color.NRGBA{G: 0xaa, A: 0xff}) {
		t.Errorf("Hex(#0a0) = %v, %v", c, err)
	}
	for _, bad := range []string{"", "#12", "#1234", "#ggg", "red"} {
		if _, err := Hex(bad); err == nil {
			t.Errorf("Hex(%q) took it", bad)
		}
	}
}
