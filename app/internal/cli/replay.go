package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"mpsim/app/internal/session"
	"mpsim/app/internal/termsafe"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
	"mpsim/simulator"
)

// MaxReplayReport caps the report `mpsim validate --report` reads: a
// session keeps at most session.MaxCalls calls and MaxLog log entries, far
// below this.
const MaxReplayReport = 256 << 20

// replayOutput is what `mpsim validate --report --json` prints.
type replayOutput struct {
	Report string `json:"report"`
	// RecordedVerdict is the verdict in the report; Verdict the one the
	// current rules give the same calls.
	RecordedVerdict bridge.Verdict `json:"recordedVerdict"`
	Verdict         bridge.Verdict `json:"verdict"`
	Calls           int            `json:"calls"`
	// Replayed counts the calls checked again; the others were refused
	// before they could be read (bad token, malformed, oversize).
	Replayed int `json:"replayed"`
	// Unreplayed counts the calls whose arguments the report did not keep
	// whole (its budget for call arguments was spent): not checked again.
	Unreplayed int              `json:"unreplayed,omitempty"`
	Findings   []bridge.Finding `json:"findings"`
	// Kept are the report's findings the session made of things other than
	// the calls (page loads, the console, timeouts, the eSIM lifecycle and
	// its listeners, an expectation, the policies: every code not in
	// callCodes), which a replay cannot make again: they count in the
	// verdict as they did.
	Kept []bridge.Finding `json:"kept"`
	// New are findings the current rules give that the report lacks; Gone
	// are findings of the report the replay does not give: the rules
	// changed.
	New  []bridge.Finding `json:"new"`
	Gone []bridge.Finding `json:"gone"`
	// Changed are findings of the report the replay gives again with
	// another severity, each with the severity it had (was).
	Changed  []severityChange `json:"changed"`
	Errors   int              `json:"errors"`
	Warnings int              `json:"warnings"`
}

// readReport reads a session report: a JSON file, or a history session's
// directory (its report.json).
func readReport(path string) (session.Report, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		dir := path
		path = filepath.Join(dir, "report.json")
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return session.Report{}, noReportInDir(dir)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return session.Report{}, fmt.Errorf("cannot read the report: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxReplayReport+1))
	if err != nil {
		return session.Report{}, fmt.Errorf("cannot read the report: %w", err)
	}
	if len(data) > MaxReplayReport {
		return session.Report{}, fmt.Errorf("%s is larger than %d MiB; give a report `mpsim run --report` wrote", termsafe.Line(path), MaxReplayReport>>20)
	}
	var results struct {
		Tool  string            `json:"tool"`
		Cells []json.RawMessage `json:"cells"`
	}
	if json.Unmarshal(data, &results) == nil && results.Tool == "mpsim" && results.Cells != nil {
		return session.Report{}, fmt.Errorf("%s holds the results of mpsim test --json, not one session's report: give a session of the history (mpsim test saves each cell's session there, identifiers whole) or the file mpsim run --report writes", termsafe.Line(path))
	}
	if isHAR(data) {
		return session.Report{}, fmt.Errorf("%s is a HAR file (the network record mpsim run --har writes), not a session report: give the JSON mpsim run --report writes, or a session's directory of the history (mpsim history path, then the ID mpsim history list shows)", termsafe.Line(path))
	}
	var rep session.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return session.Report{}, fmt.Errorf("%s is not a session report: %w", termsafe.Line(path), err)
	}
	if rep.Launch.URL == "" && len(rep.Calls) == 0 {
		return session.Report{}, fmt.Errorf("%s is not a session report (no launch, no calls); give the JSON `mpsim run --report` writes", termsafe.Line(path))
	}
	if maskedIdentifier.MatchString(string(data)) {
		return session.Report{}, fmt.Errorf("%s has masked identifiers (mpsim test masks the EID, ICCID and IMEI in what it writes, unless --no-redact): the checks of the hand-back against them cannot be made again; give the same session from the history, which keeps them whole", termsafe.Line(path))
	}
	return workspace.ReadPaths(rep), nil
}

