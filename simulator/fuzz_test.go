package simulator

import (
	"strings"
	"testing"
)

// FuzzValidateICCID checks that ValidateICCID never panics, that everything it accepts has the shape of
// contract §6, and that its errors always name the value.
func FuzzValidateICCID(f *testing.F) {
	for _, s := range []string{"8988247000100003319", "8988247000100003319F", "89000000000000000000",
		"988247000100003555", "", "F", "89", "8988247000100003313", "89014103211118510720F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateICCID(s)
		if err != nil {
			var ve *ValidationError
			if !asValidationError(err, &ve) || ve.Value != s || ve.Reason == "" {
				t.Fatalf("ValidateICCID(%q) returned %#v", s, err)
			}
			return
		}
		v := StripICCIDPadding(s)
		if (len(v) != 19 && len(v) != 20) || !IsDigits(v) || !strings.HasPrefix(v, "89") {
			t.Fatalf("ValidateICCID accepted %q", s)
		}
		if v != s && len(v) != 19 { // only a 19-digit ICCID is F-padded (contract §6)
			t.Fatalf("ValidateICCID accepted F padding after %d digits: %q", len(v), s)
		}
		if ok, _ := luhnValid(v); !ok {
			t.Fatalf("ValidateICCID accepted non-Luhn %q", s)
		}
	})
}

// FuzzParseActivationCode checks that parsing never panics and that an accepted code re-parses to the
// same value from its String form, never has the LPA: prefix and never requires a confirmation code.
func FuzzParseActivationCode(f *testing.F) {
	for _, s := range []string{"1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG", "1$smdp.address$matchingID",
		"LPA:1$smdp.address$X", "1$smdp.address$", "1$smdp.address$ABC$1.2.3$1", "1$a$b$$$c$d", "$$", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ac, err := ParseActivationCode(s)
		if err != nil {
			return
		}
		if strings.HasPrefix(strings.ToUpper(s), "LPA:") || ac.ConfirmationRequired || ac.Format != "1" || ac.SMDPAddress == "" {
			t.Fatalf("accepted %q as %+v", s, ac)
		}
		again, err := ParseActivationCode(ac.String())
		if err != nil || again != ac {
			t.Fatalf("String() of %q = %q re-parses to %+v, %v", s, ac.String(), again, err)
		}
	})
}

func asValidationError(err error, target **ValidationError) bool {
	ve, ok := err.(*ValidationError)
	if ok {
		*target = ve
	}
	return ok
}
