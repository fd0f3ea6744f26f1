package session

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/bridge"
	"mpsim/simulator"
)

// Ways a session ends, as reported in Report.Ended.
const (
	EndedHandBack = "handBack" // the portal returned control to the app
	EndedClosed   = "closed"   // the user closed the portal window
	EndedTimeout  = "timeout"  // the session timed out
	// EndedCrashed: the window process died, or one of WebKit's own
	// processes (its web content or network process) ended after the
	// portal had loaded: the engine stopped, not the portal.
	EndedCrashed   = "crashed"
	EndedCancelled = "cancelled" // the host cancelled the session
	// EndedUserCancelled: the user left the operator experience in the
	// host's portal pane (back at the first page, or closing the pane) and
	// confirmed the app's question (contract §1.6); the session's context
	// was cancelled with ErrUserCancelled as its cause.
	EndedUserCancelled = "userCancelled"
	// EndedLoadFailed: the portal could not be shown (its main document
	// failed to load, or a WebKit process died before its first paint);
	// the session ends at once.
	EndedLoadFailed = "loadFailed"
)

// ErrUserCancelled is the cause to cancel a session's context with when the
// user left the operator experience: the session ends as
// EndedUserCancelled instead of EndedCancelled.
var ErrUserCancelled = errors.New("the user left the mobile operator experience")

// Caps on what a report keeps, so a page that floods the bridge cannot make
// the report (or the host's memory) grow without bound. Log entries and
// calls that are cut are counted in one log-capped finding; hand-back calls,
// results and the end of the session are always kept. Findings are capped
// per code instead (see addFinding), so that no flood of one kind can push
// another out of the report.
const (
	MaxLogEntries = 5000
	MaxCalls      = 2000
	// MaxFindings is how many findings about the page's own behaviour
	// (pop-ups, dialogs, page errors: page noise) the report keeps in all;
	// findings of bridge calls, errors and the session's end do not count
	// against it.
	MaxFindings = 200
	// MaxFindingsPerCode is how many findings of one code the report keeps
	// (the hand-back's and the session's end are always kept); the rest of
	// that code are counted in one summary finding of the code, with the
	// most severe severity among them, so the verdict and the expectations
	// see them all.
	MaxFindingsPerCode = 10
	// MaxCallArgBytes is how many bytes of call arguments a report keeps
	// in all. The arguments of the hand-back the host acts on are always
	// kept in full (they are at most the envelope limit); past the budget,
	// another call's arguments are each replaced by a string saying how
	// many bytes were not kept, its CallRecord.ArgsCut says so too, and
	// log-capped counts them. The arguments are written twice, in calls
	// and in the log, so they take at most 2 × (MaxCallArgBytes + the
	// envelope limit) of a report.
	MaxCallArgBytes = 2 << 20
)

// DefaultCloseGrace is how long a window may take to close after it is asked.
const DefaultCloseGrace = 3 * time.Second

// Config is everything one session needs. It is copied when the session
// starts, so changing a preset afterwards never affects a running session.
type Config struct {
	Launch simulator.Launch
	// PinCertHow says how the user pins a certificate where the session
	// was started ("in the Launch form's Trust cert field", "with
	// trust_certs in the scenario file"), for the advice of a TLS failure;
	// empty means "with --trust-cert".
	PinCertHow string
	Languages  []string
	Expect     bridge.Expectation
	// AllowedHosts are the notification hosts a hand-back may come from
	// (contract §1.1, §1.2 item 5). Empty: the portal URL's host.
	AllowedHosts []string
	Certs        []TrustedCert
	// Timeout ends the session without a hand-back; 0 means none.
	Timeout     time.Duration
	Debug       bool
	Accelerated bool
	Title       string
	X, Y        int
	// Token authenticates the shim's envelopes; generated when empty.
	Token string
	// MaxEnvelopeBytes caps what a page may send; 0 = bridge default.
	MaxEnvelopeBytes int

	// Device is the simulated device the launch was built from. Inline
	// downloads install profiles on it; the result is Report.Device.
	Device simulator.Device
	// DeviceNotSaved, when set, says why the device the session leaves is
	// not saved (a read-only configuration directory; a per-session view
	// of another SIM kind), so that the log does not promise that the next
	// launch reports a failed download (X-MP-LPAError-*, contract §1.4).
	// DeviceKeptInMemory says that later sessions of the same command or
	// window still get it (a read-only configuration directory).
	DeviceNotSaved     string
	DeviceKeptInMemory bool
	// Operator owns the portal (ICCID ranges, SM-DP+).
	Operator simulator.Operator
	// Lifecycle chooses what the simulated eSIM does during inline flows.
	Lifecycle Lifecycle
	// Expectation is what a correct portal does for this launch (a
	// preset's); the session records it and checks the hand-back's
	// moDirectStatus against its Statuses.
	Expectation Expectation
	// ResolveProfile plays the SM-DP+: it returns the ICCID of the profile
	// an activation code downloads (contract §2.6: the ICCID is inferred from
	// the profile). nil, or ok false, makes up a new ICCID in the operator's
	// range.
	ResolveProfile func(activationCode string) (iccid string, ok bool)
	// Seed makes generated identifiers (new profiles' ICCIDs) reproducible;
	// 0 seeds from the clock.
	Seed int64
	// Inspect records the portal itself: console, network, navigations
	// (Report.Console, Network, Navigations). ScreenshotDir, when set, is
	// where the window saves screenshots (first paint, each load, the
	// hand-back; Report.Screenshots). DevTools opens WebKit's inspector.
	Inspect       bool
	ScreenshotDir string
	DevTools      bool
	// NoAxe leaves axe-core out of the DOM probes (the accessibility
	// policy is then manual).
	NoAxe bool
	// WalledGarden, when not empty, are the only hosts the portal may
	// reach, as on a device with no plan (contract §7; see
	// walledgarden.For): loads elsewhere are blocked and reported.
	WalledGarden []string
	// AllowHosts are the hosts the operator declared its portal uses
	// besides its own (--allow-host, a scenario's allow_hosts; a leading
	// "*." allows subdomains), such as its sign-in or payment provider's,
	// whether or not the walled garden is on: the capabilities-no-popups
	// policy counts a navigation to them as needed (siteHosts). The
	// walled garden, when on, lets them load too.
	AllowHosts []string
	// Embed puts the portal inside the host's window (the host window's
	// portal pane); nil opens a window of its own.
	Embed *Embed
	// Steps are what the host does in the page after its first paint (a
	// scenario's steps), in order; see Step.
	Steps []Step
	// SignalRecorded makes the session dispatch the event RecordedEvent on
	// the page's window once the first paint's screenshot and probe are
	// recorded (or FirstRecordWait passed). Only for the built-in demo
	// portal's unattended choice, which waits for it before its first
	// click; never for an operator's portal, whose page must see nothing
	// of mpsim's.
	SignalRecorded bool
	// StepPause is how long the host waits before each step, so that a
	// person can follow them (the host's Slow motion); 0 runs them at once.
	StepPause time.Duration
	// DownloadRetryWait is how long a wait for a step of a download
	// (--close-after networkRegistered) gives the page, after the app
	// refused its download call or it cancelled its deferred download, to
	// ask for another download before the step counts as one that can
	// never come: an inline portal stays open and may call again. 0 means
	// 10 s.
	DownloadRetryWait time.Duration
	// Compare is the same launch run before in another language (mpsim
	// run --compare-lang): the audit compares its probes with this
	// session's, and the report keeps it. nil: none.
	Compare *audit.Comparison
}

