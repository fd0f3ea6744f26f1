package walledgarden

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

func TestRules(t *testing.T) {
	hosts := For("127.0.0.1", "Portal.Example", "[::1]", "portal.example", "*.allowed.example")
	if len(hosts) != len(Hosts())+4 {
		t.Fatalf("hosts %v: want the documented ones plus 3 (duplicates and case folded)", hosts)
	}
	js, err := Rules(hosts)
	if err != nil {
		t.Fatal(err)
	}
	var rules []struct {
		Trigger struct {
			URLFilter string `json:"url-filter"`
		} `json:"trigger"`
		Action struct {
			Type string `json:"type"`
		} `json:"action"`
	}
	if err := json.Unmarshal([]byte(js), &rules); err != nil {
		t.Fatal(err)
	}
	// Apply the rules the way WebKit does: the last matching rule wins
	// between block and ignore-previous-rules.
	allowed := func(url string) bool {
		ok := true
		for _, r := range rules {
			if regexp.MustCompile(r.Trigger.URLFilter).MatchString(url) {
				ok = r.Action.Type == "ignore-previous-rules"
			}
		}
		return ok
	}
	for url, want := range map[string]bool{
		"https://portal.example/plans":            true,
		"https://portal.example:8443/":            true,
		"http://127.0.0.1:4321/x.png":             true,
		"https://cdn.example/jquery.js":           false,
		"https://portal.example.evil.com/":        false,
		"wss://cdn.example/socket":                false,
		"https://login.live.com/oauth":            true,
		"https://eu.smartscreen.microsoft.com/x":  true,
		"https://smartscreen.microsoft.com.evil/": false,
		"data:text/plain,hello":                   true,
		"http://[::1]:80/":                        true,
		// QA hostile2: a user name is no host.
		"http://portal.example:x@evil.example/img":    false,
		"http://portal.example@evil.example/img":      false,
		"http://portal.example:8080@evil.example/img": false,
		"https://login.live.com:x@evil.example/":      false,
		"ws://portal.example:x@evil.example/ws":       false,
		"http://a.allowed.example:x@evil.example/":    false,
		"http://u:p@portal.example/plans":             true,
		"http://evil.example%2F@portal.example:81/":   true,
		// A leading *. allows the name and its subdomains only.
		"http://xallowed.example/":             false,
		"http://a.allowed.example/":            true,
		"http://a.b.allowed.example:8080/x":    true,
		"http://allowed.example/":              true,
		"http://allowed.example.evil.example/": false,
		"https://xsmartscreen.microsoft.com/":  false,
		"https://smartscreen.microsoft.com/":   true,
		"https://portal.example.:443/":         false,
	} {
		if got := allowed(url); got != want {
			t.Errorf("%s allowed %v, want %v", url, got, want)
		}
	}
	for host, want := range map[string]bool{
		"EU.smartscreen.microsoft.com": true, "smartscreen.microsoft.com": true, "xsmartscreen.microsoft.com": false,
		"cdn.example": false, "a.allowed.example": true, "allowed.example": true, "xallowed.example": false,
		"allowed.example.evil.example": false, "[::1]": true, "portal.example.": false,
	} {
		if got := Contains(host, hosts); got != want {
			t.Errorf("Contains(%q) = %v, want %v", host, got, want)
		}
		if url := "https://" + host + "/"; Contains(host, hosts) != allowed(strings.ToLower(url)) {
			t.Errorf("Contains(%q) disagrees with the rules", host)
		}
	}
}
