// Package host wires the pieces of one mpsim host together for the command
// line and the UI: the configuration directory, the simulated device, the
// built-in demo portal and its pinned certificate, and the session
// configuration built from a launch request.
package host

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"mpsim/app/ipc"
	"mpsim/app/session"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
)

// DefaultDemoAddr is where the demo portal listens when the port is free, so
// launch URLs stay the same between runs; otherwise it takes any free port.
const DefaultDemoAddr = "127.0.0.1:47443"

// ConfigDirEnv overrides the configuration directory (tests, CI, portable use).
const ConfigDirEnv = "MPSIM_CONFIG_DIR"

// ConfigDir returns the directory mpsim keeps its state in (certificate,
// device, presets), creating it with mode 0700.
func ConfigDir() (string, error) {
	dir := os.Getenv(ConfigDirEnv)
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the user configuration directory: %w (set %s)", err, ConfigDirEnv)
		}
		dir = filepath.Join(base, "mpsim")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create configuration directory: %w", err)
	}
	return dir, nil
}

// LaunchRequest is what a user chooses before opening the portal.
type LaunchRequest struct {
	SIM        simulator.SIMKind
	PortalURL  string // empty: the built-in demo portal
	Market     string
	Location   string
	Languages  []string
	Generation simulator.Generation
	Extra      []simulator.Param
	// TransactionID is generated when empty.
	TransactionID string
}

// Defaults fills the unset fields of r with the host's defaults.
func (r LaunchRequest) Defaults() LaunchRequest {
	if r.SIM == "" {
		r.SIM = simulator.KindESIM
	}
	if r.Market == "" {
		r.Market = "US"
	}
	if r.Location == "" {
		r.Location = "US"
	}
	if len(r.Languages) == 0 {
		r.Languages = []string{"en-US"}
	}
	if r.Generation == "" {
		r.Generation = simulator.GenerationCurrent
	}
	return r
}

// ParseLanguages splits "fr-FR,fr;q=0.9,en" into tags (q-values dropped,
// order kept) and checks them.
func ParseLanguages(s string) ([]string, error) {
	var tags []string
	for _, part := range strings.Split(s, ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if tag == "" {
			continue
		}
		tags = append(tags, tag)
	}
	if len(tags) == 0 {
		return nil, errors.New("no language given")
	}
	if _, err := simulator.AcceptLanguage(tags); err != nil {
		return nil, err
	}
	return tags, nil
}

// Host holds the state shared by the sessions of one mpsim process.
type Host struct {
	Dir      string
	Operator simulator.Operator

	mu      sync.Mutex
	device  simulator.Device
	portal  *demoportal.Server
	base    string
	cert    demoportal.Cert
	choice  string
	devices map[simulator.SIMKind]simulator.Device
}

// New returns a Host on dir with the demo operator and a device generated
// from seed for each SIM kind.
func New(dir string, seed int64) *Host {
	op := simulator.DemoOperator()
	h := &Host{Dir: dir, Operator: op, devices: map[simulator.SIMKind]simulator.Device{}}
	for i, k := range []simulator.SIMKind{simulator.KindESIM, simulator.KindPSIM, simulator.KindNone} {
		h.devices[k] = simulator.NewDevice(k, op, simulator.NewGenerator(seed+int64(i)))
	}
	return h
}

// Device returns the simulated device for the SIM kind.
func (h *Host) Device(kind simulator.SIMKind) simulator.Device {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.devices[kind]
}

// SetDemoChoice makes the demo portal complete on its own ("buy", "cancel")
// for sessions started afterwards; "" turns it off. Call before StartDemo.
func (h *Host) SetDemoChoice(choice string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.choice = choice
}

// StartDemo starts the built-in demo portal (once) and returns its URL.
// It prefers DefaultDemoAddr and takes any free loopback port when that is busy.
func (h *Host) StartDemo() (string, error) { return h.startDemo(DefaultDemoAddr, true) }

// ServeDemo starts the demo portal on addr exactly (mpsim demo-portal).
func (h *Host) ServeDemo(addr string) (string, error) { return h.startDemo(addr, false) }

// CertPath returns where the demo portal's certificate is kept.
func (h *Host) CertPath() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cert.Path
}

func (h *Host) startDemo(addr string, fallback bool) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.portal != nil {
		return h.base, nil
	}
	cert, err := demoportal.LoadOrCreateCert(h.Dir, nil)
	if err != nil {
		return "", fmt.Errorf("demo portal certificate: %w", err)
	}
	op := h.Operator
	gen := simulator.NewGenerator(time.Now().UnixNano())
	var genMu sync.Mutex
	srv, err := demoportal.New(demoportal.Config{
		OperatorName: op.Name,
		AutoChoice:   h.choice,
		IssueProfile: func(url.Values) (string, string) {
			genMu.Lock()
			defer genMu.Unlock()
			return gen.ICCID(op), gen.ActivationCode(op.SMDPAddress)
		},
	})
	if err != nil {
		return "", fmt.Errorf("demo portal: %w", err)
	}
	base, err := srv.Start(addr, cert)
	if err != nil && fallback {
		base, err = srv.Start("127.0.0.1:0", cert)
	}
	if err != nil {
		return "", fmt.Errorf("start demo portal: %w", err)
	}
	h.portal, h.base, h.cert = srv, base, cert
	return base, nil
}

