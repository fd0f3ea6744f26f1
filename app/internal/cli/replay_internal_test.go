package cli

import (
	"slices"
	"strings"
	"testing"

	"mpsim/bridge"
)

// TestReplayFindingSources classifies every finding code by where a session
// finds it: only the codes found in the calls themselves are made again by
// `mpsim validate --report`; the others are kept from the report. Until
// 2026-12-06 the listener findings (host events of the eSIM lifecycle) were
// made again, found missing and dropped, so a session that failed with
// listener-not-function replayed as pass. A code added to bridge.Codes
// fails here until it is given a source.
func TestReplayFindingSources(t *testing.T) {
	sources := []struct {
		source string
		replay bool
		codes  []string
	}{
		{source: "the calls", replay: true, codes: callCodes()},
		{source: "host events: the listeners the app invokes, assignments to its globals, oversize calls", codes: []string{
			bridge.CodeListenerFunction, bridge.CodeListenerMissing, bridge.CodeListenerNotFunc, bridge.CodeListenerThrew,
			bridge.CodeGlobalOverwrite, bridge.CodeEnvelopeOversize,
		}},
		{source: "the simulated eSIM and its flows, the operator's configuration", codes: []string{
			bridge.CodeBalanceICCIDNotOnDevice, bridge.CodeCancelUnknownOperation, bridge.CodeCancelTooLate,
			bridge.CodeBalanceNoOperatorProfile, bridge.CodeICCIDNotInRange, bridge.CodeHandbackICCIDNotCodesProfile,
			bridge.CodeHandbackNotInlineProfile,
		}},
		{source: "the page: console, network, navigations, names it looked up", codes: []string{
			bridge.CodeConsoleError, bridge.CodePageError, bridge.CodePageCSPViolation, bridge.CodePageRejection, bridge.CodeAPIMistyped, bridge.CodeAPIInFrame, bridge.CodeAPIOtherHost, bridge.CodeEnumMemberUnknown,
			bridge.CodeAPIFAQMisname, bridge.CodeAPIFAQLookup, bridge.CodeGlobalRedeclared, bridge.CodeRequestFailed, bridge.CodeRequestHTTPError,
			bridge.CodePopupBlocked, bridge.CodeDownloadBlocked, bridge.CodeCustomScheme, bridge.CodeOffsiteNavigation, bridge.CodeNavigationNotShown,
			bridge.CodeInspectionCapped, bridge.CodeWalledGardenBlock, bridge.CodeScriptDialog,
		}},
		{source: "the session and its window", codes: []string{
			bridge.CodePortalLoadFailed, bridge.CodeWindowCrashed, bridge.CodeHandbackMissing, bridge.CodeHandbackBeforePaint, bridge.CodeScenarioStepFailed,
			bridge.CodeEnvelopeBadToken, bridge.CodeEnvelopeInvalid, bridge.CodeBridgeMessageDropped,
			bridge.CodeBridgeFloodDropped, bridge.CodeLogCapped, bridge.CodeExpectationNotMet, bridge.CodeExpectationDiffers,
			// Found beside the origin check, by the session, not by a replay's CheckOrigin.
			bridge.CodeOriginOtherPort,
		}},
	}
	sourceOf := map[string]string{}
	for _, s := range sources {
		for _, code := range s.codes {
			if was, ok := sourceOf[code]; ok {
				t.Errorf("%s is listed under %q and %q", code, was, s.source)
			}
			sourceOf[code] = s.source
			if got := fromCalls(code); got != s.replay {
				t.Errorf("%s (from %s): replayed = %v, want %v", code, s.source, got, s.replay)
			}
		}
	}
	for _, ci := range bridge.Codes() {
		if _, ok := sourceOf[ci.Code]; ok {
			continue
		}
		if strings.HasPrefix(ci.Code, "policy-") { // the design policies
			if fromCalls(ci.Code) {
				t.Errorf("%s (a policy) is replayed", ci.Code)
			}
			continue
		}
		t.Errorf("%s has no source here: say where a session finds it, and whether a replay can find it again", ci.Code)
	}
	if fromCalls("a-code-added-later") {
		t.Error("a code the replay does not know is replayed: it would be lost")
	}
}

// TestDiffFindings: a finding recorded and given again with another
// severity is a change, not a finding new and one gone (before, it was no
// difference at all, though it could change the verdict).
func TestDiffFindings(t *testing.T) {
	f := func(code string, sev bridge.Severity) bridge.Finding {
		return bridge.Finding{Code: code, Severity: sev, Field: "f"}
	}
	const a, b, c = "code-a", "code-b", "code-c"
	err, warn := bridge.SeverityError, bridge.SeverityWarning
	tests := []struct {
		name          string
		recorded, now []bridge.Finding
		added, gone   []bridge.Finding
		changed       []severityChange
	}{
		{"the same", []bridge.Finding{f(a, err)}, []bridge.Finding{f(a, err)}, nil, nil, nil},
		{"the message alone differs", []bridge.Finding{f(a, err)}, []bridge.Finding{{Code: a, Severity: err, Field: "f", Message: "now"}}, nil, nil, nil},
		{"new and gone", []bridge.Finding{f(a, err)}, []bridge.Finding{f(b, warn), f(b, warn)}, []bridge.Finding{f(b, warn)}, []bridge.Finding{f(a, err)}, nil},
		{"error to warning", []bridge.Finding{f(a, err), f(c, warn)}, []bridge.Finding{f(a, warn), f(c, warn)}, nil, nil, []severityChange{{f(a, warn), err}}},
		{"warning to error", []bridge.Finding{f(a, warn)}, []bridge.Finding{f(a, err)}, nil, nil, []severityChange{{f(a, err), warn}}},
		{"another field is no change", []bridge.Finding{f(a, err)}, []bridge.Finding{{Code: a, Severity: warn, Field: "g"}}, []bridge.Finding{{Code: a, Severity: warn, Field: "g"}}, []bridge.Finding{f(a, err)}, nil},
		{"one of two severities left", []bridge.Finding{f(a, err), f(a, warn)}, []bridge.Finding{f(a, warn)}, nil, []bridge.Finding{f(a, err)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			added, gone, changed := diffFindings(tc.recorded, tc.now)
			if !slices.Equal(added, tc.added) || !slices.Equal(gone, tc.gone) || !slices.Equal(changed, tc.changed) {
				t.Errorf("added %v, gone %v, changed %v; want %v, %v, %v", added, gone, changed, tc.added, tc.gone, tc.changed)
			}
		})
	}
}
