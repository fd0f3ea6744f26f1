package session

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"mpsim/bridge"
)

// findingCap is what the session knows about the findings it did not keep
// (guarded by runner.mu).
type findingCap struct {
	// keepAll keeps every finding while it is set: those of a hand-back
	// the host acts on, and those made when the session ends.
	keepAll bool
	// perCode counts the findings kept of each code; noise those about the
	// page's own behaviour.
	perCode map[string]int
	noise   int
	// collapsed are the findings not kept, by code, in the order their
	// codes were first cut.
	collapsed []collapsedCode
}

// collapsedCode counts the findings of one code that were not kept, with
// the most severe severity among them.
type collapsedCode struct {
	code     string
	count    int
	severity bridge.Severity
}

// severityRank orders severities from the least to the most severe.
func severityRank(s bridge.Severity) int {
	switch s {
	case bridge.SeverityError:
		return 2
	case bridge.SeverityWarning:
		return 1
	}
	return 0
}

// addFinding records f: a finding of a bridge call, of the simulated eSIM
// or of the session as a whole.
func (r *runner) addFinding(f bridge.Finding) { r.record(f, false, nil) }

// addFindingReplacing records f, which takes the place of the earlier
// finding replaced, already taken out of the report's findings; f's log
// entry names it (LogEntry.Replaces).
func (r *runner) addFindingReplacing(f, replaced bridge.Finding) { r.record(f, false, &replaced) }

// addPageFinding records f, a finding about the page's own behaviour
// (pop-ups, dialogs, page errors, navigations): page noise, which a page
// can make by the hundred and which is the first to be cut.
func (r *runner) addPageFinding(f bridge.Finding) { r.record(f, true, nil) }

// record adds f to the report unless the same finding is there already. A
// finding is kept when the cap keeps all (the hand-back's, the session's
// end), else when fewer than MaxFindingsPerCode of its code are kept and,
// for page noise that is not an error, fewer than MaxFindings of those.
// One not kept is counted in its code's summary finding (collapsedFindings),
// which carries the most severe severity of the findings it counts: the
// verdict and the expectations see every code and every error.
// replaces, when not nil, is the earlier finding f takes the place of
// (LogEntry.Replaces).
func (r *runner) record(f bridge.Finding, noise bool, replaces *bridge.Finding) {
	r.mu.Lock()
	if slices.Contains(r.report.Findings, f) {
		// The same observation on every call (e.g. the page's port) is
		// reported once.
		r.mu.Unlock()
		return
	}
	c := &r.capped
	if c.perCode == nil {
		c.perCode = map[string]int{}
	}
	full := c.perCode[f.Code] >= MaxFindingsPerCode || (noise && f.Severity != bridge.SeverityError && c.noise >= MaxFindings)
	if full && !c.keepAll {
		c.collapse(f)
		r.mu.Unlock()
		return
	}
	c.perCode[f.Code]++
	if noise {
		c.noise++
	}
	r.report.Findings = append(r.report.Findings, f)
	r.mu.Unlock()
	ff := f
	r.log(LogEntry{At: time.Now(), Kind: KindFinding, Text: f.Message, Finding: &ff, Replaces: replaces})
}

// collapse counts f among the findings of its code that were not kept.
func (c *findingCap) collapse(f bridge.Finding) {
	for i := range c.collapsed {
		cc := &c.collapsed[i]
		if cc.code == f.Code {
			cc.count++
			if severityRank(f.Severity) > severityRank(cc.severity) {
				cc.severity = f.Severity
			}
			return
		}
	}
	c.collapsed = append(c.collapsed, collapsedCode{code: f.Code, count: 1, severity: f.Severity})
}

// collapsedFindings are the summary findings of the codes whose findings
// were not all kept: one per code, with the number not kept.
func (r *runner) collapsedFindings() []bridge.Finding {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]bridge.Finding, 0, len(r.capped.collapsed))
	for _, cc := range r.capped.collapsed {
		f := bridge.NewFinding(cc.code, "findings",
			"%d more %s finding(s) like the ones above were counted but not kept: the report keeps the first %d of each code, and at most %d about the page's own behaviour (pop-ups, dialogs, page errors). The verdict counts them all.",
			cc.count, cc.code, MaxFindingsPerCode, MaxFindings)
		f.Severity = cc.severity // the most severe of those it counts (an unseen call's errors are warnings)
		out = append(out, f)
	}
	return out
}

// budgetArgs keeps rec's arguments within the report's budget for call
// arguments (MaxCallArgBytes): those of the hand-back the host acts on
// (full) in full, others while the budget lasts; an argument past it is
// replaced by a string saying how many bytes were not kept.
func (r *runner) budgetArgs(rec *CallRecord, full bool) {
	if full || len(rec.Args) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var args []json.RawMessage
	for i, a := range rec.Args {
		if r.argBytes+len(a) <= MaxCallArgBytes {
			r.argBytes += len(a)
			continue
		}
		if args == nil {
			args = slices.Clone(rec.Args)
		}
		marker, _ := json.Marshal(fmt.Sprintf("mpsim: an argument of %d bytes, not kept: the report's budget of %d bytes for call arguments was spent", len(a), MaxCallArgBytes))
		args[i] = marker
		rec.ArgsCut += len(a)
	}
	if args != nil {
		rec.Args = args
		r.cutArgCalls++
		r.cutArgBytes += rec.ArgsCut
	}
}

// cappedFinding is the log-capped finding counting the log entries, calls
// and call arguments the report did not keep, if any.
func (r *runner) cappedFinding() (bridge.Finding, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cutLog+r.cutCalls+r.cutArgCalls == 0 {
		return bridge.Finding{}, false
	}
	msg := fmt.Sprintf("The report keeps at most %d log entries, %d calls and %d bytes of call arguments (hand-backs, results and the end are always kept): %d log entries and %d calls were not kept",
		MaxLogEntries, MaxCalls, MaxCallArgBytes, r.cutLog, r.cutCalls)
	if r.cutArgCalls > 0 {
		msg += fmt.Sprintf(", and the arguments of %d calls (%d bytes) were replaced by a note of their size (argsCut)", r.cutArgCalls, r.cutArgBytes)
	}
	return bridge.NewFinding(bridge.CodeLogCapped, "", "%s.", msg), true
}
