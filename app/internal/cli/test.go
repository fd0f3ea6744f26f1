package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"mpsim/app/internal/buildinfo"
	"mpsim/app/internal/history"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/portalproc"
	"mpsim/app/internal/session"
	"mpsim/app/internal/suggest"
	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/textcut"
	"mpsim/app/internal/watch"
	"mpsim/app/internal/workspace"
	"mpsim/app/internal/xdisplay"
	"mpsim/app/internal/xvfb"
	"mpsim/bridge"
	"mpsim/simulator"
)

// defaultTestSeed is the seed of `mpsim test` unless --seed says otherwise:
// fixed, so two runs of the same files launch the same devices.
const defaultTestSeed = 1

// testOptions are the flags of `mpsim test`.
type testOptions struct {
	parallel           int
	shard, junit, html string
	junitSchema        string // --junit-schema
	run                string // --run
	retries            int    // --retries
	json, bail, noMask bool
	headless, verbose  bool
	list, noInspect    bool
	noAxe              bool
	embedShots         bool // --embed-screenshots
	noHTMLShots        bool // --no-html-screenshots
	seed               seedFlag
	config             string
	operator           string
	watch              string // --watch: the portal to watch for changes
	harDir             string // --har-dir: a HAR file per cell there
	// screenshots is the run's screenshot directory (matrix.Options).
	screenshots string
}

func (b *builder) testCmd() *cobra.Command {
	o := &testOptions{}
	c := &cobra.Command{
		Use:     "test [FILE|DIR…]",
		GroupID: groupSessions,
		Short:   "Run scenario files: a matrix of sessions with expectations, JUnit and HTML reports",
		Long: `Run the scenarios of TOML scenario files as a matrix. A directory stands for
its *.toml files that hold a [[scenario]] table, and those of its
sub-directories but hidden ones (.git) and testdata ones; a file named
itself is always read. The other TOML files of those folders (a presets
file, a misspelt [[scenarios]] table) are named, with why, under --list
and in the summary. Each scenario × each of its SIM kinds × each of its
languages is one cell, one session in a real WebKit window. Every cell runs isolated, in its
own temporary configuration directory with a device generated from --seed and
the cell's name, so runs are reproducible and order-free. Each cell's
expectations (verdict, moDirectStatus, success, finding codes, time budget)
are checked; the schema of the files is assets/schema/scenario.schema.json.

A scenario with an error (a TOML syntax error breaks its whole file; an
unknown key, preset or operator, a bad value) is reported with file:line and
its cells fail with that reason ("could not run"), while the other cells
run. A --junit or --html path that cannot be written stops the run before
any session. With no DISPLAY (or with --headless) the windows open in one
private Xvfb. When the X display ends during the run (the Xvfb killed, the
X server gone), the cells it cut off and those not started are skipped, the
run says so and stops.
Exit code 0 when every cell met its expectations, 1 when one did not, 2 when
no cell could run or the X display ended during the run.`,
		Example: `  mpsim test examples/
  mpsim test examples/ --parallel 2 --junit out/junit.xml --html out/report.html
  mpsim test checkout.toml --bail --seed 7
  mpsim test examples/ --shard 2/3 --json > out/shard-2.json   # one CI machine of three
  mpsim test examples/ --list                                   # the cells, without running them
  mpsim test examples/ --run 'buy/esim/(fr|ja)'                 # only the cells whose name matches
  mpsim test examples/ --retries 1                              # a cell not met runs once more (reported flaky if met then)`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("name scenario files or directories, like 'mpsim test examples/'")
			}
			return nil
		},
	}
	f := c.Flags()
	f.IntVar(&o.parallel, "parallel", defaultParallel(runtime.GOMAXPROCS(0)), "run `N` sessions at once (each in its own portal window process); the default is half the CPUs mpsim may use (a session keeps about 1.5 busy)")
	f.StringVar(&o.shard, "shard", "", "run only part `I/N` of the cells (like 2/3): shards 1/N … N/N together run every cell once")
	f.StringVar(&o.junit, "junit", "", "write JUnit XML to `FILE` (one testcase per cell)")
	junitSchemaFlag(c, &o.junitSchema)
	f.StringVar(&o.html, "html", "", "write the HTML report to `FILE` (self-contained: summary matrix and every cell)")
	f.StringVar(&o.harDir, "har-dir", "", "write each recorded cell's network requests as HAR 1.2 to `DIR`/CELL.har, CELL the cell's name with _ for / (buy_esim_en-US.har), as each cell ends; the directory is made when missing. A HAR holds the requests' URLs as sent, unmasked but for the secrets the steps typed")
	noHTMLShotsFlag(c, &o.noHTMLShots)
	f.BoolVar(&o.json, "json", false, "print the results as JSON on standard output (the input of 'mpsim report merge'); the summary goes to standard error")
	f.BoolVar(&o.embedShots, "embed-screenshots", false, "with --json, carry each cell's screenshots (those its HTML report shows, as base64 PNG) inside the JSON, so that 'mpsim report merge' on another machine embeds them in the merged HTML report")
	f.BoolVar(&o.bail, "bail", false, "after the first cell not met (or that could not run, a scenario file's errors included) start no more cells and stop those running: they are reported skipped, those stopped as cancelled while running")
	f.Var(&o.seed, "seed", "seed `N` of the cells' devices and transaction IDs (default 1)")
	f.BoolVar(&o.noMask, "no-redact", false, "keep the EID, ICCID and IMEI values in the reports (masked by default)")
	f.BoolVar(&o.headless, "headless", false, "open the portal windows in a private Xvfb even when there is a DISPLAY")
	f.BoolVar(&o.verbose, "verbose", false, "copy the portal windows' console and WebKit messages to standard error")
	f.BoolVar(&o.noAxe, "no-axe", false, "record the portals but leave axe-core out of their DOM probes: about a third less CPU a cell; the accessibility policy is then manual, and cells expecting its status cannot run so")
	f.BoolVar(&o.noInspect, "no-inspect", false, "do not record the portals (console, network, navigations, screenshots, policy audit): each cell takes less CPU and memory; cells expecting policy statuses cannot run so")
	f.BoolVar(&o.list, "list", false, "print the cells (of the shard) and exit without running them; with --json, as a JSON array")
	f.IntVar(&o.retries, "retries", 0, "run a cell not met (or that could not run) again, up to `N` more times with the same device; a cell met on a later attempt counts as met and is reported flaky, with what the earlier attempts said (JUnit: flakyFailure, as Maven Surefire writes it)")
	f.StringVar(&o.run, "run", "", "run only the cells whose name (scenario/sim/language, as --list prints it) the regular expression `REGEXP` matches; before --shard; a cell gets the same device as in the whole run")
	f.StringVar(&o.watch, "watch", "", "after the run, watch `DIR` (the portal's files) or a portal URL (only that page is compared, so edits to the scripts and style sheets it loads go unseen) and run the cells again after each change of it or of the scenario files and directories named, saying which cells' outcomes changed; the scenario files are read again each time; a URL that does not answer yet is polled until it does (Ctrl+C ends with the exit code of the last run that ran to its end)")
	f.StringVar(&o.operator, "operator", "", "operator profile `NAME` of the cells whose scenario names none (see 'mpsim operators'; default: Contoso Mobile)")
	c.RegisterFlagCompletionFunc("operator", completeOperators)
	c.RunE = func(_ *cobra.Command, args []string) error {
		o.config = b.env.ConfigFile
		*b.code = cmdTest(o, args, *b.env)
		return nil
	}
	return c
}

// testPresets returns the presets scenario files may name (built-ins and
// the presets file) and the presets file the cells' workspaces read ("" when
// there is none). A presets file that cannot be read (another user's) or
// parsed (a syntax error) matters only to the scenarios that name a
// preset: their cells cannot run, with why, and the others do; for one
// that cannot be parsed warn says so, naming the file, once.
func testPresets(config string, warn func(string)) (matrix.Presets, string, error) {
	dir, _, err := workspace.ConfigDirToRead() // read only: the cells have directories of their own
	if err != nil {
		return nil, "", err
	}
	path, err := workspace.PresetsPath(dir, config)
	if err != nil {
		return nil, "", err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if config != "" {
			return nil, "", fmt.Errorf("presets file %s does not exist", path)
		}
		return matrix.BuiltinPresets, "", nil
	}
	ps, err := workspace.LoadPresets(path, false)
	if err != nil {
		// A presets file this user may not read (a shared configuration
		// directory) is no mistake to warn about; one that cannot be
		// parsed is.
		if !errors.Is(err, fs.ErrPermission) {
			warn(unusableFileWarning("presets", path, "name a preset", err))
		}
		cf := &matrix.ConfigFileError{What: "presets", Err: err}
		return func(string) (simulator.Preset, error) { return simulator.Preset{}, cf }, path, nil
	}
	return func(name string) (simulator.Preset, error) {
		var names []string
		for _, p := range ps {
			if p.Name == name {
				return p, nil
			}
			names = append(names, p.Name)
		}
		return simulator.Preset{}, simulator.UnknownPresetError(name, "in "+path+" or the built-ins", names)
	}, path, nil
}

// unusableFileWarning is the warning about a presets or operators file
// (what) at path that cannot be used (err, of which its first line): only
// the scenarios that use it (those that "name a preset") cannot run.
func unusableFileWarning(what, path, use string, err error) string {
	first, _, _ := strings.Cut(err.Error(), "\n")
	return fmt.Sprintf("the %s file %s cannot be used, so the scenarios that %s cannot run and the others do; fix or remove the file (%s)",
		what, path, use, first)
}

