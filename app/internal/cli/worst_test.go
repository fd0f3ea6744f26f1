package cli

import (
	"fmt"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// Under mpsim run's verdict line: its errors, then its warnings, each in
// the report's order with the design policies' last and up to a limit, and
// how many more the report has.
func TestPrintWorst(t *testing.T) {
	var fs []bridge.Finding
	add := func(sev bridge.Severity, n int) {
		for i := range n {
			fs = append(fs, bridge.Finding{Code: fmt.Sprintf("%s-%d", sev, i), Severity: sev, Message: "m"})
		}
	}
	add(bridge.SeverityInfo, 2)
	fs = append(fs, bridge.Finding{Code: "policy-business-terms", Severity: bridge.SeverityWarning, Message: "m"})
	add(bridge.SeverityWarning, worstWarnings)
	add(bridge.SeverityError, 2)
	var b strings.Builder
	printWorst(&b, fs)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{"  error   error-0: m", "  error   error-1: m"}
	for i := range worstWarnings {
		want = append(want, fmt.Sprintf("  warning warning-%d: m", i))
	}
	want = append(want, "  … and 3 more in the report")
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("printWorst:\n%s\nwant:\n%s", b.String(), strings.Join(want, "\n"))
	}
	b.Reset()
	printWorst(&b, fs[:2])
	if b.String() != "" {
		t.Errorf("info findings alone: %q, want nothing", b.String())
	}
}

// A --watch run after a change says which errors and warnings went away
// and which came, by code and field, and a verdict that changed.
func TestPrintChanges(t *testing.T) {
	f := func(code, field string, sev bridge.Severity, msg string) bridge.Finding {
		return bridge.Finding{Code: code, Field: field, Severity: sev, Message: msg}
	}
	before := session.Report{Verdict: bridge.VerdictFail, Findings: []bridge.Finding{
		f("enum-missing", "purchaseResult.line", bridge.SeverityError, "tx 1"),
		f("enum-missing", "purchaseResult.userAccount", bridge.SeverityError, "tx 1"),
		f("page-error", "console", bridge.SeverityWarning, "a"),
		f("page-error", "console", bridge.SeverityWarning, "b"),
		f("origin-port", "pageUrl", bridge.SeverityInfo, ""),
	}}
	after := session.Report{Verdict: bridge.VerdictPass, Findings: []bridge.Finding{
		f("page-error", "console", bridge.SeverityWarning, "c"),
		f("api-mistyped", "api", bridge.SeverityWarning, "tx 2"),
	}}
	var b strings.Builder
	printChanges(&b, before, after)
	want := "mpsim run: since the last run: verdict fail → pass; gone 3 (enum-missing [purchaseResult.line], enum-missing [purchaseResult.userAccount], page-error [console]); new 1 (api-mistyped [api])\n"
	if b.String() != want {
		t.Errorf("printChanges:\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	after.Verdict, after.Findings = before.Verdict, append([]bridge.Finding(nil), before.Findings...)
	after.Findings[0].Message = "tx 2" // the same finding of another run
	printChanges(&b, before, after)
	if want := "mpsim run: since the last run: the same verdict and errors and warnings\n"; b.String() != want {
		t.Errorf("printChanges, nothing changed: %q, want %q", b.String(), want)
	}
}
