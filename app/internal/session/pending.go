package session

import (
	"fmt"
	"time"

	"mpsim/simulator"
)

// A deferred download (F4) still pending when the session ends is not
// dropped: the real app holds it whether its portal is open or not
// (closing the portal cancels nothing; only notifyOperationCancel does,
// before the toast, F5) and offers it when the delay has passed. The
// session keeps it on the device (simulator.PendingDownload), due on the
// wall clock: the simulated clock (Config.Lifecycle.ClockSpeed) runs only
// while a session does, so the part of the delay the session simulated
// counts, and the rest passes in real minutes, as downloadDelay's do on a
// real PC. The first command or launch from then on carries it out
// (workspace), so the next launch sends its profile in iccids.

// keepPendingDownloads keeps on the device, at the session's end (now),
// the deferred downloads neither offered nor cancelled, and logs what
// becomes of each.
func (r *runner) keepPendingDownloads(now time.Time) {
	for _, op := range r.deferredOps {
		if !op.offered && !op.cancelled {
			r.keepPending(op, now)
		}
	}
}

// left is how much of op's delay is left at now: the simulated minutes
// the session has not run yet at the clock speed, as real time.
func (op *deferredOp) left(now time.Time, speed float64) time.Duration {
	simulated := time.Duration(float64(now.Sub(op.at)) * speed)
	return max(time.Duration(op.minutes)*time.Minute-simulated, 0)
}

// keepPending keeps op, a deferred download still pending at now, on the
// device, or says why nothing can come of it.
func (r *runner) keepPending(op *deferredOp, now time.Time) {
	due := now.Add(op.left(now, r.clockSpeed()))
	name := "deferred download"
	if op.id != "" {
		name += " " + op.id
	}
	head := fmt.Sprintf("the session ended with its %s pending (F4): closing the portal does not cancel it, the app offers it at %s", name, due.Local().Format(time.DateTime))
	switch {
	case r.device.Kind != simulator.KindESIM:
		r.lifecycle(LifecycleEvent{Step: StepNote, OperationID: op.id}, "%s, but the simulated device has no eSIM, so the download cannot run then; nothing is kept", head)
		return
	case op.bad != "":
		r.lifecycle(LifecycleEvent{Step: StepNote, OperationID: op.id}, "%s, and the download fails then with %s, %s; nothing is kept", head, op.bad, appSideWhy(op.bad))
		return
	}
	p := simulator.PendingDownload{Operator: r.cfg.Operator.Name, ActivationCode: op.code, ICCID: r.profileICCID(op.code),
		OperationID: op.id, Requested: op.at, DelayMinutes: op.minutes, Due: due}
	if result := r.cfg.Lifecycle.ActivationResult; result != "" && result != "success" {
		code, ran := lpaStatus(result)
		if !ran {
			r.lifecycle(LifecycleEvent{Step: StepNote, OperationID: op.id}, "%s, and the download fails then with %s, %s; nothing is kept", head, result, appSideWhy(result))
			return
		}
		p.FailWith = code
	}
	if err := r.device.AddPendingDownload(p); err != nil {
		r.lifecycle(LifecycleEvent{Step: StepProblem, OperationID: op.id}, "%s; it could not be kept: %v", head, err)
		return
	}
	r.changed = true
	r.lifecycle(LifecycleEvent{Step: StepNote, OperationID: op.id, ICCID: p.ICCID}, "%s (%s of its %d simulated minutes left, now in real time: the simulated clock runs only during a session); %s",
		head, due.Sub(now).Round(time.Second), op.minutes, r.pendingFate(p))
}

// pendingFate says what the device keeping p leads to: the first command
// or launch once it is due downloads it, unless the device is not saved
// (Config.DeviceNotSaved).
func (r *runner) pendingFate(p simulator.PendingDownload) string {
	what := fmt.Sprintf("the first mpsim command or launch from then on downloads profile %s (the user accepts the toast), so the next launch of %s's portal sends it in iccids; mpsim device show lists it as pending until then", p.ICCID, p.Operator)
	if p.FailWith != "" {
		what = fmt.Sprintf("the first mpsim command or launch from then on downloads profile %s, which fails with %s (--activation-result), so the next launch of %s's portal carries X-MP-LPAError-Codes: %s; mpsim device show lists it as pending until then", p.ICCID, p.FailWith, p.Operator, p.FailWith)
	}
	switch {
	case r.cfg.DeviceNotSaved == "":
		return what
	case r.cfg.DeviceKeptInMemory:
		return fmt.Sprintf("the device is not saved (%s), so only a later launch of this command or window can download it", r.cfg.DeviceNotSaved)
	default:
		return fmt.Sprintf("the device is not saved (%s), so it is lost with it", r.cfg.DeviceNotSaved)
	}
}
