package matrix

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator/demoportal"
)

// Status is how a cell came out.
type Status string

// The cell statuses.
const (
	StatusMet     Status = "met"     // every expectation met
	StatusUnmet   Status = "unmet"   // the session ran; an expectation was not met
	StatusError   Status = "error"   // the session could not run (see CellResult.Error)
	StatusSkipped Status = "skipped" // not run (--bail after a failure, or interrupted)
)

// Check is one expectation of a cell and whether the session met it.
type Check struct {
	Name string `json:"name"`
	Want string `json:"want"`
	Got  string `json:"got"`
	Met  bool   `json:"met"`
}

// CellResult is one cell after the run.
type CellResult struct {
	Cell
	Status Status  `json:"status"`
	Checks []Check `json:"checks"`
	// Error says why the session could not run.
	Error      string          `json:"error,omitempty"`
	Seed       int64           `json:"seed"`
	Started    time.Time       `json:"started"`
	DurationMs float64         `json:"durationMs"`
	Report     *session.Report `json:"report,omitempty"`
	// Earlier are the attempts before this one, when --retries ran a cell
	// not met again: a cell met after one is flaky.
	Earlier []Attempt `json:"earlier,omitempty"`
	// ShotData are the screenshots the results carry (EmbedScreenshots),
	// for a report merged on another machine.
	ShotData []ShotData `json:"screenshotData,omitempty"`
	// Cancelled: the cell was running when --bail or an interrupt stopped
	// the run (a skipped cell that had started).
	Cancelled bool `json:"cancelled,omitempty"`
	// HistoryError says why the cell's session was not saved in the
	// history (a full or read-only disk, a stuck lock); the cell's
	// outcome does not depend on it.
	HistoryError string `json:"historyError,omitempty"`
	// settled: the cell could not run for a reason of its own making (its
	// scenario or the run's options), which another attempt would only
	// repeat, so --retries does not run it again.
	settled bool
}

// Attempt is an earlier run of a cell that was not met.
type Attempt struct {
	Status     Status  `json:"status"`
	Reason     string  `json:"reason"`
	DurationMs float64 `json:"durationMs"`
}

// Flaky reports whether the cell was met only after a retry.
func (r CellResult) Flaky() bool { return r.Status == StatusMet && len(r.Earlier) > 0 }

// Worse reports whether r is worse than o, for a summary that has room for
// one of them (two cells of one scenario in one column, which distinct IDs
// rule out but a hand-written results file may have): not met, then could
// not run, then flaky, skipped and met last, so that a met cell never
// hides one that failed.
func (r CellResult) Worse(o CellResult) bool { return r.badness() > o.badness() }

// badness orders results for Worse.
func (r CellResult) badness() int {
	switch {
	case r.Status == StatusUnmet:
		return 4
	case r.Status == StatusError:
		return 3
	case r.Flaky():
		return 2
	case r.Status == StatusSkipped:
		return 1
	case r.Status == StatusMet:
		return 0
	}
	return 5 // a status this version does not know: not taken for met
}

// Reason says why a cell was not met: why it could not run, or its unmet
// expectations and how its session ended when that was not a hand-back
// (EndNote); "" when it was met.
func (r CellResult) Reason() string {
	if r.Error != "" {
		return r.Error
	}
	var parts []string
	for _, u := range r.Unmet() {
		parts = append(parts, fmt.Sprintf("%s want %s, got %s", u.Name, u.Want, u.Got))
	}
	if n := r.EndNote(); n != "" {
		parts = append(parts, n)
	}
	return strings.Join(parts, "; ")
}

// Unmet returns the checks that were not met.
func (r CellResult) Unmet() []Check {
	var out []Check
	for _, c := range r.Checks {
		if !c.Met {
			out = append(out, c)
		}
	}
	return out
}

// ErrorFindings returns the report's error findings.
func (r CellResult) ErrorFindings() []bridge.Finding {
	if r.Report == nil {
		return nil
	}
	var out []bridge.Finding
	for _, f := range r.Report.Findings {
		if f.Severity == bridge.SeverityError {
			out = append(out, f)
		}
	}
	return out
}

