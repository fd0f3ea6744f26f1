package bridge

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// WebKit's wording of the uncaught exceptions a mistyped Mobile Plans name
// raises (JavaScriptCore; the same texts reach the report's console):
//
//	TypeError: DataMart.notifyPurchaseResults is not a function. (In 'DataMart.notifyPurchaseResults(p)', …)
//	ReferenceError: Can't find variable: MobilePlan
//	TypeError: undefined is not an object (evaluating 'window.MobilePlansInline.notifyProfileDownload')
var (
	notAFunction = regexp.MustCompile(`TypeError: ([\w$.]+)\.([\w$]+) is not a function\. \(In '`)
	noVariable   = regexp.MustCompile(`ReferenceError: Can't find variable: ([\w$]+)`)
	notAnObject  = regexp.MustCompile(`TypeError: undefined is not an object \(evaluating '([\w$.]+)'\)`)
)

// globalPrefixes are the ways a page names the window before an object.
var globalPrefixes = []string{"window.", "self.", "globalThis.", "top.", "parent."}

// MistypedName reads the message of an uncaught exception for a Mobile Plans
// object or method the app does not define, because the page mistyped it
// (contract §2.1): a method an object of the app does not have, a global
// name close to one of the app's objects, or a method close to one of the
// app's called on an object under another name. It returns the name the
// page used and the closest the app defines ("DataMart.notifyPurchaseResult"),
// or false when the exception is not about a Mobile Plans name.
func MistypedName(message string) (used, meant string, ok bool) {
	if m := notAFunction.FindStringSubmatch(message); m != nil {
		obj, member := stripGlobal(m[1]), m[2]
		if isObject(obj) {
			// An object of the app without that method.
			return obj + "." + member, closestMember(obj, member), true
		}
		if api := closestAPI(member); api != "" {
			// The page's own name for an object, with a method close to one
			// of the app's.
			return m[1] + "." + member, api, true
		}
		return "", "", false
	}
	name, ok := missingGlobal(message)
	if !ok {
		return "", "", false
	}
	if isObject(name) {
		return "", "", false // not a mistyped name: the object is missing (a frame the shim does not reach)
	}
	if obj := closestObject(name); obj != "" {
		return name, obj, true
	}
	return "", "", false
}

// MistypedNameFinding is the finding for an uncaught exception that
// MistypedName recognises; where says where the page threw it (" at
// file:line", or ""). A call of MobilePlans.notifyPurchaseResult, the name
// a FAQ gives the legacy hand-back, is api-faq-misname, an error: the page
// meant to hand back and cannot.
func MistypedNameFinding(message, where string) (Finding, bool) {
	if f, ok := OtherHostFinding(message, where); ok {
		// Not a mistyped Mobile Plans name: another host's channel.
		return f, true
	}
	used, meant, ok := MistypedName(message)
	if !ok {
		return Finding{}, false
	}
	if used == APIFAQNotifyPurchaseResult {
		// Not a typo: the FAQ's name (contract §5 #15), undefined on Windows too.
		return newFinding(CodeAPIFAQMisname, "api",
			"The page threw an uncaught exception%s calling %s, which the real app does not have (it only appears in a FAQ; on Windows too the call throws this TypeError); call DataMart.notifyPurchaseResult(JSON.stringify(payload)) (%s)", where, used, message), true
	}
	hint := fmt.Sprintf("did you mean %s?", meant)
	if meant == "" {
		obj, _, _ := strings.Cut(used, ".")
		hint = obj + " has no method close to it"
		if ms := membersOf(obj); len(ms) > 0 {
			hint = fmt.Sprintf("%s has %s", obj, strings.Join(ms, ", "))
		}
	}
	return newFinding(CodeAPIMistyped, "api",
		"The page threw an uncaught exception%s calling %s, which the Mobile Plans app does not define; %s (%s)", where, used, hint, message), true
}

func stripGlobal(path string) string {
	for again := true; again; {
		again = false
		for _, p := range globalPrefixes {
			if strings.HasPrefix(path, p) {
				path, again = strings.TrimPrefix(path, p), true
			}
		}
	}
	return path
}

