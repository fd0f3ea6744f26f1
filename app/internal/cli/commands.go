package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"mpsim/app/internal/buildinfo"
	"mpsim/app/internal/history"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/portalproc"
	"mpsim/app/internal/session"
	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/textcut"
	"mpsim/app/internal/watch"
	"mpsim/app/internal/workspace"
	"mpsim/app/internal/xdisplay"
	"mpsim/app/internal/xvfb"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
)

// DeviceSeed is the seed the host window passes to workspace.New: 0, so that a
// first run generates the device from the clock. Later runs load the saved
// device (workspace.DeviceFileName in the configuration directory).
const DeviceSeed = 0

// openHost opens the host on the configuration directory with the state
// flags, and reports on stderr what happened to the saved state.
func openHost(env Env, cmd string, st stateFlags, kind simulator.SIMKind) (*workspace.Workspace, error) {
	h, err := openHostQuiet(env, cmd, st, kind)
	if err != nil {
		return nil, err
	}
	if seed, ok := h.Created(); ok {
		fmt.Fprintf(env.Stderr, "mpsim %s: no saved device: generated one from seed %d and saved it to %s\n", cmd, seed, termsafe.Line(h.DevicePath()))
	}
	return h, nil
}

// openHostQuiet is openHost without the first-run message; warnings about
// the saved state are always printed.
func openHostQuiet(env Env, cmd string, st stateFlags, kind simulator.SIMKind) (*workspace.Workspace, error) {
	dir, err := workspace.ConfigDir()
	if err != nil {
		return nil, err
	}
	return openWorkspace(env, cmd, dir, workspace.Options{Seed: st.seed.ptr(), Kind: kind, PresetsFile: st.config, Operator: st.operator})
}

// openWorkspace opens the workspace on dir with opts and prints its
// notices.
func openWorkspace(env Env, cmd, dir string, opts workspace.Options) (*workspace.Workspace, error) {
	h, err := workspace.Open(dir, opts)
	if err != nil {
		return nil, err
	}
	for _, n := range h.Notices() {
		fmt.Fprintf(env.Stderr, "mpsim %s: warning: %s\n", cmd, termsafe.Line(n))
	}
	for _, n := range h.News() {
		fmt.Fprintf(env.Stderr, "mpsim %s: %s\n", cmd, termsafe.Line(n))
	}
	return h, nil
}

// openHostToRead is openHost for a command that can do its work without
// writing in the configuration directory (url, run, device show,
// demo-portal): on one it cannot write in (a read-only mount, a 0555 or
// another user's directory) it reads what is there, the defaults where
// nothing is, and warns once that changes will not be saved, naming the
// directory and why. On a writable one it is openHost.
func openHostToRead(env Env, cmd string, st stateFlags, kind simulator.SIMKind) (*workspace.Workspace, error) {
	dir, ro, err := workspace.ConfigDirToRead()
	if err != nil {
		return nil, err
	}
	if ro == nil {
		return openHost(env, cmd, st, kind)
	}
	h, err := openWorkspace(env, cmd, dir, workspace.Options{Unwritable: ro, Seed: st.seed.ptr(), Kind: kind, PresetsFile: st.config, Operator: st.operator})
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, ro.Reason())
	}
	warning := ro.Warning()
	if seed, ok := h.Created(); ok {
		what := "it holds no device"
		if h.UnreadableDevice() != nil {
			what = "its device cannot be read (see above)"
		}
		warning += fmt.Sprintf("; %s: this command uses one generated from seed %d (--seed %d gives it again)", what, seed, seed)
	}
	fmt.Fprintf(env.Stderr, "mpsim %s: warning: %s\n", cmd, termsafe.Line(warning))
	return h, nil
}

// urlOutput is what `mpsim url --json` prints: the launch, and the preset
// with its expectation when one was used.
type urlOutput struct {
	simulator.Launch
	Preset      string `json:"preset,omitempty"`
	Expectation string `json:"expectation,omitempty"`
}

// urlOptions are the flags of `mpsim url`.
type urlOptions struct {
	launch launchFlags
	json   bool
}

func cmdURL(o *urlOptions, env Env) int {
	lf := &o.launch
	req, err := lf.request()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim url:", err)
		return ExitUsage
	}
	h, err := openHostToRead(env, "url", lf.state, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim url:", err)
		return ExitUsage
	}
	if req.PortalURL == "" && !h.HasPortal(req) {
		req.PortalURL = "https://" + workspace.DefaultDemoAddr + "/"
	}
	l, _, err := h.Launch(req)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim url:", err)
		return ExitUsage
	}
	for _, w := range req.Warnings() {
		fmt.Fprintln(env.Stderr, "mpsim url: warning:", termsafe.Line(w))
	}
	if n := transactionIDNote(req.TransactionID); n != "" {
		fmt.Fprintln(env.Stderr, "mpsim url: note:", termsafe.Line(n))
	}
	for _, w := range paramDuplicates(l, req.Extra) {
		fmt.Fprintln(env.Stderr, "mpsim url: warning:", termsafe.Line(w))
	}
	out := urlOutput{Launch: l, Preset: req.Preset}
	if req.Preset != "" {
		p, err := h.Preset(req.Preset)
		if err != nil {
			fmt.Fprintln(env.Stderr, "mpsim url:", err)
			return ExitUsage
		}
		out.Expectation = p.Expect
	}
	if o.json {
		return writeJSON(env.Stdout, out, env)
	}
	fmt.Fprintln(env.Stdout, l.URL)
	printLaunchHeaders(env.Stderr, l.Headers)
	if out.Expectation != "" {
		fmt.Fprintf(env.Stderr, "mpsim url: preset %s: a correct portal should: %s\n", req.Preset, out.Expectation)
	}
	return ExitOK
}

