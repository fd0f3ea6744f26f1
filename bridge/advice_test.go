package bridge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEnumUnknownSaysTheValueMeant: an undocumented enum value a few edits
// from a documented one (QA m04: "Completed") names it, as keys and APIs
// do, and is not also status-success-mismatch, which pushed towards
// success false for a purchase that completed; nor, judged on its own,
// plan-name-nonempty-on-failure.
func TestEnumUnknownSaysTheValueMeant(t *testing.T) {
	ac := `"1$smdp.contoso.example$ABC123"`
	runMessageCases(t, []messageCase{
		{name: "legacy Completed", findings: legacyFindings(payloadPR("", "New", "New", "New", "Completed", "Plan"), Expectation{}),
			code: CodeEnumUnknown, field: "purchaseResult.moDirectStatus",
			want: []string{`got "Completed"`, `Did you mean "Complete" (MobilePlansMoDirectStatus.complete)?`}},
		{name: "legacy Completed: no mismatch", findings: legacyFindings(payloadPR("", "New", "New", "New", "Completed", "Plan"), Expectation{}),
			noCodes: []string{CodeStatusSuccessMismatch, CodePlanNameSetFailure}},
		{name: "legacy Canceled", findings: legacyFindings(payloadPR("", "New", "New", "New", "Canceled", "Plan"), Expectation{}),
			code: CodeEnumUnknown, want: []string{`Did you mean "Cancelled"`}},
		{name: "legacy userAccount Exisitng", findings: legacyFindings(payloadPR("", "Exisitng", "New", "New", "Complete", "Plan"), Expectation{}),
			code: CodeEnumUnknown, field: "purchaseResult.userAccount", want: []string{`Did you mean "Existing" (MobilePlansUserAccount.existing)?`}},
		{name: "legacy far from any value", findings: legacyFindings(payloadPR("", "New", "New", "New", "Banana", "Plan"), Expectation{}),
			code: CodeEnumUnknown, notWant: []string{"Did you mean"}},
		{name: "legacy documented status still compared", findings: legacyFindings(payloadPR("", "New", "New", "New", "PurchaseFailed", "Plan"), Expectation{}),
			code: CodeStatusSuccessMismatch},
		{name: "metadata Completed", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, mdWith("Completed", "Plan"), ac),
			code: CodeEnumUnknown, field: "moDirectStatus", want: []string{`Did you mean "Complete" (MobilePlansMoDirectStatus.complete)?`}},
		{name: "metadata Completed: no mismatch", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, mdWith("Completed", "Plan"), ac),
			noCodes: []string{CodeStatusSuccessMismatch}},
		{name: "metadata on its own, Completed with a plan name", findings: func() []Finding { _, fs := DecodeMetadata([]byte(mdWith("Completed", "Plan"))); return fs },
			code: CodeEnumUnknown, noCodes: []string{CodePlanNameSetFailure}},
	})
}

// TestNullTransactionIDSaysWhy: transactionId null (QA m07: the portal
// read URLSearchParams.get('transactionID')) keeps its severity, an error
// (a value of the wrong type; leaving the key out is the warning
// transaction-id-missing, contract §2.7), and says what null usually means.
func TestNullTransactionIDSaysWhy(t *testing.T) {
	pr := prString("New", "New", "New", "Complete", "Plan")
	runMessageCases(t, []messageCase{
		{name: "null", findings: legacyFindings(`{"ver":"1","success":true,"transactionId":null,"purchaseResult":`+pr+`}`, Expectation{}),
			code: CodeFieldNotString, field: "transactionId",
			want: []string{"got null", "URLSearchParams.get", "get('transactionId')", "case-sensitive", "transactionID"}},
		{name: "number: no null hint", findings: legacyFindings(`{"ver":"1","success":true,"transactionId":42,"purchaseResult":`+pr+`}`, Expectation{}),
			code: CodeFieldNotString, field: "transactionId", notWant: []string{"URLSearchParams"}},
		{name: "iccid null: no transactionId hint", findings: legacyFindings(`{"ver":"1","success":true,"iccid":null,"transactionId":"t","purchaseResult":`+pr+`}`, Expectation{}),
			code: CodeFieldNotString, field: "iccid", notWant: []string{"transactionId"}},
	})
	for _, f := range legacyFindings(`{"ver":"1","success":true,"transactionId":null,"purchaseResult":`+pr+`}`, Expectation{})() {
		if f.Code == CodeFieldNotString && f.Severity != SeverityError {
			t.Errorf("field-not-string is %s", f.Severity)
		}
	}
}

