package main

// End-to-end tests: the real binary (this test binary, re-executed as mpsim)
// runs `mpsim run --headless`, which starts its own Xvfb, the demo portal on
// 127.0.0.1 over HTTPS, and the portal window in real WebKit.

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/xvfb"
	"mpsim/simulator"
)

const testMainEnv = "MPSIM_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(testMainEnv) == "1" {
		main()
		return
	}
	// The tests read mpsim's output as UTF-8 text; under a runner with no
	// UTF-8 locale mpsim writes ASCII stand-ins on the terminal
	// (TestASCIIUnderTheCLocale covers that), so the processes these tests
	// start get C.UTF-8.
	if !termsafe.UTF8Locale(os.Getenv) {
		if err := os.Setenv("LC_ALL", "C.UTF-8"); err != nil {
			fmt.Fprintln(os.Stderr, "set LC_ALL:", err)
			os.Exit(2)
		}
	}
	os.Exit(runIsolated(m))
}

// runIsolated runs the tests with the XDG cache, data and configuration
// directories in a temporary directory of their own, so that the mpsim
// processes the tests start and do not give directories of their own keep
// their screenshots, history and settings out of the user's home; it
// removes that directory afterwards.
func runIsolated(m *testing.M) int {
	dir, err := os.MkdirTemp("", "mpsim-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "temporary directory for the tests:", err)
		return 2
	}
	defer os.RemoveAll(dir)
	for name, sub := range map[string]string{"XDG_CACHE_HOME": "cache", "XDG_DATA_HOME": "data", "XDG_CONFIG_HOME": "config"} {
		if err := os.Setenv(name, filepath.Join(dir, sub)); err != nil {
			fmt.Fprintln(os.Stderr, "set", name+":", err)
			return 2
		}
	}
	return m.Run()
}

func needE2E(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test (real WebKit under Xvfb) skipped with -short")
	}
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb is not installed; run `make deps`")
	}
}

// runMpsim runs this binary as mpsim with args and returns the exit code,
// the report it wrote, and its stderr.
func runMpsim(t *testing.T, args ...string) (int, session.Report, string) {
	t.Helper()
	r := runDemo(t.TempDir(), args...)
	if r.err != nil {
		t.Fatalf("run mpsim: %v\nstderr:\n%s", r.err, r.stderr)
	}
	return r.code, r.rep, r.stderr
}

func filteredEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "DISPLAY=") || strings.HasPrefix(kv, "MPSIM_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

func TestE2EDemoPortalBuy(t *testing.T) {
	needE2E(t)
	// A new customer: with a plan of ours on the eSIM the purchase would go
	// onto that line without an activation code (F2, TestE2EDemoChoices).
	code, rep, stderr := runMpsim(t, "run", "--headless", "--demo-choice", "buy", "--preset", "esim-new-customer", "--lang", "fr-FR,fr,en", "--timeout", "60s")
	if code != 0 || rep.Verdict != "pass" {
		t.Fatalf("exit %d verdict %q, want 0 pass; findings %+v\nstderr:\n%s", code, rep.Verdict, rep.Findings, stderr)
	}
	if rep.Result == nil || !rep.Result.Success {
		t.Fatalf("result = %+v, want success", rep.Result)
	}
	r := rep.Result
	if err := simulator.ValidateICCID(r.ICCID); err != nil {
		t.Errorf("iccid: %v", err)
	}
	if !simulator.DemoOperator().OwnsICCID(r.ICCID) {
		t.Errorf("iccid %s is not in the demo operator's range", r.ICCID)
	}
	if _, err := simulator.ParseActivationCode(r.ActivationCode); err != nil {
		t.Errorf("activationCode %q: %v", r.ActivationCode, err)
	}
	if tx, _ := rep.Launch.Param("transactionId"); r.TransactionID != tx || tx == "" {
		t.Errorf("transactionId = %q, launched with %q", r.TransactionID, tx)
	}
	pr := r.PurchaseResult
	if pr.MoDirectStatus != "Complete" || pr.PlanName == "" || pr.UserAccount == "" {
		t.Errorf("purchaseResult = %+v", pr)
	}
	if pr.PlanName != "Contoso 5 Go — 30 jours" {
		t.Errorf("planName = %q, want the first plan named on the French page, %q", pr.PlanName, "Contoso 5 Go — 30 jours")
	}
	if rep.Ended != session.EndedHandBack {
		t.Errorf("ended = %q, want %q", rep.Ended, session.EndedHandBack)
	}
	if rep.Server == nil || rep.Server.AcceptLanguage != "fr-FR,fr;q=0.90,en;q=0.80" {
		t.Errorf("Accept-Language the demo portal received = %+v, want fr-FR,fr;q=0.90,en;q=0.80", rep.Server)
	}
	if got := rep.Launch.Headers["Accept-Language"]; got != "fr-FR,fr;q=0.90,en;q=0.80" {
		t.Errorf("launch Accept-Language = %q", got)
	}
	if len(rep.Calls) != 1 || rep.Calls[0].API != "DataMart.notifyPurchaseResult" || !rep.Calls[0].Accepted {
		t.Errorf("calls = %+v", rep.Calls)
	}
	if rep.Timings.LaunchToFirstPaintMs == nil || rep.Timings.CallToResultMs == nil {
		t.Errorf("timings missing: %+v", rep.Timings)
	}
}

func TestE2EDemoPortalCancel(t *testing.T) {
	needE2E(t)
	code, rep, stderr := runMpsim(t, "run", "--headless", "--demo-choice", "cancel", "--sim", "psim", "--timeout", "60s")
	if code != 0 || rep.Verdict != "pass" {
		t.Fatalf("exit %d verdict %q, want 0 pass; findings %+v\nstderr:\n%s", code, rep.Verdict, rep.Findings, stderr)
	}
	if rep.Result == nil || rep.Result.Success {
		t.Fatalf("result = %+v, want success:false", rep.Result)
	}
	if pr := rep.Result.PurchaseResult; pr.UserAccount != "Bailed" || pr.PlanName != "" {
		t.Errorf("purchaseResult = %+v, want userAccount Bailed and empty planName", pr)
	}
	if _, ok := rep.Launch.Param("iccid"); !ok {
		t.Errorf("physical SIM launch has no iccid: %s", rep.Launch.URL)
	}
}

// testCert is a self-signed certificate for 127.0.0.1 and 127.0.0.2.
type testCert struct {
	der  []byte
	key  *ecdsa.PrivateKey
	path string
}

func newTestCert(t *testing.T) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mpsim test portal"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("127.0.0.2")},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c := testCert{der: der, key: key, path: filepath.Join(t.TempDir(), "portal.pem")}
	if err := os.WriteFile(c.path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return c
}

// testPortal is an HTTPS server on a loopback address that records the
// requests it gets.
type testPortal struct {
	cert     testCert
	certPath string
	base     string
	mu       sync.Mutex
	reqs     []*http.Request
}

func startTestPortal(t *testing.T, pages map[string]string) *testPortal {
	return startTestPortalWithCert(t, "127.0.0.1", nil, pages)
}

func startTestPortalOn(t *testing.T, ip string, pages map[string]string) *testPortal {
	return startTestPortalWithCert(t, ip, nil, pages)
}

// startTestPortalWithCert serves pages on ip with the certificate of
// shareWith (or a new one).
func startTestPortalWithCert(t *testing.T, ip string, shareWith *testPortal, pages map[string]string) *testPortal {
	t.Helper()
	var cert testCert
	if shareWith != nil {
		cert = shareWith.cert
	} else {
		cert = newTestCert(t)
	}
	p := &testPortal{cert: cert, certPath: cert.path}
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p.mu.Lock()
			p.reqs = append(p.reqs, r.Clone(r.Context()))
			p.mu.Unlock()
			if d, err := time.ParseDuration(r.URL.Query().Get("delay")); err == nil && d > 0 && d < 10*time.Second {
				time.Sleep(d) // a slow answer: ?delay=700ms
			}
			body, ok := pages[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{cert.der}, PrivateKey: cert.key}}},
	}
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	t.Cleanup(func() { _ = srv.Close() })
	p.base = fmt.Sprintf("https://%s:%d/", ip, ln.Addr().(*net.TCPAddr).Port)
	return p
}

func (p *testPortal) requests() []*http.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*http.Request(nil), p.reqs...)
}

// got is what a test page reported by fetching /got?key=value…: the query
// values of its /got requests so far, by key, a later request's value
// replacing an earlier one's. Call it once the session has ended (the
// page's fetch then has reached the server).
func (p *testPortal) got() map[string]string {
	out := map[string]string{}
	for _, r := range p.requests() {
		if r.URL.Path == "/got" {
			for k, v := range r.URL.Query() {
				out[k] = v[0]
			}
		}
	}
	return out
}

