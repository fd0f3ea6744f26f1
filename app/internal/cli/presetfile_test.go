package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/cli"
	"mpsim/app/internal/workspace"
)

// QA: `mpsim presets` printed "market DE, location ;" for a preset that
// sets only its market (and "market , location DE" for only a location),
// though the launch sends the operator's default for the other: it prints
// what the launch sends, which `mpsim url --preset` confirms.
func TestPresetsPrintWhatAnUnsetMarketOrLocationSends(t *testing.T) {
	dir := t.TempDir()
	custom := filepath.Join(dir, "team.toml")
	body := "[[preset]]\nname = \"only-market\"\nmarket = \"DE\"\n\n[[preset]]\nname = \"only-location\"\nlocation = \"DE\"\n\n" +
		"[[preset]]\nname = \"fabrikam-market\"\noperator = \"Fabrikam\"\nmarket = \"DE\"\n"
	if err := os.WriteFile(custom, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	ops := "[[operator]]\nname = \"Fabrikam\"\niccid_prefix = \"894412\"\nsmdp_address = \"smdp.fabrikam.example\"\nportal_url = \"https://portal.fabrikam.example/\"\nmarkets = [\"GB\"]\n"
	if err := os.WriteFile(filepath.Join(dir, workspace.OperatorsFileName), []byte(ops), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mpsim(t, dir, "--config", custom, "presets")
	if r.code != cli.ExitOK {
		t.Fatalf("presets: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"only-market\n  launch:  market DE, location US (the operator's default);",
		"only-location\n  launch:  market US (the operator's default), location DE;",
		"fabrikam-market\n  launch:  market DE, location GB (the operator's default);",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("presets does not print %q:\n%s", want, r.stdout)
		}
	}
	for preset, want := range map[string][2]string{"only-market": {"DE", "US"}, "only-location": {"US", "DE"}, "fabrikam-market": {"DE", "GB"}} {
		r := mpsim(t, dir, "--config", custom, "url", "--json", "--preset", preset)
		var l launchJSON
		if err := json.Unmarshal([]byte(r.stdout), &l); err != nil {
			t.Fatalf("url --preset %s: %v\n%s%s", preset, err, r.stdout, r.stderr)
		}
		market, _ := l.Param("market")
		location, _ := l.Param("location")
		if market != want[0] || location != want[1] {
			t.Errorf("url --preset %s sends market %q, location %q; presets says %v", preset, market, location, want)
		}
	}
}

// QA: a wrong expect_status in the presets file named the file but no
// line, and every presets error said where it came from twice ("load
// presets: presets: FILE…").
func TestPresetsFileErrorsSaidOnceAtTheirLine(t *testing.T) {
	dir := t.TempDir()
	custom := filepath.Join(dir, "team.toml")
	for _, tc := range []struct{ body, want string }{
		{"[[preset]]\nname = \"a\"\n\nexpect_status = [\"Completed\"]\n", custom + `:4: preset "a": expect_status "Completed" is no moDirectStatus; did you mean "Complete"?`},
		{"[[preset]]\nname = \"a\"\nlanguages = \"fr-FR\"\n", custom + `:3:13: languages: got a TOML string, want an array of strings; write languages = ["fr-FR"]`},
	} {
		if err := os.WriteFile(custom, []byte(tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"presets"}, {"url", "--preset", "a"}} {
			r := mpsim(t, dir, append([]string{"--config", custom}, args...)...)
			if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("%v: exit %d, stderr:\n%s\nwant %q", args, r.code, r.stderr, tc.want)
			}
			if strings.Count(r.stderr, "presets: ") != 1 {
				t.Errorf("%v: stderr says \"presets: \" %d times, want once:\n%s", args, strings.Count(r.stderr, "presets: "), r.stderr)
			}
		}
	}
}