// Lifecycle chooses the outcomes the host reports to the page in the inline
// flows (contract §2.5, §3 F3–F7), so a portal's error handling can be tested.
type Lifecycle struct {
	// ActivationResult is the MobilePlansActivationError member reported
	// through profileActivationCompleteScript; "" means "success".
	ActivationResult string
	// RegistrationState is the MobilePlansNetworkRegistrationState member
	// reported through registrationChangedScript; "" means "home".
	RegistrationState string
	// ClockSpeed speeds up the simulated clock of deferred flows
	// (downloadDelay, networkRegistrationInterval); 0 means 60, i.e. one
	// simulated minute per real second.
	ClockSpeed float64
	// DownloadTime is how long the simulated download takes; 0 means 1.5 s.
	DownloadTime time.Duration
}

// CallRecord is one bridge call the page made.
type CallRecord struct {
	API      string            `json:"api"`
	Args     []json.RawMessage `json:"args"`
	PageURL  string            `json:"pageUrl"`
	At       time.Time         `json:"at"`
	Accepted bool              `json:"accepted"`
	// Rejected says why the host refused to act on the call.
	Rejected string `json:"rejected,omitempty"`
	// ArgsCut is how many bytes of Args were not kept, once the report's
	// budget for call arguments (MaxCallArgBytes) was spent; each argument
	// not kept is a string saying its size.
	ArgsCut int `json:"argsCut,omitempty"`
	// Oversize is the size of the arguments of a call the shim did not
	// forward because they were over the envelope limit (Args is empty).
	Oversize int `json:"oversize,omitempty"`
}

// CallbackRecord is one call the host made into the page: the app invoking
// a listener the page registered (contract §2.5).
type CallbackRecord struct {
	Listener string          `json:"listener"`
	Args     json.RawMessage `json:"args"`
	At       time.Time       `json:"at"`
	// Delivered says the page's listener received the call: the shim
	// found the registered global function and called it (Threw is what
	// it threw, if it threw). False with NotDelivered saying why: the page
	// registered no listener or a name that is no global function, the
	// call did not reach the page, or the page did not answer before the
	// portal closed. (While the session runs, a call the page has not yet
	// answered has neither.)
	Delivered    bool   `json:"delivered"`
	NotDelivered string `json:"notDelivered,omitempty"`
	Threw        string `json:"threw,omitempty"`
}

// Timings are measured by the host; null when the event did not happen.
type Timings struct {
	// LaunchToFirstPaintMs runs from asking for the window to the page's
	// first painted frame (double requestAnimationFrame in the shim).
	LaunchToFirstPaintMs *float64 `json:"launchToFirstPaintMs"`
	// CallToResultMs runs from the hand-back reaching the host to the
	// decoded result being ready and the portal window acknowledging the
	// close request (not until it is gone: a page busy in a loop after its
	// hand-back does not count).
	CallToResultMs *float64 `json:"callToResultMs"`
}

// ServerObservation is what a host-run portal server saw (the demo portal).
type ServerObservation struct {
	AcceptLanguage string `json:"acceptLanguage"`
	Query          string `json:"query"`
	Requests       int    `json:"requests"`
}

// Report is the outcome of one session; its JSON is what `mpsim run` writes.
type Report struct {
	Launch    simulator.Launch   `json:"launch"`
	Calls     []CallRecord       `json:"calls"`
	Callbacks []CallbackRecord   `json:"callbacks"`
	Result    *bridge.Result     `json:"result"`
	Findings  []bridge.Finding   `json:"findings"`
	Verdict   bridge.Verdict     `json:"verdict"`
	Timings   Timings            `json:"timings"`
	Ended     string             `json:"ended"`
	Log       []LogEntry         `json:"log"`
	Server    *ServerObservation `json:"server,omitempty"`
	// Expectation is what a correct portal should do for this launch
	// (negative presets); empty otherwise.
	Expectation string `json:"expectation,omitempty"`
	// ExpectedStatus are the moDirectStatus values a correct portal hands
	// back for this launch, and ExpectationMet whether this one did (absent
	// when nothing was checked).
	ExpectedStatus []string `json:"expectedStatus,omitempty"`
	ExpectationMet *bool    `json:"expectationMet,omitempty"`
	// Console, Network, Navigations and Screenshots record the portal itself
	// (package inspect), each capped (MaxConsole, MaxRequests; what is cut
	// is counted in an inspection-capped finding). NetworkSummary sums up
	// Network; HAR is the path of the HAR file written from it, if any.
	Console        []inspect.ConsoleMessage `json:"console"`
	Network        []inspect.Request        `json:"network"`
	NetworkSummary *inspect.Summary         `json:"networkSummary,omitempty"`
	Navigations    []inspect.Navigation     `json:"navigations"`
	Screenshots    []inspect.Screenshot     `json:"screenshots"`
	// ScreenshotsSkipped are the screenshots the window did not take, each
	// with its reason (inspect.Screenshot.Skipped): a first-load that came
	// after the page had handed back. Screenshots lists only pictures, in
	// the order they were taken.
	ScreenshotsSkipped []inspect.Screenshot `json:"screenshotsSkipped,omitempty"`
	// Probes are what the page's DOM showed at first paint and at the
	// hand-back, for the policy audit.
	Probes []inspect.Probe `json:"probes"`
	// Policies is the audit of the seed's 32 design policies (package
	// audit, docs/policies.md); empty when inspection was off.
	Policies []audit.Policy `json:"policies"`
	// Compare is the run in another language the localization policies
	// compared this session with (Config.Compare), if any.
	Compare *audit.Comparison `json:"compare,omitempty"`
	HAR     string            `json:"har,omitempty"`
	// WalledGarden is the simulated walled garden the session ran in
	// (--walled-garden, a scenario's walled_garden): the hosts it let
	// through; nil when it was off.
	WalledGarden *WalledGardenSetting `json:"walledGarden,omitempty"`
	// Opened is when the session asked for the window: the time origin of
	// the inspection records' AtMs, StartMs and EndMs (the window process
	// starts its clock a few milliseconds later).
	Opened time.Time `json:"opened"`
	// Device is the simulated device after the session (profiles installed
	// or switched by inline operations, LPA errors recorded); the host saves it.
	Device *simulator.Device `json:"device,omitempty"`
	// DownloadFailure is the session's last profile download when it
	// failed (no download started or succeeded after it); nil otherwise.
	DownloadFailure *DownloadFailure `json:"downloadFailure,omitempty"`
	// Unreachable is the lifecycle step the session waited for to close
	// the portal (--close-after) that no download could lead to any more,
	// and why, when the user closed the portal for it: the portal's
	// download call was refused (arg-not-uint), or its deferred download
	// cancelled, and no other was under way or pending. A failed download
	// says so in DownloadFailure.Unreached instead; nil otherwise.
	Unreachable *Unreachable `json:"unreachable,omitempty"`
}

