package audit

import (
	"fmt"
	"strings"

	"mpsim/app/internal/inspect"
)

// impacts are axe-core's impact levels, worst first.
var impacts = [...]string{"critical", "serious", "moderate", "minor"}

// checkAccessibility reads axe-core's results: serious or critical
// violations warn (the policy is recommended), none passes (axe-core finds
// only part of the problems, so Look stays), no result is manual.
func checkAccessibility(f *facts, o *outcome) {
	ran := 0
	for _, p := range f.probes() {
		if p.Accessibility == nil {
			continue
		}
		ran++
		axeProbe(o, p)
	}
	if ran == 0 {
		o.manual()
		if f.in.NoAxe {
			o.note("axe-core was left out of this session (--no-axe, or no_axe in its scenario)")
		} else {
			o.note("axe-core did not run in this session")
		}
		return
	}
	o.look = "axe-core finds only part of the problems: also use the flow with the keyboard alone and a screen reader, at 200% zoom."
}

// axeProbe records one probe's axe-core result, worst impact first.
func axeProbe(o *outcome, p inspect.Probe) {
	a := p.Accessibility
	by := map[string]int{}
	for _, v := range a.Violations {
		by[v.Impact]++
	}
	var sum []string
	for _, imp := range impacts {
		if by[imp] > 0 {
			sum = append(sum, fmt.Sprintf("%d %s", by[imp], imp))
		}
	}
	reused := ""
	if a.ReusedFrom != "" {
		reused = fmt.Sprintf(" (the %s probe's run: the page had not changed since)", a.ReusedFrom)
	}
	if len(sum) == 0 {
		o.note("%s: axe-core %s, no violation (%d rules passed, %d to review)%s", probeLabel(p), a.Version, a.Passes, a.Incomplete, reused)
		return
	}
	o.note("%s: axe-core %s, violations: %s%s", probeLabel(p), a.Version, strings.Join(sum, ", "), reused)
	for _, imp := range impacts {
		for _, v := range a.Violations {
			if v.Impact != imp {
				continue
			}
			line := fmt.Sprintf("%s: %s %s (%s), %d elements: %s", probeLabel(p), v.Impact, v.ID, v.Help, v.Nodes, strings.Join(v.Targets, ", "))
			if imp == "critical" || imp == "serious" {
				o.warn("%s", line)
			} else {
				o.note("%s", line)
			}
		}
	}
}
