package session

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mpsim/app/internal/suggest"
)

// maxHinted is how many of the page's buttons or fields a hint lists.
const maxHinted = 6

// missHint is what a step whose element, text or URL never came is told
// besides: the closest of what the page showed (near: the texts of its
// buttons and links for click_text, its lines for wait_text, the ids or
// classes of its shown elements for a selector of #id or .class; for fill
// and choose only its fields), as "did you mean", else for click_text the
// buttons and links it has and for fill and choose the fields it has
// (fields). "" when there is nothing to say.
func missHint(s Step, near, fields []string) string {
	if s.Action == StepFill || s.Action == StepChoose {
		near = fields // only a field can be filled or chosen in
	}
	if meant := closestTo(s.Target, near); meant != "" {
		return fmt.Sprintf("; did you mean %q?", meant)
	}
	switch {
	case s.Action == StepClickText && len(near) > 0:
		return "; the page's visible buttons and links: " + quoteSome(near)
	case s.Action == StepFill && len(fields) > 0:
		return "; the page's visible text fields: " + quoteSome(fields)
	case s.Action == StepChoose && len(fields) > 0:
		return "; the page's visible <select> elements: " + quoteSome(fields)
	case s.Action == StepWaitText && len(near) > 0:
		return "; the page's lines of text: " + quoteSome(near)
	case s.Action == StepWaitText:
		return "; the page shows no text"
	}
	return ""
}

// closestTo returns the candidate closest to target, ignoring case and
// comparing in Unicode NFC (as the steps' script does): within a third of
// target's length in edits (at least one), or one that starts the other
// when both have four characters or more; "" when none is.
func closestTo(target string, candidates []string) string {
	target = norm.NFC.String(target)
	t := strings.ToLower(strings.TrimSpace(target))
	if t == "" {
		return ""
	}
	limit := max(1, utf8.RuneCountInString(t)/3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		nc := norm.NFC.String(c)
		lc := strings.ToLower(nc)
		if lc == t && nc == target {
			continue // the page has it: the step failed for another reason
		}
		d := suggest.Distance(t, lc)
		if d > limit && prefixed(t, lc) {
			d = limit
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// prefixed reports whether one of a and b starts the other, both of four
// characters or more.
func prefixed(a, b string) bool {
	if utf8.RuneCountInString(a) < 4 || utf8.RuneCountInString(b) < 4 {
		return false
	}
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

// quoteSome quotes the first maxHinted of list, and says how many there
// are in all when there are more.
func quoteSome(list []string) string {
	q := make([]string, 0, maxHinted)
	for _, v := range list[:min(len(list), maxHinted)] {
		q = append(q, fmt.Sprintf("%q", v))
	}
	out := strings.Join(q, ", ")
	if len(list) > maxHinted {
		out += fmt.Sprintf(" … (%d in all)", len(list))
	}
	return out
}