// isHAR reports whether data is an HTTP Archive: a log object with a
// version and entries (HAR 1.2), which a session report's log (an array)
// never is.
func isHAR(data []byte) bool {
	var har struct {
		Log *struct {
			Version string            `json:"version"`
			Entries []json.RawMessage `json:"entries"`
		} `json:"log"`
	}
	return json.Unmarshal(data, &har) == nil && har.Log != nil && har.Log.Version != "" && har.Log.Entries != nil
}

// noReportInDir says why a directory given for a report holds none: an
// mpsim test output directory (its results, JUnit or HTML report) gets a
// pointer to where its sessions are; another directory what to give.
func noReportInDir(dir string) error {
	for _, name := range []string{"results.json", "junit.xml", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return fmt.Errorf("%s looks like the output of mpsim test (%s), which keeps no session report: mpsim test saves each cell's session in the history; give one of those sessions' directories (the directory mpsim history path prints, then the ID mpsim history list shows), or the file mpsim run --report writes", termsafe.Line(dir), name)
		}
	}
	return fmt.Errorf("%s holds no report.json: give a session's directory of the history (the directory mpsim history path prints, then the ID mpsim history list shows) or the JSON file mpsim run --report writes", termsafe.Line(dir))
}

// maskedIdentifier is an identifier as matrix.Mask leaves it: all but its
// last four digits replaced by X.
var maskedIdentifier = regexp.MustCompile(`X{11,}[0-9]{4}`)

// callCodes are the finding codes a replay makes again: those the checks of
// one readable call make (bridge.CheckOrigin, and bridge.CheckCall on a
// page's call: its API name, its arguments, its hand-back) and the count of
// hand-backs (bridge.SessionFindings). Every other code is one the session
// made of something else — the eSIM lifecycle and the page's listeners (host
// events), the page's loads, console and navigations, the timeout, an
// expectation, the policies, a lookup of a method the app lacks — or a code
// added since: the replay keeps it from the report as it was.
func callCodes() []string {
	return []string{
		// The payload and its JSON.
		bridge.CodePayloadMissing, bridge.CodePayloadNotString, bridge.CodePayloadNotObject,
		bridge.CodeJSONMalformed, bridge.CodeJSONSmartQuotes, bridge.CodeKeyCase, bridge.CodeKeyAlias,
		bridge.CodeKeyDuplicate, bridge.CodeKeyUnknown, bridge.CodeKeyMistyped, bridge.CodeVerMissing,
		bridge.CodeVerUnexpected, bridge.CodeSuccessMissing, bridge.CodeSuccessNotBoolean,
		bridge.CodeFieldNotString, bridge.CodeSchemaViolation, bridge.CodePurchaseResultMiss,
		bridge.CodePurchaseResultNotStr, bridge.CodePurchaseResultNotObj,
		// Enums, the plan name, the transaction id.
		bridge.CodeEnumMissing, bridge.CodeEnumUnknown, bridge.CodeEnumCase, bridge.CodeStatusTablePartial,
		bridge.CodeStatusCancelled, bridge.CodeStatusSuccessMismatch, bridge.CodePlanNameMissing,
		bridge.CodePlanNameEmptySuccess, bridge.CodePlanNameSetFailure,
		bridge.CodeTransactionIDMissing, bridge.CodeTransactionIDMismatch, bridge.CodeTransactionIDEncoded,
		// ICCID and activation code.
		bridge.CodeICCIDMissingOnSuccess, bridge.CodeICCIDFormat, bridge.CodeICCIDTrailingF, bridge.CodeICCIDLuhn,
		bridge.CodeICCIDNotOnDevice, bridge.CodeICCIDOnFailure,
		bridge.CodeActivationCodeMissing, bridge.CodeActivationCodeLPAPrefix, bridge.CodeActivationCodeFormat,
		bridge.CodeActivationCodeConfirm, bridge.CodeActivationCodeEmptyMID, bridge.CodeActivationCodeUnexpected,
		bridge.CodeActivationCodeOnFailure, bridge.CodeActivationCodeOtherSMDP, bridge.CodeActivationCodeSMDPAddress,
		// Purchase metadata.
		bridge.CodeMetadataMissing, bridge.CodeMetadataNotObject, bridge.CodeMetadataString,
		bridge.CodeMetadataStatusMissing, bridge.CodeMetadataEnumMissing,
		// The call's origin.
		bridge.CodeOriginInvalid, bridge.CodeOriginInsecure, bridge.CodeOriginNotAllowed, bridge.CodeOriginPort,
		bridge.CodeOriginLoopbackHTTP, bridge.CodePageURLMismatch,
		// The API called and its arguments; the hand-backs counted.
		bridge.CodeAPIUnknown, bridge.CodeAPIRemoved, bridge.CodeAPIDataMartName, bridge.CodeAPILegacy,
		bridge.CodeAPILegacySupported, bridge.CodeArgsCount, bridge.CodeArgsSwapped, bridge.CodeArgNotUint, bridge.CodeIntervalRounded,
		bridge.CodeOpContextInvalid, bridge.CodeHandbackRepeated,
	}
}

