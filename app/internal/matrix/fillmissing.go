package matrix

import (
	"fmt"
	"slices"
	"strings"

	"mpsim/simulator"
)

// FillMissing completes merged, the merge of the shard results parts that
// could be read, when some of the run's shards never came: their results
// files were empty or unreadable (unread, ReadResults' error) or not there
// at all. Each cell of those shards (from the run's cell list,
// Results.AllCellIDs, and the split Shard.Pick makes) is added as a cell
// that could not run, whose error says which shard's results never came,
// so that a pipeline's JUnit and HTML reports still show the cells the
// healthy shards ran and name the ones lost. It returns how many cells it
// added, and false (with merged as it was) unless the parts are, but for
// the shards missing, exactly one run's shards 1/N … N/N: each a shard of
// the same N, once, of the same run (seed, --run, masking, cell list),
// holding only its own cells, carrying the cell list (results of an older
// mpsim carry none), and at least one shard missing. Anything else is a
// mistake to refuse, not results to report.
func FillMissing(merged Results, parts []Results, unread error) (Results, int, bool) {
	missing, ok := lostShards(parts)
	if !ok || len(missing) == 0 {
		return merged, 0, false
	}
	files := unreadFiles(unread)
	out := merged
	out.Cells = slices.Clone(merged.Cells)
	all := idCells(parts[0].AllCellIDs)
	lost := 0
	for _, sh := range missing {
		reason := fmt.Sprintf("shard %s's results never reached the merge", sh)
		switch {
		case len(files) == 1 && len(missing) == 1:
			reason += ": " + files[0].Error()
		case len(files) > 0:
			reason += fmt.Sprintf(": its results file is missing or is one of those that could not be read (%s)", fileNames(files))
		default:
			reason += ": no results file of it was given (did its job fail, or its results not reach this step?)"
		}
		for _, c := range sh.Pick(all) {
			out.Cells = append(out.Cells, lostCell(c.ID, reason))
			lost++
		}
	}
	slices.SortStableFunc(out.Cells, func(a, b CellResult) int { return strings.Compare(a.ID, b.ID) })
	return out, lost, true
}

// lostShards returns the shards of the run that parts are missing, and
// whether parts are the other shards of one run, each once, holding only
// their own cells (see FillMissing).
func lostShards(parts []Results) ([]Shard, bool) {
	if !listsItsCells(parts) {
		return nil, false
	}
	ids := parts[0].AllCellIDs
	all := idCells(ids)
	n := 0
	have := map[int]bool{}
	for _, p := range parts {
		sh, err := ParseShard(p.Shard)
		if err != nil || p.Shard == "" || (n != 0 && sh.N != n) || have[sh.I] || !slices.Equal(p.AllCellIDs, ids) || !holdsOwnCells(p, sh, all) {
			return nil, false
		}
		n, have[sh.I] = sh.N, true
	}
	var missing []Shard
	for i := 1; i <= n; i++ {
		if !have[i] {
			missing = append(missing, Shard{I: i, N: n})
		}
	}
	return missing, true
}

// listsItsCells reports whether parts are of one run (checkSameRun) whose
// cell list they carry.
func listsItsCells(parts []Results) bool {
	if len(parts) == 0 || checkSameRun(parts) != nil {
		return false
	}
	ids := parts[0].AllCellIDs
	return len(ids) > 0 && len(ids) == parts[0].AllCells && CellsFingerprint(ids) == parts[0].AllCellsFingerprint
}

// holdsOwnCells reports whether p holds only cells of its shard sh of the
// run's cells all, each once.
func holdsOwnCells(p Results, sh Shard, all []Cell) bool {
	own := map[string]bool{}
	for _, c := range sh.Pick(all) {
		own[c.ID] = true
	}
	for _, c := range p.Cells {
		if !own[c.ID] {
			return false
		}
		delete(own, c.ID) // a cell twice is not its own the second time
	}
	return true
}

// idCells are cells known by their IDs alone.
func idCells(ids []string) []Cell {
	cells := make([]Cell, len(ids))
	for i, id := range ids {
		cells[i] = Cell{ID: id}
	}
	return cells
}

// unreadFiles are the errors of the files ReadResults could not read.
func unreadFiles(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// fileNames names the files of ReadResults' errors (each begins with its
// file's path and a space or a colon).
func fileNames(errs []error) string {
	names := make([]string, len(errs))
	for i, err := range errs {
		text := err.Error()
		if end := strings.IndexAny(text, ": "); end > 0 {
			text = text[:end]
		}
		names[i] = text
	}
	return strings.Join(names, ", ")
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
