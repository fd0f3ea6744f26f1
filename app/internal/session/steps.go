package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"mpsim/assets"
	"mpsim/bridge"
)

// Scenario steps (issue 14): for an operator's own portal, a scenario can
// hold steps the host performs in the page after its first paint — click a
// selector or a visible text, fill a field, choose an option, wait for a
// selector, a text or a URL, take a screenshot — and two the host does as
// the app and its user: wait until the simulated eSIM's lifecycle reaches a
// step (the inline flows, F3–F7, where control stays in the portal), and
// close the portal (the session ends "closed", as when the user closes it).
// Each page step's script runs in an isolated JavaScript world of the portal
// window (Window.Step): the page shares the DOM but can neither see nor
// change the runner; it reaches cross-origin frames through the window's
// frame agent, in the same world of every frame (assets/steps). Every step
// is a KindStep log entry; the first that fails is a scenario-step-failed
// finding and ends the session (EndedStepFailed).

// StepAction is what a step does.
type StepAction string

// The step actions. Target is a CSS selector for click, fill, choose and
// wait_for; a visible text for click_text and wait_text; a part of the URL
// for wait_url; a label for screenshot; a LifecycleStep for wait_lifecycle;
// nothing for close.
const (
	StepClick      StepAction = "click"      // click the element Target selects
	StepClickText  StepAction = "click_text" // click the smallest element whose text is Target
	StepFill       StepAction = "fill"       // set the field's value to Value (input and change events)
	StepChoose     StepAction = "choose"     // choose the option of a <select> by value or label (Value)
	StepWaitFor    StepAction = "wait_for"   // wait until Target selects an element
	StepWaitText   StepAction = "wait_text"  // wait until the page's visible text contains Target
	StepWaitURL    StepAction = "wait_url"   // wait until the page's URL contains Target
	StepScreenshot StepAction = "screenshot" // take a screenshot labelled Target
	// StepWaitLifecycle waits until the simulated eSIM's lifecycle has
	// reached Target, a LifecycleStep (also when it did before the step).
	StepWaitLifecycle StepAction = "wait_lifecycle"
	// StepClose closes the portal as its user would; the session ends
	// EndedClosed. It is the last step.
	StepClose StepAction = "close"
	// StepBack goes one page back in the portal's history, as the app's
	// back button does (the window's Back), and waits for the page it
	// leads to.
	StepBack StepAction = "back"
)

// StepActions are all step actions, in the order the docs list them.
var StepActions = []StepAction{StepClick, StepClickText, StepFill, StepChoose, StepWaitFor, StepWaitText, StepWaitURL, StepScreenshot, StepWaitLifecycle, StepBack, StepClose}

// CloseAfterSteps are the steps of a session that closes the portal, as
// its user would, once the lifecycle reaches step (mpsim run
// --close-after): the wait outlasts the session's own timeout (0: none),
// so that a step that never comes ends the session as a timeout, as it
// would without them; but a step the session's failed download rules out
// (profileInstalled, networkRegistered, registrationScheduled), or a step
// of a download once none can come (a refused download call, a cancelled
// deferral), closes the portal then, as its user would
// (Step.CloseIfUnreachable).
func CloseAfterSteps(step LifecycleStep, sessionTimeout time.Duration) []Step {
	wait := sessionTimeout + time.Minute
	if sessionTimeout <= 0 {
		wait = 100 * 365 * 24 * time.Hour
	}
	return []Step{{Action: StepWaitLifecycle, Target: string(step), Timeout: wait, CloseIfUnreachable: true}, {Action: StepClose}}
}

// MilestoneNames are the names of LifecycleMilestones, in their order.
func MilestoneNames() []string {
	names := make([]string, len(LifecycleMilestones))
	for i, m := range LifecycleMilestones {
		names[i] = string(m)
	}
	return names
}

// IsMilestone reports whether name is one of LifecycleMilestones.
func IsMilestone(name string) bool { return slices.Contains(LifecycleMilestones, LifecycleStep(name)) }

// LifecycleMilestones are the lifecycle steps a wait_lifecycle step can
// wait for: each happens at most a few times in a session (not the
// download's progress, notes or problems).
var LifecycleMilestones = []LifecycleStep{
	StepDownloadStarted, StepProfileInstalled, StepDownloadFailed, StepDeferred, StepDownloadOffered, StepDeferredCancelled,
	StepRegistered, StepRegistrationScheduled, StepBalanceAdded, StepPurchaseCancelled, StepDelayedProfile,
}