// TestMetadataPropertySetToUndefined: the shim keeps a metadata property
// the page set to undefined (QA m17: md.moDirectStatus =
// MobilePlansMoDirectStatus.Completed, no such member) as
// {"$undefined":true}; the finding then says it is undefined and lists the
// enum's members instead of "has no moDirectStatus; set it", which the
// developer had done. A payload object's undefined members are no value,
// as before.
func TestMetadataPropertySetToUndefined(t *testing.T) {
	ac := `"1$smdp.contoso.example$ABC123"`
	undefStatus := `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":{"$undefined":true},"planName":"Plan"}`
	undefLine := `{"userAccount":"New","purchaseInstrument":"New","lineType":{"$undefined":true},"moDirectStatus":"Complete","planName":"Plan"}`
	pr := prString("New", "New", "New", "Complete", "Plan")
	runMessageCases(t, []messageCase{
		{name: "moDirectStatus undefined", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, undefStatus, ac),
			code: CodeMetadataStatusMissing, field: "moDirectStatus",
			want:    []string{"moDirectStatus is undefined", "misspelt enum member", "MobilePlansMoDirectStatus are complete, serviceError, invalidSIM,"},
			notWant: []string{"has no moDirectStatus"}, noCodes: []string{CodeKeyUnknown, CodeEnumUnknown, CodeSchemaViolation}},
		{name: "lineType undefined", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, undefLine, ac),
			code: CodeMetadataEnumMissing, field: "line",
			want: []string{"lineType is undefined", "MobilePlansLineType are new, existing, bailed, none"}},
		{name: "moDirectStatus never set", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, `{"planName":"Plan"}`, ac),
			code: CodeMetadataStatusMissing, want: []string{"has no moDirectStatus"}, notWant: []string{"undefined"}},
		{name: "metadata string with the marker is the page's data", findings: callFindings(APIInlineNotifyProfileDownload, Expectation{}, string(asString(undefStatus)), ac),
			code: CodeFieldNotString, notWant: []string{"is undefined"}},
		{name: "payload object, transactionId undefined", findings: func() []Finding {
			_, fs := DecodeLegacy([]byte(`{"ver":"1","success":true,"iccid":"8988247000101867183","activationCode":"","transactionId":{"$undefined":true},"purchaseResult":`+pr+`}`), Expectation{})
			return fs
		}, code: CodeTransactionIDMissing, noCodes: []string{CodeFieldNotString, CodeSchemaViolation}},
	})
}

// shimPage is what testdata/shim-page.js saw of a page script run after
// the shim: the envelopes the shim posted (parsed), what the page threw,
// and window.__result.
type shimPage struct {
	Envelopes []Envelope
	Errors    []string
	Page      json.RawMessage
}

// runShimPage runs script as a page after the rendered shim in Node, with
// the page's built-ins spied on; a token any spy saw fails the test.
func runShimPage(t *testing.T, script string) shimPage {
	t.Helper()
	node := nodeOrSkip(t)
	const token = `tok"en-5e1b`
	shim := writeShim(t, token, 64<<10)
	page := filepath.Join(t.TempDir(), "page.js")
	if err := os.WriteFile(page, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Envelopes []string        `json:"envelopes"`
		Stolen    []string        `json:"stolen"`
		Errors    []string        `json:"errors"`
		Page      json.RawMessage `json:"page"`
	}
	out := runNode(t, node, "testdata/shim-page.js", shim, token, page)
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("harness output: %v\n%s", err, out)
	}
	for _, s := range res.Stolen {
		t.Errorf("the page's spies saw the token: %.200s", s)
	}
	sp := shimPage{Errors: res.Errors, Page: res.Page}
	for _, e := range res.Envelopes {
		env, err := ParseEnvelope(e, token, 64<<10)
		if err != nil {
			t.Fatalf("ParseEnvelope(%.200s): %v", e, err)
		}
		sp.Envelopes = append(sp.Envelopes, env)
	}
	return sp
}

