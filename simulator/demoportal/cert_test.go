package demoportal

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func parsePEM(t *testing.T, b []byte) *x509.Certificate {
	t.Helper()
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatal("no PEM block")
	}
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLoadOrCreateCertCreatesPrivateFilesWithSANs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cfg", "mpsim")
	c, err := LoadOrCreateCert(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != filepath.Join(dir, CertFileName) {
		t.Errorf("Path = %q", c.Path)
	}
	for _, name := range []string{CertFileName, KeyFileName} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode = %v, want 0600", name, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("dir mode = %v, want 0700", fi.Mode().Perm())
	}
	leaf := parsePEM(t, c.PEM)
	for _, h := range DefaultCertHosts() {
		if !certCovers(leaf, h) {
			t.Errorf("certificate does not cover %s (IPs %v, DNS %v)", h, leaf.IPAddresses, leaf.DNSNames)
		}
	}
	if err := leaf.VerifyHostname("127.0.0.1"); err != nil {
		t.Errorf("VerifyHostname: %v", err)
	}
	if leaf.PublicKeyAlgorithm != x509.ECDSA {
		t.Errorf("key algorithm = %v, want ECDSA", leaf.PublicKeyAlgorithm)
	}
	if d := leaf.NotAfter.Sub(leaf.NotBefore); d < 364*24*time.Hour || d > 366*24*time.Hour {
		t.Errorf("validity = %v, want about one year", d)
	}
	if !bytes.Equal(c.TLS.Certificate[0], leaf.Raw) {
		t.Error("TLS certificate and PEM differ")
	}
}

func TestLoadOrCreateCertReuses(t *testing.T) {
	dir := t.TempDir()
	a, err := LoadOrCreateCert(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadOrCreateCert(dir, []string{"127.0.0.1", "localhost"}) // a subset: still covered
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.PEM, b.PEM) {
		t.Error("second call generated a new certificate instead of reusing it")
	}
	// Loosened permissions are tightened again on reuse.
	os.Chmod(filepath.Join(dir, KeyFileName), 0o644)
	if _, err := LoadOrCreateCert(dir, nil); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(filepath.Join(dir, KeyFileName)); fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode after reuse = %v", fi.Mode().Perm())
	}
}

func oldFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.old-*"))
	return m
}

func TestLoadOrCreateCertRegeneratesCorrupt(t *testing.T) {
	dir := t.TempDir()
	a, err := LoadOrCreateCert(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, CertFileName), []byte("-----BEGIN CERTIFICATE-----\ngarbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := LoadOrCreateCert(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.PEM, b.PEM) {
		t.Error("corrupt certificate was not replaced")
	}
	if got := oldFiles(t, dir); len(got) != 2 {
		t.Errorf("old files kept aside = %v, want cert and key", got)
	}
}

func TestLoadOrCreateCertRegeneratesForMissingHost(t *testing.T) {
	dir := t.TempDir()
	a, err := LoadOrCreateCert(dir, []string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadOrCreateCert(dir, []string{"127.0.0.1", "portal.mpsim.test"})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.PEM, b.PEM) {
		t.Fatal("certificate missing a host was reused")
	}
	leaf := parsePEM(t, b.PEM)
	if !certCovers(leaf, "portal.mpsim.test") || !leaf.IPAddresses[0].Equal(net.ParseIP("127.0.0.1")) {
		t.Errorf("SANs = %v %v", leaf.IPAddresses, leaf.DNSNames)
	}
}

func TestLoadOrCreateCertRegeneratesExpired(t *testing.T) {
	dir := t.TempDir()
	hosts := DefaultCertHosts()
	old, err := createCert(filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName), hosts, time.Now().Add(-400*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadOrCreateCert(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(old.PEM, c.PEM) {
		t.Fatal("expired certificate was reused")
	}
	if leaf := parsePEM(t, c.PEM); time.Now().After(leaf.NotAfter) {
		t.Error("new certificate already expired")
	}
	if len(oldFiles(t, dir)) != 2 {
		t.Error("expired files were not kept aside")
	}
}

func TestLoadOrCreateCertErrors(t *testing.T) {
	if _, err := LoadOrCreateCert("", nil); err == nil {
		t.Error("empty dir accepted")
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o600)
	if _, err := LoadOrCreateCert(filepath.Join(f, "sub"), nil); err == nil || !strings.Contains(err.Error(), "demoportal") {
		t.Errorf("dir below a file: err = %v", err)
	}
}
