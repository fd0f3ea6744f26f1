package history

import (
	"io"
	"strings"
	"time"

	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
)

// WriteHTML writes one session as the matrix HTML report (assets/report)
// renders a cell: one self-contained page, identifiers masked unless raw.
// e describes the session (its preset or scenario, SIM, languages, time).
// It is what the History tab's Export HTML… and `mpsim history export`
// write.
func WriteHTML(w io.Writer, e Entry, rep session.Report, raw bool) error {
	lang, langs, sim, at := "—", e.Languages, e.SIM, e.Time
	if len(langs) > 0 {
		lang = langs[0]
	}
	name := "custom launch"
	switch {
	case e.Scenario != "":
		name = e.Scenario
	case e.Preset != "":
		name = e.Preset
	}
	checks := matrix.Evaluate(matrix.Expect{}, rep, 0)
	status := matrix.StatusMet
	for _, c := range checks {
		if !c.Met {
			status = matrix.StatusUnmet
		}
	}
	if at.IsZero() {
		at = time.Now()
	}
	r := matrix.Results{
		Tool: "mpsim", Parallel: 1, Started: at, DurationMs: e.DurationMs, Session: true,
		Cells: []matrix.CellResult{{
			Cell:   matrix.Cell{ID: name + "/" + string(sim) + "/" + lang, Scenario: matrix.Scenario{Name: name}, SIM: sim, Languages: strings.Join(langs, ","), Lang: lang},
			Status: status, Checks: checks, Started: at, DurationMs: e.DurationMs, Report: &rep,
		}},
	}
	if !raw {
		if err := matrix.Redact(&r); err != nil {
			return err
		}
	}
	return matrix.WriteHTML(w, r)
}
