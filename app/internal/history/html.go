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
// e describes the session (its preset or scenario, SIM, languages, time,
// timeout). It is what the History tab's Export HTML… and `mpsim history
// export` write. The expectations shown are those the session had: a
// `mpsim test` cell's, as the run judged them (Entry.Cell), else only a
// preset's expect_status, which its report holds; never a made-up "the
// verdict must be pass". A session no cell judged has no status: its
// badge is its verdict's.
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
	if at.IsZero() {
		at = time.Now()
	}
	c := matrix.CellResult{
		Cell:    matrix.Cell{ID: name + "/" + string(sim) + "/" + lang, Scenario: matrix.Scenario{Name: name}, SIM: sim, Languages: strings.Join(langs, ","), Lang: lang},
		Started: at, DurationMs: e.DurationMs, Report: &rep,
	}
	// How it ended names the session's own timeout, not a scenario's
	// default.
	c.Scenario.Timeout = matrix.Duration(time.Duration(e.Launch.TimeoutMs) * time.Millisecond)
	if out := e.Cell; out != nil {
		// The expectations the `mpsim test` cell had, as the run judged them.
		c.Status, c.Checks, c.Error = out.Status, out.Checks, out.Error
	} else if ch, ok := matrix.PresetCheck(rep); ok {
		// No scenario's expectations judged the session (or the entry is
		// older than the record of them): only its preset's, which the
		// report holds, and no status.
		c.Checks = []matrix.Check{ch}
	}
	r := matrix.Results{
		Tool: "mpsim", Parallel: 1, Started: at, DurationMs: e.DurationMs, Session: true,
		Cells: []matrix.CellResult{c},
	}
	if !raw {
		if err := matrix.Redact(&r); err != nil {
			return err
		}
	}
	return matrix.WriteHTML(w, r)
}
