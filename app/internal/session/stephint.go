package session

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mpsim/app/internal/suggest"
)

// maxHinted is how many of the page's buttons or fields a hint lists.
const maxHinted = 6

// pageSeen is what the page showed when a step's element, text or URL
// never came: near, the texts of its buttons and links for click_text,
// its lines for wait_text, the ids or classes of its shown elements for a
// selector of #id or .class; fields, the fields fill and choose could
// fill or choose in; labels, the texts of its field labels (click_text,
// which finds any element by its text, a label too).
type pageSeen struct {
	near, fields, labels []string
	// frames are the page's shown cross-origin frames nothing could
	// reach: the window's frame agent there gave no answer in time (a
	// frame still loading, or one WebKit runs no user script in). What the
	// frames that answered show is in near, fields and labels.
	frames []string
	// status are the texts of the page's busy parts, progress bars,
	// status and alert lines.
	status []string
}

// missHint is what a step whose element, text or URL never came is told
// besides: the closest of what the page showed (for click_text its
// buttons, links and field labels; for fill and choose only its fields)
// as "did you mean", else for click_text the buttons and links it has and,
// apart, its field labels, and for fill and choose the fields it has. ""
// when there is nothing to say. What the page's status said (a spinner's
// "Loading plans…") is told besides, and so are the cross-origin frames
// nothing could reach.
func missHint(s Step, seen pageSeen) string {
	hint := elementHint(s, seen)
	if len(seen.status) > 0 {
		hint += "; the page's status (a progress bar, a busy part, a status or alert line) said: " + quoteSome(seen.status)
	}
	if len(seen.frames) > 0 {
		hint += "; cross-origin frames nothing could reach (no answer from them in time): " + quoteSome(seen.frames)
	}
	return hint
}

// elementHint is missHint without the frames: the closest of what the page
// showed, else what it has.
func elementHint(s Step, seen pageSeen) string {
	if s.Action == StepWaitURL {
		return "" // a URL has no element to be near ("#/confirm" is no id)
	}
	near := seen.near
	switch s.Action {
	case StepFill, StepChoose:
		near = seen.fields // only a field can be filled or chosen in
	case StepClickText:
		near = append(slices.Clip(near), seen.labels...)
	}
	if meant := closestTo(s.Target, near); meant != "" {
		return fmt.Sprintf("; did you mean %q?", meant)
	}
	switch {
	case s.Action == StepClickText:
		return clickTextHint(seen)
	case s.Action == StepFill && len(seen.fields) > 0:
		return "; the page's visible text fields: " + quoteSome(seen.fields)
	case s.Action == StepChoose && len(seen.fields) > 0:
		return "; the page's visible <select> elements: " + quoteSome(seen.fields)
	case s.Action == StepWaitText && len(near) > 0:
		return "; the page's lines of text: " + quoteSome(near)
	case s.Action == StepWaitText:
		return "; the page shows no text"
	}
	return ""
}

// clickTextHint lists what a click_text step could have clicked: the
// page's buttons and links, and apart from them its field labels.
func clickTextHint(seen pageSeen) string {
	var parts []string
	if len(seen.near) > 0 {
		parts = append(parts, "the page's visible buttons and links: "+quoteSome(seen.near))
	}
	if len(seen.labels) > 0 {
		whose := "its"
		if len(parts) == 0 {
			whose = "the page's"
		}
		parts = append(parts, whose+" visible field labels: "+quoteSome(seen.labels))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, "; ")
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
