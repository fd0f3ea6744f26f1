package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// verdictText says what a report's verdict means, in one line.
func verdictText(rep session.Report) string {
	switch rep.Verdict {
	case bridge.VerdictPass:
		if f := rep.DownloadFailure; f != nil && (rep.Result == nil || rep.Result.Success) {
			return "PASS — the hand-back conforms, but the eSIM download failed (" + f.Result + "): nothing was installed"
		}
		if rep.Result != nil && !rep.Result.Success {
			if s := rep.Result.PurchaseResult.MoDirectStatus; !customerLeft(rep.Result.PurchaseResult) {
				return "PASS — the portal handed back a conforming " + s + " (no plan bought)"
			}
			return "PASS — the portal handed back a conforming cancellation"
		}
		return "PASS — the hand-back conforms"
	case bridge.VerdictFail:
		return "FAIL — the hand-back has errors (see findings)"
	case bridge.VerdictNoCallback:
		switch rep.Ended {
		case session.EndedLoadFailed:
			return "NO CALL-BACK — the portal did not load (the findings say why)"
		case session.EndedUserCancelled:
			return "NO CALL-BACK — you left the portal before it handed back"
		}
		return "NO CALL-BACK — the portal never handed back (" + rep.Ended + ")"
	case bridge.VerdictRejected:
		return "REJECTED — a hand-back came from a page that may not hand back"
	}
	return string(rep.Verdict)
}

