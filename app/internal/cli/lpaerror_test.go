package cli_test

import (
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/simulator"
)

// TestDeviceLPAErrorChecksTheICCID: mpsim device lpa-error --iccid refuses
// an ICCID that mpsim device show would call a problem (exit 2, nothing
// recorded), and records one with a bad check digit with a warning, as
// device show only warns about it (contract §5 #17). Until 2026-12-06
// --iccid 123 was recorded without a word, and device show then exited 1.
func TestDeviceLPAErrorChecksTheICCID(t *testing.T) {
	tests := []struct {
		iccid    string
		wantCode int
		stderr   string // what standard error must say
	}{
		{"", cli.ExitUsage, "--iccid is empty"}, // a script's unset variable: it recorded a new ICCID
		{"123", cli.ExitUsage, "--iccid: ICCID"},
		{"89882470001000033", cli.ExitUsage, "want 19 or 20"},
		{"8988247000100003319F", cli.ExitOK, ""},
		{"8900000000000000001", cli.ExitOK, "recorded all the same"},
		{"8988247000100003319", cli.ExitOK, ""},
	}
	for _, tc := range tests {
		t.Run(tc.iccid, func(t *testing.T) {
			dir := t.TempDir()
			r := mpsim(t, dir, "device", "lpa-error", "--code", "ServerFailure", "--iccid", tc.iccid)
			if r.code != tc.wantCode {
				t.Fatalf("exit %d, want %d\n%s", r.code, tc.wantCode, r.stderr)
			}
			if tc.stderr != "" && !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr %q, want it to say %q", r.stderr, tc.stderr)
			}
			l := urlJSON(t, dir)
			got := l.Headers[simulator.HeaderLPAErrorICCIDs]
			if tc.wantCode != cli.ExitOK {
				if got != "" {
					t.Errorf("a refused ICCID was recorded: X-MP-LPAError-ICCIDs %q", got)
				}
				return
			}
			if got != simulator.StripICCIDPadding(tc.iccid) {
				t.Errorf("X-MP-LPAError-ICCIDs %q, want %q", got, simulator.StripICCIDPadding(tc.iccid))
			}
			// device show calls nothing recorded here a problem.
			if r := mpsim(t, dir, "device", "show"); r.code != cli.ExitOK {
				t.Errorf("device show: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}
