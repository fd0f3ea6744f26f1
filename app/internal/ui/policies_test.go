package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/audit"
)

func TestPoliciesPanel(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	p := NewPoliciesPanel()
	w := test.NewWindow(p)
	defer w.Close()
	w.Resize(fyne.NewSize(900, 600)) // rows render, so updateRow runs
	ps := []audit.Policy{
		{ID: "security-https", Area: audit.AreaSecurity, Text: "Use HTTPS.", Level: audit.LevelRequired, Status: audit.StatusFail,
			Evidence: []string{"request #3 GET over plain http: http://cdn.example/a.js"}, Look: "Serve everything over https."},
		{ID: "usability-brand", Area: audit.AreaUsability, Text: "Brand colours.", Level: audit.LevelRecommended, Status: audit.StatusManual},
	}
	p.Set(ps)
	w.Canvas().Refresh(p)
	test.AssertRendersToMarkup(t, "policies_panel.xml", w.Canvas())
	if n := p.list.Length(); n != 2 {
		t.Fatalf("list has %d rows", n)
	}
	if got := p.summary.Text; !strings.Contains(got, "2 design policies") || !strings.Contains(got, "1 fail, 1 manual") {
		t.Errorf("summary %q", got)
	}
	p.list.Select(0)
	for _, want := range []string{"fail · Security · required · security-https", "http://cdn.example/a.js", "Look: Serve everything over https."} {
		if !strings.Contains(p.detail.Text, want) {
			t.Errorf("detail lacks %q:\n%s", want, p.detail.Text)
		}
	}
	for _, c := range []struct {
		s    audit.Status
		want widget.Importance
	}{{audit.StatusPass, widget.SuccessImportance}, {audit.StatusFail, widget.DangerImportance}, {audit.StatusWarn, widget.WarningImportance}, {audit.StatusManual, widget.MediumImportance}} {
		if got := policyImportance(c.s); got != c.want {
			t.Errorf("%s: importance %v", c.s, got)
		}
	}
	for _, c := range []struct {
		filter string
		want   []string
	}{{policiesProblems, []string{"security-https"}}, {policiesManual, []string{"usability-brand"}}, {policiesAll, []string{"security-https", "usability-brand"}}} {
		p.filter.SetSelected(c.filter)
		var got []string
		for _, pol := range p.policies {
			got = append(got, pol.ID)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("filter %q shows %v, want %v", c.filter, got, c.want)
		}
	}
	p.Set(nil)
	if p.list.Length() != 0 || !strings.Contains(p.summary.Text, "appears here") {
		t.Error("Set(nil) did not clear the panel")
	}
}
