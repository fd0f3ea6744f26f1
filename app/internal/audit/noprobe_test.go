package audit

import (
	"slices"
	"testing"

	"mpsim/app/internal/inspect"
)

// Every policy whose check judges the probed pages is manual when no probe
// read a page, with one evidence line that says why (after the notes the
// check made before it looked for probes) and the policy's own Look.
func TestNoProbeIsManual(t *testing.T) {
	looks := map[string]string{}
	for _, r := range policyRules() {
		looks[r.id] = r.look
	}
	for _, tc := range []struct {
		name   string
		probes []inspect.Probe
		note   string
	}{
		{"no probe", nil, "no DOM probe in this session"},
		{"probes that did not finish", []inspect.Probe{
			{Label: "first-paint", Error: "timed out"},
			{Label: "handback", Error: "the window closed"},
		}, "no DOM probe read the page (first-paint: timed out; handback: the window closed)"},
	} {
		in := good()
		in.Probes = tc.probes
		ps := Evaluate(in)
		for _, c := range []struct {
			id     string
			before int // evidence lines the check notes before it looks for probes
		}{
			{"business-terms", 0},
			{"business-support", 0},
			{"business-privacy", 0},
			{"security-https-resources", 0},
			{"usability-frame-size", 0},
			{"usability-no-window-buttons", 0},
			{"usability-clutter", 0},
			{"usability-cancel", 0},
			{"localization-locale", 2},
		} {
			p := find(t, ps, c.id)
			if p.Status != StatusManual || len(p.Evidence) != c.before+1 || p.Evidence[c.before] != tc.note || slices.Contains(p.Evidence[:c.before], tc.note) {
				t.Errorf("%s, %s: status %s, evidence %q; want manual, %d lines then %q", tc.name, c.id, p.Status, p.Evidence, c.before, tc.note)
			}
			if p.Look != looks[c.id] {
				t.Errorf("%s, %s: look %q, want the policy's own %q", tc.name, c.id, p.Look, looks[c.id])
			}
		}
	}
}
