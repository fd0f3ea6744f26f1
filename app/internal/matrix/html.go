package matrix

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/termsafe"
	"mpsim/assets"
	"mpsim/bridge"
)

// TemplatePath is where the HTML report's template is in the embedded assets.
const TemplatePath = "report/matrix.html.tmpl"

type htmlCell struct {
	CellResult
	Anchor string
	// NotRun is why a skipped cell did not run, or was cut short.
	NotRun string
	merged bool // the results were merged from files: embed only files of the screenshot cache
	// noShots: the report embeds no screenshot (Results.NoHTMLShots).
	noShots bool
	shots   []htmlShot
	// shotsLeft are the screenshots the report leaves out (shownShots).
	shotsLeft []inspect.Screenshot
}

// htmlStepRow is a row of a cell's steps table: a step the session
// performed, or one it ended before.
type htmlStepRow struct {
	Class, Mark string
	Index       int
	Step, What  string
	Ms          string
}

// StepRows are the cell's scenario steps in order: those its session
// performed, with what each did, then those it ended before ("not run:
// the portal handed back after step 3").
func (c *htmlCell) StepRows() []htmlStepRow {
	if c.Report == nil {
		return nil
	}
	var out []htmlStepRow
	for _, e := range c.Report.Log {
		if e.Kind != session.KindStep || e.Step == nil {
			continue
		}
		st := e.Step
		row := htmlStepRow{Class: "met", Mark: "✓", Index: st.Index, Step: st.Step.String(), What: st.Detail, Ms: fmt.Sprintf("%.0f", st.Ms)}
		if !st.OK {
			row.Class, row.Mark, row.What = "unmet", "✗", st.Error
		}
		out = append(out, row)
	}
	notRun, why := c.StepsNotRun()
	for _, st := range notRun {
		out = append(out, htmlStepRow{Class: "skipped", Mark: "–", Index: st.Index, Step: st.Step, What: "not run: " + why})
	}
	return out
}

// SessionNote is what the verdict of the cell's session leaves out
// (session.Report.EndNote): a profile download that failed, with the
// lifecycle step that could then never come, or an inline flow left open
// until the timeout; "" when nothing is.
func (c *htmlCell) SessionNote() string {
	if c.Report == nil {
		return ""
	}
	return c.Report.EndNote()
}

// Judged reports whether the cell's status says what expectations made of
// its session: a cell of a run, or a session exported from the history
// that a `mpsim test` cell's expectations judged. A session no cell
// judged (the host window's, `mpsim run`'s) has no status.
func (c *htmlCell) Judged() bool { return c.Status != "" }

// SessionBadge is the class of the badge that heads an exported session:
// its status's when expectations judged it (Judged), so that a cell that
// expected no-callback and got it is not shown as failed; else pass's
// (met) or any other verdict's (unmet).
func (c *htmlCell) SessionBadge() string {
	switch {
	case c.Judged():
		return string(c.Status)
	case c.Report != nil && c.Report.Verdict == bridge.VerdictPass:
		return string(StatusMet)
	}
	return string(StatusUnmet)
}

// SessionNoteClass is the class SessionNote is shown with: an error for a
// failed download, a note otherwise.
func (c *htmlCell) SessionNoteClass() string {
	if c.Report != nil && c.Report.DownloadFailure != nil {
		return "sev-error"
	}
	return "sev-note"
}

// Caps of what the report shows of one cell: console errors and failed
// requests listed (the network summary counts them all), and the size of
// each screenshot embedded (how many: maxShots).
const (
	maxListed    = 20
	maxShotBytes = 2 << 20
)

