package simulator

import (
	"net/url"
	"testing"
)

func TestBlockedPort(t *testing.T) {
	tests := []struct {
		raw     string
		port    int
		blocked bool
	}{
		{"https://127.0.0.1:1/", 1, true},
		{"http://localhost:6000/x", 6000, true},
		{"https://portal.example:10080/", 10080, true},
		{"https://portal.example:6697", 6697, true},
		{"https://portal.example/", 0, false},
		{"https://portal.example:443/", 0, false},
		{"https://127.0.0.1:8443/", 0, false},
		{"https://127.0.0.1:47443/", 0, false},
		{"ftp://portal.example:21/", 0, false},
		{"about:blank", 0, false},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.raw)
		if err != nil {
			t.Fatal(err)
		}
		port, blocked := BlockedPort(u)
		if blocked != tt.blocked || (blocked && port != tt.port) {
			t.Errorf("BlockedPort(%s) = %d, %v; want %d, %v", tt.raw, port, blocked, tt.port, tt.blocked)
		}
	}
}
