package cli

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rivo/uniseg"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"mpsim/app/internal/history"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
	"mpsim/app/internal/settings"
	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/textcut"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// The commands of `mpsim history`: the flags here (one historyXxxCmd per
// subcommand), what each does once they are parsed below them.

// historyListOptions are the flags of `mpsim history list`, which
// `mpsim history` alone takes too.
type historyListOptions struct {
	verdict, portal, source, scenario string
	since                             sinceValue
	limit                             countValue
	json, noRedact                    bool
}

// historyShowOptions are the flags of `mpsim history show` and export.
type historyShowOptions struct {
	json, noRedact bool
	html           string // export's --html
}

// historyPruneOptions are the flags of `mpsim history prune`.
type historyPruneOptions struct {
	keep      countValue
	olderThan ageValue
	dryRun    bool
	json      bool
}

func (b *builder) historyCmd() *cobra.Command {
	o := &historyListOptions{}
	c := &cobra.Command{
		Use:     "history [list|show|export|prune|delete|path]",
		GroupID: groupSessions,
		Short:   "List, show, export, prune and delete the sessions saved in the history",
		Long: `The session history: every session of the host window, of 'mpsim run' and of
each 'mpsim test' cell, kept in the history directory ('mpsim history path':
MPSIM_HISTORY_DIR, else history in MPSIM_CONFIG_DIR, else
~/.local/share/mpsim/history), the newest MPSIM_HISTORY_KEEP (200) of them.
With no subcommand it lists them, as 'list' does. A test cell that --bail or an
interrupt cut short is not saved: the run's reports say it was skipped.

A session is named by its ID (the time it was saved, then random hex) or by
any start of it that names one session only; the shell completion offers them.
The identifiers in what is printed or exported (EID, ICCID and IMEI: runs of 15
or more digits) are masked as in 'mpsim test's reports, unless --no-redact.
prune and delete run under the history's lock, as the retention after each save
does: they are safe while a host window or 'mpsim test' saves sessions.

Exit codes: 0 done ('show': the session's verdict is pass), 1 'show': another
verdict, 2 bad flags, no such session, or the history cannot be read or changed.`,
		Example: `  mpsim history
  mpsim history list --verdict fail,no-callback --since 24h
  mpsim history show 20261205T1043          # the start of an ID
  mpsim history export 20261205T1043 --html session.html
  mpsim history prune --older-than 30d
  mpsim history delete 20261205T104319.662866349Z-8935bf9a`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(c, args[0])
			}
			return nil
		},
		RunE: b.do(func() int { return cmdHistoryList(o, *b.env, "history") }),
	}
	historyListFlags(c, o)
	c.AddCommand(b.historyListCmd(), b.historyShowCmd(), b.historyExportCmd(), b.historyPruneCmd(),
		b.historyDeleteCmd(), b.historyPathCmd())
	return c
}

// historyListFlags adds the flags of history list to c.
func historyListFlags(c *cobra.Command, o *historyListOptions) {
	f := c.Flags()
	f.StringVar(&o.verdict, "verdict", "", "only the sessions with one of these verdicts, a comma-separated `LIST` of pass, fail, no-callback, rejected")
	f.StringVar(&o.portal, "portal", "", "only the sessions of a portal whose address contains `TEXT`; demo: those of the built-in demo portal")
	f.StringVar(&o.source, "source", "", "only the sessions run by `SOURCE`: host (the host window), run (mpsim run) or test (mpsim test)")
	f.StringVar(&o.scenario, "scenario", "", "only the sessions whose scenario or preset name the regular expression `REGEXP` matches (as mpsim test --run)")
	f.Var(&o.since, "since", "only the sessions saved in the last `DURATION` (like 24h or 7d) or since a date (2026-12-05, 2026-12-05T14:00, local time)")
	f.Var(&o.limit, "limit", "list at most `N` sessions, the newest (default and 0: all)")
	f.BoolVar(&o.json, "json", false, `print {"dir","sessions":[…],"total","unreadable","redacted"} as JSON, each session as the history's entry.json has it`)
	f.BoolVar(&o.noRedact, "no-redact", false, "keep the EID, ICCID and IMEI values whole (masked by default)")
	c.RegisterFlagCompletionFunc("verdict", fixed(historyVerdicts()...))
	c.RegisterFlagCompletionFunc("source", fixed("host", "run", "test"))
	c.RegisterFlagCompletionFunc("portal", fixed("demo"))
}

