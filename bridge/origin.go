package bridge

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// CheckOrigin decides whether a call made from pageURL may be acted on
// (contract §1.1, §1.2) in a session that opened launchURL: the page must be
// https on the portal's own host (launchURL's) or on one of allowedHosts,
// the configured notification hosts. The match is host-level: path, query
// and port are ignored ("you can specify the host but not necessarily the
// full path"), but a port yields an info finding because real service
// configuration forbids ports. Host names compare case-insensitively;
// allowedHosts entries may be bare hosts, host:port or URLs.
//
// As a developer exception, plain http is accepted, with a warning, only
// from the launch origin itself when that is http on a loopback host
// (127.0.0.1, localhost, [::1]): same scheme, host and port. It is never a
// way around the allowed hosts: an https portal that navigates to an http
// page on loopback (another port or host) is refused. Anything else is
// refused with an error finding.
func CheckOrigin(pageURL, launchURL string, allowedHosts []string) (accepted bool, findings []Finding) {
	u, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return false, []Finding{newFinding(CodeOriginInvalid, "pageUrl",
			"The call came from %s, which is not an http(s) URL with a host; calls are only honoured from the configured https notification host.", shownValue(pageURL))}
	}
	host := normHost(u.Hostname())
	scheme := toLowerASCII(u.Scheme)
	launch, _ := url.Parse(strings.TrimSpace(launchURL))
	var fs []Finding
	if u.Port() != "" {
		fs = append(fs, newFinding(CodeOriginPort, "pageUrl",
			"The page at %q has port %s; Mobile Plans service configuration does not support port numbers in portal or notification URIs.", originOf(u), u.Port()))
	}
	switch scheme {
	case "https":
		return checkHTTPSOrigin(host, launch, allowedHosts, fs)
	case "http":
		if isLoopback(host) {
			return checkLoopbackHTTPOrigin(u, launch, allowedHosts, fs)
		}
	}
	return false, append(fs, newFinding(CodeOriginInsecure, "pageUrl",
		"The call came from %q; the portal and its notifications must use https, and no setting accepts another scheme: serve this page over https (a host other than the portal's must also be a notification host, --notify-host), or, while developing, hand back from the plain http loopback origin (127.0.0.1, localhost or [::1]) the portal was launched from.", originOf(u)))
}

// checkHTTPSOrigin is CheckOrigin for an https page on host: accepted on the
// launch URL's host (when that is https too) or on one of allowedHosts. fs
// are the findings so far.
func checkHTTPSOrigin(host string, launch *url.URL, allowedHosts []string, fs []Finding) (bool, []Finding) {
	// The app honours script calls from AllowedScriptNotifyUris only: the
	// configured notification hosts, or the portal's own host when none are
	// configured (contract §1.1). A portal host left out of a configured
	// list may not hand back.
	if len(allowedHosts) == 0 && launch != nil && equalFoldASCII(launch.Scheme, "https") && normHost(launch.Hostname()) == host && host != "" {
		return true, fs
	}
	if hostAllowed(host, allowedHosts) {
		return true, fs
	}
	return false, append(fs, notAllowedFinding(host, launch, allowedHosts))
}

// notAllowedFinding is origin-not-allowed for a call from host, with how to
// allow it: the settings that name notification hosts, and that naming any
// replaces the default, the portal's own host (QA 'pay': a scenario with
// notify_hosts = ["psp.localhost"] ended rejected when the portal's own
// page handed back, and the finding did not say why or what to change).
func notAllowedFinding(host string, launch *url.URL, allowedHosts []string) Finding {
	const how = "--notify-host with mpsim run or mpsim test, notify_hosts in the scenario or in the operator profile"
	portal := ""
	if launch != nil {
		portal = normHost(launch.Hostname())
	}
	if host == portal && host != "" {
		return newFinding(CodeOriginNotAllowed, "pageUrl",
			"The call came from the portal's own host %q, but notification hosts are configured (%s) and it is not one of them: configured notification hosts replace the default, the portal's host, and the real app ignores script calls from any other host (contract §1.1). If the portal hands back from its own pages, add %s to them (%s).",
			host, strings.Join(allowedHosts, ", "), host, how)
	}
	configured := "none are configured, so only the portal's host"
	if len(allowedHosts) > 0 {
		configured = strings.Join(allowedHosts, ", ")
	}
	replaces := ""
	if portal != "" {
		replaces = fmt.Sprintf("; naming any replaces the default, the portal's host %s, so name it too if the portal's own pages hand back as well", portal)
	}
	return newFinding(CodeOriginNotAllowed, "pageUrl",
		"The call came from host %q, which is not a notification host the portal may hand back from (%s); the real app ignores script calls from other hosts (contract §1.1). If this page is meant to hand back, make %s a notification host (%s)%s.",
		host, configured, host, how, replaces)
}

