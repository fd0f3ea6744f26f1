package workspace

import (
	"strings"
	"testing"
)

func TestLaunchRequestWarnings(t *testing.T) {
	for _, c := range []struct {
		market, location, country string
		want                      []string
	}{
		{"US", "DE", "", nil},
		{"", "", "", nil},
		{"UK", "GB", "", []string{"market \"UK\": the ISO 3166-1 code of the United Kingdom is GB"}},
		{"us", "US", "", []string{"market \"us\": Windows sends US in upper case"}},
		{"US", "ZZ", "", []string{"location \"ZZ\" is not an ISO 3166-1 country code"}},
		{"USA", "fr", "", []string{"market \"USA\" is not a two-letter", "location \"fr\": Windows sends FR"}},
		{"US", "US", "USA", []string{"countryCode \"USA\" is not a two-letter"}},
		{"US", "US", "US", nil},
	} {
		got := LaunchRequest{Market: c.market, Location: c.location, CountryCode: c.country}.Warnings()
		if len(got) != len(c.want) {
			t.Errorf("%s/%s: warnings %q, want %d", c.market, c.location, got, len(c.want))
			continue
		}
		for i, w := range c.want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("%s/%s: warning %q, want it to start with %q", c.market, c.location, got[i], w)
			}
		}
	}
}
