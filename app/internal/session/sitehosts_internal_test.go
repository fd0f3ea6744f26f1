package session

import (
	"slices"
	"testing"

	"mpsim/simulator"
	"mpsim/simulator/walledgarden"
)

// TestSiteHosts is QA 'pay' op1: the operator profile's allowed_hosts (an
// IdP, a PSP) never reached the policy audit, whose capabilities-no-popups
// warned of both. The audit now gets them, the hosts allowed with
// --allow-host (Config.AllowHosts, with or without the walled garden) and
// those added to a walled garden, each once, without the garden's
// documented hosts.
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
			[]string{"idp.localhost", "portal.localhost", "*.psp.localhost"}},
		// QA 'pay': --allow-host (a scenario's allow_hosts) without
		// --walled-garden never reached the policy, which warned of a
		// hop to the host the operator had declared as its own.
		{"--allow-host without the walled garden", Config{AllowHosts: []string{"idp.localhost", "*.psp.localhost"}},
			[]string{"idp.localhost", "*.psp.localhost"}},
		{"--allow-host with the walled garden", Config{AllowHosts: []string{"idp.localhost"},
			WalledGarden: walledgarden.For("portal.localhost", "idp.localhost")},
			[]string{"idp.localhost", "portal.localhost"}},
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
