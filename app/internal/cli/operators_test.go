package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

const fabrikamProfile = `# Fabrikam, a UK operator
[[operator]]
name = "Fabrikam"
iccid_prefix = "894412"
smdp_address = "smdp.fabrikam.example"
portal_url = "https://portal.fabrikam.example/mp"
markets = ["GB"]
languages = ["en-GB"]
generation = "nov-2018"
`

func withOperators(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, workspace.OperatorsFileName), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestOperatorFlag(t *testing.T) {
	tests := []struct {
		name string
		args []string
		// want* are checked on the launch.
		wantURL, wantICCIDParam, wantPrefix string
	}{
		{"operator's portal and defaults, psim", []string{"--operator", "Fabrikam", "--sim", "psim"},
			"https://portal.fabrikam.example/mp?market=GB&location=GB&", "iccid", "894412"},
		{"operator's range, esim", []string{"--operator", "fabrikam", "--sim", "esim"},
			"https://portal.fabrikam.example/mp?market=GB&location=GB&", "iccids", "894412"},
		{"explicit flags win", []string{"--operator", "Fabrikam", "--sim", "psim", "--market", "IE", "--portal", "https://x.example/"},
			"https://x.example/?market=IE&location=GB&", "iccid", "894412"},
		{"default stays Contoso", []string{"--sim", "psim"},
			"https://127.0.0.1:47443/?market=US&location=US&", "iccid", "8988247000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := withOperators(t, fabrikamProfile)
			l := urlJSON(t, dir, tt.args...)
			if !strings.HasPrefix(l.URL, tt.wantURL) {
				t.Errorf("URL %s, want prefix %s", l.URL, tt.wantURL)
			}
			if v := mustParam(l, tt.wantICCIDParam); !strings.HasPrefix(v, tt.wantPrefix) || simulator.ValidateICCID(v) != nil {
				t.Errorf("%s = %s, want a valid ICCID starting %s", tt.wantICCIDParam, v, tt.wantPrefix)
			}
		})
	}
}

func TestOperatorsCommand(t *testing.T) {
	dir := withOperators(t, fabrikamProfile)
	r := mpsim(t, dir, "operators", "--json")
	if r.code != cli.ExitOK {
		t.Fatalf("operators --json: exit %d\n%s", r.code, r.stderr)
	}
	var out struct {
		File      string
		Operators []struct {
			Name, IccidPrefix, Source, PortalURL string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Operators) != 2 || out.Operators[0].Source != "built-in" || out.Operators[1].Name != "Fabrikam" ||
		out.Operators[1].IccidPrefix != "894412" || out.Operators[1].Source != "file" {
		t.Errorf("operators --json = %s", r.stdout)
	}
	if r := mpsim(t, dir, "operators"); r.code != cli.ExitOK || !strings.Contains(r.stdout, "Fabrikam (file)") || !strings.Contains(r.stdout, "8944120000000000000..8944129999999999999") {
		t.Errorf("operators: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	bad := withOperators(t, "[[operator]]\nname = \"Bad\"\niccid_prefix = \"8999912\"\nsmdp_address = \"s.example\"\n")
	for _, args := range [][]string{{"operators"}, {"url", "--operator", "Bad"}} {
		if r := mpsim(t, bad, args...); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "operators.toml:3: operator \"Bad\"") {
			t.Errorf("%v with a bad profile: exit %d, stderr %s", args, r.code, r.stderr)
		}
	}
	if r := mpsim(t, dir, "url", "--operator", "Nobody"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, `"Fabrikam"`) {
		t.Errorf("url --operator Nobody: exit %d, stderr %s", r.code, r.stderr)
	}
}

func TestDeviceGenerateForOperator(t *testing.T) {
	dir := withOperators(t, fabrikamProfile)
	r := mpsim(t, dir, "device", "generate", "--operator", "Fabrikam", "--sim", "psim", "--seed", "3", "--json")
	if r.code != cli.ExitOK {
		t.Fatalf("device generate: exit %d\n%s", r.code, r.stderr)
	}
	var out struct{ Device simulator.Device }
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.Device.ICCID, "894412") {
		t.Errorf("generated ICCID %s, want Fabrikam's range", out.Device.ICCID)
	}
}

func TestPresetOperator(t *testing.T) {
	dir := withOperators(t, fabrikamProfile)
	presets := filepath.Join(dir, "team.toml")
	if err := os.WriteFile(presets, []byte("[[preset]]\nname = \"fab\"\noperator = \"Fabrikam\"\nsim = \"psim\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l := urlJSON(t, dir, "--config", presets, "--preset", "fab")
	if !strings.HasPrefix(l.URL, "https://portal.fabrikam.example/mp?") || !strings.HasPrefix(mustParam(l, "iccid"), "894412") {
		t.Errorf("preset with operator: %s", l.URL)
	}
}

// A saved Contoso eSIM launched for Fabrikam holds no Fabrikam profile: no
// iccids, a new customer (contract §1.3: "omitted if none match"); the
// esim-existing-customer preset gives it an active Fabrikam profile.
func TestAnotherOperatorsESIM(t *testing.T) {
	dir := withOperators(t, fabrikamProfile)
	contoso := urlJSON(t, dir, "--sim", "esim") // the saved device: Contoso's
	own, ok := param(contoso, "iccids")
	if !ok || !strings.HasPrefix(own, "8988247") {
		t.Fatalf("Contoso launch iccids %q", own)
	}
	fab := urlJSON(t, dir, "--operator", "Fabrikam", "--sim", "esim")
	if v, ok := param(fab, "iccids"); ok {
		t.Errorf("Fabrikam launch of a Contoso eSIM sends iccids %q; want none", v)
	}
	if _, ok := param(fab, "eid"); !ok {
		t.Error("Fabrikam launch has no eid")
	}
	existing := urlJSON(t, dir, "--operator", "Fabrikam", "--preset", "esim-existing-customer")
	if v, _ := param(existing, "iccids"); !strings.HasPrefix(v, "894412") || strings.Contains(v, own) {
		t.Errorf("esim-existing-customer for Fabrikam: iccids %q, want one Fabrikam ICCID", v)
	}
}
