package bridge

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func rawArgs(args ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(args))
	for i, a := range args {
		out[i] = json.RawMessage(a)
	}
	return out
}

func TestCheckCall(t *testing.T) {
	md := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`
	mdInline := `{"userAccount":"New","purchaseInstrument":"New","lineType":"New","modirectStatus":"Complete","planName":"MyPlan"}`
	cancel := `{"userAccount":"New","purchaseInstrument":"None","line":"Bailed","moDirectStatus":"Cancelled","planName":""}`
	ac := `"1$smdp.address$matchingID"`
	esim := Expectation{SIMKind: SIMKindESIM, ICCIDs: []string{"8988247000101867183"}}
	newCustomer := Expectation{SIMKind: SIMKindESIM, OperatorICCIDs: []string{}}
	otherOp := Expectation{SIMKind: SIMKindESIM, ICCIDs: []string{"8944120000000000006"}, OperatorICCIDs: []string{}}
	tests := []struct {
		name  string
		api   string
		args  []json.RawMessage
		exp   Expectation
		codes []string
	}{
		{"inline download", APIInlineNotifyProfileDownload, rawArgs(md, ac), esim, nil},
		{"inline download, example key spellings", APIInlineNotifyProfileDownload, rawArgs(mdInline, ac), esim, []string{CodeKeyAlias}},
		{"deferred download", APIInlineNotifyProfileDownload, rawArgs(md, ac, "60"), esim, nil},
		{"deferred download, bad delay", APIInlineNotifyProfileDownload, rawArgs(md, ac, `"soon"`), esim, []string{CodeArgNotUint}},
		// §2.6: the deferred variant's parameter is "activation code or SM-DP+ address".
		{"deferred download, SM-DP+ address (§2.6)", APIInlineNotifyProfileDownload, rawArgs(md, `"smdp.example.com"`, "60"), esim, []string{CodeActivationCodeSMDPAddress}},
		{"deferred download, SM-DP+ address of another SM-DP+", APIInlineNotifyProfileDownload, rawArgs(md, `"smdp.example.com"`, "60"), Expectation{SIMKind: SIMKindESIM, SMDPAddress: "smdp.fabrikam.example"}, []string{CodeActivationCodeSMDPAddress, CodeActivationCodeOtherSMDP}},
		{"immediate download, SM-DP+ address", APIInlineNotifyProfileDownload, rawArgs(md, `"smdp.example.com"`), esim, []string{CodeActivationCodeFormat}},
		{"deferred download, no code", APIInlineNotifyProfileDownload, rawArgs(md, `"nodots"`, "60"), esim, []string{CodeActivationCodeFormat}},
		{"download without code", APIInlineNotifyProfileDownload, rawArgs(md, `""`), esim, []string{CodeActivationCodeMissing}},
		{"download with undefined code", APIInlineNotifyProfileDownload, rawArgs(md, `{"$undefined":true}`), esim, []string{CodeActivationCodeMissing}},
		{"download with LPA code", APIInlineNotifyProfileDownload, rawArgs(md, `"LPA:1$smdp.address$X"`), esim, []string{CodeActivationCodeLPAPrefix}},
		{"download on pSIM", APIInlineNotifyProfileDownload, rawArgs(md, ac), Expectation{SIMKind: SIMKindPSIM}, []string{CodeActivationCodeUnexpected}},
		// §3, §5 #9: planName follows the API called (a download hands back a bought plan), not moDirectStatus.
		{"download, metadata not complete", APIInlineNotifyProfileDownload, rawArgs(cancel, ac), esim, []string{CodePlanNameEmptySuccess, CodeStatusCancelled, CodeStatusSuccessMismatch}},
		{"download, one argument", APIInlineNotifyProfileDownload, rawArgs(md), esim, []string{CodeArgsCount, CodeActivationCodeMissing}},
		// §2.2: the metadata table lists BillingError (not None); §5 #4.
		{"cancel purchase, BillingError (in the metadata table)", APINotifyCancelledPurchase, rawArgs(strings.Replace(cancel, "Cancelled", "BillingError", 1)), esim, nil},
		{"cancel purchase, None (not in the metadata table)", APINotifyCancelledPurchase, rawArgs(strings.Replace(cancel, "Cancelled", "None", 1)), esim, []string{CodeStatusTablePartial}},
		{"async connectivity", APINotifyPurchaseWithProfileDownload, rawArgs(md, ac, "0"), esim, nil},
		{"async connectivity, 5 minutes", APINotifyPurchaseWithProfileDownload, rawArgs(md, ac, "5"), esim, []string{CodeIntervalRounded}},
		{"async connectivity, negative", APINotifyPurchaseWithProfileDownload, rawArgs(md, ac, "-15"), esim, []string{CodeArgNotUint}},
		{"cancel purchase (example)", APINotifyCancelledPurchase, rawArgs(cancel), esim, []string{CodeStatusCancelled}},
		// §3 F8: a cancel is not a purchase, so a plan name is wrong whatever moDirectStatus says.
		{"cancel purchase with Complete", APINotifyCancelledPurchase, rawArgs(md), esim, []string{CodePlanNameSetFailure, CodeStatusSuccessMismatch}},
		{"cancel purchase, metadata as string", APINotifyCancelledPurchase, rawArgs(string(asString(cancel))), esim, []string{CodeMetadataString, CodeStatusCancelled}},
		{"cancel purchase, no metadata", APINotifyCancelledPurchase, rawArgs(), esim, []string{CodeArgsCount, CodeMetadataMissing}},
		{"inline balance", APIInlineNotifyBalanceAddition, rawArgs(md), esim, nil},
		{"inline balance with iccid", APIInlineNotifyBalanceAddition, rawArgs(md, `"8988247000101867183"`), esim, nil},
		{"inline balance, doc iccid (§5 #17)", APIInlineNotifyBalanceAddition, rawArgs(md, `"8900000000000000001"`), Expectation{}, []string{CodeICCIDLuhn}},
		// §3 F7: the balance call's own code; iccid-not-on-device is the legacy payload's (§2.7).
		{"inline balance, unknown iccid", APIInlineNotifyBalanceAddition, rawArgs(md, `"8988247000103824828"`), esim, []string{CodeBalanceICCIDNotOnDevice}},
		{"legacy balance, unknown iccid", APILegacyNotifyBalanceAddition, rawArgs(md, `"8988247000103824828"`), esim, []string{CodeAPILegacy, CodeBalanceICCIDNotOnDevice}},
		{"legacy balance", APILegacyNotifyBalanceAddition, rawArgs(md, `"89000000000000000000"`), Expectation{}, []string{CodeAPILegacy, CodeICCIDLuhn}},
		// §1.3, §3 F7: no iccids means no profile of the operator, so there is no plan to top up.
		{"inline balance, new customer", APIInlineNotifyBalanceAddition, rawArgs(md), newCustomer, []string{CodeBalanceNoOperatorProfile}},
		{"inline balance with iccid, new customer with no profile", APIInlineNotifyBalanceAddition, rawArgs(md, `"8988247000175872416"`), newCustomer, []string{CodeBalanceICCIDNotOnDevice, CodeBalanceNoOperatorProfile}},
		{"inline balance with another operator's iccid, new customer", APIInlineNotifyBalanceAddition, rawArgs(md, `"8944120000000000006"`), otherOp, []string{CodeBalanceNoOperatorProfile}},
		{"legacy balance, new customer", APILegacyNotifyBalanceAddition, rawArgs(md, `"8988247000175872416"`), newCustomer, []string{CodeAPILegacy, CodeBalanceICCIDNotOnDevice, CodeBalanceNoOperatorProfile}},
		{"inline balance, eSIM profiles not known", APIInlineNotifyBalanceAddition, rawArgs(md), Expectation{SIMKind: SIMKindESIM}, nil},
		{"inline balance, physical SIM", APIInlineNotifyBalanceAddition, rawArgs(md), Expectation{SIMKind: SIMKindPSIM, OperatorICCIDs: []string{}}, nil},
		{"legacy balance, number iccid", APILegacyNotifyBalanceAddition, rawArgs(md, `8988247000101867183`), Expectation{}, []string{CodeAPILegacy, CodeFieldNotString}},
		{"operation cancel", APIInlineNotifyOperationCancel, rawArgs(`{"Id":"mpsim-op-1-abc"}`), esim, nil},
		{"operation cancel, bad context", APIInlineNotifyOperationCancel, rawArgs(`"mpsim-op-1"`), esim, []string{CodeOpContextInvalid}},
		{"removed delayed profile", APINotifyPurchaseDelayedProfile, rawArgs(md, "30"), esim, []string{CodeAPIRemoved}},
		{"DataMart alias", APIDataMartNotifyCancelledPurchase, rawArgs(cancel), esim, []string{CodeAPIDataMartName, CodeStatusCancelled}},
		{"legacy inline download", APIInlineProfileDownloadExample, rawArgs(md, ac), esim, []string{CodeAPILegacy}},
		{"create metadata", APICreatePurchaseMetaData, rawArgs(), esim, nil},
		{"FAQ mis-name", APIFAQNotifyPurchaseResult, rawArgs(string(asString(`{"ver":"1","success":false,"purchaseResult":` + prString("None", "None", "None", "ClientError", "") + `}`))), Expectation{}, []string{CodeAPIFAQMisname, CodeTransactionIDMissing}},
		{"listener set to function", EventListenerSet, rawArgs(`{"listener":"profileActivationComplete","property":"profileActivationCompleteScript","object":"MobilePlansInlineOperations","kind":"function","name":"f"}`), esim, []string{CodeListenerFunction}},
		{"listener set to name", EventListenerSet, rawArgs(`{"listener":"profileActivationComplete","kind":"string","name":"f"}`), esim, nil},
		{"listener missing", EventListenerMissing, rawArgs(`{"listener":"registrationChanged","reason":"unset"}`), esim, []string{CodeListenerMissing}},
		{"listener not a function", EventListenerMissing, rawArgs(`{"listener":"registrationChanged","reason":"not-a-function","name":"nope"}`), esim, []string{CodeListenerNotFunc}},
		{"listener threw", EventListenerError, rawArgs(`{"listener":"registrationChanged","name":"f","message":"boom"}`), esim, []string{CodeListenerThrew}},
		{"oversize", EventOversize, rawArgs(`{"api":"DataMart.notifyPurchaseResult","size":300000}`), esim, []string{CodeEnvelopeOversize}},
		{"global overwrite", EventGlobalOverwrite, rawArgs(`{"name":"DataMart"}`), esim, []string{CodeGlobalOverwrite}},
		{"first paint", EventFirstPaint, rawArgs(`{"t":412.5}`), esim, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cc := CheckCall(Envelope{API: tc.api, Args: tc.args}, tc.exp)
			checkFindings(t, cc.Findings)
			want := slices.Clone(tc.codes)
			slices.Sort(want)
			if got := codesOf(cc.Findings); !slices.Equal(got, want) {
				t.Errorf("codes = %v, want %v", got, want)
				for _, f := range cc.Findings {
					t.Logf("  %s %s [%s] %s", f.Severity, f.Code, f.Field, f.Message)
				}
			}
		})
	}
	cc := CheckCall(Envelope{API: APIInlineNotifyProfileDownload, Args: rawArgs(mdInline, ac, "45")}, esim)
	if cc.Metadata == nil || cc.Metadata.Line != "New" || cc.Metadata.MoDirectStatus != "Complete" || cc.ActivationCode != "1$smdp.address$matchingID" || cc.Minutes == nil || *cc.Minutes != 45 {
		t.Errorf("decoded = %+v", cc)
	}
}

// TestMetadataUnreadable: CallCheck.MetadataUnreadable is set exactly for
// a purchase-metadata argument the app cannot read at all (missing, null,
// undefined, no object, JSON that does not parse), for which the real app
// reports invalidJson (contract §2.5); metadata with wrong values, or the
// object passed as a JSON string, is read. Until 2026-12-08 nothing told
// them apart (Metadata is set for every API that takes one).
func TestMetadataUnreadable(t *testing.T) {
	ac := `"1$smdp.address$matchingID"`
	tests := []struct {
		name     string
		metadata string
		want     bool
	}{
		{"object", `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":"Complete","planName":"MyPlan"}`, false},
		{"object with unknown values", `{"userAccount":"Nope","moDirectStatus":"Complete","planName":"MyPlan"}`, false},
		{"object as a JSON string", `"{\"moDirectStatus\":\"Complete\",\"planName\":\"MyPlan\"}"`, false},
		{"malformed JSON string", `"{bad json"`, true},
		{"null", `null`, true},
		{"undefined", `{"$undefined":true}`, true},
		{"a function", `{"$function":"pay"}`, true},
		{"a number", `42`, true},
		{"a string with no object", `"MyPlan"`, true},
		{"a string holding an array", `"[1]"`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cc := CheckCall(Envelope{API: APIInlineNotifyProfileDownload, Args: rawArgs(tc.metadata, ac)}, Expectation{SIMKind: SIMKindESIM})
			if cc.MetadataUnreadable != tc.want {
				t.Errorf("MetadataUnreadable = %v, want %v; findings %v", cc.MetadataUnreadable, tc.want, codesOf(cc.Findings))
			}
		})
	}
}

