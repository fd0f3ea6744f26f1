package demoportal

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestParseLaunchChecks(t *testing.T) {
	for _, tc := range []struct {
		name, query, kind, status string
	}{
		{"esim example §1.3", esimQuery, "esim", ""},
		{"psim example §1.3", psimQuery, "psim", ""},
		{"no sim", "market=US&location=US&transactionId=x&imei=001102000315468", "", "ClientError"},
		{"iccid fails Luhn", "iccid=8900000000000000001&imei=001102000311608&market=US&location=US&transactionId=x", "psim", "InvalidSIM"},
		{"iccid not digits", "iccid=89ABC&imei=001102000311608&market=US&location=US&transactionId=x", "psim", "ClientError"},
		{"bad eid check digits", "eid=89033023422130000000000199055798&imei=001102000315468&market=US&location=US&transactionId=x", "esim", "ClientError"},
		{"long transactionId", "eid=89033023422130000000000199055797&transactionId=" + strings.Repeat("a", 65), "esim", "ClientError"},
		{"bad location", "eid=89033023422130000000000199055797&location=USA&transactionId=x", "esim", "ClientError"},
		{"missing optional fields only warn", "eid=89033023422130000000000199055797", "esim", ""},
		{"imei fails Luhn only warns", "eid=89033023422130000000000199055797&imei=001201234567890&market=US&location=US&transactionId=x", "esim", ""},
	} {
		q, _ := url.ParseQuery(tc.query)
		l := ParseLaunch(q, nil)
		if l.Kind != tc.kind || l.Status != tc.status {
			t.Errorf("%s: kind %q status %q, want %q %q; problems %+v", tc.name, l.Kind, l.Status, tc.kind, tc.status, l.Problems)
		}
	}
	q, _ := url.ParseQuery(esimQuery)
	if l := ParseLaunch(q, nil); len(l.Problems) != 0 || len(l.ICCIDs) != 2 || len(l.Params) != 6 {
		t.Errorf("clean launch: %+v", l)
	}
	l := ParseLaunch(q, map[string][]string{"X-Mp-Lpaerror-Codes": {"ServerFailure,ServerNotReachable"}, "X-Mp-Lpaerror-Iccids": {"8988247000101997790"}})
	if l.LPAError == nil || l.LPAError.Codes != "ServerFailure,ServerNotReachable" || l.LPAError.ICCIDs != "8988247000101997790" {
		t.Errorf("LPA error headers (§1.4): %+v", l.LPAError)
	}
}

func TestIdentifierChecks(t *testing.T) {
	for _, s := range []string{"8988247000100003319", "8988247000101867183", "8988247000103824828", "8988247000101997790", "001102000315468"} {
		if !Luhn(s) {
			t.Errorf("Luhn(%s) = false, want true (§6)", s)
		}
	}
	for _, s := range []string{"8900000000000000001", "89000000000000000000", "001201234567890", "", "x"} {
		if Luhn(s) {
			t.Errorf("Luhn(%s) = true, want false (§6)", s)
		}
	}
	for _, s := range []string{"89033024010400000100000000009136", "89033023422130000000000199055797", "89033023422130000000000199272786"} {
		if !ValidEID(s) {
			t.Errorf("ValidEID(%s) = false", s)
		}
	}
	for range 20 {
		iccid, ac, err := FallbackProfile()
		if err != nil || !Luhn(iccid) || len(iccid) != 19 || !activationCodeRE.MatchString(ac) {
			t.Fatalf("FallbackProfile() = %q %q %v", iccid, ac, err)
		}
	}
}

// TopUp: the valid iccids of an eSIM launch, or a physical SIM's own iccid.
func TestLaunchTopUp(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"eid=89033023422130000000000199055797&iccids=8988247000101867183,%20123,8988247000103824828", []string{"8988247000101867183", "8988247000103824828"}},
		{"eid=89033023422130000000000199055797", nil},
		{psimQuery, []string{"8988247000100003319"}},
		{"iccid=8988247000100003318", nil}, // fails its Luhn check: InvalidSIM, nothing to top up
	} {
		q, _ := url.ParseQuery(tc.query)
		if got := ParseLaunch(q, nil).TopUp; !slices.Equal(got, tc.want) {
			t.Errorf("%s: TopUp = %q, want %q", tc.query, got, tc.want)
		}
	}
}
