package ui

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/bridge"
	"mpsim/simulator"
)

// comparison is two sessions side by side: their calls and findings, and
// what differs.
type comparison struct {
	Title    [2]string
	Verdict  [2]bridge.Verdict
	Calls    [2][]string
	Findings [2][]string
	OnlyA    []string // finding keys only in the first session
	OnlyB    []string // … only in the second
	Status   [2]string
	Success  [2]string // "true", "false", or "" with no hand-back
	Plan     [2]string
	Launch   [2]string
	// Language is the launch's Accept-Language header, SIM the device's
	// SIM kind as the Device tab names it ("" when not recorded).
	Language   [2]string
	SIM        [2]string
	Difference []string // one sentence per difference
}

// findingKey identifies a finding across sessions: code and field.
func findingKey(f bridge.Finding) string {
	if f.Field != "" {
		return f.Code + " (" + f.Field + ")"
	}
	return f.Code
}

func callLine(c session.CallRecord) string {
	state := "accepted"
	if !c.Accepted {
		state = "refused"
		if c.Rejected != "" {
			state += ": " + c.Rejected
		}
	}
	return fmt.Sprintf("%s — %s", c.API, state)
}

// compareReports compares two sessions, a the earlier.
func compareReports(a, b history.Entry, ra, rb session.Report) comparison {
	var c comparison
	keys := [2]map[string]bool{{}, {}}
	for i, s := range []struct {
		e   history.Entry
		rep session.Report
	}{{a, ra}, {b, rb}} {
		c.Title[i] = historyLine(s.e)
		c.Verdict[i] = s.rep.Verdict
		c.Launch[i] = s.rep.Launch.URL
		c.Language[i] = s.rep.Launch.Headers[simulator.HeaderAcceptLanguage]
		if c.Language[i] == "" {
			c.Language[i] = strings.Join(s.e.Languages, ",")
		}
		if s.e.SIM != "" {
			c.SIM[i] = simLabel(s.e.SIM)
		}
		c.Status[i] = "no hand-back"
		if r := s.rep.Result; r != nil {
			c.Status[i] = r.PurchaseResult.MoDirectStatus
			c.Success[i] = fmt.Sprint(r.Success)
			c.Plan[i] = r.PurchaseResult.PlanName
		}
		for _, call := range s.rep.Calls {
			c.Calls[i] = append(c.Calls[i], callLine(call))
		}
		for _, f := range s.rep.Findings {
			c.Findings[i] = append(c.Findings[i], string(f.Severity)+" "+findingKey(f))
			keys[i][findingKey(f)] = true
		}
	}
	for k := range keys[0] {
		if !keys[1][k] {
			c.OnlyA = append(c.OnlyA, k)
		}
	}
	for k := range keys[1] {
		if !keys[0][k] {
			c.OnlyB = append(c.OnlyB, k)
		}
	}
	slices.Sort(c.OnlyA)
	slices.Sort(c.OnlyB)
	c.Difference = differences(c)
	return c
}

// differences says what changed from the first session to the second, one
// sentence each.
func differences(c comparison) []string {
	var out []string
	if c.Verdict[0] != c.Verdict[1] {
		out = append(out, fmt.Sprintf("Verdict %s, then %s.", c.Verdict[0], c.Verdict[1]))
	}
	if c.Success[0] != c.Success[1] && c.Success[0] != "" && c.Success[1] != "" {
		out = append(out, fmt.Sprintf("success %s, then %s.", c.Success[0], c.Success[1]))
	}
	if c.Status[0] != c.Status[1] {
		out = append(out, fmt.Sprintf("moDirectStatus %s, then %s.", orDash(c.Status[0]), orDash(c.Status[1])))
	}
	if c.Plan[0] != c.Plan[1] {
		out = append(out, fmt.Sprintf("planName %s, then %s.", quotedPlan(c.Plan[0]), quotedPlan(c.Plan[1])))
	}
	out = append(out, launchDifferences(c)...)
	if len(out) == 0 {
		out = []string{"The same verdict, calls and findings."}
	}
	return out
}