// DefaultStepTimeout is how long a step waits for its element, text or
// URL unless the step says otherwise.
const DefaultStepTimeout = 10 * time.Second

// stepSlack is how much longer than its own timeout the host waits for a
// step's answer from the window before giving up on it.
const stepSlack = 5 * time.Second

// EndedStepFailed: a scenario step failed; the session ended there.
const EndedStepFailed = "stepFailed"

// Step is one thing the host does in the page.
type Step struct {
	Action StepAction `json:"action"`
	Target string     `json:"target,omitempty"`
	Value  string     `json:"value,omitempty"`
	// Timeout bounds the wait for the element, text or URL; 0 means
	// DefaultStepTimeout.
	Timeout time.Duration `json:"timeout,omitempty"`
	// Where is where the step is written ("scenario.toml:14"), when it
	// comes from a file: the failure names it.
	Where string `json:"where,omitempty"`
	// ValueEnv names the environment variable a fill's Value was taken
	// from (a scenario's value_env): the value is secret, and no output
	// holds it (Step.Shown).
	ValueEnv string `json:"valueEnv,omitempty"`
	// Secret keeps Value out of every output: the step's text, its
	// result and its record say Masked instead. A step with ValueEnv is
	// secret; so is a fill into a password field, once it ran.
	Secret bool `json:"secret,omitempty"`
	// CloseIfUnreachable makes a wait_lifecycle step whose step the
	// session's failed download, or the lack of any download, rules out
	// (runner.unreachable) succeed, so that the next step
	// (--close-after's close) runs; without it such a step fails at once,
	// saying why, instead of waiting out its timeout.
	CloseIfUnreachable bool `json:"closeIfUnreachable,omitempty"`
}

// Masked stands for a secret value in every output.
const Masked = "••••"

// Shown is the step as outputs may hold it: a secret value (Secret)
// replaced by Masked.
func (s Step) Shown() Step {
	if s.Secret {
		s.Value = Masked
	}
	return s
}

// String says what the step does, e.g. `fill "#email" with "a@b.c"`; a
// secret value is Masked, with the variable it came from
// (`fill "#password" with "••••" (from $PSP_PASSWORD)`).
func (s Step) String() string {
	switch s.Action {
	case StepFill:
		if s.Secret && s.ValueEnv != "" {
			return fmt.Sprintf("fill %q with %q (from $%s)", s.Target, Masked, s.ValueEnv)
		}
		return fmt.Sprintf("fill %q with %q", s.Target, s.Shown().Value)
	case StepChoose:
		return fmt.Sprintf("choose %q in %q", s.Value, s.Target)
	case StepClose:
		return "close the portal"
	case StepBack:
		return "go back (the app's back button)"
	}
	return fmt.Sprintf("%s %q", s.Action, s.Target)
}

// timeout is the step's timeout, or the default.
func (s Step) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return DefaultStepTimeout
}

// StepResult is what one step did, in a KindStep log entry.
type StepResult struct {
	// Index is the step's number, from 1.
	Index int  `json:"index"`
	Step  Step `json:"step"`
	OK    bool `json:"ok"`
	// Detail says what the step found or did (the element, the URL).
	Detail string `json:"detail,omitempty"`
	// FieldType is the type of the field a fill step filled ("password",
	// "email", "textarea") as it was when the fill began, before its focus
	// and its typing, and "password" if the field was one before or after
	// (a page may switch a password field to type=text on focus or on
	// input): a password field's value is Masked.
	FieldType string `json:"fieldType,omitempty"`
	// Error says why the step failed.
	Error string  `json:"error,omitempty"`
	Ms    float64 `json:"ms"`
}

// Text is the result in words, for the log.
func (s StepResult) Text() string {
	if !s.OK {
		return fmt.Sprintf("step %d: %s failed: %s", s.Index, s.Step, s.Error)
	}
	if s.Detail != "" {
		return fmt.Sprintf("step %d: %s: %s", s.Index, s.Step, s.Detail)
	}
	return fmt.Sprintf("step %d: %s", s.Index, s.Step)
}