func isObject(name string) bool { return slices.Contains(ObjectNames(), name) }

// closeTo reports whether a mistyped word is near enough to a name to be
// meant as it, and how near: a few edits (a changed case is one).
func closeTo(word, name string) (int, bool) {
	d := levenshtein.ComputeDistance(word, name)
	return d, d <= max(2, len(name)/5)
}

// prefixOnly ranks a name that only starts with the word after every name
// a few edits away, and the same as every other such name.
const prefixOnly = 1 << 20

// closestObject is the object of the app whose name word is closest to, or
// whose name starts with word ("MobilePlansInline"), or "" when none is;
// the current names come before the DataMart* ones (ObjectNames' order), so
// a tie names the recommended object.
func closestObject(word string) string {
	best, bestD := "", -1
	for _, o := range ObjectNames() {
		d, ok := closeTo(word, o)
		if !ok && len(word) >= 8 && strings.HasPrefix(strings.ToLower(o), strings.ToLower(word)) {
			d, ok = prefixOnly, true
		}
		if ok && (bestD < 0 || d < bestD) {
			best, bestD = o, d
		}
	}
	return best
}

// closestMember is obj's method closest to member, as "Object.method", or
// "" when none is close.
func closestMember(obj, member string) string {
	best, bestD := "", -1
	for _, a := range apiTable {
		o, m, _ := strings.Cut(a.name, ".")
		if o != obj || a.status == "faq" {
			continue
		}
		if d, ok := closeTo(member, m); ok && (bestD < 0 || d < bestD) {
			best, bestD = a.name, d
		}
	}
	return best
}

// closestAPI is the API whose method is closest to member (the current one
// when names tie), or "" when none is close.
func closestAPI(member string) string {
	best, bestD := "", -1
	for _, a := range apiTable {
		_, m, _ := strings.Cut(a.name, ".")
		if a.status == "faq" || a.status == "removed" {
			continue
		}
		if d, ok := closeTo(member, m); ok && (bestD < 0 || d < bestD || (d == bestD && a.status == "")) {
			best, bestD = a.name, d
		}
	}
	return best
}

// membersOf lists obj's methods.
func membersOf(obj string) []string {
	var out []string
	for _, a := range apiTable {
		if o, m, _ := strings.Cut(a.name, "."); o == obj && a.status != "faq" {
			out = append(out, m)
		}
	}
	return out
}

// GlobalRedeclaredFinding is the finding for an uncaught exception WebKit
// gave no detail of ("Script error.") in a page whose inline script
// declares one of the app's objects with let, const, class or function
// (declaration, as the inspection found it: "const DataMart", "function
// DataMart", "async function* DataMart"): WebKit refuses a script whose
// top-level declaration takes the name of a global the page cannot
// replace. where says where the page threw it. It returns false when the
// declared name is not one of the app's objects or the keyword is not one
// of those.
func GlobalRedeclaredFinding(declaration, where string) (Finding, bool) {
	fields := strings.Fields(declaration)
	if len(fields) < 2 || !isObject(fields[len(fields)-1]) {
		return Finding{}, false
	}
	keyword, name := strings.Join(fields[:len(fields)-1], " "), fields[len(fields)-1]
	switch keyword {
	case "const", "let", "class", "function", "function*", "async function", "async function*":
	default:
		return Finding{}, false
	}
	return newFinding(CodeGlobalRedeclared, "console",
		"A script of the page%s declares `%s %s` at its top level and did not run: WebKit refuses a script whose top-level let, const, class or function declaration takes the name of a global the page cannot replace, and says only \"Script error.\". mpsim defines %s before the page runs, as the app injects it; whether Windows refuses the script too is not documented. Write `var %s = …`, or use a name of your own (`const dataMart = window.%s || stub`).",
		where, keyword, name, name, name, name), true
}

// FrameAPIName reads the message of an uncaught exception thrown in a frame
// of the portal that is not its top document, and returns the app's object
// the frame used ("DataMart") when the exception is that object missing:
// mpsim defines the objects only in the top document.
func FrameAPIName(message string) (string, bool) {
	name, ok := missingGlobal(message)
	return name, ok && isObject(name)
}