// printLaunchHeaders prints the headers a launch carries (Accept-Language
// always, the X-MP-LPAError-* headers after a failed eSIM download,
// contract §1.4), one "Name: value" line each in the order of their names,
// as curl -H takes them. `mpsim url` prints them on standard error: its
// standard output is the URL alone, which `url=$(mpsim url)` and
// docs/demo-portal.md rely on. Before, plain `mpsim url` left them out
// though its help promised them; only --json had them.
func printLaunchHeaders(w io.Writer, headers map[string]string) {
	for _, name := range slices.Sorted(maps.Keys(headers)) {
		fmt.Fprintf(w, "%s: %s\n", termsafe.Line(name), termsafe.Line(headers[name]))
	}
}

// writeJSON prints v as indented JSON. Page-controlled strings in it cannot
// reach the terminal raw: encoding/json escapes C0 controls, termsafe.JSON
// DEL, C1 and bidirectional controls.
//
// A closed standard output (checkStdout) or a write that fails (> /dev/full)
// is exit 2 with the reason.
func writeJSON(w io.Writer, v any, env Env) int {
	if err := checkStdout(w); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: write JSON:", err)
		return ExitUsage
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: write JSON:", err)
		return ExitUsage
	}
	// JSON stays UTF-8 under any locale: it is for programs, not a
	// terminal (termsafe.Raw).
	if _, err := termsafe.Raw(w).Write(termsafe.JSON(buf.Bytes())); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim: write JSON:", err)
		return ExitUsage
	}
	return ExitOK
}

// validateOutput is what `mpsim validate --json` prints.
type validateOutput struct {
	Result   bridge.Result    `json:"result"`
	Findings []bridge.Finding `json:"findings"`
	Errors   int              `json:"errors"`
	Warnings int              `json:"warnings"`
}

// validateOptions are the flags of `mpsim validate`.
type validateOptions struct {
	json, object bool
	sim, txID    string
	iccids       string
	report       string
	notify       multiFlag
}

// expectation is what validateOptions tell of the launch: the
// transactionId, the SIM kind and, with --iccids, the operator's profiles
// on the eSIM (or the physical SIM's ICCID).
func (o *validateOptions) expectation() (bridge.Expectation, error) {
	sim := strings.ToLower(strings.TrimSpace(o.sim))
	switch sim {
	case "", bridge.SIMKindESIM, bridge.SIMKindPSIM, bridge.SIMKindNone:
	default:
		return bridge.Expectation{}, usagef("--sim %q: use esim, psim or none", o.sim)
	}
	exp := bridge.Expectation{TransactionID: o.txID, SIMKind: sim}
	if o.iccids != "" {
		exp.OperatorICCIDs = []string{}
		for _, id := range strings.Split(o.iccids, ",") {
			if id = strings.TrimSpace(id); id != "" {
				exp.ICCIDs = append(exp.ICCIDs, id)
				exp.OperatorICCIDs = append(exp.OperatorICCIDs, id)
			}
		}
	}
	return exp, nil
}

// unknownProfiles adds to an eSIM's activation-code-missing, whose message
// says the eSIM's profiles are not known, the flag that makes them known.
func unknownProfiles(findings []bridge.Finding, exp bridge.Expectation) {
	if exp.SIMKind != bridge.SIMKindESIM || exp.OperatorICCIDs != nil {
		return
	}
	for i, f := range findings {
		if f.Code == bridge.CodeActivationCodeMissing {
			findings[i].Message += " Give the launch's iccids with --iccids and validate knows the eSIM's profiles."
		}
	}
}

func cmdValidate(o *validateOptions, pos []string, env Env) int {
	if o.report != "" {
		return cmdValidateReport(o, env)
	}
	asJSON, asObject := &o.json, &o.object
	exp, err := o.expectation()
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim validate:", err)
		return ExitUsage
	}
	data, err := readValidateInput(pos, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim validate:", err)
		return ExitUsage
	}
	text := strings.TrimSpace(string(data))
	if text == "" {
		fmt.Fprintln(env.Stderr, "mpsim validate: the input is empty; give the payload the portal passed to DataMart.notifyPurchaseResult")
		return ExitUsage
	}
	// The text is exactly what the page passed, as the live host receives
	// it: with --object the object itself, otherwise the string
	// JSON.stringify produced. A text that is itself a JSON string literal
	// was stringified twice, and the host finds payload-not-object in it,
	// so validate does not unwrap it either (issue 13: one decoding path).
	var arg json.RawMessage
	if *asObject {
		arg = json.RawMessage(text)
	} else {
		b, _ := json.Marshal(text)
		arg = b
	}
	if err := fitsTheBridge(text, *asObject); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim validate:", err)
		return ExitUsage
	}
	res, findings := bridge.DecodeLegacy(arg, exp)
	unknownProfiles(findings, exp)
	out := validateOutput{Result: res, Findings: findings}
	if out.Findings == nil {
		out.Findings = []bridge.Finding{}
	}
	for _, f := range findings {
		switch f.Severity {
		case bridge.SeverityError:
			out.Errors++
		case bridge.SeverityWarning:
			out.Warnings++
		}
	}
	if *asJSON {
		if code := writeJSON(env.Stdout, out, env); code != ExitOK {
			return code
		}
	} else {
		printResult(env.Stdout, &res, findings)
	}
	if out.Errors > 0 {
		return ExitFindings
	}
	return ExitOK
}

// fitsTheBridge refuses a payload the live host would never receive: the
// shim sends no envelope over bridge.DefaultMaxEnvelopeBytes (the page gets
// envelope-oversize instead), and the envelope carries the payload encoded
// once more (every quote and backslash escaped) with the token, the API
// name and the page's URL. Measured with an empty URL, so what is refused
// here is refused from any page (issue 13: validate judges what the live
// session judges).
func fitsTheBridge(text string, asObject bool) error {
	argBytes := bridge.JSStringBytes(text) // the string JSON.stringify made, stringified once more
	if asObject {
		var b bytes.Buffer
		if json.Compact(&b, []byte(text)) != nil {
			return nil // not JSON: the decoding says so
		}
		argBytes = b.Len() // the object, as the shim's JSON.stringify writes it
	}
	size := bridge.EnvelopeBytes(bridge.APIDataMartNotifyPurchaseResult, nil, "") + argBytes
	if size > bridge.DefaultMaxEnvelopeBytes {
		return fmt.Errorf("the payload is too large for the bridge: the call that carries it would be an envelope of %d bytes or more (the payload escaped once more, plus the token, the API name and the page's URL), over the %d KiB the host accepts; a portal that passes it gets envelope-oversize and hands nothing back",
			size, bridge.DefaultMaxEnvelopeBytes>>10)
	}
	return nil
}

