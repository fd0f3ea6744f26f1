package cli

import (
	"bytes"
	"strings"
	"testing"

	"mpsim/app/internal/matrix"
)

// The summary after the cells says what a run left out, so that a manual
// accessibility policy or a missing recording is not taken for a finding.
func TestPrintCountsSaysWhatWasLeftOut(t *testing.T) {
	for _, tc := range []struct {
		name      string
		res       matrix.Results
		want, not []string
	}{
		{"everything", matrix.Results{}, nil, []string{"--no-inspect", "--no-axe"}},
		{"no inspection", matrix.Results{NoInspect: true}, []string{"not recorded (--no-inspect)"}, []string{"--no-axe"}},
		{"no axe-core", matrix.Results{NoAxe: true}, []string{"axe-core did not run (--no-axe): the accessibility policy is manual"}, []string{"--no-inspect"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			printCounts(&out, tc.res)
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("summary %q lacks %q", out.String(), w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out.String(), n) {
					t.Errorf("summary %q mentions %q", out.String(), n)
				}
			}
		})
	}
}
