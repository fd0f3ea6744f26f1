// Package walledgarden is the Mobile Plans walled garden (contract §7): the
// hosts a device without a data plan may reach, and the WebKit content
// filter that keeps a portal window to them. It imports nothing of mpsim's
// and nothing outside the standard library, so the portal window process
// links it without the rest of the simulator.
package walledgarden

import (
	"encoding/json"
	"regexp"
	"strings"
)

// Hosts are the hosts the Mobile Plans walled garden documents
// as reachable without a plan (contract §7: host names only, no IP ranges;
// a leading "*" or "*." allows the rest and its subdomains, see Contains). The operator's portal
// and GetBalance hosts, its notification hosts and its allowed_hosts are
// added per session (For).
func Hosts() []string {
	return []string{
		"ctldl.windowsupdate.com", "cdp1.public-trust.com", "ocsp.omniroot.com", "vassg142.ocsp.omniroot.com",
		"vassg142.crl.omniroot.com", "mscrl.microsoft.com", "crl.microsoft.com", "www.msftconnecttest.com",
		"crl3.digicert.com", "ocsp.digicert.com", "login.live.com", "storagetos.datamart.windows.com",
		"mps.datamart.windows.com", "staging.datamart.windows.com", "*smartscreen.microsoft.com",
	}
}

// For returns the hosts one session may reach in the walled garden:
// the documented ones and extra (the portal's host, notification hosts, the
// operator's allowed hosts, hosts the user adds), lower-cased, without
// duplicates, IPv6 brackets removed.
func For(extra ...string) []string {
	seen := map[string]bool{}
	var out []string
	for _, h := range append(Hosts(), extra...) {
		h = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(h), "["), "]"))
		if h != "" && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// Rules is the WebKit content-blocker rule list (the JSON format
// of WebKit content extensions) that blocks every http(s) and ws(s) load to
// a host outside hosts. WebKit's rule language has no alternation, so each
// host gets its own ignore-previous-rules rule.
func Rules(hosts []string) (string, error) {
	type trigger struct {
		URLFilter string `json:"url-filter"`
	}
	type action struct {
		Type string `json:"type"`
	}
	type rule struct {
		Trigger trigger `json:"trigger"`
		Action  action  `json:"action"`
	}
	rules := []rule{
		{trigger{"^https?://"}, action{"block"}},
		{trigger{"^wss?://"}, action{"block"}},
	}
	for _, h := range hosts {
		rules = append(rules, rule{trigger{hostFilter(h)}, action{"ignore-previous-rules"}})
	}
	b, err := json.Marshal(rules)
	return string(b), err
}

// hostFilter is the url-filter that matches URLs of host, with or without
// a port, and of no other host. WebKit matches the url-filter against the
// canonical URL (scheme and host lower-cased, a path of at least "/", a
// user name and password kept, an '@', '/', '?' or '#' in them
// percent-encoded), so the host is what follows "://" and an optional
// user information ending in the only '@' before the path; after it come
// only a port's digits and the path. Until 2026-12-06 the filter was
// "^[a-z]+://HOST[:/?#]", which a user name matched: http://portal:x@evil/
// loaded evil (QA hostile2). A leading "*" (or "*.") allows host and its
// subdomains: a dot must come before the rest, so *.allowed.example does
// not allow xallowed.example (until 2026-12-06 it did). WebKit's rule
// language has no alternation but has groups and "?" (e2e
// TestE2EGarden2UserinfoIsNoHost and TestE2EGarden2WildcardNeedsADot
// check the rules in WebKit).
func hostFilter(host string) string {
	sub := ""
	if strings.HasPrefix(host, "*") {
		host = strings.TrimLeft(host, "*.")
		sub = "([^/?#@]*\\.)?"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6 literals are bracketed in URLs
	}
	return "^[a-z]+://([^/?#@]*@)?" + sub + regexp.QuoteMeta(host) + "(:[0-9]+)?[/?#]"
}

// Contains reports whether host (a URL's Hostname, never a prefix of the
// raw URL) is one of hosts, as the rules match it: a host equal to one, or,
// for one with a leading "*" or "*.", equal to the rest or ending in a dot
// and the rest.
func Contains(host string, hosts []string) bool {
	host = strings.ToLower(strings.Trim(host, "[]"))
	for _, h := range hosts {
		if strings.HasPrefix(h, "*") {
			rest := strings.TrimLeft(h, "*.")
			if rest != "" && (host == rest || strings.HasSuffix(host, "."+rest)) {
				return true
			}
		} else if host == h {
			return true
		}
	}
	return false
}