func (b *builder) historyListCmd() *cobra.Command {
	o := &historyListOptions{}
	c := &cobra.Command{
		Use:   "list",
		Short: "List the saved sessions, newest first",
		Long: `List the saved sessions, newest first: when each was saved (local time), its
verdict, what the portal handed back (OUTCOME: Complete, None (userAccount
Bailed), no hand-back, …, as the History tab's rows say it), what ran it (host,
run or test), its scenario or preset, its language and SIM, the plan the portal
handed back, and its ID, last on the line. The filters combine; how many were
shown, of how many, goes to standard error.`,
		Example: `  mpsim history list
  mpsim history list --verdict fail,no-callback --since 24h
  mpsim history list --source test --scenario '^soak-' --limit 20 --json
  mpsim history list --portal demo --since 2026-12-01`,
		Args: noArgs,
		RunE: b.do(func() int { return cmdHistoryList(o, *b.env, "history list") }),
	}
	historyListFlags(c, o)
	return c
}

func (b *builder) historyShowCmd() *cobra.Command {
	o := &historyShowOptions{}
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show one saved session: its launch, verdict, hand-back and worst findings",
		Long: `Show one saved session: when and what ran it, its portal, SIM and languages,
its verdict and how it ended, what the portal handed back, what the verdict
leaves out (a profile download that failed, as 'mpsim run' says it), its worst
findings, and where its report and files are. With --json, print its report instead, as
'mpsim run --report' writes it (with --no-redact, 'mpsim validate --report'
can check it again). Exit code 0 when its verdict is pass, 1 otherwise.`,
		Example: `  mpsim history show 20261205T1043
  mpsim history show 20261205T104319.662866349Z-8935bf9a --json > report.json`,
		Args:              oneSessionID,
		ValidArgsFunction: b.completeSessionIDs(1),
	}
	c.Flags().BoolVar(&o.json, "json", false, "print the session's JSON report (as mpsim run --report writes it)")
	c.Flags().BoolVar(&o.noRedact, "no-redact", false, "keep the EID, ICCID and IMEI values whole (masked by default)")
	c.RunE = func(_ *cobra.Command, args []string) error {
		*b.code = cmdHistoryShow(o, args[0], *b.env)
		return nil
	}
	return c
}

func (b *builder) historyExportCmd() *cobra.Command {
	o := &historyShowOptions{}
	c := &cobra.Command{
		Use:   "export ID --html FILE",
		Short: "Write one saved session as a self-contained HTML report",
		Long: `Write one saved session as a self-contained HTML page, the one the History
tab's Export HTML… writes: the layout of 'mpsim test --html', with the
session's screenshots in it and its identifiers masked unless --no-redact.`,
		Example: `  mpsim history export 20261205T1043 --html session.html
  mpsim history export 20261205T104319.662866349Z-8935bf9a --html out/session.html --no-redact`,
		Args:              oneSessionID,
		ValidArgsFunction: b.completeSessionIDs(1),
	}
	c.Flags().StringVar(&o.html, "html", "", "write the HTML report to `FILE` (its directory is made when missing)")
	c.Flags().BoolVar(&o.noRedact, "no-redact", false, "keep the EID, ICCID and IMEI values whole (masked by default)")
	c.RunE = func(_ *cobra.Command, args []string) error {
		*b.code = cmdHistoryExport(o, args[0], *b.env)
		return nil
	}
	return c
}

func (b *builder) historyPruneCmd() *cobra.Command {
	o := &historyPruneOptions{}
	c := &cobra.Command{
		Use:   "prune --keep N | --older-than DURATION",
		Short: "Remove the oldest saved sessions: all but the newest N, or those older than a duration",
		Long: `Remove saved sessions: with --keep N all but the newest N (those dated in the
future, from a clock that ran ahead, go first, as with MPSIM_HISTORY_KEEP), with
--older-than those saved longer ago than DURATION; with both, either. Only
directories named as sessions are touched. It runs under the history's lock,
each session renamed away before it is removed, so a host window or 'mpsim test'
saving sessions at the same time loses none it saves, and a kill leaves no half
session. --dry-run changes nothing and takes no lock: it works in a history that
cannot be changed (read-only). The IDs removed go to standard output, how many
to standard error; a prune that fails says its error only.`,
		Example: `  mpsim history prune --keep 50
  mpsim history prune --older-than 30d
  mpsim history prune --older-than 12h --dry-run
  mpsim history prune --keep 100 --older-than 7d --json`,
		Args: noArgs,
		RunE: b.do(func() int { return cmdHistoryPrune(o, *b.env) }),
	}
	c.Flags().Var(&o.keep, "keep", "keep the newest `N` sessions, remove the others (0 removes all)")
	c.Flags().Var(&o.olderThan, "older-than", "remove the sessions saved longer ago than `DURATION` (like 12h or 30d)")
	c.Flags().BoolVar(&o.dryRun, "dry-run", false, "remove nothing: print what would be removed")
	c.Flags().BoolVar(&o.json, "json", false, `print {"dir","removed":[…],"kept","dryRun"} as JSON`)
	return c
}

