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

// QA simfix: `device lpa-error` recorded a Contoso profile's failure, and
// `url --operator Fabrikam` then carried it, Contoso's ICCID and all (and
// a Fabrikam session used it up). The headers go to the portal of the
// operator whose profile failed only; --operator records another's.
func TestDeviceLPAErrorGoesToItsOperatorOnly(t *testing.T) {
	dir := withOperators(t, fabrikamProfile)
	if r := mpsim(t, dir, "device", "lpa-error", "--code", "CardBusy"); r.code != cli.ExitOK || !strings.Contains(r.stdout, "the next launch of Contoso Mobile's portal carries") {
		t.Fatalf("lpa-error: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if h := urlJSON(t, dir, "--operator", "Fabrikam").Headers; h[simulator.HeaderLPAErrorCodes] != "" || h[simulator.HeaderLPAErrorICCIDs] != "" {
		t.Errorf("Fabrikam's launch carries Contoso's failed download: %v", h)
	}
	contoso := urlJSON(t, dir).Headers
	if contoso[simulator.HeaderLPAErrorCodes] != "CardBusy" || !strings.HasPrefix(contoso[simulator.HeaderLPAErrorICCIDs], "898824") {
		t.Errorf("Contoso's launch headers %v, want its CardBusy", contoso)
	}
	// serverNotReachable as --activation-result writes it.
	if r := mpsim(t, dir, "device", "lpa-error", "--operator", "Fabrikam", "--code", "serverNotReachable"); r.code != cli.ExitOK {
		t.Fatalf("lpa-error --operator Fabrikam: exit %d\n%s", r.code, r.stderr)
	}
	fabrikam := urlJSON(t, dir, "--operator", "Fabrikam").Headers
	if fabrikam[simulator.HeaderLPAErrorCodes] != "ServerNotReachable" || !strings.HasPrefix(fabrikam[simulator.HeaderLPAErrorICCIDs], "894412") {
		t.Errorf("Fabrikam's launch headers %v, want its ServerNotReachable", fabrikam)
	}
	if h := urlJSON(t, dir).Headers; h[simulator.HeaderLPAErrorCodes] != "CardBusy" {
		t.Errorf("Contoso's launch headers %v, want its CardBusy only", h)
	}
	show := mpsim(t, dir, "device", "show")
	for _, want := range []string{"CardBusy", "on the next launch of Contoso Mobile's portal only", "ServerNotReachable", "on the next launch of Fabrikam's portal only"} {
		if !strings.Contains(show.stdout, want) {
			t.Errorf("device show does not say %q:\n%s", want, show.stdout)
		}
	}
	if r := mpsim(t, dir, "device", "lpa-error", "--code", "ServerNotReachble"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "did you mean ServerNotReachable?") {
		t.Errorf("a mistyped --code: exit %d\n%s", r.code, r.stderr)
	}
}
