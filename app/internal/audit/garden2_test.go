package audit_test

import (
	"testing"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/simulator/walledgarden"
)

// TestGardenRefusedMatchesTheRules is QA hostile2: the report's check of
// a top-frame hop must take the host the walled garden's rules take, the
// URL's host (never a user name before an '@'), and "*name" or "*.name"
// as the name and its subdomains, not any host ending in the name
// (xsmartscreen.microsoft.com was inside the garden for the report).
func TestGardenRefusedMatchesTheRules(t *testing.T) {
	garden := walledgarden.For("127.0.0.1", "*.allowed.example")
	for url, want := range map[string]bool{
		"http://127.0.0.1:x@evil.example/top":    true,
		"http://login.live.com@evil.example/top": true,
		"http://u:p@127.0.0.1:8080/plans":        false,
		"https://xsmartscreen.microsoft.com/":    true,
		"https://eu.smartscreen.microsoft.com/":  false,
		"https://xallowed.example/":              true,
		"https://allowed.example/":               false,
		"https://a.allowed.example/":             false,
		"https://allowed.example.evil.example/":  true,
	} {
		n := inspect.Navigation{Kind: inspect.NavTopFrame, URL: url}
		if got := audit.GardenRefused(n, garden); got != want {
			t.Errorf("GardenRefused(%s) = %v, want %v", url, got, want)
		}
	}
}