// Policies are the design policies the cell's session was audited
// against (none without the recording), their evidence naming each of the
// session's screenshots by its file name instead of its path: the path in
// the runner's screenshot cache means nothing to a reader of the report,
// which shows the picture (or, when it cannot, says which file it lacks).
func (c *htmlCell) Policies() []audit.Policy {
	if c.Report == nil {
		return nil
	}
	var pairs []string
	labels := map[string]string{} // "screenshot LABEL: " → the file name
	for _, sc := range slices.Concat(c.Report.Screenshots, c.Report.ScreenshotsSkipped) {
		if sc.Path != "" && filepath.Base(sc.Path) != sc.Path {
			pairs = append(pairs, sc.Path, filepath.Base(sc.Path))
		}
		if sc.Path != "" && sc.Label != "" {
			labels[screenshotEvidence+sc.Label+": "] = filepath.Base(sc.Path)
		}
	}
	if len(pairs) == 0 && len(labels) == 0 {
		return c.Report.Policies
	}
	names := strings.NewReplacer(pairs...)
	out := slices.Clone(c.Report.Policies)
	for i := range out {
		ev := make([]string, len(out[i].Evidence))
		for j, e := range out[i].Evidence {
			ev[j] = shotEvidence(names.Replace(e), labels)
		}
		out[i].Evidence = ev
	}
	return out
}

// screenshotEvidence starts the evidence line that names a screenshot
// (audit's "screenshot LABEL: PATH").
const screenshotEvidence = "screenshot "

// shotEvidence is an evidence line "screenshot LABEL: PATH" with PATH, a
// path with a directory, replaced by the file name of the report's
// screenshot of that label (labels: "screenshot LABEL: " → its file
// name). A session saved in the history names its screenshots by their
// copies there, its evidence by the runner's screenshot cache, so the
// paths alone do not meet; other lines are e as it is.
func shotEvidence(e string, labels map[string]string) string {
	if !strings.HasPrefix(e, screenshotEvidence) {
		return e
	}
	prefix, path, ok := strings.Cut(e, ": ")
	if !ok || filepath.Base(path) == path {
		return e
	}
	if name, ok := labels[prefix+": "]; ok {
		return prefix + ": " + name
	}
	return e
}

// PolicyCounts sums the policies up by status: "3 warn, 1 fail, 20 pass, 8
// manual".
func (c *htmlCell) PolicyCounts() string {
	n := map[audit.Status]int{}
	for _, p := range c.Policies() {
		n[p.Status]++
	}
	var parts []string
	for _, st := range []audit.Status{audit.StatusFail, audit.StatusWarn, audit.StatusPass, audit.StatusManual, audit.StatusNA} {
		if n[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[st], st))
		}
	}
	return strings.Join(parts, ", ")
}

// ConsoleErrors are the first console errors, uncaught errors and
// unhandled rejections of the cell's page.
func (c *htmlCell) ConsoleErrors() []inspect.ConsoleMessage {
	if c.Report == nil {
		return nil
	}
	var out []inspect.ConsoleMessage
	for _, m := range c.Report.Console {
		if m.Level == "error" && len(out) < maxListed {
			out = append(out, m)
		}
	}
	return out
}

// FailedRequests are the first requests of the cell's page that failed
// (inspect.Request.Failure: no response, or a WebSocket closed with an
// error code) or got an HTTP error status (cancelled ones left out).
func (c *htmlCell) FailedRequests() []inspect.Request {
	if c.Report == nil {
		return nil
	}
	var out []inspect.Request
	for _, r := range c.Report.Network {
		if !r.Cancelled && (r.Failure() != "" || r.Status >= 400) && len(out) < maxListed {
			out = append(out, r)
		}
	}
	return out
}

// htmlShot is a screenshot embedded in the report, or why it is not.
type htmlShot struct {
	Label, URL string
	Data       template.URL // a data: URL of the PNG
	Missing    string
}

// Shots are the cell's screenshots, read when the report is written
// (shots) and embedded, so that the report needs nothing else.
func (c *htmlCell) Shots() []htmlShot { return c.shots }