// OtherPortFinding is origin-other-port when a call mpsim accepted came
// from pageURL on the launch URL's host but on another port (the default
// port of its scheme when none is given): the app compares hosts only
// (contract §1.2), so the call counts as the portal's, but service
// configuration allows no ports, so in production that page is most
// likely on another host (a sign-in or payment provider's), where the app
// refuses it unless that host is a notification host. QA 'pay': portal,
// IdP and PSP on 127.0.0.1 on three ports, and the PSP's page handed back
// as the portal's with only an info origin-port, while the same flow on
// separate hosts was rejected. It returns nil otherwise.
func OtherPortFinding(pageURL, launchURL string) []Finding {
	u, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil {
		return nil
	}
	launch, err := url.Parse(strings.TrimSpace(launchURL))
	if err != nil || u.Hostname() == "" || normHost(u.Hostname()) != normHost(launch.Hostname()) {
		return nil
	}
	if !equalFoldASCII(u.Scheme, launch.Scheme) || sameOrigin(u, launch) {
		return nil
	}
	return []Finding{newFinding(CodeOriginOtherPort, "pageUrl",
		"The call came from %s, a page on another port than the launched portal's (%s). The app compares notification hosts without ports, so it counts here as the portal's, but ports are not allowed in the service configuration (contract §1.2): in production this page is most likely on another host (a sign-in or payment provider's), where the app refuses the call unless that host is a notification host (--notify-host, notify_hosts). Test the flow with each server on a host of its own (names such as psp.localhost resolve to 127.0.0.1), or hand back from the portal's own pages.",
		originOf(u), originOf(launch))}
}

// hostAllowed reports whether host is one of the allowed notification hosts.
func hostAllowed(host string, allowedHosts []string) bool {
	for _, a := range allowedHosts {
		if ah := allowedHost(a); ah != "" && ah == host {
			return true
		}
	}
	return false
}

// checkLoopbackHTTPOrigin is CheckOrigin for a plain http page u on a
// loopback host: accepted, with a warning, only from the launch origin
// itself. fs are the findings so far.
func checkLoopbackHTTPOrigin(u, launch *url.URL, allowedHosts []string, fs []Finding) (bool, []Finding) {
	if sameOrigin(u, launch) && len(allowedHosts) > 0 && !hostAllowed(normHost(u.Hostname()), allowedHosts) {
		return false, append(fs, newFinding(CodeOriginNotAllowed, "pageUrl",
			"The call came from the launch origin %q, but notification hosts are configured (%s) and it is not one of them; the real app honours script calls from those hosts only (contract §1.1): configured notification hosts replace the default, the portal's host. If the portal hands back from its own pages, add %s to them (--notify-host with mpsim run or mpsim test, notify_hosts in the scenario or in the operator profile).",
			originOf(u), strings.Join(allowedHosts, ", "), normHost(u.Hostname())))
	}
	if sameOrigin(u, launch) {
		return true, append(fs, newFinding(CodeOriginLoopbackHTTP, "pageUrl",
			"The call came from %q over plain http; accepted for local development only, because the portal was launched from this loopback origin. The real app requires https.", originOf(u)))
	}
	return false, append(fs, newFinding(CodeOriginInsecure, "pageUrl",
		"The call came from %q over plain http, which is not the origin the portal was launched from (%s); plain http is accepted only from the launch origin on loopback, never after navigating away from it, and no setting accepts another http origin: hand back from %s, or serve this page over https (its certificate pinned with --trust-cert, its host a notification host with --notify-host when it is not the portal's).", originOf(u), originOf(launch), originOf(launch)))
}

// originOf is u's scheme, host and port, as a finding quotes the page: its
// path and query (the launch parameters, the device's identifiers among
// them) say nothing about where a call may come from.
func originOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
}

// sameOrigin reports whether page and launch have the same scheme, host and
// port (the default port of the scheme when none is given).
func sameOrigin(page, launch *url.URL) bool {
	if page == nil || launch == nil || !equalFoldASCII(page.Scheme, launch.Scheme) {
		return false
	}
	if normHost(page.Hostname()) != normHost(launch.Hostname()) {
		return false
	}
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if equalFoldASCII(u.Scheme, "https") {
			return "443"
		}
		return "80"
	}
	return port(page) == port(launch)
}