// Results is a matrix run: what `mpsim test --json` writes and
// `mpsim report merge` reads.
type Results struct {
	Tool    string `json:"tool"`
	Version string `json:"version,omitempty"`
	// Build is the mpsim build that wrote the results (nil in results
	// from before 2026-12-06, which have only Version).
	Build *Build `json:"build,omitempty"`
	// BuildsDiffer says, in merged results, which shards different
	// builds of mpsim wrote ("" when one build wrote them all, as far as
	// their results say).
	BuildsDiffer string `json:"buildsDiffer,omitempty"`
	// BuildsUnknown says, in merged results, which shards record no build
	// (results of an older mpsim), for report merge's warning.
	BuildsUnknown string    `json:"-"`
	Seed          int64     `json:"seed"`
	Shard         string    `json:"shard,omitempty"`
	Parallel      int       `json:"parallel"`
	Started       time.Time `json:"started"`
	DurationMs    float64   `json:"durationMs"`
	Redacted      bool      `json:"redacted"`
	// NoInspect: the cells ran without the recording of the portal.
	NoInspect bool `json:"noInspect,omitempty"`
	// NoAxe: the cells ran without axe-core.
	NoAxe bool `json:"noAxe,omitempty"`
	// Merged results were read from files (Merge): their HTML report
	// embeds the screenshots the results carry (ShotData) and reads no file
	// they name outside this machine's screenshot cache, since a crafted
	// shard could name any picture on this machine.
	Merged bool `json:"-"`
	// NoHTMLShots: the HTML report leaves every screenshot out, naming
	// each (mpsim test and report merge --no-html-screenshots).
	NoHTMLShots bool `json:"-"`
	// From is the file ReadResults read the results from, for messages.
	From string `json:"-"`
	// Session results are one session of the host window, exported: the
	// HTML report is a session's, with no seed.
	Session bool `json:"-"`
	// Retries is how many more times a cell not met was run (--retries).
	Retries int `json:"retries,omitempty"`
	// Stopped says why cells were skipped: StoppedBail,
	// StoppedInterrupted or StoppedDisplay ("" when none was, or in
	// results from before it).
	Stopped string `json:"stopped,omitempty"`
	// DisplayEnded says how the X display the windows opened on ended
	// during the run (StoppedDisplay): "the X display :99 (the private
	// Xvfb, PID 4242) ended: signal: killed".
	DisplayEnded string `json:"displayEnded,omitempty"`
	// Run is the regular expression of mpsim test --run: only the cells
	// whose name it matches ran ("" for all).
	Run string `json:"run,omitempty"`
	// AllCells is how many cells the whole run has, before --shard picks
	// its part (after --run); 0 in results from before it.
	AllCells int `json:"allCells,omitempty"`
	// AllCellsFingerprint identifies the whole run's sorted cell list
	// (CellsFingerprint), so that report merge can tell shards of runs
	// over different scenario files apart.
	AllCellsFingerprint string `json:"allCellsFingerprint,omitempty"`
	// AllCellsContent identifies what the whole run's cells run: their
	// IDs and their scenarios' digests (ContentFingerprint), so that
	// report merge can tell shards run from different versions of the
	// same scenario files apart; "" in results from before it.
	AllCellsContent string `json:"allCellsContent,omitempty"`
	// AllCellIDs are the whole run's cell IDs, sorted, so that report merge
	// can list the cells of a shard whose results never came (FillMissing);
	// nil in results from before it.
	AllCellIDs []string `json:"allCellIds,omitempty"`
	// SkippedFiles are the TOML files of the scenario directories that
	// were not read as scenario files, with why (Find).
	SkippedFiles []SkippedFile `json:"skippedFiles,omitempty"`
	Cells        []CellResult  `json:"cells"`
}

// CellsFingerprint identifies a list of cells by their sorted IDs: the
// first 16 bytes of the SHA-256 of the IDs, one a line, in hex.
func CellsFingerprint(ids []string) string {
	sorted := slices.Sorted(slices.Values(ids))
	sum := sha256.Sum256([]byte(strings.Join(sorted, "\n")))
	return hex.EncodeToString(sum[:16])
}

// CellIDs returns the IDs of cells, in their order.
func CellIDs(cells []Cell) []string {
	ids := make([]string, len(cells))
	for i, c := range cells {
		ids[i] = c.ID
	}
	return ids
}

