package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// mpsim url and mpsim validate read --transaction-id alike: the id as the
// portal reads it or URL-encoded as the docs' launch URLs show it
// (%2F7RBTuSJt02OZbX8.4). url sends the id it stands for, encoded once,
// and says so; validate then accepts a hand-back echoing that id, given
// the same flag. The help texts say both forms are taken. (Before: url
// sent transactionId=%252F7RBTuSJt02OZbX8.4 while validate took the same
// value as URL-encoded.)
func TestTransactionIDFlagTakesTheURLEncodedForm(t *testing.T) {
	const iccid = "8988247000132222507"
	pr := `{"userAccount":"Existing","purchaseInstrument":"New","line":"Existing","moDirectStatus":"Complete","planName":"MyPlan"}`
	tests := []struct {
		given, sent, inURL string
		note               bool
	}{
		{"%2F7RBTuSJt02OZbX8.4", "/7RBTuSJt02OZbX8.4", "transactionId=%2F7RBTuSJt02OZbX8.4&", true},
		{"/7RBTuSJt02OZbX8.4", "/7RBTuSJt02OZbX8.4", "transactionId=%2F7RBTuSJt02OZbX8.4&", false},
		{"waoigFfX00yGH3Vb.1", "waoigFfX00yGH3Vb.1", "transactionId=waoigFfX00yGH3Vb.1&", false},
		{"50%off", "50%off", "transactionId=50%25off&", false},
	}
	for _, tt := range tests {
		t.Run(tt.given, func(t *testing.T) {
			dir := t.TempDir()
			r := mpsim(t, dir, "url", "--json", "--seed", "1", "--transaction-id", tt.given)
			var l launchJSON
			if err := json.Unmarshal([]byte(r.stdout), &l); err != nil {
				t.Fatalf("url --json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
			}
			if v, _ := l.Param("transactionId"); v != tt.sent || !strings.Contains(l.URL, tt.inURL) {
				t.Errorf("url sends transactionId %q in %s, want %q (%s)", v, l.URL, tt.sent, tt.inURL)
			}
			note := "--transaction-id " + tt.given + " is URL-encoded: the launch sends the id " + tt.sent
			if got := strings.Contains(r.stderr, note); got != tt.note {
				t.Errorf("url says %q: %v, want %v\n%s", note, got, tt.note, r.stderr)
			}
			payload, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": iccid, "transactionId": tt.sent, "purchaseResult": pr})
			v := mpsimStdin(t, dir, string(payload), "validate", "-", "--sim", "esim", "--iccids", "8988247000100000001,"+iccid, "--transaction-id", tt.given)
			if v.code != 0 || strings.Contains(v.stdout, "transaction-id-") {
				t.Errorf("validate of a hand-back echoing what url sent: exit %d\n%s%s", v.code, v.stdout, v.stderr)
			}
		})
	}
	for _, cmd := range []string{"url", "run", "validate"} {
		r := mpsim(t, t.TempDir(), "help", cmd)
		if !strings.Contains(r.stdout, "URL-encoded") || !strings.Contains(r.stdout, "%2F7RBTuSJt02OZbX8.4 is the id /7RBTuSJt02OZbX8.4") {
			t.Errorf("mpsim help %s does not say --transaction-id takes the URL-encoded form:\n%s", cmd, r.stdout)
		}
	}
}
