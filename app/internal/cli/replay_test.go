package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// handbackReport is a report of a session whose portal handed back payload
// from the launch's own page.
func handbackReport(t *testing.T, dir string, verdict bridge.Verdict, iccid string, findings []bridge.Finding) string {
	t.Helper()
	launch := "https://portal.example/start?transactionId=tx-1"
	pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`
	payload, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": iccid,
		"activationCode": "1$smdp.contoso.example$ABC-123", "transactionId": "tx-1", "purchaseResult": pr})
	arg, _ := json.Marshal(string(payload))
	rep := session.Report{
		Launch:  simulator.Launch{URL: launch, Params: []simulator.Param{{Name: "transactionId", Value: "tx-1"}}},
		Calls:   []session.CallRecord{{API: "DataMart.notifyPurchaseResult", Args: []json.RawMessage{arg}, PageURL: launch, Accepted: true}},
		Verdict: verdict, Ended: session.EndedHandBack, Findings: findings,
		Device: &simulator.Device{Kind: simulator.KindESIM},
	}
	b, _ := json.Marshal(rep)
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateReport(t *testing.T) {
	dir := t.TempDir()
	good := handbackReport(t, filepath.Join(mkdir(t, dir, "good")), bridge.VerdictPass, "8988247000101997790", nil)
	// Yesterday's rules passed a hand-back whose ICCID fails the check digit.
	bad := handbackReport(t, mkdir(t, dir, "bad"), bridge.VerdictPass, "89882470001019977",
		[]bridge.Finding{{Code: "old-rule", Severity: bridge.SeverityWarning}})
	notReport := filepath.Join(dir, "x.json")
	_ = os.WriteFile(notReport, []byte(`{"hello":1}`), 0o600)
	// mpsim test's cell reports mask identifiers: checked again, the ICCID
	// "XXXXXXXXXXXXXXX7790" failed its format and turned pass into fail.
	masked := handbackReport(t, mkdir(t, dir, "masked"), bridge.VerdictPass, "XXXXXXXXXXXXXXX7790", nil)
	results := filepath.Join(dir, "results.json")
	_ = os.WriteFile(results, []byte(`{"tool":"mpsim","seed":1,"cells":[]}`), 0o600)
	// A HAR and mpsim test's output directory, given by mistake (QA
	// upgrade: a Go decoding error, a bare "no such file").
	har := filepath.Join(dir, "run.har")
	_ = os.WriteFile(har, []byte(`{"log":{"version":"1.2","creator":{"name":"mpsim"},"pages":[],"entries":[]}}`), 0o600)
	testOut := mkdir(t, dir, "test-out")
	_ = os.WriteFile(filepath.Join(testOut, "junit.xml"), []byte(`<testsuites/>`), 0o600)
	empty := mkdir(t, dir, "empty")
	// A session that failed on what it saw outside the calls: a preset's
	// expectation (until 2026-12-05 replayed as pass, exit 0).
	unmet := handbackReport(t, mkdir(t, dir, "unmet"), bridge.VerdictFail, "8988247000101997790",
		[]bridge.Finding{{Code: bridge.CodeExpectationNotMet, Severity: bridge.SeverityError, Message: "moDirectStatus: want InvalidSIM"}})
	// A listener the page named but never defined: the app's invocation of
	// it (the eSIM lifecycle) failed the session. Until 2026-12-06 the
	// replay dropped both listener findings and said "pass (was fail)".
	listener := handbackReport(t, mkdir(t, dir, "listener"), bridge.VerdictFail, "8988247000101997790",
		[]bridge.Finding{
			{Code: bridge.CodeListenerNotFunc, Severity: bridge.SeverityError, Field: "MobilePlansInlineOperations.profileActivationCompleteScript"},
			{Code: bridge.CodeListenerMissing, Severity: bridge.SeverityWarning},
		})
	// A portal that never loaded: no calls, verdict no-callback.
	unloaded := filepath.Join(mkdir(t, dir, "unloaded"), "report.json")
	writeReport(t, unloaded, session.Report{Launch: simulator.Launch{URL: "https://portal.example/"}, Verdict: bridge.VerdictNoCallback,
		Ended: session.EndedLoadFailed, Findings: []bridge.Finding{{Code: bridge.CodePortalLoadFailed, Severity: bridge.SeverityError}}})
	tests := []struct {
		name string
		args []string
		code int
		out  []string
	}{
		{"unchanged", []string{"validate", "--report", good}, 0, []string{"verdict:         pass (unchanged)", "1 checked again"}},
		{"history session directory", []string{"validate", "--report", filepath.Dir(good)}, 0, []string{"pass (unchanged)"}},
		{"new rules fail it", []string{"validate", "--report", bad}, 1, []string{"verdict:         fail (was pass)", "new since:", "not found again:", "old-rule"}},
		{"json", []string{"validate", "--report", bad, "--json"}, 1, []string{`"recordedVerdict": "pass"`, `"verdict": "fail"`}},
		{"a session's own findings are kept", []string{"validate", "--report", unmet}, 1, []string{"verdict:         fail (unchanged)", "kept:", "expectation-not-met"}},
		{"the listeners' findings are kept", []string{"validate", "--report", listener}, 1, []string{"verdict:         fail (unchanged)", "kept:", "listener-not-function", "listener-missing", "not found again: none"}},
		{"a portal that never loaded", []string{"validate", "--report", unloaded}, 1, []string{"verdict:         no-callback (unchanged)", "kept:", "portal-load-failed"}},
		{"not a report", []string{"validate", "--report", notReport}, 2, nil},
		{"masked identifiers", []string{"validate", "--report", masked}, 2, nil},
		{"a test run's results", []string{"validate", "--report", results}, 2, nil},
		{"a HAR", []string{"validate", "--report", har}, 2, nil},
		{"a test run's directory", []string{"validate", "--report", testOut}, 2, nil},
		{"a directory without a report", []string{"validate", "--report", empty}, 2, nil},
		{"missing", []string{"validate", "--report", filepath.Join(dir, "none.json")}, 2, nil},
		{"report and file", []string{"validate", "--report", good, good}, 2, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mpsim(t, t.TempDir(), tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, want := range tc.out {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("output lacks %q:\n%s", want, r.stdout)
				}
			}
			if why := map[string]string{
				"masked identifiers": "has masked identifiers", "a test run's results": "results of mpsim test --json",
				"a HAR": "is a HAR file", "a test run's directory": "looks like the output of mpsim test (junit.xml)",
				"a directory without a report": "holds no report.json",
			}[tc.name]; why != "" && !strings.Contains(r.stderr, why) {
				t.Errorf("stderr %q lacks %q", r.stderr, why)
			}
		})
	}
}

// An inline download before the legacy hand-back is one hand-back when
// replayed, as in the session (the inline call keeps the portal open),
// not a repeated one.
func TestValidateReportInlineThenLegacy(t *testing.T) {
	dir := t.TempDir()
	path, rep := passedReport(t, dir)
	md, _ := json.Marshal(json.RawMessage(`{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`))
	code, _ := json.Marshal("1$smdp.contoso.example$ABC-123")
	inline := session.CallRecord{API: "MobilePlansInlineOperations.notifyProfileDownload", Args: []json.RawMessage{md, code}, PageURL: rep.Launch.URL, Accepted: true}
	rep.Calls = append([]session.CallRecord{inline}, rep.Calls...)
	writeReport(t, path, rep)
	r := mpsim(t, dir, "validate", "--report", path, "--json")
	if strings.Contains(r.stdout, bridge.CodeHandbackRepeated) || !strings.Contains(r.stdout, `"replayed": 2`) {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// Calls whose arguments the report did not keep whole (argsCut) or that
// were never forwarded for their size (oversize) are not checked again:
// before, their placeholders were judged as the page's arguments.
func TestValidateReportSkipsCallsNotKeptWhole(t *testing.T) {
	dir := t.TempDir()
	path, rep := passedReport(t, dir)
	placeholder, _ := json.Marshal("(204800 bytes not kept)")
	cut := session.CallRecord{API: "DataMart.createPurchaseMetaData", Args: []json.RawMessage{placeholder}, PageURL: rep.Launch.URL, Accepted: true, ArgsCut: 204800}
	big := session.CallRecord{API: "MobilePlans.notifyCancelledPurchase", PageURL: rep.Launch.URL, Oversize: 300000, Rejected: "not forwarded"}
	rep.Calls = append([]session.CallRecord{cut, big}, rep.Calls...)
	writeReport(t, path, rep)
	r := mpsim(t, dir, "validate", "--report", path, "--json")
	for _, want := range []string{`"replayed": 1`, `"unreplayed": 1`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lacks %s: exit %d\n%s%s", want, r.code, r.stdout, r.stderr)
		}
	}
	if strings.Contains(r.stdout, bridge.CodeArgsCount) || strings.Contains(r.stdout, bridge.CodeHandbackRepeated) {
		t.Errorf("the calls not kept whole were judged:\n%s", r.stdout)
	}
}

// TestValidateReportListsAFindingOnce: the same observation on every call
// (the page's port) is one finding, as in the session; it was listed once
// per call.
func TestValidateReportListsAFindingOnce(t *testing.T) {
	dir := t.TempDir()
	path, rep := passedReport(t, dir)
	launch := "https://portal.example:8443/start?transactionId=tx-1"
	rep.Launch.URL = launch
	meta := session.CallRecord{API: bridge.APICreatePurchaseMetaData, PageURL: launch, Accepted: true}
	rep.Calls = append([]session.CallRecord{meta}, rep.Calls...)
	for i := range rep.Calls {
		rep.Calls[i].PageURL = launch
	}
	writeReport(t, path, rep)
	r := mpsim(t, dir, "validate", "--report", path)
	findings, _, _ := strings.Cut(r.stdout, "new since")
	if n := strings.Count(findings, bridge.CodeOriginPort); n != 1 {
		t.Errorf("origin-port listed %d times, want once:\n%s%s", n, r.stdout, r.stderr)
	}
}

// passedReport writes a passed hand-back's report in dir (handbackReport)
// and returns its path and the report, to be changed and written again.
func passedReport(t *testing.T, dir string) (string, session.Report) {
	t.Helper()
	path := handbackReport(t, dir, bridge.VerdictPass, "8988247000101997790", nil)
	data, _ := os.ReadFile(path)
	var rep session.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return path, rep
}

func writeReport(t *testing.T, path string, rep session.Report) {
	t.Helper()
	b, _ := json.Marshal(rep)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, parent, name string) string {
	t.Helper()
	d := filepath.Join(parent, name)
	if err := os.MkdirAll(d, 0o700); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestValidateSIMAndICCIDs: --sim takes esim, psim or none in any case and
// refuses the rest (a typo turned the eSIM checks off); an eSIM hand-back
// without an activation code naming the operator's profile given with
// --iccids is flow F2 and passes, and without --iccids the error says what
// validate cannot know.
func TestValidateSIMAndICCIDs(t *testing.T) {
	const iccid = "8988247000132222507"
	pr := `{"userAccount":"Existing","purchaseInstrument":"New","line":"Existing","moDirectStatus":"Complete","planName":"MyPlan"}`
	payload, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": iccid, "transactionId": "T1", "purchaseResult": pr})
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"F2 with the launch's iccids", []string{"--sim", "esim", "--iccids", "8988247000100000001," + iccid}, 0, ""},
		{"eSIM without --iccids", []string{"--sim", "esim"}, 1, "Give the launch's iccids with --iccids"},
		{"eSIM in capitals", []string{"--sim", "ESIM"}, 1, "activation-code-missing"},
		{"a typo", []string{"--sim", "esm"}, 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mpsimStdin(t, t.TempDir(), string(payload), append([]string{"validate", "-"}, tc.args...)...)
			if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
				t.Errorf("exit %d (want %d), output lacks %q:\n%s%s", r.code, tc.code, tc.want, r.stdout, r.stderr)
			}
		})
	}
}

// A portal that downloaded a profile inline and then handed back with the
// legacy call naming that profile without a code (flow F2 for a profile
// now on the eSIM) passed in the session; replayed against the launch's
// ICCIDs alone it came back with activation-code-missing, "fail (was
// pass)". The profiles the session's downloads installed count as the
// operator's, as in the session.
func TestValidateReportKnowsTheProfileDownloadedInline(t *testing.T) {
	dir := t.TempDir()
	const existing, downloaded, code = "8988247000101997790", "8988247000101997808", "1$smdp.contoso.example$NEW-1"
	launch := "https://portal.example/start?transactionId=tx-1&iccids=" + existing
	md, _ := json.Marshal(json.RawMessage(`{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`))
	codeArg, _ := json.Marshal(code)
	pr := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`
	payload, _ := json.Marshal(map[string]any{"ver": "1", "success": true, "iccid": downloaded, "activationCode": "", "transactionId": "tx-1", "purchaseResult": pr})
	legacy, _ := json.Marshal(string(payload))
	rep := session.Report{
		Launch: simulator.Launch{URL: launch, Params: []simulator.Param{{Name: "transactionId", Value: "tx-1"}, {Name: "iccids", Value: existing}}},
		Calls: []session.CallRecord{
			{API: "MobilePlansInlineOperations.notifyProfileDownload", Args: []json.RawMessage{md, codeArg}, PageURL: launch, Accepted: true},
			{API: "DataMart.notifyPurchaseResult", Args: []json.RawMessage{legacy}, PageURL: launch, Accepted: true},
		},
		Verdict: bridge.VerdictPass, Ended: session.EndedHandBack,
		Device: &simulator.Device{Kind: simulator.KindESIM, Profiles: []simulator.Profile{
			{ICCID: existing, Operator: "Contoso", State: simulator.ProfileInstalled},
			{ICCID: downloaded, Operator: "Contoso", State: simulator.ProfileActive, ActivationCode: code},
		}},
	}
	path := filepath.Join(dir, "report.json")
	writeReport(t, path, rep)
	r := mpsim(t, dir, "validate", "--report", path)
	if r.code != 0 || strings.Contains(r.stdout, bridge.CodeActivationCodeMissing) {
		t.Errorf("exit %d, want 0 and no %s\n%s%s", r.code, bridge.CodeActivationCodeMissing, r.stdout, r.stderr)
	}
}

// TestValidateReportCallsAfterControlReturned: a portal that handed back
// a valid payload, then "{bad json", then another transactionId. The
// session judged the two later calls as made after control had returned to
// the app (at most warnings, session.UnseenByTheApp) and passed; replayed,
// they came back as errors, "fail (was pass)", and the diff said "new
// since: none" as only their severity had changed. The replay applies the
// session's rule, and a report written before it (the same findings as
// errors) shows the change of severity.
func TestValidateReportCallsAfterControlReturned(t *testing.T) {
	const prefix = "In a call made after control had returned to the app, which the real app never sees: "
	asTheSession := []bridge.Finding{
		{Code: bridge.CodeAPILegacySupported, Severity: bridge.SeverityInfo, Field: "api"},
		{Code: bridge.CodeJSONMalformed, Severity: bridge.SeverityWarning, Message: prefix + "The payload is not valid JSON"},
		{Code: bridge.CodeTransactionIDMismatch, Severity: bridge.SeverityWarning, Field: "transactionId", Message: prefix + "transactionId"},
		{Code: bridge.CodeHandbackRepeated, Severity: bridge.SeverityWarning},
	}
	beforeTheRule := slices.Clone(asTheSession)
	beforeTheRule[1].Severity, beforeTheRule[2].Severity = bridge.SeverityError, bridge.SeverityError
	tests := []struct {
		name     string
		verdict  bridge.Verdict
		findings []bridge.Finding
		out      []string
	}{
		{"as the session recorded it", bridge.VerdictPass, asTheSession, []string{
			"verdict:         pass (unchanged)", "new since:       none", "not found again: none", "severity changed: none",
			"warning json-malformed: " + prefix, "warning transaction-id-mismatch [transactionId]: " + prefix,
		}},
		{"recorded as errors", bridge.VerdictFail, beforeTheRule, []string{
			"verdict:         pass (was fail)", "new since:       none", "not found again: none", "severity changed:\n",
			"  warning (was error) json-malformed: " + prefix, "  warning (was error) transaction-id-mismatch [transactionId]: " + prefix,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path, rep := passedReport(t, dir)
			var payload map[string]any
			var text string
			if err := json.Unmarshal(rep.Calls[0].Args[0], &text); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(text), &payload); err != nil {
				t.Fatal(err)
			}
			payload["transactionId"] = "tx-2"
			other, _ := json.Marshal(payload)
			otherArg, _ := json.Marshal(string(other))
			badArg, _ := json.Marshal("{bad json")
			for _, arg := range []json.RawMessage{badArg, otherArg} {
				late := rep.Calls[0]
				late.Args, late.Accepted = []json.RawMessage{arg}, false
				late.Rejected = "not acted on: control had returned to the app before this call to " + late.API
				rep.Calls = append(rep.Calls, late)
			}
			rep.Verdict, rep.Findings = tc.verdict, tc.findings
			writeReport(t, path, rep)
			r := mpsim(t, dir, "validate", "--report", path)
			if r.code != 0 {
				t.Errorf("exit %d, want 0", r.code)
			}
			for _, want := range tc.out {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("output lacks %q", want)
				}
			}
			if t.Failed() {
				t.Logf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			}
		})
	}
}
