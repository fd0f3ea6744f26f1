package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An operator whose issuer range is not Contoso's: its portal checks the
// launch ICCID against its own prefix (as real portals do) and refuses any
// other with InvalidSIM. With --operator the launch carries an ICCID of that
// range, the window shows the operator's name, and the portal hands back a
// purchase (issue 13).
func TestE2EOperatorIssuerRange(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html lang="en"><body><p>Fabrikam portal</p><script>
var q = new URLSearchParams(location.search);
var iccid = q.get("iccid") || "";
var ours = iccid.indexOf("894412") === 0;
DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: ours, iccid: ours ? iccid : "", transactionId: q.get("transactionId"),
  purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing",
    moDirectStatus: ours ? "Complete" : "InvalidSIM", planName: ours ? "Fabrikam 5 GB" : ""})}));
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page})
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	if err := os.MkdirAll(config, 0o700); err != nil {
		t.Fatal(err)
	}
	profile := `[[operator]]
name = "Fabrikam"
iccid_prefix = "894412"
smdp_address = "smdp.fabrikam.example"
portal_url = "` + p.base + `"
markets = ["GB"]
languages = ["en-GB", "en"]
`
	if err := os.WriteFile(filepath.Join(config, "operators.toml"), []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, operator string
		success        bool
	}{
		{"Fabrikam", "Fabrikam", true},
		{"Contoso", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s"}
			if c.operator != "" {
				args = append(args, "--operator", c.operator)
			}
			r := runDemo(dir, args...)
			if r.err != nil {
				t.Fatalf("mpsim run: %v\nstderr:\n%s", r.err, r.stderr)
			}
			if r.rep.Result == nil || r.rep.Result.Success != c.success {
				t.Fatalf("result %+v, want success %v; launch %s\nstderr:\n%s", r.rep.Result, c.success, r.rep.Launch.URL, r.stderr)
			}
			iccid, _ := r.rep.Launch.Param("iccid")
			if got := strings.HasPrefix(iccid, "894412"); got != c.success {
				t.Errorf("launch iccid %q: in Fabrikam's range %v, want %v", iccid, got, c.success)
			}
			if market, _ := r.rep.Launch.Param("market"); c.operator != "" && market != "GB" {
				t.Errorf("market %q, want the operator's GB", market)
			}
		})
	}
}
