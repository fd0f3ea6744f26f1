package demoportal

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/assets"
)

// runPayloadJS runs assets/demoportal/payload.js under node with a driver
// script and returns its output lines. The page's hand-back payloads are
// built only by this pure module, so checking it here checks the page.
func runPayloadJS(t *testing.T, driver string) []string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the payload module is exercised end-to-end in WebKit instead")
	}
	files, err := assets.Sub("demoportal")
	if err != nil {
		t.Fatal(err)
	}
	src, err := fs.ReadFile(files, "payload.js")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "payload.js"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "driver.js"), []byte("const P = require('./payload.js');\n"+driver), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, filepath.Join(dir, "driver.js")).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func TestPayloadModuleBuildsContractPayloads(t *testing.T) {
	lines := runPayloadJS(t, `
const ch = {userAccount: 'New', purchaseInstrument: 'New', line: 'New'};
console.log(P.legacySuccess({kind: 'esim', iccid: '8988247000101997790', activationCode: '1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG',
  transactionId: '/7RBTuSJt02OZbX8.4', planName: 'Contoso 5 GB — 30 days', choices: ch}));
console.log(P.legacySuccess({kind: 'psim', iccid: '8988247000100003319', activationCode: 'ignored',
  transactionId: 'waoigFfX00yGH3Vb.1', planName: 'Contoso Unlimited — 30 days',
  choices: {userAccount: 'Existing', purchaseInstrument: 'Existing', line: 'Existing'}}));
console.log(P.legacyFailure({transactionId: 'T1', choices: ch, endedAt: 'plan', status: 'None'}));
console.log(P.legacyFailure({transactionId: 'T1', choices: ch, endedAt: 'account', status: 'None'}));
console.log(P.legacyFailure({transactionId: 'T1', choices: {userAccount: 'Existing'}, endedAt: 'payment', status: 'None'}));
console.log(P.legacyFailure({transactionId: 'T1', choices: ch, endedAt: 'confirm', status: 'PurchaseFailed'}));
console.log(P.legacyFailure({transactionId: 'T1', choices: ch, endedAt: null, status: 'InvalidSIM'}));
console.log(P.legacyFailure({transactionId: undefined, choices: ch, endedAt: 'account', status: 'LogOnFailed'}));
`)
	want := []string{
		// §2.7 eSIM success: all fields, purchaseResult double-encoded.
		`{"ver":"1","success":true,"iccid":"8988247000101997790","activationCode":"1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG","transactionId":"/7RBTuSJt02OZbX8.4","purchaseResult":"{\"userAccount\":\"New\",\"purchaseInstrument\":\"New\",\"line\":\"New\",\"moDirectStatus\":\"Complete\",\"planName\":\"Contoso 5 GB — 30 days\"}"}`,
		// §2.7 pSIM success: the launch ICCID, no activationCode key.
		`{"ver":"1","success":true,"iccid":"8988247000100003319","transactionId":"waoigFfX00yGH3Vb.1","purchaseResult":"{\"userAccount\":\"Existing\",\"purchaseInstrument\":\"Existing\",\"line\":\"Existing\",\"moDirectStatus\":\"Complete\",\"planName\":\"Contoso Unlimited — 30 days\"}"}`,
		// §2.7 abandoned example.
		`{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"T1","purchaseResult":"{\"userAccount\":\"Bailed\",\"purchaseInstrument\":\"None\",\"line\":\"None\",\"moDirectStatus\":\"None\",\"planName\":\"\"}"}`,
		`{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"T1","purchaseResult":"{\"userAccount\":\"Bailed\",\"purchaseInstrument\":\"None\",\"line\":\"None\",\"moDirectStatus\":\"None\",\"planName\":\"\"}"}`,
		`{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"T1","purchaseResult":"{\"userAccount\":\"Existing\",\"purchaseInstrument\":\"Bailed\",\"line\":\"None\",\"moDirectStatus\":\"None\",\"planName\":\"\"}"}`,
		`{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"T1","purchaseResult":"{\"userAccount\":\"New\",\"purchaseInstrument\":\"New\",\"line\":\"Bailed\",\"moDirectStatus\":\"PurchaseFailed\",\"planName\":\"\"}"}`,
		`{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"T1","purchaseResult":"{\"userAccount\":\"None\",\"purchaseInstrument\":\"None\",\"line\":\"None\",\"moDirectStatus\":\"InvalidSIM\",\"planName\":\"\"}"}`,
		`{"ver":"1","success":false,"iccid":"","activationCode":"","transactionId":"","purchaseResult":"{\"userAccount\":\"Bailed\",\"purchaseInstrument\":\"None\",\"line\":\"None\",\"moDirectStatus\":\"LogOnFailed\",\"planName\":\"\"}"}`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("case %d:\n got %s\nwant %s", i, lines[i], want[i])
		}
		// Each payload is a JSON string whose purchaseResult is itself JSON (§2.7).
		var outer map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &outer); err != nil {
			t.Errorf("case %d: %v", i, err)
			continue
		}
		var inner map[string]string
		if err := json.Unmarshal([]byte(outer["purchaseResult"].(string)), &inner); err != nil || len(inner) != 5 {
			t.Errorf("case %d: purchaseResult %v %v", i, inner, err)
		}
	}
}