// fromCalls reports whether a finding of code is one a replay makes again
// from the recorded calls (see callCodes).
func fromCalls(code string) bool { return slices.Contains(callCodes(), code) }

// replayReport checks the calls recorded in rep again with the current
// rules: origin, arguments, the hand-back's fields, and the verdict. Only
// the codes of callCodes are made again; the report's findings of any
// other code (page loads, timeouts, the eSIM lifecycle and its listeners,
// policies) cannot be, and are kept as they were, in the verdict too.
func replayReport(rep session.Report, notifyHosts []string) replayOutput {
	out := replayOutput{RecordedVerdict: rep.Verdict, Calls: len(rep.Calls), Findings: []bridge.Finding{}}
	exp := replayExpectation(rep)
	var tally replayTally
	for _, c := range rep.Calls {
		tally.replayCall(c, rep.Launch.URL, notifyHosts, exp, &out)
	}
	hand, returns, rejected := tally.hand, tally.returns, tally.rejected
	out.Findings = addReplayed(out.Findings, bridge.SessionFindings(returns), false)
	var recorded []bridge.Finding
	out.Kept = []bridge.Finding{}
	for _, f := range rep.Findings {
		if !fromCalls(f.Code) {
			out.Kept = append(out.Kept, f)
		} else {
			recorded = append(recorded, f)
		}
	}
	out.Verdict = bridge.DecideVerdict(hand, rejected, append(slices.Clone(out.Findings), out.Kept...))
	out.New, out.Gone, out.Changed = diffFindings(recorded, out.Findings)
	for _, f := range append(slices.Clone(out.Findings), out.Kept...) {
		switch f.Severity {
		case bridge.SeverityError:
			out.Errors++
		case bridge.SeverityWarning:
			out.Warnings++
		}
	}
	return out
}

// replayTally counts the calls of a replay as the session counts them.
type replayTally struct {
	// hand counts the calls that deliver an outcome (the verdict's),
	// returns those that hand control back to the app: an inline download
	// before the legacy hand-back keeps the portal open, so it is no
	// repeated hand-back (as the session counts them,
	// session.controlReturns); rejected the calls refused.
	hand, returns, rejected int
	// left says an earlier accepted call made the real app leave the
	// portal (session.LeavesThePortal): the findings of the calls after it
	// are at most warnings, as the session made them
	// (session.UnseenByTheApp).
	left bool
}

