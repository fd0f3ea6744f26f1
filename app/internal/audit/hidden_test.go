package audit

import (
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
)

// The warning of a control found only hidden counts distinct controls: the
// hand-back's probe of a single-page portal sees the first page's hidden
// control again, and "… and 1 more" read as a second hidden element (QA).
func TestHiddenSummaryCountsDistinctControls(t *testing.T) {
	const terms, other = `a#terms "Terms of service"`, `a#cgv "Conditions"`
	hidden := func(controls ...string) []inspect.ProbeHidden {
		var hs []inspect.ProbeHidden
		for _, c := range controls {
			hs = append(hs, inspect.ProbeHidden{Kind: "terms", Control: c, Why: "off-screen at x=-10000, y=0"})
		}
		return hs
	}
	for _, c := range []struct {
		name                 string
		firstPaint, handBack []inspect.ProbeHidden
		want                 string
	}{
		{"the same control in both probes", hidden(terms), hidden(terms),
			`; found but not visible: a#terms "Terms of service" (off-screen at x=-10000, y=0)`},
		{"in one probe only", nil, hidden(terms),
			`; found but not visible: a#terms "Terms of service" (off-screen at x=-10000, y=0)`},
		{"twice in one probe", hidden(terms, terms), nil,
			`; found but not visible: a#terms "Terms of service" (off-screen at x=-10000, y=0)`},
		{"two controls, one of them in both probes", hidden(terms), hidden(terms, other),
			`; found but not visible: a#terms "Terms of service" (off-screen at x=-10000, y=0) and 1 more`},
		{"two controls, one per probe", hidden(terms), hidden(other),
			`; found but not visible: a#terms "Terms of service" (off-screen at x=-10000, y=0) and 1 more`},
		{"another kind only", []inspect.ProbeHidden{{Kind: "cancel", Control: `button "Cancel"`, Why: "visibility: hidden"}}, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := []inspect.Probe{{Label: "first-paint", Hidden: c.firstPaint}, {Label: "handback", Hidden: c.handBack}}
			if got := hiddenSummary(ps, "terms"); got != c.want {
				t.Errorf("hiddenSummary\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

// Each policy that names hidden controls says "and N more" only for other
// controls than the first; the per-probe notes still name each sighting.
func TestHiddenControlSeenTwiceIsOne(t *testing.T) {
	for _, c := range []struct{ id, kind, control string }{
		{"business-terms", "terms", `a#terms "Terms of service"`},
		{"business-support", "support", `text "Contact support 1-800-555-1234"`},
		{"business-privacy", "privacy", `a#privacy "Privacy policy"`},
		{"usability-cancel", "cancel", `button "Cancel"`},
		{"usability-back-forward", "back", `button#back "Back"`},
	} {
		t.Run(c.id, func(t *testing.T) {
			in := good()
			hide(c.kind, c.control, "off-screen at x=-10000, y=0")(&in)
			p := find(t, Evaluate(in), c.id)
			got := strings.Join(p.Evidence, "\n")
			if strings.Contains(got, "more") || !strings.Contains(p.Evidence[0], "found but not visible: "+c.control+" (off-screen at x=-10000, y=0)") {
				t.Errorf("evidence %q: want the one hidden control named once, with no \"and 1 more\"", p.Evidence)
			}
			for _, label := range []string{"first-paint", "handback"} {
				if !strings.Contains(got, label+" (https://portal.example/mp): found but not visible: "+c.control) {
					t.Errorf("evidence %q: no note of the %s probe's sighting", p.Evidence, label)
				}
			}
		})
	}
}
