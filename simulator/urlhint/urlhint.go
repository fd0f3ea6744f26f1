// Package urlhint says which http(s) URL a user probably meant when what
// they wrote is none: a portal or --watch target without its scheme
// ("127.0.0.1:8443/p"), with a mistyped one ("htps://…", "http:/…") or
// with an IPv6 address out of its brackets ("::1:8123"). The command line
// (--portal, --watch) and scenario files (portal) share it, so that both
// say the same. It is pure: it reads no file and touches no network; it
// sits below simulator, outside app/internal, so that the simulator's own
// files (operators.toml's portal_url) may use it too.
package urlhint

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Portal is nil when raw starts with http:// or https:// and, if it does
// not parse, not because of an IPv6 address out of its brackets; else it
// says why raw is no http(s) URL, with the URL it likely meant when there
// is one: "give an http(s) URL, like https://127.0.0.1:8443/p (or
// http://127.0.0.1:8443/p for a local development server)". The caller
// names the value ("--portal %q: %w", "portal %q: %w"); the URL's other
// checks (its host, a port browsers refuse) are the caller's too.
func Portal(raw string) error {
	if trimmed := strings.TrimSpace(raw); trimmed != raw && trimmed != "" {
		if err := Portal(trimmed); err != nil {
			return err
		}
		return fmt.Errorf("leave out the spaces around it: %s", trimmed)
	}
	if strings.Contains(raw, `\`) {
		// Windows' path separator for a URL's slashes ("https:\\p.example\x").
		if forward := strings.ReplaceAll(raw, `\`, "/"); Portal(forward) == nil {
			return fmt.Errorf("write its slashes forward, like %s", forward)
		}
	}
	scheme, rest, ok := httpScheme(raw)
	if !ok {
		if fixed, ok := FixScheme(raw); ok {
			return fmt.Errorf("give an http(s) URL, like %s", fixed)
		}
		if strings.Contains(raw, "://") {
			return errors.New("give an http(s) URL")
		}
		if s, ok := otherScheme(raw); ok {
			return fmt.Errorf("give an http(s) URL; %s: is no web address", s)
		}
		return fmt.Errorf("give an http(s) URL, %s", SchemeSuggestion(raw))
	}
	if _, err := url.Parse(raw); err != nil {
		if bracketed := BracketIPv6(rest); bracketed != rest {
			return fmt.Errorf("an IPv6 address goes in brackets in a URL, like %s", scheme+bracketed)
		}
	}
	return nil
}

// otherScheme is the scheme of a URL of another kind than a web address
// ("about:blank", "javascript:…", "mailto:…"): a scheme's word and a colon
// not followed by a port, as "localhost:8443" is, nor by another colon, as
// an IPv6 address's first group is ("fe80::1").
func otherScheme(raw string) (string, bool) {
	m := schemeWord.FindStringSubmatch(raw)
	if m == nil || (m[2] != "" && (m[2][0] == ':' || m[2][0] >= '0' && m[2][0] <= '9')) {
		return "", false
	}
	return m[1], true
}

// schemeWord is a URL's scheme and what follows its colon (RFC 3986).
var schemeWord = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):(.*)$`)

// httpScheme splits raw into its scheme with "://" and the rest when it
// starts with http:// or https://, as written (lower case).
func httpScheme(raw string) (scheme, rest string, ok bool) {
	for _, s := range []string{"https://", "http://"} {
		if after, found := strings.CutPrefix(raw, s); found {
			return s, after, true
		}
	}
	return "", raw, false
}

// SchemeSuggestion is the URL a portal given without its scheme likely
// meant, as the end of the sentence that refuses it: like https://…, and
// for a loopback host (127.0.0.1, localhost, [::1]) also http://…, which
// the simulator accepts from a local development server (bridge.CheckOrigin).
func SchemeSuggestion(portal string) string {
	rest := BracketIPv6(strings.TrimPrefix(portal, "//"))
	if isLoopbackHTTPHost(hostOf(rest)) {
		return fmt.Sprintf("like https://%s (or http://%s for a local development server)", rest, rest)
	}
	return "like https://" + rest
}

// mistypedScheme is a URL whose scheme looks like http or https mistyped
// (htp, htps, HTTP) or whose "://" is ("http:/", "http//", "https:///"):
// the scheme's word, what follows it up to the host, and the rest.
var mistypedScheme = regexp.MustCompile(`^([A-Za-z]{3,6})(:/{0,3}|/{2,3})([^/].*)$`)

// FixScheme is raw with its mistyped http or https scheme fixed
// (mistypedScheme): "http:/127.0.0.1:8123/" gives http://127.0.0.1:8123/,
// "htps://portal.example" https://portal.example. ok is false when raw's
// scheme is not one of those mistyped, or is written right.
func FixScheme(raw string) (fixed string, ok bool) {
	m := mistypedScheme.FindStringSubmatch(raw)
	if m == nil {
		return "", false
	}
	word, sep, rest := strings.ToLower(m[1]), m[2], m[3]
	toHTTP, toHTTPS := levenshtein.ComputeDistance(word, "http"), levenshtein.ComputeDistance(word, "https")
	scheme := "http"
	if toHTTPS < toHTTP {
		scheme = "https"
	}
	switch {
	case min(toHTTP, toHTTPS) > 1:
		return "", false // another scheme, or a host ("host:8080")
	case sep == ":" && min(toHTTP, toHTTPS) != 0:
		return "", false // "htp:8080" may be a host and port
	case sep == "://" && m[1] == scheme:
		return "", false // written right
	}
	return scheme + "://" + BracketIPv6(rest), true
}

// BracketIPv6 puts in brackets the IPv6 address that starts rest, a URL
// without its scheme, as a URL needs it: "::1:8123/" gives [::1]:8123/
// (a last group of digits after "::" is taken as the port), "fe80::1"
// [fe80::1]. Anything else is returned as it is.
func BracketIPv6(rest string) string {
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	if strings.Count(authority, ":") < 2 || strings.ContainsAny(authority, "[]@") {
		return rest
	}
	if i := strings.LastIndex(authority, ":"); strings.Contains(authority[:i], "::") && isPort(authority[i+1:]) && net.ParseIP(authority[:i]) != nil {
		return "[" + authority[:i] + "]:" + authority[i+1:] + tail
	}
	if net.ParseIP(authority) != nil {
		return "[" + authority + "]" + tail
	}
	return rest
}

// isPort reports whether s is a port number: 1 to 5 decimal digits.
func isPort(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// URLSuggestion is, for a --watch target that is no directory, the http(s)
// URL it likely meant, as the end of the sentence that refuses it ("like
// http://…"), or "" when it does not look like a URL: a mistyped scheme
// (FixScheme), or no scheme before a host with a port, a loopback host or
// an IP address ("127.0.0.1:18461/", "localhost/portal").
func URLSuggestion(target string) string {
	if fixed, ok := FixScheme(target); ok {
		return "like " + fixed
	}
	if strings.Contains(target, "://") {
		return ""
	}
	rest := BracketIPv6(strings.TrimPrefix(target, "//"))
	authority := rest
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	host := hostOf(rest)
	_, port, err := net.SplitHostPort(authority)
	if (err == nil && isPort(port) && host != "") || isLoopbackHTTPHost(host) || net.ParseIP(host) != nil {
		return SchemeSuggestion(target)
	}
	return ""
}

// hostOf is the host name of a URL written without its scheme
// ("127.0.0.1:8080/path" gives 127.0.0.1, "[::1]:8080" gives ::1).
func hostOf(rest string) string {
	authority := rest
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	if _, after, ok := strings.Cut(authority, "@"); ok {
		authority = after
	}
	if u, err := url.Parse("//" + authority); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return authority
}

// isLoopbackHTTPHost reports whether host is one of the loopback hosts a
// portal may be served from over plain http (bridge.CheckOrigin's:
// 127.0.0.1, localhost and ::1).
func isLoopbackHTTPHost(host string) bool {
	switch strings.ToLower(host) {
	case "127.0.0.1", "localhost", "::1":
		return true
	}
	return false
}