// MaxValidateInput caps what `mpsim validate` reads: a hand-back payload is
// a few kilobytes, and the bridge refuses envelopes over
// bridge.DefaultMaxEnvelopeBytes, so a bigger input is a mistake (or a
// hostile file) and is refused instead of being read whole into memory.
const MaxValidateInput = bridge.DefaultMaxEnvelopeBytes

// readValidateInput reads the FILE argument, or stdin for none or "-", up
// to MaxValidateInput bytes of text: without a byte order mark, and
// decoded from UTF-16 when one says so (payloadText); a file in another
// encoding than UTF-8 is refused with how to save it (encodingProblem).
func readValidateInput(pos []string, env Env) ([]byte, error) {
	r, name := env.Stdin, "standard input"
	if len(pos) > 0 && pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return nil, fmt.Errorf("cannot read the input: %w", err)
		}
		defer f.Close()
		r, name = f, pos[0]
	}
	data, err := payloadText(r, MaxValidateInput)
	if err != nil {
		return nil, fmt.Errorf("cannot read the input: %w", err)
	}
	if len(data) > MaxValidateInput {
		return nil, fmt.Errorf("%s is larger than %d KiB, the most a portal can hand back through the bridge; give the payload the portal passed to DataMart.notifyPurchaseResult",
			termsafe.Line(name), MaxValidateInput>>10)
	}
	if err := encodingProblem(data, name); err != nil {
		return nil, err
	}
	return data, nil
}

func printResult(w io.Writer, res *bridge.Result, findings []bridge.Finding) {
	if res != nil {
		if f, ok := bridge.Undecoded(*res, findings); ok {
			res = nil // its "success false" and empty fields are no hand-back's
			fmt.Fprintf(w, "result:          none: the payload did not decode (%s)\n", f.Code)
		}
	}
	if res != nil {
		pr := res.PurchaseResult
		// A field as the page sent it, escaped for the terminal and cut
		// (the JSON output has it whole).
		show := func(v string) string { return termsafe.Line(shownField(v)) }
		fmt.Fprintf(w, "success:         %v\n", res.Success)
		fmt.Fprintf(w, "planName:        %q\n", shownField(pr.PlanName))
		fmt.Fprintf(w, "iccid:           %s\n", show(res.ICCID))
		fmt.Fprintf(w, "activationCode:  %s\n", show(res.ActivationCode))
		fmt.Fprintf(w, "transactionId:   %s\n", show(res.TransactionID))
		fmt.Fprintf(w, "userAccount:     %s\n", show(pr.UserAccount))
		fmt.Fprintf(w, "purchaseInstrument: %s\n", show(pr.PurchaseInstrument))
		fmt.Fprintf(w, "line:            %s\n", show(pr.Line))
		fmt.Fprintf(w, "moDirectStatus:  %s\n", show(pr.MoDirectStatus))
	}
	if len(findings) == 0 {
		fmt.Fprintln(w, "findings:        none")
		return
	}
	fmt.Fprintln(w, "findings:")
	for _, f := range findings {
		fmt.Fprintf(w, "  %-7s %s\n", f.Severity, termsafe.Line(f.Line()))
	}
}

// maxShownField is how much of a hand-back field the text output shows.
const maxShownField = 200

// shownField is v cut to maxShownField bytes (at a character), with how
// long it was: a 200 KB planName filled the terminal.
func shownField(v string) string {
	if len(v) <= maxShownField {
		return v
	}
	return textcut.Bytes(v, maxShownField) + fmt.Sprintf(" (%d characters in all)", utf8.RuneCountInString(v))
}

// printRunWarnings says what mpsim run would send that the real app does
// not, and what the language-list rule changed in --lang and in
// --compare-lang (compareLang), which follows the same rule and says so
// alike.
func printRunWarnings(env Env, launch workspace.LaunchRequest, compareLang string) {
	for _, w := range launch.Warnings() {
		fmt.Fprintln(env.Stderr, "mpsim run: warning:", termsafe.Line(w))
	}
	if n := transactionIDNote(launch.TransactionID); n != "" {
		fmt.Fprintln(env.Stderr, "mpsim run: note:", termsafe.Line(n))
	}
	if compareLang == "" {
		return
	}
	_, notes, _ := workspace.ParseLanguagesWithNotes(compareLang) // checked by sessionRequest
	for _, n := range notes {
		fmt.Fprintln(env.Stderr, "mpsim run: warning: --compare-lang:", termsafe.Line(n))
	}
}

// runOptions are the flags of `mpsim run`.
type runOptions struct {
	launch                   launchFlags
	timeout, downloadTime    time.Duration
	reportPath, watch        string
	harPath, screenshots     string
	noInspect, walledGarden  bool
	noAxe                    bool
	allowHosts               multiFlag
	trust, notify            multiFlag
	headless, debug, verbose bool
	choice, demoAPI, accel   string
	activation, registration string
	clockSpeed               float64
	breakPolicies            bool   // --demo-break-policies
	compareLang              string // --compare-lang
	closeAfter               string // --close-after
}

