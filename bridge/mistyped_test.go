package bridge

import (
	"strings"
	"testing"
)

// TestFAQLookupFinding: a lookup of the FAQ's name followed by a correct
// hand-back is a feature test (info); without one it is the cause (error).
func TestFAQLookupFinding(t *testing.T) {
	for _, tc := range []struct {
		handedBack bool
		code       string
		severity   Severity
	}{
		{true, CodeAPIFAQLookup, SeverityInfo},
		{false, CodeAPIFAQMisname, SeverityError},
	} {
		f := FAQLookupFinding(tc.handedBack)
		if f.Code != tc.code || f.Severity != tc.severity || !strings.Contains(f.Message, APIFAQNotifyPurchaseResult) {
			t.Errorf("FAQLookupFinding(%v) = %+v, want %s (%s)", tc.handedBack, f, tc.code, tc.severity)
		}
	}
}

// The messages are WebKit's own, as the e2e page made them
// (TestE2EInspection, and by hand); the ones about other names give nothing.
func TestMistypedName(t *testing.T) {
	for _, tc := range []struct {
		name, message, used, meant string
		ok                         bool
	}{
		{"method of DataMart", "TypeError: DataMart.notifyPurchaseResults is not a function. (In 'DataMart.notifyPurchaseResults('{}')', 'DataMart.notifyPurchaseResults' is undefined)",
			"DataMart.notifyPurchaseResults", "DataMart.notifyPurchaseResult", true},
		{"through window", "TypeError: window.MobilePlans.notifyCanceledPurchase is not a function. (In 'window.MobilePlans.notifyCanceledPurchase(m)', 'window.MobilePlans.notifyCanceledPurchase' is undefined)",
			"MobilePlans.notifyCanceledPurchase", "MobilePlans.notifyCancelledPurchase", true},
		{"method far from any", "TypeError: MobilePlansInlineOperations.start is not a function. (In 'MobilePlansInlineOperations.start()', 'MobilePlansInlineOperations.start' is undefined)",
			"MobilePlansInlineOperations.start", "", true},
		{"object under the page's name", "TypeError: dm.notifyPurchaseReslt is not a function. (In 'dm.notifyPurchaseReslt('{}')', 'dm.notifyPurchaseReslt' is undefined)",
			"dm.notifyPurchaseReslt", "DataMart.notifyPurchaseResult", true},
		{"the page's own method", "TypeError: cart.total is not a function. (In 'cart.total()', 'cart.total' is undefined)", "", "", false},
		{"the page's own method, a prefix of one", "TypeError: tracker.notifyPurchase is not a function. (In 'tracker.notifyPurchase()', 'tracker.notifyPurchase' is undefined)", "", "", false},
		{"global name", "ReferenceError: Can't find variable: MobilePlan", "MobilePlan", "MobilePlans", true},
		{"global case", "ReferenceError: Can't find variable: Datamart", "Datamart", "DataMart", true},
		{"global prefix", "TypeError: undefined is not an object (evaluating 'window.MobilePlansInline.notifyProfileDownload')",
			"MobilePlansInline", "MobilePlansInlineOperations", true},
		{"enum", "ReferenceError: Can't find variable: MobilePlansMoDirectStatuses", "MobilePlansMoDirectStatuses", "MobilePlansMoDirectStatus", true},
		{"the page's own global", "ReferenceError: Can't find variable: jQuery", "", "", false},
		{"an object of the app missing", "ReferenceError: Can't find variable: DataMart", "", "", false},
		{"the shim's TypeError", "TypeError: MobilePlans.notifyPurchaseResult is not a function (the Windows Mobile Plans app has no such method)", "", "", false},
		{"another error", "Error: Contoso demo portal: an exception nobody catches", "", "", false},
		{"empty", "", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			used, meant, ok := MistypedName(tc.message)
			if used != tc.used || meant != tc.meant || ok != tc.ok {
				t.Errorf("MistypedName(%q) = %q, %q, %v; want %q, %q, %v", tc.message, used, meant, ok, tc.used, tc.meant, tc.ok)
			}
		})
	}
}