// missingGlobal is the global name an uncaught exception says is missing
// ("Can't find variable: MobilePlan"; "undefined is not an object
// (evaluating 'window.DataMart.x')" gives DataMart), or false when it says
// nothing of the kind.
func missingGlobal(message string) (string, bool) {
	if m := noVariable.FindStringSubmatch(message); m != nil {
		return m[1], true
	}
	if m := notAnObject.FindStringSubmatch(message); m != nil {
		name, _, _ := strings.Cut(stripGlobal(m[1]), ".")
		return name, true
	}
	return "", false
}

// FrameAPIFinding is api-in-frame for an uncaught exception that
// FrameAPIName recognises, thrown in a frame of the portal that is not its
// top document; where says where the frame threw it (" at file:line", or
// ""). A frame's SecurityError for reaching into a frame of another origin
// is crossOriginFrameFinding's, which reads the error's stack too.
func FrameAPIFinding(message, stack, where string) (Finding, bool) {
	name, ok := FrameAPIName(message)
	if !ok {
		return crossOriginFrameFinding(message, stack, where)
	}
	return newFinding(CodeAPIInFrame, "api",
		"A frame of the portal, not its top document, threw an uncaught exception%s using %s, which mpsim defines only in the top document (the public pages do not say whether the real app gives its objects to frames); post a message from the frame to the portal page and hand back from there (%s)", where, name, message), true
}

// otherHost matches an uncaught exception about another host's raw channel
// to its native code: WebView2's window.chrome.webview (postMessage), which
// the app's WebView (UWP, EdgeHTML, contract §1.1) does not have, and
// window.external.notify where the page reached it without the shim's.
var otherHost = regexp.MustCompile(`\bchrome\.webview\b|Can't find variable: chrome\b|evaluating '(?:window\.)?chrome'|\bexternal\.notify\b`)

// OtherHostFinding is api-other-host for an uncaught exception that
// otherHost matches; where says where the page threw it (" at file:line",
// or "").
func OtherHostFinding(message, where string) (Finding, bool) {
	m := otherHost.FindString(message)
	if m == "" {
		return Finding{}, false
	}
	channel := "window.chrome.webview.postMessage (WebView2's channel, which the Mobile Plans app's WebView, UWP's, does not have: on Windows too this throws)"
	if strings.Contains(m, "external") {
		channel = "window.external.notify (the WebView's raw ScriptNotify channel, whose messages the app's documentation does not describe)"
	}
	return newFinding(CodeAPIOtherHost, "api",
		"The page threw an uncaught exception%s using %s. A portal hands back through the objects the app defines: DataMart.notifyPurchaseResult(JSON.stringify(payload)), MobilePlans.notifyPurchaseWithProfileDownload or notifyCancelledPurchase, or MobilePlansInlineOperations.notifyProfileDownload (%s)", where, channel, message), true
}

// externalNotifyFinding is api-other-host for a call of
// window.external.notify the shim noted (EventExternalNotify).
func externalNotifyFinding(a hostEventArg) Finding {
	arg := a.Type
	if a.Text != "" {
		arg = fmt.Sprintf("%s %s", a.Type, shownValue(a.Text))
	}
	return newFinding(CodeAPIOtherHost, "api",
		"The page called window.external.notify(%s)%s: the WebView's raw ScriptNotify channel (contract §1.1). It exists in the app's WebView, but what the app does with a message that is none of its objects' is not documented, so mpsim does nothing with it; hand back through the objects the app defines: DataMart.notifyPurchaseResult(JSON.stringify(payload)), MobilePlans.notifyPurchaseWithProfileDownload or notifyCancelledPurchase, or MobilePlansInlineOperations.notifyProfileDownload.",
		arg, times(a.Count))
}

