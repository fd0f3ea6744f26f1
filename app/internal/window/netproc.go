package window

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"net/url"
	"strings"

	"mpsim/app/internal/window/webkit"
)

// A network process killed during the first load (issue: a kill -9 of
// WebKitNetworkProcess) does not reach the window as the watch's "ended":
// WebKit fails the load first, in one of two ways, and the watch's next
// tick comes after the session ended on a wrong reason.
//
//   - The load in flight gets WebKit's internal error ("WebKit encountered
//     an internal error", LoadFailInternal).
//   - WebKit starts another network process and retries the connection
//     there; the new process never got the pinned certificates
//     (webkit_web_context_allow_tls_certificate_for_host went to the one
//     that ended), so it refuses the very certificate mpsim pinned, and the
//     session said "a pinned certificate names HOST, but the server
//     presented another one", sending the developer after a certificate
//     problem the portal does not have.
//
// networkProcessFailure tells both apart from the portal's own failures:
// a network process the watch knew is gone, the refused certificate is
// one pinned for the host, or the error is WebKit's internal one. It
// returns the reason the session gives (kind networkProcess, like a
// crashed web process's webProcess).
func (p *portal) networkProcessFailure(f webkit.LoadFailure) (string, bool) {
	if p.inspecting.Load() {
		return "", false // the inspector's own WebKit processes come and go
	}
	pid := 0
	if gone := p.pollNetwork(false); len(gone) > 0 {
		pid = gone[0]
	}
	switch {
	case (f.Kind == webkit.LoadFailTLS || f.TLS) && p.pinned(f.URI, f.CertPEM):
		return networkProcessEnded(pid, "its replacement refused the certificate pinned for "+hostOf(f.URI)+
			", which is the one the server presented: the pin was given to the process that ended; not a certificate problem"), true
	case f.Kind == webkit.LoadFailInternal:
		return networkProcessEnded(pid, "WebKit failed the load with its internal error ("+f.Reason+"), as it does for the loads of a network process that ends"), true
	case pid != 0:
		return networkProcessEnded(pid, "the load failed with it: "+f.Reason), true
	}
	return "", false
}

// networkProcessEnded is the reason of a session whose WebKit network
// process ended (pid 0: not known), with detail after it.
func networkProcessEnded(pid int, detail string) string {
	s := "the WebKit network process ended"
	if pid != 0 {
		s = fmt.Sprintf("the WebKit network process (pid %d) ended", pid)
	}
	s += " — a failure of the browser engine mpsim runs the portal in, not of the portal"
	if detail != "" {
		s += " (" + detail + ")"
	}
	return s
}

// pollNetwork returns the network processes the watch knew that are gone
// (see helperWatch.poll); each is returned once, to the ticks or to a
// failed load.
func (p *portal) pollNetwork(rescan bool) []int {
	p.helpersMu.Lock()
	defer p.helpersMu.Unlock()
	if p.helpers == nil {
		return nil
	}
	return p.helpers.poll(rescan)
}

// pin records certificate PEM as pinned for host.
func (p *portal) pin(host, certPEM string) {
	der := pemDER(certPEM)
	if der == nil {
		return
	}
	if p.pins == nil {
		p.pins = map[string][][]byte{}
	}
	host = strings.ToLower(host)
	p.pins[host] = append(p.pins[host], der)
}

// pinned says whether certPEM is a certificate pinned for uri's host.
func (p *portal) pinned(uri, certPEM string) bool {
	der := pemDER(certPEM)
	if der == nil {
		return false
	}
	for _, d := range p.pins[hostOf(uri)] {
		if bytes.Equal(d, der) {
			return true
		}
	}
	return false
}

// hostOf is uri's host as pins are keyed (lower case, no brackets).
func hostOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// pemDER is the first certificate of s (PEM), or nil.
func pemDER(s string) []byte {
	rest := []byte(s)
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil
		}
		if b.Type == "CERTIFICATE" {
			return b.Bytes
		}
	}
}