// Unreachable is a lifecycle step the session stopped waiting for as no
// download could lead to it any more.
type Unreachable struct {
	Step LifecycleStep `json:"step"`
	// Why says in words why no download could, e.g. that the call that
	// would have started it was refused.
	Why string `json:"why"`
}

// DownloadFailure is a profile download of the session that failed.
type DownloadFailure struct {
	// Result is the activation result the app reported, a
	// MobilePlansActivationError member such as insufficientSpaceOnCard.
	Result string `json:"activationResult"`
	// Detail says why in words, e.g. that the simulated eSIM is full.
	Detail string `json:"detail,omitempty"`
	// Unreached is the lifecycle step the session waited for to close the
	// portal (--close-after) that the failure made impossible: the user
	// closed the portal then.
	Unreached LifecycleStep `json:"unreached,omitempty"`
}

// EndNote says in one sentence what the verdict line of a session leaves
// out, or "": a failed download (the eSIM full, an activation error), and
// with it the --close-after step that could then never come; the
// --close-after step no download could lead to (Report.Unreachable); a timeout
// after an inline operation, when the portal stayed open as inline flows
// do.
func (r Report) EndNote() string {
	if f := r.DownloadFailure; f != nil {
		s := "the profile download failed with " + f.Result
		if f.Detail != "" {
			s += " (" + f.Detail + ")"
		}
		if f.Unreached != "" {
			s += fmt.Sprintf(", so %s could never come and the user closed the portal", f.Unreached)
		}
		return s
	}
	if u := r.Unreachable; u != nil {
		return fmt.Sprintf("%s, so %s could never come and the user closed the portal", u.Why, u.Step)
	}
	if api, _ := r.inlineCall(); r.Ended == EndedTimeout && api != "" {
		return fmt.Sprintf("the portal stayed open after its inline call %s, as an inline flow does, until the session's timeout; --close-after STEP closes it once the simulated eSIM reaches STEP", api)
	}
	return ""
}

// inlineCall is the last accepted inline operation of the report and when
// it was made, or "".
func (r Report) inlineCall() (api string, at time.Time) {
	for i := len(r.Calls) - 1; i >= 0; i-- {
		if c := r.Calls[i]; c.Accepted && bridge.IsInline(c.API) {
			return c.API, c.At
		}
	}
	return "", time.Time{}
}

// Observer receives log entries as they happen (for the UI). It is called
// from the session's goroutine and must not block.
type Observer func(LogEntry)

// NewToken returns a fresh random envelope token, bridge.TokenLength hex
// digits.
func NewToken() string {
	b := make([]byte, bridge.TokenLength/2)
	_, _ = rand.Read(b) // crypto/rand never fails on Linux
	return hex.EncodeToString(b)
}

type runner struct {
	cfg     Config
	observe Observer
	mu      sync.Mutex
	report  Report
	opened  time.Time
	hand    int
	reject  int
	// returns counts the calls from allowed origins that returned control
	// to the app, acted on or not.
	returns int
	// faqLookup says the page looked up MobilePlans.notifyPurchaseResult,
	// which the app does not have (bridge.EventFAQLookup).
	faqLookup bool
	// listeners counts the page listener invocations and their answers,
	// which closing the portal waits for (waitListeners).
	listeners listenerCounts
	// oversized are the calls the shim did not forward for their size
	// (the first maxOversizeListed).
	oversized []oversizeCall

	// Caps and the window's refusals (guarded by mu).
	cutLog, cutCalls int
	capped           findingCap
	// argBytes are the bytes of call arguments kept so far (not counting
	// the hand-back's); cutArgCalls and cutArgBytes count what was not.
	argBytes, cutArgCalls, cutArgBytes int
	drops                              DropCounts
	loadFailed                         bool
	insp                               inspection
	// shown is what the top frame showed last (notshown.go).
	shown shownPage
	// pageErrs are the page's errors as a failed step names them.
	pageErrs pageErrors
	// The lifecycle steps reached, in order, and a channel closed when the
	// next one is (nil until a wait_lifecycle step asks).
	reached     []LifecycleStep
	reachedNews chan struct{}
	// downloads counts the downloads under way or pending (deferred, not
	// yet offered nor cancelled), until each failed or registered;
	// noDownload says why no download can come when the last call or
	// cancellation left none ("" otherwise).
	downloads  int
	noDownload string
	// noDownloadAt is when noDownload was last set.
	noDownloadAt time.Time

	// Owned by the session goroutine (loop) only.
	win      Window
	gen      *simulator.Generator
	device   simulator.Device
	changed  bool
	deferred map[string]*deferredOp
	// deferredOps are every deferred download of the session, with an
	// operation ID or without, in order: those still pending when the
	// session ends are kept on the device (keepPendingDownloads).
	deferredOps []*deferredOp
	// inlineProfiles are the profiles this session's inline downloads
	// (F3, F4) install, in call order (inlineprofile.go).
	inlineProfiles []inlineProfile
	steps          chan func()
	done           chan struct{} // closed when the session loop returns
	ending         bool

	// The scenario steps: their context ends with the session; endSession
	// ends the session from the loop (a failed step).
	stepCtx      context.Context
	stopSteps    context.CancelFunc
	stepsStarted bool
	// unresponsiveSince is when the page's web process stopped answering
	// WebKit (a script busy in a loop), zero while it answers; r.mu.
	unresponsiveSince time.Time
	// firstRecord is what of the first paint's record (screenshot, probe)
	// has not come yet; the steps and SignalRecorded wait for it.
	firstRecord firstRecord
	endSession  func(CloseReason, string)
	// stepsEnding is set once the session ends: no further step starts,
	// and a step that fails now is not the portal's failure. stepsDone is
	// closed when the steps' goroutine returned.
	stepsEnding atomic.Bool
	// nav is when the top frame's navigations last started and ended, for
	// the steps that wait for the page their act led to (navClock.settle).
	nav       navClock
	stepsDone chan struct{}
}