func cmdTest(o *testOptions, args []string, env Env) int {
	shard, err := checkTestOptions(o)
	if err == nil && o.json {
		err = checkStdout(env.Stdout) // before the cells run, not after
	}
	if err == nil {
		err = checkFilesNotStdout(o.junit, o.html, env.Stdout, env.Stderr)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim test:", err)
		return ExitUsage
	}
	// Interrupted, the run ends early and its results are still written.
	ctx, stop := interruptContext()
	defer stop()
	if o.watch == "" || o.list {
		_, code, _ := testOnce(ctx, o, args, env, shard, false)
		return code
	}
	return testWatch(ctx, o, args, env, shard)
}

// testWatch is `mpsim test --watch` until ctx ends (Ctrl+C): the first run,
// then the watch loop.
func testWatch(ctx context.Context, o *testOptions, args []string, env Env, shard matrix.Shard) int {
	// The developer loop: the cells again after each change of the portal,
	// watched from before the first run so that no save is missed; what
	// the run writes there (JUnit, HTML) is not a change of the portal.
	// The scenario files and directories named are watched too: an edit of
	// one reads them again and runs the cells again (a file that no longer
	// reads says why at once).
	changed := make(chan struct{}, 1)
	mark := func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	ignore := watch.Options{Ignore: outputPaths(o.junit, o.html, o.harDir), Say: func(line string) {
		fmt.Fprintln(env.Stderr, "mpsim test:", termsafe.Line(line))
	}}
	if err := watch.Start(ctx, o.watch, ignore, mark); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim test:", err)
		return ExitUsage
	}
	if err := watch.StartFiles(ctx, outside(o.watch, existing(args)), ignore, mark); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim test:", err)
		return ExitUsage
	}
	var res matrix.Results
	var code int
	var err error
	if untilChanged(ctx, changed, func(ctx context.Context) { res, code, err = testOnce(ctx, o, args, env, shard, false) }) &&
		ctx.Err() == nil && res.Stopped == matrix.StoppedInterrupted {
		// A save while the first run ran: its cells stopped, nothing
		// written; the loop runs them again at once, as after any change.
		fmt.Fprintln(env.Stderr, "mpsim test: "+supersededLine)
		res, code = matrix.Results{}, ExitFindings
	}
	var rf *runFilterError
	switch {
	case errors.As(err, &rf) && rf.unreadable:
		// A scenario file that cannot be read (in the middle of an
		// edit) may hold the cells the pattern names: wait for it.
		fmt.Fprintln(env.Stderr, "mpsim test: --run matches no cell until the scenario files read; waiting for a change of them")
	case errors.As(err, &rf):
		// A --run that compiles to no pattern or matches none of the cells
		// of files that all read is a typo on the command line, which no
		// edit of the portal corrects: watching would wait for ever with
		// nothing to run. It was said; exit 2 as without --watch. (A
		// later run whose edited files no longer match says the same and
		// the watch goes on: the developer is in the middle of an edit.)
		fmt.Fprintln(env.Stderr, "mpsim test: not watching: no cell to run")
		return code
	case errors.Is(err, errNoCells) && ctx.Err() == nil:
		// An empty --shard of files that all read: the same, with the
		// exit code of the empty run, as without --watch.
		fmt.Fprintln(env.Stderr, "mpsim test: not watching: no cell to run (every scenario file read)")
		return code
	}
	devServer := &devServerWait{ctx: ctx, target: o.watch, changed: changed, opts: watch.Options{Say: ignore.Say}}
	defer devServer.cancel()
	devServer.afterAll(cellReports(res))
	return testWatchLoop(ctx, changed, res, code, func(ctx context.Context) (matrix.Results, int) {
		devServer.cancel()
		res, code, _ := testOnce(ctx, o, args, env, shard, true)
		if !stoppedByChange(ctx, res) {
			devServer.afterAll(cellReports(res))
		}
		return res, code
	}, o.watch, env, progressMask(o.noMask))
}

// supersededLine says that a change stopped a watched run: its cells
// ran on files the save replaced, so their outcomes are not the portal's
// (CI QA: a cell that ran on the old app.js was reported "met → not met").
const supersededLine = "the portal or a scenario file changed while the cells ran: stopped them (not compared; no JUnit, HTML or JSON written); running the cells again"

// stoppedByChange reports whether a change of the watched portal or
// scenario files stopped the run of res, whose context is ctx
// (untilChanged): its cells cut short and not run are skipped, and it is
// neither written nor compared.
func stoppedByChange(ctx context.Context, res matrix.Results) bool {
	return res.Stopped == matrix.StoppedInterrupted && errors.Is(context.Cause(ctx), errChanged)
}

// cellReports are the session reports of res's cells that ran.
func cellReports(res matrix.Results) []session.Report {
	var out []session.Report
	for _, c := range res.Cells {
		if c.Report != nil {
			out = append(out, *c.Report)
		}
	}
	return out
}

