package matrix

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// JUnit XML as GitLab, Jenkins and GitHub test reporters read it: one
// <testsuite> per scenario, one <testcase> per cell.
type junitSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	// Skipped is nil under JUnitXUnit: junit-10.xsd has no skipped
	// attribute on <testsuites>.
	Skipped *int         `xml:"skipped,attr"`
	Time    string       `xml:"time,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

// The JUnit XML schemas WriteJUnit writes.
const (
	// JUnitDefault has each testcase's file and line, which GitHub
	// annotation actions and GitLab read.
	JUnitDefault = "default"
	// JUnitXUnit has only what Jenkins' xUnit plugin's strict junit-10.xsd
	// allows (it rejects a testcase's file and line, and the skipped
	// count of <testsuites>): the scenario file stays on the testsuite,
	// the file:line of each cell goes into its system-out.
	JUnitXUnit = "xunit"
)

// JUnitSchemas are the values of --junit-schema.
func JUnitSchemas() []string { return []string{JUnitDefault, JUnitXUnit} }

type junitSuite struct {
	Name      string          `xml:"name,attr"`
	Tests     int             `xml:"tests,attr"`
	Failures  int             `xml:"failures,attr"`
	Errors    int             `xml:"errors,attr"`
	Skipped   int             `xml:"skipped,attr"`
	Time      string          `xml:"time,attr"`
	Timestamp string          `xml:"timestamp,attr,omitempty"`
	File      string          `xml:"file,attr,omitempty"`
	Cases     []junitTestCase `xml:"testcase"`
	// start is the earliest start of the suite's cells that ran, the
	// suite's Timestamp.
	start time.Time
}

type junitTestCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
	// The earlier attempts of a cell --retries ran again, as Maven
	// Surefire writes reruns (Jenkins' JUnit plugin shows them): flaky
	// when the last attempt was met, rerun when it was not.
	FlakyFailures []junitProblem `xml:"flakyFailure,omitempty"`
	FlakyErrors   []junitProblem `xml:"flakyError,omitempty"`
	RerunFailures []junitProblem `xml:"rerunFailure,omitempty"`
	RerunErrors   []junitProblem `xml:"rerunError,omitempty"`
	SystemOut     string         `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// junitClassname is the classname of a scenario's test cases: "mpsim." and
// the scenario's name with its dots made underscores, since JUnit readers
// (Jenkins, GitLab) take what comes before a classname's last dot as a
// package: "plan.1.5gb" would be shown as class "5gb" of package
// "mpsim.plan.1", and a broken file's cell, named after its path, as class
// "toml". A file that could not be read names its one cell by its path:
// every character of it but letters, digits, '-' and '_' is made an
// underscore too ("bad/syntax.toml": "mpsim.bad_syntax_toml"; CI QA:
// "mpsim.bad/syntax_toml"), which leaves a scenario's name (ASCII letters,
// digits, '.', '_' and '-') as the rule above says.
func junitClassname(scenario string) string {
	return "mpsim." + strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, scenario)
}

func seconds(ms float64) string { return fmt.Sprintf("%.3f", ms/1000) }

// WriteJUnit writes r as JUnit XML of JUnitDefault.
func WriteJUnit(w io.Writer, r Results) error { return WriteJUnitSchema(w, r, JUnitDefault) }

