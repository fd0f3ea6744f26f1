package simulator

import (
	"strings"
	"testing"
)

func TestParseActivationCode(t *testing.T) {
	tests := []struct {
		in      string
		want    ActivationCode
		wantErr string
	}{
		{in: "1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG",
			want: ActivationCode{Format: "1", SMDPAddress: "trl.prod.ondemandconnectivity.com", MatchingID: "JO46UQDI07IKQDGG"}},
		{in: "1$smdp.address$matchingID",
			want: ActivationCode{Format: "1", SMDPAddress: "smdp.address", MatchingID: "matchingID"}},
		{in: "1$smdp.address$", want: ActivationCode{Format: "1", SMDPAddress: "smdp.address"}},
		{in: "1$smdp.contoso.example$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746",
			want: ActivationCode{Format: "1", SMDPAddress: "smdp.contoso.example", MatchingID: "04386-AGYFT-A74Y8-3F815", OID: "1.3.6.1.4.1.31746"}},
		{in: "1$smdp.address$ABC$$$key$0",
			want: ActivationCode{Format: "1", SMDPAddress: "smdp.address", MatchingID: "ABC", CIPublicKeyID: "key", DeleteNotification: "0"}},
		{in: "LPA:1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG", wantErr: `"LPA:" prefix`},
		{in: "lpa:1$smdp.address$X", wantErr: "prefix"},
		{in: "1$smdp.address$ABC$$1", wantErr: "confirmation code",
			want: ActivationCode{Format: "1", SMDPAddress: "smdp.address", MatchingID: "ABC", ConfirmationRequired: true}},
		{in: "1$smdp.address$ABC$$2", wantErr: "only \"1\" or empty"},
		{in: "2$smdp.address$ABC", wantErr: "format field"},
		{in: "1$$ABC", wantErr: "SM-DP+ address: empty"},
		{in: "1$smdp.address:8443$ABC", wantErr: "bare host name"},
		{in: "1$smdp.address", wantErr: "want at least 3"},
		{in: "1$smdp.address$AB C", wantErr: "matching ID"},
		{in: "1$smdp.address$ABC$notanoid", wantErr: "OID"},
		{in: "1$a$b$1.2$$x$y$z", wantErr: "at most 7"},
		{in: " 1$smdp.address$ABC", wantErr: "white space"},
		{in: "", wantErr: "empty"},
	}
	for _, tt := range tests {
		got, err := ParseActivationCode(tt.in)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("ParseActivationCode(%q) error %v", tt.in, err)
				continue
			}
			if got.String() != tt.in {
				t.Errorf("String() round trip = %q, want %q", got.String(), tt.in)
			}
		} else if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseActivationCode(%q) error = %v, want containing %q", tt.in, err, tt.wantErr)
			continue
		}
		if tt.want != (ActivationCode{}) && got != tt.want {
			t.Errorf("ParseActivationCode(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
