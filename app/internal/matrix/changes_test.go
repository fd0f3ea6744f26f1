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
			"1 of 2 cells changed: new new, could not run; gone since the last run: old"},
		{"a scenario file fixed", run(cell("a.toml", StatusError)), run(cell("buy/esim/en-US", StatusMet)),
			"1 of 1 cells changed: buy/esim/en-US new, met; gone since the last run: a.toml"},
		// CI QA: "1 of 1 cells changed: dev/psim/en-US gone; dev/psim/fr-FR
		// gone; watch.toml new, could not run" counted one and listed three.
		{"a scenario file broken", run(cell("dev/psim/en-US", StatusMet), cell("dev/psim/fr-FR", StatusMet)), run(cell("watch.toml", StatusError)),
			"1 of 1 cells changed: watch.toml new, could not run; gone since the last run: dev/psim/en-US, dev/psim/fr-FR"},
		{"only gone", run(cell("a", StatusMet), cell("b", StatusMet)), run(cell("a", StatusMet)),
			"nothing changed in the outcomes of the 1 cells; gone since the last run: b"},
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

// TestBaseline: a run in which a scenario file could not be read (a syntax
// error in the middle of an edit) is no baseline for that file's cells:
// the run after the fix is compared with what they had before the typo
// (CI QA: cells met before it read "new, met" after it).
func TestBaseline(t *testing.T) {
	cell := func(file, id string, s Status) CellResult {
		return CellResult{Cell: Cell{ID: id, Scenario: Scenario{Name: strings.Split(id, "/")[0], File: file}}, Status: s}
	}
	unread := func(file string) CellResult {
		return CellResult{Cell: Cell{ID: file, Scenario: Scenario{Name: file, File: file}}, Status: StatusError}
	}
	run := func(cells ...CellResult) Results { return Results{Cells: cells} }
	ids := func(r Results) string {
		var out []string
		for _, c := range r.Cells {
			out = append(out, c.ID+"="+string(c.Status))
		}
		return strings.Join(out, " ")
	}
	devEN, devFR := cell("watch.toml", "dev/psim/en-US", StatusMet), cell("watch.toml", "dev/psim/fr-FR", StatusMet)
	other := cell("other.toml", "other/esim/en-US", StatusUnmet)
	otherMet := cell("other.toml", "other/esim/en-US", StatusMet)
	tests := []struct {
		name            string
		last, now, want Results
	}{
		{"every file read: the new run", run(devEN, devFR), run(cell("watch.toml", "dev/psim/en-US", StatusUnmet)),
			run(cell("watch.toml", "dev/psim/en-US", StatusUnmet))},
		{"a file unread: its cells as they were", run(devEN, devFR, other), run(otherMet, unread("watch.toml")),
			run(devEN, devFR, otherMet)},
		{"unread from the start: its cell stays", run(unread("watch.toml"), other), run(unread("watch.toml"), otherMet),
			run(otherMet, unread("watch.toml"))},
		{"a scenario's own error is an outcome", run(devEN), run(cell("watch.toml", "dev/psim/en-US", StatusError)),
			run(cell("watch.toml", "dev/psim/en-US", StatusError))},
	}
	for _, tt := range tests {
		if got := Baseline(tt.last, tt.now); ids(got) != ids(tt.want) {
			t.Errorf("%s: %s\n want %s", tt.name, ids(got), ids(tt.want))
		}
	}
	// The QA's watch: met, then the typo, then the fix: nothing changed.
	base := Baseline(run(devEN, devFR), run(unread("watch.toml")))
	fixed := run(devEN, devFR)
	if got, want := ChangesText(Changes(base, fixed), 2), "nothing changed in the outcomes of the 2 cells"; got != want {
		t.Errorf("after the fix: %q, want %q", got, want)
	}
}