func cmdRun(o *runOptions, env Env) int {
	fail := func(err error) int {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	req, err := o.sessionRequest()
	if err != nil {
		return fail(err)
	}
	if err := o.checkOutputs(env.Stdout); err != nil { // before the session, not after it
		return fail(err)
	}
	printRunWarnings(env, req.Launch, o.compareLang)
	h, err := openHostToRead(env, "run", o.launch.state, "")
	if err != nil {
		return fail(err)
	}
	defer h.Close()
	h.SetDemoChoice(o.choice)
	h.SetDemoBreakPolicies(o.breakPolicies)
	if err := h.SetDemoAPI(o.demoAPI); err != nil {
		return fail(err)
	}
	// The plan checks the preset and builds the launch before Xvfb or the
	// portal window start.
	plan, err := h.Plan(req)
	if err != nil {
		return fail(err)
	}
	o.warnBeforeSession(env, plan)
	opener, compare, stopX, err := runOpeners(env, o, len(req.CompareLanguages) > 0)
	if err != nil {
		return fail(err)
	}
	defer stopX()
	ctx, stop := interruptContext()
	defer stop()
	runner := workspace.Runner{Workspace: h, Opener: opener, CompareOpener: compare, Recorder: historyRecorder(env, history.SourceRun)}
	if o.watch == "" {
		_, code, _ := runOnce(ctx, runner, plan, o, env, false)
		return code
	}
	return o.runWatched(ctx, env, runner, h, req, plan)
}

// runWatched is `mpsim run --watch`, the developer loop: the same launch
// flags again after each change, watched from before the first session so
// no save is missed.
func (o *runOptions) runWatched(ctx context.Context, env Env, runner workspace.Runner, h *workspace.Workspace, req workspace.Request, plan workspace.Plan) int {
	fail := func(err error) int {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return ExitUsage
	}
	changed := make(chan struct{}, 1)
	// What the run writes in the watched directory is not a change of the
	// portal: a report saved there would run it again forever.
	ignore := watch.Options{Ignore: append(outputPaths(o.reportPath, o.harPath), o.screenshots), Say: func(line string) {
		fmt.Fprintln(env.Stderr, "mpsim run:", termsafe.Line(line))
	}}
	if err := watch.Start(ctx, o.watch, ignore, func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}); err != nil {
		return fail(err)
	}
	first := watchedRun(ctx, changed, func(ctx context.Context) (session.Report, int, error) {
		return runOnce(ctx, runner, plan, o, env, false)
	})
	if first.code == ExitUsage && !first.superseded && first.notWritten == nil {
		return first.code
	}
	if first.superseded {
		fmt.Fprintln(env.Stderr, "mpsim run: the portal changed while the first run ran: stopped it (not compared)")
	}
	devServer := &devServerWait{ctx: ctx, target: o.watch, changed: changed, opts: watch.Options{Say: func(line string) {
		fmt.Fprintln(env.Stderr, "mpsim run:", termsafe.Line(line))
	}}}
	defer devServer.cancel()
	devServer.after(first.rep, first.superseded)
	return watchLoop(ctx, changed, first, func() loopRun {
		devServer.cancel()
		// Planned again: the same flags, a new transactionId, as the app
		// makes one for every launch.
		plan, err := h.Plan(req)
		if err != nil {
			return loopRun{code: fail(err)}
		}
		r := watchedRun(ctx, changed, func(ctx context.Context) (session.Report, int, error) {
			return runOnce(ctx, runner, plan, o, env, true)
		})
		devServer.after(r.rep, r.superseded)
		return r
	}, o.watch, env)
}

// loopRun is what one session of `mpsim run --watch` did.
type loopRun struct {
	rep        session.Report
	code       int
	superseded bool // a change stopped it (supersedable): not the portal's verdict
	// notWritten is why the session, which ran to its end, could not
	// write its report (code is then ExitUsage): its folder was deleted
	// or moved away, as a build's rm -rf does to a report kept in dist.
	notWritten error
}

// watchedRun runs a session of the watch loop that a change stops
// (supersedable); run returns the session's report, exit code and the
// error that kept its report from being written, if any.
func watchedRun(ctx context.Context, changed chan struct{}, run func(context.Context) (session.Report, int, error)) loopRun {
	var r loopRun
	r.rep, r.code, r.superseded = supersedable(ctx, changed, func(sctx context.Context) (session.Report, int) {
		rep, code, err := run(sctx) // in this goroutine: untilChanged calls it
		r.notWritten = err
		return rep, code
	})
	return r
}

// sessionStoppedByChange reports whether a change of the portal (untilChanged,
// the cause of ctx errChanged) cancelled the session of rep: it is no
// verdict of the portal, and the watch loop says it was stopped.
func sessionStoppedByChange(ctx context.Context, rep session.Report) bool {
	return rep.Ended == session.EndedCancelled && errors.Is(context.Cause(ctx), errChanged)
}

// supersedable runs a watched session with a context that a change of
// the portal ends: a save while a session runs stops it and the loop runs
// the launch again at once (loop QA: a fix saved 5 s after a syntax error
// waited for the broken session's whole timeout). superseded says the
// session was stopped so; its report is not the portal's verdict. A change
// that came as the session ended on its own is left for the loop.
func supersedable(ctx context.Context, changed chan struct{}, run func(context.Context) (session.Report, int)) (rep session.Report, code int, superseded bool) {
	hit := untilChanged(ctx, changed, func(sctx context.Context) { rep, code = run(sctx) })
	return rep, code, hit && ctx.Err() == nil && (rep.Ended == session.EndedCancelled || code == ExitUsage)
}

// errChanged is the cause of a watched run's context that a change of the
// portal or of the scenario files ended (untilChanged).
var errChanged = errors.New("the portal or a scenario file changed during the run")

// untilChanged calls run with a context that the first change on changed
// ends (its cause errChanged), and reports whether a change came while it
// ran. That change is put back on changed for the watch loop to take: the
// run again that it asks for.
func untilChanged(ctx context.Context, changed chan struct{}, run func(context.Context)) bool {
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done, exited := make(chan struct{}), make(chan struct{})
	var hit atomic.Bool
	go func() {
		defer close(exited)
		select {
		case <-changed:
			hit.Store(true)
			cancel(errChanged)
		case <-done:
		}
	}()
	run(sctx)
	close(done)
	<-exited // a change it took as the run ended is known, not lost
	if !hit.Load() {
		return false
	}
	select { // the loop's to run
	case changed <- struct{}{}:
	default:
	}
	return true
}