// Run opens the portal and runs the session to its end. The error is non-nil
// only when the window could not be opened at all; everything the portal does
// wrong is a finding in the report.
func Run(ctx context.Context, opener Opener, cfg Config, observe Observer) (Report, error) {
	if cfg.Token == "" {
		cfg.Token = NewToken()
	}
	if len(cfg.AllowedHosts) == 0 {
		if u, err := url.Parse(cfg.Launch.URL); err == nil && u.Hostname() != "" {
			cfg.AllowedHosts = []string{u.Hostname()}
		}
	}
	if cfg.MaxEnvelopeBytes <= 0 {
		cfg.MaxEnvelopeBytes = bridge.DefaultMaxEnvelopeBytes
	}
	// The runner's device shares no slice with cfg.Device: the host finds
	// the session's changes by comparing the two (an in-place activation
	// left them equal, and a profile switched to was never saved).
	dev := cfg.Device
	dev.Profiles, dev.LPAErrors, dev.Hidden = slices.Clone(dev.Profiles), slices.Clone(dev.LPAErrors), slices.Clone(dev.Hidden)
	dev.PendingDownloads = slices.Clone(dev.PendingDownloads)
	r := &runner{cfg: cfg, observe: observe, device: dev, deferred: map[string]*deferredOp{}}
	seed := cfg.Seed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	r.gen = simulator.NewGenerator(seed)
	r.report = Report{Launch: cfg.Launch, Calls: []CallRecord{}, Callbacks: []CallbackRecord{}, Findings: []bridge.Finding{}, Log: []LogEntry{},
		Console: []inspect.ConsoleMessage{}, Network: []inspect.Request{}, Navigations: []inspect.Navigation{}, Screenshots: []inspect.Screenshot{}, Probes: []inspect.Probe{}, Policies: []audit.Policy{}, Compare: cfg.Compare,
		WalledGarden: walledGardenSetting(cfg)}

	shim, err := bridge.InitScript(bridge.ShimConfig{Token: cfg.Token, BindingName: bridge.DefaultBindingName, MaxEnvelopeBytes: cfg.MaxEnvelopeBytes})
	if err != nil {
		return r.report, fmt.Errorf("session: build bridge shim: %w", err)
	}
	spec := WindowSpec{
		URL: cfg.Launch.URL, Languages: cfg.Languages, Certs: cfg.Certs, Headers: extraHeaders(cfg.Launch.Headers),
		InitScript: shim, BindingName: bridge.DefaultBindingName,
		Title: cfg.Title, Width: 800, Height: 600, X: cfg.X, Y: cfg.Y,
		Debug: cfg.Debug, Accelerated: cfg.Accelerated,
		Token: cfg.Token, HandBackAPIs: bridge.PriorityAPIs(), MaxMessageBytes: 4*cfg.MaxEnvelopeBytes + 64<<10,
		Inspect: cfg.Inspect, ScreenshotDir: cfg.ScreenshotDir, DevTools: cfg.DevTools, WalledGarden: cfg.WalledGarden, NoAxe: cfg.NoAxe, Steps: len(cfg.Steps) > 0,
		Embed: cfg.Embed,
	}
	// The schemas compile while the window starts, not when the page hands back.
	go bridge.Prepare()
	r.opened = time.Now()
	r.report.Opened = r.opened
	win, err := opener.Open(ctx, spec)
	if err != nil {
		return r.report, fmt.Errorf("session: open portal window: %w", err)
	}
	r.loop(ctx, win)
	if r.stepsDone != nil {
		<-r.stepsDone // its last entry belongs in the report
	}
	return r.finish(), nil
}

func (r *runner) loop(ctx context.Context, win Window) {
	var timeout <-chan time.Time
	if r.cfg.Timeout > 0 {
		t := time.NewTimer(r.cfg.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	r.win = win
	r.steps = make(chan func(), 16)
	r.done = make(chan struct{})
	defer close(r.done)
	events := win.Events()
	st := &loopState{r: r, win: win}
	r.stepCtx, r.stopSteps = context.WithCancel(ctx)
	defer r.stopSteps()
	r.endSession = st.startClose
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				st.windowGone()
				return
			}
			st.onEvent(ev)
		case <-timeout:
			r.log(LogEntry{At: time.Now(), Kind: KindTimeout, Text: r.timeoutText()})
			if r.cfg.ScreenshotDir != "" && !st.closing {
				_ = win.Snapshot("timeout") // what the page showed when the time ran out
			}
			st.startClose(CloseRequested, EndedTimeout)
		case <-ctx.Done():
			ended := EndedCancelled
			if errors.Is(context.Cause(ctx), ErrUserCancelled) {
				ended = EndedUserCancelled
			}
			st.startClose(CloseRequested, ended)
		case step := <-r.steps:
			// What the window sent before the step's function came
			// (the page's error during the step before) is handled first.
			st.drain(events)
			if !st.closing {
				step()
			}
		case <-st.grace:
			// The window did not go away; the Window implementation kills it
			// on Close, so only wait for its event stream to end.
			st.grace = nil
		}
	}
}

// timeoutText is the log line of a session that timed out: no hand-back,
// or, after an inline operation (which hands off to the app but leaves the
// portal open), that the portal stayed open.
func (r *runner) timeoutText() string {
	r.mu.Lock()
	api, at := r.report.inlineCall()
	r.mu.Unlock()
	if api != "" {
		// The timeout counts from the launch, not from the call (QA: "still
		// open 8s after its inline call" for a call made 3 s before an 8 s
		// timeout).
		return fmt.Sprintf("timeout: the portal was still open %s after its inline call %s, when the session's %s (counted from the launch) ran out; nobody closed it (mpsim run --close-after STEP closes it once the lifecycle reaches STEP)",
			time.Since(at).Round(100*time.Millisecond), api, r.cfg.Timeout)
	}
	return fmt.Sprintf("no hand-back within %s", r.cfg.Timeout)
}

// loopState is what the session loop knows about the window's end.
type loopState struct {
	r          *runner
	win        Window
	closing    bool
	sawClosed  bool
	handBackAt time.Time
	grace      <-chan time.Time
}

// onEvent handles one window event and starts closing when the session ends.
func (st *loopState) onEvent(ev Event) {
	switch ev.Type {
	case WindowClosed:
		st.sawClosed = true
	case WindowClosing:
		st.stopClock()
	}
	switch ended := st.r.handle(ev, st.win); {
	case st.closing:
	case ended == EndedHandBack:
		st.handBackAt = ev.At
		if st.r.cfg.ScreenshotDir != "" {
			_ = st.win.Snapshot("handback")
		}
		if st.r.cfg.Inspect {
			_ = st.win.Probe("handback")
		}
		st.startClose(CloseHandBack, EndedHandBack)
	case ended == EndedLoadFailed, ended == EndedCrashed:
		st.startClose(CloseRequested, ended)
	}
}

// drain handles the events already waiting in events, and no more.
func (st *loopState) drain(events <-chan Event) {
	for n := len(events); n > 0; n-- {
		ev, ok := <-events
		if !ok {
			return
		}
		st.onEvent(ev)
	}
}

// windowGone ends the session when the window's events end.
func (st *loopState) windowGone() {
	if !st.sawClosed && !st.closing {
		st.r.setEnded(EndedCrashed)
		st.r.addFinding(bridge.NewFinding(bridge.CodeWindowCrashed, "", "The portal window's process ended without closing normally; the session ended with what it had received."))
	}
	st.stopClock()
}

// stopClock records callToResultMs once, from the hand-back.
func (st *loopState) stopClock() {
	if st.handBackAt.IsZero() {
		return
	}
	r := st.r
	r.mu.Lock()
	if r.report.Timings.CallToResultMs == nil {
		ms := float64(time.Since(st.handBackAt).Microseconds()) / 1000
		r.report.Timings.CallToResultMs = &ms
	}
	r.mu.Unlock()
}

// startClose asks the window to close, once.
func (st *loopState) startClose(reason CloseReason, ended string) {
	if st.closing {
		return
	}
	st.closing = true
	st.r.ending = true
	st.r.stepsEnding.Store(true)
	st.r.setEnded(ended)
	_ = st.win.Close(reason)
	st.grace = time.NewTimer(DefaultCloseGrace).C
}

