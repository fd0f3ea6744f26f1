package session

import (
	"slices"
	"testing"

	"mpsim/simulator"
	"mpsim/simulator/walledgarden"
)

// TestSiteHosts is QA 'pay' op1: the operator profile's allowed_hosts (an
// IdP, a PSP) never reached the policy audit, whose capabilities-no-popups
// warned of both. The audit now gets them, and the hosts added to a walled
// garden (--allow-host), without the garden's documented hosts.
func TestSiteHosts(t *testing.T) {
	documented := walledgarden.For()
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"none", Config{}, nil},
		{"the profile's allowed_hosts", Config{Operator: simulator.Operator{AllowedHosts: []string{"idp.localhost", "psp.localhost"}}},
			[]string{"idp.localhost", "psp.localhost"}},
		{"a walled garden's added hosts", Config{Operator: simulator.Operator{AllowedHosts: []string{"idp.localhost"}},
			WalledGarden: walledgarden.For("portal.localhost", "idp.localhost", "*.psp.localhost")},
			[]string{"idp.localhost", "portal.localhost", "idp.localhost", "*.psp.localhost"}},
	}
	for _, tc := range tests {
		got := siteHosts(tc.cfg)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: siteHosts = %v, want %v", tc.name, got, tc.want)
		}
		for _, h := range got {
			if slices.Contains(documented, h) {
				t.Errorf("%s: documented host %s counted as the operator's", tc.name, h)
			}
		}
	}
}