// Why a run skipped cells (Results.Stopped).
const (
	StoppedBail        = "bail"        // --bail, after a cell not met or one that could not run
	StoppedInterrupted = "interrupted" // SIGINT or SIGTERM
)

// SkipReasonOf says why the skipped cell c did not run, or was stopped
// while running.
func (r Results) SkipReasonOf(c CellResult) string {
	if c.Error != "" {
		return c.Error // its own reason: the display ended (cutOff)
	}
	if !c.Cancelled {
		return r.SkipReason()
	}
	switch r.Stopped {
	case StoppedBail:
		return "cancelled while running: --bail stopped the run after another cell failed"
	case StoppedInterrupted:
		return "cancelled while running: the run was interrupted (SIGINT or SIGTERM)"
	}
	return "cancelled while running (--bail after a failure, or interrupted)"
}

// SkipReason says why r's skipped cells did not run.
func (r Results) SkipReason() string {
	switch r.Stopped {
	case StoppedBail:
		return "not run: --bail stopped the run after a cell failed"
	case StoppedInterrupted:
		return "not run: the run was interrupted (SIGINT or SIGTERM)"
	}
	return "not run (--bail after a failure, or interrupted)"
}

// Summary counts the cells by status; Flaky counts the cells met only
// after a retry (among Met).
type Summary struct{ Total, Met, Unmet, Errors, Skipped, Flaky int }

// Summary counts the cells of r.
func (r Results) Summary() Summary {
	s := Summary{Total: len(r.Cells)}
	for _, c := range r.Cells {
		switch c.Status {
		case StatusMet:
			s.Met++
			if c.Flaky() {
				s.Flaky++
			}
		case StatusUnmet:
			s.Unmet++
		case StatusError:
			s.Errors++
		default:
			s.Skipped++
		}
	}
	return s
}

// OK reports whether every cell met its expectations.
func (s Summary) OK() bool { return s.Met == s.Total }

// Options configure Run.
type Options struct {
	// Parallel is how many sessions overlap (at least 1).
	Parallel int
	// Seed is the run's seed; each cell's device comes from it and the
	// cell's ID (Cell.Seed).
	Seed int64
	// Bail stops starting cells after the first one not met.
	Bail bool
	// Opener opens the portal windows (portalproc.Opener in mpsim).
	Opener session.Opener
	// Openers, when set, has one opener for each of the Parallel workers,
	// used instead of Opener: mpsim's keep the window of the worker's next
	// cell started while its cell runs.
	Openers []session.Opener
	// PresetsFile is the presets file each cell's workspace reads; "" the
	// built-ins only.
	PresetsFile string
	// OperatorsFile is the operator profiles file each cell's workspace
	// reads; "" the built-in Contoso Mobile only.
	OperatorsFile string
	// Operator is the operator profile of cells whose scenario names none;
	// "" Contoso Mobile.
	Operator string
	// TempDir holds the cells' configuration directories; "" the system's.
	TempDir string
	// Display, if set, is the X display the windows open on: when it ends
	// during the run, the cells it cut off and those not started yet are
	// skipped, saying so, and the run stops (StoppedDisplay). Without it
	// only a window that says it lost its display tells.
	Display Display
	// Progress, if set, is called after each cell, one call at a time.
	Progress func(done, total int, r CellResult)
	// Started, if set, is called as each cell starts, from its worker's
	// goroutine (several at once with Parallel above 1).
	Started func(c Cell)
	// Recorder, if set, saves each cell's session (the history).
	Recorder workspace.Recorder
	// Retries runs a cell not met (or that could not run) again, up to
	// this many more times, with the same device: the cell keeps its last
	// attempt and what the earlier ones said (CellResult.Earlier).
	Retries int
	// NoInspect runs the cells without recording the portal itself
	// (console, network, navigations, screenshots, the policy audit): each
	// cell costs less CPU and memory. A cell that expects policy statuses
	// or compares languages cannot run so.
	NoInspect bool
	// NoAxe records the portals but leaves axe-core out of their DOM
	// probes: about a third less CPU a cell. A cell that expects the
	// accessibility policy's status cannot run so.
	NoAxe bool
	// Expected, if set, says how long a cell is expected to take, 0 when
	// it cannot tell (mpsim: the cell's last run in the history). With
	// Parallel above 1, Run starts the cells expected to take longest
	// first, so that no long cell is left running alone at the end.
	Expected func(Cell) time.Duration
	// ScreenshotDir holds a directory of each recorded cell's screenshots.
	// Run makes one for the run when it is empty: a session's directory
	// under the user's cache (workspace.NewScreenshotDir), so that the
	// cache's pruning counts the whole run as one session and removes none
	// of its cells' screenshots before the report embeds them. RunCell
	// alone, with none, gives the cell a session's directory of its own.
	ScreenshotDir string
}