// outside is the paths not under the watched directory dir (a URL has
// none under it): a scenario file there is watched with it already, and a
// second watcher would run the cells twice for one save.
func outside(dir string, paths []string) []string {
	base, err := filepath.Abs(dir)
	if err != nil || watch.IsURL(dir) {
		return paths
	}
	var out []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if rel, relErr := filepath.Rel(base, abs); err == nil && relErr == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// existing is the paths that exist (a missing one is the first run's error
// to report, not the watch's).
func existing(paths []string) []string {
	var out []string
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// testWatchLoop runs the cells again (again) after each change until ctx
// ends (Ctrl+C), says which cells' outcomes changed (masked with mask, as
// the progress lines are; nil: as they are), and returns the exit code of
// the last run that ran to its end. A run Ctrl+C cut short is not compared
// with the last one: its cells were stopped, not changed by the portal. A
// change while a run goes on stops it (its context ends, untilChanged), as
// in mpsim run --watch: that run is neither compared nor written, and the
// cells run again at once. The run compared with is the last that ran
// cells, keeping the cells of a scenario file that could not be read since
// (matrix.Baseline).
func testWatchLoop(ctx context.Context, changed chan struct{}, res matrix.Results, code int, again func(context.Context) (matrix.Results, int), dir string, env Env, mask func(string) string) int {
	if mask == nil {
		mask = func(s string) string { return s }
	}
	if ctx.Err() != nil { // Ctrl+C during the first run: its exit code, as without --watch
		return code
	}
	fmt.Fprintf(env.Stderr, "mpsim test: watching %s; a change runs the cells again (Ctrl+C ends)\n", termsafe.Line(dir))
	for {
		select {
		case <-ctx.Done():
			return code
		case <-changed:
			if ctx.Err() != nil { // a change and Ctrl+C at once: Ctrl+C wins
				return code
			}
			fmt.Fprintln(env.Stderr, "mpsim test: the portal or a scenario file changed; reading the scenario files and running the cells again")
			var now matrix.Results
			var nowCode int
			hit := untilChanged(ctx, changed, func(ctx context.Context) { now, nowCode = again(ctx) })
			if ctx.Err() != nil {
				fmt.Fprintln(env.Stderr, "mpsim test: cancelled (Ctrl+C): not compared with the last run; the exit code and the JUnit, HTML and JSON outputs are the last completed run's")
				return code
			}
			if hit && now.Stopped == matrix.StoppedInterrupted {
				fmt.Fprintln(env.Stderr, "mpsim test: "+supersededLine)
				continue // the change is pending: the cells run again at once
			}
			if code = nowCode; len(now.Cells) == 0 {
				continue // nothing ran (a scenario file that cannot be read): compare the next run with the last one that did
			}
			if len(res.Cells) > 0 {
				// What a cell got is the page's (an ICCID among it) and
				// shown as the progress lines show it: masked, made safe.
				fmt.Fprintln(env.Stderr, "mpsim test: since the last run: "+termsafe.Line(mask(matrix.ChangesText(matrix.Changes(res, now), len(now.Cells)))))
			}
			res = matrix.Baseline(res, now)
		}
	}
}

// testOnce reads the scenario files and runs their cells once (or lists
// them, --list), writes the outputs and the summary, and returns the
// results, the exit code and the error that stopped it before any cell ran
// (already said; nil when the cells ran). A re-run of --watch that Ctrl+C
// cut short (rerun), and any run of it that a change of the watched files
// stopped (its context's cause errChanged), writes no outputs: those of
// the last completed run stay.
func testOnce(ctx context.Context, o *testOptions, args []string, env Env, shard matrix.Shard, rerun bool) (matrix.Results, int, error) {
	fail := func(err error) (matrix.Results, int, error) {
		fmt.Fprintln(env.Stderr, "mpsim test:", termsafe.Text(err.Error()))
		return matrix.Results{}, ExitUsage, err
	}
	warn := func(w string) { fmt.Fprintln(env.Stderr, "mpsim test: warning:", termsafe.Line(w)) }
	lookup, presetsFile, err := testPresets(o.config, warn)
	if err != nil {
		return fail(err)
	}
	found, err := matrix.Find(args)
	if err != nil {
		return fail(err)
	}
	files := found.Files
	scenarios, broken, operatorsFile, err := loadScenarios(o.operator, files, lookup, warn)
	if err != nil {
		return fail(err)
	}
	printScenarioErrors(env.Stderr, broken, o.bail && !o.list, progressMask(o.noMask))
	printLanguageNotes(env, scenarios)
	brokenCells, why := matrix.BrokenCells(broken, lookup)
	unreadable := unreadableFiles(broken)
	cells, whole, where, err := pickCells(append(matrix.Expand(scenarios, lookup), brokenCells...), o.run, shard, unreadable)
	if err != nil {
		return fail(err)
	}
	seed := o.testSeed()
	if o.list {
		printSkippedFiles(env.Stderr, "mpsim test: ", found.Skipped)
		printCellWarnings(env, cells)
		if o.json {
			return matrix.Results{}, listCellsJSON(env, cells, why, len(broken) > 0, progressMask(o.noMask)), nil
		}
		return matrix.Results{}, listCells(env.Stdout, cells, why, len(broken) > 0), nil
	}
	runnable, failed := splitBroken(cells, why)
	where += cannotRunCounts(failed)
	fmt.Fprintf(env.Stderr, "mpsim test: %s from %s in %s (%s)\n",
		plural(len(cells), "cell"), plural(len(scenarios)+len(broken), "scenario"), plural(len(files), "file"), runSettings(o, seed, len(runnable), where))
	defer o.holdScreenshots()()
	o.warnBeforeCells(env, runnable)
	res, err := runTestCells(ctx, o, env, runnable, failed, seed, presetsFile, operatorsFile)
	if err != nil {
		return fail(err)
	}
	bi := buildinfo.Read()
	res.Shard, res.Version, res.Run = shard.String(), bi.Version, o.run
	res.Build = &matrix.Build{Version: bi.Version, Commit: bi.Commit, Modified: bi.Modified}
	res.AllCellIDs = slices.Sorted(slices.Values(matrix.CellIDs(whole)))
	res.AllCells, res.AllCellsFingerprint = len(whole), matrix.CellsFingerprint(res.AllCellIDs)
	res.AllCellsContent = matrix.ContentFingerprint(whole)
	res.SkippedFiles = found.Skipped
	if err := o.finish(&res, env); err != nil {
		return fail(err)
	}
	// A run a change of the watched files stopped writes nothing, as a
	// re-run Ctrl+C cut short: its cells ran on replaced files.
	code := o.report(env, res, rerun || errors.Is(context.Cause(ctx), errChanged))
	if len(cells) == 0 && len(unreadable) == 0 && res.Stopped != matrix.StoppedInterrupted {
		return res, code, errNoCells // every file read: no edit of the portal gives this run a cell
	}
	return res, code, nil
}

// errNoCells is testOnce's error for a run that picked no cell (an empty
// --shard) although every scenario file read: it ran (its outputs and
// summary are written, its exit code is that of an empty run), and --watch
// does not wait for a change with nothing to run.
var errNoCells = errors.New("no cells to run")

// unreadableFiles are the scenario files of broken that could not be read
// at all (one Broken for the whole file).
func unreadableFiles(broken []matrix.Broken) []string {
	var out []string
	for _, b := range broken {
		if b.Index < 0 && !slices.Contains(out, b.File) {
			out = append(out, b.File)
		}
	}
	return out
}

// report writes the outputs and the summary of a run's results, and
// returns its exit code. An interrupted run that is not the watch's last
// word (quiet: a re-run of --watch that Ctrl+C cut short, any run of it a
// change stopped) writes nothing: testWatchLoop returns the last completed
// run's code.
func (o *testOptions) report(env Env, res matrix.Results, quiet bool) int {
	if res.Stopped == matrix.StoppedInterrupted && quiet {
		return ExitFindings
	}
	if res.Stopped == matrix.StoppedInterrupted {
		fmt.Fprintln(env.Stderr, "mpsim test: interrupted: the cells not finished are skipped; the reports hold the cells that ran")
	}
	code := writeOutputs(env, "test", res, outputs{junit: o.junit, junitSchema: o.junitSchema, html: o.html, noHTMLShots: o.noHTMLShots, json: o.json})
	summaryOut := env.Stdout
	if o.json {
		summaryOut = env.Stderr
	}
	printSummary(summaryOut, res)
	if res.Stopped == matrix.StoppedDisplay {
		fmt.Fprintln(env.Stderr, displayEndedLine(res))
	}
	if code != ExitOK {
		return code
	}
	return exitFor(res)
}

// displayEndedLine says that the X display ended during the run, how, and
// which cells it cut off and kept from starting: skipped, with no verdict
// on the portal.
func displayEndedLine(res matrix.Results) string {
	var cut, notStarted []string
	for _, c := range res.Cells {
		if c.Status != matrix.StatusSkipped {
			continue
		}
		if c.Cancelled {
			cut = append(cut, termsafe.Line(c.ID))
		} else {
			notStarted = append(notStarted, termsafe.Line(c.ID))
		}
	}
	line := "mpsim test: the run stopped: " + termsafe.Line(cmp.Or(res.DisplayEnded, "the X display ended")) +
		", and the portal windows on it with it (not a failure of the portal). "
	if len(cut) > 0 {
		line += fmt.Sprintf("Cut off while running: %s. ", strings.Join(cut, ", "))
	}
	if len(notStarted) > 0 {
		line += fmt.Sprintf("Not started: %s. ", strings.Join(notStarted, ", "))
	}
	return line + "They are reported skipped; run them again (exit code 2: could not run)."
}

// warnBeforeCells says what would make the cells' evidence poorer than it
// should be: what their scenarios ask that means little (matrix.Warnings),
// languages without a font, no screenshot directory.
func (o *testOptions) warnBeforeCells(env Env, cells []matrix.Cell) {
	printCellWarnings(env, cells)
	warnFonts(env, cells)
	if !o.noInspect && o.screenshots == "" {
		warnScreenshots(env, "test")
	}
}

// printCellWarnings writes the warnings of the cells' scenarios
// (matrix.Warnings), one a line, made safe for a terminal.
func printCellWarnings(env Env, cells []matrix.Cell) {
	for _, w := range matrix.Warnings(cells) {
		fmt.Fprintln(env.Stderr, "mpsim test: warning:", termsafe.Line(w))
	}
}

// printLanguageNotes writes what the language-list rule changes in the
// scenarios' languages entries and compare_language (q=0 left out,
// duplicates, an order set by q-values), as mpsim run does for --lang:
// once for each entry, with its file:line, as it is read. The cells run
// with what the rule made of them; the HTML report and the JUnit
// system-out of each cell repeat its own.
func printLanguageNotes(env Env, scenarios []matrix.Scenario) {
	for _, s := range scenarios {
		for _, n := range s.LanguageNotes() {
			fmt.Fprintln(env.Stderr, "mpsim test: warning:", termsafe.Line(n))
		}
	}
}

// warnFonts says, once for each language the cells open pages in first,
// when no installed font covers it (workspace.FontWarning).
func warnFonts(env Env, cells []matrix.Cell) {
	seen := map[string]bool{}
	for _, c := range cells {
		if c.Lang == "" || seen[c.Lang] {
			continue
		}
		seen[c.Lang] = true
		if w := workspace.FontWarning([]string{c.Lang}); w != "" {
			fmt.Fprintln(env.Stderr, "mpsim test: warning:", w)
		}
	}
}

// testSeed is the run's seed: --seed, else defaultTestSeed.
func (o *testOptions) testSeed() int64 {
	if p := o.seed.ptr(); p != nil {
		return *p
	}
	return defaultTestSeed
}

// finish masks the identifiers in the run's results (unless --no-redact)
// and then, with --embed-screenshots, carries the screenshots in them.
func (o *testOptions) finish(res *matrix.Results, env Env) error {
	if !o.noMask {
		if err := matrix.Redact(res); err != nil {
			return err
		}
	}
	if o.embedShots {
		for _, err := range matrix.EmbedScreenshots(res) {
			fmt.Fprintln(env.Stderr, "mpsim test: --embed-screenshots:", err)
		}
	}
	return nil
}

// loadScenarios reads the scenario files and checks their operators: it
// returns the good scenarios, the broken ones (their cells cannot run) and
// the operators file the cells' workspaces read; an error only for what
// stops the whole run (--operator with an unknown or unusable operators
// file). warn gets what checkTestOperators warns of.
func loadScenarios(operator string, files []string, lookup matrix.Presets, warn func(string)) ([]matrix.Scenario, []matrix.Broken, string, error) {
	scenarios, broken := matrix.LoadEach(files, lookup)
	operatorsFile, badOperator, err := checkTestOperators(operator, scenarios, warn)
	if err != nil {
		return nil, nil, "", err
	}
	return withoutBroken(scenarios, badOperator), append(broken, badOperator...), operatorsFile, nil
}

// listCells prints the cells for --list, those of broken scenarios and
// those with no text for their language marked: exit 2 when any is, else 0.
func listCells(w io.Writer, cells []matrix.Cell, why map[string]string, broken bool) int {
	for _, c := range cells {
		mark := ""
		if short, _ := cannotRun(c, why); short != "" {
			mark = "\tcannot run: " + termsafe.Line(short)
			broken = true
		}
		fmt.Fprintf(w, "%s\t%s%s\n", termsafe.Line(c.ID), termsafe.Line(c.Scenario.Where()), mark)
	}
	if broken {
		return ExitUsage
	}
	return ExitOK
}

// cannotRun says why cell c cannot run, "" when it can: short as --list
// marks it ("its scenario file has errors"), and in full (the scenario
// file's errors, which --list prints on standard error apart). why holds
// the reasons of the broken scenarios' cells.
func cannotRun(c matrix.Cell, why map[string]string) (short, full string) {
	if why[c.ID] != "" {
		short = "its scenario file has errors"
		if what := matrix.ReasonConfigFile(why[c.ID]); what != "" {
			short = "the " + what + " file has errors"
		}
		return short, why[c.ID]
	}
	if err := c.LanguageProblem(); err != nil {
		line := strings.ReplaceAll(err.Error(), "\n", "; ")
		return line, line
	}
	return "", ""
}

// listedCell is a cell as --list --json prints it.
type listedCell struct {
	ID       string `json:"id"`       // scenario/sim/language, as --run matches it
	Scenario string `json:"scenario"` // its scenario's name (a file's path when the file could not be read)
	SIM      string `json:"sim"`      // "" for a file that could not be read
	// Language is the language part of the ID, Languages the scenario's
	// whole entry ("fr-FR,fr,en").
	Language  string `json:"language"`
	Languages string `json:"languages"`
	File      string `json:"file"`
	Line      int    `json:"line"` // of its [[scenario]], or of a file's syntax error
	// CannotRun is why the cell cannot run (the scenario's errors), absent
	// when it can.
	CannotRun string `json:"cannotRun,omitempty"`
}

// listCellsJSON prints the cells for --list --json: a JSON array of
// listedCell on standard output, each reason through mask unless it is nil
// (--no-redact), as the reports are (a portal URL's identifiers). The exit
// code is listCells's.
func listCellsJSON(env Env, cells []matrix.Cell, why map[string]string, broken bool, mask func(string) string) int {
	if mask == nil {
		mask = func(s string) string { return s }
	}
	out := make([]listedCell, 0, len(cells))
	for _, c := range cells {
		_, full := cannotRun(c, why)
		broken = broken || full != ""
		out = append(out, listedCell{ID: c.ID, Scenario: c.Scenario.Name, SIM: string(c.SIM), Language: c.LanguageName(),
			Languages: c.Languages, File: c.Scenario.File, Line: c.Scenario.Line, CannotRun: mask(full)})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err == nil {
		_, err = fmt.Fprintf(env.Stdout, "%s\n", data)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim test: --json:", err)
		return ExitUsage
	}
	if broken {
		return ExitUsage
	}
	return ExitOK
}

// checkTestOperators checks, before any session, that --operator names an
// operator profile (an error), and returns the operators file the cells'
// workspaces read and the scenarios that name none (broken: their cells
// cannot run, the others do). An operators file that cannot be read or
// parsed stops only what names an operator: --operator (an error) and the
// scenarios that name one (broken); warn says so, naming the file, once.
func checkTestOperators(flag string, scenarios []matrix.Scenario, warn func(string)) (string, []matrix.Broken, error) {
	dir, _, err := workspace.ConfigDirToRead() // read only
	if err != nil {
		return "", nil, err
	}
	path := filepath.Join(dir, workspace.OperatorsFileName)
	ops, loadErr := workspace.LoadOperators(path)
	if loadErr != nil && flag != "" {
		return "", nil, fmt.Errorf("--operator: %w", loadErr)
	}
	if flag != "" {
		if _, err := simulator.FindOperator(ops, flag); err != nil {
			return "", nil, fmt.Errorf("--operator: %w", err)
		}
	}
	var broken []matrix.Broken
	for i, s := range scenarios {
		if s.Operator == "" {
			continue
		}
		var err error
		if loadErr != nil {
			err = &matrix.ConfigFileError{What: "operators", Err: loadErr} // names the file already
		} else {
			if _, err = simulator.FindOperator(ops, s.Operator); err != nil {
				err = fmt.Errorf("%w (operator profiles: %s)", err, path)
			}
		}
		if err != nil {
			broken = append(broken, matrix.Broken{File: s.File, Line: s.Line, Index: i, Scenario: s,
				Errors: []error{fmt.Errorf("%s: scenario %q: %w", s.Where(), s.Name, err)}})
		}
	}
	if loadErr != nil {
		warn(unusableFileWarning("operators", path, "name an operator", loadErr))
	}
	return path, broken, nil
}

// withoutBroken returns the scenarios that are not among broken.
func withoutBroken(scenarios []matrix.Scenario, broken []matrix.Broken) []matrix.Scenario {
	out := scenarios[:0:0]
	for _, s := range scenarios {
		if !slices.ContainsFunc(broken, func(b matrix.Broken) bool { return b.Scenario.Name == s.Name && b.File == s.File }) {
			out = append(out, s)
		}
	}
	return out
}

// splitBroken parts the picked cells into those that run and, failed with
// why they cannot, those of broken scenarios.
func splitBroken(cells []matrix.Cell, why map[string]string) ([]matrix.Cell, []matrix.CellResult) {
	var runnable []matrix.Cell
	var failed []matrix.CellResult
	for _, c := range cells {
		if reason, ok := why[c.ID]; ok {
			failed = append(failed, matrix.CellResult{Cell: c, Status: matrix.StatusError, Error: reason, Checks: []matrix.Check{}})
			continue
		}
		runnable = append(runnable, c)
	}
	return runnable, failed
}

// runSettings says how the run goes, for its first line: the seed, the
// sessions at once (no more than the runnable cells), then where (the part
// of the cells) and the retries.
func runSettings(o *testOptions, seed int64, runnable int, where string) string {
	out := fmt.Sprintf("seed %d, parallel %d%s", seed, workers(o.parallel, runnable), where)
	if o.retries > 0 {
		out += fmt.Sprintf(", retries %d", o.retries)
	}
	return out
}

// pickCells returns the cells of all that --run (a regular expression,
// "" for all) matches and then the shard picks, the whole run's cells the
// shard picked from (those --run matches), and says which part of all they
// are for the run's first line ("" for all).
//
// unreadable are the scenario files that could not be read at all: each
// has one cell in all, named after the file, that stands for the cells it
// would have. They are not counted as cells when --run matches none, and
// the runFilterError says the pattern may match once they read.
func pickCells(all []matrix.Cell, run string, shard matrix.Shard, unreadable []string) ([]matrix.Cell, []matrix.Cell, string, error) {
	where := ""
	if run != "" {
		re, err := regexp.Compile(run)
		if err != nil {
			return nil, nil, "", &runFilterError{err: fmt.Errorf("--run %q: %w", run, err)}
		}
		n := len(all)
		matched := matrix.Matching(all, re)
		if len(matched) == 0 {
			return nil, nil, "", noMatchError(run, re, all, unreadable)
		}
		all = matched
		where = fmt.Sprintf(", --run %q: %d of %d", run, len(all), n)
	}
	cells := shard.Pick(all)
	if shard.N > 1 {
		where += fmt.Sprintf(", shard %s: %d of %d cells", shard, len(cells), len(all))
	}
	return cells, all, where, nil
}

// noMatchError is the runFilterError of a --run pattern (run, compiled
// to re) that matches none of the cells all, of which one per file of
// unreadable stands for a scenario file that could not be read.
func noMatchError(run string, re *regexp.Regexp, all []matrix.Cell, unreadable []string) *runFilterError {
	read := slices.DeleteFunc(slices.Clone(all), func(c matrix.Cell) bool {
		return c.Scenario.Name == c.ID && slices.Contains(unreadable, c.ID)
	})
	hint := ""
	if meant := meantCells(re, read); meant != "" {
		hint = fmt.Sprintf("; did you mean %q?", meant)
	}
	if len(unreadable) == 0 {
		return &runFilterError{err: fmt.Errorf("--run %q matches none of the %s%s ('mpsim test … --list' prints their names)", run, plural(len(read), "cell"), hint)}
	}
	those := "that file reads"
	if len(unreadable) > 1 {
		those = "those files read"
	}
	return &runFilterError{unreadable: true, err: fmt.Errorf("--run %q matches none of the %s read%s, and %s cannot be read: it may match once %s",
		run, plural(len(read), "cell"), hint, strings.Join(unreadable, ", "), those)}
}

// runFilterError is a --run pattern that does not compile or matches no
// cell: nothing runs, and --watch does not wait for a change unless a
// scenario file could not be read (unreadable): the pattern may match
// once it is fixed.
type runFilterError struct {
	err        error
	unreadable bool
}

func (e *runFilterError) Error() string { return e.err.Error() }

func (e *runFilterError) Unwrap() error { return e.err }

// meantCells is what a --run pattern that matched no cell may have meant:
// when it is plain text, the closest of the cells' names cut to as many
// parts (scenario/sim/language) as the text has — a third of its length in
// edits at most, at least one; "" when none is that close.
func meantCells(re *regexp.Regexp, cells []matrix.Cell) string {
	text, literal := re.LiteralPrefix()
	if !literal || text == "" {
		return ""
	}
	parts := strings.Count(text, "/") + 1
	best, bestDist := "", max(1, len([]rune(text))/3)+1
	for _, c := range cells {
		name := c.ID
		if segs := strings.SplitN(c.ID, "/", parts+1); len(segs) > parts {
			name = strings.Join(segs[:parts], "/")
		}
		if d := suggest.Distance(strings.ToLower(text), strings.ToLower(name)); d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}

// checkTestOptions checks the flags of `mpsim test` before any file is
// read: --parallel, --shard (returned parsed) and that the --junit and
// --html files can be written.
func checkTestOptions(o *testOptions) (matrix.Shard, error) {
	if o.parallel < 1 {
		return matrix.Shard{}, fmt.Errorf("--parallel %d: give at least 1", o.parallel)
	}
	if o.retries < 0 {
		return matrix.Shard{}, fmt.Errorf("--retries %d: give 0 or more", o.retries)
	}
	shard, err := matrix.ParseShard(o.shard)
	if err != nil {
		return matrix.Shard{}, fmt.Errorf("--shard %w", err)
	}
	if o.embedShots && !o.json {
		return matrix.Shard{}, errors.New("--embed-screenshots carries the screenshots inside the --json results: add --json")
	}
	if err := checkJUnitSchema(&o.junitSchema, o.junit); err != nil {
		return matrix.Shard{}, err
	}
	if err := checkTestOutputOptions(o); err != nil {
		return matrix.Shard{}, err
	}
	if o.watch != "" {
		if o.json {
			return matrix.Shard{}, errors.New("--watch runs again and again on the terminal: drop --json (--junit and --html files are written after each run)")
		}
		if err := checkWatch(o.watch); err != nil {
			return matrix.Shard{}, err
		}
	}
	for _, out := range []struct{ flag, path string }{{"--junit", o.junit}, {"--html", o.html}} {
		if err := checkOutputPath(out.flag, out.path); err != nil {
			return matrix.Shard{}, err
		}
	}
	if err := distinctOutputs("--junit", o.junit, "--html", o.html); err != nil {
		return matrix.Shard{}, err
	}
	return shard, nil
}

// checkMergeOutputs checks report merge's --junit and --html files before
// any results file is read.
func checkMergeOutputs(o *reportOptions, stdout, stderr io.Writer) error {
	if err := checkJUnitSchema(&o.junitSchema, o.junit); err != nil {
		return err
	}
	if o.noHTMLShots && o.html == "" {
		return errNoHTML
	}
	for _, out := range []struct{ flag, path string }{{"--junit", o.junit}, {"--html", o.html}} {
		if err := checkOutputPath(out.flag, out.path); err != nil {
			return err
		}
	}
	if err := distinctOutputs("--junit", o.junit, "--html", o.html); err != nil {
		return err
	}
	return checkFilesNotStdout(o.junit, o.html, stdout, stderr)
}

// stoppedShards says, one line each, which results files come from a run
// that stopped early and why (CI QA: a merge of a shard cut by its job's
// timeout exited 1 with nothing on standard error, and a JUnit report of
// no failures).
func stoppedShards(parts []matrix.Results) []string {
	var out []string
	for _, p := range parts {
		name := p.From
		if p.Shard != "" {
			name += " (shard " + p.Shard + ")"
		}
		switch p.Stopped {
		case matrix.StoppedInterrupted:
			out = append(out, name+" is of a run that was interrupted (SIGINT or SIGTERM: a job's timeout or cancel?): its cells after that are skipped, and the merge exits 1")
		case matrix.StoppedBail:
			out = append(out, name+" is of a run --bail stopped after a cell failed: its cells after that are skipped")
		case matrix.StoppedDisplay:
			why := p.DisplayEnded
			if why == "" {
				why = "its X display ended"
			}
			out = append(out, name+" is of a run that could not go on: "+why+"; its cells after that did not run, and the merge exits 2")
		}
	}
	return out
}

// warnBuilds says on standard error when the merged shards were written
// by different builds of mpsim (the HTML report says so too) and which
// record no build (CI QA: shards of two versions merged without a word).
func warnBuilds(env Env, res matrix.Results) {
	if res.BuildsDiffer != "" {
		fmt.Fprintln(env.Stderr, "mpsim report merge: warning:", termsafe.Text(res.BuildsDiffer))
	}
	if res.BuildsUnknown != "" {
		fmt.Fprintln(env.Stderr, "mpsim report merge:", termsafe.Text(res.BuildsUnknown))
	}
}

// checkFilesNotStdout is checkNotStdout for --junit and --html.
func checkFilesNotStdout(junit, html string, stdout, stderr io.Writer) error {
	if err := checkNotStdout("--junit", junit, stdout, stderr); err != nil {
		return err
	}
	return checkNotStdout("--html", html, stdout, stderr)
}

// distinctOutputs refuses two output flags that name one file: the second
// file written replaced the first (an HTML page where CI read JUnit).
func distinctOutputs(flagA, pathA, flagB, pathB string) error {
	if pathA == "" || pathB == "" {
		return nil
	}
	same := filepath.Clean(pathA) == filepath.Clean(pathB)
	if a, err := filepath.Abs(pathA); err == nil {
		if b, err := filepath.Abs(pathB); err == nil {
			same = same || a == b
		}
	}
	if ia, err := os.Stat(pathA); err == nil {
		if ib, err := os.Stat(pathB); err == nil {
			same = same || os.SameFile(ia, ib)
		}
	}
	if same {
		return fmt.Errorf("%s and %s both name %s: give each its own file", flagA, flagB, pathA)
	}
	return nil
}

// cannotRunCounts says, for the run's first line, how many of the cells
// that cannot run do so for their scenario file's errors, and how many for
// those of the presets or operators file: "; 2 cannot run: their scenario
// file has errors; 1 cannot run: the presets file has errors"; "" for none.
func cannotRunCounts(failed []matrix.CellResult) string {
	n := map[string]int{}
	for _, f := range failed {
		n[matrix.ReasonConfigFile(f.Error)]++
	}
	out := ""
	if n[""] > 0 {
		out += fmt.Sprintf("; %d cannot run: their scenario file has errors", n[""])
	}
	for _, what := range []string{"presets", "operators"} {
		if n[what] > 0 {
			out += fmt.Sprintf("; %d cannot run: the %s file has errors", n[what], what)
		}
	}
	return out
}

// printScenarioErrors writes the errors of the scenario files, one a line,
// each through mask unless it is nil (the identifiers a portal URL
// carries masked, as the cells' lines and the reports have them; nil with
// --no-redact, as progressMask gives it): the cells
// of those scenarios cannot run, the others do, unless --bail (bail) stops
// the run at them; nothing when none has errors.
func printScenarioErrors(w io.Writer, broken []matrix.Broken, bail bool, mask func(string) string) {
	if len(broken) == 0 {
		return
	}
	if mask == nil {
		mask = func(s string) string { return s }
	}
	others := "the others do"
	if bail {
		others = "--bail stops the run at them, so the others are skipped"
	}
	// The scenarios that only name a preset or an operator of a file that
	// cannot be used: that file's error, once, and the scenarios.
	var own []matrix.Broken
	files := map[string][]matrix.Broken{}
	var order []string
	for _, b := range broken {
		cf := b.ConfigFile()
		if cf == nil {
			own = append(own, b)
			continue
		}
		if _, ok := files[cf.What]; !ok {
			order = append(order, cf.What)
		}
		files[cf.What] = append(files[cf.What], b)
	}
	if len(own) > 0 {
		fmt.Fprintf(w, "mpsim test: the scenario files have errors; the cells of these scenarios cannot run, %s:\n", others)
		for _, b := range own {
			for _, e := range b.Errors {
				printIndented(w, mask(e.Error()))
			}
		}
	}
	for _, what := range order {
		bs := files[what]
		use := map[string]string{"presets": "name a preset", "operators": "name an operator"}[what]
		fmt.Fprintf(w, "mpsim test: the %s file has errors, not the scenarios that %s; their cells cannot run, %s:\n", what, use, others)
		printIndented(w, mask(bs[0].ConfigFile().Err.Error()))
		var names []string
		for _, b := range bs {
			names = append(names, fmt.Sprintf("%q (%s)", b.Scenario.Name, b.Scenario.Where()))
		}
		printIndented(w, mask("the scenarios: "+strings.Join(names, ", ")))
	}
}

// printIndented writes text indented by two spaces, each line safe for a
// terminal.
func printIndented(w io.Writer, text string) {
	for _, line := range strings.Split(text, "\n") {
		fmt.Fprintln(w, "  "+termsafe.Line(line))
	}
}

// runTestCells runs cells, in portal windows on testDisplay, until they are
// done or ctx ends, and returns their results with failed (the cells of
// broken scenarios) among them, in ID order. With --bail and a failed
// cell, none runs. With no cells to run it opens no display.
func runTestCells(ctx context.Context, o *testOptions, env Env, cells []matrix.Cell, failed []matrix.CellResult, seed int64, presetsFile, operatorsFile string) (matrix.Results, error) {
	total := len(cells) + len(failed)
	live, columns := liveTerminal(env.Stderr, env.Getenv, o.verbose)
	board := newProgressBoard(env.Stderr, total, live, columns, progressMask(o.noMask))
	defer board.close()
	if !live {
		t := time.NewTicker(heartbeatCheck)
		defer t.Stop()
		board.heartbeat(t.C, heartbeatEvery)
	}
	for i, r := range failed {
		board.cell(i+1, r)
	}
	res := matrix.Results{Tool: "mpsim", Seed: seed, Parallel: workers(o.parallel, len(cells)), Started: time.Now(), Cells: []matrix.CellResult{}}
	if len(failed) > 0 && o.bail {
		for i, c := range cells {
			r := matrix.CellResult{Cell: c, Status: matrix.StatusSkipped, Checks: []matrix.Check{}}
			res.Cells = append(res.Cells, r)
			board.cell(len(failed)+i+1, r)
		}
		cells = nil
	}
	if len(cells) > 0 {
		var err error
		if res, err = runCells(ctx, o, env, cells, seed, presetsFile, operatorsFile, board, len(failed)); err != nil {
			return matrix.Results{}, err
		}
	}
	res.Cells = append(res.Cells, failed...)
	slices.SortStableFunc(res.Cells, func(a, b matrix.CellResult) int { return strings.Compare(a.ID, b.ID) })
	if res.Summary().Skipped > 0 && res.Stopped == "" {
		res.Stopped = matrix.StoppedBail
		if ctx.Err() != nil {
			res.Stopped = matrix.StoppedInterrupted
		}
	}
	return res, nil
}

// runCells runs cells in portal windows on testDisplay.
// board shows the cells as they end, after the failed ones already shown.
func runCells(ctx context.Context, o *testOptions, env Env, cells []matrix.Cell, seed int64, presetsFile, operatorsFile string, board *progressBoard, failed int) (matrix.Results, error) {
	display, watched, stopX, err := testDisplay(env, o.headless)
	if err != nil {
		return matrix.Results{}, err
	}
	defer stopX()
	opener := portalproc.Opener{Env: append(os.Environ(), "DISPLAY="+display)}
	if o.verbose {
		opener.Stderr = env.Stderr
	}
	openers, stopWarm := warmOpeners(opener, min(o.parallel, len(cells)), env.Settings.NoWarm)
	defer stopWarm()
	store := historyStore(env)
	var expected func(matrix.Cell) time.Duration
	if o.parallel > 1 || board.live {
		expected = lastDurations(store) // the start order, the estimate of the time left
	}
	board.plan(cells, o.parallel, expected)
	return matrix.Run(ctx, cells, matrix.Options{
		Parallel: o.parallel, Seed: seed, Bail: o.bail, Opener: opener, Openers: openers, PresetsFile: presetsFile,
		OperatorsFile: operatorsFile, Operator: o.operator, ScreenshotDir: o.screenshots,
		Recorder: recorderOn(store, history.SourceTest, watched), NoInspect: o.noInspect, NoAxe: o.noAxe, Retries: o.retries,
		Expected: expected, Started: board.started, Display: watched,
		Progress: func(done, _ int, r matrix.CellResult) {
			writeCellHAR(o.harDir, r, env.Stderr)
			board.cell(done+failed, r)
		},
	}), nil
}

// checkTestOutputOptions checks the flags that say how to write the
// outputs: --no-html-screenshots goes with --html, --har-dir needs the
// recording.
func checkTestOutputOptions(o *testOptions) error {
	if o.noHTMLShots && o.html == "" {
		return errNoHTML
	}
	return checkHARDir(o.harDir, o.noInspect)
}

// checkHARDir checks --har-dir before any session: the cells' recording
// is on, and the directory (made when missing) takes new files.
func checkHARDir(dir string, noInspect bool) error {
	switch {
	case dir == "":
		return nil
	case noInspect:
		return errors.New("--har-dir needs the recording of the portals; drop --no-inspect")
	}
	return checkOutputDir("--har-dir", "the HAR files", dir, dir)
}

// cellHARName is the file name of a cell's HAR in --har-dir: its name
// (scenario/sim/language) with _ for / and for any character a file name
// had better not hold.
func cellHARName(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, id) + ".har"
}

// writeCellHAR writes the HAR of a cell that ran into dir (--har-dir),
// and names it in the cell's report (its "har"); a cell that could not
// run has none. A file that cannot be written is said on stderr.
func writeCellHAR(dir string, r matrix.CellResult, stderr io.Writer) {
	if dir == "" || r.Report == nil {
		return
	}
	path := filepath.Join(dir, cellHARName(r.ID))
	if err := writeHAR(path, *r.Report); err != nil {
		fmt.Fprintf(stderr, "mpsim test: --har-dir: cell %s: %s\n", termsafe.Line(r.ID), termsafe.Line(err.Error()))
		return
	}
	r.Report.HAR = path
}

// holdScreenshots makes the run's screenshot directory (none with
// --no-inspect); it stays in use, never pruned by other sessions, until
// release is called, once the reports that embed the screenshots are
// written.
func (o *testOptions) holdScreenshots() (release func()) {
	if o.noInspect {
		return func() {}
	}
	dir, release, err := workspace.NewScreenshotDir()
	if err != nil {
		return func() {} // matrix.Run tries again; failing that, each cell tries its own
	}
	o.screenshots = dir
	return release
}

// warmOpeners returns one opener for each of n workers, each with a window
// process that serves its worker's cells one after another, each cell in a
// new view and WebKit context (portalproc.Warm.Reuse): a cell then starts
// no process, and its view is made, with WebKit's web process started,
// while the results of the cell before are written. It also returns what
// stops the last processes. With off (MPSIM_WARM=0) there are none: each
// cell starts a window process of its own.
func warmOpeners(o portalproc.Opener, n int, off bool) ([]session.Opener, func()) {
	if off {
		return nil, func() {}
	}
	openers := make([]session.Opener, n)
	warms := make([]*portalproc.Warm, n)
	for i := range n {
		warms[i] = portalproc.NewWarm(o)
		warms[i].Reuse(aheadOf(n, runtime.NumCPU()))
		wo := o
		wo.Warm = warms[i]
		openers[i] = wo
	}
	return openers, func() {
		for _, w := range warms {
			w.Close()
		}
	}
}

// workers is how many sessions --parallel N runs at once for cells cells:
// no more than there are cells, at least 1.
func workers(parallel, cells int) int { return max(1, min(parallel, cells)) }

// defaultParallel is --parallel's default on cpus CPUs (GOMAXPROCS, which
// follows a container's CPU limit): half of them, at least 1. One demo
// session alone keeps about 1.5 cores busy (WebKit's web, network and UI
// processes side by side), so more sessions than half the CPUs only queue
// for them (docs/ci.md, Speed).
func defaultParallel(cpus int) int { return max(1, cpus/2) }

// aheadOf says whether the window processes of n workers on cpus CPUs
// make each cell's view while the cell before runs (portalproc.Warm.Reuse):
// only with a CPU to spare. The 24 demo cells of `make bench-matrix` on 2
// CPUs: serially about 12% sooner with it; with --parallel 2, bound by the
// CPU, no sooner and 50–90 MB more at the peak (docs/performance.md, batch 24).
func aheadOf(n, cpus int) bool { return n < cpus }

// exitFor is the exit code of a run: 0 all met, 1 one not met, 2 when no
// cell could run at all or the X display ended during the run (its cells
// cut off say nothing of the portal).
func exitFor(res matrix.Results) int {
	s := res.Summary()
	switch {
	case res.Stopped == matrix.StoppedDisplay:
		return ExitUsage
	case s.OK():
		return ExitOK
	case s.Errors > 0 && s.Met == 0 && s.Unmet == 0:
		// No cell ran: those that could not run, and the rest skipped
		// (--bail after the first; CI QA: exit 1 said others had run).
		return ExitUsage
	}
	return ExitFindings
}

// junitSchemaFlag adds --junit-schema, which sets schema, to c.
func junitSchemaFlag(c *cobra.Command, schema *string) {
	c.Flags().StringVar(schema, "junit-schema", matrix.JUnitDefault, "the JUnit XML `SCHEMA` of --junit: default (each testcase's file and line, which GitHub annotation actions and GitLab read) or xunit (only what Jenkins' xUnit plugin's strict junit-10.xsd allows: the file on the testsuite, each cell's file:line in its system-out)")
	c.RegisterFlagCompletionFunc("junit-schema", fixed(matrix.JUnitSchemas()...))
}

// noHTMLShotsFlag adds --no-html-screenshots, which sets noShots, to c.
func noHTMLShotsFlag(c *cobra.Command, noShots *bool) {
	c.Flags().BoolVar(noShots, "no-html-screenshots", false, "leave the screenshots out of the --html report (it names each, and says where the files are): a far smaller report, and no page's identifiers in pictures, which masking does not reach")
}

var errNoHTML = errors.New("--no-html-screenshots says how to write the --html report: add --html FILE")

// checkJUnitSchema checks --junit-schema (made its documented spelling)
// and that it goes with --junit.
func checkJUnitSchema(schema *string, junit string) error {
	if *schema == "" {
		*schema = matrix.JUnitDefault
	}
	s, err := oneOf("--junit-schema", *schema, matrix.JUnitSchemas())
	if err != nil {
		return err
	}
	if s != matrix.JUnitDefault && junit == "" {
		return fmt.Errorf("--junit-schema %s says how to write the --junit file: add --junit FILE", s)
	}
	*schema = s
	return nil
}

// outputs are the output files and flags of mpsim test and report merge.
type outputs struct {
	junit, junitSchema, html string
	noHTMLShots              bool // --no-html-screenshots
	json                     bool
}

// writeOutputs writes the JUnit, HTML and JSON outputs that were asked for.
func writeOutputs(env Env, cmd string, res matrix.Results, o outputs) int {
	code := ExitOK
	junit, html, asJSON := o.junit, o.html, o.json
	res.NoHTMLShots = o.noHTMLShots
	if junit != "" {
		if err := matrix.WriteFile(junit, func(w io.Writer) error { return matrix.WriteJUnitSchema(w, res, o.junitSchema) }); err != nil {
			fmt.Fprintf(env.Stderr, "mpsim %s: --junit: the JUnit report was not written: %v\n", cmd, outputFailure(junit, err))
			code = ExitUsage
		}
	}
	if html != "" {
		if err := matrix.WriteFile(html, func(w io.Writer) error { return matrix.WriteHTML(w, res) }); err != nil {
			fmt.Fprintf(env.Stderr, "mpsim %s: --html: the HTML report was not written: %v\n", cmd, outputFailure(html, err))
			code = ExitUsage
		}
	}
	if asJSON {
		err := checkStdout(env.Stdout)
		if err == nil {
			err = matrix.WriteJSON(termsafe.Raw(env.Stdout), resultsPaths(res, workspace.RecordedPath)) // UTF-8 under any locale
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "mpsim %s: write JSON: %v\n", cmd, err)
			code = ExitUsage
		}
	}
	return code
}

// resultsPaths returns res with the file paths of each cell's report
// mapped by to (workspace.WithPaths): workspace.RecordedPath for the JSON,
// which holds only UTF-8, workspace.FilePathOf for a results file read
// back. res's own cells are not changed.
func resultsPaths(res matrix.Results, to func(string) string) matrix.Results {
	res.Cells = slices.Clone(res.Cells)
	for i, c := range res.Cells {
		if c.Report != nil {
			rep := workspace.WithPaths(*c.Report, to)
			res.Cells[i].Report = &rep
		}
	}
	return res
}

// outputFailure is err, a failed write of the output file path, naming
// path once: a workspace.WriteError names it and says the file is as it
// was (a full disk: what to do); any other error gets path before it.
func outputFailure(path string, err error) error {
	if we := (*workspace.WriteError)(nil); errors.As(err, &we) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// resultsPathsRead is a results file's paths as files again
// (workspace.FilePathOf).
func resultsPathsRead(res matrix.Results) matrix.Results {
	return resultsPaths(res, workspace.FilePathOf)
}

// testDisplay is runDisplay for many sessions: $DISPLAY unless headless,
// else (or without one) a private Xvfb the sessions share. It also returns
// the display as matrix.Run watches it, to stop the run when it ends. A
// DISPLAY whose X server is gone already is an error before the run, as
// for mpsim run, not a display that "ended during the run".
func testDisplay(env Env, headless bool) (string, matrix.Display, func(), error) {
	if d := env.Getenv("DISPLAY"); d != "" && !headless {
		if err := userDisplay(d).Ended(); err != nil {
			return "", nil, nil, fmt.Errorf("DISPLAY=%s cannot be used (%w); start its X server, or add --headless to run in a private Xvfb", d, errors.Unwrap(err))
		}
		return d, userDisplay(d), func() {}, nil
	}
	xs, err := xvfb.Start("1280x800x24")
	if err != nil {
		return "", nil, nil, err
	}
	return xs.Display, xs, func() { _ = xs.Stop() }, nil
}

// userDisplay is the user's own DISPLAY as matrix.Run watches it: nothing
// says when it ends, so Run asks Ended after each cell not met.
type userDisplay string

// Done is nil: the X server is not mpsim's child.
func (userDisplay) Done() <-chan struct{} { return nil }

// Ended says that the display ended when its X server no longer takes
// connections: its socket refuses them or is gone. A busy server (a full
// backlog) and a display on another host are not taken for ended; a window
// that says it lost its display tells for those (matrix).
func (d userDisplay) Ended() error {
	err := xdisplay.Reachable(string(d), xdisplay.SocketDir, 2*time.Second)
	if err != nil && (errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENOENT)) {
		return fmt.Errorf("the X display %s (DISPLAY) ended: %w", string(d), err)
	}
	return nil
}

// printProgress writes one plain line per finished cell, and the unmet
// expectations or the error under it. What a cell got comes from the page
// (a moDirectStatus outside the enum is kept as the page sent it), so it is
// made safe for a terminal. mask (nil: none) hides the identifiers (EID,
// IMEI, ICCID) in each text before it is cut, as the reports do (matrix.Mask,
// what matrix.Redact applies to every string), so that the job log does not
// show what the JUnit, HTML and JSON outputs hide.
func printProgress(w io.Writer, width, done, total int, r matrix.CellResult, mask func(string) string) {
	if mask == nil {
		mask = func(s string) string { return s }
	}
	mark := map[matrix.Status]string{matrix.StatusMet: "met    ", matrix.StatusUnmet: "NOT MET", matrix.StatusError: "ERROR  ", matrix.StatusSkipped: "skipped"}[r.Status]
	attempt := ""
	if n := len(r.Earlier); n > 0 {
		attempt = fmt.Sprintf(", attempt %d", n+1)
	}
	fmt.Fprintf(w, "[%*d/%d] %s %s (%s%s)\n", width, done, total, mark, termsafe.Line(mask(r.ID)), (time.Duration(r.DurationMs) * time.Millisecond).Round(100*time.Millisecond), attempt)
	for i, a := range r.Earlier {
		fmt.Fprintf(w, "          attempt %d: %s\n", i+1, shownLine(mask(a.Reason)))
	}
	for _, c := range r.Unmet() {
		fmt.Fprintf(w, "          ✗ %s: want %s, got %s\n", shownLine(mask(c.Name)), shownLine(mask(c.Want)), shownLine(mask(c.Got)))
	}
	printCellNotes(w, r, mask)
	if r.Status == matrix.StatusUnmet {
		// Why, as the JUnit failure says it: "verdict: want pass, got
		// no-callback" alone read as a portal that never called back when
		// it had not even loaded.
		errs := r.ErrorFindings()
		for i, f := range errs {
			if i == maxProgressFindings {
				fmt.Fprintf(w, "          … and %s (the report has them all)\n", plural(len(errs)-i, "more error finding"))
				break
			}
			fmt.Fprintf(w, "          error %s\n", progressFinding(f, mask))
		}
		if warns := warningCodes(r); len(warns) > 0 {
			fmt.Fprintf(w, "          + %s: %s (see the report)\n", plural(len(warns), "warning"), termsafe.Line(mask(strings.Join(uniqueCodes(warns), ", "))))
		}
		// How a session with no hand-back ended (a timeout, the main
		// document that never answered), as the JUnit failure says it.
		if note := r.EndNote(); note != "" {
			fmt.Fprintf(w, "          %s\n", shownLine(mask(note)))
		}
	}
	if r.Error != "" {
		fmt.Fprintf(w, "          %s\n", shownLine(mask(r.Error)))
	}
	if shot := failedStepShot(r); shot != "" {
		// The finding names the picture by its label; without --html
		// nothing else says where it is.
		fmt.Fprintf(w, "          screenshot of the failed step: %s\n", shownLine(mask(shownPath(shot))))
	}
}

// printCellNotes prints what a cell left undone or unsaved, whatever its
// status: the scenario steps its session ended before, the screenshots a
// full disk kept from being saved, and its session when the history could
// not keep it.
func printCellNotes(w io.Writer, r matrix.CellResult, mask func(string) string) {
	if line := r.StepsNotRunLine(); line != "" {
		fmt.Fprintf(w, "          %s\n", shownLine(mask(line)))
	}
	if r.Report != nil {
		if shots := r.Report.ScreenshotsNotSaved(); shots != "" {
			fmt.Fprintf(w, "          warning: %s\n", shownLine(mask(shots)))
		}
	}
	if r.HistoryError != "" {
		fmt.Fprintf(w, "          warning: the session was not saved in the history: %s\n", shownLine(mask(r.HistoryError)))
	}
}

// failedStepShot is the path of the screenshot a cell's failed scenario
// step took (labelled step-N-failed), "" when it has none.
func failedStepShot(r matrix.CellResult) string {
	if r.Report == nil {
		return ""
	}
	for i := len(r.Report.Screenshots) - 1; i >= 0; i-- {
		s := r.Report.Screenshots[i]
		if s.Path != "" && strings.HasPrefix(s.Label, "step-") && strings.HasSuffix(s.Label, "-failed") {
			return s.Path
		}
	}
	return ""
}

// shownPath is path as a line shows it: relative to the working directory
// when it is under it, else as it is.
func shownPath(path string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(path) {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return path
}

// maxProgressFinding is how many bytes of a finding's message a progress
// line shows: enough for the longest messages mpsim writes (a
// handback-missing that names the page's calls, its last error and its
// page), not for a page's text quoted at length.
const maxProgressFinding = 500

// progressFinding is a finding on one progress line as mpsim run prints
// it (bridge.Finding.Line: "code [field]: message (contract §2.7)"), its
// message masked and cut to maxProgressFinding bytes, made safe for a
// terminal.
func progressFinding(f bridge.Finding, mask func(string) string) string {
	f.Code, f.Field, f.Message = mask(f.Code), mask(f.Field), textcut.Bytes(mask(f.Message), maxProgressFinding)
	return termsafe.Line(f.Line())
}

// warningCodes are the codes of a cell's warning findings, one for each,
// which its progress lines count rather than show.
func warningCodes(r matrix.CellResult) []string {
	if r.Report == nil {
		return nil
	}
	var out []string
	for _, f := range r.Report.Findings {
		if f.Severity == bridge.SeverityWarning {
			out = append(out, f.Code)
		}
	}
	return out
}

// uniqueCodes is codes without repeats, in their order, each repeated
// one with its count ("transaction-id-missing ×2").
func uniqueCodes(codes []string) []string {
	var out []string
	n := map[string]int{}
	for _, c := range codes {
		if n[c]++; n[c] == 1 {
			out = append(out, c)
		}
	}
	for i, c := range out {
		if n[c] > 1 {
			out[i] = fmt.Sprintf("%s ×%d", c, n[c])
		}
	}
	return out
}

// progressMask is what hides the identifiers in the progress lines: as
// the reports will have them (finish), none with --no-redact (noRedact).
func progressMask(noRedact bool) func(string) string {
	if noRedact {
		return nil
	}
	return matrix.Mask
}

// maxProgressFindings is how many error findings a cell's progress lines
// show.
const maxProgressFindings = 3

// maxShownText is how much of a text the page or the scenario controls (a
// check's want and got, an error) a progress or summary line shows.
const maxShownText = 1 << 10

// shownLine is text from the page or the scenario, cut to maxShownText
// bytes (saying how much was cut) and made safe for a terminal.
func shownLine(s string) string {
	if len(s) <= maxShownText {
		return termsafe.Line(s)
	}
	n := maxShownText
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return termsafe.Line(s[:n]) + fmt.Sprintf("… (%d bytes cut)", len(s)-n)
}

// printSummary writes the summary matrix (scenario rows × language · SIM
// columns, matrix.Cell.Column) and the counts. The names come from
// scenario files or, in report merge, from results files anyone may have
// written: they are made safe for a terminal. The cells of a scenario have
// distinct columns; should two still meet in one place, the worse is shown
// (matrix.CellResult.Worse), never ✓ over a cell that failed. Names are
// padded to their display width (textWidth, as mpsim history list pads),
// so that CJK and combining characters keep the columns aligned.
func printSummary(w io.Writer, res matrix.Results) {
	s := res.Summary()
	if s.Total == 0 {
		fmt.Fprintln(w, "no cells to run")
		return
	}
	var cols, rows []string
	seenCol, seenRow := map[string]bool{}, map[string]bool{}
	cell := map[[2]string]matrix.CellResult{}
	nameW := len("scenario")
	for _, c := range res.Cells {
		col, row := termsafe.Line(c.Column()), termsafe.Line(c.Scenario.Name)
		if !seenCol[col] {
			seenCol[col] = true
			cols = append(cols, col)
		}
		if !seenRow[row] {
			seenRow[row] = true
			rows = append(rows, row)
			nameW = max(nameW, textWidth(row))
		}
		if prev, ok := cell[[2]string{row, col}]; !ok || c.Worse(prev) {
			cell[[2]string{row, col}] = c
		}
	}
	slices.Sort(cols)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-*s", nameW, "scenario")
	for _, c := range cols {
		fmt.Fprintf(w, "  %s", c)
	}
	fmt.Fprintln(w)
	for _, r := range rows {
		fmt.Fprintf(w, "%s%s", r, strings.Repeat(" ", nameW-textWidth(r)))
		for _, c := range cols {
			mark := "·"
			if m, ok := cell[[2]string{r, c}]; ok {
				mark = shortStatus(m)
			}
			fmt.Fprintf(w, "  %s%s", mark, strings.Repeat(" ", max(textWidth(c)-1, 0)))
		}
		fmt.Fprintln(w)
	}
	printCounts(w, res)
}

// shortStatus is a cell's mark in the summary matrix.
func shortStatus(c matrix.CellResult) string {
	if c.Flaky() {
		return "~"
	}
	return map[matrix.Status]string{matrix.StatusMet: "✓", matrix.StatusUnmet: "✗", matrix.StatusError: "!", matrix.StatusSkipped: "-"}[c.Status]
}

// printCounts writes the summary's counts, what the run left out and why
// each cell was not met (or was flaky).
func printCounts(w io.Writer, res matrix.Results) {
	s := res.Summary()
	flaky, legend := "", ""
	if s.Flaky > 0 {
		flaky, legend = fmt.Sprintf(" (%d after a retry)", s.Flaky), ", ~ met after a retry (flaky)"
	}
	fmt.Fprintf(w, "\n%d met%s, %d not met, %d could not run, %d skipped of %s in %s (✓ met%s, ✗ not met, ! could not run, - skipped, · no such cell)\n",
		s.Met, flaky, s.Unmet, s.Errors, s.Skipped, plural(s.Total, "cell"), (time.Duration(res.DurationMs) * time.Millisecond).Round(100*time.Millisecond), legend)
	if res.NoInspect {
		fmt.Fprintln(w, "The portals were not recorded (--no-inspect): no console, network, screenshots or policy audit.")
	}
	if res.NoAxe {
		fmt.Fprintln(w, "axe-core did not run (--no-axe): the accessibility policy is manual in every cell.")
	}
	if res.Run != "" {
		fmt.Fprintf(w, "Only the cells matching --run %q ran.\n", res.Run)
	}
	printSkippedFiles(w, "", res.SkippedFiles)
	for _, c := range res.Cells {
		switch {
		case c.Status == matrix.StatusUnmet || c.Status == matrix.StatusError:
			fmt.Fprintf(w, "  %s %s: %s\n", shortStatus(c), termsafe.Line(c.ID), cellReason(c))
		case c.Flaky():
			fmt.Fprintf(w, "  ~ %s: flaky, met on attempt %d; attempt 1: %s\n", termsafe.Line(c.ID), len(c.Earlier)+1, shownLine(c.Earlier[0].Reason))
		}
	}
}

// printSkippedFiles writes one line for each TOML file of the scenario
// directories that was not read as a scenario file, with why, each line
// starting with prefix.
func printSkippedFiles(w io.Writer, prefix string, skipped []matrix.SkippedFile) {
	for _, s := range skipped {
		fmt.Fprintf(w, "%snot read: %s: %s\n", prefix, termsafe.Line(s.File), termsafe.Line(s.Reason))
	}
}

// cellReason says why a cell was not met or could not run, safe for a
// terminal.
func cellReason(c matrix.CellResult) string { return shownLine(c.Reason()) }

// checkOutputPath makes sure an output file can be written at path before
// any session runs (see checkOutputFile: its directory is made when missing).
func checkOutputPath(flag, path string) error {
	return checkOutputFile(flag, "the output", "out"+filepath.Ext(path), path)
}

// reportOptions are the flags of `mpsim report merge`.
type reportOptions struct {
	junit, html string
	junitSchema string // --junit-schema
	noHTMLShots bool   // --no-html-screenshots
	json        bool
}

func (o *reportOptions) outputs() outputs {
	return outputs{junit: o.junit, junitSchema: o.junitSchema, html: o.html, noHTMLShots: o.noHTMLShots, json: o.json}
}

func (b *builder) reportCmd() *cobra.Command {
	c := &cobra.Command{
		Use:     "report merge DIR|FILE…",
		GroupID: groupSessions,
		Short:   "Merge the --json results of test shards into one JUnit and HTML report",
		Long: `Work with the results of 'mpsim test --json'. 'report merge' reads the results
files (a directory: its *.json files) of the shards of one run and writes one
JUnit XML and one HTML report, with the summary on standard output. Exit code
0 when every cell met its expectations, 1 when one did not, 2 when the files
cannot be read or are not the shards 1/N … N/N of one run, each once (a
shard missing, twice or of another split, or a whole run among them), or
the shards ran with different seeds, --run patterns, scenario files (each
shard records the whole run's cell list) or --no-redact. Shards written
by different builds of mpsim (each records its version and commit) are
merged with a warning, on standard error and in the HTML report. When shards are
missing, empty or unreadable and the others are of one run, the JUnit and
HTML reports are still written, the lost shards' cells as errors, and the
exit code is 2.`,
		Example: `  mpsim report merge out/shards --html out/report.html --junit out/junit.xml
  mpsim report merge shard-1.json shard-2.json shard-3.json --json > all.json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(c, args[0])
			}
			return usagef("name what to do: 'mpsim report merge DIR…'")
		},
		RunE: b.do(func() int { return ExitUsage }),
	}
	c.AddCommand(b.reportMergeCmd())
	return c
}

func (b *builder) reportMergeCmd() *cobra.Command {
	o := &reportOptions{}
	c := &cobra.Command{
		Use:   "merge DIR|FILE…",
		Short: "Merge the results of test shards into one JUnit and HTML report",
		Example: `  mpsim report merge out/shards --html out/report.html --junit out/junit.xml
  mpsim report merge shard-*.json --json > all.json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("name the directories or files of the shards' --json results")
			}
			return nil
		},
	}
	c.Flags().StringVar(&o.junit, "junit", "", "write JUnit XML to `FILE`")
	junitSchemaFlag(c, &o.junitSchema)
	c.Flags().StringVar(&o.html, "html", "", "write the HTML report to `FILE`")
	noHTMLShotsFlag(c, &o.noHTMLShots)
	c.Flags().BoolVar(&o.json, "json", false, "print the merged results as JSON on standard output; the summary goes to standard error")
	c.RunE = func(_ *cobra.Command, args []string) error {
		*b.code = cmdReportMerge(o, args, *b.env)
		return nil
	}
	return c
}

func cmdReportMerge(o *reportOptions, args []string, env Env) int {
	fail := func(err error) int {
		fmt.Fprintln(env.Stderr, "mpsim report merge:", termsafe.Text(err.Error())) // the results files are anyone's
		return ExitUsage
	}
	if err := checkMergeOutputs(o, env.Stdout, env.Stderr); err != nil {
		return fail(err)
	}
	parts, readErr := matrix.ReadResults(args)
	if readErr != nil && len(parts) == 0 {
		return fail(readErr)
	}
	for i := range parts {
		parts[i] = resultsPathsRead(parts[i]) // as --json recorded them
	}
	for _, line := range stoppedShards(parts) {
		fmt.Fprintln(env.Stderr, "mpsim report merge:", termsafe.Text(line))
	}
	res, err := matrix.Merge(parts)
	if err = errors.Join(readErr, err); err != nil {
		// A shard whose results never came: the reports still show the
		// cells the others ran, and the lost ones as errors.
		filled, lost, ok := matrix.FillMissing(res, parts, readErr)
		if !ok {
			return fail(err)
		}
		fail(err)
		warnBuilds(env, res)
		res = filled
		res.Shard = ""
		fmt.Fprintf(env.Stderr, "mpsim report merge: the reports list the %s of the shards whose results are missing or could not be used as errors\n", plural(lost, "cell"))
		if code := writeOutputs(env, "report merge", res, o.outputs()); code != ExitOK {
			return code
		}
		printSummary(env.Stderr, res)
		return ExitUsage
	}
	warnBuilds(env, res)
	res.Shard = ""
	if code := writeOutputs(env, "report merge", res, o.outputs()); code != ExitOK {
		return code
	}
	if n := matrix.ShotsNotCarried(res); n > 0 && o.html != "" && !o.noHTMLShots {
		// CI QA: a merge on another machine dropped every screenshot
		// without a word.
		fmt.Fprintf(env.Stderr, "mpsim report merge: --html: %s not in the report: the results do not carry them and this machine's screenshot cache does not hold them; run the shards with mpsim test --json --embed-screenshots\n", plural(n, "screenshot"))
	}
	out := env.Stdout
	if o.json {
		out = env.Stderr
	}
	fmt.Fprintf(out, "merged %s of %s\n", plural(len(res.Cells), "cell"), plural(len(parts), "results file"))
	printSummary(out, res)
	return exitFor(res)
}