// runOpeners returns the openers of the session's portal window and, with
// compare, of the run in another language (--compare-lang), and a function
// that stops the private Xvfbs they need. The run in another language gets
// a private Xvfb of its own when the session shows on the user's display,
// so that its window stays out of sight; else it shares the session's.
func runOpeners(env Env, o *runOptions, compare bool) (main, other portalproc.Opener, stop func(), err error) {
	display, stopX, err := runDisplay(env, o.headless)
	if err != nil {
		return main, other, nil, err
	}
	if o.debug && o.headless {
		fmt.Fprintln(env.Stderr, "mpsim run: --devtools opens the inspector inside the private Xvfb, where no one can see it; run on a desktop without --headless to use it")
	}
	main = portalproc.Opener{Env: append(os.Environ(), "DISPLAY="+display)}
	if o.verbose {
		main.Stderr = env.Stderr
	}
	other = main
	if !compare || o.headless {
		return main, other, stopX, nil
	}
	xs, err := xvfb.Start("1280x800x24")
	if err != nil {
		stopX()
		return main, other, nil, fmt.Errorf("--compare-lang: %w", err)
	}
	other.Env = append(os.Environ(), "DISPLAY="+xs.Display)
	return main, other, func() { _ = xs.Stop(); stopX() }, nil
}

// checkOutputs checks, before any session, that the report and HAR files
// can be written (the report on stdout when it goes there) and the watched
// portal exists.
func (o *runOptions) checkOutputs(stdout io.Writer) error {
	if err := checkReportPath(o.reportPath); err != nil {
		return err
	}
	if o.reportPath == "" || o.reportPath == "-" {
		if err := checkStdout(stdout); err != nil {
			return fmt.Errorf("the report goes to standard output, but %w", err)
		}
	}
	if o.harPath != "" && o.noInspect {
		return errors.New("--har needs the recording of the portal; drop --no-inspect")
	}
	if err := checkOutputFile("--har", "the HAR file", "session.har", o.harPath); err != nil {
		return err
	}
	if err := distinctOutputs("--report", o.reportPath, "--har", o.harPath); err != nil {
		return err
	}
	if o.watch != "" {
		return checkWatch(o.watch)
	}
	return nil
}

// watchLoop runs again after each change until ctx ends (Ctrl+C), and
// returns the exit code of the last session that ran to its end (or
// ExitUsage when one could not run, or when the last one's report could
// not be written). A session Ctrl+C cut short is not compared with the
// last one: the user stopped it, the portal did not regress. A report that
// could not be written ends no loop: its folder (in dist, which a build
// deletes and makes again) is most often back for the next run, and
// ending the loop would have the developer start it again after each
// clean build; the loop says it goes on, and the exit code says the
// report is missing.
func watchLoop(ctx context.Context, changed <-chan struct{}, first loopRun, again func() loopRun, dir string, env Env) int {
	st := &loopState{rep: first.rep, compare: !first.superseded, notWritten: first.notWritten != nil, dir: dir, env: env}
	if ctx.Err() != nil { // Ctrl+C during the first session: its verdict, as without --watch
		return st.end()
	}
	if st.notWritten {
		sayNotWritten(env, dir)
	}
	fmt.Fprintf(env.Stderr, "mpsim run: watching %s; a change runs the same launch again (Ctrl+C ends)\n", termsafe.Line(dir))
	for {
		select {
		case <-ctx.Done():
			return st.end()
		case <-changed:
			if ctx.Err() != nil { // a change and Ctrl+C at once: Ctrl+C wins
				return st.end()
			}
			fmt.Fprintln(env.Stderr, "mpsim run: the portal changed; running the same launch again")
			if code, done := st.ran(ctx, again()); done {
				return code
			}
		}
	}
}

// loopState is what watchLoop knows of the last session that ran to its
// end: its report, whether the next is compared with it, and whether its
// report could not be written.
type loopState struct {
	rep                 session.Report
	compare, notWritten bool
	dir                 string
	env                 Env
}

// end is the exit code of the loop: the last completed session's, or
// ExitUsage when its report could not be written (said).
func (st *loopState) end() int {
	if st.notWritten {
		fmt.Fprintln(st.env.Stderr, "mpsim run: the last completed run's report could not be written (said above): exit code 2")
		return ExitUsage
	}
	return verdictExit(st.rep)
}

// ran takes in the session run again after a change (now), and reports
// whether the loop ends, with which exit code.
func (st *loopState) ran(ctx context.Context, now loopRun) (code int, done bool) {
	w := st.env.Stderr
	if now.superseded {
		fmt.Fprintln(w, "mpsim run: the portal changed again while it ran: stopped that run (not compared), running the same launch again")
		return 0, false
	}
	failed := now.code == ExitUsage && now.notWritten == nil // it did not run
	if failed && ctx.Err() != nil || cutShort(ctx, now.rep) {
		fmt.Fprintf(w, "mpsim run: cancelled (Ctrl+C): not compared with the last run; the exit code and the report are the last completed run's (verdict %s)\n", st.rep.Verdict)
		return st.end(), true
	}
	if failed {
		return now.code, true
	}
	if st.compare {
		printChanges(w, st.rep, now.rep)
	}
	st.rep, st.compare, st.notWritten = now.rep, true, now.notWritten != nil
	if st.notWritten {
		sayNotWritten(st.env, st.dir)
	}
	return 0, false
}

// sayNotWritten says that the watch loop goes on after a session whose
// report could not be written (runOnce said why).
func sayNotWritten(env Env, dir string) {
	fmt.Fprintf(env.Stderr, "mpsim run: the report of that run was not written; still watching %s: the next run writes it again (Ctrl+C before then exits 2)\n", termsafe.Line(dir))
}

