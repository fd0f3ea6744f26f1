package demoportal

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Certificate file names inside the directory given to LoadOrCreateCert.
const (
	CertFileName = "demo-portal-cert.pem"
	KeyFileName  = "demo-portal-key.pem"
)

// certLifetime is how long a freshly generated certificate is valid.
const certLifetime = 365 * 24 * time.Hour

// renewBefore is how long before expiry a certificate is already replaced,
// so that a session started just before expiry does not fail half-way.
const renewBefore = 24 * time.Hour

// DefaultCertHosts returns the names and addresses the demo-portal
// certificate covers when LoadOrCreateCert is given no hosts.
func DefaultCertHosts() []string { return []string{"127.0.0.1", "127.0.0.2", "localhost", "::1"} }

// Cert is the demo portal's TLS certificate: the key pair for the server,
// the certificate in PEM form (for the host to pin or trust) and the path of
// the PEM file on disk.
type Cert struct {
	TLS  tls.Certificate
	PEM  []byte
	Path string
}

// LoadOrCreateCert returns the demo portal's self-signed ECDSA P-256
// certificate stored in dir (demo-portal-cert.pem and demo-portal-key.pem,
// mode 0600; a new dir gets mode 0700, an existing one keeps its mode). An existing pair is reused when it parses, the
// key matches, it is not expired (or about to expire) and it covers every
// requested host; otherwise a new pair valid for one year is generated and
// the old files are renamed aside (suffix ".old-<timestamp>"). Hosts are IP
// addresses (IP SANs) or DNS names (DNS SANs); an empty list means
// DefaultCertHosts(). The portal origin must be https (contract §1.2 items 4-5,
// §4 "Security").
func LoadOrCreateCert(dir string, hosts []string) (Cert, error) {
	if dir == "" {
		return Cert{}, errors.New("demoportal: certificate directory is empty")
	}
	if len(hosts) == 0 {
		hosts = DefaultCertHosts()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Cert{}, fmt.Errorf("demoportal: create certificate directory: %w", err)
	}
	// An existing directory keeps its mode: it is the user's (a read-only
	// configuration directory was once silently made 0700 here). The key
	// itself is always 0600.
	certPath := filepath.Join(dir, CertFileName)
	keyPath := filepath.Join(dir, KeyFileName)

	cert, reason, err := loadCert(certPath, keyPath, hosts, time.Now())
	if err == nil {
		return cert, nil
	}
	if !errors.Is(err, errRegenerate) {
		return Cert{}, err
	}
	if reason != "missing" {
		if err := moveAside(certPath, keyPath); err != nil {
			return Cert{}, err
		}
	}
	return createCert(certPath, keyPath, hosts, time.Now())
}

// errRegenerate tells LoadOrCreateCert that the stored pair cannot be reused.
var errRegenerate = errors.New("regenerate")

// loadCert reads and checks the stored pair. It returns errRegenerate (with
// a short reason) when a new pair should be made, or another error when the
// files cannot be read at all.
func loadCert(certPath, keyPath string, hosts []string, now time.Time) (Cert, string, error) {
	certPEM, err := os.ReadFile(certPath)
	if errors.Is(err, os.ErrNotExist) {
		if _, kerr := os.Stat(keyPath); errors.Is(kerr, os.ErrNotExist) {
			return Cert{}, "missing", errRegenerate
		}
		return Cert{}, "incomplete", errRegenerate
	}
	if err != nil {
		return Cert{}, "", fmt.Errorf("demoportal: read certificate: %w", err)
	}
	keyPEM, err := os.ReadFile(keyPath)
	if errors.Is(err, os.ErrNotExist) {
		return Cert{}, "incomplete", errRegenerate
	}
	if err != nil {
		return Cert{}, "", fmt.Errorf("demoportal: read certificate key: %w", err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return Cert{}, "corrupt", errRegenerate
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return Cert{}, "corrupt", errRegenerate
	}
	if now.Before(leaf.NotBefore) || now.Add(renewBefore).After(leaf.NotAfter) {
		return Cert{}, "expired", errRegenerate
	}
	for _, h := range hosts {
		if !certCovers(leaf, h) {
			return Cert{}, "host " + h + " missing", errRegenerate
		}
	}
	pair.Leaf = leaf
	// Keep the stored files private even if someone loosened them.
	for _, p := range []string{certPath, keyPath} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm() != 0o600 {
			if err := os.Chmod(p, 0o600); err != nil {
				return Cert{}, "", fmt.Errorf("demoportal: restrict %s: %w", filepath.Base(p), err)
			}
		}
	}
	return Cert{TLS: pair, PEM: certPEM, Path: certPath}, "", nil
}

// certCovers reports whether leaf names host in its SANs.
func certCovers(leaf *x509.Certificate, host string) bool {
	if ip := net.ParseIP(host); ip != nil {
		for _, have := range leaf.IPAddresses {
			if have.Equal(ip) {
				return true
			}
		}
		return false
	}
	for _, have := range leaf.DNSNames {
		if strings.EqualFold(have, host) {
			return true
		}
	}
	return false
}

// moveAside renames the existing files out of the way so a broken or stale
// pair can still be inspected.
func moveAside(paths ...string) error {
	suffix := ".old-" + time.Now().UTC().Format("20060102T150405.000000000")
	for _, p := range paths {
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := os.Rename(p, p+suffix); err != nil {
			return fmt.Errorf("demoportal: keep old certificate file aside: %w", err)
		}
	}
	return nil
}

// createCert generates a new pair, writes it with mode 0600 and returns it.
func createCert(certPath, keyPath string, hosts []string, now time.Time) (Cert, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Cert{}, fmt.Errorf("demoportal: generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return Cert{}, fmt.Errorf("demoportal: generate serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:   "mpsim demo operator portal",
			Organization: []string{"mpsim (demo, not a real operator)"},
		},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(-time.Hour).Add(certLifetime),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	if len(tmpl.DNSNames) > 0 {
		tmpl.Subject.CommonName = tmpl.DNSNames[0]
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return Cert{}, fmt.Errorf("demoportal: create certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return Cert{}, fmt.Errorf("demoportal: encode key: %w", err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	if err := writePrivate(keyPath, keyPEM); err != nil {
		return Cert{}, err
	}
	if err := writePrivate(certPath, certPEM); err != nil {
		return Cert{}, err
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return Cert{}, fmt.Errorf("demoportal: load new certificate: %w", err)
	}
	pair.Leaf, err = x509.ParseCertificate(der)
	if err != nil {
		return Cert{}, fmt.Errorf("demoportal: parse new certificate: %w", err)
	}
	return Cert{TLS: pair, PEM: bytes.Clone(certPEM), Path: certPath}, nil
}

// writePrivate writes data to path through a temporary file with mode 0600
// and renames it into place, so a crash never leaves a half-written file.
func writePrivate(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("demoportal: write %s: %w", filepath.Base(path), err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("demoportal: write %s: %w", filepath.Base(path), err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("demoportal: write %s: %w", filepath.Base(path), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("demoportal: write %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("demoportal: write %s: %w", filepath.Base(path), err)
	}
	return nil
}
