package matrix

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// CellChange is a cell whose outcome differs between two runs of a matrix
// (`mpsim test --watch`: the portal changed between them).
type CellChange struct {
	ID string
	// Before is the cell's status in the earlier run, "" when that run
	// did not have the cell; After in the later run, "" when it does not.
	Before, After Status
	// Gone and New are, for a cell not met in both runs, what made it so
	// in the earlier run and not the later one, and the other way round:
	// its unmet checks ("moDirectStatus: got no purchaseResult") and its
	// error finding codes ("enum-unknown"), each once.
	Gone, New []string
}

// Changes lists the cells whose status differs between before and after,
// and those not met in both whose unmet checks (name and what it got) or
// error finding codes differ, in ID order.
func Changes(before, after Results) []CellChange {
	was := map[string]CellResult{}
	for _, c := range before.Cells {
		was[c.ID] = c
	}
	var out []CellChange
	for _, c := range after.Cells {
		b, ok := was[c.ID]
		delete(was, c.ID)
		switch {
		case !ok:
			out = append(out, CellChange{ID: c.ID, After: c.Status})
		case b.Status != c.Status:
			out = append(out, CellChange{ID: c.ID, Before: b.Status, After: c.Status})
		case c.Status == StatusUnmet:
			bw, aw := b.why(), c.why()
			if gone, added := notIn(bw, aw), notIn(aw, bw); len(gone)+len(added) > 0 {
				out = append(out, CellChange{ID: c.ID, Before: b.Status, After: c.Status, Gone: gone, New: added})
			}
		}
	}
	for id, c := range was {
		out = append(out, CellChange{ID: id, Before: c.Status})
	}
	slices.SortFunc(out, func(a, b CellChange) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// maxChangeGot is how many bytes of a check's got a change shows.
const maxChangeGot = 80

// why is what makes a cell not met, for Changes: its unmet checks, by
// name and what they got ("success: got false"; duration by name alone,
// as it differs every run), and its error finding codes, each once.
func (r CellResult) why() []string {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, c := range r.Unmet() {
		if c.Name == "duration" { // what it took differs every run
			add(c.Name)
			continue
		}
		got := c.Got
		if n := maxChangeGot; len(got) > n {
			for n > 0 && !utf8.RuneStart(got[n]) {
				n--
			}
			got = got[:n] + "…"
		}
		add(c.Name + ": got " + got)
	}
	for _, f := range r.ErrorFindings() {
		add(f.Code)
	}
	return out
}

// notIn lists the items of a that b lacks.
func notIn(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// ChangesText says changes in one line for a terminal, out of cells (the
// later run's count): "nothing changed in the outcomes of the 32 cells",
// "2 of 32 cells changed: buy/esim/fr-FR met → not met; …" or, for a cell
// not met either way, "buy/esim/en-US still not met, but differently:
// gone 1 (activation-code-missing); new 1 (enum-unknown)", in the words of
// `mpsim run --watch` (session.Change). The count is of the later run's
// cells, and lists just those; the cells only the earlier run had (a
// scenario file that could not be read, or a scenario renamed) follow
// apart: "; gone since the last run: a/esim/en-US, a/psim/en-US" (CI QA:
// "1 of 1 cells changed" listed three).
func ChangesText(changes []CellChange, cells int) string {
	parts := make([]string, 0, len(changes))
	var gone []string
	for _, ch := range changes {
		switch {
		case ch.After == "":
			gone = append(gone, ch.ID)
		case ch.Before == "":
			parts = append(parts, ch.ID+" new, "+plainStatus(ch.After))
		case ch.Before == ch.After:
			parts = append(parts, fmt.Sprintf("%s still %s, but differently: gone %s; new %s", ch.ID, plainStatus(ch.After), listOrNone(ch.Gone), listOrNone(ch.New)))
		default:
			parts = append(parts, ch.ID+" "+plainStatus(ch.Before)+" → "+plainStatus(ch.After))
		}
	}
	s := fmt.Sprintf("nothing changed in the outcomes of the %d cells", cells)
	if len(parts) > 0 {
		s = fmt.Sprintf("%d of %d cells changed: %s", len(parts), cells, strings.Join(parts, "; "))
	}
	if len(gone) > 0 {
		s += "; gone since the last run: " + strings.Join(gone, ", ")
	}
	return s
}

// Baseline is the run that the run after now is compared with in a watch
// (`mpsim test --watch`), last being the one now was compared with: now,
// but for a scenario file that now could not read at all (a TOML syntax
// error in the middle of an edit: one cell named after the file, could not
// run), whose cells are those last had of it. So the run after the file is
// fixed is compared with the outcomes its cells had before the typo, not
// with the broken file (CI QA: cells met before the typo read "new, met").
func Baseline(last, now Results) Results {
	unread := map[string]bool{}
	for _, c := range now.Cells {
		if c.wholeFile() {
			unread[c.Scenario.File] = true
		}
	}
	if len(unread) == 0 {
		return now
	}
	out := now
	out.Cells = nil
	for _, c := range now.Cells {
		if !unread[c.Scenario.File] {
			out.Cells = append(out.Cells, c)
		}
	}
	for _, c := range last.Cells {
		if unread[c.Scenario.File] {
			out.Cells = append(out.Cells, c)
		}
	}
	slices.SortStableFunc(out.Cells, func(a, b CellResult) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// wholeFile reports whether r is the one cell of a scenario file that
// could not be read at all, named after the file (Broken.Cells).
func (r CellResult) wholeFile() bool {
	return r.Status == StatusError && r.ID == r.Scenario.File && r.Scenario.Name == r.Scenario.File
}

// listOrNone writes items as `mpsim run --watch` does: "2 (a, b)", or
// "none".
func listOrNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return fmt.Sprintf("%d (%s)", len(items), strings.Join(items, ", "))
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