// readShots reads the cell's screenshots to embed: those its results carry,
// else from their files; a merged report reads files only from this
// machine's screenshot cache (mergedShot). One that cannot be had says why
// instead.
func (c *htmlCell) readShots() []htmlShot {
	if c.Report == nil {
		return nil
	}
	var out []htmlShot
	var shown []inspect.Screenshot
	shown, c.shotsLeft = shownShots(c.Report)
	if c.noShots {
		c.shotsLeft = slices.Concat(shown, c.shotsLeft)
		return nil
	}
	for _, sc := range shown {
		sh := htmlShot{Label: sc.Label, URL: sc.URL}
		b, carried, err := carriedShot(c.CellResult, sc.Path)
		switch {
		case carried:
		case c.merged:
			b, err = mergedShot(sc.Path)
		default:
			b, err = readShot(sc.Path)
		}
		if err != nil {
			sh.Missing = err.Error()
		} else {
			sh.Data = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b))
		}
		out = append(out, sh)
	}
	return out
}

// ShotsLeftOut says how many of the cell's screenshots the report does
// not embed (shownShots), with their labels and file names, and where they
// are; "" when it embeds them all.
func (c *htmlCell) ShotsLeftOut() string {
	if len(c.shotsLeft) == 0 {
		return ""
	}
	names := make([]string, len(c.shotsLeft))
	for i, sc := range c.shotsLeft {
		names[i] = sc.Label
		if sc.Path != "" {
			names[i] += " " + filepath.Base(sc.Path)
		}
	}
	if c.noShots {
		what := "1 screenshot"
		if len(c.shotsLeft) > 1 {
			what = fmt.Sprintf("%d screenshots", len(c.shotsLeft))
		}
		return fmt.Sprintf("%s left out of this report (--no-html-screenshots): %s", what, strings.Join(names, ", "))
	}
	what := "1 more screenshot"
	if len(c.shotsLeft) > 1 {
		what = fmt.Sprintf("%d more screenshots", len(c.shotsLeft))
	}
	return fmt.Sprintf("%s not embedded (%s): see the report JSON (screenshots[]) or the screenshots directory", what, strings.Join(names, ", "))
}

// shotsOmitted says, at the top of a report written with
// --no-html-screenshots, that it leaves the screenshots out and where they
// are; "" for one that embeds them.
func shotsOmitted(r Results) string {
	if !r.NoHTMLShots || r.NoInspect {
		return ""
	}
	where := "The files are in the session history, one session a cell (mpsim history path; mpsim history show ID --json names its files), and the --json results name them (screenshots[])."
	if r.Merged {
		where = "The shards' --json results name them (screenshots[]) and, run with --embed-screenshots, carry them; the files themselves are in each shard runner's session history (mpsim history path)."
	}
	return "Screenshots left out of this report (--no-html-screenshots): each cell names its screenshots by label and file name. " + where
}

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// readShot reads a screenshot file: a PNG of at most maxShotBytes.
func readShot(path string) ([]byte, error) {
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, fmt.Errorf("not on this machine (%s)", path)
	case st.Size() > maxShotBytes:
		return nil, fmt.Errorf("%s is over %d MB", path, maxShotBytes>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if !bytes.HasPrefix(b, pngMagic) {
		return nil, fmt.Errorf("%s is not a PNG", path)
	}
	return b, nil
}

type htmlRow struct {
	Scenario, Description string
	Cells                 []*htmlCell // per column; nil: no such cell
}

type htmlData struct {
	Title, Generated, Duration, Shard, Version, Run string
	// BuildsDiffer: merged shards written by different builds of mpsim.
	BuildsDiffer string
	// ShotsOmitted says that the report leaves its screenshots out, and
	// where they are (Results.NoHTMLShots; "" when it does not).
	ShotsOmitted                        string
	Seed                                int64
	Retries                             int
	Redacted, NoInspect, NoAxe, Session bool
	// Shots: the report embeds at least one screenshot.
	Shots   bool
	Summary Summary
	Columns []string
	Rows    []htmlRow
	Cells   []*htmlCell
}

var notAnchor = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// WriteHTML writes r as one self-contained HTML page: the summary matrix
// (scenario rows × language · SIM columns) and every cell's details.
func WriteHTML(w io.Writer, r Results) error {
	src, err := fs.ReadFile(assets.FS(), TemplatePath)
	if err != nil {
		return err
	}
	t, err := template.New("report").Funcs(template.FuncMap{
		"statusText": statusText,
		"bidi":       bidi,
		"inc":        func(i int) int { return i + 1 },
		"sources":    bridge.SourcesOf,
		"kb":         func(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1024) },
		"cells": func(n int) string {
			if n == 1 {
				return "1 cell"
			}
			return fmt.Sprintf("%d cells", n)
		},
		"ms": func(v *float64) string {
			if v == nil {
				return "—"
			}
			return fmt.Sprintf("%.0f ms", *v)
		},
		// failure is why a request failed, "" when it did not; a
		// WebSocket's with what its close code means.
		"failure": func(r inspect.Request) string { return r.Failure() },
	}).Parse(string(src))
	if err != nil {
		return fmt.Errorf("report template: %w", err)
	}
	title := "mpsim test report"
	if r.Session {
		title = "mpsim session report"
	}
	d := htmlData{
		Title:     title,
		Session:   r.Session,
		Generated: r.Started.Local().Format("2006-01-02 15:04:05 MST"),
		Duration:  (time.Duration(r.DurationMs) * time.Millisecond).Round(100 * time.Millisecond).String(),
		Shard:     r.Shard, Version: r.Version, Run: r.Run, Seed: r.Seed, Redacted: r.Redacted, NoInspect: r.NoInspect, NoAxe: r.NoAxe, Retries: r.Retries, Summary: r.Summary(),
	}
	if r, err = visibleResults(r); err != nil {
		return err
	}
	d.Run, d.Version, d.Shard = visible(r.Run), visible(r.Version), visible(r.Shard)
	d.BuildsDiffer = visible(r.BuildsDiffer)
	d.ShotsOmitted = shotsOmitted(r)
	d.Columns, d.Rows, d.Cells = summaryMatrix(r)
	for _, hc := range d.Cells {
		hc.shots = hc.readShots()
		d.Shots = d.Shots || slices.ContainsFunc(hc.shots, func(s htmlShot) bool { return s.Data != "" })
	}
	return t.Execute(w, d)
}