// WriteJUnitSchema writes r as JUnit XML of schema (JUnitSchemas; ""
// is JUnitDefault). A suite's timestamp is the earliest start of its cells
// that ran (none when none did).
func WriteJUnitSchema(w io.Writer, r Results, schema string) error {
	out := junitOf(r)
	if schema == JUnitXUnit {
		out.Skipped = nil
		for i := range out.Suites {
			for j := range out.Suites[i].Cases {
				tc := &out.Suites[i].Cases[j]
				if tc.File != "" {
					tc.SystemOut = fmt.Sprintf("scenario %s:%d\n%s", tc.File, tc.Line, tc.SystemOut)
				}
				tc.File, tc.Line = "", 0
			}
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitOf is r as JUnit XML of JUnitDefault.
func junitOf(r Results) junitSuites {
	skipped := 0
	out := junitSuites{Name: "mpsim test", Time: seconds(r.DurationMs), Skipped: &skipped}
	bySuite := map[string]*junitSuite{}
	var order []string
	for _, c := range r.Cells {
		name := c.Scenario.Name
		s := bySuite[name]
		if s == nil {
			s = &junitSuite{Name: name, File: c.Scenario.File}
			bySuite[name] = s
			order = append(order, name)
		}
		if !c.Started.IsZero() && (s.start.IsZero() || c.Started.Before(s.start)) {
			s.start = c.Started // a cell that never ran (skipped, a broken file's) has none
		}
		tc := junitTestCase{
			Name: c.ID, Classname: junitClassname(name), File: c.Scenario.File, Line: c.Scenario.Line,
			Time: seconds(totalMs(c)), SystemOut: capText(cellText(c), maxJUnitBody),
		}
		s.Tests++
		out.Tests++
		var sum float64
		fmt.Sscan(s.Time, &sum)
		s.Time = seconds(sum*1000 + totalMs(c))
		switch c.Status {
		case StatusUnmet:
			s.Failures++
			out.Failures++
		case StatusError:
			s.Errors++
			out.Errors++
		case StatusSkipped:
			s.Skipped++
			skipped++
			tc.Skipped = &junitProblem{Message: r.SkipReasonOf(c)}
		}
		addProblems(&tc, c)
		s.Cases = append(s.Cases, tc)
	}
	for _, n := range order {
		s := bySuite[n]
		if !s.start.IsZero() {
			s.Timestamp = s.start.UTC().Format(time.RFC3339)
		}
		out.Suites = append(out.Suites, *s)
	}
	return out
}

// Caps of the page- and scenario-controlled text in the JUnit XML: a
// message attribute, and a failure's or system-out's body. The JSON and
// HTML results keep the whole text.
const (
	maxJUnitMessage = 1 << 10
	maxJUnitBody    = 2 << 10
)

// capText cuts s to about n bytes, at a rune boundary, saying how much
// was cut.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes cut; the JSON and HTML reports have the whole text)", s[:cut], len(s)-cut)
}

// totalMs is how long all the cell's attempts took.
func totalMs(c CellResult) float64 {
	t := c.DurationMs
	for _, a := range c.Earlier {
		t += a.DurationMs
	}
	return t
}

// junitProblemOf is the testcase's failure or error of a cell not met or that
// could not run, prefixed with which attempt it was when prefix is set.
func junitProblemOf(c CellResult, prefix string) junitProblem {
	if c.Status == StatusError {
		return junitProblem{Type: "could-not-run", Message: capText(prefix+c.Error, maxJUnitMessage), Text: capText(c.Error, maxJUnitBody)}
	}
	return junitProblem{Type: "expectation", Message: capText(prefix+failureMessage(c), maxJUnitMessage), Text: capText(failureText(c), maxJUnitBody)}
}

// addProblems adds the failure or error of a cell not met to its testcase,
// and its earlier attempts, as Maven Surefire writes reruns: a cell met
// after a retry has a flakyFailure (flakyError) for each attempt that was
// not; a cell never met has the first attempt in its failure (error: which
// element follows the last attempt, as the counts do) and each later one,
// the last included, in a rerunFailure (rerunError).
func addProblems(tc *junitTestCase, c CellResult) {
	if c.Status != StatusMet && c.Status != StatusUnmet && c.Status != StatusError {
		return
	}
	n := len(c.Earlier) + 1
	attempt := func(i int, a Attempt) junitProblem {
		return junitProblem{Type: "attempt", Message: capText(fmt.Sprintf("attempt %d of %d: %s", i+1, n, a.Reason), maxJUnitMessage), Text: capText(a.Reason, maxJUnitBody)}
	}
	if c.Status == StatusMet {
		for i, a := range c.Earlier {
			if a.Status == StatusError {
				tc.FlakyErrors = append(tc.FlakyErrors, attempt(i, a))
			} else {
				tc.FlakyFailures = append(tc.FlakyFailures, attempt(i, a))
			}
		}
		return
	}
	last := junitProblemOf(c, "")
	if n > 1 {
		last = junitProblemOf(c, fmt.Sprintf("attempt %d of %d: ", n, n))
	}
	first := last
	if n > 1 {
		first = attempt(0, c.Earlier[0])
		first.Type = last.Type
	}
	if c.Status == StatusError {
		tc.Error = &first
	} else {
		tc.Failure = &first
	}
	if n == 1 {
		return
	}
	for i, a := range c.Earlier[1:] {
		if a.Status == StatusError {
			tc.RerunErrors = append(tc.RerunErrors, attempt(i+1, a))
		} else {
			tc.RerunFailures = append(tc.RerunFailures, attempt(i+1, a))
		}
	}
	if c.Status == StatusError {
		tc.RerunErrors = append(tc.RerunErrors, last)
	} else {
		tc.RerunFailures = append(tc.RerunFailures, last)
	}
}

// failureMessage is the one-line summary of a cell not met: its unmet
// expectations and how its session ended when that explains them.
func failureMessage(c CellResult) string {
	var parts []string
	for _, ch := range c.Unmet() {
		parts = append(parts, fmt.Sprintf("%s: want %s, got %s", ch.Name, ch.Want, ch.Got))
	}
	if n := c.EndNote(); n != "" {
		parts = append(parts, n)
	}
	return strings.Join(parts, "; ")
}

// failureText lists the unmet expectations, how the session ended when it
// was not a hand-back (EndNote) and the error findings.
func failureText(c CellResult) string {
	var b strings.Builder
	b.WriteString("Expectations not met:\n")
	for _, ch := range c.Unmet() {
		fmt.Fprintf(&b, "  ✗ %s: want %s, got %s\n", ch.Name, ch.Want, ch.Got)
	}
	if n := c.EndNote(); n != "" {
		fmt.Fprintf(&b, "How it ended: %s.\n", n)
	}
	if fs := c.ErrorFindings(); len(fs) > 0 {
		b.WriteString("Error findings:\n")
		for _, f := range fs {
			fmt.Fprintf(&b, "  %s\n", f.Line())
		}
	}
	fmt.Fprintf(&b, "Scenario: %s\n", c.Scenario.Where())
	return b.String()
}

// cellText is the cell's summary for <system-out>.
func cellText(c CellResult) string {
	var b strings.Builder
	if c.Report == nil { // it never ran: no device was made from its seed
		fmt.Fprintf(&b, "cell %s: %s\n", c.ID, c.Status)
	} else {
		fmt.Fprintf(&b, "cell %s (seed %d): %s\n", c.ID, c.Seed, c.Status)
	}
	for _, n := range c.LanguageNotes {
		fmt.Fprintf(&b, "warning: %s\n", n)
	}
	if rep := c.Report; rep != nil {
		fmt.Fprintf(&b, "verdict %s, ended %s, %d calls, %d findings\n", rep.Verdict, rep.Ended, len(rep.Calls), len(rep.Findings))
		if rep.Result != nil {
			if f, ok := bridge.Undecoded(*rep.Result, rep.Findings); ok {
				fmt.Fprintf(&b, "result: %s\n", undecodedText(f))
			} else {
				pr := rep.Result.PurchaseResult
				fmt.Fprintf(&b, "result: success %v, moDirectStatus %s, planName %q\n", rep.Result.Success, pr.MoDirectStatus, pr.PlanName)
			}
		}
		fmt.Fprintf(&b, "launch: %s\n", rep.Launch.URL)
	}
	for _, ch := range c.Checks {
		mark := "✓"
		if !ch.Met {
			mark = "✗"
		}
		fmt.Fprintf(&b, "%s %s: want %s, got %s\n", mark, ch.Name, ch.Want, ch.Got)
	}
	if line := c.StepsNotRunLine(); line != "" {
		fmt.Fprintf(&b, "%s\n", line)
	}
	return b.String()
}

// WriteJSON writes r as indented JSON.
func WriteJSON(w io.Writer, r Results) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteFile writes what write writes to the output file path, as
// workspace.WriteFileAtomic does: through a temporary file of its own and a
// rename (two runs writing one path do not share one), to the file a
// symbolic link leads to, and straight through to a device, a FIFO or
// /dev/stdout. A write that fails leaves path as it was.
func WriteFile(path string, write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	return workspace.WriteFileAtomic(path, b.Bytes(), 0o644)
}

// ReadResults reads the results files of shards: files as given, and the
// *.json files in directories. With an error for the files it could not
// read, it returns those it could.
func ReadResults(args []string) ([]Results, error) {
	var paths []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, unwrapPath(err))
		}
		if !fi.IsDir() {
			paths = append(paths, a)
			continue
		}
		found, err := filepath.Glob(filepath.Join(a, "*.json"))
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s holds no *.json results file%s; write them with mpsim test --json > DIR/shard-I.json", a, subdirResults(a))
		}
		slices.Sort(found)
		paths = append(paths, found...)
	}
	var out []Results
	var errs []error
	for _, p := range paths {
		r, err := readResultsFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, r)
	}
	// The files that could be read come back with the error: report merge
	// can still report their cells (FillMissing).
	return out, errors.Join(errs...)
}