// warnBeforeSession says what the launch sends that was most likely not
// meant (a --param doubling a parameter, paramDuplicates) and what would
// make the session's evidence poorer than it should be: a language without
// a font, no screenshot directory.
func (o *runOptions) warnBeforeSession(env Env, plan workspace.Plan) {
	for _, w := range paramDuplicates(plan.Config.Launch, plan.Request.Launch.Extra) {
		fmt.Fprintln(env.Stderr, "mpsim run: warning:", termsafe.Line(w))
	}
	if w := workspace.FontWarning(plan.Config.Languages); w != "" {
		fmt.Fprintln(env.Stderr, "mpsim run: warning:", w)
	}
	if !o.noInspect && o.screenshots == "" {
		warnScreenshots(env, "run")
	}
}

// warnScreenshots says when the default screenshot directory (under the
// user cache directory) cannot be made: the sessions then run without
// screenshots, which the reports would only show by having none.
func warnScreenshots(env Env, cmd string) {
	if err := workspace.ScreenshotRootProblem(); err != nil {
		hint := "set XDG_CACHE_HOME to a directory you can write"
		if cmd == "run" {
			hint = "give --screenshots DIR or " + hint
		}
		fmt.Fprintf(env.Stderr, "mpsim %s: warning: no screenshots: %s; %s\n", cmd, termsafe.Line(err.Error()), hint)
	}
}

// cutShort reports whether Ctrl+C (the end of ctx) cancelled the session
// of rep.
func cutShort(ctx context.Context, rep session.Report) bool {
	return ctx.Err() != nil && rep.Ended == session.EndedCancelled
}

// printChanges says what the change to the portal did (session.Changes).
func printChanges(w io.Writer, before, after session.Report) {
	fmt.Fprintf(w, "mpsim run: since the last run: %s\n", session.Changes(before, after))
}

// warnUnsaved warns of what a session could not save: itself in the
// history, and screenshots a full disk kept from being written.
func warnUnsaved(env Env, out workspace.Outcome) {
	if out.HistoryErr != nil {
		fmt.Fprintln(env.Stderr, "mpsim run: warning: the session was not saved in the history:", termsafe.Line(workspace.SaveFailure(out.HistoryErr)))
	}
	if shots := out.Report.ScreenshotsNotSaved(); shots != "" {
		fmt.Fprintln(env.Stderr, "mpsim run: warning:", termsafe.Line(shots))
	}
}

// runOnce runs plan, writes its report and says its verdict. A re-run of
// --watch that Ctrl+C cut short (rerun) leaves the report and HAR file of
// the last completed run as they are: the exit code is that run's too.
func runOnce(ctx context.Context, runner workspace.Runner, plan workspace.Plan, o *runOptions, env Env, rerun bool) (session.Report, int, error) {
	runner.Write = func(rep session.Report) error {
		if (rerun || sessionStoppedByChange(ctx, rep)) && cutShort(ctx, rep) {
			return nil
		}
		return o.writeFiles(rep, env)
	}
	out, err := runner.Run(ctx, plan, nil)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim run:", err)
		return out.Report, ExitUsage, nil
	}
	warnUnsaved(env, out)
	switch {
	case out.DeviceSaved && errors.Is(out.DeviceSaveErr, workspace.ErrProfileDidNotFit):
		// Saved, but without the session's profile: the error says so.
		fmt.Fprintln(env.Stderr, "mpsim run: warning:", termsafe.Line(out.DeviceSaveErr.Error()))
	case out.DeviceSaveErr != nil:
		fmt.Fprintln(env.Stderr, "mpsim run: warning: the device after the session was not saved:", termsafe.Line(out.DeviceSaveErr.Error()))
	}
	rep := out.Report
	rep.HAR = o.harPath
	if out.WriteErr != nil {
		// The session ran: say how it ended, and where it is kept, before
		// the exit code says the run could not write what it was asked to.
		fmt.Fprintf(env.Stderr, "mpsim run: %s — verdict %s, but %s\n", rep.Ended, rep.Verdict, termsafe.Line(out.WriteErr.Error()))
		if out.HistoryID != "" && out.HistoryErr == nil {
			fmt.Fprintln(env.Stderr, "mpsim run: the session is saved in the history as", out.HistoryID, "(mpsim validate --report <history directory>/"+out.HistoryID+" reads it)")
		}
		return rep, ExitUsage, out.WriteErr
	}
	if !sessionStoppedByChange(ctx, rep) {
		// The watch loop says it stopped a run a change stopped;
		// "cancelled — verdict no-callback" read as the portal's result
		// (loop QA).
		printVerdict(env, rep, plan.Preset)
	}
	return rep, verdictExit(rep), nil
}

// printVerdict says how the session of rep ended, its verdict and worst
// findings, and what a correct portal should do with preset, if any.
func printVerdict(env Env, rep session.Report, preset string) {
	fmt.Fprintf(env.Stderr, "mpsim run: %s — verdict %s (%s, %s)\n", rep.Ended, rep.Verdict, plural(len(rep.Calls), "call"), plural(len(rep.Findings), "finding"))
	printWorst(env.Stderr, rep.Findings)
	if note := rep.EndNote(); note != "" {
		fmt.Fprintln(env.Stderr, "mpsim run:", termsafe.Line(note))
	}
	if why := rep.LastWindowError(); rep.Ended == session.EndedCrashed && why != "" {
		fmt.Fprintln(env.Stderr, "mpsim run: the portal window:", termsafe.Line(why))
	}
	if rep.Expectation != "" {
		fmt.Fprintf(env.Stderr, "mpsim run: preset %s: a correct portal should: %s\n", preset, rep.Expectation)
	}
}

// The findings printWorst lists under the verdict line, at most.
const (
	worstErrors   = 10
	worstWarnings = 5
)