// handle processes one event and returns how the session must end because
// of it: EndedHandBack when the portal returned control, EndedLoadFailed
// when the portal cannot be shown, EndedCrashed when WebKit's own process
// ended after it was shown, "" to go on.
func (r *runner) handle(ev Event, win Window) string {
	r.nav.see(ev)
	r.notePage(ev)
	if r.handleInspection(ev) || r.handleResponsiveness(ev) {
		return ""
	}
	switch ev.Type {
	case WindowBridge:
		if r.handleEnvelope(ev) {
			return EndedHandBack
		}
	case WindowClosed:
		if ev.Reason == string(CloseUser) {
			r.setEnded(EndedClosed)
		}
		r.logKeep(LogEntry{At: ev.At, Kind: KindClosed, Text: ev.Reason})
	case WindowClosing:
		// Only the timing (loop) uses it.
	case WindowNavDecided:
		// Only the steps' waits (r.nav) use it.
	case WindowLoadFailed:
		return r.loadFailure(ev)
	case WindowDropped:
		if d := ev.Dropped; d != nil {
			r.mu.Lock()
			r.drops = *d
			r.mu.Unlock()
			r.log(LogEntry{At: ev.At, Kind: KindDropped, Text: dropText(*d)})
		}
	case WindowDialog:
		if d := ev.Dialog; d != nil {
			text := d.Kind + ": " + d.Text
			if d.Kind == "print" {
				text = "print()" // it has no text
			}
			r.log(LogEntry{At: ev.At, Kind: KindDialog, URL: d.URL, Text: text})
			r.addPageFinding(dialogFinding(*d))
		}
	default:
		r.log(LogEntry{At: ev.At, Kind: EntryKind(ev.Type), URL: ev.URL, Text: ev.Message})
	}
	return ""
}

// dialogFinding is the script-dialog finding of a dialog the window
// answered without showing it: alert, confirm, prompt, beforeunload, or
// print() (WebKit's Print dialog, which the window stops too).
func dialogFinding(d Dialog) bridge.Finding {
	if d.Kind == "print" {
		return bridge.NewFinding(bridge.CodeScriptDialog, d.Kind,
			"The page called print(), which opens the Print dialog in a browser. The Mobile Plans app's WebView shows no script dialog and its public pages say nothing of printing, so mpsim showed no Print dialog and printed nothing (a user may never get what the page meant to print); print() returned at once.")
	}
	answer := "it returned at once"
	switch d.Answer {
	case "false":
		answer = "confirm() returned false"
	case "null":
		answer = "prompt() returned null"
	case "leave":
		answer = "the page was left"
	}
	return bridge.NewFinding(bridge.CodeScriptDialog, d.Kind,
		"The page opened a JavaScript dialog, %s(%q)%s. The Mobile Plans app's WebView shows no script dialog, so the user never sees it; %s.", d.Kind, d.Text, dialogPage(d.URL), answer)
}

// dialogPage names the page a dialog came up on: the top page's URL when
// the window answered it, without its query (the launch's parameters) and
// fragment. WebKit's script-dialog names no frame, so an iframe of that
// page may have opened it, and the text says so.
func dialogPage(uri string) string {
	uri = pageWithoutQuery(uri)
	if uri == "" {
		return ""
	}
	return " on " + uri + " (the top page then; an iframe of it may have opened it)"
}

// hintURL is the URL a plain-http hint starts from for a failed load of
// pageURL: the portal URL the user gave (Launch.PortalURL), when pageURL is
// the launch's (same scheme, host, port and path; the launch added its
// parameters to the query), so that the user's own query is kept whatever
// its names and none of the parameters the host added is; else pageURL, a
// page the portal went to. A launch that does not say the portal URL it
// started from gives pageURL without its query and fragment, which carry
// the device's identifiers.
func (r *runner) hintURL(pageURL string) string {
	launch, portal := r.cfg.Launch.URL, r.cfg.Launch.PortalURL
	if !sameDocument(pageURL, launch) {
		return pageURL
	}
	if portal != "" {
		return portal
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return u.String()
}

// sameDocument says whether URLs a and b name the same scheme, host, port
// (the scheme's default when absent) and path, whatever their queries and
// fragments: WebKit writes an empty path as "/".
func sameDocument(a, b string) bool {
	ua, errA := url.Parse(strings.TrimSpace(a))
	ub, errB := url.Parse(strings.TrimSpace(b))
	if errA != nil || errB != nil || ua.Host == "" {
		return false
	}
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if strings.EqualFold(u.Scheme, "https") {
			return "443"
		}
		return "80"
	}
	path := func(u *url.URL) string { return cmp.Or(u.EscapedPath(), "/") }
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Hostname(), ub.Hostname()) && port(ua) == port(ub) && path(ua) == path(ub)
}

// loadFailure logs a failed load. A fatal one (the portal cannot be shown)
// is one finding and ends the session; later ones are only logged.
func (r *runner) loadFailure(ev Event) string {
	text := ev.Reason
	if ev.TLS && !strings.Contains(text, "TLS") {
		text = "TLS: " + text
	}
	// A handshake the server answered in plain http (https:// typed for an
	// http-only dev server) needs no certificate: it needs the other scheme.
	if hint := bridge.PlainHTTPHint(r.hintURL(ev.URL), ev.Reason); hint != "" {
		text += " (" + hint + ")"
	} else if ev.TLS {
		text += " (" + r.tlsAdvice(ev.URL) + ")"
	}
	if r.ending {
		// The session is already ending (a hand-back, a timeout): the
		// window's teardown is not the portal's failure.
		r.log(LogEntry{At: ev.At, Kind: KindLoadFailed, URL: ev.URL, Text: "while closing: " + text})
		return ""
	}
	if !ev.Fatal && ev.Kind == LoadNotShown {
		r.navigationNotShown(ev)
		return ""
	}
	if !ev.Fatal {
		if ev.Kind == "" {
			text = "navigation stopped: " + text
		}
		r.log(LogEntry{At: ev.At, Kind: KindLoadFailed, URL: ev.URL, Text: text})
		return ""
	}
	if ended, ok := r.pageLoadFailure(ev, text); ok {
		return ended
	}
	if ev.Kind != "" && !(ev.Kind == LoadTLS && strings.Contains(text, "TLS")) {
		text = ev.Kind + ": " + text
	}
	r.logKeep(LogEntry{At: ev.At, Kind: KindLoadFailed, URL: ev.URL, Text: text})
	if !r.firstLoadFailure() {
		return ""
	}
	r.addFinding(r.loadFailedFinding(ev.URL, text))
	return EndedLoadFailed
}

// firstLoadFailure marks that the portal failed to load and reports
// whether this is the first failure: only the first makes a finding and
// ends the session.
func (r *runner) firstLoadFailure() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	first := !r.loadFailed
	r.loadFailed = true
	return first
}

