package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"mpsim/bridge"
	"mpsim/simulator"
)

// What the host does for each bridge call, the way the Mobile Plans app does
// it (contract §3, flows F1–F10): inline downloads run a simulated eSIM
// download and call the page's listeners back; calls that return control end
// the session. Everything here runs on the session goroutine; timed steps are
// posted back to it through r.steps.

const (
	// DefaultClockSpeed is one simulated minute per real second.
	DefaultClockSpeed = 60
	// DefaultDownloadTime is how long a simulated download takes.
	DefaultDownloadTime = 1500 * time.Millisecond
)

// deferredOp is a download the portal asked for with a downloadDelay (F4).
type deferredOp struct {
	id        string
	offered   bool // the "ready to download" moment passed; no cancel after it
	cancelled bool
	// code is the activation code the LPA downloads with; bad is the
	// activation result of input the app cannot use (badInput), "" if
	// none; minutes is the downloadDelay, at when the portal asked.
	code    string
	bad     string
	minutes uint64
	at      time.Time
}

// after runs step on the session goroutine once d has passed, unless the
// session is ending by then.
func (r *runner) after(d time.Duration, step func()) {
	steps, done := r.steps, r.done
	time.AfterFunc(d, func() {
		select {
		case steps <- step:
		case <-done:
		}
	})
}

// lifecycle logs a step of the simulated eSIM, typed for the UI and in
// words for people.
func (r *runner) lifecycle(ev LifecycleEvent, format string, args ...any) {
	r.mu.Lock()
	r.reached = append(r.reached, ev.Step)
	if r.reachedNews != nil {
		close(r.reachedNews)
		r.reachedNews = nil
	}
	r.noteDownload(ev)
	r.mu.Unlock()
	r.log(LogEntry{At: time.Now(), Kind: KindLifecycle, Text: fmt.Sprintf(format, args...), Lifecycle: &ev})
}

// noteDownload keeps Report.DownloadFailure up to date with lifecycle step
// ev: a failed download sets it, a download that starts, is deferred or
// installs a profile clears it. Under r.mu.
func (r *runner) noteDownload(ev LifecycleEvent) {
	switch ev.Step {
	case StepDownloadFailed:
		f := &DownloadFailure{Result: ev.State}
		if ev.State == ActivationFull {
			f.Detail = "the simulated eSIM is full: " + r.device.CapacityText() + "; mpsim device remove-profile --iccid ICCID makes room"
		}
		r.report.DownloadFailure = f
	case StepDownloadStarted, StepDeferred, StepDownloadOffered, StepProfileInstalled:
		r.report.DownloadFailure = nil
	}
}

// downloadFailed returns the failure of the session's last download, if
// its last download failed.
func (r *runner) downloadFailed() (DownloadFailure, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f := r.report.DownloadFailure; f != nil {
		return *f, true
	}
	return DownloadFailure{}, false
}

// giveUpWaiting records that the session stopped waiting for step, which
// its failed download (failed) or, as cause says, the lack of any other
// download made impossible.
func (r *runner) giveUpWaiting(step LifecycleStep, cause string, failed bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f := r.report.DownloadFailure; failed && f != nil {
		f.Unreached = step
		return
	}
	r.report.Unreachable = &Unreachable{Step: step, Why: cause}
}

// downloadBegins counts a download that starts or is deferred: it may lead
// to every step of a download again.
func (r *runner) downloadBegins() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.downloads++
	r.noDownload = ""
}

// downloadEnds counts a download that failed, registered, was offered
// (startDownload counts it again) or was cancelled.
func (r *runner) downloadEnds() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.downloads = max(r.downloads-1, 0)
}

// noDownloadLeft records why no download can come, unless another is under
// way or pending: a refused download call, a cancelled deferral. It is
// called before the lifecycle step that tells a waiting step to look.
func (r *runner) noDownloadLeft(why string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.downloads == 0 {
		r.noDownload, r.noDownloadAt = why, time.Now()
	}
}

// noDownloadWhy says why no download can come, or "" when one may, and
// how long ago the last refused call or cancellation left none.
func (r *runner) noDownloadWhy() (string, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.noDownload, time.Since(r.noDownloadAt)
}

// downloadRetryWait is Config.DownloadRetryWait, or its default.
func (r *runner) downloadRetryWait() time.Duration {
	if r.cfg.DownloadRetryWait > 0 {
		return r.cfg.DownloadRetryWait
	}
	return listenerAnswerWait
}

// lifecycleReached returns the lifecycle steps reached so far, in order,
// and a channel closed when the next one is.
func (r *runner) lifecycleReached() ([]LifecycleStep, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.reachedNews == nil {
		r.reachedNews = make(chan struct{})
	}
	return slices.Clone(r.reached), r.reachedNews
}

// simulated turns simulated minutes into real time with the clock speed.
func (r *runner) simulated(minutes uint64) time.Duration {
	speed := r.cfg.Lifecycle.ClockSpeed
	if speed <= 0 {
		speed = DefaultClockSpeed
	}
	return time.Duration(float64(minutes) * float64(time.Minute) / speed)
}

// roundUp15 rounds a networkRegistrationInterval up to the next 15-minute
// step; 0 stays 0 (register now). Contract §2.6 and §5 #21 (5 → ~15).
func roundUp15(minutes uint64) uint64 {
	return uint64(math.Ceil(float64(minutes)/15)) * 15
}