// DemoURL returns the demo portal's URL if it runs.
func (h *Host) DemoURL() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.base
}

// DemoRequests returns what the demo portal server has received.
func (h *Host) DemoRequests() []demoportal.RequestRecord {
	h.mu.Lock()
	p := h.portal
	h.mu.Unlock()
	if p == nil {
		return nil
	}
	return p.Requests()
}

// Close stops the demo portal.
func (h *Host) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.portal == nil {
		return nil
	}
	err := h.portal.Close()
	h.portal = nil
	return err
}

// Launch builds the launch for r (starting the demo portal when r names no
// portal) without opening anything.
func (h *Host) Launch(r LaunchRequest) (simulator.Launch, simulator.Device, error) {
	r = r.Defaults()
	portal := r.PortalURL
	if portal == "" {
		var err error
		if portal, err = h.StartDemo(); err != nil {
			return simulator.Launch{}, simulator.Device{}, err
		}
	}
	if r.TransactionID == "" {
		r.TransactionID = simulator.NewGenerator(time.Now().UnixNano()).TransactionID()
	}
	dev := h.Device(r.SIM)
	l, err := simulator.BuildLaunch(dev, h.Operator, simulator.LaunchOptions{
		PortalURL: portal, Market: r.Market, Location: r.Location, Languages: r.Languages,
		Generation: r.Generation, TransactionID: r.TransactionID, Extra: r.Extra,
	})
	if err != nil {
		return simulator.Launch{}, dev, fmt.Errorf("build launch: %w", err)
	}
	return l, dev, nil
}

// SessionConfig builds the session configuration for r. trusted are extra
// certificates to pin (from --trust-cert).
func (h *Host) SessionConfig(r LaunchRequest, trusted []ipc.PinnedCert) (session.Config, error) {
	r = r.Defaults()
	l, dev, err := h.Launch(r)
	if err != nil {
		return session.Config{}, err
	}
	cfg := session.Config{
		Launch:    l,
		Languages: r.Languages,
		Expect: bridge.Expectation{
			TransactionID: mustParam(l, "transactionId"),
			SIMKind:       string(dev.Kind),
			ICCIDs:        deviceICCIDs(dev),
		},
		Certs: append([]ipc.PinnedCert(nil), trusted...),
		Title: "Mobile Plans — " + h.Operator.Name,
	}
	if r.PortalURL == "" {
		h.mu.Lock()
		cfg.Certs = append(cfg.Certs, ipc.PinnedCert{PEM: string(h.cert.PEM), Hosts: []string{"127.0.0.1"}})
		h.mu.Unlock()
	}
	return cfg, nil
}

func mustParam(l simulator.Launch, name string) string {
	v, _ := l.Param(name)
	return v
}

func deviceICCIDs(d simulator.Device) []string {
	var out []string
	if d.ICCID != "" {
		out = append(out, d.ICCID)
	}
	for _, p := range d.Profiles {
		out = append(out, p.ICCID)
	}
	return out
}

// LoadTrustedCert reads a PEM certificate and returns it pinned for every
// host it names (its IP and DNS subject alternative names).
func LoadTrustedCert(path string) (ipc.PinnedCert, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ipc.PinnedCert{}, fmt.Errorf("read certificate: %w", err)
	}
	var block *pem.Block
	for rest := data; ; {
		block, rest = pem.Decode(rest)
		if block == nil || block.Type == "CERTIFICATE" {
			break
		}
	}
	if block == nil {
		return ipc.PinnedCert{}, fmt.Errorf("%s: no PEM CERTIFICATE block", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return ipc.PinnedCert{}, fmt.Errorf("%s: %w", path, err)
	}
	var hosts []string
	for _, ip := range c.IPAddresses {
		hosts = append(hosts, ip.String())
	}
	hosts = append(hosts, c.DNSNames...)
	if len(hosts) == 0 && c.Subject.CommonName != "" {
		hosts = append(hosts, c.Subject.CommonName)
	}
	if len(hosts) == 0 {
		return ipc.PinnedCert{}, fmt.Errorf("%s: the certificate names no host (no SANs)", path)
	}
	out := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: block.Bytes})
	return ipc.PinnedCert{PEM: string(out), Hosts: hosts}, nil
}

// IsLoopback reports whether host (no port) is a loopback address or localhost.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
