package history

import (
	"strings"

	"mpsim/app/internal/session"
)

// downloadFailedWords are what OutcomeOf adds for a failed eSIM download.
const downloadFailedWords = "eSIM download failed"

// DownloadFailureOf is the failure of the last profile download that log's
// lifecycle steps show, as the session kept it (session.Report's
// DownloadFailure): a failed download sets it, a download that starts, is
// deferred or offered, or installs a profile clears it; nil when the last
// download did not fail. Reports saved before they kept the failure have
// only these steps. The failure's Detail (why the eSIM was full) and the
// step it made unreachable are not in the log and stay empty.
func DownloadFailureOf(log []session.LogEntry) *session.DownloadFailure {
	var f *session.DownloadFailure
	for _, e := range log {
		if e.Kind != session.KindLifecycle || e.Lifecycle == nil {
			continue
		}
		switch e.Lifecycle.Step {
		case session.StepDownloadFailed:
			f = &session.DownloadFailure{Result: e.Lifecycle.State}
		case session.StepDownloadStarted, session.StepDeferred, session.StepDownloadOffered, session.StepProfileInstalled:
			f = nil
		}
	}
	return f
}

// withDownloadFailure is rep with the failure of its last download derived
// from its log when it was saved before reports kept it.
func withDownloadFailure(rep session.Report) session.Report {
	if rep.DownloadFailure == nil {
		rep.DownloadFailure = DownloadFailureOf(rep.Log)
	}
	return rep
}

// UpgradeOutcome brings e, saved before entries kept what the portal
// handed back (an Outcome of "") or before History rows said a failed
// eSIM download, up to date with rep, e's report: its Outcome is then
// OutcomeOf(rep), and an entry without a plan name gets the one the
// portal handed back. It reports whether e changed. An Outcome that
// already says the download failed, or a session whose last download did
// not fail, is kept.
func UpgradeOutcome(e *Entry, rep session.Report) bool {
	rep = withDownloadFailure(rep)
	if e.Outcome == "" {
		e.Outcome = OutcomeOf(rep)
		if r := rep.Result; r != nil && e.PlanName == "" {
			e.PlanName = r.PurchaseResult.PlanName
		}
		return true
	}
	if rep.DownloadFailure == nil || e.DownloadFailed() {
		return false
	}
	e.Outcome = OutcomeOf(rep)
	return true
}

// DownloadFailed says whether e's session ended with its last eSIM
// download failed, as its row says (OutcomeOf).
func (e Entry) DownloadFailed() bool {
	return strings.Contains(e.Outcome, downloadFailedWords)
}

// mayHaveFailedDownload says whether e's row may lack the session's failed
// download: its launch asked for a failing activation and the row does not
// say it failed. (A download onto a full eSIM fails with any activation
// result; the entry alone cannot tell, and the row is brought up to date
// when its report is read: UpgradeOutcome.)
func mayHaveFailedDownload(e Entry) bool {
	r := e.Launch.Lifecycle.ActivationResult
	return r != "" && r != "success" && !e.DownloadFailed()
}