// crossOrigin matches the SecurityError of a frame that reached into a
// frame of another origin: WebKit's "Blocked a frame with origin "X" from
// accessing a cross-origin frame." (or "… a frame with origin "Y"."), and
// Chromium's, which names the property first ("Failed to read a named
// property 'DataMart' from 'Window': Blocked a frame …").
var crossOrigin = regexp.MustCompile(`(?:named property '([A-Za-z_$][\w$]*)' from 'Window': )?Blocked a frame with origin "([^"]*)" from accessing (?:a cross-origin frame|a frame with origin)`)

// crossOriginFrameFinding is the finding of the SecurityError a frame of
// the portal throws reaching into a frame of another origin (its parent,
// top or a sibling). It is api-in-frame only when the error names one of
// the app's objects: Chromium's message names the property read
// ("Failed to read a named property 'DataMart' …"), or a function of the
// stack is named after one. WebKit's message names no property, and any
// cross-origin access throws it (QA hostile: a payment frame reading
// top.document.title got "most likely … calls the app's objects there",
// and a session without a hand-back said as a fact that the frame had
// tried to call the app); so without such a name it is page-error, saying
// what the error is and, as a condition, what to do if the frame meant to
// call the app's objects in the portal's page (QA 'pay' fp:
// parent.DataMart.notifyPurchaseResult from a payment provider's frame).
func crossOriginFrameFinding(message, stack, where string) (Finding, bool) {
	m := crossOrigin.FindStringSubmatch(message)
	if m == nil {
		return Finding{}, false
	}
	if name, ok := appObjectNamed(m[1], stack); ok {
		what := "reading " + name + " from a frame of another origin, its parent or top"
		if m[1] == "" {
			what = "reaching into a frame of another origin, its parent or top, and its stack names " + name + ": as a frame does that calls the app's objects there (parent.DataMart.notifyPurchaseResult, top.MobilePlans…)"
		}
		return newFinding(CodeAPIInFrame, "api",
			"A frame of the portal from %s, not its top document, threw a SecurityError%s %s: the browser keeps a frame from another origin's properties, in the app's WebView too, and mpsim defines the app's objects only in the top document (the public pages do not say whether the real app gives them to frames); post a message from the frame to the portal page (parent.postMessage) and hand back from there (%s)",
			m[2], where, what, message), true
	}
	what := "reaching into a frame of another origin (its parent, top or a sibling)"
	if m[1] != "" {
		what = "reading " + m[1] + " from a frame of another origin (its parent, top or a sibling)"
	}
	return newFinding(CodePageError, "console",
		"A frame of the portal from %s, not its top document, threw a SecurityError%s %s: the browser keeps a frame from another origin's properties and document, in the app's WebView too. The error names none of the app's objects; if the frame meant to call them in the portal's page (parent.DataMart.notifyPurchaseResult…), post a message to that page (parent.postMessage) and hand back from there (%s)",
		m[2], where, what, message), true
}

// IsCrossOriginFrameError reports whether f is the page-error of a frame's
// cross-origin SecurityError that names none of the app's objects
// (crossOriginFrameFinding): in a session without a hand-back it may have
// been the frame's attempt to hand back, which handback-missing says as a
// possibility.
func IsCrossOriginFrameError(f Finding) bool {
	return f.Code == CodePageError && strings.HasPrefix(f.Message, "A frame of the portal from ") && crossOrigin.MatchString(f.Message)
}

// appObjectNamed is the app's object a frame's cross-origin SecurityError
// names: the property its message says was read (Chromium's), else the
// first function of its stack ("notify@…" lines; the part before each
// '@') whose name is one of the app's objects or a member of one
// ("DataMart.notifyPurchaseResult"). The scripts' URLs are not read: a
// file named DataMart.js is no call of DataMart.
func appObjectNamed(property, stack string) (string, bool) {
	if property != "" {
		return property, isObject(property)
	}
	for line := range strings.Lines(stack) {
		fn, _, _ := strings.Cut(strings.TrimSpace(line), "@")
		for _, word := range identifier.FindAllString(fn, -1) {
			if isObject(word) {
				return word, true
			}
		}
	}
	return "", false
}

// identifier matches a JavaScript identifier in a stack's function name.
var identifier = regexp.MustCompile(`[A-Za-z_$][\w$]*`)
