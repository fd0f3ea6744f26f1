package session

import (
	"time"

	"mpsim/bridge"
)

// handBackBeforePaint records handback-before-paint when the page hands
// back (a call of api, at at) before the session saw its first paint: the
// user never saw the portal, so no one chose the plan or saw a
// confirmation (an inline script that hands back while the page loads).
// It is said once per session; the start-up policy then does not count
// the first paint that comes after the hand-back.
func (r *runner) handBackBeforePaint(api string, at time.Time) {
	if !bridge.IsHandBack(api) || r.painted() {
		return
	}
	r.mu.Lock()
	said := hasCode(r.report.Findings, bridge.CodeHandbackBeforePaint)
	since, what := r.opened, "the launch"
	for i := len(r.report.Log) - 1; i >= 0; i-- {
		if e := r.report.Log[i]; e.Kind == KindNavigated {
			since, what = e.At, "its page was committed"
			break
		}
	}
	r.mu.Unlock()
	if said {
		return
	}
	ms := max(at.Sub(since).Milliseconds(), 0)
	r.addFinding(bridge.NewFinding(bridge.CodeHandbackBeforePaint, "",
		"The portal handed back with %s %d ms after %s, before its first paint: the user never saw the portal, so no one chose the plan or saw a confirmation. Hand back at the end of the purchase flow the user goes through; an inline script that calls %s as the page loads is often leftover test code or a shortcut.",
		api, ms, what, api))
}