// purchaseResult carries out an accepted legacy hand-back: F1 downloads
// the profile handed over; F2 uses the eSIM's profile it names.
func (r *runner) purchaseResult(chk bridge.CallCheck) {
	res := chk.Result
	if res == nil {
		return
	}
	r.setResult(*res)
	if res.Success && r.device.Kind == simulator.KindESIM && !bridge.HasErrors(chk.Findings) {
		r.checkInlineProfile(*res)
	}
	switch {
	case !res.Success || r.device.Kind != simulator.KindESIM:
	case res.ActivationCode != "":
		r.legacyDownload(chk) // F1: the app downloads the profile the portal handed over
	case res.ICCID != "" && !bridge.HasErrors(chk.Findings):
		r.existingLine(res.ICCID) // F2
	}
}

// act carries out an accepted call.
func (r *runner) act(env bridge.Envelope, chk bridge.CallCheck, at time.Time) {
	switch chk.Action {
	case bridge.ActionPurchaseResult:
		r.purchaseResult(chk)
	case bridge.ActionProfileDownload:
		r.metadataResult(chk, "")
		if r.refusedMinutes(env.API, chk) {
			return
		}
		r.noteInlineProfile(env.API, env.OpID, chk)
		if chk.Minutes != nil && *chk.Minutes > 0 {
			r.deferDownload(env.OpID, *chk.Minutes, chk)
			return
		}
		r.startDownload(chk)
	case bridge.ActionOperationCancel:
		r.cancelDeferred(chk.CancelID)
	case bridge.ActionBalanceAddition:
		r.metadataResult(chk, chk.ICCID)
		r.balance(chk, bridge.IsInline(env.API))
	case bridge.ActionCancelledPurchase:
		r.metadataResult(chk, "")
		r.lifecycle(LifecycleEvent{Step: StepPurchaseCancelled}, "the portal cancelled the purchase; control returns to the app (F8)")
	case bridge.ActionAsyncConnectivity:
		r.metadataResult(chk, "")
		if r.refusedMinutes(env.API, chk) {
			return
		}
		r.asyncConnectivity(chk)
	case bridge.ActionDelayedProfile:
		r.metadataResult(chk, "")
		minutes := uint64(0)
		if chk.Minutes != nil {
			minutes = roundUp15(*chk.Minutes)
		}
		r.lifecycle(LifecycleEvent{Step: StepDelayedProfile, Minutes: minutes}, "removed API: the app would start an SM-DS profile download in %d minutes (F9); nothing is downloaded", minutes)
	case bridge.ActionNone:
		// The shim answers it in the page; nothing to do.
	}
}

// refusedMinutes reports whether a download call's minutes argument
// (downloadDelay, networkRegistrationInterval) is one the app cannot take:
// no unsigned 32-bit integer (arg-not-uint, an error; contract §2.1,
// §2.6). Nothing is downloaded then, as from a legacy hand-back with error
// findings, and the log says why; the page is not called back. (A code the
// app cannot use is downloaded and reported to the page as
// invalidActivationCode, §2.5.) When no other download is under way or
// pending, a wait for a step only a download leads to (--close-after
// networkRegistered) ends then, saying why (noDownloadLeft).
func (r *runner) refusedMinutes(api string, chk bridge.CallCheck) bool {
	i := slices.IndexFunc(chk.Findings, func(f bridge.Finding) bool { return f.Code == bridge.CodeArgNotUint })
	if i < 0 {
		return false
	}
	r.noDownloadLeft(fmt.Sprintf("no download started: the app refused the call to %s, as its %s is no unsigned 32-bit integer (arg-not-uint)", api, chk.Findings[i].Field))
	r.lifecycle(LifecycleEvent{Step: StepNote}, "no profile downloaded: %s is no unsigned 32-bit integer (arg-not-uint), so the app could not take the call; nothing is installed or registered, and no listener is called", chk.Findings[i].Field)
	return true
}

// controlReturns counts the accepted calls that returned control to the app:
// inline calls keep the portal open (F3, F7), so an inline download followed
// by the legacy hand-back is one hand-back (contract §3), not a repeated one.
func (r *runner) controlReturns() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.returns
}

// metadataResult records the purchase metadata of a MobilePlans* call as the
// session's result, in the legacy result's shape. Its success is what the
// API called hands back (contract §3: a download or balance call a bought
// plan, notifyCancelledPurchase none; bridge.CallCheck.Bought), not the
// metadata's moDirectStatus, which may contradict it
// (status-success-mismatch): the app acts on the call.
func (r *runner) metadataResult(chk bridge.CallCheck, iccid string) {
	if chk.Metadata == nil {
		return
	}
	res := bridge.Result{
		Success:        chk.Bought,
		ICCID:          iccid,
		ActivationCode: chk.ActivationCode,
		TransactionID:  r.cfg.Expect.TransactionID,
		PurchaseResult: *chk.Metadata,
	}
	r.setResult(res)
}

// badInput is the activation result the real app reports for input it
// cannot use (contract §2.5): invalidJson for purchase metadata it cannot
// read (bridge.CallCheck.MetadataUnreadable: metadata-missing,
// metadata-not-object, json-malformed), invalidActivationCode for a code
// it cannot download. Until 2026-12-08 invalidJson was never reported, as
// it was tied to a nil Metadata, which CheckCall never leaves: bad
// metadata with a good code was downloaded, installed and reported
// success.
func badInput(chk bridge.CallCheck) string {
	if chk.Metadata == nil || chk.MetadataUnreadable {
		return "invalidJson"
	}
	if chk.SMDPAddressOnly {
		return "" // the LPA asks that SM-DP+ for the profile prepared for this eUICC
	}
	if _, ok, _ := bridge.ParseActivationCode(chk.ActivationCode, "activationCode"); !ok {
		return "invalidActivationCode"
	}
	return ""
}