// pageLoadFailure handles a fatal load failure that is not the portal's
// failing to load: a load the walled garden refused (walledGardenLoad), and
// an HTTP error of a page of a portal that had loaded, which WebKit shows
// (an operator's error page may still hand back with ServiceError), so the
// session goes on; and one of WebKit's own processes ending after the
// portal had loaded (engineEnded), which ends the session crashed. ok says
// it was one of them.
func (r *runner) pageLoadFailure(ev Event, text string) (string, bool) {
	if ev.Kind == LoadWalledGarden {
		return r.walledGardenLoad(ev, text), true
	}
	if r.engineEnded(ev) {
		return EndedCrashed, true
	}
	if ev.Kind == LoadHTTP && r.painted() {
		r.log(LogEntry{At: ev.At, Kind: KindLoadFailed, URL: ev.URL, Text: "after the portal loaded: http: " + text})
		r.addPageFinding(bridge.NewFinding(bridge.CodeRequestHTTPError, "url",
			"The portal navigated to %s, and %s. The real app may show its own error page for a page that fails to load; mpsim kept the page on screen, so what it did next is recorded.", ev.URL, text))
		return "", true
	}
	return "", false
}

// tlsAdvice says how to get a page of uri trusted: pin its certificate, or,
// when certificates are pinned but none names uri's host (a certificate
// made for localhost, a portal opened as 127.0.0.1), what to change.
func (r *runner) tlsAdvice(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || len(r.cfg.Certs) == 0 {
		return "pin the portal's certificate " + r.pinCertHow()
	}
	host := strings.ToLower(u.Hostname())
	var names []string
	for _, c := range r.cfg.Certs {
		for _, h := range c.Hosts {
			if strings.EqualFold(h, host) {
				return fmt.Sprintf("a pinned certificate names %s, but the server presented another one: pin the certificate this server uses, or check it has not expired", host)
			}
			if !slices.Contains(names, h) {
				names = append(names, h)
			}
		}
	}
	what := "an IP:" + host
	if net.ParseIP(host) == nil {
		what = "a DNS:" + host
	}
	return fmt.Sprintf("no pinned certificate names %s; they name %s: add %s entry to the certificate's subjectAltName, or open the portal by a name it has", host, strings.Join(names, ", "), what)
}

// painted says whether the portal's page has painted (the shim's first
// paint): the portal loaded.
func (r *runner) painted() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.report.Timings.LaunchToFirstPaintMs != nil
}

// dropText says what the window refused, dropped or did not record so
// far (totals since it opened), naming only what it counts: the window
// also reports when only its inspection caps cut records, and the text
// then read "refused 0 oversize message(s) (largest 0 bytes), 0 malformed,
// none over a per-second budget; 0 dialog report(s)" (QA hostile, 50,000
// console.log calls).
func dropText(d DropCounts) string {
	var parts, refused []string
	if d.Oversize > 0 {
		refused = append(refused, fmt.Sprintf("%d oversize message(s) (largest %d bytes)", d.Oversize, d.Largest))
	}
	if d.Malformed > 0 {
		refused = append(refused, fmt.Sprintf("%d malformed message(s)", d.Malformed))
	}
	if len(refused) > 0 {
		parts = append(parts, "refused "+strings.Join(refused, " and "))
	}
	if flood := floodText(d); flood != "" {
		parts = append(parts, "dropped "+flood)
	}
	if d.Dialogs > 0 {
		parts = append(parts, fmt.Sprintf("answered %d dialog(s) without reporting each", d.Dialogs))
	}
	if capped := counted(count{d.Console, "console message"}, count{d.Requests, "request"}, count{d.Navigations, "navigation"}); capped != "" {
		parts = append(parts, "did not record "+capped+" over the recording's caps")
	}
	if len(parts) == 0 {
		return "the window dropped nothing so far"
	}
	return "the window " + strings.Join(parts, "; ") + " (totals so far)"
}

// count is a number of things of one kind, for prose: noun is the kind
// in the singular ("console message").
type count struct {
	n    int
	noun string
}

// counted says each count of cs that is not zero ("3 console messages"),
// joined as prose (andList); "" when all are zero: a text counting what
// was cut names only what was.
func counted(cs ...count) string {
	var parts []string
	for _, c := range cs {
		if c.n != 0 {
			parts = append(parts, plural(c.n, c.noun))
		}
	}
	return andList(parts)
}

// andList joins items as prose: "a", "a and b", "a, b and c"; "" for none.
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func (r *runner) handleEnvelope(ev Event) bool {
	env, err := bridge.ParseEnvelope(ev.Envelope, r.cfg.Token, r.cfg.MaxEnvelopeBytes)
	if err != nil {
		rec := CallRecord{API: guessAPI(ev.Envelope), At: ev.At, Rejected: err.Error()}
		r.reject++
		r.addCall(rec)
		r.addFinding(bridge.EnvelopeErrorFinding(err))
		return false
	}
	if env.IsHostEvent() {
		r.hostEvent(env, ev.At)
		return r.oversize(env, ev.At)
	}
	claimed := bridge.ClaimedPageURLFinding(env.PageURL, ev.URL)
	if ev.URL != "" {
		// The window says which page WebKit shows; a page holding the
		// token could write any pageUrl into its envelope.
		env.PageURL = ev.URL
	}
	rec := CallRecord{API: env.API, Args: env.Args, PageURL: env.PageURL, At: ev.At}
	accepted, findings := bridge.CheckOrigin(env.PageURL, r.cfg.Launch.URL, r.cfg.AllowedHosts)
	findings = append(claimed, findings...)
	if !accepted {
		// Contract §1.1: script calls are honoured only from the allowed
		// notification host; a refused call is logged and never acted on.
		rec.Rejected = "origin not allowed: " + env.PageURL
		r.reject++
		r.budgetArgs(&rec, false)
		r.addCall(rec)
		for _, f := range findings {
			r.addFinding(f)
		}
		return false
	}
	// Accepted as the portal's host, but from another port: in production
	// most likely another host, refused there (origin-other-port).
	findings = append(findings, bridge.OtherPortFinding(env.PageURL, r.cfg.Launch.URL)...)
	unseen := r.appLeft()
	late := r.countControlReturn(env.API)
	rec.Accepted = !late
	if late {
		rec.Rejected = notActedOn + env.API
	}
	r.budgetArgs(&rec, !late && bridge.ReturnsControl(env.API))
	r.addCall(rec)
	if !late {
		r.handBackBeforePaint(env.API, ev.At)
	}
	chk := bridge.CheckCall(env, r.expectNow())
	if bridge.IsHandBack(env.API) {
		r.mu.Lock()
		r.hand++
		r.mu.Unlock()
	}
	if late {
		// The real app left the portal at the first hand-back and never
		// sees this call (contract §1.6): the result and the device stay
		// the first's; handback-repeated says there were more.
		r.callFindings(append(findings, chk.Findings...), unseen)
		r.log(LogEntry{At: ev.At, Kind: KindHostEvent, Text: "not acted on: control had returned to the app before " + env.API, URL: env.PageURL})
		return false
	}
	act := func() {
		r.callFindings(append(findings, chk.Findings...), unseen)
		r.act(env, chk, ev.At)
	}
	if bridge.ReturnsControl(env.API) {
		// The hand-back's findings decide the verdict: none is cut.
		r.keepingAll(act)
	} else {
		act()
	}
	return bridge.ReturnsControl(env.API)
}

// notActedOn begins the Rejected of a call the host did not act on because
// control had returned to the app before it.
const notActedOn = "not acted on: control had returned to the app before this call to "