// printWorst lists the errors and warnings among findings, worst first and
// each kind in the report's order with the design policies and the
// loopback development note last, up to
// worstErrors and worstWarnings, and says how many more the report has:
// what the portal did wrong, without opening the report.
func printWorst(w io.Writer, findings []bridge.Finding) {
	// The design policies' reminders, and the note that a loopback portal
	// on plain http is a development exception (a fact of the set-up the
	// developer chose, said again by the https policies), come after the
	// findings about what the page did (its calls, its errors, the
	// session's end).
	rank := func(f bridge.Finding) int {
		if strings.HasPrefix(f.Code, "policy-") || f.Code == bridge.CodeOriginLoopbackHTTP {
			return 1
		}
		return 0
	}
	ordered := slices.Clone(findings)
	slices.SortStableFunc(ordered, func(a, b bridge.Finding) int { return rank(a) - rank(b) })
	shown := 0
	for _, sev := range []struct {
		severity bridge.Severity
		most     int
	}{{bridge.SeverityError, worstErrors}, {bridge.SeverityWarning, worstWarnings}} {
		n := 0
		for _, f := range ordered {
			if f.Severity == sev.severity && n < sev.most {
				fmt.Fprintf(w, "  %-7s %s\n", f.Severity, termsafe.Line(f.Line()))
				n++
			}
		}
		shown += n
	}
	if rest := len(findings) - shown; rest > 0 && shown > 0 {
		fmt.Fprintf(w, "  … and %d more in the report\n", rest)
	}
}

// writeFiles writes the session's HAR file (--har), if asked for, and its
// report (--report, or the standard output), which then names the HAR
// file.
func (o *runOptions) writeFiles(rep session.Report, env Env) error {
	if o.harPath != "" {
		if err := writeHAR(o.harPath, rep); err != nil {
			return err
		}
		rep.HAR = o.harPath
	}
	return writeReport(o.reportPath, rep, env)
}

// verdictExit is the exit code of a report: 0 for pass, 1 otherwise.
func verdictExit(rep session.Report) int {
	if rep.Verdict == bridge.VerdictPass {
		return ExitOK
	}
	return ExitFindings
}

// sessionRequest checks the run flags and turns them into the session
// request every front end hands to the workspace.
func (o *runOptions) sessionRequest() (workspace.Request, error) {
	launch, err := o.launch.request()
	if err != nil {
		return workspace.Request{}, err
	}
	if o.choice != "" {
		if o.choice, err = oneOf("--demo-choice", o.choice, demoportal.AutoChoices()[1:]); err != nil {
			return workspace.Request{}, err
		}
	}
	if o.demoAPI != "" {
		if o.demoAPI, err = oneOf("--demo-api", o.demoAPI, demoportal.APIs()); err != nil {
			return workspace.Request{}, err
		}
	}
	lifecycle, err := lifecycleFlags(o.activation, o.registration, o.clockSpeed, o.downloadTime)
	if err != nil {
		return workspace.Request{}, err
	}
	var compare []string
	if o.compareLang != "" {
		if compare, err = workspace.ParseLanguages(o.compareLang); err != nil {
			return workspace.Request{}, fmt.Errorf("--compare-lang %q: %w", o.compareLang, err)
		}
	}
	var steps []session.Step
	if o.closeAfter != "" {
		if o.closeAfter, err = oneOf("--close-after", o.closeAfter, session.MilestoneNames()); err != nil {
			return workspace.Request{}, err
		}
		steps = session.CloseAfterSteps(session.LifecycleStep(o.closeAfter), o.timeout)
	}
	var pinned []session.TrustedCert
	for _, p := range o.trust {
		c, err := workspace.LoadTrustedCert(p)
		if err != nil {
			return workspace.Request{}, fmt.Errorf("--trust-cert: %w", err)
		}
		pinned = append(pinned, c)
	}
	return workspace.Request{
		Launch: launch, Trusted: pinned, NotifyHosts: o.notify, Lifecycle: lifecycle,
		Timeout: o.timeout, DevTools: o.debug, Compositing: Compositing(o.accel),
		NoInspect: o.noInspect, NoAxe: o.noAxe, ScreenshotDir: o.screenshots,
		WalledGarden: o.walledGarden, AllowHosts: o.allowHosts, CompareLanguages: compare, Steps: steps,
	}, nil
}

// runDisplay returns the X display for the portal window. With --headless
// it is a private Xvfb, stopped by the returned function, even when there
// is a DISPLAY, as with mpsim test --headless: no window shows on the
// desktop. Without it, it is $DISPLAY once its X server takes connections:
// a stale DISPLAY (a terminal left from an ssh -X session) is an error
// before the session, not a crashed portal window and a failed session.
func runDisplay(env Env, headless bool) (string, func(), error) {
	if headless {
		xs, err := xvfb.Start("1280x800x24")
		if err != nil {
			return "", nil, err
		}
		return xs.Display, func() { _ = xs.Stop() }, nil
	}
	d := env.Getenv("DISPLAY")
	if d == "" {
		return "", nil, errors.New("no DISPLAY; add --headless to start a private Xvfb")
	}
	if err := xdisplay.Reachable(d, xdisplay.SocketDir, 2*time.Second); err != nil && !errors.Is(err, xdisplay.ErrNotLocal) {
		return "", nil, fmt.Errorf("DISPLAY=%s cannot be used (%w); start its X server, or add --headless to run in a private Xvfb", d, err)
	}
	return d, func() {}, nil
}

// plural says n things: "1 call", "2 calls".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// lifecycleFlags checks the session lifecycle flags and returns the
// session's Lifecycle, with the documented spelling of each enum value.
func lifecycleFlags(activation, registration string, clockSpeed float64, download time.Duration) (session.Lifecycle, error) {
	var lc session.Lifecycle
	var ok bool
	if lc.ActivationResult, ok = canonical(activation, bridge.ActivationErrors()); !ok {
		return lc, fmt.Errorf("--activation-result %q: use one of %s", activation, strings.Join(bridge.ActivationErrors(), ", "))
	}
	if lc.RegistrationState, ok = canonical(registration, bridge.RegistrationStates()); !ok {
		return lc, fmt.Errorf("--registration-state %q: use one of %s", registration, strings.Join(bridge.RegistrationStates(), ", "))
	}
	if math.IsNaN(clockSpeed) || math.IsInf(clockSpeed, 0) || clockSpeed <= 0 {
		return lc, fmt.Errorf("--clock-speed %v: give a positive number of simulated seconds per second", clockSpeed)
	}
	if download < 0 {
		return lc, fmt.Errorf("--download-time %v: must not be negative", download)
	}
	lc.ClockSpeed, lc.DownloadTime = clockSpeed, download
	return lc, nil
}

