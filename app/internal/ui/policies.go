package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/audit"
)

// PoliciesPanel is the Policies tab: the design-policy audit of a session
// (package audit, docs/policies.md) as a list of policies, each with its
// area, a status chip coloured by the theme and the policy's text, and the
// selected policy's evidence and what to look at below. It is used from the
// UI goroutine only.
type PoliciesPanel struct {
	widget.BaseWidget
	all      []audit.Policy // the audit, in the seed's order
	policies []audit.Policy // those the filter shows
	filter   *widget.Select
	summary  *widget.Label
	list     *enterList
	detail   *widget.Label
	content  fyne.CanvasObject
}

// NewPoliciesPanel returns an empty Policies panel; [PoliciesPanel.Set]
// fills it.
func NewPoliciesPanel() *PoliciesPanel {
	p := &PoliciesPanel{}
	p.summary = widget.NewLabel("The design-policy audit of a session appears here after the portal ran.")
	p.summary.Truncation = fyne.TextTruncateEllipsis
	p.detail = widget.NewLabel("Select a policy to see its evidence and what to look at.")
	p.detail.Wrapping = fyne.TextWrapWord
	p.list = newEnterList(func() int { return len(p.policies) }, newPolicyRow, p.updateRow)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(p.policies) {
			p.detail.SetText(policyDetail(p.policies[i]))
		}
	}
	p.filter = widget.NewSelect([]string{policiesAll, policiesProblems, policiesManual}, func(string) { p.apply() })
	p.filter.SetSelected(policiesAll)
	// The list gets three quarters: the detail of a selected policy
	// scrolls, and at 0.6 the list showed 4 of 32 policies.
	split := container.NewVSplit(p.list, container.NewVScroll(p.detail))
	split.Offset = 0.75
	p.content = container.NewBorder(container.NewBorder(nil, nil, p.filter, nil, p.summary), nil, nil, nil, split)
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer implements fyne.Widget.
func (p *PoliciesPanel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.content)
}

// Set shows the policies of one audit (nil clears the panel).
func (p *PoliciesPanel) Set(ps []audit.Policy) {
	p.all = slices.Clone(ps)
	p.summary.SetText(policySummary(ps))
	p.apply()
}

// The filter's choices.
const (
	policiesAll      = "All policies"
	policiesProblems = "Fail and warn"
	policiesManual   = "Manual checks"
)

// apply shows the policies the filter selects, in the seed's order.
func (p *PoliciesPanel) apply() {
	if p.filter == nil {
		return
	}
	p.policies = p.policies[:0]
	for _, pol := range p.all {
		switch p.filter.Selected {
		case policiesProblems:
			if pol.Status != audit.StatusFail && pol.Status != audit.StatusWarn {
				continue
			}
		case policiesManual:
			if pol.Status != audit.StatusManual {
				continue
			}
		}
		p.policies = append(p.policies, pol)
	}
	p.detail.SetText("Select a policy to see its evidence and what to look at.")
	p.list.UnselectAll()
	p.list.Refresh()
}

// newPolicyRow builds one row: status chip, area, text.
func newPolicyRow() fyne.CanvasObject {
	chip := widget.NewLabel("manual")
	chip.TextStyle = fyne.TextStyle{Bold: true}
	area := widget.NewLabel("Accessibility")
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewHBox(chip, area), nil, text)
}

// updateRow fills row i.
func (p *PoliciesPanel) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.policies) {
		return
	}
	pol := p.policies[i]
	c := o.(*fyne.Container)
	text := c.Objects[0].(*widget.Label)
	left := c.Objects[1].(*fyne.Container)
	chip, area := left.Objects[0].(*widget.Label), left.Objects[1].(*widget.Label)
	chip.Text = string(pol.Status)
	setTone(chip, policyImportance(pol.Status))
	area.SetText(pol.Area)
	text.SetText(pol.Text)
}

// policyImportance colours a policy status with the theme's status colours;
// not applicable is dimmed (LowImportance, which setTone draws italic).
func policyImportance(s audit.Status) widget.Importance {
	switch s {
	case audit.StatusPass:
		return widget.SuccessImportance
	case audit.StatusFail:
		return widget.DangerImportance
	case audit.StatusWarn:
		return widget.WarningImportance
	case audit.StatusNA:
		return widget.LowImportance
	}
	return widget.MediumImportance
}

// policySummary counts the statuses, worst first.
func policySummary(ps []audit.Policy) string {
	if len(ps) == 0 {
		return "The design-policy audit of a session appears here after the portal ran."
	}
	sum := audit.Summary(ps)
	var parts []string
	for _, s := range []audit.Status{audit.StatusFail, audit.StatusWarn, audit.StatusManual, audit.StatusPass, audit.StatusNA} {
		if sum[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", sum[s], s))
		}
	}
	return fmt.Sprintf("%s (docs/policies.md): %s.", plural(len(ps), "design policy"), strings.Join(parts, ", "))
}

// policyDetail is the selected policy: identity, text, evidence, look.
func policyDetail(p audit.Policy) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s · %s · %s · %s\n\n%s\n", p.Status, p.Area, p.Level, p.ID, p.Text)
	if len(p.Evidence) > 0 {
		b.WriteString("\nEvidence:\n")
		for _, e := range p.Evidence {
			b.WriteString("• " + e + "\n")
		}
	}
	if p.Look != "" {
		b.WriteString("\nLook: " + p.Look + "\n")
	}
	return b.String()
}
