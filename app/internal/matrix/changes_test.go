package matrix

import (
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

func TestChanges(t *testing.T) {
	run := func(cells ...CellResult) Results { return Results{Cells: cells} }
	cell := func(id string, s Status) CellResult { return CellResult{Cell: Cell{ID: id}, Status: s} }
	// unmet is a cell not met with these unmet checks ("name=got") and
	// error finding codes.
	unmet := func(id string, checks []string, codes ...string) CellResult {
		c := cell(id, StatusUnmet)
		for _, ch := range checks {
			name, got, _ := strings.Cut(ch, "=")
			c.Checks = append(c.Checks, Check{Name: name, Want: "x", Got: got})
		}
		c.Report = &session.Report{}
		for _, code := range codes {
			c.Report.Findings = append(c.Report.Findings, bridge.Finding{Code: code, Severity: bridge.SeverityError})
		}
		c.Report.Findings = append(c.Report.Findings, bridge.Finding{Code: "transaction-id-missing", Severity: bridge.SeverityWarning})
		return c
	}
	verdict := []string{"verdict=fail"}
	tests := []struct {
		name          string
		before, after Results
		want          string
	}{
		{"the same", run(cell("a", StatusMet), cell("b", StatusUnmet)), run(cell("a", StatusMet), cell("b", StatusUnmet)),
			"nothing changed in the outcomes of the 2 cells"},
		{"fixed and broken", run(cell("a", StatusMet), cell("b", StatusUnmet), cell("c", StatusMet)),
			run(cell("a", StatusUnmet), cell("b", StatusMet), cell("c", StatusMet)),
			"2 of 3 cells changed: a met → not met; b not met → met"},
		{"new and gone", run(cell("a", StatusMet), cell("old", StatusMet)), run(cell("a", StatusMet), cell("new", StatusError)),
			"1 of 2 cells changed: new new, could not run; old gone"},
		{"a scenario file fixed", run(cell("a.toml", StatusError)), run(cell("buy/esim/en-US", StatusMet)),
			"1 of 1 cells changed: a.toml gone; buy/esim/en-US new, met"},
		{"only gone", run(cell("a", StatusMet), cell("b", StatusMet)), run(cell("a", StatusMet)),
			"nothing changed in the outcomes of the 1 cells; b gone"},
		{"interrupted", run(cell("a", StatusMet)), run(cell("a", StatusSkipped)), "1 of 1 cells changed: a met → skipped"},
		{"failing differently: the findings", run(unmet("buy/esim/en-US", verdict, "activation-code-missing")),
			run(unmet("buy/esim/en-US", verdict, "enum-unknown")),
			"1 of 1 cells changed: buy/esim/en-US still not met, but differently: gone 1 (activation-code-missing); new 1 (enum-unknown)"},
		{"failing differently: a check's got", run(unmet("a", []string{"verdict=fail", "moDirectStatus=PurchaseFailed"}, "enum-unknown")),
			run(unmet("a", []string{"verdict=fail", "moDirectStatus=no decodable hand-back (json-malformed)"}, "json-malformed")),
			"1 of 1 cells changed: a still not met, but differently: gone 2 (moDirectStatus: got PurchaseFailed, enum-unknown); new 2 (moDirectStatus: got no decodable hand-back (json-malformed), json-malformed)"},
		{"failing the same, another duration and warnings", run(unmet("a", []string{"verdict=fail", "duration=1.2s"}, "enum-unknown", "enum-unknown")),
			run(unmet("a", []string{"verdict=fail", "duration=1.3s"}, "enum-unknown")),
			"nothing changed in the outcomes of the 1 cells"},
	}
	for _, tt := range tests {
		if got := ChangesText(Changes(tt.before, tt.after), len(tt.after.Cells)); got != tt.want {
			t.Errorf("%s: %q\n want %q", tt.name, got, tt.want)
		}
	}
}
