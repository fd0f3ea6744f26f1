package simulator

import (
	"errors"
	"strings"
	"testing"
)

// contract §6 vectors.
func TestValidateICCID(t *testing.T) {
	tests := []struct {
		in      string
		wantErr string // substring of the error; "" means valid
	}{
		{"8988247000100003319", ""},
		{"8988247000101867183", ""},
		{"8988247000103824828", ""},
		{"8988247000101997790", ""},
		{"8988247000100297655", ""},
		{"8988247000100003319F", ""}, // padding stripped (contract §1.3)
		{"8988247000100003319f", ""},
		{"8900000000000000001", "check digit should be 3, not 1"},
		{"89000000000000000000", "check digit should be 4, not 0 (some operators' 20-digit"},
		{"988247000100003555", "has 18 digits, want 19 or 20; must start with 89"},
		{"988247000100003319", "8988247000100003319 would be valid"},
		{"8988247000100003313", "ICCID 8988247000100003313: check digit should be 9, not 3"},
		{"", `ICCID "": empty`},
		{"F", "empty"},
		{"8988 247000100003319", "found ' ' at position 5"},
		{"8988247000100003319FF", "only decimal digits"},
		// 20 digits fill the card's 10 BCD bytes: only a 19-digit ICCID is padded with F (contract §6).
		{"89014103211118510720", ""},
		{"89014103211118510720F", "a 20-digit ICCID has no F padding"},
		{"89014103211118510720f", "a 20-digit ICCID has no F padding"},
		{"89882470001000033190F", "a 20-digit ICCID has no F padding"},
		{"1234567890123456789", "must start with 89"},
		{"898824700010000331", "has 18 digits"},
	}
	for _, tt := range tests {
		err := ValidateICCID(tt.in)
		checkErr(t, "ValidateICCID", tt.in, err, tt.wantErr)
		if strings.Contains(tt.wantErr, "no F padding") && ICCIDUsable(tt.in) {
			t.Errorf("ICCIDUsable(%q) = true, want false", tt.in)
		}
	}
}

func checkErr(t *testing.T, fn, in string, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("%s(%q) = %v, want nil", fn, in, err)
		}
		return
	}
	if err == nil {
		t.Errorf("%s(%q) = nil, want error containing %q", fn, in, want)
		return
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("%s(%q) = %q, want it to contain %q", fn, in, err.Error(), want)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("%s(%q) error is %T, want *ValidationError", fn, in, err)
	}
}

func TestValidateEID(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"89033024010400000100000000009136", ""},
		{"89033023422130000000000199055797", ""},
		{"89033023422130000000000199272786", ""},
		{"89033024010400000100000000009199", "EID 89033024010400000100000000009199: check digits should be 36, not 99"},
		{"8903302401040000010000000000913", "has 31 digits, want 32"},
		{"99033024010400000100000000009136", "must start with 89"},
		{"8903302401040000010000000000913A", "only decimal digits, found"},
		{"", "empty"},
	}
	for _, tt := range tests {
		checkErr(t, "ValidateEID", tt.in, ValidateEID(tt.in), tt.wantErr)
	}
}

func TestValidateIMEI(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"001102000315468", ""},
		{"001102000311608", ""},
		{"001102000224082", ""},
		{"001201234567890", "check digit should be 2, not 0"},
		{"00110200031546", "the Luhn check digit is missing (it would be 8, giving 001102000315468)"},
		{"0011020003154681", "IMEISV"},
		{"0011020003", "has 10 digits, want 15"},
		{"00110200031546X", "only decimal digits, found"},
		{"", "empty"},
	}
	for _, tt := range tests {
		checkErr(t, "ValidateIMEI", tt.in, ValidateIMEI(tt.in), tt.wantErr)
	}
}

func TestValidateTransactionID(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"waoigFfX00yGH3Vb.1", ""},
		{"/7RBTuSJt02OZbX8.4", ""},
		{"rRi8OzhI3EiR02nm.2.0.1", ""},
		{"MSFT_ecf5a4d6-024c-46c3-8fcd-2c1f0deed572", ""},
		{"ecf5a4d6-024c-46c3-8fcd-2c1f0deed572", ""},
		{strings.Repeat("a", 64), ""},
		{strings.Repeat("é", 64), ""}, // 64 characters, 128 bytes
		{strings.Repeat("a", 65), "65 characters, at most 64"},
		{"", "empty"},
		{"\xff", "UTF-8"},
	}
	for _, tt := range tests {
		checkErr(t, "ValidateTransactionID", tt.in, ValidateTransactionID(tt.in), tt.wantErr)
	}
}

func TestValidateCountryCode(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"US", ""}, {"us", ""}, {"GB", ""}, {"fr", ""}, {"Xk", ""},
		{"UK", "use GB"},
		{"uk", "use GB"},
		{"EU", "not a country"},
		{"ZZ", "not a country"},
		{"QO", "not a country"},
		{"DD", "deprecated code; use DE"},
		{"USA", "two ASCII letters"},
		{"840", "two ASCII letters"},
		{"U", "two ASCII letters"},
		{"", "empty"},
		{" US", "two ASCII letters"},
	}
	for _, tt := range tests {
		checkErr(t, "ValidateCountryCode", tt.in, ValidateCountryCode(tt.in), tt.wantErr)
	}
}

func TestLuhnCheckDigit(t *testing.T) {
	tests := []struct {
		in   string
		want int
		err  bool
	}{
		{"898824700010000331", 9, false},
		{"00110200031546", 8, false},
		{"7992739871", 3, false}, // the textbook example
		{"0", 0, false},
		{"", 0, true},
		{"12a", 0, true},
	}
	for _, tt := range tests {
		got, err := LuhnCheckDigit(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("LuhnCheckDigit(%q) = %d, %v; want %d, err=%v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestOperatorOwnsICCID(t *testing.T) {
	op := DemoOperator()
	if errs := op.Validate(); len(errs) > 0 {
		t.Fatalf("DemoOperator invalid: %v", errs)
	}
	tests := []struct {
		in   string
		want bool
	}{
		{"8988247000100003319", true},
		{"8988247000100003319F", true},
		{"8988247000100000000", true},
		{"8988247000199999999", true},
		{"8988247000200000000", false},
		{"8988247000099999999", false},
		{"89882470001000033190", false}, // other length
		{"8999900000000000001", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := op.OwnsICCID(tt.in); got != tt.want {
			t.Errorf("OwnsICCID(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestOperatorValidate(t *testing.T) {
	op := Operator{Name: " ", ICCIDRanges: []ICCIDRange{{Start: "8988247000100000001", End: "898824700010000009"}},
		SMDPAddress: "https://smdp", Markets: []string{"UK"}}
	errs := op.Validate()
	joined := ""
	for _, e := range errs {
		joined += e.Error() + "\n"
	}
	for _, want := range []string{"empty brand name", "should end in 00", "has 18 digits", "differ in length", "bare host name", "use GB"} {
		if !strings.Contains(joined, want) {
			t.Errorf("Validate() missing %q in:\n%s", want, joined)
		}
	}
}