// stepAnswer is the JSON a step script returns.
type stepAnswer struct {
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	Error  string `json:"error"`
	// Late says the step's click or choice started work of the page's
	// (a timer, a fetch; assets/steps/late.js) still under way when it
	// answered: a navigation may start later than navStartWait.
	Late bool `json:"late"`
	// FieldType is the type of the field a fill filled, as
	// assets/steps/steps.js read it before the fill's focus and typing
	// ("password" if it was a password field before or after).
	FieldType string `json:"fieldType"`
	// Near, Fields and Labels are what the page showed when the step's
	// element, text or URL never came (see missHint).
	Near   []string `json:"near"`
	Fields []string `json:"fields"`
	Labels []string `json:"labels"`
	// Near, Fields and Labels include what the page's cross-origin frames
	// showed, whose frame agent answered. Frames are the shown
	// cross-origin frames nothing could reach ("iframe#pay
	// https://pay.example/pay.html"): no agent answered there in time.
	Frames []string `json:"frames"`
	// Status are the texts of the page's busy parts, progress bars,
	// status and alert lines ("Loading plans…"): a step whose element
	// never came often waited behind one.
	Status []string `json:"status"`
}

// stepRuntime is the script every step body holds after the step (the
// constant a): assets/steps/steps.js, the runtime the portal window's frame
// agent shares, and assets/steps/run.js, which finds the step's element (or
// text, or URL) by polling until the deadline, in the top document, its
// same-origin frames and, through the frame agent, its cross-origin ones,
// then acts on it.
var stepRuntime = sync.OnceValues(func() (string, error) {
	var b strings.Builder
	for _, name := range []string{"steps/steps.js", "steps/run.js"} {
		src, err := fs.ReadFile(assets.FS(), name)
		if err != nil {
			return "", err
		}
		b.Write(src)
		b.WriteByte('\n')
	}
	return b.String(), nil
})

// StepScript is the body of the async JavaScript function that performs
// step in the page (not screenshot steps, which the host takes itself): it
// waits up to timeout for the step's element, text or URL and returns a
// JSON string {ok, detail, error, near, fields, labels, frames}.
func StepScript(s Step, timeout time.Duration) (string, error) {
	a, err := json.Marshal(struct {
		Action StepAction `json:"action"`
		Target string     `json:"target"`
		Value  string     `json:"value"`
		// Secret keeps the value out of the step's answer.
		Secret  bool  `json:"secret"`
		Timeout int64 `json:"timeout"`
		// StepTimeout is the step's whole timeout, which a missed step's
		// reason names: the script of a step run again after the page
		// navigated waits only what is left of it.
		StepTimeout int64 `json:"stepTimeout"`
	}{s.Action, s.Target, s.Value, s.Secret, timeout.Milliseconds(), s.timeout().Milliseconds()})
	if err != nil {
		return "", fmt.Errorf("step script: %w", err)
	}
	rt, err := stepRuntime()
	if err != nil {
		return "", fmt.Errorf("step script: %w", err)
	}
	return "const a = " + string(a) + ";\n" + rt, nil
}

// startSteps runs the scenario's steps, once, on a goroutine of their own;
// the session loop calls it at the page's first paint.
func (r *runner) startSteps() {
	if len(r.cfg.Steps) == 0 || r.stepsStarted || r.stepCtx == nil {
		return
	}
	r.stepsStarted = true
	r.stepsDone = make(chan struct{})
	go func() {
		defer close(r.stepsDone)
		r.runSteps(r.stepCtx)
	}()
}

// runSteps performs the steps in order and logs each; the first that fails
// becomes a finding and ends the session. A step whose click made the
// portal hand back is still logged: the session waits for this goroutine
// before it writes the report.
func (r *runner) runSteps(ctx context.Context) {
	for i, s := range r.cfg.Steps {
		if !r.pauseBeforeStep(ctx) || r.stepsEnding.Load() {
			return // the session ends (a hand-back, a timeout): no more steps
		}
		r.markStep()
		res := r.runStep(ctx, s)
		res.Index = i + 1
		if !res.OK && r.stepsEnding.Load() {
			return // cut short by the end of the session, not the portal's failure
		}
		r.log(LogEntry{At: time.Now(), Kind: KindStep, Text: res.Text(), Step: &res})
		if !res.OK {
			r.post(func() { r.stepFailed(res) })
			return
		}
		if s.Action == StepClose {
			r.post(r.userClosed)
			return
		}
	}
}

