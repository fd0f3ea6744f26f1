package workspace

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/simulator"
	"mpsim/simulator/demoportal"
	"mpsim/simulator/walledgarden"
)

// DefaultMarket, DefaultLocation, DefaultLanguage and DefaultGeneration are
// the launch defaults: the one place the CLI's flags, the host window's form
// and Workspace.Plan take them from.
const (
	DefaultMarket     = "US"
	DefaultLocation   = "US"
	DefaultLanguage   = "en-US"
	DefaultGeneration = simulator.GenerationCurrent
)

// DefaultTimeout is how long a session waits for a hand-back unless told.
const DefaultTimeout = 2 * time.Minute

// Validate checks what a user typed into a launch request, the same way for
// the CLI and the host window. Market and location are not checked: a
// launch may send invalid values on purpose (negative presets).
func (r LaunchRequest) Validate() error {
	var errs []error
	if r.SIM != "" && !r.SIM.Valid() {
		errs = append(errs, fmt.Errorf("SIM kind %q: use esim, psim or none", r.SIM))
	}
	switch r.Generation {
	case "", simulator.GenerationCurrent, simulator.GenerationDynamo2018, simulator.GenerationNov2018:
	default:
		errs = append(errs, fmt.Errorf("generation %q: use current, dynamo-2018 or nov-2018", r.Generation))
	}
	if r.PortalURL != "" {
		if err := CheckPortalURL(r.PortalURL); err != nil {
			errs = append(errs, err)
		}
	}
	if len(r.Languages) > 0 {
		if _, err := simulator.AcceptLanguage(r.Languages); err != nil {
			errs = append(errs, fmt.Errorf("languages: %w", err))
		}
	}
	for i, p := range r.Extra {
		if strings.TrimSpace(p.Name) == "" {
			errs = append(errs, fmt.Errorf("extra parameter %d has no name: write name=value", i+1))
		}
	}
	return errors.Join(errs...)
}

// CheckPortalURL accepts absolute http and https URLs with a host: what the
// real app can open (contract §1.1; http only on loopback is flagged later).
func CheckPortalURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("portal URL %q: %w", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Errorf("portal URL %q: give an https:// (or loopback http://) URL", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("portal URL %q has no host", raw)
	}
	if port, blocked := simulator.BlockedPort(u); blocked {
		return fmt.Errorf("portal URL %q: %s", raw, simulator.BlockedPortReason(port))
	}
	return nil
}

// Request is one session as a user asked for it, from the CLI's run, the
// host window's Open portal or a matrix run.
type Request struct {
	Launch LaunchRequest
	// Trusted are certificates to pin (--trust-cert, the form's PEM file).
	Trusted []session.TrustedCert
	// NotifyHosts are the hosts a hand-back may come from (--notify-host);
	// empty: the portal's host.
	NotifyHosts []string
	Lifecycle   session.Lifecycle
	// Timeout ends the session without a hand-back; 0 means none.
	Timeout time.Duration
	// DevTools opens WebKit's inspector with the portal window.
	DevTools    bool
	Compositing bool
	// WalledGarden blocks every load outside the walled garden (contract
	// §7): its documented hosts, the portal's, the notification hosts, the
	// operator's allowed hosts and AllowHosts.
	WalledGarden bool
	AllowHosts   []string
	// NoInspect turns off the recording of the portal itself (console,
	// network, navigations, screenshots); it is on by default.
	NoInspect bool
	// NoAxe leaves axe-core out of the recording's DOM probes: the rest of
	// the recording stays, for about a third less CPU a session.
	NoAxe bool `json:",omitempty"`
	// ScreenshotDir is where the portal window saves its screenshots;
	// empty means a new directory under the user's cache directory for
	// each session (see ScreenshotRoot); "-" means no screenshots.
	ScreenshotDir string
	// Placed puts the portal window at X, Y on the screen.
	Placed bool
	X, Y   int
	// Token authenticates the shim's envelopes; generated when empty.
	Token string
	// Embed puts the portal inside the host's window (its portal pane);
	// nil opens a window of its own. A re-run asks for it again.
	Embed *session.Embed `json:"-"`
	// Steps are what the host does in the page after its first paint (a
	// scenario's steps).
	Steps []session.Step `json:",omitempty"`
	// StepPause is the wait before each step (the host's Slow motion).
	StepPause time.Duration `json:",omitempty"`
	// PinCertHow says how the user pins a certificate where the request
	// comes from ("in the Launch form's Trust cert field"), for the advice
	// of a TLS failure; empty means "with --trust-cert".
	PinCertHow string `json:",omitempty"`
	// CompareLanguages, when set, runs the same launch first with this
	// Accept-Language, for the localization policies to compare (see
	// Runner.Run); it needs the recording (NoInspect false).
	CompareLanguages []string `json:",omitempty"`
	// Demo, when set, is what the built-in demo portal does in this
	// session, instead of the workspace's settings (SetDemoChoice,
	// SetDemoAPI, SetDemoBreakPolicies): a scenario cell's demo_* keys run
	// in the host window. It applies to this session's launch only (by its
	// transactionId, see demoportal.Server.Session), from the start of Run
	// to its end; other sessions keep the workspace's. Ignored when another
	// portal serves the launch.
	Demo *DemoSettings `json:",omitempty"`
}