// TestShimKeepsArgumentMembersSetToUndefined: in the page, a metadata
// property set to a misspelt enum member is undefined; the shim sends it
// as {"$undefined":true} (members of the argument itself only, as deeper
// ones are left out as JSON.stringify does), and the host's finding says
// moDirectStatus is undefined rather than never set.
func TestShimKeepsArgumentMembersSetToUndefined(t *testing.T) {
	sp := runShimPage(t, `
		var md = MobilePlans.createPurchaseMetaData();
		md.userAccount = MobilePlansUserAccount.new;
		md.purchaseInstrument = MobilePlansPurchaseInstrument.new;
		md.line = MobilePlansLineType.new;
		md.moDirectStatus = MobilePlansMoDirectStatus.Completed;
		md.planName = 'Unlimited 5G';
		md.extra = { deep: undefined };
		MobilePlansInlineOperations.notifyProfileDownload(md, '1$smdp.contoso.example$ABC123');
	`)
	var dl *Envelope
	for i, e := range sp.Envelopes {
		if e.API == APIInlineNotifyProfileDownload {
			dl = &sp.Envelopes[i]
		}
	}
	if dl == nil || len(dl.Args) != 2 {
		t.Fatalf("no download call among %+v (page errors %v)", sp.Envelopes, sp.Errors)
	}
	if got, want := string(dl.Args[0]), `{"userAccount":"New","purchaseInstrument":"New","line":"New","moDirectStatus":{"$undefined":true},"planName":"Unlimited 5G","extra":{}}`; got != want {
		t.Errorf("metadata argument = %s, want %s", got, want)
	}
	cc := CheckCall(*dl, Expectation{})
	var said bool
	for _, f := range cc.Findings {
		if f.Code == CodeMetadataStatusMissing {
			said = strings.Contains(f.Message, "moDirectStatus is undefined")
		}
	}
	if !said {
		t.Errorf("no metadata-status-missing saying undefined: %+v", cc.Findings)
	}
}

// TestShimDefinesExternalNotify: window.external.notify, which the app's
// WebView gives the portal (contract §1.1: the app subscribes to
// ScriptNotify and sets AllowedScriptNotifyUris), no longer throws "is
// not a function" (QA m12); the shim notes each call, coalesced, and the
// host says to hand back through the app's objects (api-other-host).
func TestShimDefinesExternalNotify(t *testing.T) {
	sp := runShimPage(t, `
		window.__result = typeof window.external.notify;
		window.external.notify(JSON.stringify({ success: true, transactionId: 'T1' }));
		window.external.notify('again');
		window.external.notify({ success: true });
		window.external.invoke('raw');
	`)
	if len(sp.Errors) > 0 {
		t.Errorf("the page threw: %v", sp.Errors)
	}
	if string(sp.Page) != `"function"` {
		t.Errorf("typeof window.external.notify = %s", sp.Page)
	}
	var notes []Envelope
	for _, e := range sp.Envelopes {
		if e.API == EventExternalNotify {
			notes = append(notes, e)
		}
	}
	if len(notes) != 1 {
		t.Fatalf("%d %s events (want 1, coalesced) among %+v", len(notes), EventExternalNotify, sp.Envelopes)
	}
	fs := EventFindings(notes[0])
	if len(fs) != 1 || fs[0].Code != CodeAPIOtherHost || fs[0].Severity != SeverityWarning {
		t.Fatalf("findings %+v", fs)
	}
	for _, w := range []string{"window.external.notify(object", `{\"success\":true}`, "(3 times)", "DataMart.notifyPurchaseResult(JSON.stringify(payload))"} {
		if !strings.Contains(fs[0].Message, w) {
			t.Errorf("message %q lacks %q", fs[0].Message, w)
		}
	}
}