// TestAPIFindingsNameRealAPIs: every API a finding about an API's status
// tells the portal to use exists in the inventory (contract §2.1).
func TestAPIFindingsNameRealAPIs(t *testing.T) {
	re := regexp.MustCompile(`\b([A-Za-z]+)\.([A-Za-z]+)\b`)
	objects := ObjectNames()
	apis := APINames()
	for _, api := range apis {
		for _, f := range APIFindings(api, 2) {
			if f.Code == CodeArgsCount {
				continue
			}
			for _, m := range re.FindAllStringSubmatch(f.Message, -1) {
				if !slices.Contains(objects, m[1]) {
					continue
				}
				if name := m[1] + "." + m[2]; !slices.Contains(apis, name) {
					t.Errorf("%s: %s names %s, which is no Mobile Plans API: %s", api, f.Code, name, f.Message)
				}
			}
		}
	}
}

// TestOperationCancelAction: a notifyOperationCancel without a valid
// operation context has nothing for the host to cancel (op-context-invalid
// says why), so the host is not asked to cancel operation "".
func TestOperationCancelAction(t *testing.T) {
	tests := []struct {
		name string
		arg  string
		want Action
		id   string
	}{
		{"valid context", `{"Id":"mpsim-op-1-abc"}`, ActionOperationCancel, "mpsim-op-1-abc"},
		{"empty object", `{}`, ActionNone, ""},
		{"empty Id", `{"Id":""}`, ActionNone, ""},
		{"string", `"mpsim-op-1"`, ActionNone, ""},
		{"undefined", `{"$undefined":true}`, ActionNone, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cc := CheckCall(Envelope{API: APIInlineNotifyOperationCancel, Args: rawArgs(tc.arg)}, Expectation{})
			if cc.Action != tc.want || cc.CancelID != tc.id {
				t.Errorf("action %q, id %q; want %q, %q (findings %+v)", cc.Action, cc.CancelID, tc.want, tc.id, cc.Findings)
			}
			if invalid := slices.ContainsFunc(cc.Findings, func(f Finding) bool { return f.Code == CodeOpContextInvalid }); invalid != (tc.id == "") {
				t.Errorf("op-context-invalid %v, want %v", invalid, tc.id == "")
			}
		})
	}
}