// startDownload runs F3: download, install, activate, then the listeners.
func (r *runner) downloadTime() time.Duration {
	if r.cfg.Lifecycle.DownloadTime > 0 {
		return r.cfg.Lifecycle.DownloadTime
	}
	return DefaultDownloadTime
}

func (r *runner) startDownload(chk bridge.CallCheck) {
	r.downloadBegins()
	if chk.SMDPAddressOnly {
		// The profile is the one that SM-DP+ holds for this eUICC: as an
		// activation code, the address with an empty matching ID (§2.6).
		chk.ActivationCode = "1$" + chk.ActivationCode + "$"
	}
	dl := r.downloadTime()
	bad := badInput(chk)
	r.lifecycle(LifecycleEvent{Step: StepDownloadStarted}, "download started: the app shows download progress over the portal (F3, %s)", dl)
	r.progress("Downloading your mobile plan…", 0, true)
	// Each quarter schedules the next, so the steps keep their order
	// however late a timer fires on a busy machine.
	quarter := dl / 4
	var step func(part float64)
	step = func(part float64) {
		if part >= 1 {
			r.progress("Installing and activating the profile…", 1, true)
			r.finishDownload(chk.ActivationCode, bad)
			return
		}
		r.progress("Downloading your mobile plan…", part, true)
		if part == 0.5 {
			r.lifecycle(LifecycleEvent{Step: StepDownloadProgress, Fraction: part}, "download %.0f%%", part*100)
		}
		r.after(quarter, func() { step(part + 0.25) })
	}
	r.after(quarter, func() { step(0.25) })
}

func (r *runner) finishDownload(activationCode, bad string) {
	// The activation listener's invocation is due before the download's
	// outcome is reached: a close waiting for it (or giving up on a step
	// the failure rules out) waits for the listener's answer too.
	r.listenerDue()
	result := r.cfg.Lifecycle.ActivationResult
	if result == "" {
		result = "success"
	}
	if r.device.Kind != simulator.KindESIM {
		result = "lpaInitializationError" // no eUICC to download to (not documented)
	}
	if bad != "" {
		result = bad
	}
	// The profile behind the code, whose ICCID the LPA downloads (§2.6:
	// "ICCID is inferred from the profile metadata"); none when the app
	// refused the call's input and the LPA never ran.
	iccid := ""
	if bad == "" && r.device.Kind == simulator.KindESIM {
		iccid = r.profileICCID(activationCode)
	}
	if result == "success" {
		if ok, failure := r.install(iccid, activationCode); !ok {
			// The LPA could not install it (the eSIM is full, or a profile
			// with that ICCID is there already): no success the page may
			// build on.
			result = failure
		} else {
			r.mu.Lock()
			if r.report.Result != nil && r.report.Result.ICCID == "" {
				r.report.Result.ICCID = iccid
			}
			r.mu.Unlock()
		}
	}
	if result != "success" {
		// The activation listener names the profile whose download failed,
		// the ICCID the next launch's X-MP-LPAError-ICCIDs carries (§1.4),
		// so the portal can tell which of its profiles failed; "" when the
		// LPA never ran (an app-side result, no LPA error recorded).
		if _, ran := lpaStatus(result); !ran {
			iccid = ""
		}
		r.failDownload(result, iccid)
		r.inlineProfileGone(func(p inlineProfile) bool { return p.code == activationCode })
	}
	r.invoke("profileActivationComplete", map[string]string{"activationResult": result, "iccid": iccid})
	if result != "success" {
		r.downloadEnds()
		r.progress("The mobile plan could not be installed ("+result+")", 1, true)
		r.after(r.downloadTime(), func() { r.progress("", 0, false) })
		return
	}
	r.progress("Connecting to the mobile network…", -1, true)
	state := r.cfg.Lifecycle.RegistrationState
	if state == "" {
		state = "home"
	}
	// The network registers a moment after activation (half a download time).
	r.after(r.downloadTime()/2, func() {
		// The invocation is due before the step is reached: a close
		// waiting for the step waits for the listener's answer too.
		r.listenerDue()
		r.downloadEnds()
		r.lifecycle(LifecycleEvent{Step: StepRegistered, State: state, ICCID: iccid}, "network registration: %s", state)
		r.progress("", 0, false)
		r.invoke("registrationChanged", map[string]string{"networkRegistrationState": state, "iccid": iccid})
	})
}

// existingLine runs F2 for a successful legacy hand-back without an
// activation code that names iccid, a profile of this operator on the eSIM
// (the bridge checked that it is; contract §3 F2): nothing is downloaded.
// The hand-back's iccid is "the ICCID the client must use" (§2.7), so a
// profile that is installed but not active — the active one was removed
// (mpsim device remove-profile), or another is active — is switched to, as
// the legacy balance addition does (§3 F7), and the log says so; the
// contract does not describe this switch for F2.
func (r *runner) existingLine(iccid string) {
	if active, ok := r.device.ActiveProfile(); ok && simulator.StripICCIDPadding(active.ICCID) == simulator.StripICCIDPadding(iccid) {
		r.lifecycle(LifecycleEvent{Step: StepNote, ICCID: iccid}, "plan bought for the active profile %s; nothing is downloaded (F2)", iccid)
		return
	}
	before := "no profile was active"
	if active, ok := r.device.ActiveProfile(); ok {
		before = "profile " + active.ICCID + " was active"
	}
	if err := r.device.ActivateProfile(iccid); err != nil {
		r.lifecycle(LifecycleEvent{Step: StepNote, ICCID: iccid}, "plan bought for profile %s, which is not on the simulated eSIM; nothing is downloaded or switched (F2): %v", iccid, err)
		return
	}
	r.changed = true
	r.lifecycle(LifecycleEvent{Step: StepNote, ICCID: iccid}, "plan bought for profile %s, which was installed but not active (%s): the app switches to it, the ICCID the client must use (contract §2.7); nothing is downloaded (F2)", iccid, before)
}