// canonical returns the documented spelling of v among values, matching
// case-insensitively.
func canonical(v string, values []string) (string, bool) {
	for _, c := range values {
		if strings.EqualFold(c, v) {
			return c, true
		}
	}
	return "", false
}

// Compositing decides WebKit's GL compositing: "auto" (or "") turns it on
// only where a GPU device node exists (software GL makes it slower; facts note).
func Compositing(mode string) bool {
	switch mode {
	case "on":
		return true
	case "off":
		return false
	}
	_, err := os.Stat("/dev/dri")
	return err == nil
}

// checkReportPath makes sure the report can be written to path before a
// session runs for minutes (see checkOutputFile).
func checkReportPath(path string) error {
	return checkOutputFile("--report", "the JSON report", "report.json", path)
}

// checkOutputFile is checkReportPath for the output file of flag (what
// names the file's content; example is a file name to suggest). The file
// is written where workspace.OutputTarget says: a device, a FIFO or
// /dev/stdout must take a write; otherwise the directory of the file
// (of a symbolic link's target) is made when missing (mkdir -p, 0755, as
// CI's "--junit out/junit.xml" on a fresh clone needs) and must take a new
// file, and path must not be a directory.
func checkOutputFile(flag, what, example, path string) error {
	if path == "" || path == "-" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s %s is a directory; give a file name for %s, like %s", flag, path, what, filepath.Join(path, example))
	}
	target, through, err := workspace.OutputTarget(path)
	if err != nil {
		return fmt.Errorf("%s %s: %w; write %s elsewhere", flag, path, err, what)
	}
	if through {
		if err := workspace.CheckOutputWritable(target); err != nil {
			return fmt.Errorf("%s %s cannot be written (%v); write %s elsewhere", flag, path, unwrapPath(err), what)
		}
		return nil
	}
	return checkOutputDir(flag, what, path, filepath.Dir(target))
}

// checkOutputDir makes the directory dir of the output file path of flag
// when it is missing, and checks that it takes a new file.
func checkOutputDir(flag, what, path, dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("%s %s: cannot create the directory %s (%v); write %s elsewhere", flag, path, dir, err, what)
		}
		fi, err = os.Stat(dir)
	}
	switch {
	case err != nil:
		return fmt.Errorf("%s %s: cannot reach the directory %s (%v)", flag, path, dir, unwrapPath(err))
	case !fi.IsDir():
		return fmt.Errorf("%s %s: %s is not a directory", flag, path, dir)
	}
	f, err := os.CreateTemp(dir, ".mpsim-report-check-*")
	if err != nil {
		return fmt.Errorf("%s %s: cannot write in the directory %s (%v); write %s elsewhere", flag, path, dir, unwrapPath(err), what)
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// outputPaths returns the output files paths, and for each that is a
// symbolic link the file it leads to, which is what a write changes: --watch
// takes neither for a change of the portal (a linked --junit in the watched
// folder ran the cells again after each run).
func outputPaths(paths ...string) []string {
	var out []string
	for _, p := range paths {
		if p == "" || p == "-" {
			continue
		}
		out = append(out, p)
		if target, _, err := workspace.OutputTarget(p); err == nil && target != p {
			out = append(out, target)
		}
	}
	return out
}

// unwrapPath returns the reason of a *fs.PathError without the path, which
// the message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func writeReport(path string, rep session.Report, env Env) error {
	rep = workspace.RecordPaths(rep) // paths that are not UTF-8, losslessly
	if path == "" || path == "-" {
		if code := writeJSON(env.Stdout, rep, env); code != ExitOK {
			return errors.New("could not write the report")
		}
		return nil
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	// A temporary file of its own, removed when the write fails (a full
	// disk kept a partial "<path>.tmp").
	if err := workspace.WriteFileAtomic(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// writeHAR writes the report's network requests as HAR 1.2 to path
// (through a temporary file and a rename).
func writeHAR(path string, rep session.Report) error {
	var b bytes.Buffer
	meta := inspect.HARMeta{Creator: "mpsim", Version: buildinfo.Version, PageURL: rep.Launch.URL, Started: rep.Opened, OnLoadMs: -1}
	if err := inspect.WriteHAR(&b, meta, rep.Network); err != nil {
		return fmt.Errorf("write HAR: %w", err)
	}
	if err := workspace.WriteFileAtomic(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write HAR: %w", err)
	}
	return nil
}

// demoPortalOptions are the flags of `mpsim demo-portal`.
type demoPortalOptions struct {
	addr, api     string
	breakPolicies bool // --demo-break-policies
}

func cmdDemoPortal(o *demoPortalOptions, env Env) int {
	addr, api := &o.addr, &o.api
	h, err := openHostToRead(env, "demo-portal", stateFlags{config: env.ConfigFile}, "")
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim demo-portal:", err)
		return ExitUsage
	}
	if err := h.SetDemoAPI(*api); err != nil {
		fmt.Fprintln(env.Stderr, "mpsim demo-portal: --demo-api:", err)
		return ExitUsage
	}
	h.SetDemoBreakPolicies(o.breakPolicies)
	base, err := h.ServeDemo(*addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			// Another demo portal (or mpsim run's, or another server)
			// holds the port: say how to choose another.
			err = fmt.Errorf("%w; another program listens there (another mpsim demo-portal?): choose another port with --addr 127.0.0.1:PORT, or --addr 127.0.0.1:0 for any free one (the address is printed)", err)
		}
		fmt.Fprintln(env.Stderr, "mpsim demo-portal:", err)
		return ExitUsage
	}
	defer h.Close()
	fmt.Fprintf(env.Stdout, "demo portal: %s\ncertificate: %s\nPress Ctrl+C to stop.\n", base, h.CertPath())
	ctx, stop := interruptContext()
	defer stop()
	<-ctx.Done()
	return ExitOK
}