// DemoSettings are what the built-in demo portal does on its own in one
// session (Request.Demo): a scenario's demo_choice, demo_api and
// demo_break_policies.
type DemoSettings struct {
	// Choice is the demo choice (demoportal.AutoChoices); "" waits for
	// the user.
	Choice string
	// API is the hand-back API: demoportal.APILegacy ("" too) or APIInline.
	API string
	// Break breaks the design policies a machine checks.
	Break bool
}

// portal returns d as the demo portal's session settings, checked.
func (d DemoSettings) portal() (demoportal.Settings, error) {
	set, err := demoportal.Settings{AutoChoice: d.Choice, API: d.API, BreakPolicies: d.Break}.Check()
	if err != nil {
		return set, fmt.Errorf("demo settings: %w", err)
	}
	return set, nil
}

// Plan is a request resolved against the workspace. Its launch is built once,
// here: a preview shows Config.Launch and Run opens exactly that launch.
type Plan struct {
	Config session.Config
	// Preset is the preset the launch came from, if any.
	Preset string
	// Demo says the built-in demo portal serves the launch.
	Demo bool
	// Request is what the plan was resolved from (re-run opens it again).
	Request Request
	// Scenario names the scenario of a matrix cell, if any.
	Scenario string
	// DemoRan is what the built-in demo portal did in this session on its
	// own (Request.Demo, else the workspace's settings when the plan was
	// made); nil when another portal serves the launch. The history keeps
	// it, so that a re-run gets the same demo portal (a `mpsim test` cell
	// sets its scenario's demo_* keys on its own workspace, not in
	// Request.Demo).
	DemoRan *DemoSettings
}