// Run runs the cells, at most o.Parallel at a time, each in its own
// workspace, and returns their results in the cells' order.
func Run(ctx context.Context, cells []Cell, o Options) Results {
	par := max(o.Parallel, 1)
	removeStaleCellDirs(o.TempDir)
	res := Results{Tool: "mpsim", Seed: o.Seed, Parallel: max(1, min(par, len(cells))), NoInspect: o.NoInspect, NoAxe: o.NoAxe, Retries: o.Retries, Started: time.Now(), Cells: make([]CellResult, len(cells))}
	if o.ScreenshotDir == "" && !o.NoInspect {
		// Without one, each cell makes a session's directory of its own.
		if dir, release, err := workspace.NewScreenshotDir(); err == nil {
			defer release()
			o.ScreenshotDir = dir
		}
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	display := watchDisplay(parent, ctx, o.Display, cancel)
	jobs := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for worker := range par {
		wo := o
		if worker < len(o.Openers) {
			wo.Opener = o.Openers[worker]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := runOrSkip(ctx, cells[i], wo, display)
				mu.Lock()
				res.Cells[i] = r
				done++
				if o.Bail && (r.Status == StatusUnmet || r.Status == StatusError) {
					cancel()
				}
				if o.Progress != nil {
					o.Progress(done, len(cells), r)
				}
				mu.Unlock()
			}
		}()
	}
	for _, i := range runOrder(cells, par, o.Expected) {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if why := display.ended(); why != nil {
		res.Stopped, res.DisplayEnded = StoppedDisplay, why.Error()
	}
	res.DurationMs = ms(time.Since(res.Started))
	return res
}

// runOrSkip runs cell c, or skips it once the run is stopped (ctx): by
// --bail, an interrupt, or the end of the display (saying so).
func runOrSkip(ctx context.Context, c Cell, o Options, display *displayWatch) CellResult {
	if ctx.Err() != nil {
		r := CellResult{Cell: c, Status: StatusSkipped, Seed: c.Seed(o.Seed), Checks: []Check{}}
		if why := display.ended(); why != nil {
			r = cutOff(r, why, false)
		}
		return r
	}
	if o.Started != nil {
		o.Started(c)
	}
	return runWithRetries(ctx, c, o, display)
}

// runWithRetries runs the cell, and again while it is not met and
// o.Retries allows, keeping the last attempt and what the earlier ones
// said. A run cut short (ctx) is not retried, nor a cell whose display
// ended under it: it is cut off (cutOff).
func runWithRetries(ctx context.Context, c Cell, o Options, display *displayWatch) CellResult {
	var earlier []Attempt
	for {
		r := RunCell(ctx, c, o)
		if why := display.check(r); why != nil {
			r = cutOff(r, why, true)
			r.Earlier = earlier
			return r
		}
		if r.Status == StatusMet || r.Status == StatusSkipped || r.settled || len(earlier) >= o.Retries || ctx.Err() != nil {
			r.Earlier = earlier
			return r
		}
		earlier = append(earlier, Attempt{Status: r.Status, Reason: r.Reason(), DurationMs: r.DurationMs})
	}
}

// startOrder is the order to start cells in: longest first, so that the
// long ones overlap with the short ones rather than end the run alone.
// A cell expected to run until its timeout is as long as its timeout;
// another takes what expected says (nil: nothing is known), and one it
// knows nothing of is taken to be as long as the median of those it
// knows, so that a new long cell does not always start last — or as long
// as its demo choice waits on purpose (demoportal.Waits), when that is
// longer. Cells of the same length keep their order.
// runOrder is the order par workers start cells in. One at a time, the
// files' order: another would change nothing but the progress lines' and
// which cells --bail skips. Side by side, the longest first (startOrder).
func runOrder(cells []Cell, par int, expected func(Cell) time.Duration) []int {
	if par > 1 {
		return startOrder(cells, expected)
	}
	order := make([]int, len(cells))
	for i := range order {
		order[i] = i
	}
	return order
}

func startOrder(cells []Cell, expected func(Cell) time.Duration) []int {
	length := make([]time.Duration, len(cells))
	var known []time.Duration
	for i, c := range cells {
		switch {
		case c.Scenario.Expect.Ended == session.EndedTimeout:
			length[i] = cmp.Or(time.Duration(c.Scenario.Timeout), DefaultTimeout)
		case expected != nil:
			length[i] = expected(c)
			if length[i] > 0 {
				known = append(known, length[i])
			}
		}
	}
	median := time.Duration(0)
	if len(known) > 0 {
		slices.Sort(known)
		median = known[len(known)/2]
	}
	for i, c := range cells {
		if length[i] <= 0 && c.Scenario.Expect.Ended != session.EndedTimeout {
			length[i] = max(median, demoportal.Waits(c.Scenario.DemoChoice))
		}
	}
	order := make([]int, len(cells))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(length[b], length[a]) })
	return order
}