// summaryMatrix lays the cells out for the report: the columns (the cells'
// Column, sorted), a row a scenario with its cell in each column, and every
// cell with its own anchor. Cells of one scenario have distinct columns
// (their IDs are distinct); should two still meet in one place, the worse
// is shown (CellResult.Worse), never a met one over one that failed.
// Anchors are distinct too: two IDs that differ only in characters an id
// does not take get "-2", "-3".
func summaryMatrix(r Results) ([]string, []htmlRow, []*htmlCell) {
	var columns []string
	colIdx := map[string]int{}
	for _, c := range r.Cells {
		if _, ok := colIdx[c.Column()]; !ok {
			colIdx[c.Column()] = 0
			columns = append(columns, c.Column())
		}
	}
	slices.Sort(columns)
	for i, c := range columns {
		colIdx[c] = i
	}
	var rows []htmlRow
	var cells []*htmlCell
	rowIdx := map[string]int{}
	anchors := map[string]bool{}
	for _, c := range r.Cells {
		hc := &htmlCell{CellResult: c, Anchor: uniqueAnchor(anchors, "cell-"+notAnchor.ReplaceAllString(c.ID, "-")), merged: r.Merged, noShots: r.NoHTMLShots}
		if c.Status == StatusSkipped {
			// As the JUnit file says it (CI QA: the HTML said nothing of
			// why, and "Verdict no-callback" read as the portal's doing).
			reason := r.SkipReasonOf(c)
			hc.NotRun = strings.TrimPrefix(strings.TrimPrefix(reason, "not run: "), "not run ")
		}
		cells = append(cells, hc)
		i, ok := rowIdx[c.Scenario.Name]
		if !ok {
			i = len(rows)
			rowIdx[c.Scenario.Name] = i
			rows = append(rows, htmlRow{Scenario: c.Scenario.Name, Description: c.Scenario.Description, Cells: make([]*htmlCell, len(columns))})
		}
		slot := &rows[i].Cells[colIdx[c.Column()]]
		if *slot == nil || c.Worse((*slot).CellResult) {
			*slot = hc
		}
	}
	return columns, rows, cells
}