// subdirResults says which directories in dir hold *.json files, for the
// error of a dir that holds none itself: actions/download-artifact without
// merge-multiple puts each shard's results in a directory of its own
// (results/shard-1/shard-1.json), and merge reads only the *.json files
// right in the directories it is given. "" when none does.
func subdirResults(dir string) string {
	des, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var holding []string
	for _, de := range des {
		if !de.IsDir() {
			continue
		}
		sub := filepath.Join(dir, de.Name())
		if found, _ := filepath.Glob(filepath.Join(sub, "*.json")); len(found) > 0 {
			holding = append(holding, sub)
		}
	}
	if len(holding) == 0 {
		return ""
	}
	which := "its directories " + someOf(holding, 3) + " do"
	if len(holding) == 1 {
		which = "its directory " + holding[0] + " does"
	}
	return fmt.Sprintf(", but %s (merge reads only the *.json files right in the directories it is given): name those (mpsim report merge %s), or download the artifacts into one directory (actions/download-artifact with merge-multiple: true)",
		which, filepath.Join(dir, "*")+string(filepath.Separator))
}

// readResultsFile reads one results file of mpsim test --json. An empty
// one is most often a shard's whose job wrote nothing: the shell made the
// file for the redirect, and mpsim failed before it wrote the results, was
// killed, or was not found. A file cut short or otherwise not JSON says
// where the parse stopped.
func readResultsFile(p string) (Results, error) {
	data, err := readAtMost(p, maxResultsFile)
	if err != nil {
		return Results{}, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Results{}, fmt.Errorf("%s is empty: the job that wrote it produced no results (its mpsim test failed before writing them, was killed, or was not found; check that job's log). "+
			"Or it is the merged --json of an earlier merge, written into a folder you merge: a shell empties the file before the command runs, so write it outside the folders you merge", p)
	}
	var r Results
	if err := json.Unmarshal(data, &r); err != nil {
		return Results{}, fmt.Errorf("%s is no results file of mpsim test --json: %s", p, jsonErrorAt(data, err))
	}
	if r.Tool != "mpsim" {
		return Results{}, fmt.Errorf("%s is no results file of mpsim test --json: its \"tool\" is %q, not \"mpsim\"", p, r.Tool)
	}
	if err := checkStatuses(r); err != nil {
		return Results{}, fmt.Errorf("%s %w", p, err)
	}
	r.From = p
	return r, nil
}