func (b *builder) historyDeleteCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "delete ID…",
		Short: "Delete saved sessions with their reports and files",
		Long: `Delete saved sessions, each with its report and the files copied with it.
Every ID must name one session (the start of an ID will do) before any is
deleted. The IDs deleted go to standard output.`,
		Example: `  mpsim history delete 20261205T104319.662866349Z-8935bf9a
  mpsim history delete 20261205T1043 20261205T1044 --json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("name the sessions to delete by their IDs ('mpsim history list' shows them)")
			}
			return nil
		},
		ValidArgsFunction: b.completeSessionIDs(0),
	}
	c.Flags().BoolVar(&asJSON, "json", false, `print {"dir","deleted":[…]} as JSON`)
	c.RunE = func(_ *cobra.Command, args []string) error {
		*b.code = cmdHistoryDelete(args, asJSON, *b.env)
		return nil
	}
	return c
}

func (b *builder) historyPathCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "path",
		Short: "Print the history directory",
		Long: `Print the history directory: MPSIM_HISTORY_DIR when set, else history in
MPSIM_CONFIG_DIR when that is set, else $XDG_DATA_HOME/mpsim/history
(~/.local/share/mpsim/history). It may not exist yet.`,
		Example: `  mpsim history path
  du -sh "$(mpsim history path)"`,
		Args: noArgs,
		RunE: b.do(func() int { return cmdHistoryPath(*b.env) }),
	}
}

// oneSessionID takes exactly one session ID.
func oneSessionID(c *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		return usagef("name the session by its ID, or the start of it ('mpsim history list' shows them)")
	case 1:
		return nil
	}
	return usagef("name one session, not %d (see '%s --help')", len(args), c.CommandPath())
}

// maxIDCompletions caps the session IDs the shell completion offers.
const maxIDCompletions = 200

// completeSessionIDs completes session IDs from the history, newest first,
// each with its verdict, scenario, language and time; max > 0 stops after
// that many arguments.
func (b *builder) completeSessionIDs(max int) func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if max > 0 && len(args) >= max {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		dir, err := history.Dir(b.env.Getenv)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		entries, _, _ := (&history.Store{Dir: dir}).List()
		var out []cobra.Completion
		for _, e := range entries {
			if len(out) == maxIDCompletions {
				break
			}
			if strings.HasPrefix(e.ID, toComplete) && !slices.Contains(args, e.ID) {
				if red, err := redactEntry(e); err == nil {
					e = red
				}
				desc := strings.Join([]string{string(e.Verdict), historyName(e), e.Language(), e.Time.Local().Format("2006-01-02 15:04")}, " ")
				out = append(out, cobra.CompletionWithDesc(e.ID, termsafe.Line(desc)))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// openHistory is the history directory the environment names (see
// history.Dir), after finishing what a killed save left there, which is
// said; an error when its path is a file (history.Store.Check). A history
// turned off (MPSIM_HISTORY_KEEP=0) stays readable: what was saved before
// is listed, shown and pruned as ever.
func openHistory(env Env) (*history.Store, error) {
	dir, err := history.Dir(env.Getenv)
	if err != nil {
		return nil, err
	}
	s := &history.Store{Dir: dir}
	if err := s.Check(); err != nil {
		return nil, err // one error, no warning of Recover's before it
	}
	sayRecovered(env, dir, s.Recover())
	return s, nil
}

// historyOff says on standard error that sessions are not saved when
// MPSIM_HISTORY_KEEP=0.
func historyOff(env Env, cmd string) {
	if k := env.Settings.HistoryKeep; k != nil && *k == 0 {
		fmt.Fprintf(env.Stderr, "mpsim %s: note: %s=0: new sessions are not saved in the history\n", cmd, settings.HistoryKeep)
	}
}

// historyListOutput is what `mpsim history list --json` prints.
type historyListOutput struct {
	Dir      string          `json:"dir"`
	Sessions []history.Entry `json:"sessions"`
	// Total counts the sessions in the history, Unreadable those whose
	// entry could not be read (left out).
	Total      int  `json:"total"`
	Unreadable int  `json:"unreadable"`
	Redacted   bool `json:"redacted"`
}

func cmdHistoryList(o *historyListOptions, env Env, cmd string) int {
	fail := func(err error) int {
		fmt.Fprintf(env.Stderr, "mpsim %s: %s\n", cmd, termsafe.Line(err.Error()))
		return ExitUsage
	}
	f, err := o.filter(time.Now())
	if err != nil {
		return fail(err)
	}
	s, err := openHistory(env)
	if err != nil {
		return fail(err)
	}
	historyOff(env, cmd)
	entries, unreadable, err := s.List()
	if err != nil {
		return fail(err)
	}
	out := historyListOutput{Dir: s.Dir, Total: len(entries), Unreadable: unreadable, Redacted: !o.noRedact}
	if out.Sessions, err = o.pick(entries, f); err != nil {
		return fail(err)
	}
	if o.json {
		if code := writeJSON(env.Stdout, out, env); code != ExitOK {
			return code
		}
	} else if len(out.Sessions) > 0 {
		if err := printHistoryList(env.Stdout, out.Sessions); err != nil {
			return fail(err)
		}
	}
	if out.Total == 0 {
		fmt.Fprintf(env.Stderr, "mpsim %s: no sessions saved in %s\n", cmd, termsafe.Line(s.Dir))
	} else {
		fmt.Fprintf(env.Stderr, "mpsim %s: %d of %s saved in %s\n", cmd, len(out.Sessions), plural(out.Total, "session"), termsafe.Line(s.Dir))
	}
	if unreadable > 0 {
		fmt.Fprintf(env.Stderr, "mpsim %s: warning: left out %s whose entry could not be read%s\n", cmd, plural(unreadable, "saved session"), unreadableIDs(s))
	}
	return ExitOK
}

// maxUnreadableNamed caps the sessions the list's warning names.
const maxUnreadableNamed = 5

// unreadableIDs names, for the list's warning, the sessions of s whose
// entry could not be read and says how to remove them: ": ID, ID
// ('mpsim history show ID' says what is wrong, 'mpsim history delete ID…'
// removes them)"; "" when they cannot be had.
func unreadableIDs(s *history.Store) string {
	ids, err := s.Unreadable()
	if err != nil || len(ids) == 0 {
		return ""
	}
	return fmt.Sprintf(": %s ('mpsim history show ID' says what is wrong, 'mpsim history delete ID…' removes them)",
		termsafe.Line(someIDs(ids, maxUnreadableNamed)))
}

// pick returns the entries f lets through, up to --limit, masked unless
// --no-redact; never nil.
func (o *historyListOptions) pick(entries []history.Entry, f historyFilter) ([]history.Entry, error) {
	out := []history.Entry{}
	for _, e := range entries {
		if o.limit.n > 0 && len(out) >= o.limit.n {
			break
		}
		if !f.match(e) {
			continue
		}
		if !o.noRedact {
			var err error
			if e, err = redactEntry(e); err != nil {
				return nil, err
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// historyVerdicts are the verdicts --verdict takes.
func historyVerdicts() []string {
	return []string{string(bridge.VerdictPass), string(bridge.VerdictFail), string(bridge.VerdictNoCallback), string(bridge.VerdictRejected)}
}

// historySources are what --source takes, and the source each names.
var historySources = map[string]string{
	"host": history.SourceHost, "ui": history.SourceHost, "run": history.SourceRun, "test": history.SourceTest,
	history.SourceHost: history.SourceHost, history.SourceRun: history.SourceRun, history.SourceTest: history.SourceTest,
}

// historyFilter is what the list's filters let through.
type historyFilter struct {
	verdicts []bridge.Verdict // nil: any
	source   string           // a history.Source…, "": any
	scenario *regexp.Regexp   // nil: any
	portal   string           // lower case; "demo": the demo portal's
	since    time.Time        // zero: any
}

// filter checks the list's filters; now is when --since counts back from.
func (o *historyListOptions) filter(now time.Time) (historyFilter, error) {
	f := historyFilter{portal: strings.ToLower(o.portal), since: o.since.from(now)}
	var err error
	if f.verdicts, err = parseVerdicts(o.verdict); err != nil {
		return f, err
	}
	if o.source != "" {
		var ok bool
		if f.source, ok = historySources[strings.ToLower(strings.TrimSpace(o.source))]; !ok {
			_, err := oneOf("--source", o.source, []string{"host", "run", "test"})
			return f, err
		}
	}
	if o.scenario != "" {
		if f.scenario, err = regexp.Compile(o.scenario); err != nil {
			return f, usagef("--scenario %q is not a regular expression: %v", o.scenario, err)
		}
	}
	return f, nil
}

// parseVerdicts reads --verdict's comma-separated list; nil for none.
func parseVerdicts(list string) ([]bridge.Verdict, error) {
	if list == "" {
		return nil, nil
	}
	var out []bridge.Verdict
	for _, v := range strings.Split(list, ",") {
		v, err := oneOf("--verdict", strings.TrimSpace(v), historyVerdicts())
		if err != nil {
			return nil, err
		}
		out = append(out, bridge.Verdict(v))
	}
	return out, nil
}

// match reports whether e passes every filter.
func (f historyFilter) match(e history.Entry) bool {
	switch {
	case f.verdicts != nil && !slices.Contains(f.verdicts, e.Verdict),
		f.source != "" && e.Source != f.source,
		f.scenario != nil && !f.scenario.MatchString(e.Scenario) && !f.scenario.MatchString(e.Preset),
		!f.since.IsZero() && e.Time.Before(f.since):
		return false
	case f.portal == "demo":
		return e.Demo
	}
	return strings.Contains(strings.ToLower(e.Portal), f.portal)
}

// Terminal columns (textWidth) the list cuts its free-text columns to
// (textcut.Columns), before the "…" that marks a cut.
const (
	listNameWidth = 32
	listPlanWidth = 32
	// listOutcomeWidth fits the longest bail, "None (purchaseInstrument
	// Bailed)"; a failed download's result is cut.
	listOutcomeWidth = 32
)

// printHistoryList writes the sessions as a table, one a line, the ID last.
// OUTCOME, beside VERDICT, is what the portal handed back, as the host's
// History rows say it (history.Entry.RowOutcome); - when an old entry
// cannot tell.
// The columns are padded by the width the text takes on the terminal, as
// written: in ASCII when w converts to it (termsafe.ASCIIWriter; a plan
// name in another script escaped, \u65e0), else in UTF-8, where a wide
// character (无) takes two columns and a combining mark none.
func printHistoryList(w io.Writer, entries []history.Entry) error {
	rows := [][]string{{"TIME", "VERDICT", "OUTCOME", "SOURCE", "SCENARIO", "LANG", "SIM", "PLAN", "ID"}}
	for _, e := range entries {
		verdict := string(e.Verdict)
		if e.DownloadFailed() {
			// The verdict judges the portal; the eSIM's download is the
			// simulated device's, as the host's History rows say apart.
			verdict += ", download failed"
		}
		rows = append(rows, []string{e.Time.Local().Format("2006-01-02 15:04:05"),
			cell(verdict, 28), cell(e.RowOutcome(), listOutcomeWidth),
			cell(shortSource(e.Source), 16), cell(historyName(e), listNameWidth),
			cell(e.Language(), 16), cell(string(e.SIM), 8), cell(e.PlanName, listPlanWidth), e.ID})
	}
	if termsafe.Raw(w) != w {
		for _, row := range rows {
			for i := range row {
				row[i] = termsafe.ASCII(row[i])
			}
		}
	}
	return writeTable(w, rows, 2)
}

// writeTable writes rows as columns padded with spaces to the widest
// cell's display width (textWidth) and gap spaces more; the last column
// is not padded.
func writeTable(w io.Writer, rows [][]string, gap int) error {
	var widths []int
	for _, row := range rows {
		for i, c := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], textWidth(c))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-textWidth(c)+gap))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// textWidth is how many terminal columns s takes, a grapheme cluster
// (what a reader takes for one character: a base with its combining
// marks, a Hangul syllable of jamo, an emoji sequence joined by zero-width
// joiners) at a time: two for an East Asian wide or fullwidth character
// or an emoji, none for a lone combining mark or zero-width format
// character, one for any other.
func textWidth(s string) int {
	return uniseg.StringWidth(s)
}

// cell is s for a table cell: cut to n terminal columns (textcut.Columns),
// safe for a terminal, with no tab or space run left to part columns; -
// when empty.
func cell(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "-"
	}
	return termsafe.Line(textcut.Columns(s, n))
}

// shortSource is how the list names what ran a session.
func shortSource(s string) string {
	switch s {
	case history.SourceHost:
		return "host"
	case history.SourceRun:
		return "run"
	case history.SourceTest:
		return "test"
	}
	return s
}

// historyName is the scenario or preset a session ran, or "".
func historyName(e history.Entry) string {
	if e.Scenario != "" {
		return e.Scenario
	}
	return e.Preset
}

// historySession opens the history, resolves id (an ID or its start) and reads the
// session's entry and report, masked unless raw.
func historySession(env Env, id string, raw bool) (*history.Store, history.Entry, session.Report, error) {
	s, err := openHistory(env)
	if err != nil {
		return nil, history.Entry{}, session.Report{}, err
	}
	full, err := s.Resolve(id)
	if err != nil {
		return nil, history.Entry{}, session.Report{}, err
	}
	e, err := s.Entry(full)
	if err != nil {
		return nil, history.Entry{}, session.Report{}, damagedSession(s, full, history.EntryFile, err)
	}
	rep, err := s.Report(full)
	if err != nil {
		return nil, history.Entry{}, session.Report{}, damagedSession(s, full, history.ReportFile, err)
	}
	if raw {
		return s, e, rep, nil
	}
	if e, err = redactEntry(e); err != nil {
		return nil, history.Entry{}, session.Report{}, err
	}
	if rep, err = redactReport(rep); err != nil {
		return nil, history.Entry{}, session.Report{}, err
	}
	return s, e, rep, nil
}

// damagedSession is err, from reading the file name of session id in s,
// naming the file and saying what to do when the file is missing or no
// JSON of the kind it should be (written over, cut short): remove the
// session. A file missing because the whole session is gone is no damage:
// a deletion (mpsim history delete, a prune, the History tab) renamed it
// away between resolving its ID and reading it, and it is no such session
// (wrapping history.ErrNoSession). Other errors are err as it is.
func damagedSession(s *history.Store, id, name string, err error) error {
	var syntax *json.SyntaxError // also a file cut short
	var typ *json.UnmarshalTypeError
	var cause error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, serr := os.Stat(filepath.Join(s.Dir, id)); errors.Is(serr, fs.ErrNotExist) {
			return fmt.Errorf("history: %w %q in %s: it was deleted as it was read", history.ErrNoSession, id, s.Dir)
		}
		return fmt.Errorf("history: session %s is damaged: %s is missing; remove the session with 'mpsim history delete %s'",
			id, filepath.Join(s.Dir, id, name), id)
	case errors.As(err, &syntax):
		cause = syntax
	case errors.As(err, &typ):
		cause = typ
	default:
		return err
	}
	return fmt.Errorf("history: session %s is damaged: %s is not the JSON mpsim wrote (%w); remove the session with 'mpsim history delete %s'",
		id, filepath.Join(s.Dir, id, name), cause, id)
}

func cmdHistoryShow(o *historyShowOptions, id string, env Env) int {
	s, e, rep, err := historySession(env, id, o.noRedact)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim history show:", termsafe.Line(err.Error()))
		return ExitUsage
	}
	if o.json {
		if code := writeJSON(env.Stdout, workspace.RecordPaths(rep), env); code != ExitOK {
			return code
		}
	} else {
		printHistorySession(env.Stdout, s, e, rep)
	}
	return verdictExit(rep)
}

// printHistorySession writes what `mpsim history show` says of a session.
func printHistorySession(w io.Writer, s *history.Store, e history.Entry, rep session.Report) {
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-13s %s\n", label+":", value)
		}
	}
	line("session", e.ID)
	line("saved", e.Time.Local().Format("2006-01-02 15:04:05 MST"))
	line("source", termsafe.Line(e.Source))
	switch {
	case e.Scenario != "":
		line("scenario", shownLine(e.Scenario))
	case e.Preset != "":
		line("preset", shownLine(e.Preset))
	default:
		line("launch", "custom")
	}
	portal := shownLine(e.Portal)
	if e.Demo {
		portal += " (the built-in demo portal)"
	}
	line("portal", portal)
	line("demo portal", demoText(e.Launch.Demo))
	line("SIM", termsafe.Line(string(e.SIM)))
	line("languages", shownLine(strings.Join(e.Languages, ", ")))
	line("verdict", termsafe.Line(string(e.Verdict)))
	line("ended", termsafe.Line(e.Ended))
	line("hand-back", shownLine(e.Outcome))
	if e.PlanName != "" {
		line("plan", termsafe.Line(strconv.Quote(shownField(e.PlanName))))
	}
	// What the verdict leaves out (a failed profile download, the inline
	// flow left open until the timeout), as mpsim run says it.
	line("note", shownLine(rep.EndNote()))
	if m := e.ExpectationMet; m != nil {
		met := "met"
		if !*m {
			met = "not met"
		}
		line("expectation", met+": "+shownLine(rep.Expectation))
	}
	if e.DurationMs > 0 {
		line("duration", (time.Duration(e.DurationMs * float64(time.Millisecond))).Round(100*time.Millisecond).String())
	}
	line("transaction", shownLine(e.Launch.TransactionID))
	line("calls", strconv.Itoa(len(rep.Calls)))
	line("findings", fmt.Sprintf("%d (%s)", len(rep.Findings), plural(e.Errors, "error")))
	printWorst(w, rep.Findings)
	line("report", termsafe.Line(filepath.Join(s.Dir, e.ID, history.ReportFile)))
	for i, name := range e.Files {
		label := "files:"
		if i > 0 {
			label = ""
		}
		fmt.Fprintf(w, "%-13s %s\n", label, termsafe.Line(s.FilePath(e.ID, name)))
	}
}

// demoText says what the built-in demo portal did on its own in a session
// (what a re-run repeats), as the flags of mpsim run name it; "" when
// another portal served it, or the entry is older than the record of it.
func demoText(d *history.Demo) string {
	if d == nil {
		return ""
	}
	parts := []string{"choice " + cmp.Or(shownLine(d.Choice), "none (waits for a click)"), "API " + cmp.Or(shownLine(d.API), "legacy")}
	if d.Break {
		parts = append(parts, "breaks its design policies")
	}
	return strings.Join(parts, ", ")
}

func cmdHistoryExport(o *historyShowOptions, id string, env Env) int {
	fail := func(err error) int {
		fmt.Fprintln(env.Stderr, "mpsim history export:", termsafe.Line(err.Error()))
		return ExitUsage
	}
	if o.html == "" {
		return fail(usagef("give the file to write: --html FILE"))
	}
	if err := checkOutputPath("--html", o.html); err != nil {
		return fail(err)
	}
	_, e, rep, err := historySession(env, id, true) // WriteHTML masks it
	if err != nil {
		return fail(err)
	}
	if err := matrix.WriteFile(o.html, func(w io.Writer) error { return history.WriteHTML(w, e, rep, o.noRedact) }); err != nil {
		return fail(fmt.Errorf("--html %s: %w", o.html, err))
	}
	fmt.Fprintf(env.Stderr, "mpsim history export: session %s written to %s\n", e.ID, termsafe.Line(o.html))
	return ExitOK
}

// historyPruneOutput is what `mpsim history prune --json` prints.
type historyPruneOutput struct {
	Dir     string   `json:"dir"`
	Removed []string `json:"removed"`
	Kept    int      `json:"kept"`
	DryRun  bool     `json:"dryRun"`
}

func cmdHistoryPrune(o *historyPruneOptions, env Env) int {
	fail := func(err error) int {
		fmt.Fprintln(env.Stderr, "mpsim history prune:", termsafe.Line(err.Error()))
		return ExitUsage
	}
	if !o.keep.set && !o.olderThan.set {
		return fail(usagef("say which sessions to remove: --keep N (all but the newest N) or --older-than DURATION (like 30d), or both"))
	}
	s, err := openHistory(env)
	if err != nil {
		return fail(err)
	}
	opts := history.PruneOptions{Keep: -1, DryRun: o.dryRun}
	if o.keep.set {
		opts.Keep = o.keep.n
	}
	if o.olderThan.set {
		opts.Before = time.Now().Add(-o.olderThan.d)
	}
	res, err := s.Prune(opts)
	sayRecovered(env, s.Dir, res.Recovered)
	if err != nil {
		// The error only: a summary ("removed 0 sessions; 0 kept") or
		// JSON before it read as a prune that worked (QA, on a read-only
		// history). What went before the error is in it.
		if n := len(res.Removed); n > 0 {
			err = fmt.Errorf("%w (after removing %s: %s)", err, plural(n, "session"), someIDs(res.Removed, maxUnreadableNamed))
		}
		return fail(err)
	}
	out := historyPruneOutput{Dir: s.Dir, Removed: res.Removed, Kept: res.Kept, DryRun: o.dryRun}
	if out.Removed == nil {
		out.Removed = []string{}
	}
	code := ExitOK
	if o.json {
		code = writeJSON(env.Stdout, out, env)
	} else {
		for _, id := range out.Removed {
			fmt.Fprintln(env.Stdout, id)
		}
	}
	verb := "removed"
	if o.dryRun {
		verb = "would remove"
	}
	fmt.Fprintf(env.Stderr, "mpsim history prune: %s %s from %s; %d kept\n", verb, plural(len(out.Removed), "session"), termsafe.Line(s.Dir), out.Kept)
	return code
}

// someIDs lists the first n of ids, saying how many more there are.
func someIDs(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:n], ", "), len(ids)-n)
}

// historyDeleteOutput is what `mpsim history delete --json` prints.
type historyDeleteOutput struct {
	Dir     string   `json:"dir"`
	Deleted []string `json:"deleted"`
}

func cmdHistoryDelete(ids []string, asJSON bool, env Env) int {
	fail := func(err error) int {
		fmt.Fprintln(env.Stderr, "mpsim history delete:", termsafe.Line(err.Error()))
		return ExitUsage
	}
	s, err := openHistory(env)
	if err != nil {
		return fail(err)
	}
	// Every ID names one session before any is deleted.
	var full []string
	var errs []error
	for _, id := range ids {
		f, err := s.Resolve(id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !slices.Contains(full, f) {
			full = append(full, f)
		}
	}
	if len(errs) > 0 {
		return fail(fmt.Errorf("%w; nothing was deleted", errors.Join(errs...)))
	}
	out := historyDeleteOutput{Dir: s.Dir, Deleted: []string{}}
	for _, id := range full {
		if err := s.Delete(id); err != nil {
			errs = append(errs, err)
			continue
		}
		out.Deleted = append(out.Deleted, id)
	}
	code := ExitOK
	if asJSON {
		code = writeJSON(env.Stdout, out, env)
	} else {
		for _, id := range out.Deleted {
			fmt.Fprintln(env.Stdout, id)
		}
	}
	if len(errs) > 0 {
		return fail(errors.Join(errs...))
	}
	return code
}

func cmdHistoryPath(env Env) int {
	dir, err := history.Dir(env.Getenv)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim history path:", termsafe.Line(err.Error()))
		return ExitUsage
	}
	historyOff(env, "history path")
	// The path, for $(mpsim history path): as it is, under any locale.
	fmt.Fprintln(termsafe.Raw(env.Stdout), dir)
	return ExitOK
}

// redactEntry masks the identifiers (matrix.Mask) in every string of e
// but its ID, time, file names and certificates, through its JSON, as
// matrix.Redact masks a cell.
func redactEntry(e history.Entry) (history.Entry, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return history.Entry{}, fmt.Errorf("redact session %s: %w", e.ID, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return history.Entry{}, fmt.Errorf("redact session %s: %w", e.ID, err)
	}
	if b, err = json.Marshal(maskStrings(tree)); err != nil {
		return history.Entry{}, fmt.Errorf("redact session %s: %w", e.ID, err)
	}
	var out history.Entry
	if err := json.Unmarshal(b, &out); err != nil {
		return history.Entry{}, fmt.Errorf("redact session %s: %w", e.ID, err)
	}
	out.ID, out.Time, out.Files = e.ID, e.Time, e.Files
	for i := range out.Launch.Trusted {
		out.Launch.Trusted[i].PEM = e.Launch.Trusted[i].PEM
	}
	return out, nil
}

// maskStrings applies matrix.Mask to every string value of a decoded JSON
// tree.
func maskStrings(v any) any {
	switch t := v.(type) {
	case string:
		return matrix.Mask(t)
	case []any:
		for i := range t {
			t[i] = maskStrings(t[i])
		}
	case map[string]any:
		for k, x := range t {
			t[k] = maskStrings(x)
		}
	}
	return v
}

// redactReport masks the identifiers in rep as `mpsim test` masks its
// cells' reports (matrix.Redact): its screenshot and HAR paths stay.
func redactReport(rep session.Report) (session.Report, error) {
	r := matrix.Results{Cells: []matrix.CellResult{{Report: &rep}}}
	if err := matrix.Redact(&r); err != nil {
		return session.Report{}, err
	}
	if r.Cells[0].Report == nil {
		return session.Report{}, errors.New("redact: the report was lost")
	}
	return *r.Cells[0].Report, nil
}

// countValue is a whole-number flag of 0 or more that remembers whether
// it was given.
type countValue struct {
	n   int
	set bool
}

func (c *countValue) String() string {
	if !c.set {
		return ""
	}
	return strconv.Itoa(c.n)
}

func (c *countValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return valueProblem("is not a whole number of 0 or more; give one like 50")
	}
	c.n, c.set = n, true
	return nil
}

func (c *countValue) Type() string { return "int" }

// ageValue is a duration flag that also takes days (30d, 1d12h) and
// refuses negative durations.
type ageValue struct {
	d   time.Duration
	set bool
}

func (a *ageValue) String() string {
	if !a.set {
		return ""
	}
	return a.d.String()
}

func (a *ageValue) Set(s string) error {
	d, err := parseAge(s)
	if n, nerr := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil && nerr == nil && n == 0 {
		// 0 of no unit removed every session (QA): say how to mean that.
		return valueProblem("has no unit; write a duration like 12h or 30d (to remove every session: --keep 0)")
	}
	if err != nil {
		return err
	}
	a.d, a.set = d, true
	return nil
}

func (a *ageValue) Type() string { return "duration" }

// days is a leading number of days in a duration: 30d, 1.5d, 1d12h.
var days = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)d(.*)$`)