// RunCell runs one cell in a fresh configuration directory with a device
// generated from the cell's seed, through workspace.Runner, and checks its
// expectations. A session cut short by ctx is skipped.
func RunCell(ctx context.Context, c Cell, o Options) CellResult {
	seed := c.Seed(o.Seed)
	r := CellResult{Cell: c, Seed: seed, Started: time.Now(), Checks: []Check{}}
	fail := func(err error) CellResult {
		r.Status, r.Error = StatusError, err.Error()
		r.DurationMs = ms(time.Since(r.Started))
		return r
	}
	dir, release, err := makeCellDir(o.TempDir)
	if err != nil {
		return fail(err)
	}
	defer release()
	// The cell's device is made for the cell's operator: the scenario's,
	// else the run's (an eSIM of another operator would send no iccids).
	h, err := workspace.Open(dir, workspace.Options{Seed: &seed, Kind: c.SIM, PresetsFile: o.PresetsFile,
		OperatorsFile: o.OperatorsFile, Operator: cmp.Or(c.Scenario.Operator, o.Operator),
		DeviceThrownAway: "each matrix cell has a device of its own, thrown away after the cell"})
	if err != nil {
		return fail(err)
	}
	defer h.Close()
	// The scenario's own errors: the same on every attempt.
	settle := func(err error) CellResult {
		r := fail(err)
		r.settled = true
		return r
	}
	h.SetDemoChoice(c.Scenario.DemoChoice)
	h.SetDemoBreakPolicies(c.Scenario.DemoBreakPolicies)
	if err := h.SetDemoAPI(c.Scenario.DemoAPI); err != nil {
		return settle(err)
	}
	req, err := c.Request(seed)
	if err != nil {
		return settle(err)
	}
	if err := leaveOut(o, c, &req); err != nil {
		return settle(err)
	}
	if err := cellScreenshotDir(o, c, &req); err != nil {
		return fail(err)
	}
	req.PinCertHow = "with trust_certs in the scenario file"
	plan, err := h.Plan(req)
	if err != nil {
		return fail(err)
	}
	plan.Config.Seed = seed
	plan.Scenario = c.Scenario.Name
	start := time.Now()
	rec, recording := cellRecorderFor(o.Recorder, c, start, func() bool { return ctx.Err() != nil })
	// A cell's comparison run (compare_language) opens in the same display.
	out, err := workspace.Runner{Workspace: h, Opener: o.Opener, CompareOpener: o.Opener, Recorder: rec}.Run(ctx, plan, nil)
	took := time.Since(start)
	if recording != nil && recording.took > 0 {
		took = recording.took // as the history judged the cell
	}
	r.DurationMs = ms(time.Since(r.Started))
	if err != nil {
		return fail(err)
	}
	rep := out.Report
	r.Report = &rep
	r.Scenario = maskSecretFills(r.Scenario, rep)
	if out.HistoryErr != nil {
		r.HistoryError = workspace.SaveFailure(out.HistoryErr)
	}
	judged := judgeCell(c, rep, took, ctx.Err() != nil)
	r.Status, r.Error, r.Cancelled = judged.Status, judged.Error, judged.Status == StatusSkipped
	if judged.Checks != nil {
		r.Checks = judged.Checks
	}
	return r
}