// paramDifferences names the parameters of query b added, removed or
// changed from query a, by name; a changed transactionId is left out.
func paramDifferences(qa, qb url.Values) []string {
	var names []string
	for k := range qa {
		names = append(names, k)
	}
	for k := range qb {
		if _, ok := qa[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var parts []string
	for _, k := range names {
		va, okA := qa[k]
		vb, okB := qb[k]
		switch {
		case !okA:
			parts = append(parts, k+" added")
		case !okB:
			parts = append(parts, k+" removed")
		case !slices.Equal(va, vb) && k != "transactionId":
			parts = append(parts, k)
		}
	}
	return parts
}

// onlyTransactionID reports whether queries a and b hold the same
// parameters with the same values but for transactionId.
func onlyTransactionID(a, b url.Values) bool {
	a, b = maps.Clone(a), maps.Clone(b)
	delete(a, "transactionId")
	delete(b, "transactionId")
	return maps.EqualFunc(a, b, slices.Equal)
}

// launchDifferences says what else changed from the first session to the
// second: the bridge calls, the findings, the language, the SIM and the
// launch URL, one sentence each.
func launchDifferences(c comparison) []string {
	var out []string
	if len(c.Calls[0]) != len(c.Calls[1]) {
		out = append(out, fmt.Sprintf("%s, then %s.", plural(len(c.Calls[0]), "bridge call"), plural(len(c.Calls[1]), "bridge call")))
	}
	if len(c.OnlyB) > 0 {
		out = append(out, "New findings: "+strings.Join(c.OnlyB, ", ")+".")
	}
	if len(c.OnlyA) > 0 {
		out = append(out, "Gone: "+strings.Join(c.OnlyA, ", ")+".")
	}
	if c.Language[0] != c.Language[1] {
		out = append(out, fmt.Sprintf("Language %s, then %s (Accept-Language).", orDash(c.Language[0]), orDash(c.Language[1])))
	}
	if c.SIM[0] != c.SIM[1] && c.SIM[0] != "" && c.SIM[1] != "" {
		out = append(out, fmt.Sprintf("SIM %s, then %s.", c.SIM[0], c.SIM[1]))
	}
	if c.Launch[0] != c.Launch[1] {
		if d := launchDifference(c.Launch[0], c.Launch[1]); d != "" {
			out = append(out, "The launch URLs differ: "+d+".")
		}
	}
	return out
}

// compareView lays a comparison out: the differences first, then each
// session's calls and findings in its column.
func compareView(c comparison) fyne.CanvasObject {
	diff := widget.NewLabel(strings.Join(c.Difference, "\n"))
	diff.Wrapping = fyne.TextWrapWord
	diff.TextStyle.Bold = true
	only := [2]map[string]bool{{}, {}}
	for _, k := range c.OnlyA {
		only[0][k] = true
	}
	for _, k := range c.OnlyB {
		only[1][k] = true
	}
	var cols [2]fyne.CanvasObject
	for i := range 2 {
		box := container.NewVBox()
		head := widget.NewLabel([]string{"Before: ", "After: "}[i] + c.Title[i])
		head.Wrapping = fyne.TextWrapWord
		head.Importance = verdictImportance(c.Verdict[i])
		box.Add(head)
		box.Add(widget.NewLabelWithStyle("Bridge calls", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(lines(c.Calls[i], nil, "none"))
		box.Add(widget.NewLabelWithStyle("Findings", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(lines(c.Findings[i], func(s string) bool {
			_, key, _ := strings.Cut(s, " ")
			return only[i][key]
		}, "none"))
		cols[i] = box
	}
	return container.NewVScroll(container.NewVBox(diff, widget.NewSeparator(), container.NewGridWithColumns(2, cols[0], cols[1])))
}

// lines is one label per line; a line for which mark is true is marked
// "only here" and shown strong.
func lines(ss []string, mark func(string) bool, none string) fyne.CanvasObject {
	box := container.NewVBox()
	if len(ss) == 0 {
		l := widget.NewLabel(none)
		l.TextStyle.Italic = true
		box.Add(l)
	}
	for _, s := range ss {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		if mark != nil && mark(s) {
			l.SetText(s + "  ← only here")
			l.Importance = widget.WarningImportance
		}
		box.Add(l)
	}
	return box
}

// launchDifference names what differs between two launch URLs: the
// portal, or the query parameters added, removed or changed; "" when only
// the transactionId differs, as it does in every launch (found by
// exploratory QA: an en-US and a ja-JP purchase "differed" only in it).
func launchDifference(a, b string) string {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return "they do not parse"
	}
	if ua.Scheme != ub.Scheme || ua.Host != ub.Host || ua.Path != ub.Path {
		return fmt.Sprintf("portal %s://%s%s, then %s://%s%s", ua.Scheme, ua.Host, ua.Path, ub.Scheme, ub.Host, ub.Path)
	}
	qa, qb := ua.Query(), ub.Query()
	parts := paramDifferences(qa, qb)
	if len(parts) == 0 && ua.RawQuery != ub.RawQuery && onlyTransactionID(qa, qb) {
		return ""
	}
	if len(parts) == 0 {
		return "the same portal and parameters, in another order or encoding"
	}
	return "parameters " + strings.Join(parts, ", ")
}

// quotedPlan is a plan name in the Compare sentences: quoted, and a
// right-to-left one on lines of its own, broken in logical order (the
// sentences' label wraps; see orderedLines).
func quotedPlan(plan string) string {
	if !hasRightToLeft(plan) {
		return strconv.Quote(plan)
	}
	return "\n" + orderedLines(plan, paneNameRunes) + "\n"
}
