package bridge

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestParseEnvelope(t *testing.T) {
	const tok = "s3cret"
	good := `{"token":"s3cret","api":"DataMart.notifyPurchaseResult","args":["{\"success\":true}",{"a":1},{"$undefined":true},null],"pageUrl":"https://mo.example/x","t":12.5}`
	tests := []struct {
		name    string
		raw     string
		token   string
		max     int
		wantErr error
	}{
		{"valid", good, tok, 0, nil},
		{"wrong token", good, "other", 0, ErrBadToken},
		{"empty expected token never matches", strings.Replace(good, `"s3cret"`, `""`, 1), "", 0, ErrBadToken},
		{"missing token", `{"api":"x","args":[]}`, tok, 0, ErrBadToken},
		{"too large", good, tok, 20, ErrEnvelopeTooLarge},
		{"size exactly at limit", good, tok, len(good), nil},
		{"malformed", `{"token":"s3cret",`, tok, 0, ErrMalformedEnvelope},
		{"not an object", `"hello"`, tok, 0, ErrMalformedEnvelope},
		{"trailing data", good + `{}`, tok, 0, ErrMalformedEnvelope},
		{"empty api", `{"token":"s3cret","api":"","args":[]}`, tok, 0, ErrMalformedEnvelope},
		{"token wrong type", `{"token":1,"api":"x"}`, tok, 0, ErrMalformedEnvelope},
		{"empty", ``, tok, 0, ErrMalformedEnvelope},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env, err := ParseEnvelope(tc.raw, tc.token, tc.max)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if env.Args == nil {
					t.Fatal("Args is nil")
				}
				return
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
		})
	}
	env, err := ParseEnvelope(good, tok, 0)
	if err != nil {
		t.Fatal(err)
	}
	if env.API != APIDataMartNotifyPurchaseResult || env.PageURL != "https://mo.example/x" || env.T != 12.5 || len(env.Args) != 4 {
		t.Fatalf("env = %+v", env)
	}
	var s string
	if err := json.Unmarshal(env.Args[0], &s); err != nil || s != `{"success":true}` {
		t.Fatalf("string argument not kept as a JSON string: %s", env.Args[0])
	}
	if string(env.Args[3]) != "null" {
		t.Fatalf("null argument = %q", env.Args[3])
	}
	if env.IsHostEvent() {
		t.Fatal("API call reported as host event")
	}
}

func TestCallFromEnvelope(t *testing.T) {
	env := Envelope{API: EventFirstPaint, Args: []json.RawMessage{json.RawMessage(`{"t":3}`)}, PageURL: "https://a.example/"}
	if !env.IsHostEvent() {
		t.Fatal("host event not recognised")
	}
	c := CallFromEnvelope(env, testTime)
	if c.API != env.API || c.PageURL != env.PageURL || len(c.Args) != 1 || !c.At.Equal(testTime) {
		t.Fatalf("call = %+v", c)
	}
}
