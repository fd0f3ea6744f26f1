package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/simulator"
)

const fabrikam = `[[operator]]
name = "Fabrikam Telecom"
iccid_prefix = "894412"
smdp_address = "smdp.fabrikam.example"
portal_url = "https://portal.fabrikam.example/mp"
notify_hosts = ["notify.fabrikam.example"]
markets = ["GB", "IE"]
languages = ["en-GB", "en"]
`

func TestOperatorProfiles(t *testing.T) {
	tests := []struct {
		name      string
		open      string // Options.Operator
		request   string // LaunchRequest.Operator
		sim       simulator.SIMKind
		wantTitle string
	}{
		{"workspace operator, eSIM", "Fabrikam Telecom", "", simulator.KindESIM, "Mobile Plans — Fabrikam Telecom"},
		{"workspace operator, physical SIM", "fabrikam telecom", "", simulator.KindPSIM, "Mobile Plans — Fabrikam Telecom"},
		{"per launch, on a Contoso device", "", "Fabrikam Telecom", simulator.KindPSIM, "Mobile Plans — Fabrikam Telecom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, OperatorsFileName), []byte(fabrikam), 0o600); err != nil {
				t.Fatal(err)
			}
			seed := int64(5)
			h, err := Open(dir, Options{Seed: &seed, Kind: tt.sim, Operator: tt.open})
			if err != nil {
				t.Fatal(err)
			}
			defer h.Close()
			if tt.open != "" {
				for _, id := range deviceICCIDs(h.SavedDevice()) {
					if !strings.HasPrefix(id, "894412") {
						t.Errorf("generated device ICCID %s is not in Fabrikam's issuer range", id)
					}
				}
			}
			plan, err := h.Plan(Request{Launch: LaunchRequest{Operator: tt.request, TransactionID: "t.1"}})
			if err != nil {
				t.Fatal(err)
			}
			cfg := plan.Config
			if cfg.Title != tt.wantTitle || cfg.Operator.Name != "Fabrikam Telecom" {
				t.Errorf("title %q, operator %q", cfg.Title, cfg.Operator.Name)
			}
			if !strings.HasPrefix(cfg.Launch.URL, "https://portal.fabrikam.example/mp?market=GB&location=GB&") || plan.Demo {
				t.Errorf("launch URL %s (demo %v), want Fabrikam's portal with market and location GB", cfg.Launch.URL, plan.Demo)
			}
			if got := cfg.Launch.Headers[simulator.HeaderAcceptLanguage]; got != "en-GB,en;q=0.90" {
				t.Errorf("Accept-Language %q", got)
			}
			name := "iccids"
			if tt.sim == simulator.KindPSIM {
				name = "iccid"
			}
			if v, _ := cfg.Launch.Param(name); !strings.HasPrefix(v, "894412") || simulator.ValidateICCID(v) != nil {
				t.Errorf("%s = %q, want a valid ICCID of Fabrikam's range", name, v)
			}
			if len(cfg.AllowedHosts) != 1 || cfg.AllowedHosts[0] != "notify.fabrikam.example" {
				t.Errorf("notify hosts %v", cfg.AllowedHosts)
			}
			if cfg.Expect.SMDPAddress != "smdp.fabrikam.example" {
				t.Errorf("activation codes are checked against SM-DP+ %q, want the profile's", cfg.Expect.SMDPAddress)
			}
		})
	}
}

func TestUnknownOperator(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, Options{Operator: "Nobody"}); err == nil || !strings.Contains(err.Error(), "Contoso Mobile") {
		t.Errorf("Open with an unknown operator = %v, want the known names", err)
	}
	if err := os.WriteFile(filepath.Join(dir, OperatorsFileName), []byte("[[operator]]\nname = \"X\"\niccid_prefix = \"99\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := New(dir, 1)
	if _, err := h.Plan(Request{Launch: LaunchRequest{Operator: "X", PortalURL: "https://p.example/", TransactionID: "t"}}); err == nil || !strings.Contains(err.Error(), "operators.toml:1") {
		t.Errorf("Plan with a bad operators file = %v, want a file:line error", err)
	}
}