// profileICCID is the ICCID of the profile behind an activation code: the
// profile the code already installed on the simulated eSIM, as a code is
// reusable for retries (contract §2.6) and one code yields one profile, or
// else the one the SM-DP+ (Config.ResolveProfile) binds to it, or one in
// the operator's range drawn from the eSIM's EID and the code, so that
// every try of a code names the same profile, whether an earlier one
// failed (which installs nothing) or not; a new one for no code at all.
func (r *runner) profileICCID(activationCode string) string {
	if p, ok := r.profileOfCode(activationCode); ok {
		return p.ICCID
	}
	if r.cfg.ResolveProfile != nil {
		if iccid, ok := r.cfg.ResolveProfile(activationCode); ok {
			return iccid
		}
	}
	if activationCode == "" {
		return r.gen.ICCID(r.cfg.Operator)
	}
	return r.device.CodeProfileICCID(r.cfg.Operator, activationCode)
}

// legacyDownload runs the download of F1 for an accepted legacy hand-back:
// nothing is installed from a hand-back with error findings (the code or
// ICCID the app would refuse), and a download the lifecycle makes fail
// records an LPA error with the handed-back ICCID (contract §1.4, F10). A
// hand-back that names no iccid downloads all the same: the app downloads
// with the activation code, and the ICCID comes from the profile (§2.6).
func (r *runner) legacyDownload(chk bridge.CallCheck) {
	res := chk.Result
	if bridge.HasErrors(chk.Findings) {
		r.lifecycle(LifecycleEvent{Step: StepNote, ICCID: res.ICCID}, "no profile downloaded: the hand-back has error findings, so the app could not use it")
		return
	}
	iccid := res.ICCID
	if iccid == "" {
		// The app downloads with the activation code (§3 F1) and the ICCID
		// comes from the profile (§2.6), whether the hand-back names it
		// (iccid-missing-on-success) or not.
		iccid = r.profileICCID(res.ActivationCode)
		r.lifecycle(LifecycleEvent{Step: StepNote, ICCID: iccid}, "the hand-back names no iccid: the app downloads the profile with the activation code, and its ICCID, %s, comes from the profile (F1, §2.6)", iccid)
	}
	if result := r.cfg.Lifecycle.ActivationResult; result != "" && result != "success" {
		r.failDownload(result, iccid)
		return
	}
	if p, ok := r.profileOfCode(res.ActivationCode); ok && res.ICCID != "" && simulator.StripICCIDPadding(p.ICCID) != simulator.StripICCIDPadding(res.ICCID) {
		// A retry with a code already used (§2.6): the app activates the
		// code's profile, whose ICCID comes from the profile (§2.5). Only
		// the session knows the profile, so the finding is its own.
		r.addFinding(bridge.NewFinding(bridge.CodeHandbackICCIDNotCodesProfile, "iccid",
			"The hand-back names iccid %s, but its activation code already installed profile %s (a retry: one code yields one profile): the app activates the code's profile, %s, so the ICCID the portal recorded for this purchase is not the customer's.", res.ICCID, p.ICCID, p.ICCID))
	}
	if ok, failure := r.install(iccid, res.ActivationCode); !ok && failure == ActivationFull {
		r.failDownload(failure, iccid)
	}
}

// ActivationFull is the activation result of a download onto a full eSIM
// (simulator.ErrEUICCFull): the MobilePlansActivationError member that
// mirrors the LPA status InsufficientSpaceOnCard (contract §1.4, §2.5). The
// workspace records it too for a profile that no longer fitted on the saved
// eSIM when the session ended (workspace.ProfileDidNotFitError).
const ActivationFull = "insufficientSpaceOnCard"

// install adds the downloaded profile to the simulated eSIM and activates it,
// and reports whether the eSIM holds it now; when it does not, failure is
// the activation result the app reports: insufficientSpaceOnCard for a full
// eSIM (simulator.ProfileCapacity), other otherwise. One activation code
// yields one profile: a code already installed from (an inline download
// followed by the legacy hand-back, contract §3; a retry, §2.6) installs
// nothing more.
func (r *runner) install(iccid, activationCode string) (ok bool, failure string) {
	if r.device.Kind != simulator.KindESIM || iccid == "" {
		return false, "other"
	}
	if p, ok := r.profileOfCode(activationCode); ok {
		r.reuse(p)
		return true, ""
	}
	p := simulator.Profile{ICCID: iccid, Operator: r.cfg.Operator.Name, State: simulator.ProfileInstalled, ActivationCode: activationCode}
	if err := r.device.InstallProfile(p); err != nil {
		if errors.Is(err, simulator.ErrEUICCFull) {
			r.lifecycle(LifecycleEvent{Step: StepProblem, ICCID: iccid}, "profile %s not installed: the simulated eSIM is full: %s%s; remove one (mpsim device remove-profile --iccid ICCID; mpsim device reset starts a new device)", iccid, r.device.CapacityText(), hiddenNote(r.device))
			return false, ActivationFull
		}
		r.lifecycle(LifecycleEvent{Step: StepProblem, ICCID: iccid}, "profile %s not installed: %v", iccid, err)
		return false, "other"
	}
	if err := r.device.ActivateProfile(iccid); err != nil {
		r.lifecycle(LifecycleEvent{Step: StepProblem, ICCID: iccid}, "profile %s not activated: %v", iccid, err)
	}
	r.changed = true
	r.lifecycle(LifecycleEvent{Step: StepProfileInstalled, ICCID: iccid}, "profile %s installed and active; %s", iccid, r.profileFate(iccid))
	return true, ""
}

