package sessiontest

import (
	"encoding/json"
	"testing"

	"mpsim/simulator"
)

// FillESIM returns d with profiles of op added until it holds n, the
// first one active when d held none; the profiles' ICCIDs come from a
// generator of a fixed seed, so a test's eSIM is the same each run.
func FillESIM(t testing.TB, d simulator.Device, op simulator.Operator, n int) simulator.Device {
	t.Helper()
	g := simulator.NewGenerator(77)
	for d.ProfileCount() < n {
		if err := d.InstallProfile(simulator.Profile{ICCID: d.FailedDownloadICCID(op, g), Operator: op.Name}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// LegacyPurchase is the bridge envelope of a legacy eSIM hand-back (F1)
// made on pageURL with the session's token and transactionID, which
// downloads the profile iccid: what FakeWindow.Envelope takes.
func LegacyPurchase(t testing.TB, token, transactionID, pageURL, iccid string) string {
	t.Helper()
	pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"P"}`
	payload, err := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": iccid, "activationCode": "1$smdp.contoso.example$ABCD-1234",
		"transactionId": transactionID, "purchaseResult": pr})
	if err != nil {
		t.Fatal(err)
	}
	arg, _ := json.Marshal(string(payload))
	b, err := json.Marshal(map[string]any{"token": token, "api": "DataMart.notifyPurchaseResult", "args": []json.RawMessage{arg}, "pageUrl": pageURL})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