// A portal of the developer's own, over HTTPS with --trust-cert, that hands
// back a payload with the wrong transactionId as an object (two findings).
func TestE2EOwnPortalTrustCertAndFindings(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html><body><p>test portal</p><script>
var q = new URLSearchParams(location.search);
DataMart.notifyPurchaseResult({ver:"1", success:true, iccid:q.get("iccid"), transactionId:"not-the-one",
  purchaseResult:{userAccount:"Existing", purchaseInstrument:"Existing", line:"Existing", moDirectStatus:"Complete", planName:"Test plan"}});
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page})
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath,
		"--sim", "psim", "--lang", "de-DE,de", "--market", "DE", "--location", "DE", "--timeout", "60s")
	if code != 1 || rep.Verdict != "fail" {
		t.Fatalf("exit %d verdict %q, want 1 fail; findings %+v\nstderr:\n%s", code, rep.Verdict, rep.Findings, stderr)
	}
	var sawTx bool
	for _, f := range rep.Findings {
		if f.Field == "transactionId" && f.Severity == "error" {
			sawTx = true
		}
	}
	if !sawTx {
		t.Errorf("no transactionId error finding in %+v", rep.Findings)
	}
	reqs := p.requests()
	if len(reqs) == 0 {
		t.Fatal("the portal received no request")
	}
	first := reqs[0]
	if got := first.Header.Get("Accept-Language"); got != "de-DE,de;q=0.90" {
		t.Errorf("Accept-Language received = %q, want de-DE,de;q=0.90", got)
	}
	q := first.URL.Query()
	for _, name := range []string{"iccid", "imei", "location", "transactionId", "market"} {
		if q.Get(name) == "" {
			t.Errorf("launch parameter %s missing from %s", name, first.URL.RawQuery)
		}
	}
	if q.Get("eid") != "" {
		t.Errorf("physical SIM launch sent eid: %s", first.URL.RawQuery)
	}
}

// A portal that never loads (nothing listens) ends with no-callback and a
// clear load failure, not a crash.
func TestE2EDeadPortal(t *testing.T) {
	needE2E(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", "https://"+addr+"/", "--timeout", "8s")
	if code != 1 || rep.Verdict != "no-callback" {
		t.Fatalf("exit %d verdict %q, want 1 no-callback\nstderr:\n%s", code, rep.Verdict, stderr)
	}
	var sawLoad bool
	for _, f := range rep.Findings {
		if f.Code == "portal-load-failed" {
			sawLoad = true
		}
	}
	if !sawLoad {
		t.Errorf("no portal-load-failed finding: %+v", rep.Findings)
	}
}

// A cross-origin iframe (127.0.0.2, pinned with the same --trust-cert) posts
// a forged hand-back straight to WebKit's native message handler. The host
// must refuse it: verdict rejected, no result (contract §1.1; facts note §6).
func TestE2ECrossOriginIframeCannotHandBack(t *testing.T) {
	needE2E(t)
	frame := `<!doctype html><html><body><p>third-party frame</p><script>
var forged = JSON.stringify({token:"guessed", api:"DataMart.notifyPurchaseResult", pageUrl:location.href,
  args:[JSON.stringify(JSON.stringify({ver:"1", success:true, iccid:"8988247000101997790", activationCode:"1$x.example$Y", transactionId:"t",
  purchaseResult:JSON.stringify({userAccount:"New",purchaseInstrument:"New",line:"New",moDirectStatus:"Complete",planName:"Forged"})}))]});
try { window.webkit.messageHandlers.external.postMessage(JSON.stringify({id:1, method:"__mpsimBridge", params:[forged]})); } catch (e) {}
try { parent.DataMart.notifyPurchaseResult("{}"); } catch (e) {}
try { window.__mpsimBridge(forged); } catch (e) {}
</script></body></html>`
	other := startTestPortalOn(t, "127.0.0.2", map[string]string{"/frame": frame})
	page := `<!doctype html><html><body><p>operator portal</p><iframe src="` + other.base + `frame"></iframe></body></html>`
	p := startTestPortalWithCert(t, "127.0.0.1", other, map[string]string{"/": page})
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "15s")
	if code != 1 || rep.Verdict != "rejected" {
		t.Fatalf("exit %d verdict %q, want 1 rejected; calls %+v findings %+v\nstderr:\n%s", code, rep.Verdict, rep.Calls, rep.Findings, stderr)
	}
	if rep.Result != nil {
		t.Errorf("a forged hand-back produced a result: %+v", rep.Result)
	}
	if len(other.requests()) == 0 {
		t.Error("the cross-origin frame was never loaded, so the test proves nothing")
	}
	for _, c := range rep.Calls {
		if c.Accepted {
			t.Errorf("call accepted: %+v", c)
		}
	}
}