// knownStatuses are the cell statuses this mpsim writes and reads.
var knownStatuses = []Status{StatusMet, StatusUnmet, StatusError, StatusSkipped}

// checkStatuses refuses results with a cell (or an earlier attempt of one)
// whose status this mpsim does not know, or that has none: there is no
// telling whether such a cell passed. Merged, it was counted skipped in
// the summary and the HTML report and was a passed test in the JUnit
// report, which CI reads (QA). Refused, its file is named, the merge's
// exit code is 2, and the reports, when the other shards are whole, list
// the file's cells as errors (FillMissing). The error goes on from the
// file's name: "holds cell …".
func checkStatuses(r Results) error {
	problem := func(s Status) string {
		if s == "" {
			return `no "status" (was the file edited?)`
		}
		return fmt.Sprintf("the status %q, which this mpsim does not know (it knows %s; a results file of a newer mpsim? merge with the mpsim that wrote it)", s, statusList())
	}
	for _, c := range r.Cells {
		if !slices.Contains(knownStatuses, c.Status) {
			return fmt.Errorf("holds cell %q with %s", c.ID, problem(c.Status))
		}
		for i, a := range c.Earlier {
			if !slices.Contains(knownStatuses, a.Status) {
				return fmt.Errorf("holds cell %q whose attempt %d has %s", c.ID, i+1, problem(a.Status))
			}
		}
	}
	return nil
}

