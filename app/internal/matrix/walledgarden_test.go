package matrix

import (
	"slices"
	"strings"
	"testing"
)

// walled_garden and allow_hosts run a scenario's cells as mpsim run
// --walled-garden --allow-host does: the cell's session request has them.
func TestScenarioWalledGarden(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"wg\"\nportal = \"https://portal.localhost:9443/r/\"\nwalled_garden = true\nallow_hosts = [\"idp.localhost\", \"*.psp.example\"]\n")
	if err != nil {
		t.Fatal(err)
	}
	req, err := Expand(ss, nil)[0].Request(1)
	if err != nil {
		t.Fatal(err)
	}
	if !req.WalledGarden || !slices.Equal(req.AllowHosts, []string{"idp.localhost", "*.psp.example"}) {
		t.Errorf("request: walled garden %v, allowed hosts %v", req.WalledGarden, req.AllowHosts)
	}
	ss, err = parse(t, "[[scenario]]\nname = \"open\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if req, _ := Expand(ss, nil)[0].Request(1); req.WalledGarden || req.AllowHosts != nil {
		t.Errorf("a scenario without the keys: walled garden %v, allowed hosts %v", req.WalledGarden, req.AllowHosts)
	}
}

// Each allow_hosts entry is a host alone: a URL is said once, at its
// line, with the host meant.
func TestScenarioAllowHostsMistakes(t *testing.T) {
	tests := []struct{ name, keys, want string }{
		{"a URL", "walled_garden = true\nallow_hosts = [\"https://idp.example:9444/login\"]", "s.toml:4: scenario \"x\": allow_hosts entry \"https://idp.example:9444/login\" is no host name; give the host alone, like \"idp.example\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(t, "[[scenario]]\nname = \"x\"\n"+tt.keys+"\n")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if n := strings.Count(err.Error(), "s.toml:"); n != 1 {
				t.Errorf("%d problems, want 1: %v", n, err)
			}
		})
	}
}

// allow_hosts without walled_garden is no mistake: the hosts reach the
// request, where they count as the operator's own for the no-popups policy
// (as --allow-host without --walled-garden does).
func TestScenarioAllowHostsWithoutTheWalledGarden(t *testing.T) {
	ss, err := parse(t, "[[scenario]]\nname = \"x\"\nallow_hosts = [\"idp.example\"]\n")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := Expand(ss, nil)[0].Request(1)
	if req.WalledGarden || !slices.Equal(req.AllowHosts, []string{"idp.example"}) {
		t.Errorf("walled garden %v, allowed hosts %v; want off and [idp.example]", req.WalledGarden, req.AllowHosts)
	}
}