func normHost(h string) string { return strings.TrimSuffix(toLowerASCII(h), ".") }

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

// ClaimedPageURLFinding compares the pageUrl an envelope claims with hostURL,
// the page the portal window showed when the message arrived (empty when the
// window did not say, as in a replay). It returns a page-url-mismatch
// finding when their origins differ: the shim reads the URL from the page
// itself, so only a message written by hand (with a stolen token) or one
// that raced a navigation claims another origin. The host URL is the one
// checked.
func ClaimedPageURLFinding(claimed, hostURL string) []Finding {
	if hostURL == "" || sameOriginText(claimed, hostURL) {
		return nil
	}
	return []Finding{newFinding(CodePageURLMismatch, "pageUrl",
		"The message claims to come from %s but the portal window was showing %s; the origin checked is the window's. The bridge shim always sends the page's own URL, so the message was written by hand or raced a navigation.",
		clip(claimed), clip(hostURL))}
}

// sameOriginText is sameOrigin of two URLs given as text; one that does not
// parse has no origin in common with anything.
func sameOriginText(a, b string) bool {
	ua, err := url.Parse(strings.TrimSpace(a))
	if err != nil {
		return false
	}
	ub, err := url.Parse(strings.TrimSpace(b))
	if err != nil {
		return false
	}
	return sameOrigin(ua, ub)
}

// clip shortens a URL quoted in a finding to 300 bytes (at a rune boundary).
func clip(s string) string {
	if len(s) <= 300 {
		return s
	}
	i := 300
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// plainHTTPAnswers are the TLS libraries' words for a handshake the server
// answered in plain http: Go's crypto/tls (the watch's poll), GnuTLS and
// OpenSSL (WebKit's, through glib-networking), and Go's net/http, which
// recognises the answer.
var plainHTTPAnswers = []string{
	"first record does not look like a tls handshake",
	"server gave http response to https client",
	"unexpected tls packet",
	"tls packet with unexpected length",
	"wrong version number",
}

// notTLSAnswers are the TLS libraries' words for a handshake the server
// ended without a TLS answer, which a plain http server that closes the
// connection on a request it cannot read gives too (QA: python3 -m
// http.server): glib-networking's G_TLS_ERROR_NOT_TLS, "Peer failed to
// perform TLS handshake: The TLS connection was non-properly terminated."
// (or ": Error receiving data: Connection reset by peer"), which
// WebKitGTK reports. A TLS server that drops the handshake (no
// certificate for the name, no cipher in common) gives it as well, so
// the hint they get is conditional. Go's words for it (EOF, connection
// reset by peer) say nothing of TLS and get none.
var notTLSAnswers = []string{
	"peer failed to perform tls handshake",
}

// PlainHTTPHint says what to do when a TLS handshake with the server of
// portalURL failed with reason because the server answered in plain http
// (a developer typed https:// for an http-only dev server): on a loopback
// host, where plain http is accepted from the launch origin (CheckOrigin),
// to try the http:// URL; elsewhere, that the server must speak https.
// When reason only says the server ended the handshake without a TLS
// answer (notTLSAnswers), which a plain http server that closes the
// connection gives too, the hint says so on a condition: "if the server
// at … answers plain http, try http://…". It returns "" when portalURL is
// not https or reason is another TLS failure.
//
// The URL to try is portalURL with the http scheme, its path, query and
// fragment as written (escapes such as %2F kept): nothing is left out, so
// portalURL must be the URL the user gave (simulator.Launch.PortalURL, a
// watched URL), not the launch URL the host added its parameters to (they
// carry the device's identifiers, and the launch adds them again). The
// user's own parameters are kept whatever their names, a market= of the
// portal's own too.
func PlainHTTPHint(portalURL, reason string) string {
	u, err := url.Parse(strings.TrimSpace(portalURL))
	if err != nil || !equalFoldASCII(u.Scheme, "https") || u.Hostname() == "" {
		return ""
	}
	lower := toLowerASCII(reason)
	said := func(words []string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(lower, w) })
	}
	answers := "the server at " + u.Host + " answers plain http; "
	switch {
	case said(plainHTTPAnswers):
	case said(notTLSAnswers):
		answers = "if the server at " + u.Host + " answers plain http, "
	default:
		return ""
	}
	if !isLoopback(normHost(u.Hostname())) {
		return answers + "the portal must be served over https"
	}
	try := url.URL{Scheme: "http", Host: u.Host, Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery, ForceQuery: u.ForceQuery,
		Fragment: u.Fragment, RawFragment: u.RawFragment}
	return answers + "try " + try.String()
}