// TestOtherHostChannels: an uncaught exception using another host's raw
// channel (QA m13: window.chrome.webview.postMessage, WebView2's) is
// api-other-host naming the app's APIs, in the place of page-error (the
// session asks MistypedNameFinding); mistyped Mobile Plans names stay
// api-mistyped.
func TestOtherHostChannels(t *testing.T) {
	tests := []struct {
		message string
		code    string
		want    string
	}{
		{"TypeError: undefined is not an object (evaluating 'window.chrome.webview')", CodeAPIOtherHost, "WebView2's channel"},
		{"TypeError: undefined is not an object (evaluating 'chrome.webview.postMessage')", CodeAPIOtherHost, "window.chrome.webview.postMessage"},
		{"ReferenceError: Can't find variable: chrome", CodeAPIOtherHost, "WebView2's channel"},
		{"TypeError: window.external.notify is not a function. (In 'window.external.notify(JSON.stringify(payload))', 'window.external.notify' is undefined)", CodeAPIOtherHost, "ScriptNotify"},
		{"TypeError: DataMart.notifyPurchaseResults is not a function. (In 'DataMart.notifyPurchaseResults(p)', 'DataMart.notifyPurchaseResults' is undefined)", CodeAPIMistyped, "did you mean DataMart.notifyPurchaseResult?"},
		{"TypeError: undefined is not an object (evaluating 'window.chromeApp.send')", "", ""},
	}
	for _, tc := range tests {
		f, ok := MistypedNameFinding(tc.message, " at https://mo.example/app.js:3:5")
		if tc.code == "" {
			if ok {
				t.Errorf("%q: %+v, want none", tc.message, f)
			}
			continue
		}
		if !ok || f.Code != tc.code || !strings.Contains(f.Message, tc.want) {
			t.Errorf("%q: %+v, want %s saying %q", tc.message, f, tc.code, tc.want)
		}
		if tc.code == CodeAPIOtherHost && !strings.Contains(f.Message, "MobilePlansInlineOperations.notifyProfileDownload") {
			t.Errorf("%q: %q names no API to use", tc.message, f.Message)
		}
	}
}

// TestShimNotesUnknownEnumMembers: reading a member an enum object does
// not have (QA m17: MobilePlansMoDirectStatus.Completed) is noted by the
// shim, as the FAQ lookup is, and named by enum-member-unknown with the
// member meant; reads of documented members, of the prototype's names and
// of names far from every member (a library's toJSON probe) say nothing.
// The enum objects still behave as frozen ordinary objects.
func TestShimNotesUnknownEnumMembers(t *testing.T) {
	sp := runShimPage(t, `
		var a = MobilePlansMoDirectStatus.Completed;
		var b = MobilePlansMoDirectStatus.Completed;
		var c = DataMartLineType.New;
		var d = MobilePlansMoDirectStatus.complete + MobilePlansLineType.bailed;
		var e = MobilePlansUserAccount.toJSON;
		var f = MobilePlansUserAccount.hasOwnProperty('new');
		window.__result = [a === undefined, c === undefined, d, f, Object.isFrozen(MobilePlansMoDirectStatus),
			Object.keys(MobilePlansLineType).join(','), String(MobilePlansLineType)];
	`)
	if len(sp.Errors) > 0 {
		t.Errorf("the page threw: %v", sp.Errors)
	}
	if got, want := string(sp.Page), `[true,true,"CompleteBailed",true,true,"new,existing,bailed,none","[object Object]"]`; got != want {
		t.Errorf("page saw %s, want %s", got, want)
	}
	var got []string
	for _, e := range sp.Envelopes {
		if e.API != EventEnumLookup {
			continue
		}
		for _, f := range EventFindings(e) {
			got = append(got, f.Field+": "+f.Message)
		}
	}
	want := []string{
		"MobilePlansMoDirectStatus.Completed: MobilePlansMoDirectStatus.Completed is not a member of MobilePlansMoDirectStatus, so it is undefined, and so is whatever the page set from it; did you mean MobilePlansMoDirectStatus.complete? Its members are complete, serviceError, invalidSIM, logOnFailed, purchaseFailed, clientError, billingError, none, cancelled.",
		"DataMartLineType.New: DataMartLineType.New is not a member of DataMartLineType, so it is undefined, and so is whatever the page set from it; did you mean DataMartLineType.new? Its members are new, existing, bailed, none.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}
}
