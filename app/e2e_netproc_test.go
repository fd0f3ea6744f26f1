package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mpsim/app/internal/session"
)

// heldListener holds the first connection it accepts until release is
// closed (the client's TLS handshake waits), after telling accepted.
type heldListener struct {
	net.Listener
	accepted, release chan struct{}
	once              sync.Once
}

func (l *heldListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.once.Do(func() {
			close(l.accepted)
			<-l.release
		})
	}
	return c, err
}

// Killing WebKit's network process during the portal's first load ends
// the session on the network process, like a crashed web process, not on
// a certificate problem: WebKit's retry in a new network process refused
// the pinned certificate (the pin had gone with the old process), and the
// session told the developer "a pinned certificate names 127.0.0.1, but
// the server presented another one"; or the load got WebKit's internal
// error, reported as a network failure of the portal.
func TestE2ENetprocKilledDuringFirstLoad(t *testing.T) {
	needE2E(t)
	for _, when := range []string{"handshake", "request"} {
		t.Run(when, func(t *testing.T) {
			cert := newTestCert(t)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			hl := &heldListener{Listener: ln, accepted: make(chan struct{}), release: make(chan struct{})}
			requested := make(chan struct{})
			var reqOnce sync.Once
			srv := &http.Server{
				Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					reqOnce.Do(func() { close(requested) })
					select { // hold the first load's answer until the kill is done
					case <-hl.release:
					case <-r.Context().Done():
					}
					fmt.Fprint(w, "<!doctype html><p>loaded</p>")
				}),
				TLSConfig: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{cert.der}, PrivateKey: cert.key}}},
			}
			go func() { _ = srv.ServeTLS(hl, "", "") }()
			t.Cleanup(func() { _ = srv.Close() })
			wait := hl.accepted // the connection is accepted, its handshake held
			if when == "request" {
				close(hl.release) // handshake at once; the answer is held
				wait = requested
			}
			run := startMpsim(t, "run", "--headless", "--timeout", "40s", "--trust-cert", cert.path, "--portal", "https://"+ln.Addr().String()+"/")
			select {
			case <-wait:
			case <-time.After(60 * time.Second):
				_ = run.cmd.Process.Kill()
				t.Fatal("the portal's first load never reached the server")
			}
			pids := descendantPIDs(run.cmd.Process.Pid, "WebKitNetworkProcess")
			if len(pids) == 0 {
				_ = run.cmd.Process.Kill()
				t.Fatalf("no WebKitNetworkProcess under mpsim %d", run.cmd.Process.Pid)
			}
			for _, pid := range pids {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
			if when == "handshake" {
				close(hl.release)
			}
			rep, stderr, _ := run.wait(t)
			code := run.cmd.ProcessState.ExitCode()
			f := findingsOf(rep, "portal-load-failed")
			t.Logf("killed %v: exit %d, ended %q, verdict %q, findings %q", pids, code, rep.Ended, rep.Verdict, f)
			if rep.Ended != session.EndedLoadFailed || code != 1 {
				t.Fatalf("exit %d ended %q, want 1 and loadFailed, as for a crashed web process\nstderr:\n%s", code, rep.Ended, tail(stderr))
			}
			if len(f) != 1 || !strings.Contains(f[0], "networkProcess: the WebKit network process") || !strings.Contains(f[0], "not of the portal") {
				t.Errorf("portal-load-failed findings %q, want one saying the WebKit network process ended", f)
			}
			for _, s := range f {
				for _, wrong := range []string{"server presented another one", "no pinned certificate names", "pin the portal's certificate", "network: WebKit"} {
					if strings.Contains(s, wrong) {
						t.Errorf("finding %q says %q: a certificate or portal network problem the portal does not have", s, wrong)
					}
				}
			}
		})
	}
}

// A server presenting a certificate other than the pinned one is still a
// certificate problem (the network process classification above does not
// swallow it).
func TestE2ENetprocRealMismatchStaysACertificateProblem(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": "<!doctype html><p>loaded</p>"})
	other := newTestCert(t)
	_, rep, stderr := runMpsim(t, "run", "--headless", "--timeout", "40s", "--trust-cert", other.path, "--portal", p.base)
	f := findingsOf(rep, "portal-load-failed")
	if rep.Ended != session.EndedLoadFailed || len(f) != 1 || !strings.Contains(f[0], "a pinned certificate names 127.0.0.1, but the server presented another one") {
		t.Fatalf("ended %q, findings %q; want loadFailed with the certificate mismatch\nstderr:\n%s", rep.Ended, f, tail(stderr))
	}
}