// replayCall checks the recorded call c again, against the launch's URL
// and exp, adds its findings to out and counts it.
func (t *replayTally) replayCall(c session.CallRecord, launchURL string, notifyHosts []string, exp bridge.Expectation, out *replayOutput) {
	if c.API == "" || (!c.Accepted && c.PageURL == "") || c.Oversize > 0 {
		t.rejected++ // refused before it was read: nothing to check again
		return
	}
	if c.ArgsCut > 0 {
		// Its arguments were not kept whole (the report's budget): what
		// the session found of it stays, as the other calls' findings
		// would say nothing of arguments that are not there.
		out.Unreplayed++
		return
	}
	out.Replayed++
	accepted, fs := bridge.CheckOrigin(c.PageURL, launchURL, notifyHosts)
	if !accepted {
		out.Findings = addReplayed(out.Findings, fs, false)
		t.rejected++
		return
	}
	env := bridge.Envelope{API: c.API, Args: c.Args, PageURL: c.PageURL}
	fs = append(fs, bridge.CheckCall(env, exp).Findings...)
	out.Findings = addReplayed(out.Findings, fs, t.left)
	if bridge.IsHandBack(c.API) {
		t.hand++
	}
	if bridge.ReturnsControl(c.API) {
		t.returns++
	}
	t.left = t.left || session.LeavesThePortal(c.API)
}