// profileFate says which launch sends an installed profile in iccids
// (contract §1.3): none when its ICCID is outside the operator's ranges
// (§1.2 item 6, iccid-not-operator-range), else the next one, unless the
// device is not saved (Config.DeviceNotSaved).
func (r *runner) profileFate(iccid string) string {
	switch {
	case !r.cfg.Operator.OwnsICCID(iccid):
		return "it is outside the operator's ICCID ranges, so the app takes it for another operator's profile and no launch sends it in iccids (iccid-not-operator-range)"
	case r.cfg.DeviceNotSaved == "":
		return "it is sent in iccids at the next launch"
	case r.cfg.DeviceKeptInMemory:
		return fmt.Sprintf("the device is not saved (%s), so only a later launch of this command or window sends it in iccids", r.cfg.DeviceNotSaved)
	default:
		return fmt.Sprintf("the device is not saved (%s), so no later launch sends it in iccids", r.cfg.DeviceNotSaved)
	}
}

// profileOfCode returns the profile of the simulated eSIM that
// activationCode installed, if it installed one: among the profiles of the
// session's view of the eSIM, or those the view leaves out
// (simulator.Device.Hidden: the operator's profiles --preset
// esim-new-customer hides from the launch), which are on the eSIM all the
// same. Until 2026-12-08 the hidden ones were not looked at, so a code
// that had installed a profile installed a second one under that preset
// (contract §2.6: one code, one profile).
func (r *runner) profileOfCode(activationCode string) (simulator.Profile, bool) {
	if activationCode == "" || r.device.Kind != simulator.KindESIM {
		return simulator.Profile{}, false
	}
	for _, ps := range [][]simulator.Profile{r.device.Profiles, r.device.Hidden} {
		for _, p := range ps {
			if p.ActivationCode == activationCode {
				return p, true
			}
		}
	}
	return simulator.Profile{}, false
}

// reuse runs a download with an activation code that already installed
// profile p (a retry, contract §2.6, or an inline download followed by the
// legacy hand-back, §3): no second profile is installed, and p is the
// profile activated — switched to if another is active now — whose ICCID
// the listeners get (§2.5). A profile the session's view hides (a new
// customer's launch, simulator.Device.Hidden) is on the eSIM: the app
// activates it, so the view shows it from then on.
func (r *runner) reuse(p simulator.Profile) {
	hidden := ""
	if i := slices.IndexFunc(r.device.Hidden, func(h simulator.Profile) bool { return sameICCID(h.ICCID, p.ICCID) }); i >= 0 {
		r.device.Hidden = slices.Delete(slices.Clone(r.device.Hidden), i, i+1)
		r.device.Profiles = append(slices.Clone(r.device.Profiles), p)
		r.changed = true
		hidden = ", which the launch left out (a new customer: the preset hides this operator's profiles) but is on the eSIM"
	}
	if p.State == simulator.ProfileActive && hidden == "" {
		r.lifecycle(LifecycleEvent{Step: StepNote, ICCID: p.ICCID}, "activation code already used for profile %s, which is active; no second profile is installed", p.ICCID)
		return
	}
	if err := r.device.ActivateProfile(p.ICCID); err != nil {
		r.lifecycle(LifecycleEvent{Step: StepProblem, ICCID: p.ICCID}, "activation code already used for profile %s%s; no second profile is installed, and it could not be activated: %v", p.ICCID, hidden, err)
		return
	}
	r.changed = true
	r.lifecycle(LifecycleEvent{Step: StepNote, ICCID: p.ICCID}, "activation code already used for profile %s%s; no second profile is installed, and the app activates that profile again", p.ICCID, hidden)
}

// hiddenNote says how many of d's profiles the session's view leaves out
// (simulator.Device.Hidden), which take room on the eSIM all the same.
func hiddenNote(d simulator.Device) string {
	if len(d.Hidden) == 0 {
		return ""
	}
	return fmt.Sprintf(", %d of them of this operator, which the launch leaves out (a new customer)", len(d.Hidden))
}