// uniqueAnchor returns a, or a with "-2", "-3" … when taken, and takes it.
func uniqueAnchor(taken map[string]bool, a string) string {
	out := a
	for n := 2; taken[out]; n++ {
		out = fmt.Sprintf("%s-%d", a, n)
	}
	taken[out] = true
	return out
}

// visibleResults returns r with every string of its cells made visible
// (visible): the page controls many of them.
func visibleResults(r Results) (Results, error) {
	cells := make([]CellResult, len(r.Cells))
	for i, c := range r.Cells {
		v, err := mapCellStrings(c, visible)
		if err != nil {
			return Results{}, fmt.Errorf("report of %s: %w", c.ID, err)
		}
		cells[i] = v
	}
	r.Cells = cells
	return r, nil
}

// visible writes what a page or a file may put in a string and a reader
// would not see, or would see in another order, as escapes: C0 controls but tab and newline (\x01, \x1b), DEL, C1 controls
// and the bidirectional controls (\u009b, \u202e), invalid UTF-8, and the
// Unicode noncharacters (\uffff).
func visible(s string) string {
	s = termsafe.Text(s)
	if !strings.ContainsFunc(s, nonCharacter) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if nonCharacter(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// nonCharacter reports the Unicode noncharacters: U+FDD0–U+FDEF and the
// last two code points of every plane.
func nonCharacter(r rune) bool {
	return r >= 0xfdd0 && r <= 0xfdef || r&0xfffe == 0xfffe
}

// bidi writes a text that a portal, a page or a file controls (a message,
// quoted page text, a plan name, a result field, a step) for the report:
// escaped and in a <bdi>, which takes its direction from its own first
// strong letter and keeps it from the text around it, so that a Hebrew or
// Arabic plan name reads right to left in an English page; and each part
// of it in quotes ("…" as Go quotes it, “…”, «…») in a <bdi> of its own,
// the quotes outside, so that right-to-left text quoted in an English
// message keeps its place and does not carry the numbers and punctuation
// after it into its own order. The text comes through visible first: no
// bidirectional control character of the page is left in it.
func bidi(v any) template.HTML {
	s := fmt.Sprint(v)
	var b strings.Builder
	b.WriteString("<bdi>")
	for s != "" {
		open := strings.IndexAny(s, "\"“«")
		if open < 0 {
			break
		}
		r, size := utf8.DecodeRuneInString(s[open:])
		end := closingQuote(s[open+size:], r)
		if end < 0 {
			b.WriteString(template.HTMLEscapeString(s[:open+size]))
			s = s[open+size:]
			continue
		}
		inner := s[open+size : open+size+end]
		_, closeSize := utf8.DecodeRuneInString(s[open+size+end:])
		b.WriteString(template.HTMLEscapeString(s[:open+size]))
		b.WriteString("<bdi>" + template.HTMLEscapeString(inner) + "</bdi>")
		b.WriteString(template.HTMLEscapeString(s[open+size+end : open+size+end+closeSize]))
		s = s[open+size+end+closeSize:]
	}
	b.WriteString(template.HTMLEscapeString(s))
	b.WriteString("</bdi>")
	return template.HTML(b.String())
}

// closingQuote returns the index in s of the quote that closes the opening
// quote open ('"', '“' or '«'), or -1: for '"', the next one that no
// backslash escapes (Go's %q writes \" inside).
func closingQuote(s string, open rune) int {
	closer := map[rune]rune{'"': '"', '“': '”', '«': '»'}[open]
	escaped := false
	for i, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && open == '"':
			escaped = true
		case r == closer:
			return i
		}
	}
	return -1
}

func statusText(s Status) string {
	switch s {
	case StatusMet:
		return plainStatus(s) + " ✓"
	case StatusUnmet:
		return plainStatus(s) + " ✗"
	}
	return plainStatus(s)
}