// addReplayed appends to out the findings of fs a replay makes again
// (fromCalls), each once: the same observation on every call (the page's
// port, say) is listed once, as the session records it. unseen says the
// call came after control had returned to the app: as in the session, a
// finding said of an earlier call already is left out, and the others are
// at most warnings (session.UnseenByTheApp).
func addReplayed(out, fs []bridge.Finding, unseen bool) []bridge.Finding {
	for _, f := range fs {
		if !fromCalls(f.Code) || slices.Contains(out, f) {
			continue
		}
		if unseen {
			f = session.UnseenByTheApp(f)
			if slices.Contains(out, f) {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// replayExpectation is what the session checked the hand-back against:
// the launch's transactionId and the device after the session.
func replayExpectation(rep session.Report) bridge.Expectation {
	exp := bridge.Expectation{}
	exp.TransactionID, _ = rep.Launch.Param("transactionId")
	exp.OperatorICCIDs = workspace.LaunchICCIDs(rep.Launch)
	if rep.Device != nil {
		exp.SIMKind = string(rep.Device.Kind)
		exp.ICCIDs = workspace.KnownICCIDs(*rep.Device, rep.Launch)
		// The profiles the session's downloads installed are the
		// operator's, as the session counted them (a legacy hand-back
		// naming the profile just downloaded inline is flow F2): without
		// them a report that passed came back with activation-code-missing.
		for _, iccid := range installedBy(rep.Calls, rep.Device.Profiles) {
			if !slices.Contains(exp.OperatorICCIDs, iccid) {
				exp.OperatorICCIDs = append(exp.OperatorICCIDs, iccid)
			}
		}
	}
	return exp
}

// installedBy lists the ICCIDs of profiles whose activation code one of
// calls, accepted, carried among its arguments: the downloads of the
// session that left the device with them.
func installedBy(calls []session.CallRecord, profiles []simulator.Profile) []string {
	var out []string
	for _, p := range profiles {
		if p.ActivationCode == "" {
			continue
		}
		quoted, err := json.Marshal(p.ActivationCode)
		if err != nil {
			continue
		}
		code := strings.Trim(string(quoted), `"`)
		for _, c := range calls {
			if c.Accepted && bridge.IsInline(c.API) && slices.ContainsFunc(c.Args, func(a json.RawMessage) bool { return strings.Contains(string(a), code) }) {
				out = append(out, simulator.StripICCIDPadding(p.ICCID))
				break
			}
		}
	}
	return out
}

// severityChange is a finding the report has and a replay gives again with
// another severity: the finding as given now, and its severity in the report.
type severityChange struct {
	bridge.Finding
	Was bridge.Severity `json:"was"`
}

// diffFindings compares findings by code and field: those now but not
// recorded (once each), those recorded but not now, and those recorded
// and now with another severity (a rule that changed a code's severity,
// or a call now judged as made after control had returned to the app).
// Before, a change of severity alone was no difference, and a verdict
// that changed with it came with "new since: none".
func diffFindings(recorded, now []bridge.Finding) (added, gone []bridge.Finding, changed []severityChange) {
	key := func(f bridge.Finding) string { return f.Code + "\x00" + f.Field }
	withSeverity := func(f bridge.Finding) string { return key(f) + "\x00" + string(f.Severity) }
	was, is := map[string]bool{}, map[string]bool{}
	for _, f := range recorded {
		was[withSeverity(f)] = true
	}
	for _, f := range now {
		is[withSeverity(f)] = true
	}
	added, gone, changed = []bridge.Finding{}, []bridge.Finding{}, []severityChange{}
	for _, f := range recorded {
		if !is[withSeverity(f)] {
			gone = append(gone, f)
		}
	}
	listed := map[string]bool{}
	for _, f := range now {
		if was[withSeverity(f)] || listed[withSeverity(f)] {
			continue
		}
		listed[withSeverity(f)] = true
		// Recorded with another severity: one change, not a finding new
		// and one gone.
		if i := slices.IndexFunc(gone, func(g bridge.Finding) bool { return key(g) == key(f) }); i >= 0 {
			changed = append(changed, severityChange{Finding: f, Was: gone[i].Severity})
			gone = slices.Delete(gone, i, i+1)
			continue
		}
		added = append(added, f)
	}
	return added, gone, changed
}

// cmdValidateReport is `mpsim validate --report FILE`.
func cmdValidateReport(o *validateOptions, env Env) int {
	rep, err := readReport(o.report)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mpsim validate:", err)
		return ExitUsage
	}
	out := replayReport(rep, o.notify)
	out.Report = o.report
	if o.json {
		if code := writeJSON(env.Stdout, out, env); code != ExitOK {
			return code
		}
	} else {
		printReplay(env.Stdout, out)
	}
	if out.Verdict != bridge.VerdictPass {
		return ExitFindings
	}
	return ExitOK
}

func printReplay(w io.Writer, out replayOutput) {
	fmt.Fprintf(w, "report:          %s\n", termsafe.Line(out.Report))
	fmt.Fprintf(w, "calls:           %d, %d checked again with the current rules\n", out.Calls, out.Replayed)
	if out.Unreplayed > 0 {
		fmt.Fprintf(w, "                 %d not checked again: the report did not keep their arguments whole (argsCut)\n", out.Unreplayed)
	}
	verdict := string(out.Verdict)
	if out.Verdict != out.RecordedVerdict {
		verdict += fmt.Sprintf(" (was %s)", out.RecordedVerdict)
	} else {
		verdict += " (unchanged)"
	}
	fmt.Fprintf(w, "verdict:         %s\n", verdict)
	list := func(title string, fs []bridge.Finding) {
		if len(fs) == 0 {
			fmt.Fprintf(w, "%-16s none\n", title+":")
			return
		}
		fmt.Fprintln(w, title+":")
		for _, f := range fs {
			fmt.Fprintf(w, "  %-7s %s\n", f.Severity, termsafe.Line(f.Line()))
		}
	}
	list("findings", out.Findings)
	list("new since", out.New)
	list("not found again", out.Gone)
	if len(out.Gone) > 0 {
		fmt.Fprintln(w, "                 (the current rules no longer find them in the calls)")
	}
	if len(out.Changed) == 0 {
		fmt.Fprintf(w, "%-16s none\n", "severity changed:")
	} else {
		fmt.Fprintln(w, "severity changed:")
		for _, c := range out.Changed {
			fmt.Fprintf(w, "  %-7s (was %s) %s\n", c.Severity, c.Was, termsafe.Line(c.Line()))
		}
	}
	list("kept", out.Kept)
	if len(out.Kept) > 0 {
		fmt.Fprintln(w, "                 (found by the session outside the calls — page loads, the console, timeouts, the eSIM lifecycle and\n                 the page's listeners, expectations, policies — which a replay cannot see again; they count in the verdict as they did)")
	}
}
