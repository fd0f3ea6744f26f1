package audit

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
	"mpsim/simulator/walledgarden"
)

// checkMinimumFunctionality passes on a successful purchase hand-back and is
// manual otherwise (the session may have tested something else).
func checkMinimumFunctionality(f *facts, o *outcome) {
	hb := f.in.HandBack
	switch {
	case hb == nil:
		o.manual()
		o.note("no hand-back in this session")
	case hb.Success && strings.EqualFold(hb.PurchaseResult.MoDirectStatus, "Complete"):
		o.note("purchase of %q handed back with moDirectStatus Complete (transaction %s)", hb.PurchaseResult.PlanName, hb.TransactionID)
	default:
		o.manual()
		o.note("this session handed back success=%t, moDirectStatus %q: no completed purchase", hb.Success, hb.PurchaseResult.MoDirectStatus)
	}
}

// checkStartup compares the launch-to-first-paint time with the
// thresholds; responsiveness during the flow stays a person's check. A
// first paint after the hand-back (finding handback-before-paint) is not
// counted: control had returned to the app, which had left the portal.
func checkStartup(f *facts, o *outcome) {
	ms := f.in.FirstPaintMs
	if ms == nil {
		o.manual()
		o.note("no first paint recorded")
		return
	}
	if early := f.findings(bridge.CodeHandbackBeforePaint); len(early) > 0 {
		o.manual()
		o.note("first paint %.0f ms after launch not counted: it came after the portal had handed back (%s)", *ms, bridge.CodeHandbackBeforePaint)
		o.look = "The portal handed back before it was painted, so its start-up was not measured: run it with a scenario or by hand that stops at the first page, and check that it shows promptly."
		return
	}
	switch {
	case *ms > f.th.StartupFailMs:
		o.fail("first paint %.0f ms after launch (over %.0f ms)", *ms, f.th.StartupFailMs)
	case *ms > f.th.StartupPassMs:
		o.warn("first paint %.0f ms after launch (over %.0f ms, at most %.0f ms)", *ms, f.th.StartupPassMs, f.th.StartupFailMs)
	default:
		o.note("first paint %.0f ms after launch (at most %.0f ms)", *ms, f.th.StartupPassMs)
	}
	checkStalls(f, o)
}

// checkStalls judges the main-thread stalls of the last probe (each probe
// carries those since the window opened): a stall of StallFailMs or more
// fails, a shorter one warns.
func checkStalls(f *facts, o *outcome) {
	var last *inspect.Probe
	for _, p := range f.probes() {
		if last == nil || p.StallCount >= last.StallCount {
			last = &p
		}
	}
	if last == nil {
		o.look = "Responsiveness after start-up was not measured (no DOM probe): use the portal through the whole flow and check that every tap answers at once."
		return
	}
	if last.StallCount == 0 {
		o.note("no main-thread stall over %d ms up to the %s probe", inspect.StallMs, last.Label)
		o.look = "Stalls are measured up to the last probe only: use the portal through the whole flow and check that every tap answers at once."
		return
	}
	longest := last.Stalls[0]
	for _, s := range last.Stalls {
		if s.DurationMs > longest.DurationMs {
			longest = s
		}
	}
	msg := "%d main-thread stalls over %d ms up to the %s probe; the longest %.0f ms on %s%s"
	args := []any{last.StallCount, inspect.StallMs, last.Label, longest.DurationMs, withoutQuery(longest.URL), ownNote(longest)}
	if longest.DurationMs >= f.th.StallFailMs {
		o.fail(msg+" (%.0f ms or more fails)", append(args, f.th.StallFailMs)...)
	} else {
		o.warn(msg+" (under %.0f ms)", append(args, f.th.StallFailMs)...)
	}
	o.look = "Find the long tasks in WebKit's inspector (Timelines) and split them or move them off the main thread: the page does not answer taps while they run."
}

// ownNote says, for a stall that overlapped mpsim's own work in the page,
// that its figure is a lower bound; "" for one that did not.
func ownNote(s inspect.Stall) string {
	if s.OwnMs <= 0 {
		return ""
	}
	return fmt.Sprintf(" (at least: %.0f ms more of it overlapped mpsim's own probe or screenshot, which may have waited on the page, and is not counted)", s.OwnMs)
}

// checkFocus fails when the page opened a window or handed the user to
// another app, or tried to (blocked by mpsim: the real app might not block
// it); otherwise it is manual, with the hand-back as evidence.
func checkFocus(f *facts, o *outcome) {
	for _, n := range f.in.Navigations {
		switch {
		case n.Kind == inspect.NavPopup && n.Blocked:
			o.fail("the page tried to open a new window (blocked by mpsim), which would take the focus: %s%s", n.URL, fromNote(n))
		case n.Kind == inspect.NavPopup:
			o.fail("a new window took the focus: %s%s", n.URL, fromNote(n))
		case n.Kind == inspect.NavScheme && n.Blocked:
			o.fail("the page tried to send the user to another app (blocked by mpsim), which would take the focus: %s%s%s", n.URL, fromNote(n), schemelessNote(n))
		case n.Kind == inspect.NavScheme:
			o.fail("the user was sent to another app: %s%s", n.URL, fromNote(n))
		}
	}
	if o.status != "" {
		return
	}
	o.manual()
	if hb := f.in.HandBack; hb != nil {
		o.note("the portal handed back (moDirectStatus %q) with no pop-up or other app on the way", hb.PurchaseResult.MoDirectStatus)
	} else {
		o.note("no hand-back in this session")
	}
}