// windowStarted reports whether the portal window came up at all: it said
// it was ready, navigated, failed a load or the page called the bridge.
func windowStarted(rep session.Report) bool {
	for _, e := range rep.Log {
		switch e.Kind {
		case session.KindReady, session.KindNavigated, session.KindLoadFailed, session.KindCall, session.KindHostEvent:
			return true
		}
	}
	return false
}

// Evaluate checks a session's report against the expectations. With none,
// the verdict must be pass. A table by language (expect.plan_name,
// expect.html_lang) gives the value for the cell's first language, the
// first of the launch's Accept-Language. A preset's expect_status that was not met is
// always a failed check.
func Evaluate(e Expect, rep session.Report, took time.Duration) []Check {
	var out []Check
	add := func(name, want, got string, met bool) {
		out = append(out, Check{Name: name, Want: want, Got: got, Met: met})
	}
	if e.empty() {
		e.Verdict = string(bridge.VerdictPass)
	}
	if e.Verdict != "" {
		add("verdict", e.Verdict, string(rep.Verdict), string(rep.Verdict) == e.Verdict)
	}
	hb := handBackOf(rep)
	status, success := hb.status, hb.success
	if len(e.Status) > 0 {
		met := hb.statusKnown && slices.ContainsFunc(e.Status, func(s string) bool { return strings.EqualFold(s, status) })
		add("moDirectStatus", strings.Join(e.Status, " or "), status, met)
	}
	if e.Success != nil {
		add("success", fmt.Sprint(*e.Success), success, hb.successKnown && rep.Result.Success == *e.Success)
	}
	if e.Ended != "" {
		add("ended", e.Ended, rep.Ended, rep.Ended == e.Ended)
	}
	out = append(out, languageChecks(e, rep)...)
	out = append(out, stepCheck(e, rep.Findings)...)
	out = append(out, findingChecks(e, rep.Findings)...)
	out = append(out, policyChecks(e, rep.Policies)...)
	if e.MaxDuration > 0 {
		add("duration", "≤ "+time.Duration(e.MaxDuration).String(), took.Round(10*time.Millisecond).String(), took <= time.Duration(e.MaxDuration))
	}
	if ch, ok := PresetCheck(rep); ok {
		out = append(out, ch)
	}
	return out
}

// PresetCheck is the check of the expect_status of the preset rep's
// session ran (Evaluate adds it to every cell's checks); false when the
// preset expected no status.
func PresetCheck(rep session.Report) (Check, bool) {
	if rep.ExpectationMet == nil {
		return Check{}, false
	}
	return Check{Name: "preset expect_status", Want: strings.Join(rep.ExpectedStatus, " or "), Got: handBackOf(rep).status, Met: *rep.ExpectationMet}, true
}

// handBack is what a cell's checks show of a session's hand-back: its
// moDirectStatus and success, or what came in their place.
type handBack struct {
	status, success           string
	statusKnown, successKnown bool
}

// undecodedText says that a hand-back did not decode, and f why.
func undecodedText(f bridge.Finding) string { return "no decodable hand-back (" + f.Code + ")" }

// handBackOf reads the moDirectStatus and success of rep's hand-back. A
// decoded result leaves a field the portal did not send (or sent with the
// wrong type, or in a payload that did not decode) zero, and its findings
// say which: those say what came instead of a status or a success the
// portal never sent ("no decodable hand-back (json-malformed)", "no
// purchaseResult", "no success field"), not "" and false. Without a
// result, both are "no hand-back".
func handBackOf(rep session.Report) handBack {
	if rep.Result == nil {
		return handBack{status: "no hand-back", success: "no hand-back"}
	}
	res := *rep.Result
	if f, ok := bridge.Undecoded(res, rep.Findings); ok {
		s := undecodedText(f)
		return handBack{status: s, success: s}
	}
	hb := handBack{status: res.PurchaseResult.MoDirectStatus, success: fmt.Sprint(res.Success), statusKnown: true, successKnown: true}
	if hb.status == "" {
		hb.status, hb.statusKnown = missingStatus(rep.Findings), false
	}
	if !res.Success {
		if _, ok := findingOf(rep.Findings, "success", bridge.CodeSuccessMissing); ok {
			hb.success, hb.successKnown = "no success field", false
		} else if f, ok := findingOf(rep.Findings, "success", bridge.CodeSuccessNotBoolean); ok {
			hb.success, hb.successKnown = "no boolean success ("+f.Code+")", false
		}
	}
	return hb
}