func TestMistypedNameFinding(t *testing.T) {
	msg := "TypeError: DataMart.notifyPurchaseResults is not a function. (In 'DataMart.notifyPurchaseResults(p)', 'DataMart.notifyPurchaseResults' is undefined)"
	f, ok := MistypedNameFinding(msg, " at https://portal.example/app.js:12")
	if !ok || f.Code != CodeAPIMistyped || f.Severity != SeverityWarning {
		t.Fatalf("MistypedNameFinding = %+v, %v", f, ok)
	}
	for _, want := range []string{"at https://portal.example/app.js:12", "calling DataMart.notifyPurchaseResults", "did you mean DataMart.notifyPurchaseResult?", msg} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q lacks %q", f.Message, want)
		}
	}
	f, _ = MistypedNameFinding("TypeError: DataMart.go is not a function. (In 'DataMart.go()', 'DataMart.go' is undefined)", "")
	if !strings.Contains(f.Message, "DataMart has notifyPurchaseResult, createPurchaseMetaData,") {
		t.Errorf("a method close to none lists the object's: %q", f.Message)
	}
	f, _ = MistypedNameFinding("TypeError: MobilePlansLineType.make is not a function. (In 'MobilePlansLineType.make()', 'MobilePlansLineType.make' is undefined)", "")
	if !strings.Contains(f.Message, "MobilePlansLineType has no method close to it") {
		t.Errorf("an enum object: %q", f.Message)
	}
	// The FAQ's name is no typo: the page meant to hand back and cannot.
	faq := "TypeError: MobilePlans.notifyPurchaseResult is not a function. (In 'MobilePlans.notifyPurchaseResult(s)', 'MobilePlans.notifyPurchaseResult' is undefined)"
	f, ok = MistypedNameFinding(faq, "")
	if !ok || f.Code != CodeAPIFAQMisname || f.Severity != SeverityError || !strings.Contains(f.Message, "DataMart.notifyPurchaseResult(JSON.stringify(payload))") {
		t.Errorf("an uncaught call of the FAQ's name: %+v, %v", f, ok)
	}
	if _, ok := MistypedNameFinding("TypeError: x is not a function", ""); ok {
		t.Error("a message about no Mobile Plans name gave a finding")
	}
}

func FuzzMistypedName(f *testing.F) {
	f.Add("TypeError: DataMart.notifyPurchaseResults is not a function. (In 'DataMart.notifyPurchaseResults('{}')', 'x' is undefined)")
	f.Add("ReferenceError: Can't find variable: MobilePlan")
	f.Add("TypeError: undefined is not an object (evaluating 'window.window.self.X.y')")
	f.Fuzz(func(t *testing.T, message string) {
		used, meant, ok := MistypedName(message)
		if !ok && (used != "" || meant != "") {
			t.Fatalf("not ok but %q, %q", used, meant)
		}
		if ok && used == "" {
			t.Fatal("ok without the name used")
		}
	})
}

// TestGlobalRedeclaredFinding: only a let, const, class or function
// declaration of one of the app's objects names the cause of a "Script
// error." (a top-level var of the same name runs in WebKit).
func TestGlobalRedeclaredFinding(t *testing.T) {
	tests := []struct {
		declaration string
		want        bool
	}{
		{"const DataMart", true},
		{"let MobilePlans", true},
		{"class MobilePlansInlineOperations", true},
		{"const DataMartActivationErrors", true},
		{"function DataMart", true},
		{"function* DataMart", true},
		{"async function MobilePlans", true},
		{"async function* MobilePlansInlineOperations", true},
		{"var DataMart", false},   // runs: the assignment goes to the global's setter
		{"async DataMart", false}, // not a declaration
		{"function MobilePlansHelper", false},
		{"const MobilePlansHelper", false}, // not one of the app's objects
		{"const", false},
		{"", false},
	}
	for _, tc := range tests {
		f, ok := GlobalRedeclaredFinding(tc.declaration, " at https://portal.example/:3:1")
		if ok != tc.want {
			t.Errorf("GlobalRedeclaredFinding(%q) ok = %v, want %v", tc.declaration, ok, tc.want)
			continue
		}
		if ok && (f.Code != CodeGlobalRedeclared || f.Severity != SeverityWarning || !strings.Contains(f.Message, "`"+tc.declaration+"`") || !strings.Contains(f.Message, "https://portal.example/:3:1")) {
			t.Errorf("finding for %q = %+v", tc.declaration, f)
		}
	}
}