// statusList names the known statuses: "met, unmet, error, skipped".
func statusList() string {
	names := make([]string, len(knownStatuses))
	for i, s := range knownStatuses {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// maxResultsFile is the most a results file may hold: a shard's --json
// with its screenshots embedded takes about 0.3 MB a cell, so 256 MiB is
// some 800 cells, while reading a file of that size takes about 2 GB of
// memory (hostile QA: a crafted 300 MB file took 2.6 GB, and a larger one
// would run a CI machine out of it).
const maxResultsFile = 256 << 20

// readAtMost reads the file at p, refusing one larger than limit bytes
// before reading it (and one that grows past it while read).
func readAtMost(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, unwrapPath(err))
	}
	defer f.Close()
	tooLarge := fmt.Errorf("%s is larger than the %d MiB a results file of mpsim test --json may be (about 800 cells with their screenshots embedded): split the matrix into more shards (--shard), or check that it is a results file", p, limit>>20)
	if fi, err := f.Stat(); err == nil && fi.Size() > limit {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, unwrapPath(err))
	}
	if int64(len(data)) > limit {
		return nil, tooLarge
	}
	return data, nil
}

// jsonErrorAt says what json.Unmarshal found wrong in data (not empty)
// and where: the byte (from 1), its line and column, and whether the file ends there (a file cut
// short, as by a job killed while it wrote).
func jsonErrorAt(data []byte, err error) string {
	var offset int64
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	default:
		return err.Error()
	}
	// Offset counts the bytes read, the one at fault the last of them: it
	// is byte Offset counting from 1, whose line and column are shown.
	offset = min(max(offset, 1), int64(len(data)))
	before := data[:offset-1]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	where := fmt.Sprintf("%s at byte %d (line %d, column %d)", err, offset, line, col)
	if offset >= int64(len(bytes.TrimRight(data, " \t\r\n"))) {
		where += fmt.Sprintf(", the end of its %d bytes: the file is cut short (was the job killed while it wrote?)", len(data))
	}
	return where
}

