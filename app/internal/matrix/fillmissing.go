package matrix

import (
	"slices"
	"strings"

	"mpsim/simulator"
)

// FillMissing completes merged, the merge of the shard results parts that
// could be read, when some of the run's shards never came (an empty or
// unreadable results file, or none at all: why): each cell of the run's
// list (Results.AllCellIDs) that no part holds is added as a cell that
// could not run, whose error says so, so that the JUnit and HTML reports of
// a pipeline still show the cells the healthy shards ran and name the ones
// lost. It reports false, and merged as it was, when the parts cannot be
// trusted to be one run's (another seed, scenario files or masking, cells
// twice or not in the run's list) or carry no cell list (results of an
// older mpsim).
func FillMissing(merged Results, parts []Results, why error) (Results, bool) {
	if len(parts) == 0 || len(parts[0].AllCellIDs) == 0 || checkSameRun(parts) != nil {
		return merged, false
	}
	all := parts[0].AllCellIDs
	if len(all) != parts[0].AllCells || CellsFingerprint(all) != parts[0].AllCellsFingerprint {
		return merged, false
	}
	for _, p := range parts[1:] {
		if !slices.Equal(p.AllCellIDs, all) {
			return merged, false
		}
	}
	inRun := make(map[string]bool, len(all))
	for _, id := range all {
		inRun[id] = true
	}
	have := make(map[string]bool, len(merged.Cells))
	for _, c := range merged.Cells {
		if have[c.ID] || !inRun[c.ID] {
			return merged, false
		}
		have[c.ID] = true
	}
	reason := "its shard's results never reached the merge"
	if why != nil {
		reason += ": " + firstSentence(why)
	}
	out := merged
	out.Cells = slices.Clone(merged.Cells)
	for _, id := range all {
		if !have[id] {
			out.Cells = append(out.Cells, lostCell(id, reason))
		}
	}
	slices.SortStableFunc(out.Cells, func(a, b CellResult) int { return strings.Compare(a.ID, b.ID) })
	return out, true
}

// lostCell is the cell id of a shard whose results never came, as a cell
// that could not run: its scenario, SIM and language read from the ID
// (scenario/sim/language), the only thing known of it.
func lostCell(id, reason string) CellResult {
	c := Cell{ID: id}
	if rest, lang, ok := cutLast(id); ok {
		if name, sim, ok := cutLast(rest); ok {
			c.Scenario.Name, c.SIM, c.Lang, c.Languages = name, simulator.SIMKind(sim), lang, lang
		}
	}
	if c.Scenario.Name == "" {
		c.Scenario.Name = id
	}
	return CellResult{Cell: c, Status: StatusError, Error: reason, settled: true}
}

// cutLast cuts s around its last slash.
func cutLast(s string) (before, after string, found bool) {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// firstSentence is the first line of err's text (a joined error has one a
// line), cut to 300 bytes.
func firstSentence(err error) string {
	text, _, _ := strings.Cut(err.Error(), "\n")
	if len(text) > 300 {
		text = strings.ToValidUTF8(text[:300], "") + "…"
	}
	return text
}