// missingStatus says why a hand-back has no moDirectStatus, from its
// findings: "no purchaseResult", "no decodable purchaseResult
// (json-malformed)", "no moDirectStatus".
func missingStatus(findings []bridge.Finding) string {
	if _, ok := findingOf(findings, "purchaseResult", bridge.CodePurchaseResultMiss); ok {
		return "no purchaseResult"
	}
	if f, ok := findingOf(findings, "purchaseResult", bridge.CodeJSONMalformed, bridge.CodePurchaseResultNotObj); ok {
		return "no decodable purchaseResult (" + f.Code + ")"
	}
	for _, f := range findings {
		if f.Field == "purchaseResult.moDirectStatus" && f.Severity == bridge.SeverityError && f.Code != bridge.CodeEnumMissing {
			return "no usable moDirectStatus (" + f.Code + ")"
		}
	}
	return "no moDirectStatus"
}

// findingOf is the first of findings with one of codes about field (""
// for the whole payload).
func findingOf(findings []bridge.Finding, field string, codes ...string) (bridge.Finding, bool) {
	for _, f := range findings {
		if slices.Contains(codes, f.Code) && f.Field == field {
			return f, true
		}
	}
	return bridge.Finding{}, false
}

// stepCheck fails the cell whose scenario step failed, with the step's
// number, action and why, whatever else was expected (a scenario whose
// steps did not all run did not test what it says), unless the scenario
// expects that failure (findings = ["scenario-step-failed"]).
func stepCheck(e Expect, findings []bridge.Finding) []Check {
	if slices.Contains(e.Findings, bridge.CodeScenarioStepFailed) {
		return nil
	}
	for _, f := range findings {
		if f.Code == bridge.CodeScenarioStepFailed {
			return []Check{{Name: "steps", Want: "every step done", Got: strings.TrimPrefix(f.Message, "Scenario "), Met: false}}
		}
	}
	return nil
}

// findingChecks checks that the finding codes of e.Findings are among
// findings and those of e.NoFindings are not.
func findingChecks(e Expect, findings []bridge.Finding) []Check {
	codes := map[string]bool{}
	for _, f := range findings {
		codes[f.Code] = true
	}
	presence := func(c string) string {
		if codes[c] {
			return "present"
		}
		return "absent"
	}
	var out []Check
	for _, c := range e.Findings {
		out = append(out, Check{Name: "finding " + c, Want: "present", Got: presence(c), Met: codes[c]})
	}
	for _, c := range e.NoFindings {
		out = append(out, Check{Name: "finding " + c, Want: "absent", Got: presence(c), Met: !codes[c]})
	}
	return out
}

// policyChecks checks the policy statuses of e.Policies against the
// session's audit, in policy ID order.
func policyChecks(e Expect, policies []audit.Policy) []Check {
	got := map[string]string{}
	for _, p := range policies {
		got[p.ID] = string(p.Status)
	}
	var out []Check
	for _, id := range slices.Sorted(maps.Keys(e.Policies)) {
		g, ok := got[id]
		if !ok {
			g = "not audited"
		}
		out = append(out, Check{Name: "policy " + id, Want: e.Policies[id], Got: g, Met: ok && strings.EqualFold(g, e.Policies[id])})
	}
	return out
}