// Merge joins the results of shards into one run: cells sorted by ID, the
// earliest start, the longest duration (shards run side by side). The parts
// must be the shards 1/N … N/N of one run, each once (or one whole run): a
// shard missing would leave its cells, and their failures, out of the
// merged report. A cell in two shards is an error: the shards overlap.
func Merge(parts []Results) (Results, error) {
	if len(parts) == 0 {
		return Results{}, errors.New("nothing to merge")
	}
	m := Results{Tool: "mpsim", Version: parts[0].Version, Seed: parts[0].Seed, Parallel: parts[0].Parallel, Started: parts[0].Started, Redacted: true, Run: parts[0].Run, Merged: true}
	seen := map[string]string{}
	errs := []error{checkShards(parts), checkSameRun(parts), checkSameScenarios(parts)}
	for _, p := range parts {
		if p.Started.Before(m.Started) {
			m.Started = p.Started
		}
		m.DurationMs = max(m.DurationMs, p.DurationMs)
		m.Redacted = m.Redacted && p.Redacted
		m.NoInspect = m.NoInspect || p.NoInspect
		m.NoAxe = m.NoAxe || p.NoAxe
		m.Retries = max(m.Retries, p.Retries)
		if m.Stopped == "" || p.Stopped == StoppedDisplay {
			m.Stopped = p.Stopped // a shard whose display ended says the most
		}
		m.DisplayEnded = cmp.Or(m.DisplayEnded, p.DisplayEnded)
		for _, c := range p.Cells {
			if prev, dup := seen[c.ID]; dup {
				errs = append(errs, fmt.Errorf("cell %s is in %s and in %s; the shards overlap", c.ID, prev, partName(p)))
				continue
			}
			seen[c.ID] = partName(p)
			m.Cells = append(m.Cells, c)
		}
	}
	slices.SortStableFunc(m.Cells, func(a, b CellResult) int { return cmp.Compare(a.ID, b.ID) })
	m.AllCells, m.AllCellsFingerprint, m.AllCellIDs = parts[0].AllCells, parts[0].AllCellsFingerprint, parts[0].AllCellIDs
	m.AllCellsContent = parts[0].AllCellsContent
	m.SkippedFiles = parts[0].SkippedFiles // the shards of one run read the same files
	m.BuildsDiffer, m.BuildsUnknown = buildNotes(parts)
	if m.BuildsDiffer == "" {
		m.Build = parts[0].Build
	}
	if err := errors.Join(errs...); err != nil {
		return m, err
	}
	return m, checkAllCells(m)
}

// checkSameRun says what keeps parts from being shards of one run: another
// seed, --run pattern, whole cell list or its content (AllCellsContent),
// or masking of the identifiers.
func checkSameRun(parts []Results) error {
	first := parts[0]
	var errs []error
	for _, p := range parts[1:] {
		if p.Seed != first.Seed {
			errs = append(errs, fmt.Errorf("%s ran with seed %d, %s with %d; merge shards of one run", partName(p), p.Seed, partName(first), first.Seed))
		}
		if p.Run != first.Run {
			errs = append(errs, fmt.Errorf("%s ran the cells matching --run %q, %s those matching %q; merge shards of one run", partName(p), p.Run, partName(first), first.Run))
		}
		if older, newer, ok := olderShard(p, first); ok {
			errs = append(errs, fmt.Errorf("%s was written by an older mpsim, which did not record its run's cell list, and %s by one that does: the two cannot be checked to add up to one run; run every shard with the same mpsim (that shard again with this one)",
				partName(older), partName(newer)))
		} else if p.AllCells != first.AllCells || p.AllCellsFingerprint != first.AllCellsFingerprint {
			errs = append(errs, fmt.Errorf("%s was split from a run of %s, %s from one of %s (another set of scenario files, or another version of them)%s: their cells would not add up to one run; run every shard on the same files",
				partName(p), cellsOfRun(p), partName(first), cellsOfRun(first), cellsDiffer(p, first)))
		}
		if p.AllCellsContent != "" && first.AllCellsContent != "" && p.AllCellsContent != first.AllCellsContent && p.AllCellsFingerprint == first.AllCellsFingerprint {
			errs = append(errs, fmt.Errorf("%s was split from a run of other versions of the same scenarios than %s (content %s, not %s): the files changed between the shards' runs; run every shard on the same version of the scenario files",
				partName(p), partName(first), p.AllCellsContent, first.AllCellsContent))
		}
		if p.Redacted != first.Redacted {
			errs = append(errs, fmt.Errorf("%s has %s, %s %s; run every shard with the same --no-redact", partName(p), maskedText(p.Redacted), partName(first), maskedText(first.Redacted)))
		}
	}
	return errors.Join(errs...)
}

// olderShard picks, of a and b, the one an older mpsim wrote (no cell
// list recorded) when the other records one; ok is false otherwise.
func olderShard(a, b Results) (older, newer Results, ok bool) {
	switch {
	case a.AllCellsFingerprint == "" && b.AllCellsFingerprint != "":
		return a, b, true
	case b.AllCellsFingerprint == "" && a.AllCellsFingerprint != "":
		return b, a, true
	}
	return Results{}, Results{}, false
}