// userClosed ends the session as the user closing the portal would (a
// close step); on the session goroutine.
func (r *runner) userClosed() {
	if r.endSession != nil {
		r.endSession(CloseRequested, EndedClosed)
	}
}

// pauseBeforeStep waits the configured StepPause; false when the session
// ended meanwhile.
func (r *runner) pauseBeforeStep(ctx context.Context) bool {
	if r.cfg.StepPause <= 0 {
		return true
	}
	t := time.NewTimer(r.cfg.StepPause)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// post runs f on the session goroutine, unless the session ended.
func (r *runner) post(f func()) {
	select {
	case r.steps <- f:
	case <-r.done:
	}
}

// whereText is ", at FILE:LINE" for a step written in a file, else "".
func whereText(where string) string {
	if where == "" {
		return ""
	}
	return ", at " + where
}

// stepFailed records a failed step and ends the session; on the session
// goroutine.
func (r *runner) stepFailed(res StepResult) {
	shot := ""
	if r.cfg.ScreenshotDir != "" && r.win != nil {
		label := fmt.Sprintf("step-%d-failed", res.Index)
		if r.win.Snapshot(label) == nil {
			shot = fmt.Sprintf(" The screenshot %s shows the page then.", label)
		}
	}
	r.addFinding(bridge.NewFinding(bridge.CodeScenarioStepFailed, fmt.Sprintf("step %d", res.Index),
		"Scenario step %d (%s%s) failed: %s%s The session ended there.%s", res.Index, res.Step, whereText(res.Step.Where), sentence(res.Error), r.lastErrorText(), shot))
	if r.endSession != nil {
		r.endSession(CloseRequested, EndedStepFailed)
	}
}

// runStep performs one step. A window that loses the step's script (the
// page navigated while it waited) is asked again until the step's time
// is up.
func (r *runner) runStep(ctx context.Context, s Step) StepResult {
	start := time.Now()
	res := StepResult{Step: s.Shown()}
	done := func() StepResult {
		res.Ms = float64(time.Since(start).Microseconds()) / 1000
		return res
	}
	switch s.Action {
	case StepScreenshot:
		res.OK, res.Detail = true, r.stepScreenshot(s)
		return done()
	case StepWaitLifecycle:
		res.Detail, res.Error = r.waitLifecycle(ctx, s)
		res.OK = res.Error == ""
		return done()
	case StepClose:
		// The user closes after what the page's listeners did is recorded.
		res.OK, res.Detail = true, "the user closed the portal"+r.waitListeners(ctx, listenerAnswerWait)
		return done()
	case StepBack:
		res.Detail, res.Error = r.goBack(ctx, s, start)
		res.OK = res.Error == ""
		return done()
	}
	var fieldType string
	res.OK, res.Detail, res.Error, fieldType = r.runPageStep(ctx, s, start)
	if s.Action == StepFill {
		res.FieldType = fieldType
		if fieldType == "password" {
			s.Secret = true
			res.Step = s.Shown()
		}
		if s.Secret {
			res.Detail, res.Error = hideValue(res.Detail, s.Value), hideValue(res.Error, s.Value)
		}
	}
	return done()
}

// hideValue replaces a secret value in text, as the page's script quotes
// it or bare, by Masked: the script masks it already (assets/steps), this
// is for a page whose field told it back.
func hideValue(text, value string) string {
	if value == "" || text == "" {
		return text
	}
	q, _ := json.Marshal(value)
	text = strings.ReplaceAll(text, string(q), `"`+Masked+`"`)
	if len(value) < 4 {
		return text // too short to tell from the rest of the text
	}
	return strings.ReplaceAll(text, value, Masked)
}

// runPageStep runs a step the page's script performs, from start until
// its timeout: again when the window lost the script (the page navigated
// while it waited), but not once it may have acted (lostWhileActing).
// A click or choice that started a navigation waits for it to end.
func (r *runner) runPageStep(ctx context.Context, s Step, start time.Time) (ok bool, detail, failure, fieldType string) {
	deadline := start.Add(s.timeout())
	for {
		left := max(time.Until(deadline), 0)
		ans, err := r.stepOnce(ctx, s, left)
		if err == nil {
			detail = ans.Detail
			if ans.OK && s.Action.mayNavigate() && r.settleAfter(ctx, start, deadline, ans.Late) {
				detail += ", then waited for the page it led to"
			}
			return ans.OK, detail, ans.Error, ans.FieldType
		}
		if r.lostWhileActing(ctx, s, err, start) {
			r.nav.settle(ctx, start, time.Until(deadline))
			return true, "the page navigated while the step ran and its answer was lost; not run again, as it may have acted", "", ""
		}
		if ctx.Err() != nil || left == 0 || r.stepsEnding.Load() {
			return false, "", err.Error(), ""
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// lostWhileActing says whether the window lost the script of a step that
// acts (err, not a window that never answered) after a top-level
// navigation began: the step may have acted (a click that posted a form),
// so it must not run again on the page that comes, where it would act a
// second time.
func (r *runner) lostWhileActing(ctx context.Context, s Step, err error, start time.Time) bool {
	return s.Action.acts() && ctx.Err() == nil && !errors.Is(err, errNoStepAnswer) && r.nav.started.Load() >= start.UnixNano()
}

// errNoStepAnswer: the window never answered a step's script.
var errNoStepAnswer = errors.New("the portal window did not answer the step")

// acts says whether a step of this action changes the page (a click, a
// fill, a choice), so that running it twice would do it twice.
func (a StepAction) acts() bool {
	return a == StepClick || a == StepClickText || a == StepFill || a == StepChoose
}

// mayNavigate says whether a step of this action may start a navigation
// the next step must wait for: a click, or a choice in a select that
// submits its form.
func (a StepAction) mayNavigate() bool {
	return a == StepClick || a == StepClickText || a == StepChoose
}

// stepOnce runs the step's script once with timeout left.
func (r *runner) stepOnce(ctx context.Context, s Step, left time.Duration) (stepAnswer, error) {
	body, err := StepScript(s, left)
	if err != nil {
		return stepAnswer{}, err
	}
	sctx, cancel := context.WithTimeout(ctx, left+stepSlack)
	defer cancel()
	out, err := r.win.Step(sctx, body)
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return stepAnswer{}, fmt.Errorf("%w within %s: its page was busy or blocked (a script in a loop, or something holding the window)", errNoStepAnswer, (left + stepSlack).Round(100*time.Millisecond))
	}
	if err != nil {
		return stepAnswer{}, fmt.Errorf("the portal window did not run the step: %w", err)
	}
	var ans stepAnswer
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		return stepAnswer{}, fmt.Errorf("the step's answer %q: %w", cut(out, 200), err)
	}
	if !ans.OK && ans.Error == "" {
		ans.Error = "the step failed without a reason"
	}
	if !ans.OK {
		ans.Error += missHint(s, pageSeen{near: ans.Near, fields: ans.Fields, labels: ans.Labels, frames: ans.Frames, status: ans.Status})
	}
	return ans, nil
}

// waitLifecycle waits until the simulated eSIM's lifecycle has reached
// s.Target — at any time in the session, before the wait too — at most
// s's timeout. A step that only a successful download leads to can never
// come once the session's last download failed and the page has answered
// the activation listener without starting another; nor can a step of a
// download once the portal's download call was refused (arg-not-uint) or
// its deferred download cancelled with no other under way or pending: the
// wait ends then, as a failure, or, with s.CloseIfUnreachable, as a
// success whose detail says so. It returns what it saw, or why it failed.
func (r *runner) waitLifecycle(ctx context.Context, s Step) (detail, failure string) {
	step, timeout := LifecycleStep(s.Target), s.timeout()
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		reached, news := r.lifecycleReached()
		if slices.Contains(reached, step) {
			return "the lifecycle reached " + string(step), ""
		}
		cause, failed, ok, recheck := r.unreachable(ctx, step)
		if ok {
			why := cause + ", so " + string(step) + " can never come"
			if s.CloseIfUnreachable {
				r.giveUpWaiting(step, cause, failed)
				return why + "; the user closes the portal", ""
			}
			return "", why
		}
		var again <-chan time.Time
		if recheck > 0 {
			again = time.After(recheck)
		}
		select {
		case <-again:
		case <-news:
		case <-ctx.Done():
			return "", "the session ended first"
		case <-t.C:
			reached, _ = r.lifecycleReached()
			return "", fmt.Sprintf("the lifecycle did not reach %s within %s (%s)", step, timeout, reachedText(reached))
		}
	}
}

// backer is a portal window that can go back one page, as the app's back
// button makes it (Embedded.Back; portalproc's windows can, embedded or
// not).
type backer interface {
	Back(ctx context.Context) (bool, error)
}

// goBack performs a back step: the window goes one page back, and the
// step waits, within its timeout, for the navigation that starts. At the
// portal's first page there is no page to go back to: the app would ask
// its user whether to leave the portal (contract §1.6), which a step
// cannot answer, so the step fails saying so.
func (r *runner) goBack(ctx context.Context, s Step, start time.Time) (detail, failure string) {
	b, ok := r.win.(backer)
	if !ok {
		return "", "this portal window cannot go back"
	}
	deadline := start.Add(s.timeout())
	bctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	went, err := b.Back(bctx)
	switch {
	case err != nil:
		return "", "the portal window did not go back: " + err.Error()
	case !went:
		return "", "the portal was at its first page, with no page to go back to: the app's back button would ask its user whether to leave the portal (contract §1.6)"
	}
	detail = "went one page back"
	if r.nav.settle(ctx, start, time.Until(deadline)) {
		detail += ", then waited for the page it led to"
	}
	return detail, ""
}

// afterDownload are the lifecycle steps only a successful download leads to.
var afterDownload = []LifecycleStep{StepProfileInstalled, StepRegistered, StepRegistrationScheduled}

// downloadSteps are the lifecycle steps only a download the portal asked
// for leads to (or, for deferredCancelled, lets it cancel).
var downloadSteps = []LifecycleStep{
	StepDownloadStarted, StepDeferred, StepDownloadOffered, StepDeferredCancelled, StepProfileInstalled, StepDownloadFailed,
	StepRegistered, StepRegistrationScheduled,
}

// unreachable says why step can no longer come, if it cannot, and whether
// that is a failed download: step follows a download, the session's last
// download failed, and the page, once it has answered the activation
// listener, started no other; or step is one of a download, and the
// portal's last download call was refused or its deferred download
// cancelled, with no other under way or pending (runner.noDownload), and
// the page has asked for no other since, within Config.DownloadRetryWait;
// until then recheck says when to look again.
func (r *runner) unreachable(ctx context.Context, step LifecycleStep) (cause string, failed, ok bool, recheck time.Duration) {
	if _, failed := r.downloadFailed(); failed && slices.Contains(afterDownload, step) {
		r.waitListeners(ctx, listenerAnswerWait) // a listener may retry the download
		if f, failed := r.downloadFailed(); failed {
			cause = "the profile download failed with " + f.Result
			if f.Detail != "" {
				cause += " (" + f.Detail + ")"
			}
			return cause, true, true, 0
		}
	}
	why, since := r.noDownloadWhy()
	if !slices.Contains(downloadSteps, step) || why == "" {
		return "", false, false, 0
	}
	// The page stays open after its inline call and may ask again (a
	// retry with a valid downloadDelay, a new download after the cancel).
	if wait := r.downloadRetryWait(); since < wait {
		return "", false, false, wait - since
	}
	r.waitListeners(ctx, listenerAnswerWait) // a listener may start a download
	if why, _ := r.noDownloadWhy(); why != "" {
		return why + fmt.Sprintf(", and the page asked for no other download within %s", r.downloadRetryWait()), false, true, 0
	}
	return "", false, false, 0
}

// reachedText says which lifecycle steps a session reached, for a step
// that waited for another.
func reachedText(reached []LifecycleStep) string {
	var names []string
	for _, s := range reached {
		if slices.Contains(LifecycleMilestones, s) && !slices.Contains(names, string(s)) {
			names = append(names, string(s))
		}
	}
	if len(names) == 0 {
		return "it reached no step: the portal started no download, deferral, balance or cancellation"
	}
	return "it reached " + strings.Join(names, ", ")
}

// stepScreenshot asks the window for a screenshot labelled by the step.
func (r *runner) stepScreenshot(s Step) string {
	label := s.Target
	if label == "" {
		label = "step"
	}
	if r.cfg.ScreenshotDir == "" {
		return "screenshots are off for this session"
	}
	if err := r.win.Snapshot(label); err != nil {
		return "the screenshot was not taken: " + err.Error()
	}
	return "screenshot " + label + " asked for"
}

// cut shortens s to at most n bytes (on a rune boundary), marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// sentence ends s with a full stop unless it ends with a question mark
// (a step's "did you mean …?") or a full stop already.
func sentence(s string) string {
	if strings.HasSuffix(s, "?") || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}