// leaveOut asks req to leave out what o leaves out of every cell (the
// recording, axe-core), or says why cell c cannot run without it.
func leaveOut(o Options, c Cell, req *workspace.Request) error {
	if o.NoInspect {
		if len(c.Scenario.Expect.Policies) > 0 {
			return errors.New("its expected policy statuses need the policy audit, which needs the recording of the portal; drop --no-inspect")
		}
		if c.Scenario.Expect.HTMLLang.Given() {
			return errors.New("its expected html_lang needs the page's <html lang>, which the recording of the portal reads; drop --no-inspect")
		}
		req.NoInspect = true
	}
	if o.NoAxe {
		if _, ok := c.Scenario.Expect.Policies["accessibility"]; ok {
			return errors.New("its expected accessibility status needs axe-core; drop --no-axe")
		}
		req.NoAxe = true
	}
	return nil
}

// cellScreenshotDir gives a recorded cell a directory of its own (each
// attempt a new one) in o.ScreenshotDir, named after the cell.
func cellScreenshotDir(o Options, c Cell, req *workspace.Request) error {
	if o.ScreenshotDir == "" || req.NoInspect || req.ScreenshotDir != "" {
		return nil
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, c.ID)
	dir, err := os.MkdirTemp(o.ScreenshotDir, name+"-*")
	if err != nil {
		return fmt.Errorf("screenshot directory: %w", err)
	}
	req.ScreenshotDir = dir
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// digitGroups is a run of digits, or of digit groups each parted from the
// next by one space, dash or dot ("8903 3023 7182 …", "35-209900-176148-1").
var digitGroups = regexp.MustCompile(`[0-9]+(?:[ .\-][0-9]+)*`)

// minIdentifierDigits is how many digits make an identifier: IMEI (15),
// ICCID (18–20), EID (32), also inside a launch URL or a broken (padded,
// chopped) form.
const minIdentifierDigits = 15

// Mask hides the digits of every identifier in s but the last four: a run
// of 15 or more digits, also when spaces, dashes or dots part its digit
// groups (the separators stay).
func Mask(s string) string {
	return digitGroups.ReplaceAllStringFunc(s, func(m string) string {
		digits := len(m) - strings.Count(m, " ") - strings.Count(m, "-") - strings.Count(m, ".")
		if digits < minIdentifierDigits {
			return m
		}
		b := []byte(m)
		for i, hide := 0, digits-4; i < len(b) && hide > 0; i++ {
			if b[i] >= '0' && b[i] <= '9' {
				b[i] = 'X'
				hide--
			}
		}
		return string(b)
	})
}

// Redact masks the identifiers (EID, ICCID, IMEI) in every string of the
// results: launch URL, parameters, device, hand-back, findings, log.
// Numbers (seeds, timings) are left alone.
func Redact(r *Results) error {
	for i := range r.Cells {
		c, err := mapCellStrings(r.Cells[i], Mask)
		if err != nil {
			return fmt.Errorf("redact %s: %w", r.Cells[i].ID, err)
		}
		r.Cells[i] = c
	}
	r.Redacted = true
	return nil
}

// mapCellStrings returns c with f applied to every string of it (keys
// too), through its JSON; the screenshots it carries are left alone.
func mapCellStrings(c CellResult, f func(string) string) (CellResult, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return CellResult{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return CellResult{}, err
	}
	if b, err = json.Marshal(mapStrings(tree, f)); err != nil {
		return CellResult{}, err
	}
	var out CellResult
	if err := json.Unmarshal(b, &out); err != nil {
		return CellResult{}, err
	}
	// The pictures' base64 is no text, and file paths are no identifiers:
	// a history session's directory (20261205T050210.123456789Z-…) reads as
	// a spaced-out number, and a masked path names no file to embed.
	for j, d := range c.ShotData {
		if j < len(out.ShotData) {
			out.ShotData[j] = d
		}
	}
	if c.Report != nil && out.Report != nil {
		for j, sc := range c.Report.Screenshots {
			if j < len(out.Report.Screenshots) {
				out.Report.Screenshots[j].Path = sc.Path
			}
		}
		out.Report.HAR = c.Report.HAR
	}
	out.settled = c.settled
	return out, nil
}

// mapStrings applies f to every string (keys too) of a decoded JSON tree.
func mapStrings(v any, f func(string) string) any {
	switch t := v.(type) {
	case string:
		return f(t)
	case []any:
		for i := range t {
			t[i] = mapStrings(t[i], f)
		}
		return t
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[f(k)] = mapStrings(x, f)
		}
		return out
	}
	return v
}