// failDownload ends a download that failed with activationResult (a
// MobilePlansActivationError member, contract §2.5) and logs the
// downloadFailed step. When the LPA ran and failed (lpaStatus), it keeps
// the failure on the device with the ICCID of the profile the LPA tried to
// download, so the next launch carries the X-MP-LPAError-* headers (§1.4,
// F10): the headers carry ESimOperationStatus names of a failed download and
// exactly one ICCID. An error the app finds before the LPA runs (input it
// cannot use, no eSIM, the app's own failures) records none: no download
// failed, and no ICCID belongs in the header. iccid is "" only then.
func (r *runner) failDownload(activationResult, iccid string) {
	code, ran := lpaStatus(activationResult)
	if r.device.Kind != simulator.KindESIM && (ran || activationResult == "lpaInitializationError") {
		r.lifecycle(LifecycleEvent{Step: StepDownloadFailed, State: activationResult}, "download failed with %s: the simulated device has no eSIM, so the download cannot run; no LPA error is recorded", activationResult)
		return
	}
	if !ran || iccid == "" {
		r.lifecycle(LifecycleEvent{Step: StepDownloadFailed, State: activationResult}, "download failed with %s, %s, before the LPA ran: no LPA error is recorded, so no launch carries X-MP-LPAError-* for it", activationResult, appSideWhy(activationResult))
		return
	}
	if err := r.device.RecordLPAError(r.cfg.Operator.Name, code, iccid, time.Now()); err != nil {
		r.lifecycle(LifecycleEvent{Step: StepProblem}, "could not record the LPA error: %v", err)
		return
	}
	r.changed = true
	r.lifecycle(LifecycleEvent{Step: StepDownloadFailed, State: activationResult, ICCID: iccid}, "download of profile %s failed with %s; %s", iccid, activationResult, r.lpaErrorFate(code))
}

// appSideWhy says in words what the app-side activation result (one
// lpaStatus does not map) means, whether the call earned it (a code the
// app refuses) or --activation-result chose it for a call that passed no
// such thing.
func appSideWhy(activationResult string) string {
	switch activationResult {
	case "invalidJson":
		return "the app's result for purchase data it cannot read"
	case "invalidActivationCode":
		return "the app's result for an activation code it cannot use"
	case "invalidIccid":
		return "the app's result for an ICCID it cannot use"
	case "lpaInitializationError":
		return "the app's result when the LPA cannot be started"
	case "modemNotFound":
		return "the app's result when it finds no modem"
	case "localSettingsAccessFailed":
		return "the app's result when it cannot read its local settings"
	}
	return "an error of the app's own"
}

// lpaErrorFate says which launch reports a failed download with the LPA
// status code: the next one of the operator's portal (the error is the
// operator's, contract §1.4), unless the device is not saved
// (Config.DeviceNotSaved).
func (r *runner) lpaErrorFate(code string) string {
	switch {
	case r.cfg.DeviceNotSaved == "":
		return fmt.Sprintf("of %s's portal only, whose profile it was (other operators' portals are not told), the next launch carries X-MP-LPAError-Codes: %s", r.cfg.Operator.Name, code)
	case r.cfg.DeviceKeptInMemory:
		return fmt.Sprintf("the device is not saved (%s), so only a later launch of this command or window carries X-MP-LPAError-Codes: %s", r.cfg.DeviceNotSaved, code)
	default:
		return fmt.Sprintf("the device is not saved (%s), so no later launch carries X-MP-LPAError-Codes: %s", r.cfg.DeviceNotSaved, code)
	}
}

// lpaStatus maps a MobilePlansActivationError member to the
// ESimOperationStatus name of the failed LPA download it reports (contract
// §1.4, §2.5): the first 24 members mirror statuses 0–23 by name, and
// unknownError, "an LPA error the app does not know", is the LPA's Other.
// ran is false for the other six app-side members (lpaInitializationError,
// modemNotFound, localSettingsAccessFailed, invalidJson,
// invalidActivationCode, invalidIccid): the app raises them itself, before
// or instead of an LPA download, so no LPA error is recorded for them.
func lpaStatus(activationResult string) (code string, ran bool) {
	if strings.EqualFold(activationResult, "unknownError") {
		return "Other", true
	}
	for _, name := range simulator.ESimOperationStatusNames()[:24] {
		if strings.EqualFold(name, activationResult) {
			return name, name != "Success"
		}
	}
	return "", false
}

// deferDownload runs F4: the download is offered after downloadDelay.
func (r *runner) deferDownload(opID string, minutes uint64, chk bridge.CallCheck) {
	code := chk.ActivationCode
	if chk.SMDPAddressOnly {
		code = "1$" + code + "$" // as startDownload downloads it
	}
	op := &deferredOp{id: opID, code: code, bad: badInput(chk), minutes: minutes, at: time.Now()}
	r.downloadBegins()
	if opID != "" {
		r.deferred[opID] = op
	}
	r.deferredOps = append(r.deferredOps, op)
	wait := r.simulated(minutes)
	r.lifecycle(LifecycleEvent{Step: StepDeferred, Minutes: minutes, OperationID: opID}, "deferred download: the app will offer it in %d minutes (simulated; %s real at ×%g) — the profile will be installed later (F4)",
		minutes, wait.Round(time.Millisecond), r.clockSpeed())
	r.after(wait, func() {
		if op.cancelled {
			return
		}
		op.offered = true
		r.downloadEnds() // startDownload counts it again
		r.lifecycle(LifecycleEvent{Step: StepDownloadOffered, OperationID: opID}, "toast: your mobile plan is ready to download — the user accepts")
		r.startDownload(chk)
	})
}

func (r *runner) clockSpeed() float64 {
	if r.cfg.Lifecycle.ClockSpeed > 0 {
		return r.cfg.Lifecycle.ClockSpeed
	}
	return DefaultClockSpeed
}

