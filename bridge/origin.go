package bridge

import (
	"net"
	"net/url"
	"strings"
)

// CheckOrigin decides whether a call made from pageURL may be acted on
// (contract §1.1, §1.2): the page must be https on one of allowedHosts. The
// match is host-level: path, query and port are ignored ("you can specify the
// host but not necessarily the full path"), but a port yields an info finding
// because real service configuration forbids ports. Host names compare
// case-insensitively; allowedHosts entries may be bare hosts, host:port or
// URLs.
//
// As a developer exception, http on a loopback host (127.0.0.1, localhost,
// [::1]) is accepted with a warning whatever allowedHosts says. Anything else
// is refused with an error finding.
func CheckOrigin(pageURL string, allowedHosts []string) (accepted bool, findings []Finding) {
	u, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return false, []Finding{newFinding(CodeOriginInvalid, "pageUrl",
			"The call came from %q, which is not an http(s) URL with a host; calls are only honoured from the configured https notification host.", pageURL)}
	}
	host := normHost(u.Hostname())
	scheme := strings.ToLower(u.Scheme)
	var fs []Finding
	if u.Port() != "" {
		fs = append(fs, newFinding(CodeOriginPort, "pageUrl",
			"The page URL %q has port %s; Mobile Plans service configuration does not support port numbers in portal or notification URIs.", pageURL, u.Port()))
	}
	switch scheme {
	case "https":
		for _, a := range allowedHosts {
			if ah := allowedHost(a); ah != "" && ah == host {
				return true, fs
			}
		}
		return false, append(fs, newFinding(CodeOriginNotAllowed, "pageUrl",
			"The call came from host %q, which is not a configured notification host (%s); the real app ignores script calls from other hosts.",
			host, strings.Join(allowedHosts, ", ")))
	case "http":
		if isLoopback(host) {
			return true, append(fs, newFinding(CodeOriginLoopbackHTTP, "pageUrl",
				"The call came from %q over plain http; accepted for local development only. The real app requires https.", pageURL))
		}
	}
	return false, append(fs, newFinding(CodeOriginInsecure, "pageUrl",
		"The call came from %q; the portal and its notifications must use https (contract §1.2).", pageURL))
}

func normHost(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// allowedHost extracts the host name of one allowedHosts entry.
func allowedHost(entry string) string {
	entry = strings.TrimSpace(entry)
	if entry == "" {
		return ""
	}
	if strings.Contains(entry, "://") {
		if u, err := url.Parse(entry); err == nil {
			return normHost(u.Hostname())
		}
		return ""
	}
	if h, _, err := net.SplitHostPort(entry); err == nil {
		return normHost(h)
	}
	return normHost(strings.Trim(entry, "[]"))
}

func isLoopback(host string) bool {
	switch host {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return false
}