// callFindings records the findings of an accepted call; unseen says the
// real app had left the portal before it (see UnseenByTheApp).
func (r *runner) callFindings(fs []bridge.Finding, unseen bool) {
	fs, folded := r.foldEnumReads(fs)
	for i, f := range fs {
		if unseen {
			if r.found(f) {
				continue // said of an earlier call already (origin-port, api-legacy-supported)
			}
			f = UnseenByTheApp(f)
		}
		if read, ok := folded[i]; ok {
			r.addFindingReplacing(f, read)
			continue
		}
		r.addFinding(f)
	}
}

// foldEnumReads folds into a call's finding of a purchase-metadata
// property the page set to undefined (metadata-status-missing,
// metadata-enum-missing) the enum-member-unknown finding of the misspelt
// member it was set from (MobilePlansMoDirectStatus.Completed), which the
// page's read of the member gave earlier: one finding says both, with the
// metadata finding's code and severity (bridge.FoldEnumMemberUnknown), and
// the earlier finding leaves the report's findings (the log keeps it).
// Before, both were reported, the second adding nothing (QA loop m17).
// folded gives, by index in out, the earlier finding each merged one
// takes the place of, which its log entry names (LogEntry.Replaces) so
// that a live view of the findings drops it as the report does.
func (r *runner) foldEnumReads(fs []bridge.Finding) (out []bridge.Finding, folded map[int]bridge.Finding) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out = slices.Clone(fs)
	for i, f := range out {
		for j := len(r.report.Findings) - 1; j >= 0; j-- {
			read := r.report.Findings[j]
			merged, ok := bridge.FoldEnumMemberUnknown(read, f)
			if !ok {
				continue
			}
			out[i] = merged
			if folded == nil {
				folded = map[int]bridge.Finding{}
			}
			folded[i] = read
			r.report.Findings = slices.Delete(r.report.Findings, j, j+1)
			if r.capped.perCode[read.Code] > 0 {
				r.capped.perCode[read.Code]--
			}
			break
		}
	}
	return out, folded
}

// keepingAll runs fn with every finding kept, whatever the caps.
func (r *runner) keepingAll(fn func()) {
	r.mu.Lock()
	prev := r.capped.keepAll
	r.capped.keepAll = true
	r.mu.Unlock()
	fn()
	r.mu.Lock()
	r.capped.keepAll = prev
	r.mu.Unlock()
}

// UnseenByTheApp turns a finding about a call made after control had
// returned to the app into a warning: the real app had left the portal
// (contract §1.6) and never judged that call, so it must not fail the
// session; the developer still learns what was wrong with it. `mpsim
// validate --report` applies it to the calls it checks again.
func UnseenByTheApp(f bridge.Finding) bridge.Finding {
	if f.Severity == bridge.SeverityError {
		f.Severity = bridge.SeverityWarning
	}
	f.Message = "In a call made after control had returned to the app, which the real app never sees: " + f.Message
	return f
}

// found says whether f is among the session's findings already.
func (r *runner) found(f bridge.Finding) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Contains(r.report.Findings, f)
}

// appLeft says whether a documented hand-back accepted so far has made
// the real app leave the portal, so that it never sees the page's next
// call. A removed API's call (notifyPurchaseDelayedProfile) does not
// count: mpsim ends the session there, but today's app most likely has no
// such method (contract §2.1), so the page's later calls would reach it
// and are judged in full.
func (r *runner) appLeft() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.report.Calls {
		if c.Accepted && LeavesThePortal(c.API) {
			return true
		}
	}
	return false
}

// LeavesThePortal says whether an accepted call of api makes the real app
// leave the portal, so that it never sees the page's later calls (their
// findings go through UnseenByTheApp): a documented hand-back does; a
// removed API's call (notifyPurchaseDelayedProfile) does not, as today's
// app most likely has no such method (contract §2.1).
func LeavesThePortal(api string) bool {
	return bridge.ReturnsControl(api) && bridge.ActionOf(api) != bridge.ActionDelayedProfile
}

// countControlReturn counts a call of api from an allowed origin and says
// whether control had returned to the app before it: an earlier call had
// returned control already.
func (r *runner) countControlReturn(api string) (late bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	late = r.returns > 0
	if bridge.ReturnsControl(api) {
		r.returns++
	}
	return late
}

func (r *runner) hostEvent(env bridge.Envelope, at time.Time) {
	if env.API == bridge.EventFirstPaint {
		r.firstPaint(at)
	}
	if env.API == bridge.EventFAQLookup {
		r.mu.Lock()
		r.faqLookup = true
		r.mu.Unlock()
	}
	ans, isAnswer := bridge.AnswerOf(env)
	left := r.listenerEvent(env, ans, isAnswer)
	r.log(LogEntry{At: at, Kind: KindHostEvent, Text: env.API, URL: env.PageURL})
	for _, f := range bridge.EventFindings(env) {
		if f.Code == bridge.CodeListenerMissing && left != "" {
			f.Message += " T" + strings.TrimPrefix(left, "t") + "."
		}
		r.addFinding(r.oversizeText(f, env))
	}
	if isAnswer {
		if left != "" {
			ans.NotDelivered += ": " + left
		}
		r.callbackAnswered(ans, at)
		r.listenerAnswered() // after its findings: a close waiting for it sees them
	}
}

// firstPaint times the page's first paint and, for the first one before
// the session began to end, takes its screenshot and probe and starts the
// steps.
func (r *runner) firstPaint(at time.Time) {
	r.mu.Lock()
	first := r.report.Timings.LaunchToFirstPaintMs == nil
	if first {
		ms := float64(at.Sub(r.opened).Microseconds()) / 1000
		r.report.Timings.LaunchToFirstPaintMs = &ms
	}
	r.mu.Unlock()
	// A first paint after the session began to end (a hand-back
	// before it, handback-before-paint) shows a page the app had
	// left: no screenshot, probe or step is made of it.
	if !first || r.ending {
		return
	}
	if r.cfg.ScreenshotDir != "" && r.win != nil && r.win.Snapshot(firstPaintLabel) == nil {
		r.firstRecord.shot = true
	}
	if r.cfg.Inspect && r.win != nil && r.win.Probe(firstPaintLabel) == nil {
		r.firstRecord.probe = true
	}
	// The steps start at once, as before: held until the record came,
	// they ran into a page's own reload soon after its load
	// (TestE2EClickTextPrefersWhatAUserClicks), which they are otherwise
	// built to wait out.
	r.startSteps()
	if r.firstRecord.waiting() {
		time.AfterFunc(FirstRecordWait, func() { r.post(r.firstRecorded) })
		return
	}
	r.firstRecorded()
}

// listenerEvent notes which page registered a listener (a listenerSet
// event) and, for an answer saying the page has none, returns that an
// earlier page had registered one (listenerCounts.leftListener), or "".
func (r *runner) listenerEvent(env bridge.Envelope, ans bridge.ListenerAnswer, isAnswer bool) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.listeners.noteListenerSet(env)
	if isAnswer && ans.Unset {
		return r.listeners.leftListener(ans.Listener, env.PageURL)
	}
	return ""
}