// parseAge reads a duration as time.ParseDuration does, with days (d) too,
// and refuses a number of no unit, 0 too.
func parseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if m := days.FindStringSubmatch(s); m != nil {
		n, err := strconv.ParseFloat(m[1], 64)
		if err != nil || n > 100*365 {
			return 0, valueProblem("is not a duration; write it like 12h or 30d")
		}
		d, s = time.Duration(n*float64(24*time.Hour)), m[2]
		if s == "" {
			return d, nil
		}
	}
	if _, nerr := strconv.ParseFloat(s, 64); nerr == nil {
		// time.ParseDuration takes a bare 0, which --older-than read as
		// "older than now": every session.
		return 0, valueProblem("has no unit; write it like 12h or 30d")
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, valueProblem("is not a duration; write it like 12h or 30d")
	}
	if v < 0 {
		return 0, valueProblem("is negative; give a duration like 12h or 30d")
	}
	return d + v, nil
}

// sinceValue is --since: a duration back from now, or a date and time
// (local time unless it names its zone).
type sinceValue struct {
	ago time.Duration
	at  time.Time
	set bool
}

// sinceLayouts are the dates --since takes, besides durations.
var sinceLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

func (v *sinceValue) String() string {
	switch {
	case !v.set:
		return ""
	case !v.at.IsZero():
		return v.at.Format(time.RFC3339)
	}
	return v.ago.String()
}

func (v *sinceValue) Set(s string) error {
	s = strings.TrimSpace(s)
	for _, layout := range sinceLayouts {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			*v = sinceValue{at: t, set: true}
			return nil
		}
	}
	d, err := parseAge(s)
	if err != nil {
		return valueProblem("is neither a duration (like 24h or 7d) nor a date (like 2026-12-05 or 2026-12-05T14:00)")
	}
	*v = sinceValue{ago: d, set: true}
	return nil
}

func (v *sinceValue) Type() string { return "since" }

// from is the time --since names, counted back from now; zero when not
// given.
func (v *sinceValue) from(now time.Time) time.Time {
	switch {
	case !v.set:
		return time.Time{}
	case !v.at.IsZero():
		return v.at
	}
	return now.Add(-v.ago)
}

var (
	_ pflag.Value = (*countValue)(nil)
	_ pflag.Value = (*ageValue)(nil)
	_ pflag.Value = (*sinceValue)(nil)
)
