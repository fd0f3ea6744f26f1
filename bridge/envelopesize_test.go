package bridge

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSStringBytes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 2},
		{"abc", 5},
		{`a"b\c`, 9},
		{"line\nnext\ttab", 2 + 4 + 2 + 4 + 2 + 3},
		{"\x01", 8},
		{"é", 4},
		{"\u2028", 5},
		{"😀", 6},
		{"\xff", 5},
	} {
		if got := JSStringBytes(c.in); got != c.want {
			t.Errorf("JSStringBytes(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestEnvelopeBytesIsTheShimsEnvelope builds the envelope text the shim
// builds (sendEncoded) and compares its length.
func TestEnvelopeBytesIsTheShimsEnvelope(t *testing.T) {
	payload := `{"ver":"1","success":true,"planName":"Plan \"A\""}`
	arg, _ := json.Marshal(payload)
	token := strings.Repeat("a", TokenLength)
	pageURL := "https://portal.example/buy?market=US&transactionId=x.1"
	env := `{"token":"` + token + `","api":"DataMart.notifyPurchaseResult","args":[` + string(arg) + `],"pageUrl":"` + pageURL + `","t":0}`
	if got := EnvelopeBytes("DataMart.notifyPurchaseResult", []string{string(arg)}, pageURL); got != len(env) {
		t.Errorf("EnvelopeBytes = %d, the envelope is %d bytes:\n%s", got, len(env), env)
	}
	if _, err := ParseEnvelope(env, token, 0); err != nil {
		t.Fatalf("the test's envelope does not parse: %v", err)
	}
	two := EnvelopeBytes("X.y", []string{"1", `"a"`}, "")
	if want := len(`{"token":"` + token + `","api":"X.y","args":[1,"a"],"pageUrl":"","t":0}`); two != want {
		t.Errorf("two arguments: %d, want %d", two, want)
	}
}