func (r *runner) setResult(res bridge.Result) {
	r.mu.Lock()
	r.report.Result = &res
	r.mu.Unlock()
	r.log(LogEntry{At: time.Now(), Kind: KindResult, Text: fmt.Sprintf("success=%v planName=%q", res.Success, res.PurchaseResult.PlanName), Result: &res})
}

func (r *runner) setEnded(ended string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.report.Ended == "" {
		r.report.Ended = ended
	}
}

func (r *runner) addCall(c CallRecord) {
	r.mu.Lock()
	if len(r.report.Calls) < MaxCalls || bridge.ReturnsControl(c.API) {
		r.report.Calls = append(r.report.Calls, c)
	} else {
		r.cutCalls++
	}
	r.mu.Unlock()
	cc := c
	r.log(LogEntry{At: c.At, Kind: KindCall, URL: c.PageURL, Text: c.API, Call: &cc})
}

// log records e, unless the log is full and e is not one of the entries a
// report always keeps (the hand-back call, result, findings, the end).
func (r *runner) log(e LogEntry) {
	keep := false
	switch e.Kind {
	case KindResult, KindFinding, KindClosed, KindTimeout:
		keep = true
	case KindCall:
		keep = e.Call != nil && bridge.ReturnsControl(e.Call.API)
	}
	r.add(e, keep)
}

// logKeep records e even when the log is full.
func (r *runner) logKeep(e LogEntry) { r.add(e, true) }

func (r *runner) add(e LogEntry, keep bool) {
	r.mu.Lock()
	if len(r.report.Log) >= MaxLogEntries && !keep {
		r.cutLog++
		r.mu.Unlock()
		return
	}
	r.report.Log = append(r.report.Log, e)
	r.mu.Unlock()
	if r.observe != nil {
		r.observe(e)
	}
}

func (r *runner) finish() Report {
	r.mu.Lock()
	hand, reject := r.hand, r.reject
	r.mu.Unlock()
	if r.report.Ended == "" {
		r.report.Ended = EndedClosed
	}
	r.mu.Lock()
	r.capped.keepAll = true
	drops := r.drops
	r.mu.Unlock()
	for _, f := range dropFindings(drops) {
		r.addFinding(f)
	}
	for _, f := range r.inspectionFindings(drops) {
		r.addFinding(f)
	}
	for _, f := range r.auditPolicies() {
		r.addFinding(f)
	}
	r.mu.Lock()
	if r.cfg.Inspect {
		sum := inspect.Summarize(r.report.Network, r.report.Console)
		sum.DroppedConsole = drops.Console + r.insp.cutConsole
		sum.DroppedRequests = drops.Requests + r.insp.cutRequests
		sum.DroppedNavigations = drops.Navigations + r.insp.cutNavigations
		r.report.NetworkSummary = &sum
	}
	r.mu.Unlock()
	for _, f := range bridge.SessionFindingsFlooded(r.controlReturns(), drops.FloodControl) {
		r.addFinding(f)
	}
	if f, ok := r.noHandBackFinding(hand, reject); ok {
		r.addFinding(f)
	}
	if f, ok := r.faqLookupFinding(hand); ok {
		r.addFinding(f)
	}
	r.mu.Lock()
	r.report.Expectation = r.cfg.Expectation.Text
	r.report.ExpectedStatus = r.cfg.Expectation.Statuses
	res := r.report.Result
	r.mu.Unlock()
	f, met := r.cfg.Expectation.check(res)
	if f.Code != "" {
		r.addFinding(f)
	}
	r.mu.Lock()
	r.report.ExpectationMet = met
	r.mu.Unlock()
	for _, f := range r.collapsedFindings() {
		r.addFinding(f)
	}
	if f, ok := r.cappedFinding(); ok {
		r.addFinding(f)
	}
	r.keepPendingDownloads(time.Now())
	r.mu.Lock()
	defer r.mu.Unlock()
	r.unansweredCallbacks()
	if r.device.Kind != "" {
		d := r.device
		r.report.Device = &d
	}
	r.report.Verdict = bridge.DecideVerdict(hand, reject, r.report.Findings)
	out := r.report
	if r.observe != nil {
		r.observe(LogEntry{At: time.Now(), Kind: KindEnded, Text: fmt.Sprintf("%s: verdict %s", out.Ended, out.Verdict), End: &EndEvent{Ended: out.Ended, Verdict: out.Verdict}})
	}
	return out
}

// dropFindings are the findings about the page messages the window refused:
// one per kind, with the totals.
func dropFindings(d DropCounts) []bridge.Finding {
	var out []bridge.Finding
	var refused []string
	if d.Oversize > 0 {
		refused = append(refused, fmt.Sprintf("%d message(s) over its %d-byte limit (largest %d bytes)", d.Oversize, d.MaxBytes, d.Largest))
	}
	if d.Malformed > 0 {
		refused = append(refused, fmt.Sprintf("%d message(s) that were not bridge calls", d.Malformed))
	}
	if len(refused) > 0 {
		out = append(out, bridge.NewFinding(bridge.CodeBridgeMessageDropped, "",
			"The portal window refused %s to the native bridge handler, before they reached the host. The shim never sends such messages: a frame or script posted them directly.",
			strings.Join(refused, " and ")))
	}
	if m := floodText(d); m != "" {
		out = append(out, bridge.NewFinding(bridge.CodeBridgeFloodDropped, "",
			"The portal window dropped %s; a portal makes a few calls per session.", m))
	}
	if d.Dialogs > 0 {
		out = append(out, bridge.NewFinding(bridge.CodeScriptDialog, "dialogs",
			"The page opened %d more JavaScript dialog(s) than the window reports one by one (alert, confirm, prompt, onbeforeunload, and print(), which never shows GTK's print dialog here); all were answered at once.", d.Dialogs))
	}
	return out
}

// floodText names each per-second budget that dropped messages, with its
// count, or is "" when none did.
func floodText(d DropCounts) string {
	var parts []string
	add := func(n int, what string, per int) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s over their budget of %d per second", n, what, per))
		}
	}
	add(d.FloodControl, "hand-back or inline call(s)", d.ControlPerSecond)
	add(d.FloodEvents, "event(s) of the bridge shim (assignments to Mobile Plans objects, listeners set)", d.EventsPerSecond)
	add(d.Flood, "other bridge call(s)", d.PerSecond)
	add(d.FloodUntrusted, "message(s) without the session token (posted to the native handler directly)", max(1, d.PerSecond/10))
	return strings.Join(parts, ", ")
}

// extraHeaders are the launch headers WebKit does not set by itself: all
// but Accept-Language, which comes from the preferred languages.
func extraHeaders(h map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		if !strings.EqualFold(k, "Accept-Language") {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// guessAPI pulls the api name out of an envelope that failed to parse, for
// the log only; it is never trusted.
func guessAPI(raw string) string {
	var probe struct {
		API string `json:"api"`
	}
	if len(raw) < 1<<20 && json.Unmarshal([]byte(raw), &probe) == nil && probe.API != "" {
		return probe.API
	}
	return "(unreadable)"
}

// pinCertHow is how the user pins a certificate where the session was
// started: Config.PinCertHow, or the command line's flag.
func (r *runner) pinCertHow() string {
	return cmp.Or(r.cfg.PinCertHow, "with --trust-cert")
}
