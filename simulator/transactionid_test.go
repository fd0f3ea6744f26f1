package simulator

import (
	"strings"
	"testing"
)

// A transactionId given in the URL-encoded form the docs' launch URLs show
// (%2F7RBTuSJt02OZbX8.4, contract §1.3, §5 #18) launches with the id it
// stands for, encoded once in the URL, as mpsim validate --transaction-id
// reads it; a '%' that starts no escape, or an escape that decodes to no
// valid id, is part of the id. (Before: %2F7RBTuSJt02OZbX8.4 was sent as
// transactionId=%252F7RBTuSJt02OZbX8.4, a portal reading
// "%2F7RBTuSJt02OZbX8.4".)
func TestTransactionIDGivenURLEncoded(t *testing.T) {
	long := strings.Repeat("a", MaxTransactionIDLength-2)
	tests := []struct {
		given, sent, inURL string
		tooLong            bool
	}{
		{given: "%2F7RBTuSJt02OZbX8.4", sent: "/7RBTuSJt02OZbX8.4", inURL: "transactionId=%2F7RBTuSJt02OZbX8.4&"},
		{given: "%2f7RBTuSJt02OZbX8.4", sent: "/7RBTuSJt02OZbX8.4", inURL: "transactionId=%2F7RBTuSJt02OZbX8.4&"},
		{given: "/7RBTuSJt02OZbX8.4", sent: "/7RBTuSJt02OZbX8.4", inURL: "transactionId=%2F7RBTuSJt02OZbX8.4&"},
		{given: "waoigFfX00yGH3Vb.1", sent: "waoigFfX00yGH3Vb.1", inURL: "transactionId=waoigFfX00yGH3Vb.1&"},
		{given: "a+b%2Bc", sent: "a+b+c", inURL: "transactionId=a%2Bb%2Bc&"}, // a '+' is no space
		{given: "%252Fx", sent: "%2Fx", inURL: "transactionId=%252Fx&"},      // decoded once only
		{given: "50%off", sent: "50%off", inURL: "transactionId=50%25off&"},  // no escape
		{given: "%FF", sent: "%FF", inURL: "transactionId=%25FF&"},           // decodes to no UTF-8
		// 68 characters given, 64 meant: within the limit.
		{given: long + "%41%42", sent: long + "AB", inURL: "transactionId=" + long + "AB&"},
		// 71 given, 65 meant: too long either way.
		{given: long + "%41%42%43", sent: long + "%41%42%43", tooLong: true},
	}
	d := Device{Kind: KindNone, IMEI: docIMEI}
	for _, tt := range tests {
		t.Run(tt.given, func(t *testing.T) {
			id, decoded := DecodeTransactionID(tt.given)
			if id != tt.sent || decoded != (tt.given != tt.sent) {
				t.Errorf("DecodeTransactionID(%q) = %q, %v; want %q", tt.given, id, decoded, tt.sent)
			}
			l, err := BuildLaunch(d, DemoOperator(), LaunchOptions{PortalURL: docPrtl, Market: "US", Location: "US", TransactionID: tt.given})
			if tt.tooLong {
				if err == nil || !strings.Contains(err.Error(), "at most 64") {
					t.Errorf("a transactionId over 64 characters: err %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := l.Param("transactionId"); v != tt.sent {
				t.Errorf("the launch sends transactionId %q, want %q", v, tt.sent)
			}
			if !strings.Contains(l.URL, tt.inURL) {
				t.Errorf("URL %s lacks %s", l.URL, tt.inURL)
			}
		})
	}
}
