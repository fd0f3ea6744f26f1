package walledgarden

import (
	"encoding/json"
	"regexp"
	"testing"
)

func TestRules(t *testing.T) {
	hosts := For("127.0.0.1", "Portal.Example", "[::1]", "portal.example")
	if len(hosts) != len(Hosts())+3 {
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
	} {
		if got := allowed(url); got != want {
			t.Errorf("%s allowed %v, want %v", url, got, want)
		}
	}
	if !Contains("EU.smartscreen.microsoft.com", hosts) || Contains("cdn.example", hosts) {
		t.Error("Contains disagrees with the rules")
	}
}
