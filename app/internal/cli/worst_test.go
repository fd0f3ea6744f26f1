package cli

import (
	"fmt"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// Under mpsim run's verdict line: its errors, then its warnings, each in
// the report's order with the design policies and the loopback http note
// last (the page's own problems first) and up to a limit, and
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
	fs = append(fs, bridge.Finding{Code: bridge.CodeOriginLoopbackHTTP, Severity: bridge.SeverityWarning, Message: "m"})
	add(bridge.SeverityWarning, worstWarnings)
	add(bridge.SeverityError, 2)
	var b strings.Builder
	printWorst(&b, fs)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{"  error   error-0: m", "  error   error-1: m"}
	for i := range worstWarnings {
		want = append(want, fmt.Sprintf("  warning warning-%d: m", i))
	}
	want = append(want, "  … and 4 more in the report")
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("printWorst:\n%s\nwant:\n%s", b.String(), strings.Join(want, "\n"))
	}
	b.Reset()
	printWorst(&b, fs[:2])
	if b.String() != "" {
		t.Errorf("info findings alone: %q, want nothing", b.String())
	}
}

// A --watch run after a change says what it did on one line.
func TestPrintChanges(t *testing.T) {
	var b strings.Builder
	printChanges(&b, session.Report{Verdict: bridge.VerdictFail}, session.Report{Verdict: bridge.VerdictPass})
	if want := "mpsim run: since the last run: verdict fail → pass; gone none; new none\n"; b.String() != want {
		t.Errorf("printChanges: %q, want %q", b.String(), want)
	}
}
