package cli_test

import (
	"strings"
	"testing"
)

// TestParamDoublingAParameterWarns: --param with a name the launch has
// already (market) doubled it in the URL without a word, where the
// developer most likely meant --market. --param still appends, as
// documented (docs/scenarios.md: duplicate names on purpose make negative
// launches), and now warns, naming the flag that changes the value.
func TestParamDoublingAParameterWarns(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		warn    []string // what standard error must say; nil: no --param warning
		markets int      // how often the URL carries market= (url only)
	}{
		{"a documented parameter", []string{"url", "--param", "market=FR"}, 0,
			[]string{`mpsim url: warning: --param market=FR: the launch has market already ("US"), so the URL carries it twice`, "give --market FR instead"}, 2},
		{"twice", []string{"url", "--param", "market=FR", "--param", "market=DE"}, 0, []string{"--param market=FR:", "carries it 3 times"}, 3},
		{"a device's parameter: no flag to name", []string{"url", "--sim", "esim", "--param", "eid=1"}, 0, []string{"--param eid=1: the launch has eid already"}, 1},
		{"a new parameter", []string{"url", "--param", "campaign=spring"}, 0, nil, 1},
		{"the same name in another case", []string{"url", "--param", "Market=FR"}, 0, nil, 1},
		{"a preset's own duplicate", []string{"url", "--preset", "duplicate-parameters"}, 0, nil, 2},
		{"run, before the display", []string{"run", "--param", "transactionId=abc"}, 2, []string{"mpsim run: warning: --param transactionId=abc:", "give --transaction-id abc instead"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mpsim(t, t.TempDir(), append(tc.args, "--seed", "1")...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, want := range tc.warn {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("standard error lacks %q:\n%s", want, r.stderr)
				}
			}
			if tc.warn == nil && strings.Contains(r.stderr, "--param") {
				t.Errorf("a warning about --param:\n%s", r.stderr)
			}
			if tc.args[0] == "url" {
				if n := strings.Count(r.stdout, "market="); n != tc.markets {
					t.Errorf("the URL carries market %d times, want %d: %s", n, tc.markets, r.stdout)
				}
			}
		})
	}
}
