package bridge

import (
	"slices"
	"strings"
	"testing"
)

// TestArgsSwapped: a call whose arguments are in the wrong order (QA: an
// activation code first and the metadata second) gets one args-swapped
// error naming the order, and none of the findings that contradicted each
// other before (json-malformed "build it with JSON.stringify", then
// metadata-string "no JSON.stringify", then field-not-string). Every API of
// two or more arguments of different shapes is covered; calls in order and
// wrong arguments that say nothing of an order are not swaps.
func TestArgsSwapped(t *testing.T) {
	md := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`
	ac := `"1$smdp.contoso.example$ABC123"`
	iccid := `"8988247000101867183"`
	esim := Expectation{SIMKind: SIMKindESIM, ICCIDs: []string{"8988247000101867183"}}
	tests := []struct {
		name  string
		api   string
		args  []string
		codes []string
		order string // in the message, when args-swapped
	}{
		{"inline download, code then metadata (QA m16)", APIInlineNotifyProfileDownload, []string{ac, md}, []string{CodeArgsSwapped},
			"(metadata, activationCode, downloadDelay); it was called with (an activation code, purchase metadata)"},
		{"inline download, metadata as string second", APIInlineNotifyProfileDownload, []string{ac, string(asString(md))}, []string{CodeArgsSwapped, CodeMetadataString}, "purchase metadata first"},
		{"deferred download, delay and code swapped", APIInlineNotifyProfileDownload, []string{md, "60", ac}, []string{CodeArgsSwapped}, "argument 2 looks like a number of minutes, argument 3 looks like an activation code"},
		{"deferred download, all three turned", APIInlineNotifyProfileDownload, []string{ac, "60", md}, []string{CodeArgsSwapped}, "(an activation code, a number of minutes, purchase metadata)"},
		{"inline download, ICCID first, metadata second", APIInlineNotifyProfileDownload, []string{iccid, md}, []string{CodeArgsSwapped, CodeActivationCodeFormat}, "argument 1 looks like an ICCID"},
		{"async connectivity, code first", APINotifyPurchaseWithProfileDownload, []string{ac, md, "0"}, []string{CodeArgsSwapped}, "(metadata, activationCode, networkRegistrationInterval)"},
		{"DataMart async connectivity, code first", APIDataMartNotifyPurchaseWithProfileDownload, []string{ac, md, "0"}, []string{CodeAPIDataMartName, CodeArgsSwapped}, "(metadata, activationCode"},
		{"legacy inline download, code first", APIInlineProfileDownload, []string{ac, md}, []string{CodeAPILegacy, CodeArgsSwapped}, "(metadata, activationCode)"},
		{"legacy inline download (example object), code first", APIInlineProfileDownloadExample, []string{ac, md}, []string{CodeAPILegacy, CodeArgsSwapped}, "(metadata, activationCode)"},
		{"DataMart inline download, code first", APIDataMartInlineProfileDownload, []string{ac, md}, []string{CodeAPIDataMartName, CodeArgsSwapped}, "(metadata, activationCode)"},
		{"inline balance, iccid first", APIInlineNotifyBalanceAddition, []string{iccid, md}, []string{CodeArgsSwapped}, "(metadata, iccid); it was called with (an ICCID, purchase metadata)"},
		{"legacy balance, iccid first", APILegacyNotifyBalanceAddition, []string{iccid, md}, []string{CodeAPILegacy, CodeArgsSwapped}, "(metadata, iccid)"},
		{"DataMart balance, iccid first", APIDataMartNotifyBalanceAddition, []string{iccid, md}, []string{CodeAPIDataMartName, CodeArgsSwapped}, "(metadata, iccid)"},
		{"delayed profile, interval first", APINotifyPurchaseDelayedProfile, []string{"30", md}, []string{CodeAPIRemoved, CodeArgsSwapped}, "(metadata, profileDownloadDelayInterval)"},
		{"DataMart delayed profile, interval first", APIDataMartNotifyPurchaseDelayedProfile, []string{"30", md}, []string{CodeAPIRemoved, CodeArgsSwapped}, "(metadata, profileDownloadDelayInterval)"},
		// Not swaps: in order, or one wrong argument.
		{"inline download in order", APIInlineNotifyProfileDownload, []string{md, ac}, nil, ""},
		{"inline download, delay as string", APIInlineNotifyProfileDownload, []string{md, ac, `"60"`}, []string{CodeArgNotUint}, ""},
		{"inline download, number for the code", APIInlineNotifyProfileDownload, []string{md, "60"}, []string{CodeFieldNotString}, ""},
		{"inline download, code only", APIInlineNotifyProfileDownload, []string{ac}, []string{CodeArgsCount, CodeMetadataNotObject, CodeActivationCodeMissing}, ""},
		{"inline download, two codes", APIInlineNotifyProfileDownload, []string{ac, ac}, []string{CodeMetadataNotObject}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cc := CheckCall(Envelope{API: tc.api, Args: rawArgs(tc.args...)}, esim)
			checkFindings(t, cc.Findings)
			want := slices.Clone(tc.codes)
			slices.Sort(want)
			if got := codesOf(cc.Findings); !slices.Equal(got, want) {
				t.Errorf("codes = %v, want %v", got, want)
				for _, f := range cc.Findings {
					t.Logf("  %s %s [%s] %s", f.Severity, f.Code, f.Field, f.Message)
				}
			}
			for _, f := range cc.Findings {
				if f.Code == CodeArgsSwapped && !strings.Contains(f.Message, tc.order) {
					t.Errorf("args-swapped says %q; want it to contain %q", f.Message, tc.order)
				}
			}
			if slices.Contains(tc.codes, CodeArgsSwapped) && (cc.ActivationCode != "" || cc.ICCID != "" || cc.Minutes != nil) {
				t.Errorf("a swapped call was decoded as if in order: %+v", cc)
			}
		})
	}
}