// Killing the portal window's process mid-session ends the session with a
// clear "crashed" report; the host keeps running, loses nothing, and no
// temporary file of the window's is left.
func TestE2EKilledWindowProcess(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": `<!doctype html><html><body><p>waiting forever</p></body></html>`})
	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "60s", "--report", report,
		"--walled-garden")
	cmd.Env = append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "DISPLAY=", "TMPDIR="+tmp)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the page was requested, then kill the portal child.
	deadline := time.Now().Add(30 * time.Second)
	for len(p.requests()) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	child := childPIDs(cmd.Process.Pid, "portal")
	if len(child) == 0 {
		_ = cmd.Process.Kill()
		t.Fatalf("no portal child of %d found\nstderr:\n%s", cmd.Process.Pid, stderr.String())
	}
	for _, pid := range child {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	err := cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
		t.Fatalf("mpsim run = %v, want exit 1\nstderr:\n%s", err, stderr.String())
	}
	var rep session.Report
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Ended != session.EndedCrashed || rep.Verdict != "no-callback" {
		t.Errorf("ended %q verdict %q, want crashed no-callback", rep.Ended, rep.Verdict)
	}
	var said bool
	for _, e := range rep.Log {
		if strings.Contains(e.Text, "ended unexpectedly") {
			said = true
		}
	}
	if !said {
		t.Errorf("the log does not say the window process ended unexpectedly: %+v", rep.Log)
	}
	// The killed window left nothing behind: its walled-garden filter
	// store went once the filter was in place (44 stores piled up in /tmp
	// from killed windows before).
	left, err := filepath.Glob(filepath.Join(tmp, "mpsim-*"))
	if err != nil || len(left) > 0 {
		t.Errorf("the killed window left %v in the temporary directory (%v)", left, err)
	}
}

// proc is one process of the machine: its parent and command line.
type proc struct {
	pid, ppid int
	args      []string
}

// processes reads every process's parent and command line from /proc.
func processes() []proc {
	var out []proc
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid := 0
		if _, err := fmt.Sscanf(e.Name(), "%d", &pid); err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// Fields after the command name: state ppid …
		rest := string(stat[strings.LastIndexByte(string(stat), ')')+1:])
		var state string
		var ppid int
		if _, err := fmt.Sscanf(rest, " %s %d", &state, &ppid); err != nil {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		out = append(out, proc{pid: pid, ppid: ppid, args: strings.Split(string(cmdline), "\x00")})
	}
	return out
}

// childPIDs returns the pids of parent's children whose command line
// contains arg.
func childPIDs(parent int, arg string) []int {
	var out []int
	for _, p := range processes() {
		if p.ppid == parent && slices.Contains(p.args, arg) {
			out = append(out, p.pid)
		}
	}
	return out
}

