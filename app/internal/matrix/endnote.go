package matrix

import (
	"cmp"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// EndNote says in a sentence how the session of a cell not met ended when
// that was not a hand-back, and what became of the page's main document
// when it never answered or answered with an error: "the session ended at
// its 20 s timeout with no hand-back; the main document
// http://127.0.0.1:18931/slow had not answered after 19 s". It is "" for a
// cell met or that could not run, a session that handed back, and one whose
// portal did not load, whose portal-load-failed finding says all of it.
// The URL is shown without its query, which carries the identifiers.
// When the page threw an uncaught error or left a promise rejection
// unhandled, the note ends with the last of them, on one line and cut to
// maxPageErrorNote bytes (pageErrorNote): a page whose script did not
// parse never hands back, and that is why. A result with no status, a
// session that no cell's expectations judged (the host window's or
// `mpsim run`'s, exported from the history), has the note as a cell not
// met does. The timeout it names is the scenario's (the session's, in an
// export), DefaultTimeout when it has none.
func (r CellResult) EndNote() string {
	rep := r.Report
	if (r.Status != StatusUnmet && r.Status != "") || rep == nil || rep.Ended == "" || rep.Ended == session.EndedHandBack || rep.Ended == session.EndedLoadFailed {
		return ""
	}
	var how string
	switch rep.Ended {
	case session.EndedTimeout:
		how = fmt.Sprintf("the session ended at its %s timeout with no hand-back", session.ShortDuration(cmp.Or(time.Duration(r.Scenario.Timeout), DefaultTimeout)))
	case session.EndedClosed:
		how = "the session ended with its window closed, with no hand-back"
	case session.EndedCrashed:
		how = "the session ended when the portal's window process died, with no hand-back"
	case session.EndedCancelled:
		how = "the session was cancelled before a hand-back"
	case session.EndedUserCancelled:
		how = "the session ended when the user left the operator experience, with no hand-back"
	case session.EndedStepFailed:
		how = "the session ended when a scenario step failed, with no hand-back"
	default:
		how = fmt.Sprintf("the session ended %s, with no hand-back", rep.Ended)
	}
	if doc := rep.MainDocumentNote(); doc != "" {
		how += "; " + doc
	}
	if pe := pageErrorNote(rep); pe != "" {
		how += "; " + pe
	}
	return how
}

// maxPageErrorNote is how many bytes of the page's last error an end note
// shows.
const maxPageErrorNote = 200

// pageErrorNote is the page's last uncaught error or unhandled rejection,
// from the report's console records ("the page's last error at
// app.js:17:0: SyntaxError: Unexpected end of script"), else from its last
// page-error or page-unhandled-rejection finding (a recording whose
// console records were cut); "" when the page had none. The place is
// shown without its query; the text is made one line and cut to
// maxPageErrorNote bytes.
func pageErrorNote(rep *session.Report) string {
	for i := len(rep.Console) - 1; i >= 0; i-- {
		if c := rep.Console[i]; c.Kind == inspect.ConsoleError || c.Kind == inspect.ConsoleRejection {
			return "the page's last error" + c.Place() + ": " + oneLine(strings.TrimSuffix(c.Text, "."), maxPageErrorNote)
		}
	}
	for i := len(rep.Findings) - 1; i >= 0; i-- {
		if f := rep.Findings[i]; f.Code == bridge.CodePageError || f.Code == bridge.CodePageRejection {
			return "the page's last error (" + f.Code + "): " + oneLine(strings.TrimSuffix(f.Message, "."), maxPageErrorNote)
		}
	}
	return ""
}

// oneLine joins the lines of s with spaces and cuts it to about n bytes at
// a rune boundary, marking the cut with "…".
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
