package matrix

import (
	"fmt"
	"slices"
	"strings"
)

// CellChange is a cell whose outcome differs between two runs of a matrix
// (`mpsim test --watch`: the portal changed between them).
type CellChange struct {
	ID string
	// Before is the cell's status in the earlier run, "" when that run
	// did not have the cell; After in the later run, "" when it does not.
	Before, After Status
}

// Changes lists the cells whose status differs between before and after,
// in ID order.
func Changes(before, after Results) []CellChange {
	was := map[string]Status{}
	for _, c := range before.Cells {
		was[c.ID] = c.Status
	}
	var out []CellChange
	for _, c := range after.Cells {
		if s, ok := was[c.ID]; !ok || s != c.Status {
			out = append(out, CellChange{ID: c.ID, Before: s, After: c.Status})
		}
		delete(was, c.ID)
	}
	for id, s := range was {
		out = append(out, CellChange{ID: id, Before: s})
	}
	slices.SortFunc(out, func(a, b CellChange) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// ChangesText says changes in one line for a terminal, out of cells (the
// later run's count): "nothing changed in the 32 cells' outcomes" or "2 of
// 32 cells changed: buy/esim/fr-FR met → not met; …".
func ChangesText(changes []CellChange, cells int) string {
	if len(changes) == 0 {
		return fmt.Sprintf("nothing changed in the outcomes of the %d cells", cells)
	}
	parts := make([]string, 0, len(changes))
	for _, ch := range changes {
		switch {
		case ch.Before == "":
			parts = append(parts, ch.ID+" new, "+plainStatus(ch.After))
		case ch.After == "":
			parts = append(parts, ch.ID+" gone")
		default:
			parts = append(parts, ch.ID+" "+plainStatus(ch.Before)+" → "+plainStatus(ch.After))
		}
	}
	return fmt.Sprintf("%d of %d cells changed: %s", len(changes), cells, strings.Join(parts, "; "))
}

// plainStatus is s in words (statusText adds the report's marks).
func plainStatus(s Status) string {
	switch s {
	case StatusMet:
		return "met"
	case StatusUnmet:
		return "not met"
	case StatusError:
		return "could not run"
	}
	return "skipped"
}
