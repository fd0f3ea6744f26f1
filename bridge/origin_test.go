package bridge

import (
	"slices"
	"testing"
	"time"
)

var testTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestCheckOrigin(t *testing.T) {
	allowed := []string{"moportal.com", "https://Notify.Example.org/path", "127.0.0.1:4431", "[::1]"}
	tests := []struct {
		url      string
		accepted bool
		codes    []string
	}{
		{"https://moportal.com/?market=US", true, nil},
		{"https://MOPORTAL.com./deep/path?x#y", true, nil},
		{"https://notify.example.org/other", true, nil},
		{"https://moportal.com:8443/", true, []string{CodeOriginPort}},
		{"https://127.0.0.1:4431/?a=b", true, []string{CodeOriginPort}},
		{"https://[::1]/", true, nil},
		{"https://evil.example/", false, []string{CodeOriginNotAllowed}},
		{"https://moportal.com.evil.example/", false, []string{CodeOriginNotAllowed}},
		{"https://sub.moportal.com/", false, []string{CodeOriginNotAllowed}},
		{"http://moportal.com/", false, []string{CodeOriginInsecure}},
		{"http://127.0.0.1:8080/", true, []string{CodeOriginLoopbackHTTP, CodeOriginPort}},
		{"http://localhost/", true, []string{CodeOriginLoopbackHTTP}},
		{"http://[::1]:9/", true, []string{CodeOriginLoopbackHTTP, CodeOriginPort}},
		{"http://127.0.0.2/", false, []string{CodeOriginInsecure}},
		{"file:///tmp/portal.html", false, []string{CodeOriginInvalid}},
		{"about:blank", false, []string{CodeOriginInvalid}},
		{"", false, []string{CodeOriginInvalid}},
		{"data:text/html,hi", false, []string{CodeOriginInvalid}},
		{"ftp://moportal.com/", false, []string{CodeOriginInsecure}},
		{"https://user:pw@moportal.com/", true, nil},
		{"::not a url", false, []string{CodeOriginInvalid}},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			ok, fs := CheckOrigin(tc.url, allowed)
			checkFindings(t, fs)
			if ok != tc.accepted {
				t.Errorf("accepted = %v, want %v (%+v)", ok, tc.accepted, fs)
			}
			want := slices.Clone(tc.codes)
			slices.Sort(want)
			if got := codesOf(fs); !slices.Equal(got, want) {
				t.Errorf("codes = %v, want %v", got, want)
			}
			if !ok && !HasErrors(fs) {
				t.Error("refused without an error finding")
			}
		})
	}
	if ok, _ := CheckOrigin("https://moportal.com/", nil); ok {
		t.Error("no allowed hosts must refuse https pages")
	}
}

func TestDecideVerdict(t *testing.T) {
	errF := []Finding{newFinding(CodeTransactionIDMismatch, "transactionId", "x")}
	warnF := []Finding{newFinding(CodeKeyCase, "iccid", "x"), newFinding(CodeVerMissing, "ver", "x")}
	tests := []struct {
		name      string
		handBacks int
		rejected  int
		findings  []Finding
		want      Verdict
	}{
		{"clean", 1, 0, nil, VerdictPass},
		{"warnings only", 1, 0, warnF, VerdictPass},
		{"error", 1, 0, append(warnF, errF...), VerdictFail},
		{"nothing", 0, 0, nil, VerdictNoCallback},
		{"nothing but errors", 0, 0, errF, VerdictNoCallback},
		{"only rejected", 0, 2, nil, VerdictRejected},
		{"rejected and accepted", 1, 3, nil, VerdictPass},
		{"rejected and accepted with error", 1, 1, errF, VerdictFail},
		{"two hand-backs", 2, 0, SessionFindings(2), VerdictPass},
	}
	for _, tc := range tests {
		if got := DecideVerdict(tc.handBacks, tc.rejected, tc.findings); got != tc.want {
			t.Errorf("%s: verdict = %s, want %s", tc.name, got, tc.want)
		}
	}
	if fs := SessionFindings(2); len(fs) != 1 || fs[0].Code != CodeHandbackRepeated {
		t.Errorf("SessionFindings(2) = %+v", fs)
	}
	if fs := SessionFindings(1); len(fs) != 0 {
		t.Errorf("SessionFindings(1) = %+v", fs)
	}
}

func TestReturnsControl(t *testing.T) {
	yes := []string{APIDataMartNotifyPurchaseResult, APINotifyCancelledPurchase, APINotifyPurchaseWithProfileDownload,
		APILegacyNotifyBalanceAddition, APINotifyPurchaseDelayedProfile, APIDataMartNotifyCancelledPurchase,
		APIDataMartNotifyBalanceAddition, APIDataMartNotifyPurchaseWithProfileDownload, APIDataMartNotifyPurchaseDelayedProfile}
	no := []string{APIInlineNotifyProfileDownload, APIInlineNotifyOperationCancel, APIInlineNotifyBalanceAddition,
		APICreatePurchaseMetaData, APIFAQNotifyPurchaseResult, APIInlineProfileDownload, EventFirstPaint, "", "x.y"}
	for _, a := range yes {
		if !ReturnsControl(a) || !IsHandBack(a) {
			t.Errorf("ReturnsControl/IsHandBack(%q) = false", a)
		}
	}
	for _, a := range no {
		if ReturnsControl(a) {
			t.Errorf("ReturnsControl(%q) = true", a)
		}
	}
	if !IsHandBack(APIInlineNotifyProfileDownload) || IsHandBack(APIInlineNotifyOperationCancel) || !IsInline(APIInlineNotifyOperationCancel) {
		t.Error("inline classification wrong")
	}
}

func TestAPIFindings(t *testing.T) {
	tests := []struct {
		api   string
		n     int
		codes []string
	}{
		{APIInlineNotifyProfileDownload, 2, nil},
		{APIInlineNotifyProfileDownload, 3, nil},
		{APIInlineNotifyProfileDownload, 1, []string{CodeArgsCount}},
		{APIDataMartNotifyPurchaseResult, 1, []string{CodeAPILegacySupported}},
		{APIFAQNotifyPurchaseResult, 1, []string{CodeAPIFAQMisname}},
		{APINotifyPurchaseDelayedProfile, 2, []string{CodeAPIRemoved}},
		{APIDataMartNotifyCancelledPurchase, 1, []string{CodeAPIDataMartName}},
		{APILegacyNotifyBalanceAddition, 2, []string{CodeAPILegacy}},
		{APIInlineProfileDownloadExample, 2, []string{CodeAPILegacy}},
		{"Foo.bar", 0, []string{CodeAPIUnknown}},
		{EventFirstPaint, 1, nil},
	}
	for _, tc := range tests {
		fs := APIFindings(tc.api, tc.n)
		checkFindings(t, fs)
		want := slices.Clone(tc.codes)
		slices.Sort(want)
		if got := codesOf(fs); !slices.Equal(got, want) {
			t.Errorf("APIFindings(%q, %d) = %v, want %v", tc.api, tc.n, got, want)
		}
	}
}