// fromNote says which page a navigation left, when the window knew it (a
// redirect of the first load has none).
func fromNote(n inspect.Navigation) string {
	if n.From == "" {
		return ""
	}
	return " (from " + withoutQuery(n.From) + ")"
}

// schemelessNote says that a navigation "to another app" was a web address
// written without https://, which a browser reads as a scheme.
func schemelessNote(n inspect.Navigation) string {
	if withScheme, _, ok := inspect.SchemelessAddress(n.URL); ok {
		return " (an address without https://, read as a URL scheme: write " + withScheme + " or a relative URL)"
	}
	return ""
}

// checkNoPopups fails on pop-ups and navigations to other apps and warns on
// top-frame navigations to other sites (allowed when the purchase needs them).
func checkNoPopups(f *facts, o *outcome) {
	offsite := map[string]bool{}
	refused := 0
	for _, n := range f.in.Navigations {
		switch {
		case n.Kind == inspect.NavPopup:
			o.fail("pop-up or new window %s%s%s", n.URL, fromNote(n), blockedNote(n))
		case n.Kind == inspect.NavScheme:
			o.fail("redirect to another app %s%s%s%s", n.URL, fromNote(n), blockedNote(n), schemelessNote(n))
		case GardenRefused(n, f.in.WalledGarden):
			// QA 'pay' wg1: a hop the walled garden refused was listed
			// as if the portal had gone there.
			refused++
		case n.Kind == inspect.NavTopFrame || n.Kind == inspect.NavRedirect:
			h := hostOf(n.URL)
			if isWebURL(n.URL) && !f.ownHost(h) && !offsite[h] {
				offsite[h] = true
				noteOffsite(f, o, n, h)
			}
		}
	}
	if o.status == "" && !f.unrecorded(o) {
		o.note("%s: no pop-up, no other app, no other site%s", navigationCount(f.in.Navigations), allowedSitesNote(offsite))
	}
	if refused > 0 {
		hops := "a top-frame hop"
		if refused > 1 {
			hops = fmt.Sprintf("%d top-frame hops", refused)
		}
		o.note("%s to a host outside the walled garden, refused and not counted: the page never left (walled-garden-blocked)", hops)
	}
}

// GardenRefused reports whether n is a top-frame navigation or redirect
// the walled garden refused (garden: the hosts it let load, empty when it
// was off): the window marked it blocked, or its host is outside the
// garden. The page never left, so it is no navigation the portal made
// for offsite-navigation and capabilities-no-popups.
func GardenRefused(n inspect.Navigation, garden []string) bool {
	if n.Kind != inspect.NavTopFrame && n.Kind != inspect.NavRedirect {
		return false
	}
	if n.Blocked {
		return true
	}
	if len(garden) == 0 || !isWebURL(n.URL) {
		return false
	}
	u, err := url.Parse(strings.TrimSpace(n.URL))
	return err == nil && u.Hostname() != "" && !walledgarden.Contains(u.Hostname(), garden)
}

// noteOffsite warns of a top-frame navigation n to host h, another site
// than the portal's; to one of the operator's allowed hosts (QA 'pay': an
// IdP and a PSP in the profile's allowed_hosts still warned) it is
// evidence only: the operator declared it needed for the purchase.
func noteOffsite(f *facts, o *outcome, n inspect.Navigation, h string) {
	if f.siteAllowed(h) {
		o.note("top-frame %s to %s, one of the operator's allowed hosts (allowed_hosts, --allow-host): counted as needed to complete the purchase%s", n.Kind, withoutQuery(n.URL), fromNote(n))
		return
	}
	o.warn("top-frame %s to another site %s%s", n.Kind, n.URL, fromNote(n))
}

// allowedSitesNote is " but ..." naming the hosts of offsite (all of them
// allowed hosts when the policy did not warn), or "".
func allowedSitesNote(offsite map[string]bool) string {
	if len(offsite) == 0 {
		return ""
	}
	hosts := slices.Sorted(maps.Keys(offsite))
	return " but the operator's allowed hosts (" + strings.Join(hosts, ", ") + ")"
}

// isWebURL reports whether raw is an http or https URL.
func isWebURL(raw string) bool {
	s := schemeOf(raw)
	return s == "http" || s == "https"
}

