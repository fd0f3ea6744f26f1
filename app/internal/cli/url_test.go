package cli_test

import (
	"strings"
	"testing"
)

// TestURLPrintsTheHeaders: plain `mpsim url` prints the launch's headers,
// which its help promised and only --json gave (an eSIM download error's
// X-MP-LPAError-* headers were not seen), on standard error, one
// "Name: value" line each: standard output stays the URL alone, for
// url=$(mpsim url) (docs/demo-portal.md).
func TestURLPrintsTheHeaders(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		stderr    []string // lines standard error must have
		noHeaders bool     // --json: the headers are in the JSON, not on standard error
	}{
		{"plain", nil, []string{"Accept-Language: en-US"}, false},
		{"languages", []string{"--lang", "fr-FR,en"}, []string{"Accept-Language: fr-FR,en;q=0.90"}, false},
		{"an eSIM download error", []string{"--preset", "lpa-error-reentry"}, []string{
			"Accept-Language: en-US",
			"X-MP-LPAError-Codes: ServerFailure,ServerNotReachable",
			"X-MP-LPAError-ICCIDs: 8988247000101997790",
			"X-MP-LPAError-TimeStamps: 5/18/2018 11:17:23 PM,5/18/2018 11:27:33 PM",
		}, false},
		{"json", []string{"--preset", "lpa-error-reentry", "--json"}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mpsim(t, t.TempDir(), append([]string{"url", "--seed", "1"}, tc.args...)...)
			if r.code != 0 {
				t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			lines := strings.Split(r.stderr, "\n")
			for _, want := range tc.stderr {
				found := false
				for _, l := range lines {
					found = found || l == want
				}
				if !found {
					t.Errorf("standard error lacks the line %q:\n%s", want, r.stderr)
				}
			}
			if tc.noHeaders {
				if strings.Contains(r.stderr, "Accept-Language:") || !strings.Contains(r.stdout, `"X-MP-LPAError-Codes"`) {
					t.Errorf("--json: the headers belong in the JSON alone\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
				}
				return
			}
			if !strings.HasPrefix(r.stdout, "https://") || strings.Count(r.stdout, "\n") != 1 || !strings.HasSuffix(r.stdout, "\n") {
				t.Errorf("standard output is not the URL alone on one line: %q", r.stdout)
			}
		})
	}
}