// TestFrameAPIFinding: a frame that uses one of the app's objects, which
// only the top document has, gets api-in-frame naming the object; other
// exceptions and mistyped names give nothing. A frame's cross-origin
// SecurityError is api-in-frame only when its message or a function of its
// stack names one of the app's objects; else (QA hostile: WebKit's message
// names no property, and a frame reading top.document.title throws it too)
// it is page-error, saying what the error is and what to do only if the
// frame meant to call the app.
func TestFrameAPIFinding(t *testing.T) {
	const webkit = `SecurityError: Blocked a frame with origin "https://psp.localhost:9445" from accessing a cross-origin frame. Protocols, domains, and ports must match.`
	for _, tc := range []struct {
		name, message, stack, code, object string
		wantNot                            []string
	}{
		{"variable", "ReferenceError: Can't find variable: DataMart", "", CodeAPIInFrame, "DataMart", nil},
		{"through window", "TypeError: undefined is not an object (evaluating 'window.MobilePlans.notifyPurchaseWithProfileDownload')", "", CodeAPIInFrame, "MobilePlans", nil},
		{"current object", "ReferenceError: Can't find variable: MobilePlansInlineOperations", "", CodeAPIInFrame, "MobilePlansInlineOperations", nil},
		{"mistyped name", "ReferenceError: Can't find variable: MobilePlan", "", "", "", nil},
		{"the page's own name", "ReferenceError: Can't find variable: checkout", "", "", "", nil},
		{"another error", "TypeError: null is not an object (evaluating 'card.value')", "", "", "", nil},
		// QA 'pay' fp and QA hostile: WebKit names no property, whether
		// the frame called parent.DataMart… or read top.document.title.
		{"WebKit, nothing names the app", webkit, "global code@https://psp.localhost:9445/bust.html:1:46", CodePageError, "if the frame meant to call them",
			[]string{"most likely", "its stack names"}},
		{"WebKit, the stack names the app", webkit, "DataMart.notifyPurchaseResult@https://psp.localhost:9445/pay.js:3:9\nglobal code@https://psp.localhost:9445/pay.html:1:1", CodeAPIInFrame, "its stack names DataMart", nil},
		{"WebKit, only a script's URL names the app", webkit, "pay@https://psp.localhost:9445/DataMart.js:3:9", CodePageError, "names none of the app's objects", nil},
		{"a frame of another origin named", `SecurityError: Blocked a frame with origin "https://psp.example" from accessing a frame with origin "https://portal.example". Protocols, domains, and ports must match.`, "", CodePageError, "https://psp.example", nil},
		{"Chromium names the object", `SecurityError: Failed to read a named property 'MobilePlans' from 'Window': Blocked a frame with origin "https://psp.example" from accessing a cross-origin frame.`, "", CodeAPIInFrame, "reading MobilePlans", nil},
		{"Chromium names another property", `SecurityError: Failed to read a named property 'document' from 'Window': Blocked a frame with origin "https://psp.example" from accessing a cross-origin frame.`, "", CodePageError, "reading document from a frame", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := FrameAPIFinding(tc.message, tc.stack, " at https://pay.example/pay.html:11:11")
			if ok != (tc.code != "") {
				t.Fatalf("FrameAPIFinding(%q) ok = %v, want %v", tc.message, ok, tc.code != "")
			}
			if !ok {
				return
			}
			if f.Code != tc.code || f.Severity != SeverityWarning {
				t.Errorf("finding = %s (%s), want %s (warning): %s", f.Code, f.Severity, tc.code, f.Message)
			}
			for _, want := range []string{tc.object, "pay.html:11:11", "top document", tc.message} {
				if !strings.Contains(f.Message, want) {
					t.Errorf("message %q does not name %q", f.Message, want)
				}
			}
			for _, not := range tc.wantNot {
				if strings.Contains(f.Message, not) {
					t.Errorf("message %q says %q", f.Message, not)
				}
			}
		})
	}
}