// cancelDeferred runs F5: only a pending deferred download can be cancelled,
// and only before its "ready to download" moment.
func (r *runner) cancelDeferred(id string) {
	op, ok := r.deferred[id]
	switch {
	case !ok:
		r.addFinding(bridge.NewFinding(bridge.CodeCancelUnknownOperation, "operationContext",
			"notifyOperationCancel was given operation %q, which is no pending deferred download of this session; only a deferred notifyProfileDownload can be cancelled.", id))
	case op.offered:
		r.addFinding(bridge.NewFinding(bridge.CodeCancelTooLate, "operationContext",
			"notifyOperationCancel for %q came after the download was offered to the user; the real app can no longer cancel it.", id))
	case op.cancelled:
		r.lifecycle(LifecycleEvent{Step: StepNote, OperationID: id}, "operation %s was already cancelled", id)
	default:
		op.cancelled = true
		r.inlineProfileGone(func(p inlineProfile) bool { return p.op == id })
		r.downloadEnds()
		r.noDownloadLeft(fmt.Sprintf("no download can start: the portal cancelled its deferred download %s before it was offered (F5)", id))
		r.lifecycle(LifecycleEvent{Step: StepDeferredCancelled, OperationID: id}, "deferred download %s cancelled before it was offered (F5)", id)
	}
}

// hasCode reports whether findings hold one with code.
func hasCode(findings []bridge.Finding, code string) bool {
	return slices.ContainsFunc(findings, func(f bridge.Finding) bool { return f.Code == code })
}

// balance runs F7 (inline) or the legacy balance addition. Purchase
// metadata the app cannot read adds no balance and switches no profile;
// the inline call's page hears invalidJson (contract §2.5), as a download
// with it does.
func (r *runner) balance(chk bridge.CallCheck, inline bool) {
	if chk.MetadataUnreadable {
		r.lifecycle(LifecycleEvent{Step: StepNote}, "no balance added: the app cannot read the call's purchase metadata (invalidJson), so nothing is switched")
		if inline {
			r.callback("profileActivationComplete", map[string]string{"activationResult": "invalidJson", "iccid": ""})
		}
		return
	}
	if chk.ICCID == "" {
		r.lifecycle(LifecycleEvent{Step: StepBalanceAdded}, "balance added; the app shows the balance UI (F7)")
		return
	}
	// A missing Luhn digit is warned about (bridge), never refused (§5 #17).
	if !simulator.ICCIDUsable(chk.ICCID) && inline {
		r.callback("profileActivationComplete", map[string]string{"activationResult": "invalidIccid", "iccid": chk.ICCID})
		return
	}
	if r.device.Kind == simulator.KindPSIM {
		r.physicalSIMBalance(chk, inline)
		return
	}
	if err := r.device.ActivateProfile(chk.ICCID); err != nil {
		r.balanceICCIDNotOnDevice(chk, inline, fmt.Sprintf("which is not a profile on the simulated device, so the app cannot switch to it: %v", err))
		return
	}
	r.changed = true
	r.lifecycle(LifecycleEvent{Step: StepBalanceAdded, ICCID: chk.ICCID}, "balance added; profile %s is now the active one (F7)", chk.ICCID)
	if inline {
		r.callback("profileActivationComplete", map[string]string{"activationResult": "success", "iccid": chk.ICCID})
	}
}

// physicalSIMBalance runs F7 for a device with a physical SIM, which a
// balance addition is for (contract §3 F7): an iccid that is the SIM's
// (trailing F ignored, §1.3) is the active line already, nothing is
// switched; another names no SIM of the device.
func (r *runner) physicalSIMBalance(chk bridge.CallCheck, inline bool) {
	if simulator.StripICCIDPadding(chk.ICCID) != simulator.StripICCIDPadding(r.device.ICCID) {
		r.balanceICCIDNotOnDevice(chk, inline, fmt.Sprintf("which is not the simulated device's physical SIM (%s) and the device has no eSIM, so the app cannot switch to it (LPA: ProfileNotPresent)", r.device.ICCID))
		return
	}
	r.lifecycle(LifecycleEvent{Step: StepBalanceAdded, ICCID: chk.ICCID}, "balance added to the physical SIM %s, the device's active line (F7)", chk.ICCID)
	if inline {
		r.callback("profileActivationComplete", map[string]string{"activationResult": "success", "iccid": chk.ICCID})
	}
}

// balanceICCIDNotOnDevice reports a balance call whose iccid names no SIM
// or profile of the device (why says so), once (the bridge may have said
// so already), and tells an inline page profileNotPresent.
func (r *runner) balanceICCIDNotOnDevice(chk bridge.CallCheck, inline bool, why string) {
	if !hasCode(chk.Findings, bridge.CodeBalanceICCIDNotOnDevice) {
		r.addFinding(bridge.NewFinding(bridge.CodeBalanceICCIDNotOnDevice, "iccid",
			"The balance call names ICCID %s, %s", chk.ICCID, why))
	}
	if inline {
		r.callback("profileActivationComplete", map[string]string{"activationResult": "profileNotPresent", "iccid": chk.ICCID})
	}
}

