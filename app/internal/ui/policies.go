package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
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
	// split holds the list over the detail; fitSplit gives the detail the
	// height the list's rows do not need.
	split   *container.Split
	rowH    float32 // a row's height, measured once
	content fyne.CanvasObject
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
	// A Select is as wide as its placeholder, never shown here (a filter
	// is always selected): as wide as the longest choice, which showed as
	// "Fail and wa…" (found by GUI QA).
	p.filter.PlaceHolder = longest(p.filter.Options)
	p.filter.SetSelected(policiesAll)
	// The list gets at most three quarters (fitSplit): the detail of a
	// selected policy scrolls, and at 0.6 the list showed 4 of 32
	// policies.
	p.split = container.NewVSplit(p.list, container.NewVScroll(p.detail))
	p.split.Offset = policiesListShare
	// Tab goes as the eye does (visualBorder): the filter, then the list;
	// and the tab's first control (Alt+7) is the filter.
	p.content = visualBorder(visualBorder(nil, nil, p.filter, nil, p.summary), nil, nil, nil, p.split)
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer implements fyne.Widget.
func (p *PoliciesPanel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.content)
}

// parts implements holder: the panel's content, which the keyboard's
// ways around the window look into (children).
func (p *PoliciesPanel) parts() []fyne.CanvasObject { return []fyne.CanvasObject{p.content} }

// policiesListShare is the most of the panel's height the list gets.
const policiesListShare = 0.75

// Resize implements fyne.CanvasObject: the split is fitted to the new
// height.
func (p *PoliciesPanel) Resize(size fyne.Size) {
	p.BaseWidget.Resize(size)
	p.fitSplit()
}

// fitSplit gives the list the height of its rows, at most three quarters
// of the split, and the detail the rest: with a filter that left one row,
// the list kept three quarters, mostly empty, and the evidence of that row
// needed scrolling (found by GUI QA at 1240x660).
func (p *PoliciesPanel) fitSplit() {
	if p.split == nil {
		return // being built
	}
	h := p.split.Size().Height
	if h <= 0 {
		return
	}
	if p.rowH == 0 {
		p.rowH = newPolicyRow().MinSize().Height
	}
	n := float32(max(len(p.policies), 1))
	sep := theme.Padding() // the list's space between rows
	need := n*(p.rowH+sep) + theme.SeparatorThicknessSize()
	offset := min(float64(need/h), policiesListShare)
	if offset != p.split.Offset {
		p.split.SetOffset(offset)
	}
}

// longest is the longest of texts (in characters).
func longest(texts []string) string {
	out := ""
	for _, t := range texts {
		if len([]rune(t)) > len([]rune(out)) {
			out = t
		}
	}
	return out
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
	p.fitSplit()
}

// policyStatuses are the statuses a row can show, for its status column.
var policyStatuses = []string{
	string(audit.StatusPass), string(audit.StatusFail), string(audit.StatusWarn),
	string(audit.StatusManual), string(audit.StatusNA),
}

// policyAreas are the areas a row can show, for its area column.
var policyAreas = []string{
	audit.AreaBusiness, audit.AreaSecurity, audit.AreaAdvertising, audit.AreaCapabilities,
	audit.AreaUsability, audit.AreaLocalization, audit.AreaAccessibility,
}

// newPolicyRow builds one row: status chip, area, text, the status and the
// area in columns as wide as their widest word, so that every row's text
// starts at the same x, as the live log's do (logKindWidth). Before, it
// started after the words of its row (found by GUI QA).
func newPolicyRow() fyne.CanvasObject {
	chip := widget.NewLabel("manual")
	chip.TextStyle = fyne.TextStyle{Bold: true}
	area := widget.NewLabel("Accessibility")
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	left := container.NewHBox(
		container.New(fixedColumn{texts: policyStatuses, style: chip.TextStyle}, chip),
		container.New(fixedColumn{texts: policyAreas}, area))
	return container.NewBorder(nil, nil, left, nil, text)
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
	chip := left.Objects[0].(*fyne.Container).Objects[0].(*widget.Label)
	area := left.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
	chip.Text = string(pol.Status)
	setTone(chip, policyImportance(pol.Status))
	area.SetText(pol.Area)
	text.SetText(pol.Text)
}

// fixedColumn lays out a label at least as wide as the widest of texts
// would make it (drawn in style at the theme's text size, measured at each
// layout: presenter mode enlarges the text), so that a column of rows
// lines up whatever each row says. Only style is measured: the one status
// drawn italic (n/a, setTone) is narrower than the widest in bold, which
// TestPolicyStatusColumnHoldsItalic checks, and measuring bold italic
// loaded a font face nothing else draws: 13 MB more in the host from its
// start (make bench, PSS detail).
type fixedColumn struct {
	texts []string
	style fyne.TextStyle
}

// Layout implements fyne.Layout.
func (fixedColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout: the label's, widened to the widest text.
func (l fixedColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var out fyne.Size
	for _, o := range objects {
		out = out.Max(o.MinSize())
	}
	for _, t := range l.texts {
		out.Width = max(out.Width, fyne.MeasureText(t, theme.TextSize(), l.style).Width+2*theme.InnerPadding())
	}
	return out
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
