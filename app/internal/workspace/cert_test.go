package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadTrustedCertNamesAKey: given the server's private key instead of
// its certificate, the message says which file to give.
func TestLoadTrustedCertNamesAKey(t *testing.T) {
	tests := []struct {
		name, pem, want string
	}{
		{"a private key", "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n", "holds a private key, not a certificate"},
		{"an EC key", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n", "holds a private key, not a certificate"},
		{"nothing", "hello\n", "no PEM CERTIFICATE block"},
	}
	for _, tc := range tests {
		path := filepath.Join(t.TempDir(), "portal.key")
		if err := os.WriteFile(path, []byte(tc.pem), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadTrustedCert(path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
}