// Plan checks req, builds its launch (starting the demo portal when req
// names no portal) and returns the session configuration to run.
func (h *Workspace) Plan(req Request) (Plan, error) {
	if err := req.Launch.Validate(); err != nil {
		return Plan{}, err
	}
	if err := checkRequest(req); err != nil {
		return Plan{}, err
	}
	if req.Launch.TransactionID == "" {
		// Chosen here, before a preset's mutations, and kept in
		// Plan.Request, so that a re-run opens exactly this launch.
		req.Launch.TransactionID = simulator.NewGenerator(time.Now().UnixNano()).TransactionID()
	}
	cfg, err := h.SessionConfig(req.Launch, req.Trusted)
	if err != nil {
		return Plan{}, err
	}
	if len(req.NotifyHosts) > 0 {
		cfg.AllowedHosts = append([]string(nil), req.NotifyHosts...)
	}
	cfg.Timeout = req.Timeout
	cfg.DevTools = req.DevTools
	cfg.PinCertHow = req.PinCertHow
	// The operator's declared hosts reach the no-popups policy with or
	// without the walled garden (session.Config.AllowHosts, siteHosts).
	cfg.AllowHosts = slices.Clone(req.AllowHosts)
	if req.WalledGarden {
		cfg.WalledGarden = walledGarden(cfg, cfg.AllowHosts)
	}
	cfg.Inspect = !req.NoInspect
	cfg.NoAxe = req.NoAxe
	if cfg.Inspect && req.ScreenshotDir != "-" {
		cfg.ScreenshotDir = req.ScreenshotDir
		if cfg.ScreenshotDir == "" {
			cfg.ScreenshotDir = autoScreenshots
		}
	}
	cfg.Accelerated = req.Compositing
	cfg.Lifecycle = req.Lifecycle
	cfg.Steps = req.Steps
	cfg.StepPause = req.StepPause
	cfg.Token = req.Token
	if req.Placed {
		cfg.X, cfg.Y = req.X, req.Y
	}
	cfg.Embed = req.Embed
	req.Token, req.Embed = "", nil
	plan := Plan{Config: cfg, Preset: req.Launch.Preset, Demo: req.Launch.PortalURL == "" && cfg.Operator.PortalURL == "", Request: req}
	if _, err := h.demoKey(plan); err != nil {
		return Plan{}, err
	}
	if plan.Demo {
		ran := h.demoDefaults()
		if req.Demo != nil {
			ran = *req.Demo
		}
		plan.DemoRan = &ran
	}
	return plan, nil
}

// demoDefaults are the demo portal's own settings: as it was started, else
// as it will start (SetDemoChoice, SetDemoAPI, SetDemoBreakPolicies).
func (h *Workspace) demoDefaults() DemoSettings {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.portal != nil {
		d := h.portal.Defaults() // as it was started
		return DemoSettings{Choice: d.AutoChoice, API: d.API, Break: d.BreakPolicies}
	}
	return DemoSettings{Choice: h.choice, API: cmp.Or(h.api, demoportal.APILegacy), Break: h.broken}
}

// demoKey returns the transactionId by which the demo portal knows plan's
// session (the launch URL's, as the portal reads it) when plan has
// settings of its own for the demo portal (Request.Demo); "" when it has
// none to apply. A launch that sends no transactionId (a preset's mutation
// took it away) cannot be told apart from the others: it runs only with
// settings that are the workspace's ("" then), and gets an error
// otherwise.
func (h *Workspace) demoKey(plan Plan) (string, error) {
	if plan.Request.Demo == nil || !plan.Demo {
		return "", nil
	}
	set, err := plan.Request.Demo.portal()
	if err != nil {
		return "", err
	}
	var tx string
	if u, err := url.Parse(plan.Config.Launch.URL); err == nil {
		tx = u.Query().Get("transactionId")
	}
	if tx != "" {
		return tx, nil
	}
	d := h.demoDefaults()
	if set == (demoportal.Settings{AutoChoice: d.Choice, API: d.API, BreakPolicies: d.Break}) {
		return "", nil
	}
	return "", errors.New("this launch sends no transactionId, by which the demo portal would give this session its own demo settings (demo_choice, demo_api, demo_break_policies); give the launch one, or run the scenario with mpsim test")
}

// demoSession gives plan's session its own settings in the demo portal
// (Request.Demo), keyed by its launch's transactionId, and returns what
// takes them back at the session's end.
func (h *Workspace) demoSession(plan Plan) (end func(), err error) {
	tx, err := h.demoKey(plan)
	if err != nil || tx == "" {
		return func() {}, err
	}
	set, _ := plan.Request.Demo.portal() // checked by demoKey
	h.mu.Lock()
	portal := h.portal
	h.mu.Unlock()
	if portal == nil {
		return nil, errors.New("the demo portal is not running")
	}
	if end, err = portal.Session(tx, set); err != nil {
		return nil, fmt.Errorf("demo settings of this session: %w", err)
	}
	return end, nil
}

