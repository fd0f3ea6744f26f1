package session

import (
	"testing"

	"mpsim/bridge"
)

// What a change did: the errors and warnings that went and came, by code
// and field, and a verdict that changed; the same findings of another run
// are no change.
func TestChanges(t *testing.T) {
	f := func(code, field string, sev bridge.Severity, msg string) bridge.Finding {
		return bridge.Finding{Code: code, Field: field, Severity: sev, Message: msg}
	}
	before := Report{Verdict: bridge.VerdictFail, Findings: []bridge.Finding{
		f("enum-missing", "purchaseResult.line", bridge.SeverityError, "tx 1"),
		f("enum-missing", "purchaseResult.userAccount", bridge.SeverityError, "tx 1"),
		f("page-error", "console", bridge.SeverityWarning, "a"),
		f("page-error", "console", bridge.SeverityWarning, "b"),
		f("origin-port", "pageUrl", bridge.SeverityInfo, ""),
	}}
	after := Report{Verdict: bridge.VerdictPass, Findings: []bridge.Finding{
		f("page-error", "console", bridge.SeverityWarning, "c"),
		f("api-mistyped", "api", bridge.SeverityWarning, "tx 2"),
	}}
	if got, want := Changes(before, after).Short(), "verdict fail → pass; 3 gone, 1 new"; got != want {
		t.Errorf("Short: %q, want %q", got, want)
	}
	want := "verdict fail → pass; gone 3 (enum-missing [purchaseResult.line], enum-missing [purchaseResult.userAccount], page-error [console]); new 1 (api-mistyped [api])"
	if got := Changes(before, after).String(); got != want {
		t.Errorf("Changes:\n%q\nwant\n%q", got, want)
	}
	after.Verdict, after.Findings = before.Verdict, append([]bridge.Finding(nil), before.Findings...)
	after.Findings[0].Message = "tx 2" // the same finding of another run
	if got, want := Changes(before, after).String(), "the same verdict and errors and warnings"; got != want {
		t.Errorf("Changes, nothing changed: %q, want %q", got, want)
	}
}
