package matrix

import (
	"strings"
	"testing"
)

// TestPolicyErrorsGiveTheirLine checks that an unknown policy ID or status
// in expect.policies is reported at the line of policies, inline or as a
// sub-table, not at the scenario's header.
func TestPolicyErrorsGiveTheirLine(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"unknown ID inline", "[[scenario]]\nname = \"a\"\ndemo_choice = \"buy\"\n[scenario.expect]\nverdict = \"pass\"\npolicies = { usability-frame = \"pass\" }\n",
			`s.toml:6: scenario "a": expect.policies: no policy "usability-frame"`},
		{"bad status inline", "[[scenario]]\nname = \"a\"\ndemo_choice = \"buy\"\n[scenario.expect]\npolicies = { usability-frame-size = \"ok\" }\n",
			`s.toml:5: scenario[1].expect.policies.usability-frame-size: value must be one of`},
		{"unknown ID as a sub-table", "[[scenario]]\nname = \"a\"\ndemo_choice = \"buy\"\n[scenario.expect]\nverdict = \"pass\"\n[scenario.expect.policies]\nusability-frame = \"pass\"\n",
			`s.toml:4: scenario "a": expect.policies: no policy "usability-frame"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(t, tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v; want one containing %q", err, tc.want)
			}
		})
	}
}