// Outcome is a finished session.
type Outcome struct {
	Report session.Report
	// DeviceSaved says the device the session left was saved; DeviceSaveErr
	// why it could not be.
	DeviceSaved   bool
	DeviceSaveErr error
	// HistoryID is the session's ID in the history when the runner has a
	// Recorder; HistoryErr why it could not be saved there.
	HistoryID  string
	HistoryErr error
	// WriteErr says why the Runner's Write failed.
	WriteErr error
}

// Recorder keeps finished sessions: the history (see package history).
type Recorder interface {
	// Record saves the session plan ran, whose report is rep, and
	// returns its ID. It runs while the device the session left is saved.
	Record(plan Plan, rep session.Report) (string, error)
}

// Replacer is a Recorder that can save a session again in place of the
// one it saved as id ("" for none), returning the new ID: Runner.Run
// replaces the history entry of a session whose report the end of the
// session corrected (a profile that did not fit, see DidNotFit). A
// Recorder that is not a Replacer keeps the report as first recorded.
type Replacer interface {
	Replace(id string, plan Plan, rep session.Report) (string, error)
}

// RunSession runs plan in a window from opener: the session, what the demo portal's
// server saw, and the device the session left, saved. observe, if not nil,
// receives the session's events as they happen. The error is non-nil only
// when the window could not be opened.
func (h *Workspace) RunSession(ctx context.Context, opener session.Opener, plan Plan, observe session.Observer) (Outcome, error) {
	end, err := h.demoSession(plan)
	if err != nil {
		return Outcome{}, err
	}
	defer end()
	return h.runSession(ctx, opener, plan, observe)
}

// runSession is RunSession; each of beside runs once the session has
// ended, on a goroutine of its own, while the device is saved (see
// Runner.Run).
func (h *Workspace) runSession(ctx context.Context, opener session.Opener, plan Plan, observe session.Observer, beside ...func(session.Report)) (Outcome, error) {
	cfg := plan.Config
	switch cfg.ScreenshotDir {
	case "":
	case autoScreenshots:
		dir, release := newSessionScreenshots()
		defer release()
		cfg.ScreenshotDir = dir
	default:
		if err := os.MkdirAll(cfg.ScreenshotDir, 0o755); err != nil {
			return Outcome{}, fmt.Errorf("screenshot directory: %w", err)
		}
	}
	rep, err := session.Run(ctx, opener, cfg, observe)
	// No file written from the report holds a secret a step typed: the
	// history, --report, the HAR, a matrix's results (MaskSecrets).
	rep = MaskSecrets(rep, SecretValues(cfg.Steps, rep))
	if err != nil {
		return Outcome{Report: rep}, err
	}
	if plan.Demo {
		rep.Server = h.Observation()
	}
	var wg sync.WaitGroup
	for _, f := range beside {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(rep)
		}()
	}
	saved, saveErr := h.FinishSession(plan.Config, rep)
	wg.Wait()
	return Outcome{Report: rep, DeviceSaved: saved, DeviceSaveErr: saveErr}, nil
}

// Runner runs the sessions of a workspace in the windows of one opener: the
// one path of `mpsim run`, the host window's Open portal and matrix runs.
type Runner struct {
	*Workspace
	Opener session.Opener
	// CompareOpener opens the window of the run in another language
	// (Request.CompareLanguages), out of the user's sight; nil: no such
	// run (a re-run in the host window of a session that had one shows
	// only its own portal).
	CompareOpener session.Opener
	// Recorder, if set, saves every session that ran (the history).
	Recorder Recorder
	// Write, if set, writes the files of each session that ran besides
	// the history's (`mpsim run --report` and `--har`); its error is the
	// Outcome's WriteErr.
	Write func(session.Report) error
}