// asyncConnectivity runs F6: the profile is downloaded now, the network
// registers after the rounded interval. Control has returned to the app,
// so no listener is called (§3 F6). The download ends as the lifecycle
// chooses (Lifecycle.ActivationResult, as for F1 and F3): a failure
// installs nothing and, when the LPA ran, records the LPA error for the
// next launch (F10).
func (r *runner) asyncConnectivity(chk bridge.CallCheck) {
	minutes := uint64(0)
	if chk.Minutes != nil {
		minutes = roundUp15(*chk.Minutes)
	}
	if bad := badInput(chk); bad != "" || r.device.Kind != simulator.KindESIM {
		if bad == "" {
			bad = "lpaInitializationError" // no eUICC to download to (not documented)
		}
		r.failDownload(bad, "")
		return
	}
	iccid := r.profileICCID(chk.ActivationCode)
	if result := r.cfg.Lifecycle.ActivationResult; result != "" && result != "success" {
		r.failDownload(result, iccid)
		return
	}
	if ok, failure := r.install(iccid, chk.ActivationCode); !ok {
		r.failDownload(failure, iccid)
		return
	}
	r.mu.Lock()
	if r.report.Result != nil {
		r.report.Result.ICCID = iccid
	}
	r.mu.Unlock()
	if minutes == 0 {
		r.lifecycle(LifecycleEvent{Step: StepRegistrationScheduled, ICCID: iccid}, "registering on the network now (networkRegistrationInterval 0, F6)")
		return
	}
	r.lifecycle(LifecycleEvent{Step: StepRegistrationScheduled, Minutes: minutes, ICCID: iccid}, "registration expected after a registration error; the app re-registers in %d minutes (interval rounded up to 15-minute steps, F6)", minutes)
}

// progress shows or hides the app's progress panel over the portal.
func (r *runner) progress(text string, fraction float64, visible bool) {
	if r.win == nil || r.ending {
		return
	}
	if err := r.win.Progress(text, fraction, visible); err != nil {
		r.lifecycle(LifecycleEvent{Step: StepProblem}, "progress panel: %v", err)
	}
}

// callback invokes a page listener with one JSON-string argument (§2.5).
func (r *runner) callback(listener string, args any) {
	r.listenerDue()
	r.invoke(listener, args)
}

// invoke makes an invocation counted due (listenerDue): an invocation that
// does not reach the page counts as answered, as no answer will come. Its
// record says whether the page's listener received it (CallbackRecord
// .Delivered), which the shim's answer tells (callbackAnswered).
func (r *runner) invoke(listener string, args any) {
	r.mu.Lock()
	r.listeners.calls++
	call := r.listeners.calls
	r.mu.Unlock()
	js, err := bridge.CallbackScriptFor(r.cfg.Token, listener, call, args)
	if err != nil {
		r.listenerAnswered()
		r.lifecycle(LifecycleEvent{Step: StepProblem}, "could not build the %s call-back: %v", listener, err)
		return
	}
	raw, _ := json.Marshal(args)
	rec := CallbackRecord{Listener: listener, Args: raw, At: time.Now()}
	closing := r.win == nil || r.ending
	if closing {
		rec.NotDelivered = "the portal was closing"
	}
	r.mu.Lock()
	if !closing {
		if r.listeners.unanswered == nil {
			r.listeners.unanswered = map[int]int{}
		}
		r.listeners.unanswered[call] = len(r.report.Callbacks)
	}
	r.report.Callbacks = append(r.report.Callbacks, rec)
	r.mu.Unlock()
	cb := rec
	r.log(LogEntry{At: rec.At, Kind: KindCallback, Text: callbackText(rec), Callback: &cb})
	if closing {
		r.listenerAnswered()
		return
	}
	if err := r.win.Eval(js); err != nil {
		r.listenerAnswered()
		r.callbackAnswered(bridge.ListenerAnswer{Listener: listener, Call: call, NotDelivered: "it did not reach the page: " + err.Error()}, time.Now())
	}
}

// callbackText is the log line of a call-back: the call, and when it is
// known not to have reached the page's listener, "not delivered" and why.
func callbackText(rec CallbackRecord) string {
	text := fmt.Sprintf("%s(%s)", rec.Listener, rec.Args)
	if rec.NotDelivered != "" {
		text += " not delivered: " + rec.NotDelivered
	}
	return text
}

// callbackAnswered records the shim's answer to an invocation (or that
// it could not reach the page) in its CallbackRecord, and logs a call the
// page's listener did not receive once more, saying "not delivered" and
// why. An answer without a number (a shim older than the numbering) goes
// to the oldest unanswered invocation of its listener.
func (r *runner) callbackAnswered(ans bridge.ListenerAnswer, at time.Time) {
	r.mu.Lock()
	i, ok := r.listeners.unanswered[ans.Call]
	if !ok && ans.Call == 0 {
		i, ok = r.oldestUnanswered(ans.Listener)
	}
	if !ok {
		r.mu.Unlock()
		return
	}
	for call, j := range r.listeners.unanswered {
		if j == i {
			delete(r.listeners.unanswered, call)
		}
	}
	rec := &r.report.Callbacks[i]
	rec.Delivered, rec.Threw, rec.NotDelivered = ans.Delivered, ans.Threw, ans.NotDelivered
	cb := *rec
	r.mu.Unlock()
	if !cb.Delivered {
		r.log(LogEntry{At: at, Kind: KindCallback, Text: callbackText(cb), Callback: &cb})
	}
}

// oldestUnanswered is the index in Report.Callbacks of the first
// invocation of listener still unanswered. Under r.mu.
func (r *runner) oldestUnanswered(listener string) (int, bool) {
	best := -1
	for _, i := range r.listeners.unanswered {
		if r.report.Callbacks[i].Listener == listener && (best < 0 || i < best) {
			best = i
		}
	}
	return best, best >= 0
}

// unansweredCallbacks marks the invocations the page never answered as
// not delivered, when the session ends. Under r.mu.
func (r *runner) unansweredCallbacks() {
	for call, i := range r.listeners.unanswered {
		r.report.Callbacks[i].NotDelivered = "no answer from the page before the portal closed: its listener may have received the call and still been running, or the page was being left"
		delete(r.listeners.unanswered, call)
	}
}