// verdictImportance colours a verdict: green pass, red fail or rejected,
// orange no call-back.
func verdictImportance(v bridge.Verdict) widget.Importance {
	switch v {
	case bridge.VerdictPass:
		return widget.SuccessImportance
	case bridge.VerdictFail, bridge.VerdictRejected:
		return widget.DangerImportance
	case bridge.VerdictNoCallback:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// setTone gives l the colour of imp, then refreshes it. Fyne draws a
// LowImportance label in the disabled colour, 1.3:1 on the light background
// and 1.6:1 on the dark one, where text wants 4.5:1 (WCAG AA): a dimmed
// label (cancelled, debug, not applicable, not run) is italic in the text
// colour instead (TestSecondaryTextContrast). Any other importance is drawn
// upright, for a list's or table's reused rows.
func setTone(l *widget.Label, imp widget.Importance) {
	l.TextStyle.Italic = imp == widget.LowImportance
	if imp == widget.LowImportance {
		imp = widget.MediumImportance
	}
	l.Importance = imp
	l.Refresh()
}

// severityImportance colours a finding's severity.
func severityImportance(s bridge.Severity) widget.Importance {
	switch s {
	case bridge.SeverityError:
		return widget.DangerImportance
	case bridge.SeverityWarning:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// severities are the finding severities, worst first.
var severities = []bridge.Severity{bridge.SeverityError, bridge.SeverityWarning, bridge.SeverityInfo}

// groupFindings returns the findings of each severity, worst first, in
// report order within a severity.
func groupFindings(fs []bridge.Finding) map[bridge.Severity][]bridge.Finding {
	out := map[bridge.Severity][]bridge.Finding{}
	for _, f := range fs {
		out[f.Severity] = append(out[f.Severity], f)
	}
	return out
}

// findingTitle is a finding's one-line row: code, field and the start of
// its message.
func findingTitle(f bridge.Finding) string {
	t := f.Code
	if f.Field != "" && !strings.HasSuffix(f.Code, f.Field) { // policy-<id> with field <id>: once
		t += " · " + f.Field
	}
	// The row cuts the title at its width with an ellipsis (findingRow);
	// 120 characters are more than the widest window shows.
	return truncate(t+" — "+firstSentence(f.Message), 120)
}

// findingDetail is what an opened finding row shows: the whole message and
// where the contract says so.
func findingDetail(f bridge.Finding) string {
	d := f.Message
	if f.Section != "" {
		d += "\n\nContract " + f.Section + " (docs/contract.md); code " + f.Code + " in docs/findings.md."
	}
	return d
}

// firstSentence is s up to its first sentence end.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

// origin returns scheme://host[:port] of a page URL, or "" when it has none.
func origin(pageURL string) string {
	u, err := url.Parse(pageURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// logKind is the short kind shown in the live log's kind column.
func logKind(e session.LogEntry) string {
	switch {
	case e.Call != nil && !e.Call.Accepted:
		return "REFUSED"
	case e.Call != nil:
		return "call"
	case e.Finding != nil:
		return string(e.Finding.Severity)
	}
	return string(e.Kind)
}

// logSummary is the text of a live log row after its time and kind.
func logSummary(e session.LogEntry) string {
	switch {
	case e.Call != nil:
		args, _ := json.Marshal(e.Call.Args)
		s := fmt.Sprintf("%s(%s)", e.Call.API, truncate(string(args), 120))
		if o := origin(e.Call.PageURL); o != "" {
			s += "  from " + o
		}
		if !e.Call.Accepted {
			s += "  — " + e.Call.Rejected
		}
		return s
	case e.Finding != nil:
		return e.Finding.Code + ": " + truncate(e.Finding.Message, 140)
	}
	parts := []string{}
	if e.Text != "" {
		parts = append(parts, e.Text)
	}
	if e.URL != "" {
		parts = append(parts, truncate(e.URL, 120))
	}
	return strings.Join(parts, "  ")
}

// logKindWidth is the width of the live log's kind column: its longest
// kinds' ("navigation", "screenshot", "loadFailed"). At 9, those rows'
// texts began two columns right of the others' (found by GUI QA).
const logKindWidth = 10

// formatLog is one live log row: time, kind and summary.
func formatLog(e session.LogEntry) string {
	return fmt.Sprintf("%s  %-*s %s", e.At.Format("15:04:05.000"), logKindWidth, logKind(e), logSummary(e))
}

// decodeArg returns a bridge argument for the inspector: a JSON string whose
// content is itself JSON (the legacy payload) is shown parsed next to the
// exact string the page passed.
func decodeArg(raw json.RawMessage) any {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		var inner any
		if json.Unmarshal([]byte(s), &inner) == nil {
			if obj, isObj := inner.(map[string]any); isObj {
				return map[string]any{"asReceived": s, "parsed": parseNested(obj)}
			}
		}
		return s
	}
	return raw
}

// parseNested replaces the string values of obj that hold a JSON object (the
// legacy payload's purchaseResult) with that object; the exact string stays
// in the caller's asReceived.
func parseNested(obj map[string]any) map[string]any {
	for k, v := range obj {
		if str, ok := v.(string); ok && strings.HasPrefix(strings.TrimSpace(str), "{") {
			var inner map[string]any
			if json.Unmarshal([]byte(str), &inner) == nil {
				obj[k] = parseNested(inner)
			}
		}
	}
	return obj
}

// inspect returns the pretty-printed JSON the inspector shows for e: for a
// call, a finding and a call-back first what a developer reads (the
// arguments decoded, the code's summary), then the whole log record under
// "record", so that every row kind shows all it holds.
func inspect(e session.LogEntry) string {
	var v any
	switch {
	case e.Call != nil:
		args := make([]any, 0, len(e.Call.Args))
		for _, a := range e.Call.Args {
			args = append(args, decodeArg(a))
		}
		m := map[string]any{"api": e.Call.API, "args": args, "pageUrl": e.Call.PageURL,
			"origin": origin(e.Call.PageURL), "accepted": e.Call.Accepted, "at": e.Call.At}
		if e.Call.Rejected != "" {
			m["rejected"] = e.Call.Rejected
		}
		m["record"] = e
		v = m
	case e.Finding != nil:
		m := map[string]any{"finding": e.Finding, "at": e.At, "record": e}
		for _, c := range bridge.Codes() {
			if c.Code == e.Finding.Code {
				m["summary"] = c.Summary
			}
		}
		v = m
	case e.Callback != nil:
		var args any
		_ = json.Unmarshal(e.Callback.Args, &args)
		v = map[string]any{"callback": e.Callback.Listener, "args": args, "at": e.At, "record": e}
	default:
		v = e
	}
	return prettyJSON(v)
}

// prettyJSON marshals v indented, without HTML escaping.
func prettyJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("(cannot show as JSON: %v)", err)
	}
	return strings.TrimRight(buf.String(), "\n")
}

// plural says n things: "1 finding", "2 findings", "3 entries".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	switch {
	case strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey"):
		noun = noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "ch"):
		noun += "es"
	default:
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// expectationText says in words whether a report met its preset's
// expectation: "met ✓", "not met ✗", or "" when nothing was checked.
func expectationText(rep session.Report) string {
	switch {
	case rep.ExpectationMet == nil:
		return ""
	case *rep.ExpectationMet:
		return "met ✓ — the portal handed back moDirectStatus " + rep.Result.PurchaseResult.MoDirectStatus
	default:
		got := ""
		if rep.Result != nil {
			got = rep.Result.PurchaseResult.MoDirectStatus
		}
		return fmt.Sprintf("not met ✗ — expected moDirectStatus %s, got %q", strings.Join(rep.ExpectedStatus, " or "), got)
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Sentence is s as a sentence of the window (the status line, a notice):
// trimmed, its first letter upper-case and a full stop at its end.
func Sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