// listener-function's example names a global function that suits the
// property the page set.
func TestListenerFunctionExampleSuitsTheProperty(t *testing.T) {
	tests := []struct{ property, want string }{
		{"registrationChangedScript", `MobilePlansInlineOperations.registrationChangedScript = "onRegistrationChanged"`},
		{"registrationCompleteScript", `MobilePlansInlineOperations.registrationCompleteScript = "onRegistrationChanged"`},
		{"profileActivationCompleteScript", `MobilePlansInlineOperations.profileActivationCompleteScript = "onActivationComplete"`},
	}
	for _, tt := range tests {
		env := Envelope{API: EventListenerSet, Args: rawArgs(`{"property":"` + tt.property + `","object":"MobilePlansInlineOperations","kind":"function","name":"f"}`)}
		fs := EventFindings(env)
		if len(fs) != 1 || fs[0].Code != CodeListenerFunction || !strings.Contains(fs[0].Message, tt.want) {
			t.Errorf("%s: %+v, want the example %s", tt.property, fs, tt.want)
		}
	}
}

// Every minutes argument that is not a uint says the same range, whether it
// is a string, negative, a fraction, too large for 64 bits or just over 32:
// before, 4294967296 named the 32-bit limit and 1e21 did not.
func TestMinutesArgSaysTheRangeEachTime(t *testing.T) {
	for _, raw := range []string{`"soon"`, "-15", "1.5", "1e21", "18446744073709551616", "4294967296"} {
		var fs []Finding
		if n := minutesArg(json.RawMessage(raw), "downloadDelay", true, true, func(f ...Finding) { fs = append(fs, f...) }); n != nil {
			t.Errorf("%s: got %d minutes", raw, *n)
		}
		if len(fs) != 1 || fs[0].Code != CodeArgNotUint || !strings.Contains(fs[0].Message, "unsigned 32-bit integer number of minutes (0 to 4294967295)") {
			t.Errorf("%s: %+v", raw, fs)
		}
	}
}
