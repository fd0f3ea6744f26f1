package window

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/window/webkit"
)

// certPEM makes a self-signed certificate for 127.0.0.1, as PEM.
func certPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// A failed load is the network process's when WebKit refused a pinned
// certificate (the pin went with the process that ended) or failed it with
// its internal error; a certificate other than the pinned one, an
// unpinned host and a plain network error stay the portal's.
func TestNetworkProcessFailure(t *testing.T) {
	pinned, other := certPEM(t), certPEM(t)
	const uri = "https://127.0.0.1:8443/portal"
	for _, tc := range []struct {
		name       string
		f          webkit.LoadFailure
		inspecting bool
		want       string // "" for not the network process's
	}{
		{"pinned certificate refused", webkit.LoadFailure{URI: uri, TLS: true, Kind: webkit.LoadFailTLS, CertPEM: pinned},
			false, "its replacement refused the certificate pinned for 127.0.0.1"},
		{"pinned certificate, another host", webkit.LoadFailure{URI: "https://localhost:8443/", TLS: true, Kind: webkit.LoadFailTLS, CertPEM: pinned},
			false, ""},
		{"another certificate", webkit.LoadFailure{URI: uri, TLS: true, Kind: webkit.LoadFailTLS, CertPEM: other}, false, ""},
		{"no certificate", webkit.LoadFailure{URI: uri, TLS: true, Kind: webkit.LoadFailTLS}, false, ""},
		{"internal error", webkit.LoadFailure{URI: uri, Reason: "WebKit encountered an internal error", Kind: webkit.LoadFailInternal},
			false, "its internal error (WebKit encountered an internal error)"},
		{"refused", webkit.LoadFailure{URI: uri, Reason: "Could not connect", Kind: webkit.LoadFailNetwork}, false, ""},
		{"inspector open", webkit.LoadFailure{URI: uri, Reason: "WebKit encountered an internal error", Kind: webkit.LoadFailInternal}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &portal{}
			p.pin("127.0.0.1", pinned)
			p.inspecting.Store(tc.inspecting)
			got, ok := p.networkProcessFailure(tc.f)
			if ok != (tc.want != "") || !strings.Contains(got, tc.want) {
				t.Fatalf("networkProcessFailure = %q, %v; want %v with %q", got, ok, tc.want != "", tc.want)
			}
			if ok && !strings.HasPrefix(got, "the WebKit network process ended") {
				t.Errorf("reason %q does not say the network process ended", got)
			}
		})
	}
}
