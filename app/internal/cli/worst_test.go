package cli

import (
	"fmt"
	"strings"
	"testing"

	"mpsim/bridge"
)

// Under mpsim run's verdict line: its errors, then its warnings, each in
// the report's order and up to a limit, and how many more the report has.
func TestPrintWorst(t *testing.T) {
	var fs []bridge.Finding
	add := func(sev bridge.Severity, n int) {
		for i := range n {
			fs = append(fs, bridge.Finding{Code: fmt.Sprintf("%s-%d", sev, i), Severity: sev, Message: "m"})
		}
	}
	add(bridge.SeverityInfo, 2)
	add(bridge.SeverityWarning, worstWarnings+1)
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
