// Package audit checks a recorded portal session against the 32 web portal
// design policies of the DYNAMO implementation page (contract §4): business,
// security, advertising, capabilities, usability, localization and
// accessibility, in the page's order and wording.
//
// [Evaluate] reads only what the session recorded (the launch, the hand-back,
// the findings, the console, the network, the navigations, the screenshots
// and the DOM probes of package inspect, and, when there is one, the probes
// of a second run of the same launch in another language, a [Comparison])
// and gives every policy a [Status] with evidence, the way Lighthouse reads:
// pass and fail where a machine can decide, warn where it found something
// a person should weigh, and manual (with what to look at) where it cannot
// decide. It never guesses a pass.
// [Findings] turns failed and warned policies into findings with stable
// codes (policy-…, docs/findings.md); docs/policies.md documents every
// policy, its checks and its thresholds.
//
// The package is pure Go and holds no mutable global state: the policy table
// and the host lists are fixed.
package audit

import (
	"fmt"
	"slices"
	"strings"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// Status is the outcome of one policy.
type Status string

// The statuses of a policy.
const (
	// StatusPass says the automated checks found the policy kept.
	StatusPass Status = "pass"
	// StatusFail says the automated checks found the policy broken.
	StatusFail Status = "fail"
	// StatusWarn says the checks found something a person should weigh.
	StatusWarn Status = "warn"
	// StatusManual says a person must decide; Look says what to look at.
	StatusManual Status = "manual"
	// StatusNA says the policy does not apply to this session.
	StatusNA Status = "n/a"
)

// Policy levels.
const (
	LevelRequired    = "required"
	LevelRecommended = "recommended"
)

// Input is what the audit reads of one session.
type Input struct {
	// LaunchURL is the portal URI the app opened.
	LaunchURL string
	// Languages is the Accept-Language order, e.g. ["fr-FR", "fr"].
	Languages []string
	// SIM is esim, psim or none.
	SIM string
	// AllowedHosts are the notification hosts besides the portal's.
	AllowedHosts []string
	// SiteHosts are other hosts the operator allows the portal to use
	// (the operator profile's allowed_hosts, --allow-host; contract §1.2,
	// §7), such as its sign-in or payment provider's: the
	// capabilities-no-popups policy counts a navigation to them as needed
	// to complete the purchase, and does not warn.
	SiteHosts []string
	// WalledGarden are the hosts the session's walled garden let load
	// (walledgarden.For); empty when it was off. A top-frame hop outside
	// it was refused, the page never left (walled-garden-blocked says
	// so), so capabilities-no-popups does not count it as a navigation
	// the portal made (GardenRefused).
	WalledGarden []string
	// FirstPaintMs is the time from launch to the page's first paint.
	FirstPaintMs *float64
	// HandBack is the decoded hand-back; nil when the portal handed back
	// nothing.
	HandBack *bridge.Result
	// HandBackAction is what the call that handed HandBack back told the
	// app (bridge.ActionOf its API): a balance addition (contract §3 F7)
	// tops up a plan already on the SIM or profile and a cancelled
	// purchase (§3 F8) is no purchase, so neither has a product to
	// activate. Empty: unknown, read as a purchase.
	HandBackAction bridge.Action
	// Findings are the session's other findings (script-dialog, origin-…).
	Findings    []bridge.Finding
	Console     []inspect.ConsoleMessage
	Network     []inspect.Request
	Navigations []inspect.Navigation
	Screenshots []inspect.Screenshot
	Probes      []inspect.Probe
	// NoAxe says axe-core was left out of the probes on purpose (--no-axe).
	NoAxe bool
	// Compare is the same launch run in another language (nil: none; the
	// localization-languages and -similar policies stay manual).
	Compare *Comparison
	// Thresholds overrides the default thresholds; zero fields keep the
	// defaults (see [DefaultThresholds]).
	Thresholds Thresholds
}

// Policy is one design policy with its verdict for a session.
type Policy struct {
	// ID is a stable kebab-case identifier, e.g. "security-https".
	ID string `json:"id"`
	// Area is Business, Security, Advertising, Capabilities, Usability,
	// Localization or Accessibility.
	Area string `json:"area"`
	// Text is the policy in the DYNAMO page's wording.
	Text string `json:"text"`
	// Level is required or recommended.
	Level  string `json:"level"`
	Status Status `json:"status"`
	// Evidence lists what the checks saw: requests, selectors, screenshot
	// paths and figures.
	Evidence []string `json:"evidence,omitempty"`
	// Look says what a person should still check (for manual and warn,
	// and for a pass whose automated part covers only some of the policy).
	Look string `json:"look,omitempty"`
	// Restates lists the session's finding codes this policy's status
	// comes from, when it comes from nothing else (a portal that did not
	// load fails usability-no-interference): the policy table shows it, and
	// Findings makes no second finding of the same problem.
	Restates []string `json:"restates,omitempty"`
}

// maxEvidence caps the evidence lines of one policy; the last line then
// counts what was left out.
const maxEvidence = 12

// Evaluate audits a session against every policy and returns all 32, in the
// DYNAMO page's order. The result depends only on in.
func Evaluate(in Input) []Policy {
	f := newFacts(in)
	rules := policyRules()
	out := make([]Policy, 0, len(rules))
	for _, r := range rules {
		var o outcome
		if r.check == nil {
			o.manual()
		} else {
			r.check(f, &o)
		}
		out = append(out, r.policy(o))
	}
	return out
}

// policy turns a rule and its outcome into a Policy.
func (r rule) policy(o outcome) Policy {
	p := Policy{ID: r.id, Area: r.area, Text: r.text, Level: r.level, Status: o.final(), Look: o.look}
	if p.Look == "" && (p.Status == StatusManual || p.Status == StatusWarn) {
		p.Look = r.look
	}
	p.Evidence = capEvidence(o.evidence)
	if !o.own && (p.Status == StatusFail || p.Status == StatusWarn) {
		p.Restates = o.restates
	}
	return p
}

// capEvidence keeps the first maxEvidence lines and counts the rest.
func capEvidence(ev []string) []string {
	if len(ev) <= maxEvidence {
		return ev
	}
	out := append([]string(nil), ev[:maxEvidence-1]...)
	return append(out, fmt.Sprintf("… and %d more", len(ev)-maxEvidence+1))
}

// IDs are the identifiers of every policy, in the DYNAMO page's order.
func IDs() []string {
	var ids []string
	for _, r := range policyRules() {
		ids = append(ids, r.id)
	}
	return ids
}

// Statuses are the statuses a policy can have.
func Statuses() []Status { return []Status{StatusPass, StatusFail, StatusWarn, StatusManual} }

// Summary counts the policies of each status.
func Summary(ps []Policy) map[Status]int {
	m := map[Status]int{}
	for _, p := range ps {
		m[p.Status]++
	}
	return m
}

// Code returns the finding code of the policy with this ID ("" when the
// policy is manual only and has none).
func Code(id string) string {
	for _, r := range policyRules() {
		if r.id == id {
			return r.code
		}
	}
	return ""
}

// Findings returns one finding for each failed or warned policy that has a
// code, in the policies' order. A required policy's code has severity
// warning and a recommended one's info: the session verdict is about the
// hand-back, and a policy audit never fails it on its own.
func Findings(ps []Policy) []bridge.Finding {
	sev := map[string]bridge.CodeInfo{}
	for _, c := range bridge.Codes() {
		sev[c.Code] = c
	}
	var out []bridge.Finding
	for _, p := range ps {
		if (p.Status != StatusFail && p.Status != StatusWarn) || len(p.Restates) > 0 {
			continue
		}
		ci, ok := sev[Code(p.ID)]
		if !ok {
			continue
		}
		out = append(out, bridge.Finding{
			Code:     ci.Code,
			Severity: ci.Severity,
			Field:    p.ID,
			Message:  findingMessage(p),
			Section:  ci.Section,
		})
	}
	return out
}

// findingMessage is "<area> policy <status>: first evidence; second …".
func findingMessage(p Policy) string {
	verb := "fails"
	if p.Status == StatusWarn {
		verb = "needs a look"
	}
	msg := fmt.Sprintf("%s policy %s %s", p.Area, p.ID, verb)
	if n := min(len(p.Evidence), 3); n > 0 {
		msg += ": " + strings.Join(p.Evidence[:n], "; ")
		if len(p.Evidence) > n {
			msg += fmt.Sprintf(" (+%d more in the report)", len(p.Evidence)-n)
		}
	}
	if p.Status == StatusWarn && p.Look != "" {
		msg += ". " + p.Look
	}
	return msg
}

// outcome collects the status and evidence of one policy's checks.
type outcome struct {
	status   Status // "" until a check decides
	fallback Status // status when no check decided; pass unless set
	evidence []string
	look     string
	// own is set when the check failed or warned on what it saw itself;
	// restates lists the session findings it failed or warned on instead.
	own      bool
	restates []string
}

// fail marks the policy broken and records why.
func (o *outcome) fail(format string, args ...any) {
	o.own = true
	o.status = StatusFail
	o.note(format, args...)
}

// warn marks the policy for a person's look (unless it already failed).
func (o *outcome) warn(format string, args ...any) {
	o.own = true
	o.setWarn()
	o.note(format, args...)
}

func (o *outcome) setWarn() {
	if o.status != StatusFail {
		o.status = StatusWarn
	}
}

// restate fails (or warns) the policy because of a session finding of
// code, whose text becomes evidence; alone, it makes no finding of its own
// (Policy.Restates).
func (o *outcome) restate(code, text string, fail bool) {
	if fail {
		o.status = StatusFail
	} else {
		o.setWarn()
	}
	if !slices.Contains(o.restates, code) {
		o.restates = append(o.restates, code)
	}
	o.note("%s", text)
}

// note records evidence without changing the status.
func (o *outcome) note(format string, args ...any) {
	o.evidence = append(o.evidence, fmt.Sprintf(format, args...))
}

// manual makes the policy manual unless a check failed or warned.
func (o *outcome) manual() { o.fallback = StatusManual }

// final is the policy's status.
func (o *outcome) final() Status {
	switch {
	case o.status != "":
		return o.status
	case o.fallback != "":
		return o.fallback
	default:
		return StatusPass
	}
}