// A test page drives the MobilePlans* objects in real WebKit: listeners set
// by name, a deferred download cancelled before it is offered, an inline
// download whose call-backs the page receives as JSON strings and reports to
// its server, and a balance addition. The host's report lists the calls and
// call-backs, and the downloaded profile is saved on the device.
func TestE2EInlineAPIsAndCallbacks(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html><body><p>inline test portal</p><script>
function report(kind, value) { fetch("/got?" + kind + "=" + encodeURIComponent(value)); }
function onAct(json) { report("act", typeof json + ":" + json); }
function onReg(json) { report("reg", typeof json + ":" + json); }
MobilePlansInlineOperations.profileActivationCompleteScript = "onAct";
MobilePlansInlineOperations.registrationChangedScript = "onReg";
var md = MobilePlans.createPurchaseMetaData();
md.userAccount = MobilePlansUserAccount.new;
md.purchaseInstrument = MobilePlansPurchaseInstrument.new;
md.line = MobilePlansLineType.new;
md.moDirectStatus = MobilePlansMoDirectStatus.complete;
md.planName = "Inline plan";
var later = MobilePlansInlineOperations.notifyProfileDownload(md, "1$smdp.contoso.example$LATER-1", 60);
report("ctx", later && later.Id);
MobilePlansInlineOperations.notifyOperationCancel(later);
var now = MobilePlansInlineOperations.notifyProfileDownload(md, "1$smdp.contoso.example$NOW-1");
report("ctx2", now && now.Id);
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page, "/got": ""})
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath,
		"--download-time", "300ms", "--registration-state", "roaming", "--timeout", "15s") // inline flows keep the portal open: the session ends at the timeout
	if code != 0 || rep.Verdict != "pass" {
		t.Fatalf("exit %d verdict %q, want 0 pass; findings %+v\nstderr:\n%s", code, rep.Verdict, rep.Findings, stderr)
	}
	var apis []string
	for _, c := range rep.Calls {
		apis = append(apis, c.API)
	}
	for _, want := range []string{"MobilePlans.createPurchaseMetaData", "MobilePlansInlineOperations.notifyProfileDownload", "MobilePlansInlineOperations.notifyOperationCancel"} {
		if !strings.Contains(strings.Join(apis, " "), want) {
			t.Errorf("calls %v lack %s", apis, want)
		}
	}
	if len(rep.Callbacks) != 2 {
		t.Fatalf("callbacks = %+v, want activation + registration (the cancelled download must not run)", rep.Callbacks)
	}
	got := p.got()
	if got["ctx"] == "" || got["ctx2"] == "" || got["ctx"] == got["ctx2"] {
		t.Errorf("operation contexts = %q, %q: want two different Ids", got["ctx"], got["ctx2"])
	}
	var act, reg map[string]string
	if !strings.HasPrefix(got["act"], "string:") || json.Unmarshal([]byte(strings.TrimPrefix(got["act"], "string:")), &act) != nil {
		t.Fatalf("the page's activation listener got %q, want a JSON string", got["act"])
	}
	if !strings.HasPrefix(got["reg"], "string:") || json.Unmarshal([]byte(strings.TrimPrefix(got["reg"], "string:")), &reg) != nil {
		t.Fatalf("the page's registration listener got %q, want a JSON string", got["reg"])
	}
	if act["activationResult"] != "success" || reg["networkRegistrationState"] != "roaming" || act["iccid"] == "" || reg["iccid"] != act["iccid"] {
		t.Errorf("activation %v, registration %v", act, reg)
	}
	if rep.Device == nil {
		t.Fatal("no device in the report")
	}
	var installed bool
	for _, pr := range rep.Device.Profiles {
		if pr.ICCID == act["iccid"] && pr.State == simulator.ProfileActive {
			installed = true
		}
	}
	if !installed {
		t.Errorf("profile %s not active on the device: %+v", act["iccid"], rep.Device.Profiles)
	}
}

// With a notification host configured elsewhere, the portal's own page may
// not hand back (AllowedScriptNotifyUris, contract §1.1).
func TestE2ENotifyHostRefusesOtherOrigins(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html><body><script>
DataMart.notifyPurchaseResult(JSON.stringify({ver:"1", success:false, iccid:"", activationCode:"", transactionId:new URLSearchParams(location.search).get("transactionId"),
  purchaseResult:JSON.stringify({userAccount:"Bailed", purchaseInstrument:"None", line:"None", moDirectStatus:"None", planName:""})}));
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page})
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--notify-host", "notify.contoso.example", "--timeout", "15s")
	if code != 1 || rep.Verdict != "rejected" || rep.Result != nil {
		t.Fatalf("exit %d verdict %q result %+v, want 1 rejected and no result\nstderr:\n%s", code, rep.Verdict, rep.Result, stderr)
	}
}

