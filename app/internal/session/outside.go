package session

import (
	"strings"

	"mpsim/bridge"
)

// outsideCalls are the finding codes a session makes of something other
// than what the page's readable Mobile Plans calls say: the portal's loads,
// first paint, console and navigations, its window, the timeout, the simulated eSIM's
// lifecycle, a preset's or scenario's expectation, calls refused before
// they could be read; the design policies' codes (policy-…) too.
var outsideCalls = []string{
	bridge.CodePortalLoadFailed, bridge.CodeWindowCrashed, bridge.CodeHandbackMissing, bridge.CodeHandbackBeforePaint,
	bridge.CodeExpectationNotMet, bridge.CodeExpectationDiffers, bridge.CodeScenarioStepFailed,
	bridge.CodeEnvelopeBadToken, bridge.CodeEnvelopeInvalid,
	bridge.CodeBridgeMessageDropped, bridge.CodeBridgeFloodDropped, bridge.CodeScriptDialog, bridge.CodeLogCapped,
	bridge.CodeCancelUnknownOperation, bridge.CodeCancelTooLate,
	bridge.CodeConsoleError, bridge.CodePageError, bridge.CodePageRejection, bridge.CodeAPIMistyped, bridge.CodeGlobalRedeclared,
	bridge.CodeRequestFailed, bridge.CodeRequestHTTPError, bridge.CodePopupBlocked, bridge.CodeDownloadBlocked,
	bridge.CodeCustomScheme, bridge.CodeOffsiteNavigation, bridge.CodeInspectionCapped, bridge.CodeWalledGardenBlock,
}

// FoundOutsideCalls reports whether a finding of code is one a session
// makes of something other than what the page's calls say (see
// outsideCalls): checking the recorded calls again cannot make it again,
// so `mpsim validate --report` keeps it from the report.
func FoundOutsideCalls(code string) bool {
	if strings.HasPrefix(code, "policy-") {
		return true
	}
	for _, c := range outsideCalls {
		if c == code {
			return true
		}
	}
	return false
}
