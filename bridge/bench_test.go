package bridge

import (
	"encoding/json"
	"testing"
)

const benchPayload = `{"ver":"1","success":true,"iccid":"8988247000101997790","activationCode":"1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG","transactionId":"MSFT_ecf5a4d6-024c-46c3-8fcd-2c1f0deed572","purchaseResult":"{\"userAccount\":\"New\",\"purchaseInstrument\":\"New\",\"line\":\"New\",\"moDirectStatus\":\"Complete\",\"planName\":\"MyPlan\"}"}`

// BenchmarkDecodeLegacy measures decoding and validating one canonical
// hand-back (schema + rule checks), the work done per hand-back.
func BenchmarkDecodeLegacy(b *testing.B) {
	arg, _ := json.Marshal(benchPayload)
	exp := Expectation{TransactionID: "MSFT_ecf5a4d6-024c-46c3-8fcd-2c1f0deed572", SIMKind: "esim"}
	b.ReportAllocs()
	for b.Loop() {
		if _, fs := DecodeLegacy(arg, exp); HasErrors(fs) {
			b.Fatal(fs)
		}
	}
}

// BenchmarkParseEnvelope measures checking one envelope from the page.
func BenchmarkParseEnvelope(b *testing.B) {
	arg, _ := json.Marshal(benchPayload)
	env, _ := json.Marshal(map[string]any{"token": "t", "api": "DataMart.notifyPurchaseResult", "args": []json.RawMessage{arg}, "pageUrl": "https://portal.example/"})
	raw := string(env)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseEnvelope(raw, "t", DefaultMaxEnvelopeBytes); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInitScript measures rendering the shim for a session.
func BenchmarkInitScript(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := InitScript(ShimConfig{Token: "0123456789abcdef", BindingName: DefaultBindingName}); err != nil {
			b.Fatal(err)
		}
	}
}