// What reaches a real portal through WebKit is exactly the launch the host
// reports: every parameter of each launch generation and SIM, the
// Accept-Language header, and after a failed download the X-MP-LPAError-*
// headers (contract §1.3, §1.4).
func TestE2ELaunchReachesThePortal(t *testing.T) {
	needE2E(t)
	// The page hands back as soon as it runs, so a session ends when the
	// portal has been reached, however slow the machine is.
	p := startTestPortal(t, map[string]string{"/": `<!doctype html><html><body>ok<script>DataMart.notifyPurchaseResult("{}")</script></body></html>`})
	tests := []struct {
		name  string
		args  []string
		setup []string // a command run first in the same configuration directory
	}{
		{name: "current eSIM", args: []string{"--sim", "esim"}},
		{name: "current physical SIM", args: []string{"--sim", "psim", "--lang", "es-ES,es"}},
		{name: "dynamo-2018 eSIM", args: []string{"--generation", "dynamo-2018", "--previous-iccid"}},
		{name: "nov-2018 eSIM", args: []string{"--generation", "nov-2018", "--phone-number", "+14255550100", "--country-code", "US"}},
		{name: "unknown and duplicate parameters", args: []string{"--param", "futureParam=1", "--param", "market=GB"}},
		{name: "after a failed download", args: nil, setup: []string{"device", "lpa-error", "--code", "ServerNotReachable"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			env := append(filteredEnv(), testMainEnv+"=1", "MPSIM_CONFIG_DIR="+filepath.Join(dir, "config"), "DISPLAY=")
			if tc.setup != nil {
				setup := exec.Command(os.Args[0], tc.setup...)
				setup.Env = env
				if out, err := setup.CombinedOutput(); err != nil {
					t.Fatalf("%v: %v\n%s", tc.setup, err, out)
				}
			}
			before := len(p.requests())
			report := filepath.Join(dir, "report.json")
			args := append([]string{"run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "60s", "--report", report}, tc.args...)
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = env
			out, _ := cmd.CombinedOutput()
			var rep session.Report
			data, err := os.ReadFile(report)
			if err != nil || json.Unmarshal(data, &rep) != nil {
				t.Fatalf("no report: %v\n%s", err, out)
			}
			reqs := p.requests()[before:]
			if len(reqs) == 0 {
				t.Fatalf("the portal got no request\n%s", out)
			}
			got := reqs[0]
			if got.URL.RawQuery != strings.SplitN(rep.Launch.URL, "?", 2)[1] {
				t.Errorf("query received\n %s\nlaunch reported\n %s", got.URL.RawQuery, rep.Launch.URL)
			}
			for name, want := range rep.Launch.Headers {
				if have := got.Header.Get(name); have != want {
					t.Errorf("header %s received %q, launch says %q", name, have, want)
				}
			}
			if tc.setup != nil && got.Header.Get("X-MP-LPAError-Codes") != "ServerNotReachable" {
				t.Errorf("X-MP-LPAError-Codes = %q after a failed download", got.Header.Get("X-MP-LPAError-Codes"))
			}
		})
	}
}

// The legacy and removed objects still work in real WebKit and say so: the
// old inline API with listeners assigned as function references on the
// legacy object (tolerated, contract §2.5), then the removed
// notifyPurchaseDelayedProfile, which returns control.
func TestE2ELegacyAndRemovedAPIs(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html><body><script>
function report(kind, value) { return fetch("/got?" + kind + "=" + encodeURIComponent(value)); }
var md = DataMart.createPurchaseMetaData();
md.userAccount = "New"; md.purchaseInstrument = "New"; md.line = "New"; md.moDirectStatus = "Complete"; md.planName = "Old plan";
MobilePlansInlineProfileDownload.profileActivationCompleteScript = function (json) {
  report("act", json).then(function () { MobilePlans.notifyPurchaseDelayedProfile(md, 20); });
};
MobilePlansInlineProfile.notifyInlineProfileDownload(md, "1$smdp.contoso.example$OLD-1");
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page, "/got": ""})
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--download-time", "300ms", "--timeout", "20s")
	if rep.Ended != session.EndedHandBack {
		t.Fatalf("exit %d ended %q, want the removed API to return control; calls %+v\nstderr:\n%s", code, rep.Ended, rep.Calls, stderr)
	}
	act := p.got()["act"]
	if !strings.Contains(act, `"activationResult":"success"`) {
		t.Errorf("the function-reference listener got %q", act)
	}
	want := map[string]bool{"api-removed": false, "api-legacy": false, "listener-function": false, "api-datamart-name": false}
	for _, f := range rep.Findings {
		if _, ok := want[f.Code]; ok {
			want[f.Code] = true
		}
	}
	for code, seen := range want {
		if !seen {
			t.Errorf("no %s finding in %+v", code, rep.Findings)
		}
	}
}

// privateX starts an Xvfb of the test's own with the screen geometry
// (WxHxD); it stops after the test's later cleanups (the processes on it).
func privateX(t *testing.T, geometry string) *xvfb.Server {
	t.Helper()
	x, err := xvfb.Start(geometry)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Stop() })
	return x
}