// checkErrorHandling warns on uncaught errors and unhandled rejections; a
// portal without them still needs its error paths driven by a person.
func checkErrorHandling(f *facts, o *outcome) {
	var kinds errorKinds
	for _, c := range f.in.Console {
		if c.Kind == inspect.ConsoleError || c.Kind == inspect.ConsoleRejection {
			what := "uncaught " + kindName(c.Kind)
			if c.CSPRefusal() {
				what = "the page's own policy stopped it"
			}
			kinds.note(c)
			// A message's own full stop would end up beside the list's.
			o.warn("%s: %s%s", what, strings.TrimSuffix(c.TextLine(), "."), c.Place())
		}
	}
	if o.status != "" {
		o.look = kinds.look()
		return
	}
	o.manual()
	o.note("no uncaught error or unhandled rejection in %d console records", len(f.in.Console))
	if hb := f.in.HandBack; hb != nil && !hb.Success {
		o.note("the portal handed back the error moDirectStatus %q", hb.PurchaseResult.MoDirectStatus)
	}
}

// errorKinds are the kinds of error records the error-handling policy
// saw, for the advice that fits them: try/catch cannot catch a
// SyntaxError, a parse error that stops the whole script before any of it
// runs (QA: the advice said to wrap the call in try/catch), nor a refusal
// of the page's own Content-Security-Policy.
type errorKinds struct {
	syntax, reference, csp, thrown, rejected bool
}

// note counts the console record c.
func (k *errorKinds) note(c inspect.ConsoleMessage) {
	switch {
	case c.Kind == inspect.ConsoleRejection:
		k.rejected = true
	case c.CSPRefusal():
		k.csp = true
	case strings.HasPrefix(strings.TrimSpace(c.Text), "SyntaxError"):
		k.syntax = true
	case strings.HasPrefix(strings.TrimSpace(c.Text), "ReferenceError"):
		k.reference = true
	default:
		k.thrown = true
	}
}

// look is the policy's advice for the kinds seen.
func (k errorKinds) look() string {
	var parts []string
	if k.syntax {
		parts = append(parts, "A SyntaxError is a parse error: the browser refused the whole script file (or inline script) before any of it ran, so no try/catch in it or around a call of it can catch it; fix the syntax at the line given (a linter, or node --check on the file, finds it before the browser does)")
	}
	if k.reference {
		parts = append(parts, "A ReferenceError names something that is not defined where it is used (a misspelt or wrong-case name, a script not loaded yet): fix the name or the order the scripts load in; catching it would only hide it")
	}
	if k.csp {
		parts = append(parts, "A refusal of the page's own Content-Security-Policy is no exception to catch: allow what was refused in the policy, or load it from a source the policy allows")
	}
	if k.thrown {
		parts = append(parts, "Handle the exceptions a running script throws (try/catch around the code that throws)")
	}
	if k.rejected {
		parts = append(parts, "Handle promise rejections (.catch on each promise, or try/catch around await)")
	}
	return strings.Join(parts, ". ") + ". Check the page stays usable after each; then drive the error paths (refused payment, back-end failure)."
}

// kindName names a console record kind.
func kindName(kind string) string {
	if kind == inspect.ConsoleRejection {
		return "promise rejection"
	}
	return "exception"
}

// checkErrorSupport passes when the portal handed back an error with a
// support contact on the hand-back page; otherwise manual.
func checkErrorSupport(f *facts, o *outcome) {
	o.manual()
	hb := f.in.HandBack
	if hb == nil || hb.Success || hb.PurchaseResult.MoDirectStatus == "" {
		o.note("no error handed back in this session")
		return
	}
	o.note("the portal handed back moDirectStatus %q", hb.PurchaseResult.MoDirectStatus)
	for _, p := range f.probes() {
		if p.Label != "handback" {
			continue
		}
		for _, s := range p.Support {
			o.fallback = StatusPass
			o.note("%s: support contact %s", probeLabel(p), s)
		}
	}
}

// navigationCount says how many navigations the page made, and how many of
// them changed only its URL (pushState, replaceState, a fragment):
// "3 navigations (2 of them in the page: pushState, replaceState or a
// fragment)".
func navigationCount(navs []inspect.Navigation) string {
	same := 0
	for _, n := range navs {
		if n.Kind == inspect.NavSameDocument {
			same++
		}
	}
	moves := realNavigations(navs)
	count := fmt.Sprintf("%d navigations", moves)
	if moves == 1 {
		count = "1 navigation"
	}
	if same == 0 {
		return count
	}
	return fmt.Sprintf("%s (%d of them in the page: pushState, replaceState or a fragment)", count, same)
}

// realNavigations counts the records of navs that are navigations: not
// the page's HTML fullscreen entered or left, which the navigation records
// carry too (inspect.NavFullscreenEnter) and which move nowhere.
func realNavigations(navs []inspect.Navigation) int {
	n := 0
	for _, nav := range navs {
		if nav.Kind != inspect.NavFullscreenEnter && nav.Kind != inspect.NavFullscreenLeave {
			n++
		}
	}
	return n
}
