package bridge

import (
	"strings"
	"testing"
)

// TestFoldEnumMemberUnknown: the page's read of a misspelt enum member
// (enum-member-unknown) and the call's finding that the purchase-metadata
// property it set from it is undefined are one problem: folded, the
// metadata finding keeps its code and severity (a missing moDirectStatus
// is still an error) and says which member was read and which was meant.
// Reads of another enum, a property the page never set, and other codes
// do not fold. Before (QA loop m17), the session reported both findings.
func TestFoldEnumMemberUnknown(t *testing.T) {
	undefinedArg := func(key, value string) string {
		md := map[string]string{"userAccount": `"New"`, "purchaseInstrument": `"New"`, "line": `"New"`, "moDirectStatus": `"Complete"`, "planName": `"P"`}
		md[key] = value
		return `{"userAccount":` + md["userAccount"] + `,"purchaseInstrument":` + md["purchaseInstrument"] + `,"line":` + md["line"] +
			`,"moDirectStatus":` + md["moDirectStatus"] + `,"planName":` + md["planName"] + `}`
	}
	callOf := func(arg string, code string) Finding {
		for _, f := range CheckCall(Envelope{API: APIInlineNotifyProfileDownload, Args: rawArgs(arg, `"1$smdp.example.com$X"`)}, Expectation{}).Findings {
			if f.Code == code {
				return f
			}
		}
		t.Fatalf("no %s for %s", code, arg)
		return Finding{}
	}
	readOf := func(name string) Finding {
		fs := enumLookupFindings(name)
		if len(fs) != 1 {
			t.Fatalf("enumLookupFindings(%q) = %+v", name, fs)
		}
		return fs[0]
	}
	tests := []struct {
		name     string
		read     Finding
		missing  Finding
		fold     bool
		severity Severity
		want     []string
	}{
		{"misspelt status", readOf("MobilePlansMoDirectStatus.Completed"), callOf(undefinedArg("moDirectStatus", `{"$undefined":true}`), CodeMetadataStatusMissing),
			true, SeverityError, []string{"moDirectStatus is undefined, the one required property", "MobilePlansMoDirectStatus.Completed", "Did you mean MobilePlansMoDirectStatus.complete?", "complete, serviceError"}},
		{"misspelt status, DataMart enum", readOf("DataMartMoDirectStatus.Completed"), callOf(undefinedArg("moDirectStatus", `{"$undefined":true}`), CodeMetadataStatusMissing),
			true, SeverityError, []string{"DataMartMoDirectStatus.Completed", "Did you mean DataMartMoDirectStatus.complete?"}},
		{"misspelt line type", readOf("MobilePlansLineType.New"), callOf(undefinedArg("line", `{"$undefined":true}`), CodeMetadataEnumMissing),
			true, SeverityWarning, []string{"line is undefined:", "MobilePlansLineType.New", "Did you mean MobilePlansLineType.new?"}},
		{"a read of another enum", readOf("MobilePlansLineType.New"), callOf(undefinedArg("moDirectStatus", `{"$undefined":true}`), CodeMetadataStatusMissing), false, "", nil},
		{"a property never set", readOf("MobilePlansMoDirectStatus.Completed"), callOf(`{"userAccount":"New","purchaseInstrument":"New","line":"New","planName":"P"}`, CodeMetadataStatusMissing), false, "", nil},
		{"a registration-state read", readOf("MobilePlansNetworkRegistrationState.Home"), callOf(undefinedArg("moDirectStatus", `{"$undefined":true}`), CodeMetadataStatusMissing), false, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := FoldEnumMemberUnknown(tc.read, tc.missing)
			if ok != tc.fold {
				t.Fatalf("folded %v, want %v (read %+v, missing %+v)", ok, tc.fold, tc.read, tc.missing)
			}
			if !ok {
				return
			}
			if got.Code != tc.missing.Code || got.Severity != tc.severity || got.Field != tc.missing.Field || got.Section != tc.missing.Section {
				t.Errorf("folded %+v, want the code, severity %s, field and section of %+v", got, tc.severity, tc.missing)
			}
			for _, w := range tc.want {
				if !strings.Contains(got.Message, w) {
					t.Errorf("message %q lacks %q", got.Message, w)
				}
			}
		})
	}
}