// Run runs plan (see Workspace.RunSession) and records the session with
// the Recorder, if any. With Request.CompareLanguages and a CompareOpener
// it first runs the same launch in those languages (Compare) and hands
// that run to the session's audit.
func (r Runner) Run(ctx context.Context, plan Plan, observe session.Observer) (Outcome, error) {
	// The run in another language, too, is this session's.
	end, err := r.demoSession(plan)
	if err != nil {
		return Outcome{}, err
	}
	defer end()
	if langs := plan.Request.CompareLanguages; len(langs) > 0 && r.CompareOpener != nil {
		plan.Config.Compare = Compare(ctx, r.CompareOpener, plan.Config, langs)
	}
	if plan.Config.ScreenshotDir == autoScreenshots {
		// In use until the history has copied the screenshots.
		dir, release := newSessionScreenshots()
		defer release()
		plan.Config.ScreenshotDir = dir
	}
	// The device, the history and the session's own files are saved at
	// the same time once the window has closed: each syncs its files to
	// the disk, and one after the other they held `mpsim run`'s exit
	// 20–55 ms after the window's (issue 15: hand-back → exit).
	var historyID string
	var historyErr, writeErr error
	var beside []func(session.Report)
	if r.Recorder != nil {
		beside = append(beside, func(rep session.Report) { historyID, historyErr = r.Recorder.Record(plan, rep) })
	}
	if r.Write != nil {
		beside = append(beside, func(rep session.Report) { writeErr = r.Write(rep) })
	}
	out, err := r.Workspace.runSession(ctx, r.Opener, plan, observe, beside...)
	if err != nil {
		return out, err
	}
	out.HistoryID, out.HistoryErr, out.WriteErr = historyID, historyErr, writeErr
	var fit *ProfileDidNotFitError
	if errors.As(out.DeviceSaveErr, &fit) {
		r.rewrite(plan, &out, fit)
	}
	return out, nil
}

// rewrite corrects the report of out, whose profiles fit (the session's
// view of the eSIM took them) but did not fit on the saved eSIM when the
// session ended (DidNotFit), and writes its files and its history entry
// again: they were written side by side with the merge that found it,
// saying the download succeeded. Only then, so the common case waits for
// no merge; the files and the entry are written again one after the other,
// which only this rare case pays.
func (r Runner) rewrite(plan Plan, out *Outcome, fit *ProfileDidNotFitError) {
	out.Report = DidNotFit(out.Report, fit, time.Now())
	if r.Write != nil {
		if err := r.Write(out.Report); err != nil {
			out.WriteErr = fmt.Errorf("write the report again, with the profile that did not fit on the saved eSIM: %w", err)
		} else {
			out.WriteErr = nil
		}
	}
	if rp, ok := r.Recorder.(Replacer); ok {
		id, err := rp.Replace(out.HistoryID, plan, out.Report)
		if err != nil {
			err = fmt.Errorf("save the session again, with the profile that did not fit on the saved eSIM: %w", err)
		}
		out.HistoryID, out.HistoryErr = id, err
	}
}

// DidNotFit returns rep as the session ended for the real LPA, which
// downloads one profile at a time and would have refused the profiles of
// fit: the session's last download failed with insufficientSpaceOnCard
// (DownloadFailure, and with it the report's EndNote), unless a later
// download failed already, and its log says, at now, that each profile was
// left off the saved eSIM although the page was told it was installed.
// Its device becomes the one the merge left (fit.Device), which holds no
// profile of fit. The findings and the verdict stay: the portal did
// nothing wrong. rep's log is not changed in place.
func DidNotFit(rep session.Report, fit *ProfileDidNotFitError, now time.Time) session.Report {
	// Short: mpsim run and the host print the save's error, which says the
	// rest, beside the end note this becomes.
	detail := fmt.Sprintf("profile %s did not fit on the saved eSIM when the session ended (%s), although the page was told it was installed",
		strings.Join(fit.ICCIDs, ", "), fit.Capacity)
	if rep.DownloadFailure == nil {
		rep.DownloadFailure = &session.DownloadFailure{Result: session.ActivationFull, Detail: detail}
	}
	device := cloneDevice(fit.Device)
	rep.Device = &device
	rep.Log = slices.Clip(rep.Log)
	for _, iccid := range fit.ICCIDs {
		rep.Log = append(rep.Log, session.LogEntry{At: now, Kind: session.KindLifecycle,
			Text:      fmt.Sprintf("download failed with %s when the session ended: profile %s did not fit on the saved eSIM (%s; another session filled it meanwhile), so it was not added, although the page was told it was installed", session.ActivationFull, iccid, fit.Capacity),
			Lifecycle: &session.LifecycleEvent{Step: session.StepDownloadFailed, ICCID: iccid, State: session.ActivationFull}})
	}
	return rep
}

