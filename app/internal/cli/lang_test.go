package cli_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
)

// TestURLLanguagePreferenceLists: --lang and an operator profile's languages
// follow one rule (simulator.ParseLanguageList): q-values set the order and
// q=0 leaves a language out, a language given twice is sent once, at most
// 100 languages; `mpsim url` says what it changed as a warning and sends the
// list WebKit would.
func TestURLLanguagePreferenceLists(t *testing.T) {
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("en-x-t%d", i+1)
	}
	ops := withOperators(t, "[[operator]]\nname = \"Partner IL\"\niccid_prefix = \"8997201\"\nsmdp_address = \"smdp.partner.example\"\n"+
		"markets = [\"IL\"]\nlanguages = [\"ar-IL;q=0.5\", \"he-IL\", \"he-il\"]\n")
	tests := []struct {
		name     string
		dir      string
		args     []string
		want     string   // the Accept-Language sent
		warnings []string // substrings of the warnings, in order
		err      string   // the usage error, when the list cannot be sent
	}{
		{"a list in order", "", []string{"--lang", "fr-FR,fr,en"}, "fr-FR,fr;q=0.90,en;q=0.80", nil, ""},
		{"a pasted header in order", "", []string{"--lang", "fr-FR,fr;q=0.9,en;q=0.8"}, "fr-FR,fr;q=0.90,en;q=0.80", nil, ""},
		{"q-values reorder", "", []string{"--lang", "fr-FR;q=0.5,en"}, "en,fr-FR;q=0.90", []string{"The q-values put the languages in the order en, fr-FR"}, ""},
		{"q=0 is not sent", "", []string{"--lang", "ja;q=0,en"}, "en", []string{"ja has q=0"}, ""},
		{"duplicates are sent once", "", []string{"--lang", "de,de,de"}, "de", []string{"de is given 3 times"}, ""},
		{"a bad q-value", "", []string{"--lang", "fr;q=2"}, "", nil, `the q-value "2" is not a number from 0 to 1`},
		{"too many", "", []string{"--lang", strings.Join(many, ",")}, "", nil, "101 languages; mpsim sends at most 100"},
		{"an operator's languages", ops, []string{"--operator", "Partner IL"}, "he-IL,ar-IL;q=0.90", nil, ""},
		{"a preset's languages", "", []string{"--preset", "french-user"}, "fr-FR,fr;q=0.90,en;q=0.80", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.dir
			if dir == "" {
				dir = t.TempDir()
			}
			r := mpsim(t, dir, append([]string{"url", "--json"}, tc.args...)...)
			if tc.err != "" {
				if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tc.err) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tc.err)
				}
				return
			}
			if r.code != cli.ExitOK {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			var l launchJSON
			if err := json.Unmarshal([]byte(r.stdout), &l); err != nil {
				t.Fatalf("url --json output: %v\n%s", err, r.stdout)
			}
			if got := l.Headers["Accept-Language"]; got != tc.want {
				t.Errorf("Accept-Language %q, want %q", got, tc.want)
			}
			var warnings []string
			for line := range strings.Lines(r.stderr) {
				if w, ok := strings.CutPrefix(strings.TrimSpace(line), "mpsim url: warning: "); ok {
					warnings = append(warnings, w)
				}
			}
			if len(warnings) != len(tc.warnings) {
				t.Fatalf("warnings %q, want %d containing %q", warnings, len(tc.warnings), tc.warnings)
			}
			for i, w := range tc.warnings {
				if !strings.Contains(warnings[i], w) {
					t.Errorf("warning %d = %q, want containing %q", i+1, warnings[i], w)
				}
			}
		})
	}
}
