package session

import (
	"fmt"
	"strings"
	"time"

	"mpsim/app/internal/inspect"
)

// MainDocumentNote says what became of the report's last main document
// request when it got no answer or an error ("" when it was answered).
// When none was recorded (--no-inspect records none), it says what the
// report's log knows: that the portal's first page never loaded
// (firstPageNote).
func (rep Report) MainDocumentNote() string {
	var main *inspect.Request
	for i := len(rep.Network) - 1; i >= 0 && main == nil; i-- {
		if rep.Network[i].Main && !rep.Network[i].Cancelled {
			main = &rep.Network[i]
		}
	}
	if main == nil {
		return rep.firstPageNote()
	}
	url, _, _ := strings.Cut(main.URL, "?")
	switch {
	case main.Failed != "":
		return fmt.Sprintf("the main document %s failed: %s", url, main.Failed)
	case main.Status >= 400:
		return strings.TrimSpace(fmt.Sprintf("the main document %s answered HTTP %d %s", url, main.Status, main.StatusText))
	case main.Status != 0:
		return ""
	}
	if waited, ok := rep.waitedFor(*main); ok {
		return fmt.Sprintf("the main document %s had not answered after %s", url, ShortDuration(waited))
	}
	return fmt.Sprintf("the main document %s had not answered when the session ended", url)
}

// firstPageNote says, from what a report knows without its recording
// (--no-inspect), that the portal's first page never loaded: no page was
// committed (no navigated entry in its log) nor painted. It names the
// launch URL without its query, how long the session had waited for it,
// and the last failed navigation the log has; "" when a page was
// committed or painted.
func (rep Report) firstPageNote() string {
	if rep.Timings.LaunchToFirstPaintMs != nil || rep.Launch.URL == "" {
		return ""
	}
	failed := ""
	for _, e := range rep.Log {
		switch {
		case e.Kind == KindNavigated:
			return ""
		case e.Kind == KindLoadFailed && !strings.HasPrefix(e.Text, "while closing: "):
			failed = e.Text
		}
	}
	url, _, _ := strings.Cut(rep.Launch.URL, "?")
	s := fmt.Sprintf("the portal's first page %s never loaded", url)
	if waited, ok := rep.waitedFor(inspect.Request{}); ok {
		s = fmt.Sprintf("the portal's first page %s had not loaded after %s", url, ShortDuration(waited))
	}
	if failed != "" {
		return s + " (" + failed + ")"
	}
	return s + ": no page was committed"
}

// waitedFor is how long a request without an answer had waited when the
// session timed out or closed: from its start (on the window's clock,
// which starts with Report.Opened) to the log's timeout or close entry.
func (rep Report) waitedFor(req inspect.Request) (time.Duration, bool) {
	if rep.Opened.IsZero() {
		return 0, false
	}
	for _, e := range rep.Log {
		if e.Kind == KindTimeout || e.Kind == KindClosed {
			w := e.At.Sub(rep.Opened) - time.Duration(req.StartMs*float64(time.Millisecond))
			return w, w > 0
		}
	}
	return 0, false
}

// ShortDuration writes d for a sentence: "20 s", "1.5 s", "2 min".
func ShortDuration(d time.Duration) string {
	switch {
	case d >= 2*time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d min", d/time.Minute)
	case d >= 10*time.Second:
		return fmt.Sprintf("%.0f s", d.Seconds())
	}
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", d.Seconds()), "0"), ".") + " s"
}