// walledGarden is the walled garden of a session: the documented hosts, the
// portal's host, the notification hosts, the operator's allowed hosts and
// the ones the user adds.
func walledGarden(cfg session.Config, extra []string) []string {
	hosts := append([]string(nil), cfg.AllowedHosts...)
	if u, err := url.Parse(cfg.Launch.URL); err == nil && u.Hostname() != "" {
		hosts = append(hosts, u.Hostname())
	}
	hosts = append(hosts, cfg.Operator.AllowedHosts...)
	return walledgarden.For(append(hosts, extra...)...)
}

// checkRequest checks what of req its launch does not say: the timeout,
// the comparison languages and the demo settings.
func checkRequest(req Request) error {
	if req.Timeout < 0 {
		return fmt.Errorf("timeout %s: give a positive duration, or 0 for none", req.Timeout)
	}
	if err := checkCompare(req); err != nil {
		return err
	}
	if req.Demo != nil {
		if _, err := req.Demo.portal(); err != nil {
			return err
		}
	}
	return nil
}

// checkCompare checks a request's comparison languages.
func checkCompare(req Request) error {
	if len(req.CompareLanguages) == 0 {
		return nil
	}
	if req.NoInspect {
		return errors.New("comparing languages needs the recording of the portal; drop --no-inspect")
	}
	if _, err := simulator.AcceptLanguage(req.CompareLanguages); err != nil {
		return fmt.Errorf("comparison languages: %w", err)
	}
	return nil
}

// newSessionScreenshots is a new screenshot directory for a session and
// what releases it. Screenshots are evidence, not the session: when no
// directory can be made the session runs without them (dir is "", and the
// report has none, which says so).
func newSessionScreenshots() (dir string, release func()) {
	dir, release, err := NewScreenshotDir()
	if err != nil {
		return "", func() {}
	}
	return dir, release
}

// Compare runs the session cfg describes once more with the Accept-Language
// langs, in a window from opener, and returns what the localization
// policies compare: its end and its probes. The run is the same launch
// (device, portal, transactionId, steps) but leaves no trace: no
// screenshots, no saved device, no history, no observer. A run that could
// not open says why in Error.
func Compare(ctx context.Context, opener session.Opener, cfg session.Config, langs []string) *audit.Comparison {
	cfg.Languages = append([]string(nil), langs...)
	headers := map[string]string{}
	for k, v := range cfg.Launch.Headers {
		headers[k] = v
	}
	if list, err := simulator.ParseLanguageList(langs); err == nil {
		cfg.Languages = list.Tags // the window is given the list as sent
		headers[simulator.HeaderAcceptLanguage] = list.AcceptLanguage()
	}
	cfg.Launch.Headers = headers
	cfg.Inspect, cfg.ScreenshotDir, cfg.DevTools = true, "", false
	cfg.Embed, cfg.Compare, cfg.Token = nil, nil, ""
	rep, err := session.Run(ctx, opener, cfg, nil)
	c := &audit.Comparison{Languages: cfg.Languages, Ended: rep.Ended, Probes: rep.Probes}
	if err != nil {
		c.Error = err.Error()
	}
	if c.Probes == nil {
		c.Probes = []inspect.Probe{}
	}
	return c
}

// SaveFailure is err, a failed save, in words for a warning, with what to
// do when the disk is full: retention removes old sessions only after a
// save succeeds, so a full volume would keep its oldest sessions for good.
func SaveFailure(err error) string {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return err.Error() + " (free space on that disk, or make room with `mpsim history prune --keep N`: old sessions are removed only after a save)"
	}
	return err.Error() + DiskFullAdvice(err) // the file size limit
}