// cellsDiffer says which cells of the whole runs of a and b only one has,
// a few of each ("" when a result lists none: an older mpsim's).
func cellsDiffer(a, b Results) string {
	if a.AllCellIDs == nil || b.AllCellIDs == nil {
		return ""
	}
	var parts []string
	for _, d := range []struct{ in, notIn Results }{{a, b}, {b, a}} {
		var only []string
		for _, id := range d.in.AllCellIDs {
			if !slices.Contains(d.notIn.AllCellIDs, id) {
				only = append(only, id)
			}
		}
		if len(only) > 0 {
			parts = append(parts, fmt.Sprintf("only %s's run has %s", d.in.From, someOf(only, 3)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; " + strings.Join(parts, ", ")
}

// someOf lists the first n of names, saying how many more there are.
func someOf(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// cellsOfRun says what whole run a shard was split from, for messages
// (an older mpsim's, which recorded none, has olderShard's message).
func cellsOfRun(p Results) string {
	return fmt.Sprintf("%d cells (list %s)", p.AllCells, p.AllCellsFingerprint)
}

func maskedText(redacted bool) string {
	if redacted {
		return "the identifiers masked"
	}
	return "the identifiers unmasked (--no-redact)"
}

// checkAllCells checks that the merged cells are exactly the whole run's
// cell list the shards recorded (results of an older mpsim recorded none).
func checkAllCells(m Results) error {
	if m.AllCellsFingerprint == "" {
		return nil
	}
	ids := make([]string, len(m.Cells))
	for i, c := range m.Cells {
		ids[i] = c.ID
	}
	if len(ids) != m.AllCells || CellsFingerprint(ids) != m.AllCellsFingerprint {
		return fmt.Errorf("the shards hold %d cells, but their run has %d: the merged cells are not the run's cell list (were the results edited, or written by different builds?)", len(ids), m.AllCells)
	}
	return nil
}

// partName names a part of a merge in messages: its file and shard.
func partName(p Results) string {
	name := p.From
	if name == "" {
		name = "a results file"
	}
	if p.Shard == "" {
		return name + " (a whole run)"
	}
	return name + " (shard " + p.Shard + ")"
}

// checkShards says what keeps parts from being one run's shards 1/N … N/N,
// each once: a whole run among several parts, shards of runs split in
// different ways, a shard given twice or missing.
func checkShards(parts []Results) error {
	if len(parts) == 1 && parts[0].Shard == "" {
		return nil
	}
	n := 0
	have := map[int]Results{}
	var errs []error
	for _, p := range parts {
		s, err := ParseShard(p.Shard)
		switch {
		case p.Shard == "":
			errs = append(errs, fmt.Errorf("%s is no shard (mpsim test ran without --shard, or it is a merged report); merge the --json results of the shards of one run", partName(p)))
			continue
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", partName(p), err))
			continue
		case n != 0 && s.N != n:
			errs = append(errs, fmt.Errorf("%s and %s split their runs in different numbers of shards; merge the shards of one run", partName(p), partName(parts[0])))
			continue
		}
		n = s.N
		if prev, twice := have[s.I]; twice {
			errs = append(errs, fmt.Errorf("%s and %s are both shard %s", partName(prev), partName(p), s))
			continue
		}
		have[s.I] = p
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	var missing []string
	for i := 1; i <= n; i++ {
		if _, ok := have[i]; !ok {
			missing = append(missing, Shard{I: i, N: n}.String())
		}
	}
	if len(missing) > 0 {
		what, its := "shard "+missing[0]+" of the run is", "its"
		if len(missing) > 1 {
			what, its = "shards "+strings.Join(missing, ", ")+" of the run are", "their"
		}
		return fmt.Errorf("%s missing: %s cells, met or not, would be left out of the merged report (did a shard's job fail, or its results file not reach this step?); give the results of all %d shards",
			what, its, n)
	}
	return nil
}
